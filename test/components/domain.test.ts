import assert from "node:assert/strict";
import { Domain, DomainArgs } from "../../components/domain";
import { OFFLINE_ZONE_ID } from "../../offline/mocks";
import { onlyResource, StackRecord } from "../../offline/record";
import { assertDescendsFrom, component, run } from "./helpers";

const TYPE = "shoestring:aws:Domain";
const GIVEN_ZONE = "Z0GIVENZONE00000000";

function domain(zone: DomainArgs["zone"]): Promise<StackRecord> {
    return run(() => {
        const d = new Domain("domain", { zone });
        const site = d.alias("site-record", "www.example.com", { dnsName: "d123.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" });
        return { zoneId: d.zoneId, fqdn: site.fqdn };
    });
}

describe("components/domain Domain", () => {
    describe("with the zone given by id", () => {
        let record: StackRecord;
        before(async () => {
            record = await domain({ id: GIVEN_ZONE });
        });

        it("owns the alias records, through an AliasRecord child, and registers the zone id", () => {
            const d = component(record, TYPE);
            assertDescendsFrom(record, d);
            const alias = component(record, "shoestring:aws:AliasRecord");
            assert.equal(alias.parent, d.urn);
            assert.equal(onlyResource(record, "aws:route53/record:Record").parent, alias.urn);
            assert.deepEqual(d.outputs, { zoneId: GIVEN_ZONE });
        });

        it("uses the zone id as given", () => {
            assert.equal(record.outputs.zoneId, GIVEN_ZONE);
            assert.equal(onlyResource(record, "aws:route53/record:Record").inputs.zoneId, GIVEN_ZONE);
        });

        it("points the host name at the target with an alias A record", () => {
            const dns = onlyResource(record, "aws:route53/record:Record");
            assert.equal(dns.name, "site-record");
            assert.equal(dns.inputs.name, "www.example.com");
            assert.equal(dns.inputs.type, "A");
            assert.deepEqual(dns.inputs.aliases, [{ name: "d123.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }]);
            assert.equal(record.outputs.fqdn, "www.example.com");
        });
    });

    describe("with the zone given by name", () => {
        let record: StackRecord;
        before(async () => {
            record = await domain({ name: "example.com" });
        });

        it("looks the public zone up by name", () => {
            const d = component(record, TYPE);
            assertDescendsFrom(record, d);
            assert.equal(record.outputs.zoneId, OFFLINE_ZONE_ID);
            assert.deepEqual(d.outputs, { zoneId: OFFLINE_ZONE_ID });
            assert.equal(onlyResource(record, "aws:route53/record:Record").inputs.zoneId, OFFLINE_ZONE_ID);
        });
    });
});

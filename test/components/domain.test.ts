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

    it("applies transforms to its validation records and alias records: arguments merged, or edited by a function", async () => {
        const record = await run(() => {
            const d = new Domain("domain", {
                zone: { id: GIVEN_ZONE },
                transform: {
                    alias: { record: { allowOverwrite: true } },
                    validationRecord: (args, opts) => {
                        args.ttl = 60;
                        opts.ignoreChanges = ["records"];
                    },
                },
            });
            d.alias("site-record", "www.example.com", { dnsName: "d123.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" });
            d.validationRecord("www.example.com", { resourceRecordName: "_x.www.example.com.", resourceRecordType: "CNAME", resourceRecordValue: "_y.acm-validations.aws." });
        });
        const d = component(record, TYPE);
        const alias = onlyResource(record, "aws:route53/record:Record", "site-record");
        assert.equal(alias.inputs.allowOverwrite, true);
        assert.equal(alias.inputs.type, "A", "the rest stays");
        assert.equal(alias.parent, component(record, "shoestring:aws:AliasRecord").urn);
        const validation = onlyResource(record, "aws:route53/record:Record", "validation-www.example.com");
        assert.equal(validation.inputs.ttl, 60);
        assert.equal(validation.inputs.type, "CNAME");
        assert.deepEqual(validation.ignoreChanges, ["records"]);
        assert.equal(validation.parent, d.urn, "still the component's child");
    });
});

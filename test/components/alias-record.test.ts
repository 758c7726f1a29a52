import assert from "node:assert/strict";
import { AliasRecord } from "../../components/alias-record";
import { onlyResource, StackRecord } from "../../offline/record";
import { assertOwnsEverything, component, run } from "./helpers";

const TYPE = "shoestring:aws:AliasRecord";

describe("components/alias-record AliasRecord", () => {
    let record: StackRecord;
    before(async () => {
        record = await run(() => {
            const alias = new AliasRecord("www", {
                zoneId: "Z0TESTZONE000000000",
                hostName: "www.example.com",
                target: { dnsName: "d123.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" },
            });
            return { fqdn: alias.fqdn };
        });
    });

    it("parents the record to the component, which registers its FQDN", () => {
        const alias = component(record, TYPE);
        assertOwnsEverything(record, alias);
        assert.deepEqual(alias.outputs, { fqdn: "www.example.com" });
        assert.equal(record.outputs.fqdn, "www.example.com");
    });

    it("is one alias A record in the zone, pointing at the target", () => {
        const dns = onlyResource(record, "aws:route53/record:Record");
        assert.equal(dns.name, "www");
        assert.equal(dns.inputs.zoneId, "Z0TESTZONE000000000");
        assert.equal(dns.inputs.name, "www.example.com");
        assert.equal(dns.inputs.type, "A");
        assert.deepEqual(dns.inputs.aliases, [{ name: "d123.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }]);
        assert.equal(dns.inputs.records, undefined);
        assert.equal(dns.inputs.ttl, undefined);
        assert.equal(dns.inputs.allowOverwrite, false);
    });

    it("applies a transform to the record before it is registered: arguments merged, or edited by a function", async () => {
        const target = { dnsName: "d123.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" };
        const merged = await run(() => {
            new AliasRecord("www", { zoneId: "Z0TESTZONE000000000", hostName: "www.example.com", target, transform: { record: { allowOverwrite: true } } });
        });
        const dns = onlyResource(merged, "aws:route53/record:Record");
        assert.equal(dns.inputs.allowOverwrite, true);
        assert.equal(dns.inputs.type, "A", "the rest stays");
        const edited = await run(() => {
            new AliasRecord("www", {
                zoneId: "Z0TESTZONE000000000",
                hostName: "www.example.com",
                target,
                transform: {
                    record: (args, opts) => {
                        args.type = "AAAA";
                        opts.deleteBeforeReplace = true;
                    },
                },
            });
        });
        const aaaa = onlyResource(edited, "aws:route53/record:Record");
        assert.equal(aaaa.inputs.type, "AAAA");
        assert.equal(aaaa.deleteBeforeReplace, true);
        assert.equal(aaaa.parent, component(edited, TYPE).urn, "still the component's child");
    });
});

/**
 * The Route 53 rule (lib/aws-rules/rules/route53.ts): one record resource
 * per name.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { findings } from "./fixtures";

describe("lib/aws-rules/rules/route53: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-route53-one-record-per-name: two record resources for one name are refused", async () => {
        const records = (second: string) => () => {
            new aws.route53.Record("a", { zoneId: "Z0123456789ABCDEFGHIJ", name: "_x.www.example.com", type: "CNAME", ttl: 300, records: ["_y.acm-validations.aws."] });
            new aws.route53.Record("b", { zoneId: "Z0123456789ABCDEFGHIJ", name: second, type: "CNAME", ttl: 300, records: ["_y.acm-validations.aws."] });
        };
        assert.deepEqual((await findings("aws-route53-one-record-per-name", records("_x.www.example.com."))).map((f) => f.resource).sort(), ["a (aws:route53/record:Record)", "b (aws:route53/record:Record)"]);
        assert.deepEqual(await findings("aws-route53-one-record-per-name", records("_x.api.example.com")), []);
    });
});

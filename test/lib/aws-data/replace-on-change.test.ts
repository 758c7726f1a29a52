import assert from "node:assert/strict";
import { REPLACE_ON_CHANGE } from "../../../lib/aws-data/replace-on-change";
import { inputKeysOf } from "../../../policy/src/aws";
import { stack } from "../../stacks";

describe("lib/aws-data/replace-on-change", () => {
    it("names only arguments the provider's types have", () => {
        for (const [type, properties] of Object.entries(REPLACE_ON_CHANGE)) {
            const args = inputKeysOf(type) ?? new Set<string>();
            assert.ok(args.size > 2, type);
            for (const p of properties) {
                assert.ok(args.has(p), `${type}: ${p} is an argument of ${type.split(":")[2]}Args`);
            }
        }
    });

    it("covers every resource type the stacks register that has replace-on-change arguments in the table's source", async () => {
        const types = new Set<string>();
        for (const name of ["cheap", "dev"]) {
            for (const r of (await stack(name)).resources) types.add(r.type);
        }
        for (const type of ["aws:rds/instance:Instance", "aws:dynamodb/table:Table", "aws:s3/bucket:Bucket", "aws:ecs/taskDefinition:TaskDefinition", "aws:lb/targetGroup:TargetGroup", "aws:route53/record:Record"]) {
            assert.ok(types.has(type) && (REPLACE_ON_CHANGE[type]?.length ?? 0) > 0, type);
        }
    });
});

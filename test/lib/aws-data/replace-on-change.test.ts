import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPLACE_ON_CHANGE } from "../../../lib/aws-data/replace-on-change";
import { stack } from "../../stacks";

/** The input property names `@pulumi/aws`'s type definitions give a resource type's Args. */
function argsOf(type: string): Set<string> {
    const [, module, file, className] = /^aws:([^/]+)\/([^:]+):(.+)$/.exec(type)!;
    const source = fs.readFileSync(path.join(path.dirname(require.resolve("@pulumi/aws/package.json")), module, `${file}.d.ts`), "utf8");
    const args = source.slice(source.indexOf(`export interface ${className}Args`));
    return new Set([...args.slice(0, args.indexOf("\n}")).matchAll(/\n {4}(\w+)\??: /g)].map((m) => m[1]));
}

describe("lib/aws-data/replace-on-change", () => {
    it("names only arguments the provider's types have", () => {
        for (const [type, properties] of Object.entries(REPLACE_ON_CHANGE)) {
            const args = argsOf(type);
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

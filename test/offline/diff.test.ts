import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { changedProperties, diffRecords, isStateful } from "../../offline/diff";
import { runProgram } from "../../offline/engine";
import { StackRecord, UNKNOWN } from "../../offline/record";
import { runStack } from "../../offline/stack";
import { stack } from "../stacks";

const table = (name: string) => () => {
    const t = new aws.dynamodb.Table(name, { billingMode: "PAY_PER_REQUEST", hashKey: "pk", attributes: [{ name: "pk", type: "S" }] }, { protect: true });
    return { tableName: t.name };
};
const run = (program: () => unknown): Promise<StackRecord> => runProgram({ project: "proj", stack: "s", config: { "aws:region": "us-west-2" }, program });

describe("offline/diff", () => {
    it("finds nothing to do between two runs of the same stack", async () => {
        const plan = diffRecords(await stack("cheap"), await runStack("cheap"));
        assert.equal(plan.counts.create + plan.counts.delete + plan.counts.update + plan.counts.replace, 0);
        assert.ok(plan.counts.same > 40);
    });

    describe("from dev (homework) to cheap", () => {
        let plan: ReturnType<typeof diffRecords>;
        before(async () => {
            plan = diffRecords(await stack("dev"), await runStack("dev", { configFrom: "cheap" }));
        });
        const names = (kind: string, type: string) => plan.changes.filter((c) => c.kind === kind && c.type === type).map((c) => c.name);

        it("deletes the load balancer and the frontend service", () => {
            assert.deepEqual(names("delete", "aws:lb/loadBalancer:LoadBalancer"), ["load-balancer"]);
            assert.deepEqual(names("delete", "aws:ecs/service:Service"), ["frontend"]);
        });

        it("creates the HTTP API and the CloudFront distribution", () => {
            assert.deepEqual(names("create", "aws:apigatewayv2/api:Api"), ["api"]);
            assert.deepEqual(names("create", "aws:cloudfront/distribution:Distribution"), ["site"]);
        });

        it("replaces and deletes no stateful resource, and updates the host records in place", () => {
            assert.deepEqual(plan.statefulLosses, []);
            for (const type of ["aws:rds/instance:Instance", "aws:dynamodb/table:Table", "aws:ecr/repository:Repository"]) {
                assert.ok(plan.changes.filter((c) => c.type === type).every((c) => c.kind === "same"), type);
            }
            assert.deepEqual(names("update", "aws:route53/record:Record").sort(), ["api-record", "site-record"]);
        });
    });

    it("reports a renamed stateful resource as a replacement that loses data", async () => {
        const plan = diffRecords(await run(table("table")), await run(table("orders")));
        assert.equal(plan.counts.replace, 1);
        assert.equal(plan.counts.delete, 0);
        assert.equal(plan.counts.create, 0);
        const [loss] = plan.statefulLosses;
        assert.equal(loss.kind, "replace");
        assert.equal(loss.type, "aws:dynamodb/table:Table");
        assert.match(loss.previousUrn ?? "", /::table$/);
        assert.match(loss.urn, /::orders$/);
        assert.equal(loss.protect, true);
    });

    it("reports the database as replaced when a replace-on-change property changes", async () => {
        const plan = diffRecords(await stack("cheap"), await stack("cheap", { database: { dbName: "orders" } }));
        const db = plan.changes.find((c) => c.type === "aws:rds/instance:Instance");
        assert.equal(db?.kind, "replace");
        assert.deepEqual(db?.reasons, ["dbName"]);
        assert.deepEqual(plan.statefulLosses.map((c) => c.name), ["database"]);
    });

    it("updates the database in place for a bigger disk", async () => {
        const plan = diffRecords(await stack("cheap"), await stack("cheap", { database: { allocatedStorage: 30 } }));
        const db = plan.changes.find((c) => c.type === "aws:rds/instance:Instance");
        assert.equal(db?.kind, "update");
        assert.deepEqual(plan.statefulLosses, []);
    });

    it("counts a value unknown offline as no change, and absent as empty", () => {
        assert.deepEqual(changedProperties({ a: UNKNOWN, b: 1 }, { a: "x", b: 1 }), []);
        assert.deepEqual(changedProperties({ a: { x: 1, y: null } }, { a: { x: 1 } }), []);
        assert.deepEqual(changedProperties({ a: [1, 2] }, { a: [2, 1] }), ["a"]);
    });

    it("treats a bucket with forceDestroy as disposable, and one without as stateful", async () => {
        const record = await run(() => {
            new aws.s3.Bucket("build", { forceDestroy: true });
            new aws.s3.Bucket("uploads", {});
            return {};
        });
        const buckets = record.resources.filter((r) => r.type === "aws:s3/bucket:Bucket");
        assert.deepEqual(buckets.map((b) => [b.name, isStateful(b)]).sort(), [["build", false], ["uploads", true]]);
    });
});

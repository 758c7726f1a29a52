import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { changedProperties, diffRecords, isStateful, REPLACE_ON_CHANGE } from "../../offline/diff";
import { runProgram } from "../../offline/engine";
import { StackRecord, UNKNOWN } from "../../offline/record";
import { runStack } from "../../offline/stack";
import { describeCounts, summarize } from "../../offline/tree";
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

    it("counts what the plan's header counts: on stack cheap, every resource but the components and the root stack, its explicit provider included", async () => {
        const record = await stack("cheap");
        const counts = summarize(record);
        const same = diffRecords(record, await runStack("cheap"));
        const c = same.counts;
        assert.equal(c.create + c.delete + c.update + c.replace + c.same, counts.resources);
        assert.equal(counts.resources, record.resources.length - counts.components - 1, "all but the components and the root stack");
        assert.equal(counts.providers, 1, "the us-east-1 provider of the edge certificate");
        assert.ok(same.changes.some((ch) => ch.type === "pulumi:providers:aws"), "the swap plan lists the provider");
        assert.equal(describeCounts(counts), `${counts.resources} resources (1 provider) in ${counts.components} components`);
        // Across a swap, each side's count is what the plan keeps or changes of it.
        const swap = diffRecords(record, await runStack("cheap", { configFrom: "dev" })).counts;
        const dev = summarize(await runStack("cheap", { configFrom: "dev" }));
        assert.equal(swap.delete + swap.update + swap.replace + swap.same, counts.resources, "cheap's side");
        assert.equal(swap.create + swap.update + swap.replace + swap.same, dev.resources, "dev's side");
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

        it("replaces and deletes no stateful resource, changing only their profile tag, and updates the host records in place", () => {
            assert.deepEqual(plan.statefulLosses, []);
            for (const type of ["aws:rds/instance:Instance", "aws:dynamodb/table:Table", "aws:ecr/repository:Repository"]) {
                const changes = plan.changes.filter((c) => c.type === type);
                assert.ok(changes.length > 0, type);
                // The shoestring:profile cost-allocation tag follows the profile, in place.
                assert.ok(changes.every((c) => c.kind === "update" && c.reasons.join() === "tags"), `${type}: ${changes.map((c) => `${c.kind} ${c.reasons.join(", ")}`).join("; ")}`);
            }
            assert.deepEqual(names("update", "aws:route53/record:Record").sort(), ["api-record", "site-record"]);
        });
    });

    describe("between the stacks of the three profiles (cheap, dev: homework, serverless)", function () {
        this.timeout(120_000);
        const STACKS = ["cheap", "dev", "serverless"] as const;
        const records = new Map<string, StackRecord>();
        before(async () => {
            for (const name of STACKS) records.set(name, await stack(name));
        });
        const databaseOf = (record: StackRecord) => String((record.outputs as { databaseKind?: unknown }).databaseKind);

        for (const from of STACKS) {
            for (const to of STACKS.filter((t) => t !== from)) {
                it(`${from} -> ${to}: keeps every stateful resource both sides have, and loses only the database when its kind changes`, async () => {
                    const target = records.get(to)!;
                    // The next update of stack `from` with `to`'s config, reading back what `from` deployed. A change of
                    // database kind needs the explicit consent, and a database deployed unprotected first (protectData false).
                    const crossing = databaseOf(records.get(from)!) !== databaseOf(target);
                    const deployed = crossing ? await stack(from, { protectData: false }) : records.get(from)!;
                    const consent = crossing ? { database: { ...(target.config["shoestring:database"] ? (JSON.parse(target.config["shoestring:database"]) as object) : {}), replaces: databaseOf(deployed) }, protectData: false } : {};
                    const next = await runStack(from, { configFrom: to, deployedOutputs: deployed.outputs, config: consent });
                    const plan = diffRecords(deployed, next);
                    const stateful = (r: StackRecord) => new Set(r.resources.filter((x) => isStateful(x)).map((x) => x.urn));
                    const before = stateful(deployed);
                    const shared = [...stateful(next)].filter((urn) => before.has(urn));
                    assert.ok(shared.some((urn) => urn.endsWith("aws:dynamodb/table:Table::table")), `the table is shared: ${shared.join(", ")}`);
                    // With protectData false the repositories may be emptied on delete (forceDelete), so they count as stateful only without it; either way they stay.
                    assert.ok(crossing || shared.some((urn) => urn.endsWith("aws:ecr/repository:Repository::backend-repository")), "the backend's repository is shared");
                    const repository = plan.changes.find((c) => c.type === "aws:ecr/repository:Repository" && c.name === "backend-repository");
                    assert.ok(repository && (repository.kind === "same" || repository.kind === "update"), `the backend's repository: ${repository?.kind}`);
                    for (const urn of shared) {
                        const change = plan.changes.find((c) => c.urn === urn);
                        assert.ok(change && (change.kind === "same" || change.kind === "update"), `${urn}: ${change?.kind} ${change?.reasons.join(", ")}`);
                    }
                    const lost = plan.statefulLosses.map((c) => c.type).sort();
                    const databaseTypes: Record<string, string> = { rds: "aws:rds/instance:Instance", dsql: "aws:dsql/cluster:Cluster" };
                    assert.deepEqual(lost, crossing ? [databaseTypes[databaseOf(deployed)]] : [], plan.statefulLosses.map((c) => c.urn).join(", "));
                });
            }
        }
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

/** A record of resources given as (type, name, inputs), for the pure parts of the diff. */
function recordOf(resources: { type: string; name: string; inputs?: Record<string, unknown>; protect?: boolean; custom?: boolean }[]): StackRecord {
    return {
        project: "proj",
        stack: "s",
        config: {},
        outputs: {},
        resources: resources.map((r) => ({
            urn: `urn:pulumi:s::proj::${r.type}::${r.name}`,
            type: r.type,
            name: r.name,
            custom: r.custom ?? true,
            inputs: r.inputs ?? {},
            outputs: {},
            dependencies: [],
            propertyDependencies: {},
            protect: r.protect ?? false,
            retainOnDelete: false,
            deleteBeforeReplace: false,
            ignoreChanges: [],
            aliases: [],
        })),
    };
}

const TABLE = "aws:dynamodb/table:Table";
const BUCKET = "aws:s3/bucket:Bucket";

describe("offline/diff, on hand-made records", () => {
    it("reports a stateful resource deleted outright as data loss, and a disposable one as a plain delete", () => {
        const plan = diffRecords(
            recordOf([
                { type: TABLE, name: "orders" },
                { type: "aws:ecr/repository:Repository", name: "images", inputs: { forceDelete: true } },
                { type: "aws:lb/loadBalancer:LoadBalancer", name: "lb" },
            ]),
            recordOf([]),
        );
        // Within a kind, by type: dynamodb, ecr, lb.
        assert.deepEqual(plan.changes.map((c) => [c.kind, c.name, c.stateful]), [
            ["delete", "orders", true],
            ["delete", "images", false],
            ["delete", "lb", false],
        ]);
        assert.deepEqual(plan.statefulLosses.map((c) => c.name), ["orders"]);
        assert.deepEqual(plan.counts, { create: 0, delete: 3, update: 0, replace: 0, same: 0 });
    });

    it("pairs a renamed stateful resource only with a new one of its own type, once", () => {
        const plan = diffRecords(
            recordOf([
                { type: TABLE, name: "orders", protect: true },
                { type: TABLE, name: "carts" },
            ]),
            recordOf([
                { type: BUCKET, name: "uploads" },
                { type: TABLE, name: "orders-v2" },
            ]),
        );
        const byName = Object.fromEntries(plan.changes.map((c) => [c.name, c]));
        assert.equal(byName["uploads"].kind, "create", "a bucket never stands in for a table");
        assert.equal(byName["orders-v2"].kind, "replace");
        assert.match(byName["orders-v2"].previousUrn ?? "", /::orders$/);
        assert.equal(byName["orders-v2"].protect, true, "the old resource's protect carries over");
        assert.match(byName["orders-v2"].reasons[0], /URN changed/);
        assert.equal(byName["carts"].kind, "delete", "the second deleted table has no twin left");
        assert.deepEqual(plan.statefulLosses.map((c) => c.name).sort(), ["carts", "orders-v2"]);
        assert.deepEqual(plan.counts, { create: 1, delete: 1, update: 0, replace: 1, same: 0 });
    });

    it("does not pair a renamed resource that holds no data: it is a delete and a create", () => {
        const plan = diffRecords(recordOf([{ type: "aws:lb/loadBalancer:LoadBalancer", name: "a" }]), recordOf([{ type: "aws:lb/loadBalancer:LoadBalancer", name: "b" }]));
        assert.deepEqual(plan.changes.map((c) => `${c.kind} ${c.name}`), ["delete a", "create b"]);
    });

    it("replaces an immutable task definition on any change", () => {
        const td = "aws:ecs/taskDefinition:TaskDefinition";
        const plan = diffRecords(recordOf([{ type: td, name: "task", inputs: { cpu: "256" } }]), recordOf([{ type: td, name: "task", inputs: { cpu: "512" } }]));
        assert.deepEqual(plan.changes.map((c) => [c.kind, c.reasons]), [["replace", ["cpu"]]]);
    });

    it("replaces on every replace-on-change property of the table, and updates in place on another", () => {
        let checked = 0;
        for (const [type, properties] of Object.entries(REPLACE_ON_CHANGE)) {
            for (const property of properties) {
                const plan = diffRecords(recordOf([{ type, name: "r", inputs: { [property]: "a", tags: { x: "1" } } }]), recordOf([{ type, name: "r", inputs: { [property]: "b", tags: { x: "1" } } }]));
                assert.deepEqual(plan.changes.map((c) => [c.kind, c.reasons]), [["replace", [property]]], `${type} ${property}`);
                checked++;
            }
            const inPlace = diffRecords(recordOf([{ type, name: "r", inputs: { tags: { x: "1" } } }]), recordOf([{ type, name: "r", inputs: { tags: { x: "2" } } }]));
            assert.deepEqual(inPlace.changes.map((c) => c.kind), ["update"], `${type}: tags change in place`);
        }
        assert.ok(checked >= 75, `${checked} properties`);
    });

    it("moves an ECS service between capacity providers in place only with a forced new deployment", () => {
        const svc = "aws:ecs/service:Service";
        const strategy = (provider: string) => [{ capacityProvider: provider, weight: 1 }];
        const moved = (force: boolean) => diffRecords(recordOf([{ type: svc, name: "s", inputs: { capacityProviderStrategies: strategy("FARGATE"), forceNewDeployment: force } }]), recordOf([{ type: svc, name: "s", inputs: { capacityProviderStrategies: strategy("FARGATE_SPOT"), forceNewDeployment: force } }]));
        assert.equal(moved(true).changes[0].kind, "update");
        assert.equal(moved(false).changes[0].kind, "replace");
        const scaled = diffRecords(recordOf([{ type: svc, name: "s", inputs: { desiredCount: 1 } }]), recordOf([{ type: svc, name: "s", inputs: { desiredCount: 0 } }]));
        assert.equal(scaled.changes[0].kind, "update");
    });

    it("orders the plan: replacements, deletions, creations, updates, then unchanged; each by type, then name", () => {
        const plan = diffRecords(
            recordOf([
                { type: BUCKET, name: "kept" },
                { type: "aws:lb/loadBalancer:LoadBalancer", name: "z-old" },
                { type: "aws:iam/role:Role", name: "a-old" },
                { type: TABLE, name: "t", inputs: { hashKey: "pk" } },
                { type: "aws:route53/record:Record", name: "r", inputs: { ttl: 60 } },
            ]),
            recordOf([
                { type: BUCKET, name: "kept" },
                { type: TABLE, name: "t", inputs: { hashKey: "id" } },
                { type: "aws:route53/record:Record", name: "r", inputs: { ttl: 300 } },
                { type: "aws:cloudfront/distribution:Distribution", name: "new" },
                { type: "aws:apigatewayv2/api:Api", name: "api" },
            ]),
        );
        assert.deepEqual(plan.changes.map((c) => `${c.kind} ${c.name}`), ["replace t", "delete a-old", "delete z-old", "create api", "create new", "update r", "same kept"]);
    });

    it("leaves components out: only what the engine manages is compared", () => {
        const plan = diffRecords(recordOf([{ type: "shoestring:aws:Database", name: "db", custom: false }]), recordOf([]));
        assert.deepEqual(plan.changes, []);
    });

    it("says nothing more than the kind for creations, deletions and unchanged resources, and names both stacks", () => {
        const from = { ...recordOf([{ type: TABLE, name: "kept" }, { type: "aws:lb/loadBalancer:LoadBalancer", name: "old" }]), stack: "dev", config: { "shoestring:profile": "homework" } };
        const to = { ...recordOf([{ type: TABLE, name: "kept" }, { type: "aws:apigatewayv2/api:Api", name: "new" }]), stack: "dev", config: { "shoestring:profile": "cheap" } };
        const plan = diffRecords(from, to);
        assert.deepEqual(plan.changes.map((c) => [c.kind, c.reasons]), [["delete", []], ["create", []], ["same", []]]);
        assert.deepEqual(plan.from, { stack: "dev", config: { "shoestring:profile": "homework" } });
        assert.deepEqual(plan.to, { stack: "dev", config: { "shoestring:profile": "cheap" } });
    });

    it("pairs a deleted stateful resource only with a created one, never with one that stays; protect only when either had it", () => {
        const plan = diffRecords(recordOf([{ type: TABLE, name: "orders" }, { type: TABLE, name: "kept" }]), recordOf([{ type: TABLE, name: "kept" }]));
        assert.deepEqual(plan.changes.map((c) => `${c.kind} ${c.name}`), ["delete orders", "same kept"]);
        const renamed = diffRecords(recordOf([{ type: TABLE, name: "a" }]), recordOf([{ type: TABLE, name: "b" }]));
        assert.equal(renamed.changes[0].kind, "replace");
        assert.equal(renamed.changes[0].protect, false);
    });

    it("lists changed properties in name order; an unknown value on either side is no change; shapes and key order are compared as providers do", () => {
        assert.deepEqual(changedProperties({ b: 1, a: 1, c: 1 }, { b: 2, a: 2, c: 1 }), ["a", "b"]);
        assert.deepEqual(changedProperties({ a: "x" }, { a: UNKNOWN }), []);
        assert.deepEqual(changedProperties({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } }), [], "key order does not matter");
        assert.deepEqual(changedProperties({ a: { x: 1, y: undefined } }, { a: { x: 1 } }), [], "undefined is absent");
        assert.deepEqual(changedProperties({ a: ["x"] }, { a: { 0: "x" } }), ["a"], "a list is not an object with index keys");
        assert.deepEqual(changedProperties({ a: [{ x: 1, y: null }] }, { a: [{ x: 1 }] }), [], "nested in lists too");
    });

    it("replaces when any one changed property forces it, and only the types that say so", () => {
        const plan = diffRecords(recordOf([{ type: TABLE, name: "t", inputs: { hashKey: "pk", billingMode: "PROVISIONED" } }]), recordOf([{ type: TABLE, name: "t", inputs: { hashKey: "id", billingMode: "PAY_PER_REQUEST" } }]));
        assert.deepEqual(plan.changes.map((c) => [c.kind, c.reasons]), [["replace", ["billingMode", "hashKey"]]]);
        const other = "aws:autoscaling/group:Group";
        const strategies = diffRecords(recordOf([{ type: other, name: "g", inputs: { capacityProviderStrategies: [1] } }]), recordOf([{ type: other, name: "g", inputs: { capacityProviderStrategies: [2] } }]));
        assert.equal(strategies.changes[0].kind, "update", "only an ECS service is replaced for a capacity change");
    });

    it("counts every kind of data store as stateful: databases, clusters, tables, repositories, buckets, file systems and secrets", () => {
        const stores = ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:dynamodb/table:Table", "aws:ecr/repository:Repository", "aws:s3/bucket:Bucket", "aws:efs/fileSystem:FileSystem", "aws:secretsmanager/secret:Secret"];
        const plan = diffRecords(recordOf([...stores.map((type, i) => ({ type, name: `store-${i}` })), { type: "aws:ecs/service:Service", name: "svc" }]), recordOf([]));
        assert.deepEqual(plan.statefulLosses.map((c) => c.type).sort(), [...stores].sort());
        assert.equal(plan.changes.find((c) => c.name === "svc")?.stateful, false);
    });
});

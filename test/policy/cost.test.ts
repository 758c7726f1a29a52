import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import * as cost from "../../policy/src/cost";
import { estimateStackCost, plainProps } from "../../policy/src/cost";
import { estimateCost } from "../../cost/model";
import { DEFAULT_SHEET, loadSheet } from "../../cost/prices";
import { StackRecord, UNKNOWN } from "../../offline/record";
import { stack } from "../stacks";
import { database, describeCases, PolicyCase, runCase } from "./cases";
import { checkRecord } from "./harness";
import { check, copy, of, policyNamesOf, run } from "./programs";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<string, unknown> & { unknownCheckingProxy<T>(value: T): T; UnknownValueError: new (...args: unknown[]) => Error };

/** The resources a stack policy sees for a record, as the harness hands them over. */
async function policyResources(record: StackRecord): Promise<PolicyResource[]> {
    let captured: PolicyResource[] | undefined;
    const capture: StackValidationPolicy = { name: "capture", description: "captures the resources", enforcementLevel: "advisory", validateStack: (args) => void (captured = args.resources) };
    await checkRecord(record, [capture]);
    assert.ok(captured, "the stack policy ran");
    return captured;
}

/** Asserts two estimates agree within a cent, in total and line by line. */
function assertSameCost(actual: ReturnType<typeof estimateCost>, expected: ReturnType<typeof estimateCost>): void {
    assert.equal(actual.region, expected.region);
    assert.equal(actual.sheet.name, expected.sheet.name);
    assert.ok(Math.abs(actual.totals.runningDay - expected.totals.runningDay) < 0.01, `running ${actual.totals.runningDay} vs ${expected.totals.runningDay}`);
    assert.ok(Math.abs(actual.totals.pausedDay - expected.totals.pausedDay) < 0.01, `paused ${actual.totals.pausedDay} vs ${expected.totals.pausedDay}`);
    assert.deepEqual(actual.items.map((i) => i.what).sort(), expected.items.map((i) => i.what).sort());
    for (const item of actual.items) {
        const other = expected.items.find((i) => i.what === item.what)!;
        assert.ok(Math.abs(item.running - other.running) < 0.01 && Math.abs(item.paused - other.paused) < 0.01, item.what);
    }
}

const BUDGET = "daily-budget";
const NAT = "nat-gateway-cost";
const LOG_RETENTION = "log-group-retention";

/** A database as a preview of a new stack sees it: no ARN or region known yet. */
async function databaseWithoutRegion(): Promise<StackRecord> {
    const record = copy(await run(() => database({ storageEncrypted: true })));
    for (const r of record.resources) {
        for (const key of ["arn", "region"]) {
            if (key in r.outputs) r.outputs[key] = UNKNOWN;
        }
    }
    return record;
}

/** Registers cases beyond the pack's table (cases.ts) for one policy. */
function moreCases(name: string, cases: PolicyCase[]): void {
    for (const c of cases) {
        it(`${c.violations > 0 ? "reports" : "passes"} ${c.title}`, () => runCase(name, c));
    }
}

describe("policy/src/cost", () => {
    describeCases(cost);

    it("exports the budget, NAT gateway and log retention policies", () => {
        assert.deepEqual(policyNamesOf(cost).sort(), [BUDGET, LOG_RETENTION, NAT]);
    });

    it("reports a NAT gateway as advisory and a log group kept forever as mandatory, each on its resource", async () => {
        const record = await run(() => {
            const eip = new aws.ec2.Eip("nat-ip", { domain: "vpc" });
            new aws.ec2.NatGateway("nat", { subnetId: "subnet-0a0b0c0d0e0f0000a", allocationId: eip.id });
            new aws.cloudwatch.LogGroup("logs", {});
        });
        const urnOf = (name: string) => record.resources.find((r) => r.name === name)!.urn;
        const found = await check(record, [NAT, LOG_RETENTION]);
        assert.deepEqual(
            found.map((v) => [v.policy, v.level, v.urn]),
            [
                [NAT, "advisory", urnOf("nat")],
                [LOG_RETENTION, "mandatory", urnOf("logs")],
            ],
        );
    });

    describe("plainProps", () => {
        const markers = ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"];

        it("turns every unknown marker into the record's <unknown>", () => {
            for (const marker of markers) {
                assert.ok(proxy[marker] !== undefined, marker);
                assert.equal(plainProps(proxy[marker]), UNKNOWN, marker);
            }
        });

        it("turns the SDK's unknown-checking proxy into plain JSON, at any depth", () => {
            const props = proxy.unknownCheckingProxy({
                name: "backend",
                count: 2,
                on: false,
                none: null,
                arn: proxy.unknownStringValue,
                list: [proxy.unknownNumberValue, { deep: proxy.unknownBooleanValue, kept: "yes" }, ["a", proxy.unknownObjectValue]],
                nested: { tags: proxy.unknownArrayValue, source: proxy.unknownAssetValue, bundle: proxy.unknownArchiveValue, empty: {} },
            }) as Record<string, unknown>;
            assert.throws(() => props.arn, proxy.UnknownValueError, "the input is the SDK's proxy");
            const plain = plainProps(props);
            const expected = {
                name: "backend",
                count: 2,
                on: false,
                none: null,
                arn: UNKNOWN,
                list: [UNKNOWN, { deep: UNKNOWN, kept: "yes" }, ["a", UNKNOWN]],
                nested: { tags: UNKNOWN, source: UNKNOWN, bundle: UNKNOWN, empty: {} },
            };
            assert.deepEqual(plain, expected);
            assert.deepEqual(JSON.parse(JSON.stringify(plain)), expected, "it survives JSON");
            assert.equal((plain as Record<string, unknown>)[proxy.isSpecialProxy as string], undefined, "the result is not a proxy");
            assert.ok(Array.isArray((plain as { list: unknown }).list));
        });

        it("leaves plain values as they are", () => {
            for (const value of ["x", 0, 1.5, true, null, undefined]) {
                assert.equal(plainProps(value), value);
            }
            assert.deepEqual(plainProps({ a: [1, { b: "c" }] }), { a: [1, { b: "c" }] });
        });

        it("gives back a resource's recorded properties (outputs and inputs), unknowns included", async () => {
            const record = copy(await stack("cheap"));
            const task = record.resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")!;
            task.inputs.containerDefinitions = UNKNOWN;
            const resources = await policyResources(record);
            const seen = resources.find((r) => r.urn === task.urn)!;
            assert.throws(() => seen.props.containerDefinitions, proxy.UnknownValueError);
            assert.deepEqual(plainProps(seen.props), JSON.parse(JSON.stringify({ ...task.outputs, ...task.inputs })));
        });
    });

    describe("estimateStackCost", () => {
        for (const name of ["cheap", "dev"]) {
            it(`infers the region of stack ${name} from its ARNs and prices it as estimateCost does`, async () => {
                const record = await stack(name);
                const actual = estimateStackCost(await policyResources(record), {});
                assert.equal(actual.region, "us-west-2");
                assertSameCost(actual, estimateCost(record, loadSheet(DEFAULT_SHEET)));
                assert.ok(actual.totals.runningDay > 0.5, "a real estimate, not an empty one");
                assert.equal(actual.stack, "", "a stack policy is not told the stack's name, so the estimate names none");
            });
        }

        it("honours a configured region and sheet", async () => {
            const record = await stack("cheap");
            const resources = await policyResources(record);
            const east = estimateStackCost(resources, { region: "us-east-1" });
            assert.equal(east.region, "us-east-1");
            assertSameCost(east, estimateCost({ ...record, config: { ...record.config, "aws:region": "us-east-1" } }, loadSheet(DEFAULT_SHEET)));
            const old = estimateStackCost(resources, { sheet: "writeup-2023" });
            assert.equal(old.sheet.name, "writeup-2023");
            assertSameCost(old, estimateCost(record, loadSheet("writeup-2023")));
        });

        it("does not take us-east-1 for the stack's region because of a CloudFront certificate", async () => {
            const record = await run(() => {
                const east = new aws.Provider("us-east-1", { region: "us-east-1" });
                new aws.acm.Certificate("edge", { domainName: "app.example.com", validationMethod: "DNS" }, { provider: east });
                new aws.acm.Certificate("edge-2", { domainName: "www.example.com", validationMethod: "DNS" }, { provider: east });
                new aws.cloudwatch.LogGroup("logs", { retentionInDays: 7 });
            });
            assert.equal(estimateStackCost(await policyResources(record), {}).region, "us-west-2");
        });

        it("takes us-east-1 when everything is there", async () => {
            const record = await run(() => {
                const east = new aws.Provider("us-east-1", { region: "us-east-1" });
                new aws.cloudwatch.LogGroup("logs", { retentionInDays: 7 }, { provider: east });
            });
            assert.equal(estimateStackCost(await policyResources(record), {}).region, "us-east-1");
        });

        it("asks for the region in the policy config when no ARN or region is known", async () => {
            const resources = await policyResources(await databaseWithoutRegion());
            assert.throws(() => estimateStackCost(resources, {}), /cannot tell the stack's region from its resources: set the budget policy's region in the policy config/);
            assert.equal(estimateStackCost(resources, { region: "us-west-2" }).region, "us-west-2");
        });

        it("takes the region of the engine's default AWS provider when no ARN is known", async () => {
            const record = await databaseWithoutRegion();
            // What the CLI sends besides the program's resources: the default provider, its inputs the aws: config.
            const urn = "urn:pulumi:unit::policy-test::pulumi:providers:aws::default_7_48_0";
            record.resources.push({ urn, type: "pulumi:providers:aws", name: "default_7_48_0", custom: true, inputs: { region: "us-east-1" }, outputs: { region: "us-east-1" }, dependencies: [], propertyDependencies: {}, protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], aliases: [] });
            assert.equal(estimateStackCost(await policyResources(record), {}).region, "us-east-1");
        });

        it("prices a record with unknown values as estimateCost prices the same record", async () => {
            const record = copy(await stack("cheap"));
            for (const r of record.resources.filter((x) => x.type === "aws:ecs/taskDefinition:TaskDefinition" || x.type === "aws:ecs/service:Service")) {
                for (const key of Object.keys(r.propertyDependencies)) r.inputs[key] = UNKNOWN;
            }
            const actual = estimateStackCost(await policyResources(record), {});
            assertSameCost(actual, estimateCost(record, loadSheet(DEFAULT_SHEET)));
        });
    });

    describe("daily-budget", () => {
        it("names as many of the largest items as topItems says, largest first", async () => {
            const record = await stack("cheap");
            const expected = [...estimateCost(record, loadSheet(DEFAULT_SHEET)).items].filter((i) => i.running > 0).sort((a, b) => b.running - a.running);
            const one = of(await check(record, [BUDGET], { [BUDGET]: { runningUsdPerDay: 0.01, topItems: 1 } }), BUDGET);
            assert.equal(one.length, 1);
            assert.ok(one[0].message.includes(`Largest items: ${expected[0].what} $${expected[0].running.toFixed(2)}/day. `), one[0].message);
            const five = of(await check(record, [BUDGET], { [BUDGET]: { runningUsdPerDay: 0.01, topItems: 5 } }), BUDGET)[0].message;
            const named = /Largest items: (.*?)\. Bring/.exec(five)![1].split("; ");
            assert.deepEqual(named, expected.slice(0, 5).map((i) => `${i.what} $${i.running.toFixed(2)}/day`));
        });

        it("is advisory unless the config says otherwise, and checks running and paused separately", async () => {
            const record = await run(() => database({ storageEncrypted: true }));
            const both = of(await check(record, [BUDGET], { [BUDGET]: { runningUsdPerDay: 0.1, pausedUsdPerDay: 0.01 } }), BUDGET);
            assert.deepEqual(both.map((v) => v.level), ["advisory", "advisory"]);
            assert.match(both[0].message, /^the stack costs \$0\.\d\d\/day running, over the budget of \$0\.10\/day \(prices aws-2026-11, us-west-2\)\./);
            assert.match(both[1].message, /^the stack costs \$0\.\d\d\/day paused, over the budget of \$0\.01\/day/);
        });

        // The database costs $0.472767/day running (instance $0.384, gp3 storage $0.075616, secret $0.013151)
        // and $0.088767/day paused (the instance stopped, $0).
        moreCases(BUDGET, [
            {
                title: "a paused budget, naming only the items that cost anything paused",
                program: () => database({ storageEncrypted: true }),
                config: { pausedUsdPerDay: 0.01 },
                violations: 1,
                mentions: ["the stack costs $0.09/day paused, over the budget of $0.01/day (prices aws-2026-11, us-west-2). Largest items: RDS gp3 storage (db) $0.08/day; Secrets Manager secret: database password (db) $0.01/day. Bring"],
            },
            {
                title: "the three largest items when topItems is not set",
                program: () => database({ storageEncrypted: true }),
                config: { runningUsdPerDay: 0.4 },
                violations: 1,
                mentions: ["the stack costs $0.47/day running, over the budget of $0.40/day (prices aws-2026-11, us-west-2). Largest items: RDS instance db.t4g.micro (db) $0.38/day; RDS gp3 storage (db) $0.08/day; Secrets Manager secret: database password (db) $0.01/day. Bring"],
            },
            { title: "a database costing exactly its budgets", program: () => database({ storageEncrypted: true }), config: { runningUsdPerDay: 0.472767, pausedUsdPerDay: 0.088767 }, violations: 0 },
        ]);

        it("reports what it cannot price at the budget's own level, listing it: never a silent pass, never a crash", async () => {
            const record = await run(() => database({ storageEncrypted: true }));
            // The write-up's 2023 sheet has no Secrets Manager price: the total it can give is short of the database secret.
            const partial = of(await check(record, [BUDGET], { [BUDGET]: { enforcementLevel: "mandatory", runningUsdPerDay: 5, sheet: "writeup-2023" } }), BUDGET);
            assert.deepEqual(partial.map((v) => v.level), ["mandatory"]);
            assert.match(partial[0].message, /^the budget \(\$5\.00\/day running\) cannot be checked: sheet writeup-2023 has no price in us-west-2 for 1 item\(s\): Secrets Manager secret: database password \(db\)\. What is priced comes to \$0\.\d\d\/day running/);
            // A region the sheet does not cover: every line unpriced, one report, no crash.
            const elsewhere = of(await check(record, [BUDGET], { [BUDGET]: { runningUsdPerDay: 5, pausedUsdPerDay: 1, region: "ap-southeast-8" } }), BUDGET);
            assert.equal(elsewhere.length, 1);
            assert.match(elsewhere[0].message, /^the budget \(\$5\.00\/day running, \$1\.00\/day paused\) cannot be checked: sheet aws-2026-11 has no prices for ap-southeast-8 \(it covers [a-z0-9, -]*us-west-2[a-z0-9, -]*\), so it cannot price 3 item\(s\): RDS instance db\.t4g\.micro \(db\); RDS gp3 storage \(db\); Secrets Manager secret: database password \(db\)\. What is priced comes to \$0\.00\/day running, \$0\.00\/day paused\./);
            // Priced in full and within budget: nothing to say.
            assert.deepEqual(of(await check(record, [BUDGET], { [BUDGET]: { runningUsdPerDay: 5 } }), BUDGET), []);
        });

        it("does not count a line unpriced only under traffic: the idle and paused totals it checks are whole", async () => {
            // mx-central-1 has no HTTP API request price; the API bills nothing while idle.
            const record = await stack("cheap", { "aws:region": "mx-central-1" });
            const estimate = estimateCost(record, loadSheet(DEFAULT_SHEET));
            assert.deepEqual(estimate.unpriced.map((i) => [i.what, i.quantity, i.pausedQuantity]), [["API Gateway HTTP API requests (api)", 0, 0]]);
            assert.deepEqual(of(await check(record, [BUDGET], { [BUDGET]: { enforcementLevel: "mandatory", runningUsdPerDay: 5, pausedUsdPerDay: 1 } }), BUDGET), []);
        });

        it("does not price the stack when no budget is configured (so needs no region)", async () => {
            const record = await databaseWithoutRegion();
            const resources = await policyResources(record);
            assert.throws(() => estimateStackCost(resources, {}), /cannot tell the stack's region/);
            assert.deepEqual(await check(record, [BUDGET], { [BUDGET]: { topItems: 2 } }), []);
            assert.deepEqual(await check(record, [BUDGET]), []);
        });

        it("declares its config: non-negative dollar budgets, a sheet and region by name, and topItems (at least 1, default 3)", () => {
            assert.deepEqual(cost.dailyBudget.configSchema, {
                properties: {
                    runningUsdPerDay: { type: "number", minimum: 0 },
                    pausedUsdPerDay: { type: "number", minimum: 0 },
                    sheet: { type: "string" },
                    region: { type: "string" },
                    topItems: { type: "integer", minimum: 1, default: 3 },
                },
            });
        });
    });

    describe("log-group-retention", () => {
        moreCases(LOG_RETENTION, [
            {
                title: "a retention that is not a number (the string \"7\")",
                program: () => void new aws.cloudwatch.LogGroup("logs", { retentionInDays: "7" as unknown as number }),
                violations: 1,
                mentions: ["log group logs keeps logs forever"],
            },
            {
                title: "a log group with a retention beside resources that are not log groups",
                program: () => {
                    new aws.cloudwatch.LogGroup("logs", { retentionInDays: 7 });
                    database({ storageEncrypted: true });
                    new aws.ec2.Eip("ip", { domain: "vpc" });
                },
                violations: 0,
            },
        ]);
    });
});

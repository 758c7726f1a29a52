import assert from "node:assert/strict";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { capacitySplit, CostEstimate, estimateCost } from "../../cost/model";
import { loadSheet } from "../../cost/prices";
import { listSiteFiles } from "../../lib/site-files";
import { RecordedResource } from "../../offline/record";
import { PROJECT_DIR } from "../../offline/stack";
import { recordedResource, stack } from "../stacks";

const DAYS = 30.4167; // the sheet's days per month (730 hours)
const month = (usdPerMonth: number) => usdPerMonth / DAYS;
const hour = (usdPerHour: number) => usdPerHour * 24;
/** The sample site's bytes, read from disk: what the sync's manifest says it uploads. */
const SITE_BYTES = listSiteFiles(path.join(PROJECT_DIR, "app", "frontend", "site")).reduce((sum, f) => sum + fs.statSync(f.path).size, 0);

/** Hand calculations with the aws-2026-11 sheet's us-west-2 prices: what -> [$/day running, $/day paused]. */
const SHARED: Record<string, [number, number]> = {
    "RDS instance db.t4g.micro (database)": [hour(0.016), 0],
    "RDS gp3 storage (database)": [month(20 * 0.115), month(20 * 0.115)],
    "Secrets Manager secret: database password (database)": [month(0.4), month(0.4)],
    "Route 53 private hosted zone of namespace cluster-namespace": [month(0.5), month(0.5)],
    "Route 53 hosted zone Z0OFFLINE00000000000 (existing)": [month(0.5), month(0.5)],
    "CloudWatch Logs storage (backend-logs)": [month(0.01 * 0.03), month(0.01 * 0.03)],
    "ECR storage (backend-repository)": [month(0.3 * 0.1), month(0.3 * 0.1)],
    "ECR storage of cached public images": [month(0.1 * 0.1), month(0.1 * 0.1)],
    "Public IPv4 of tasks (backend)": [hour(0.005), 0],
};
const CHEAP: Record<string, [number, number]> = {
    ...SHARED,
    "Fargate Spot vCPU (backend)": [hour(0.25 * 0.012144), 0],
    "Fargate Spot memory (backend)": [hour(0.5 * 0.0013335), 0],
    "Cloud Map registered instances (backend)": [month(2 * 0.1), 0], // Service Connect + the API's SRV registration
    "CloudWatch Logs storage (api-access-logs)": [month(0.01 * 0.03), month(0.01 * 0.03)],
    // The sample site's files, from the sync's manifest, at $0.023 a GiB-month.
    "S3 storage (site)": [month((SITE_BYTES / 1024 ** 3) * 0.023), month((SITE_BYTES / 1024 ** 3) * 0.023)],
};
const HOMEWORK: Record<string, [number, number]> = {
    ...SHARED,
    "Fargate vCPU (backend)": [hour(0.25 * 0.04048), 0],
    "Fargate memory (backend)": [hour(0.5 * 0.004445), 0],
    "Fargate vCPU (frontend)": [hour(0.25 * 0.04048), 0],
    "Fargate memory (frontend)": [hour(0.5 * 0.004445), 0],
    "Public IPv4 of tasks (frontend)": [hour(0.005), 0],
    "Cloud Map registered instances (backend)": [month(0.1), 0],
    "Cloud Map registered instances (frontend)": [month(0.1), 0],
    "Application Load Balancer (load-balancer)": [hour(0.0225), hour(0.0225)],
    "Public IPv4 of load balancer nodes (load-balancer)": [hour(4 * 0.005), hour(4 * 0.005)], // one default subnet per us-west-2 zone offline (usw2-az1..az4)
    "CloudWatch Logs storage (frontend-logs)": [month(0.01 * 0.03), month(0.01 * 0.03)],
    "ECR storage (site-repository)": [month(0.3 * 0.1), month(0.3 * 0.1)],
};

function checkAgainstHand(cost: CostEstimate, expected: Record<string, [number, number]>): void {
    const billed = cost.items.filter((i) => i.period !== "usage");
    assert.deepEqual(billed.map((i) => i.what).sort(), Object.keys(expected).sort(), "the billed items are exactly those calculated by hand");
    for (const item of billed) {
        const [running, paused] = expected[item.what];
        assert.ok(Math.abs(item.running - running) < 1e-5, `${item.what}: running ${item.running}, by hand ${running}`);
        assert.ok(Math.abs(item.paused - paused) < 1e-5, `${item.what}: paused ${item.paused}, by hand ${paused}`);
    }
    const total = (k: 0 | 1) => Object.values(expected).reduce((s, v) => s + v[k], 0);
    assert.ok(Math.abs(cost.totals.runningDay - total(0)) < 1e-4);
    assert.ok(Math.abs(cost.totals.pausedDay - total(1)) < 1e-4);
    assert.ok(Math.abs(cost.totals.runningMonth - cost.totals.runningDay * DAYS) < 1e-3);
}

describe("cost model with the current prices (aws-2026-11)", () => {
    const sheet = loadSheet("aws-2026-11");
    let cheap: CostEstimate;
    let homework: CostEstimate;
    before(async () => {
        cheap = estimateCost(await stack("cheap"), sheet);
        homework = estimateCost(await stack("dev"), sheet);
    });

    it("prices every line of the cheap stack as calculated by hand", () => checkAgainstHand(cheap, CHEAP));
    it("prices every line of the homework stack as calculated by hand", () => checkAgainstHand(homework, HOMEWORK));

    it("makes the cheap stack cheaper to run than the homework stack", () => {
        assert.ok(cheap.totals.runningDay < homework.totals.runningDay, `${cheap.totals.runningDay} vs ${homework.totals.runningDay}`);
    });

    it("makes the cheap stack paused cost less than a tenth of the homework stack running", () => {
        assert.ok(cheap.totals.pausedDay < homework.totals.runningDay / 10, `${cheap.totals.pausedDay} vs ${homework.totals.runningDay}`);
    });

    it("lists the usage-priced services at $0 with their unit price", () => {
        const usage = cheap.items.filter((i) => i.period === "usage");
        for (const what of ["API Gateway HTTP API requests (api)", "CloudFront data out (site)", "S3 requests (site)", "DynamoDB on-demand writes (table)"]) {
            const item = usage.find((i) => i.what === what);
            assert.ok(item, what);
            assert.equal(item.running, 0);
            assert.ok((item.unitPrice ?? 0) > 0, `${what} has its unit price`);
        }
        assert.equal(cheap.unpriced.length, 0);
    });

    it("prices the public IPv4 addresses that the 2023 prices did not know", () => {
        assert.ok(homework.items.filter((i) => i.priceKey === "ipv4.hour").every((i) => i.unitPrice === 0.005));
    });

    it("prices another region at its own rates: the instance and its storage in eu-central-1", async () => {
        const record = { ...(await stack("cheap")), config: { ...(await stack("cheap")).config, "aws:region": "eu-central-1" } };
        const cost = estimateCost(record, sheet);
        const frankfurt = sheet.regions["eu-central-1"];
        const instance = cost.items.find((i) => i.what === "RDS instance db.t4g.micro (database)")!;
        assert.equal(instance.unitPrice, frankfurt.rdsInstanceHour["db.t4g.micro"].usd);
        assert.ok(instance.unitPrice! > 0.016, "Frankfurt costs more than Oregon");
        assert.equal(cost.items.find((i) => i.what === "RDS gp3 storage (database)")!.unitPrice, frankfurt.prices["rds.gp3.gbMonth"]!.usd);
        assert.deepEqual(cost.unpriced, []);
    });

    it("prices ARM tasks at the ARM rate", async () => {
        const cost = estimateCost(await stack("dev", { backend: { architecture: "arm64" } }), sheet);
        const vcpu = cost.items.find((i) => i.what === "Fargate ARM vCPU (backend)");
        assert.ok(vcpu);
        assert.ok(Math.abs(vcpu.running - hour(0.25 * 0.03238)) < 1e-6);
    });

    it("prices a bigger instance class from the region's table, and lists one the sheet lacks as unpriced, outside the totals", async () => {
        const large = estimateCost(await stack("cheap", { database: { instanceClass: "db.r6g.large" } }), sheet);
        assert.deepEqual(large.unpriced, []);
        const usd = sheet.regions["us-west-2"].rdsInstanceHourTable!.usd["db.r6g.large"];
        assert.ok(usd > 0.2, `db.r6g.large at $${usd}/hour`);
        assert.ok(Math.abs(large.totals.runningDay - (cheap.totals.runningDay - hour(0.016) + hour(usd))) < 1e-4);
        const unknown = estimateCost(await stack("cheap", { database: { instanceClass: "db.x9z.large" } }), sheet);
        assert.deepEqual(unknown.unpriced.map((i) => i.what), ["RDS instance db.x9z.large (database)"]);
        assert.ok(Math.abs(unknown.totals.runningDay - (cheap.totals.runningDay - hour(0.016))) < 1e-4);
    });
});

describe("capacitySplit", () => {
    const service = (inputs: Record<string, unknown>): RecordedResource => recordedResource({ type: "aws:ecs/service:Service", name: "s", inputs });

    it("puts the base on its provider first, then splits the rest by weight", () => {
        const s = service({ capacityProviderStrategies: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 3 }] });
        assert.deepEqual(capacitySplit(s, [], 5), { onDemand: 2, spot: 3, spotByStrategy: true });
    });

    it("runs a launch-type service on demand", () => {
        assert.deepEqual(capacitySplit(service({ launchType: "FARGATE" }), [], 2), { onDemand: 2, spot: 0, spotByStrategy: false });
    });

    it("falls back to the cluster's default strategy when the service has neither", () => {
        const defaults = { ...service({}), inputs: { clusterName: "c1", defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] } };
        assert.deepEqual(capacitySplit(service({ cluster: "arn:aws:ecs:us-west-2:1:cluster/c1" }), [defaults], 2), { onDemand: 0, spot: 2, spotByStrategy: true });
    });
});

describe("cost/model capacitySplit, for any strategy", () => {
    const strategyService = (strategies: { capacityProvider: string; base: number; weight: number }[]): RecordedResource =>
        recordedResource({ type: "aws:ecs/service:Service", name: "svc", inputs: { capacityProviderStrategies: strategies } });
    const provider = fc.record({ capacityProvider: fc.constantFrom("FARGATE", "FARGATE_SPOT"), base: fc.integer({ min: 0, max: 5 }), weight: fc.integer({ min: 0, max: 5 }) });

    it("places every task, none twice, each base first on its provider, the rest by weight (ECS's capacity provider strategy)", () => {
        fc.assert(
            fc.property(fc.array(provider, { minLength: 1, maxLength: 2 }), fc.integer({ min: 0, max: 50 }), (strategies, tasks) => {
                const split = capacitySplit(strategyService(strategies), [], tasks);
                const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;
                if (!close(split.onDemand + split.spot, tasks) || split.onDemand < -1e-9 || split.spot < -1e-9) return false;
                const spotBase = strategies.filter((s) => s.capacityProvider === "FARGATE_SPOT").reduce((n, s) => n + s.base, 0);
                const baseTotal = strategies.reduce((n, s) => n + s.base, 0);
                // While the bases are not all filled, tasks go to bases only, in order.
                if (tasks <= baseTotal) {
                    let left = tasks;
                    let spot = 0;
                    for (const s of strategies) {
                        const take = Math.min(s.base, left);
                        left -= take;
                        if (s.capacityProvider === "FARGATE_SPOT") spot += take;
                    }
                    return close(split.spot, spot);
                }
                const weights = strategies.reduce((n, s) => n + s.weight, 0) || 1;
                const spotWeight = strategies.filter((s) => s.capacityProvider === "FARGATE_SPOT").reduce((n, s) => n + s.weight, 0);
                return close(split.spot, spotBase + (tasks - baseTotal) * (spotWeight / weights)) && split.spotByStrategy === strategies.some((s) => s.capacityProvider === "FARGATE_SPOT");
            }),
        );
    });
});

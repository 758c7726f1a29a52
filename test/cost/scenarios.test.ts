/**
 * The four scenarios side by side: idle, paused, scheduled (awake hours) and
 * traffic (a stated daily load), with and without the always-free
 * allowances; on the project's stacks and on hand-made records.
 */
import assert from "node:assert/strict";
import { DEFAULT_TRAFFIC, estimateCost, Scenario, scheduleOf, unpricedIn } from "../../cost/model";
import { loadSheet, regionPrices } from "../../cost/prices";
import { StackRecord } from "../../offline/record";
import { costHeader, costRows, costSummary } from "../../offline/render";
import { recordedResource, stack } from "../stacks";
import { close, line, pricesOf } from "./helpers";

const sheet = loadSheet("aws-2026-11");
const usd = pricesOf(sheet);
const D = sheet.daysPerMonth;
const WEEKDAYS = { timezone: "Europe/Berlin", awake: ["Mon-Fri 08:00-19:00"] };

describe("cost scenarios", function () {
    this.timeout(120_000);

    describe("the serverless stack", () => {
        for (const region of ["us-west-2", "us-east-1"]) {
            it(`costs at most $0.05/day idle and $0.10/day at 10,000 requests a day in ${region}`, async () => {
                const cost = estimateCost(await stack("serverless", { "aws:region": region }), sheet);
                assert.ok(cost.totals.runningDay > 0 && cost.totals.runningDay <= 0.05, `idle ${cost.totals.runningDay}`);
                assert.equal(cost.traffic.requestsPerDay, 10_000);
                assert.ok(cost.totals.trafficDay > cost.totals.runningDay && cost.totals.trafficDay <= 0.1, `traffic ${cost.totals.trafficDay}`);
                assert.equal(cost.unpriced.length, 0, cost.unpriced.map((i) => i.what).join("; "));
            });
        }

        it("prices the requests by hand: Lambda requests and GB-seconds (init phases included), API requests, DSQL units, data out", async () => {
            const cost = estimateCost(await stack("serverless"), sheet);
            const t = DEFAULT_TRAFFIC;
            close(line(cost, "Lambda requests (backend)").traffic, (t.requestsPerDay / 1e6) * usd("lambda.millionRequests"), "Lambda requests");
            const gbSeconds = ((t.requestsPerDay * t.requestMs + t.coldStartsPerDay * t.initMs) / 1000) * (512 / 1024);
            assert.equal(line(cost, "Lambda x86_64 compute, 512 MB (backend)").trafficQuantity, gbSeconds);
            close(line(cost, "Lambda x86_64 compute, 512 MB (backend)").traffic, gbSeconds * usd("lambda.x86.gbSecond"), "Lambda compute");
            close(line(cost, "API Gateway HTTP API requests (api)").traffic, (t.requestsPerDay / 1e6) * usd("apigateway.http.millionRequests"), "API requests");
            close(line(cost, "Aurora DSQL processing units (dsql)").traffic, ((t.requestsPerDay * t.dsqlDpusPerRequest) / 1e6) * usd("dsql.millionDpus"), "DSQL units");
            close(line(cost, "Data transfer out to the internet (api)").traffic, ((t.requestsPerDay * t.responseKb) / 1024 ** 2) * usd("dataTransfer.internetGbOut"), "data out");
            close(line(cost, "S3 requests (site)").traffic, ((t.pageViewsPerDay * t.originRequestsPerPageView) / 1000) * usd("s3.thousandGets"), "bucket requests");
            // Idle, none of these bills anything; the totals are the sum of the lines.
            assert.ok(cost.items.filter((i) => i.period === "usage").every((i) => i.running === 0 && i.paused === 0));
            close(
                cost.totals.trafficDay,
                cost.items.reduce((s, i) => s + i.traffic, 0),
                "traffic total",
                1e-5,
            );
        });

        it("scales the usage lines with the stated load, and leaves the fixed ones alone", async () => {
            const record = await stack("serverless");
            const base = estimateCost(record, sheet);
            const tenfold = estimateCost(record, sheet, { traffic: { ...DEFAULT_TRAFFIC, requestsPerDay: 100_000 } });
            close(line(tenfold, "API Gateway HTTP API requests (api)").traffic, 10 * line(base, "API Gateway HTTP API requests (api)").traffic, "API requests x10");
            close(line(tenfold, "Aurora DSQL storage (dsql)").traffic, line(base, "Aurora DSQL storage (dsql)").traffic, "storage unchanged");
            assert.equal(tenfold.totals.runningDay, base.totals.runningDay);
            const none = estimateCost(record, sheet, { traffic: { ...DEFAULT_TRAFFIC, requestsPerDay: 0, pageViewsPerDay: 0, coldStartsPerDay: 0 } });
            // No load: the traffic scenario is idle plus the deploys' invalidations (favicon.svg, the sample's one cacheable file that keeps its name).
            close(none.totals.trafficDay, none.totals.runningDay + line(none, "CloudFront invalidation paths (site)").traffic, "idle plus invalidations", 1e-6);
            close(line(none, "CloudFront invalidation paths (site)").trafficQuantity, 30 / D, "one path a deploy, 30 deploys a month");
        });

        it("takes the always-free allowances off only when asked, sharing one allowance between the lines of a price", async () => {
            const record = await stack("serverless");
            const paid = estimateCost(record, sheet);
            const free = estimateCost(record, sheet, { freeTier: true });
            assert.equal(paid.freeTier, false);
            assert.ok(paid.items.every((i) => i.free === undefined));
            // 300,000 requests and 8,400 GB-seconds a month are inside Lambda's 1 million and 400,000.
            assert.equal(line(free, "Lambda requests (backend)").traffic, 0);
            assert.equal(line(free, "Lambda x86_64 compute, 512 MB (backend)").traffic, 0);
            assert.match(line(free, "Lambda requests (backend)").free ?? "", /^1 million requests a month free \(https:\/\/aws\.amazon\.com\/lambda\/pricing/);
            // 0.1 GB of DSQL storage is inside the free 1 GB: idle costs less.
            assert.equal(line(free, "Aurora DSQL storage (dsql)").running, 0);
            assert.ok(free.totals.runningDay < paid.totals.runningDay);
            // API Gateway's free requests last 12 months only: not taken off.
            assert.equal(line(free, "API Gateway HTTP API requests (api)").traffic, line(paid, "API Gateway HTTP API requests (api)").traffic);
            // Beyond the allowance the rest is billed: 100,000 requests a day is about 3.04 million a month.
            const busy = estimateCost(record, sheet, { freeTier: true, traffic: { ...DEFAULT_TRAFFIC, requestsPerDay: 100_000 } });
            close(line(busy, "Lambda requests (backend)").traffic, ((0.1 * D - 1) * usd("lambda.millionRequests")) / D, "requests beyond the free million");
        });

        it("shares an allowance between lines of one price, in their order", () => {
            const record: StackRecord = {
                project: "p",
                stack: "s",
                config: { "aws:region": "us-west-2" },
                outputs: {},
                resources: [recordedResource({ type: "aws:cloudwatch/logGroup:LogGroup", name: "a" }), recordedResource({ type: "aws:cloudwatch/logGroup:LogGroup", name: "b" })],
            };
            // 3 GB a day per group is 91 GB a month: the first group takes the 5 free GB, the second pays in full.
            const traffic = { ...DEFAULT_TRAFFIC, requestsPerDay: 1_000_000, logBytesPerRequest: 3 * 1024 ** 3 / 1_000_000 };
            const cost = estimateCost(record, sheet, { freeTier: true, traffic });
            const perMonthGb = 3 * D;
            close(line(cost, "CloudWatch Logs ingestion (a)").traffic, ((perMonthGb - 5) * usd("logs.ingest.gb")) / D, "first group", 1e-5);
            close(line(cost, "CloudWatch Logs ingestion (b)").traffic, (perMonthGb * usd("logs.ingest.gb")) / D, "second group", 1e-5);
        });
    });

    describe("awake hours", () => {
        it("prices cheap on weekdays 08:00-19:00: what runs for 55 of 168 hours, what is kept all week", async () => {
            const cost = estimateCost(await stack("cheap", { schedule: WEEKDAYS }), sheet);
            assert.deepEqual(cost.schedule, { timezone: "Europe/Berlin", awake: ["Mon-Fri 08:00-19:00"], hoursPerWeek: 55, fraction: 55 / 168 });
            const fraction = 55 / 168;
            // The service is registered at 0 tasks (its scheduled actions own the count): idle is the awake count, 1 task.
            close(line(cost, "Fargate Spot vCPU (backend)").running, 0.25 * usd("fargateSpot.x86.vcpuHour") * 24, "the task idle");
            close(line(cost, "Fargate Spot vCPU (backend)").scheduled, 0.25 * usd("fargateSpot.x86.vcpuHour") * 24 * fraction, "the task scheduled");
            close(line(cost, "Public IPv4 of tasks (backend)").scheduled, usd("ipv4.hour") * 24 * fraction, "its address");
            close(line(cost, "RDS instance db.t4g.micro (database)").scheduled, regionPrices(sheet, "us-west-2").rdsInstanceHour["db.t4g.micro"].usd * 24 * fraction, "the instance");
            assert.equal(line(cost, "RDS gp3 storage (database)").scheduled, line(cost, "RDS gp3 storage (database)").running);
            // Every line the schedule changes is one pausing stops: scheduled = paused + awake share of the difference.
            close(cost.totals.scheduledDay, cost.totals.pausedDay + (cost.totals.runningDay - cost.totals.pausedDay) * fraction, "the week's day", 1e-5);
            close(cost.totals.scheduledMonth, (cost.totals.scheduledDay ?? 0) * D, "a month", 1e-3);
        });

        it("prices the same as always-on without a schedule, and shows no scheduled scenario", async () => {
            const plain = estimateCost(await stack("cheap"), sheet);
            const scheduled = estimateCost(await stack("cheap", { schedule: WEEKDAYS }), sheet);
            assert.equal(plain.schedule, undefined);
            assert.equal(plain.totals.scheduledDay, undefined);
            assert.ok(plain.items.every((i) => i.scheduled === undefined && i.scheduledQuantity === undefined));
            assert.equal(scheduled.totals.runningDay, plain.totals.runningDay, "idle is the same stack always awake");
            assert.ok((scheduled.totals.scheduledDay ?? Infinity) < plain.totals.runningDay);
        });

        it("reads the schedule from the record's config, and names the key when it is not valid", () => {
            const record = (value: string): StackRecord => ({ project: "p", stack: "s", config: { "aws:region": "us-west-2", "shop:schedule": value }, outputs: {}, resources: [] });
            assert.equal(scheduleOf(record(JSON.stringify({ awake: ["Sat 10:00-14:00", "Sun 10:00-12:00"] })))?.hoursPerWeek, 6);
            assert.equal(scheduleOf(record(JSON.stringify({ awake: ["Sat 10:00-14:00"] })))?.timezone, "UTC");
            assert.throws(() => scheduleOf(record("{not json")), /^Error: shop:schedule is not JSON: \{not json$/);
            assert.throws(() => scheduleOf(record(JSON.stringify({ awake: ["Someday 10:00-14:00"] }))), /shop:schedule has an awake window that is not valid/);
            assert.throws(() => scheduleOf(record(JSON.stringify({ awake: [] }))), /shop:schedule has an awake window that is not valid/);
        });
    });

    describe("what the sheet cannot price", () => {
        it("leaves an item the sheet lacks out of the totals, lists it, and says the totals are what is priced", async () => {
            const record = await stack("cheap");
            const full = estimateCost(record, sheet);
            const lacking = structuredClone(sheet);
            delete lacking.regions["us-west-2"].prices["secretsManager.secretMonth"];
            const cost = estimateCost(record, lacking);
            assert.deepEqual(cost.unpriced.map((i) => i.what), ["Secrets Manager secret: database password (database)"]);
            close(cost.totals.runningDay, full.totals.runningDay - line(full, "Secrets Manager secret: database password (database)").running, "the rest", 1e-5);
            assert.match(costSummary(cost), /^idle \$0\.\d\d\/day \+ unpriced \(\$\d+\.\d\d\/month \+ unpriced\), paused \$0\.\d\d\/day \+ unpriced/);
            assert.doesNotMatch(costSummary(full), /unpriced/);
            assert.equal(costRows(cost).find((r) => r[0].startsWith("Secrets Manager"))?.[3], "unpriced");
        });

        it("says + unpriced only on the totals a missing price would change", async () => {
            const record = await stack("cheap");
            const lacking = structuredClone(sheet);
            delete lacking.regions["us-west-2"].prices["apigateway.http.millionRequests"];
            const cost = estimateCost(record, lacking);
            assert.deepEqual(cost.unpriced.map((i) => i.what), ["API Gateway HTTP API requests (api)"]);
            assert.deepEqual(["running", "paused", "scheduled", "traffic"].map((s) => unpricedIn(cost, s as Scenario).length), [0, 0, 0, 1]);
            const summary = costSummary(cost);
            assert.match(summary, /^idle \$0\.\d\d\/day \(\$\d+\.\d\d\/month\), paused \$0\.\d\d\/day \(/);
            assert.match(summary, /at 10,000 requests\/day \$0\.\d\d\/day \+ unpriced \(\$\d+\.\d\d\/month \+ unpriced\)$/);
        });

        it("prices nothing in a region the sheet does not cover, without failing", async () => {
            const record = await stack("cheap");
            const cost = estimateCost({ ...record, config: { ...record.config, "aws:region": "ap-southeast-8" } }, sheet);
            assert.equal(cost.regionCovered, false);
            assert.equal(cost.totals.runningDay, 0);
            assert.ok(cost.unpriced.length > 5);
            assert.deepEqual(cost.unpriced, cost.items.filter((i) => i.quantity > 0 || i.pausedQuantity > 0 || i.trafficQuantity > 0));
            assert.equal(estimateCost(record, sheet).regionCovered, true);
        });
    });

    describe("in the plan", () => {
        it("shows one column per scenario, the scheduled one only with a schedule, and every total on one line", async () => {
            const plain = estimateCost(await stack("serverless"), sheet);
            assert.deepEqual(costHeader(plain), ["Item", "Quantity", "Unit price", "$/day idle", "$/day paused", "$/day at 10,000 requests/day"]);
            assert.ok(costRows(plain).every((row) => row.length === 6));
            assert.match(costSummary(plain), /^idle \$0\.0\d\/day \(\$\d+\.\d\d\/month\), paused \$0\.0\d\/day \(\$\d+\.\d\d\/month\), at 10,000 requests\/day \$0\.\d\d\/day/);
            const scheduled = estimateCost(await stack("cheap", { schedule: WEEKDAYS }), sheet);
            assert.deepEqual(costHeader(scheduled).slice(3), ["$/day idle", "$/day paused", "$/day scheduled", "$/day at 10,000 requests/day"]);
            assert.match(costSummary(scheduled), /, scheduled \(55 awake hours a week\) \$0\.\d\d\/day/);
            const row = costRows(scheduled).find((r) => r[0] === "RDS instance db.t4g.micro (database)");
            assert.deepEqual(row?.slice(3), ["$0.38", "$0.00", "$0.13", "$0.38"]);
        });
    });
});

/**
 * The price sheet across regions: every item the project's stacks bill has a
 * price in every region of the sheet, but for the gaps listed here, each with
 * why (the service is not offered there, or AWS's price feed had no number).
 * A gap that closes, or a new one, fails the test.
 */
import assert from "node:assert/strict";
import { estimateCost } from "../../cost/model";
import { DEFAULT_SHEET, loadSheet } from "../../cost/prices";
import { DSQL_CONFIRMED_REGIONS } from "../../lib/aws-data/dsql-regions";
import { StackRecord } from "../../offline/record";
import { stack } from "../stacks";

const sheet = loadSheet(DEFAULT_SHEET);
const DSQL = ["dsql.millionDpus", "dsql.storage.gbMonth"];
/** Regions where the sheet prices Aurora DSQL. */
const DSQL_PRICED = ["us-east-1", "us-east-2", "us-west-2", "ap-northeast-1", "ap-northeast-3", "eu-west-1", "eu-west-2", "eu-west-3"];
/**
 * DSQL is offered in these (lib/aws-data/dsql-regions.ts), but no price for
 * them was found: the copies of AWS's price feed read stop at GA day
 * (2025-05-27), before these Regions were added, and the stored copies of the
 * pricing page carry no Region's numbers.
 */
const DSQL_OFFERED_UNPRICED = ["us-west-1", "ap-northeast-2", "eu-central-1", "ap-southeast-2", "ap-southeast-4", "ca-central-1", "ca-west-1", "ap-east-1", "ap-south-1", "ap-southeast-1", "eu-north-1", "sa-east-1"];
/** The AWS price feed the sheet's regions come from lists no HTTP API (only REST and WebSocket APIs) in these. */
const NO_HTTP_API_PRICE = ["ap-east-2", "mx-central-1", "ap-southeast-6"];
/** New Zealand (ap-southeast-6) opened in 2025: the feed had only some of its prices. */
const NEW_ZEALAND = ["cloudMap.instanceMonth", "rds:db.t4g.micro", "rds.gp3.gbMonth", "secretsManager.secretMonth", "ecr.storage.gbMonth", "dataTransfer.internetGbOut", "alb.hour", "alb.lcuHour"];

/** The price keys a stack bills with that a region's prices lack. */
function missing(record: StackRecord, region: string): string[] {
    const cost = estimateCost({ ...record, config: { ...record.config, "aws:region": region } }, sheet);
    return [...new Set(cost.items.filter((i) => i.unitPrice === undefined).map((i) => i.priceKey))].sort();
}

/** The gaps the sheet is known to have for a stack in a region. */
function knownGaps(record: StackRecord, region: string): string[] {
    const keys = new Set(estimateCost(record, sheet).items.map((i) => i.priceKey));
    const gaps = new Set<string>();
    if (!DSQL_PRICED.includes(region)) DSQL.forEach((k) => gaps.add(k));
    if (NO_HTTP_API_PRICE.includes(region)) gaps.add("apigateway.http.millionRequests");
    if (region === "ap-southeast-6") NEW_ZEALAND.forEach((k) => gaps.add(k));
    // The feed lists no Graviton (t4g) class in Calgary.
    if (region === "ca-west-1") gaps.add("rds:db.t4g.micro");
    return [...gaps].filter((k) => keys.has(k)).sort();
}

describe("the price sheet in every region", function () {
    this.timeout(120_000);
    const records = new Map<string, StackRecord>();
    before(async () => {
        for (const name of ["cheap", "dev", "serverless"]) records.set(name, await stack(name));
    });

    it("covers every commercial region found priced, us-east-1 and us-west-2 among them", () => {
        const regions = Object.keys(sheet.regions);
        assert.ok(regions.length >= 30, `${regions.length} regions`);
        for (const region of ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1", "ca-central-1"]) {
            assert.ok(regions.includes(region), region);
        }
    });

    for (const name of ["cheap", "dev", "serverless"]) {
        it(`prices every item of stack ${name} in every region, but for the known gaps`, () => {
            const record = records.get(name)!;
            const wrong: string[] = [];
            for (const region of Object.keys(sheet.regions)) {
                const got = missing(record, region);
                const expected = knownGaps(record, region);
                if (got.join() !== expected.join()) wrong.push(`${region}: lacks ${got.join(", ") || "nothing"}, expected ${expected.join(", ") || "nothing"}`);
            }
            assert.deepEqual(wrong, []);
        });
    }

    it("prices cheap and dev in full in the six regions users ask for first, and serverless wherever DSQL is priced", () => {
        for (const region of ["eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1", "ca-central-1"]) {
            assert.deepEqual(missing(records.get("cheap")!, region), [], `cheap in ${region}`);
            assert.deepEqual(missing(records.get("dev")!, region), [], `dev in ${region}`);
        }
        for (const region of DSQL_PRICED) {
            assert.deepEqual(missing(records.get("serverless")!, region), [], `serverless in ${region}`);
            assert.ok(DSQL_CONFIRMED_REGIONS[region], `DSQL is priced in ${region}, where it is confirmed offered`);
        }
        // Every Region where DSQL is confirmed is either priced or a known gap.
        assert.deepEqual(Object.keys(DSQL_CONFIRMED_REGIONS).filter((r) => !DSQL_PRICED.includes(r)).sort(), [...DSQL_OFFERED_UNPRICED].sort());
    });

    it("prices the instance classes users move up to, beyond the ones named in the sheet (the region's table)", () => {
        const priced = (cls: string, region: string) => {
            const record = records.get("cheap")!;
            const moved: StackRecord = { ...record, config: { ...record.config, "aws:region": region }, resources: record.resources.map((r) => (r.type === "aws:rds/instance:Instance" ? { ...r, inputs: { ...r.inputs, instanceClass: cls } } : r)) };
            return estimateCost(moved, sheet).items.find((i) => i.priceKey === `rds:${cls}`)?.unitPrice;
        };
        assert.ok((priced("db.r6g.large", "us-west-2") ?? 0) > 0.2);
        assert.ok((priced("db.m6g.xlarge", "eu-west-1") ?? 0) > 0.3);
        assert.equal(priced("db.nope.large", "us-west-2"), undefined);
    });
});

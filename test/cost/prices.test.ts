/** The price sheets: listed by name, loaded by name only, and refused when malformed, naming where. */
import assert from "node:assert/strict";
import { checkSheet, DEFAULT_SHEET, listSheets, loadSheet, PriceSheet, rdsInstancePrice, RegionPrices, regionPrices } from "../../cost/prices";

const good = (): PriceSheet => structuredClone(loadSheet(DEFAULT_SHEET));
const refused = (change: (s: PriceSheet & Record<string, unknown>) => void, message: RegExp) => {
    const sheet = good() as PriceSheet & Record<string, unknown>;
    change(sheet);
    assert.throws(() => checkSheet(sheet, "sheet.json"), (e: Error) => e.message.startsWith("sheet.json: ") && message.test(e.message));
};
type Prices = Record<string, { usd: unknown; source: unknown }>;
const firstPrices = (s: PriceSheet) => Object.values(s.regions)[0].prices as unknown as Prices;

describe("cost/prices", () => {
    it("lists the shipped sheets by name, sorted, without the extension", () => {
        assert.deepEqual(listSheets(), ["aws-2026-11", "writeup-2023"]);
        assert.equal(loadSheet().name, DEFAULT_SHEET);
    });

    it("loads a sheet by its name only, naming the sheets there are when it cannot", () => {
        for (const name of ["nope", "../cost/sheets/aws-2026-11", "AWS-2026-11", "aws-2026-11.json", ""]) {
            assert.throws(() => loadSheet(name), /^Error: no price sheet ".*"; sheets: aws-2026-11, writeup-2023$/, name);
        }
    });

    it("accepts the shipped sheets, and months of 28 to 31 days", () => {
        for (const name of listSheets()) assert.ok(checkSheet(loadSheet(name), name));
        for (const days of [27.5, 28, 30.4167, 31.9]) {
            const sheet = good();
            sheet.daysPerMonth = days;
            assert.doesNotThrow(() => checkSheet(sheet, "sheet.json"), String(days));
        }
        const free = good();
        firstPrices(free)[Object.keys(firstPrices(free))[0]].usd = 0;
        assert.doesNotThrow(() => checkSheet(free, "sheet.json"), "a free item is a price");
    });

    it("refuses a malformed sheet, saying what and where", () => {
        refused((s) => (s.date = "2026-11"), /date "2026-11" is not YYYY-MM-DD/);
        refused((s) => (s.date = "x2026-11-26"), /is not YYYY-MM-DD/);
        refused((s) => (s.date = "2026-11-26x"), /is not YYYY-MM-DD/);
        for (const days of [27, 32, Number.NaN]) refused((s) => (s.daysPerMonth = days), /daysPerMonth .* is not a month/);
        const key = () => Object.keys(firstPrices(good()))[0];
        refused((s) => (firstPrices(s)[key()].usd = -1), /usd must be a number >= 0/);
        refused((s) => (firstPrices(s)[key()].usd = "1"), /usd must be a number >= 0/);
        refused((s) => (firstPrices(s)[key()].usd = Number.NaN), /usd must be a number >= 0/);
        refused((s) => (firstPrices(s)[key()].source = "aws"), /every price needs a source/);
        refused((s) => (firstPrices(s)[key()].source = undefined), /every price needs a source/);
        refused((s) => ((firstPrices(s) as Record<string, unknown>)["fargate.x86.cpuHour"] = { usd: 1, source: "https://aws.amazon.com/fargate/pricing/" }), /unknown price key "fargate.x86.cpuHour"/);
        refused((s) => {
            const region = Object.values(s.regions)[0] as unknown as { rdsInstanceHour: Prices };
            region.rdsInstanceHour["db.t4g.micro"].source = "";
        }, /rds db.t4g.micro: every price needs a source/);
        refused((s) => ((Object.values(s.regions)[0] as unknown as { prices: Record<string, unknown> }).prices[key()] = undefined), /usd must be a number >= 0/);
    });

    it("gives a region's prices, or says which regions it has", () => {
        assert.ok(regionPrices(good(), "us-west-2").prices);
        assert.throws(() => regionPrices(good(), "xx-nowhere-1"), /^Error: price sheet aws-2026-11 has no prices for region xx-nowhere-1; regions: af-south-1, ap-east-1, .*, us-east-1, us-east-2, us-west-1, us-west-2$/);
    });

    it("prices an RDS class from its own entry first, then from the region's table, else not at all", () => {
        const region: RegionPrices = {
            prices: {},
            rdsInstanceHour: { "db.t4g.micro": { usd: 0.016, source: "https://example.com/own" } },
            rdsInstanceHourTable: { source: "https://example.com/table", note: "a table", usd: { "db.t4g.micro": 9, "db.r6g.large": 0.225 } },
        };
        assert.deepEqual(rdsInstancePrice(region, "db.t4g.micro"), { usd: 0.016, source: "https://example.com/own" });
        assert.deepEqual(rdsInstancePrice(region, "db.r6g.large"), { usd: 0.225, source: "https://example.com/table", note: "a table" });
        assert.equal(rdsInstancePrice(region, "db.m5.large"), undefined);
        assert.equal(rdsInstancePrice(region, "constructor"), undefined);
        assert.equal(rdsInstancePrice({ prices: {}, rdsInstanceHour: {} }, "db.r6g.large"), undefined);
    });

    it("refuses a region's class table with a bad class, a negative price or no source", () => {
        const withTable = (table: unknown) => {
            const s = good();
            (s.regions["us-west-2"] as unknown as { rdsInstanceHourTable: unknown }).rdsInstanceHourTable = table;
            return () => checkSheet(s, "sheet.json");
        };
        assert.throws(withTable({ source: "https://example.com/t", usd: { "db.R6G.large": 1 } }), /us-west-2 rds table: db\.R6G\.large 1 is not a class and a price >= 0/);
        assert.throws(withTable({ source: "https://example.com/t", usd: { "db.r6g.large": -1 } }), /us-west-2 rds table: db\.r6g\.large -1 is not/);
        assert.throws(withTable({ source: "", usd: {} }), /us-west-2 rds table: every price needs a source/);
        assert.doesNotThrow(withTable({ source: "https://example.com/t", usd: { "db.r6g.large": 0.2 } }));
    });
});

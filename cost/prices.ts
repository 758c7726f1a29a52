/**
 * Price sheets: unit prices as data, dated, each with its source.
 *
 * A sheet prices what it lists and nothing else: an item the sheet has no
 * price for is reported as unpriced, never guessed. A region the sheet does
 * not cover is an error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findProjectDir } from "../lib/project-dir";

/** The unit prices the cost model knows how to use. */
export const PRICE_KEYS = [
    "fargate.x86.vcpuHour",
    "fargate.x86.gbHour",
    "fargate.arm.vcpuHour",
    "fargate.arm.gbHour",
    "fargateSpot.x86.vcpuHour",
    "fargateSpot.x86.gbHour",
    "fargateSpot.arm.vcpuHour",
    "fargateSpot.arm.gbHour",
    "ipv4.hour",
    "alb.hour",
    "alb.lcuHour",
    "rds.gp3.gbMonth",
    "rds.gp2.gbMonth",
    "aurora.acuHour",
    "aurora.storage.gbMonth",
    "nat.hour",
    "nat.gbProcessed",
    "vpcEndpoint.azHour",
    "route53.zoneMonth",
    "cloudMap.instanceMonth",
    "secretsManager.secretMonth",
    "ssm.standardParameterMonth",
    "logs.ingest.gb",
    "logs.storage.gbMonth",
    "ecr.storage.gbMonth",
    "apigateway.http.millionRequests",
    "cloudfront.gbOut",
    "cloudfront.tenThousandHttpsRequests",
    "cloudfront.invalidationPath",
    "s3.storage.gbMonth",
    "s3.thousandGets",
    "dynamodb.millionWriteUnits",
    "dynamodb.millionReadUnits",
    "dynamodb.storage.gbMonth",
    "dynamodb.pitr.gbMonth",
    "lambda.millionRequests",
    "lambda.x86.gbSecond",
    "lambda.arm.gbSecond",
    "dsql.millionDpus",
    "dsql.storage.gbMonth",
    "dataTransfer.internetGbOut",
] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];

/** One unit price and where it comes from. */
export interface Price {
    /** US dollars per unit. */
    usd: number;
    /** The page or document the number was read from. */
    source: string;
    /** What is assumed or derived (for example a share of another price). */
    note?: string;
    /** A monthly allowance AWS gives every account for good ("always free"), in the price's unit; applied only when asked for. */
    free?: { perMonth: number; source: string };
}

/** Prices of one region. */
export interface RegionPrices {
    prices: Partial<Record<PriceKey, Price>>;
    /** RDS single-AZ instance prices per hour, by instance class, each with its source. */
    rdsInstanceHour: Record<string, Price>;
    /**
     * Every other single-AZ PostgreSQL class the region offers, from one
     * source (a price list table): dollars an hour by class. A class in
     * `rdsInstanceHour` wins.
     */
    rdsInstanceHourTable?: { source: string; note?: string; usd: Record<string, number> };
}

/** The hourly price of an RDS PostgreSQL instance class in a region, from its own entry or the region's table; undefined when neither has it. */
export function rdsInstancePrice(prices: RegionPrices, instanceClass: string): Price | undefined {
    if (Object.hasOwn(prices.rdsInstanceHour, instanceClass)) return prices.rdsInstanceHour[instanceClass];
    const table = prices.rdsInstanceHourTable;
    if (table === undefined || !Object.hasOwn(table.usd, instanceClass)) return undefined;
    return { usd: table.usd[instanceClass], source: table.source, ...(table.note ? { note: table.note } : {}) };
}

export interface PriceSheet {
    /** Short name, used on the command line (`--sheet`). */
    name: string;
    /** When the prices were read. */
    date: string;
    description: string;
    currency: "USD";
    /** Days in a month for monthly prices (AWS bills 730 hours a month). */
    daysPerMonth: number;
    regions: Record<string, RegionPrices>;
}

/** Where the sheets live. */
export const SHEETS_DIR = path.join(findProjectDir(__dirname), "cost", "sheets");

/** The sheet used unless another is asked for. */
export const DEFAULT_SHEET = "aws-2026-11";

/** Names of the sheets shipped with the project. */
export function listSheets(): string[] {
    return fs
        .readdirSync(SHEETS_DIR)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -".json".length))
        .sort();
}

/** Loads and checks a shipped sheet by name. */
export function loadSheet(name: string = DEFAULT_SHEET): PriceSheet {
    const file = path.join(SHEETS_DIR, `${name}.json`);
    if (!/^[a-z0-9-]+$/.test(name) || !fs.existsSync(file)) {
        throw new Error(`no price sheet "${name}"; sheets: ${listSheets().join(", ")}`);
    }
    return checkSheet(JSON.parse(fs.readFileSync(file, "utf8")) as PriceSheet, file);
}

/** Checks a sheet's shape: every price a non-negative number with a source. */
export function checkSheet(sheet: PriceSheet, origin: string): PriceSheet {
    const fail = (what: string): never => {
        throw new Error(`${origin}: ${what}`);
    };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(sheet.date ?? "")) fail(`date "${sheet.date}" is not YYYY-MM-DD`);
    if (!(sheet.daysPerMonth > 27 && sheet.daysPerMonth < 32)) fail(`daysPerMonth ${sheet.daysPerMonth} is not a month`);
    const checkPrice = (where: string, price: Price | undefined): void => {
        if (!price || typeof price.usd !== "number" || !(price.usd >= 0)) fail(`${where}: usd must be a number >= 0`);
        if (typeof price?.source !== "string" || price.source.length < 8) fail(`${where}: every price needs a source`);
        if (price?.free !== undefined && (!(price.free.perMonth > 0) || typeof price.free.source !== "string" || price.free.source.length < 8)) fail(`${where}: a free allowance needs perMonth > 0 and a source`);
    };
    for (const [region, prices] of Object.entries(sheet.regions ?? {})) {
        for (const [key, price] of Object.entries(prices.prices ?? {})) {
            if (!(PRICE_KEYS as readonly string[]).includes(key)) fail(`${region}: unknown price key "${key}"`);
            checkPrice(`${region} ${key}`, price);
        }
        for (const [cls, price] of Object.entries(prices.rdsInstanceHour ?? {})) {
            checkPrice(`${region} rds ${cls}`, price);
        }
        const table = prices.rdsInstanceHourTable;
        if (table !== undefined) {
            checkPrice(`${region} rds table`, { usd: 0, source: table.source });
            for (const [cls, usd] of Object.entries(table.usd ?? {})) {
                if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(cls) || typeof usd !== "number" || !(usd >= 0)) fail(`${region} rds table: ${cls} ${String(usd)} is not a class and a price >= 0`);
            }
        }
    }
    return sheet;
}

/** The prices of a region; an unknown region is an error, not a guess. */
export function regionPrices(sheet: PriceSheet, region: string): RegionPrices {
    const prices = sheet.regions[region];
    if (!prices) {
        throw new Error(`price sheet ${sheet.name} has no prices for region ${region}; regions: ${Object.keys(sheet.regions).sort().join(", ")}`);
    }
    return prices;
}

/** Shared helpers of the cost model tests: the sheet's unit prices, an estimate's lines, and sums compared as computed by hand. */
import assert from "node:assert/strict";
import { CostEstimate, LineItem } from "../../cost/model";
import { PriceSheet, regionPrices } from "../../cost/prices";

/** A sheet's unit prices: the dollars of a price key in a region (us-west-2 unless named); fails when the sheet has none. */
export function pricesOf(sheet: PriceSheet): (key: string, region?: string) => number {
    return (key, region = "us-west-2") => {
        const found = (regionPrices(sheet, region).prices as Record<string, { usd: number } | undefined>)[key];
        assert.ok(found, `the sheet prices ${key}`);
        return found.usd;
    };
}

/** The estimate's line of that name; fails, listing the lines, when there is none. */
export function line(estimate: CostEstimate, what: string): LineItem {
    const found = estimate.items.find((i) => i.what === what);
    assert.ok(found, `a line "${what}" among: ${estimate.items.map((i) => i.what).join("; ")}`);
    return found;
}

/** Asserts that a figure is the one computed by hand, within `within` (a millionth of a dollar unless given). */
export function close(actual: number | undefined, expected: number, what: string, within = 1e-6): void {
    assert.ok(actual !== undefined && Math.abs(actual - expected) < within, `${what}: ${actual}, by hand ${expected}`);
}

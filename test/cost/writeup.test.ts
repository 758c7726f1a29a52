import assert from "node:assert/strict";
import { CostEstimate, estimateCost } from "../../cost/model";
import { loadSheet } from "../../cost/prices";
import { stack } from "../stacks";

/**
 * The write-up's own figures, reproduced by building the stacks and pricing
 * them with the write-up's 2023 unit prices (cost/sheets/writeup-2023.json).
 */
const within = (actual: number, expected: number, tolerance = 0.03): void => {
    assert.ok(Math.abs(actual - expected) / expected <= tolerance, `${actual} is not within ${tolerance * 100}% of ${expected}`);
};
const sum = (cost: CostEstimate, match: RegExp, scenario: "running" | "paused" = "running"): number =>
    cost.items.filter((i) => match.test(i.what)).reduce((total, i) => total + i[scenario], 0);

describe("cost model with the write-up's 2023 prices", () => {
    const sheet = loadSheet("writeup-2023");

    it("prices the homework design at about $1.60/day: RDS $0.46 + ALB $0.54 + two tasks $0.592", async () => {
        const cost = estimateCost(await stack("dev"), sheet);
        within(cost.totals.runningDay, 1.6);
        within(sum(cost, /^RDS /), 0.46);
        within(sum(cost, /^Application Load Balancer/), 0.54);
        within(sum(cost, /^Fargate (vCPU|memory)/), 0.592);
        // Two tasks of 0.25 vCPU / 0.5 GB, as in the write-up.
        assert.deepEqual(cost.items.filter((i) => /^Fargate vCPU/.test(i.what)).map((i) => i.quantity), [0.25, 0.25]);
    });

    it("prices the cheap design at about $0.55/day running", async () => {
        const cost = estimateCost(await stack("cheap"), sheet);
        within(cost.totals.runningDay, 0.55);
        // The Spot task: "$0.088/day" in the write-up.
        within(sum(cost, /^Fargate Spot/), 0.088);
    });

    it("prices the cheap design paused at the write-up's $0.077/day of RDS storage (its headline rounds to $0.08)", async () => {
        const cost = estimateCost(await stack("cheap"), sheet);
        within(cost.totals.pausedDay, 0.077);
        within(cost.totals.pausedDay, 0.08, 0.05);
        assert.deepEqual(
            cost.items.filter((i) => i.paused > 0).map((i) => i.what),
            ["RDS gp3 storage (database)"],
        );
    });

    it("charges nothing for public IPv4 addresses: the 2023 sheet predates that charge", async () => {
        const cost = estimateCost(await stack("dev"), sheet);
        const ipv4 = cost.items.filter((i) => i.priceKey === "ipv4.hour");
        assert.ok(ipv4.length >= 2, "the addresses are still listed");
        assert.ok(ipv4.every((i) => i.unitPrice === undefined && i.running === 0));
        assert.ok(cost.unpriced.some((i) => i.priceKey === "ipv4.hour"));
    });
});

/**
 * The project's stacks run in the regions users ask for first, end to end:
 * the offline plan (run in the region, priced, checked against AWS's rules),
 * the README's cost section and diagrams from those plans, and the policy
 * pack under each stack's policy config (with the lookups the policy CLI
 * passes). Cheap and dev are priced in full everywhere. Aurora DSQL is
 * confirmed offered in all six (lib/aws-data/dsql-regions.ts), so no plan
 * warns about its Region; serverless is priced in full where the sheet prices
 * DSQL, and elsewhere the plan says in one line what it cannot price.
 */
import assert from "node:assert/strict";
import { estimateCost } from "../../cost/model";
import { DEFAULT_SHEET, loadSheet } from "../../cost/prices";
import { dsqlAvailability } from "../../lib/aws-data/dsql-regions";
import { awsSummary, checkAws } from "../../offline/aws-checks";
import { Plan, PLAN_FORMAT_VERSION } from "../../offline/plan";
import { defaultConfigFile, withLookups } from "../../offline/policy-cli";
import { readPolicyConfig } from "../../offline/policy-config";
import { renderCostsSection, renderProfileDiagramsSection } from "../../offline/readme";
import { renderText } from "../../offline/render";
import { ACKNOWLEDGED } from "../../policy/src/acknowledge";
import { Violation } from "../policy/harness";
import { check, PolicyConfig } from "../policy/programs";
import { stack } from "../stacks";

const REGIONS = ["eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1", "ca-central-1"];
const STACKS = ["cheap", "dev", "serverless"];
const sheet = loadSheet(DEFAULT_SHEET);

/**
 * Of the six, where the sheet has no DSQL price (the gaps of
 * test/cost/regions.test.ts): AWS offers DSQL there (Frankfurt since
 * 2025-10-23, Sydney and Canada Central since 2026-02-11, São Paulo since
 * 2026-05-11, per its release notes), but no price for them was found.
 */
const DSQL_UNPRICED = ["eu-central-1", "ap-southeast-2", "sa-east-1", "ca-central-1"];
const DSQL_ITEMS = ["Aurora DSQL processing units (dsql)", "Aurora DSQL storage (dsql)"];
/** Of those, what bills while idle or paused, so what the daily budget misses: DPUs bill only under traffic. */
const DSQL_IDLE_ITEMS = ["Aurora DSQL storage (dsql)"];

/**
 * Where the region's prices put a stack over its policy config's daily
 * budget (cheap $1.00 running and $0.20 paused, mandatory; dev $2.50 and
 * $1.25, advisory; serverless $0.10 and $0.10, mandatory): nowhere else.
 */
const OVER_BUDGET: Record<string, ("running" | "paused")[]> = {
    "cheap sa-east-1": ["running"],
    "dev eu-central-1": ["running"],
    "dev ap-southeast-2": ["running"],
    "dev ap-northeast-1": ["running"],
    "dev sa-east-1": ["running", "paused"],
};

/** The plan the offline CLI builds for a stack in a region (offline/plan.ts), from the shared record. */
async function planIn(name: string, region: string): Promise<Plan> {
    const record = await stack(name, { "aws:region": region });
    const findings = await checkAws(record);
    return { version: PLAN_FORMAT_VERSION, stack: name, record, cost: estimateCost(record, sheet), aws: { ...awsSummary(findings), findings } };
}

/** The stack's policy config (policy/config/<stack>.json) with the record's lookups, as the policy CLI passes it. */
function policyConfig(plan: Plan): PolicyConfig {
    return withLookups(readPolicyConfig(defaultConfigFile(plan.stack)!), plan.record) as PolicyConfig;
}

const money = (usd: number) => `$${usd.toFixed(2)}`;
const brief = (found: Violation[]) => found.map((v) => `${v.policy} (${v.level}): ${v.message.slice(0, 200)}`).join("\n") || "none";

describe("the stacks in the six regions users ask for first", function () {
    this.timeout(120_000);

    it("knows DSQL is offered in all six and where it is unpriced, as lib/aws-data/dsql-regions.ts and the sheet say", () => {
        assert.deepEqual(REGIONS.filter((r) => dsqlAvailability(r) !== "offered"), []);
        assert.deepEqual(REGIONS.filter((r) => sheet.regions[r]?.prices["dsql.millionDpus"] === undefined), DSQL_UNPRICED);
        for (const region of REGIONS) assert.ok(sheet.regions[region], `the sheet covers ${region}`);
    });

    for (const region of REGIONS) {
        for (const name of STACKS) {
            const dsqlGap = name === "serverless" && DSQL_UNPRICED.includes(region);
            const what = dsqlGap ? "DSQL offered but not in the sheet: one line naming what is unpriced" : "priced in full";
            const over = OVER_BUDGET[`${name} ${region}`] ?? [];
            const verdict = dsqlGap || over.length > 0 ? `reports the daily budget (${[...(dsqlGap ? ["cannot be checked"] : []), ...over.map((s) => `over ${s}`)].join(", ")}) and nothing else` : "raises nothing but acknowledged trade-offs";
            it(`stack ${name} in ${region}: the plan succeeds, ${what}; the policy pack runs and ${verdict}`, async () => {
                const plan = await planIn(name, region);
                const { cost, aws } = plan;
                assert.equal(cost.region, region);
                assert.equal(plan.record.outputs.region, region, "the program ran in the region");
                assert.equal(aws.errors, 0, `nothing AWS would refuse: ${aws.findings.map((f) => f.message).join("\n")}`);
                const text = renderText(plan);
                const costLine = text.split("\n").find((l) => l.startsWith("Cost: "))!;

                if (!dsqlGap) {
                    assert.deepEqual(cost.unpriced.map((i) => i.what), [], "every item priced");
                    assert.ok(cost.totals.runningDay > 0 && !costLine.includes("unpriced"), costLine);
                    assert.deepEqual(aws.findings, [], "no AWS warning");
                } else {
                    assert.deepEqual(cost.unpriced.map((i) => i.what), DSQL_ITEMS, "only DSQL is unpriced");
                    const notPriced = text.split("\n").filter((l) => l.includes("Aurora DSQL processing units (dsql); Aurora DSQL storage (dsql)"));
                    assert.deepEqual(notPriced, ["Not in the sheet, left out of the totals (which are what is priced, + unpriced): Aurora DSQL processing units (dsql); Aurora DSQL storage (dsql)."]);
                    assert.deepEqual(aws.findings, [], "DSQL is confirmed offered there: no AWS warning");
                    assert.ok(!text.includes("Aurora DSQL is not confirmed offered"), "no DSQL region warning");
                }

                const config = policyConfig(plan);
                const found = await check(plan.record, undefined, config);
                assert.deepEqual(found.filter((v) => v.message.startsWith("can't run policy")), [], "every policy ran");
                const budget = config["daily-budget"] as { enforcementLevel: string; runningUsdPerDay: number; pausedUsdPerDay: number };
                assert.deepEqual(
                    (["running", "paused"] as const).filter((s) => (s === "running" ? cost.totals.runningDay > budget.runningUsdPerDay : cost.totals.pausedDay > budget.pausedUsdPerDay)),
                    over,
                    `the totals (${money(cost.totals.runningDay)} running, ${money(cost.totals.pausedDay)} paused) against the budget`,
                );
                const expected = [
                    ...(dsqlGap ? [`daily-budget ${budget.enforcementLevel} the budget (${money(budget.runningUsdPerDay)}/day running, ${money(budget.pausedUsdPerDay)}/day paused) cannot be checked: sheet aws-2026-11 has no price in ${region} for ${DSQL_IDLE_ITEMS.length} item(s): ${DSQL_IDLE_ITEMS.join("; ")}.`] : []),
                    ...over.map((s) => `daily-budget ${budget.enforcementLevel} the stack costs ${money(s === "running" ? cost.totals.runningDay : cost.totals.pausedDay)}/day ${s}, over the budget of ${money(s === "running" ? budget.runningUsdPerDay : budget.pausedUsdPerDay)}/day (prices aws-2026-11, ${region}).`),
                ];
                const unacknowledged = found.filter((v) => !v.message.startsWith(ACKNOWLEDGED));
                const got = unacknowledged.map((v) => `${v.policy} ${v.level} ${v.message}`);
                assert.equal(got.length, expected.length, brief(unacknowledged));
                expected.forEach((prefix, i) => assert.ok(got[i].startsWith(prefix), `expected ${prefix}\ngot ${got[i]}`));
                assert.ok(found.length > unacknowledged.length, "the acknowledged trade-offs are reported too");
            });
        }

        it(`the README's cost section and profile diagrams render from the plans in ${region}`, async () => {
            const plans = await Promise.all(STACKS.map((name) => planIn(name, region)));
            const sections = renderCostsSection(plans).split(/\n(?=#### Stack `)/);
            assert.deepEqual(sections.map((s) => /^#### Stack `([a-z]+)`/.exec(s)?.[1]), STACKS);
            sections.forEach((section, i) => {
                assert.ok(section.includes(`region ${region}.`), `${STACKS[i]} is priced in ${region}`);
                const priced = !(STACKS[i] === "serverless" && DSQL_UNPRICED.includes(region));
                assert.equal(section.includes("unpriced"), !priced, `${STACKS[i]} in ${region}: ${priced ? "priced in full" : "unpriced DSQL named"}`);
            });
            const diagrams = renderProfileDiagramsSection(plans.map((p) => p.record));
            for (const name of STACKS) assert.ok(diagrams.includes(`(stack \`${name}\`)`), name);
        });
    }
});

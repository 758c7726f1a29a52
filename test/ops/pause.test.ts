import assert from "node:assert/strict";
import { OpsError } from "../../ops/errors";
import * as path from "node:path";
import { DailyCost, offlineDailyCost, PAUSED_KEY, policyPackOptions, setPaused } from "../../ops/pause";
import { PROJECT_DIR } from "../../offline/stack";
import { deployedOutputs, FakeStack } from "./fakes";

/** The real offline cost model, run once for the whole file. */
let costRun: ReturnType<DailyCost> | undefined;
const realCost: DailyCost = (stack) => (costRun ??= offlineDailyCost(stack));

/** Dollar figures in a line, in order. */
function dollars(line: string): number[] {
    return [...line.matchAll(/\$(\d+\.\d+)/g)].map((m) => Number(m[1]));
}

async function run(stack: FakeStack, paused: boolean, extra: { refresh?: boolean; cost?: DailyCost; name?: string } = {}): Promise<{ lines: string[]; output: string; updated: boolean }> {
    const lines: string[] = [];
    let output = "";
    const { updated } = await setPaused({ stack: extra.name ?? "cheap", paused, open: async () => stack, cost: extra.cost ?? realCost, refresh: extra.refresh, say: (l) => lines.push(l), onOutput: (o) => (output += o) });
    return { lines, output, updated };
}

/** A made-up price: these tests are about what is paused, not what it costs. */
const flatCost: DailyCost = async () => ({ runningDay: 0.02, pausedDay: 0.02 });

describe("ops/pause", () => {
    it("runs the update with the project's policy pack, and the stack's policy config only when there is one", () => {
        assert.deepEqual(policyPackOptions("dev"), { policyPacks: [path.join(PROJECT_DIR, "policy")], policyPackConfigs: [path.join(PROJECT_DIR, "policy", "config", "dev.json")] });
        assert.deepEqual(policyPackOptions("staging"), { policyPacks: [path.join(PROJECT_DIR, "policy")] });
    });

    it("prices the cheap stack offline: paused costs less than running", async () => {
        const cost = await offlineDailyCost("cheap");
        assert.ok(cost.pausedDay > 0, JSON.stringify(cost));
        assert.ok(cost.pausedDay < cost.runningDay, JSON.stringify(cost));
        assert.deepEqual(cost, await realCost("cheap"));
    });

    it("pauses a running stack: sets shoestring:paused true, runs one update, prints the cost before and after", async () => {
        const stack = new FakeStack(false, await deployedOutputs("cheap"));
        const { lines, output, updated } = await run(stack, true);
        assert.equal(updated, true);
        assert.deepEqual(stack.setConfigCalls, [[PAUSED_KEY, { value: "true" }]]);
        // With the policy pack and the stack's policy config, as the deploy workflow runs it.
        assert.deepEqual(stack.upCalls, [{ refresh: undefined, policyPacks: [path.join(PROJECT_DIR, "policy")], policyPackConfigs: [path.join(PROJECT_DIR, "policy", "config", "cheap.json")] }]);
        assert.equal(output, "Updating (cheap)\n");

        const { runningDay, pausedDay } = await realCost("cheap");
        const [before, after] = dollars(lines[0]);
        assert.match(lines[0], /^stack cheap: running, about \$[\d.]+\/day; paused: about \$[\d.]+\/day$/);
        assert.ok(after < before, lines[0]);
        assert.equal(before, Number(runningDay.toFixed(2)));
        assert.equal(after, Number(pausedDay.toFixed(pausedDay < 0.01 ? 4 : 2)));
        assert.deepEqual(lines.slice(1, 3), ["setting shoestring:paused to true", "running pulumi up with the policy pack to pause stack cheap"]);
        assert.match(lines[3], /^stack cheap is paused: about \$[\d.]+\/day \(was \$[\d.]+\/day\)$/);
        assert.deepEqual(dollars(lines[3]), [after, before]);
    });

    it("resumes a paused stack: sets shoestring:paused false and runs one update", async () => {
        const stack = new FakeStack(true, await deployedOutputs("cheap"));
        const { lines } = await run(stack, false);
        assert.deepEqual(stack.setConfigCalls, [[PAUSED_KEY, { value: "false" }]]);
        assert.equal(stack.upCalls.length, 1);
        const [before, after] = dollars(lines[0]);
        assert.match(lines[0], /^stack cheap: paused, .*; running: /);
        assert.ok(before < after, lines[0]);
        assert.match(lines.at(-1) ?? "", /^stack cheap is running: /);
    });

    it("does nothing when already paused, and says so", async () => {
        const stack = new FakeStack(true, await deployedOutputs("cheap"));
        const { lines, updated } = await run(stack, true);
        assert.equal(updated, false);
        assert.deepEqual(stack.setConfigCalls, []);
        assert.deepEqual(stack.upCalls, []);
        assert.match(lines[0], /^stack cheap is already paused \(shoestring:paused is true\): nothing to do; about \$[\d.]+\/day$/);
        assert.match(lines[1], /npm run ops -- pause --stack cheap --refresh/);
    });

    it("does nothing when already running", async () => {
        const stack = new FakeStack(false, await deployedOutputs("cheap"));
        const { lines, updated } = await run(stack, false);
        assert.equal(updated, false);
        assert.equal(stack.setConfigCalls.length + stack.upCalls.length, 0);
        assert.deepEqual(lines.length, 1);
        assert.match(lines[0], /^stack cheap is already running/);
    });

    it("with --refresh, updates an already paused stack again (a database AWS restarted)", async () => {
        const stack = new FakeStack(true, await deployedOutputs("cheap"));
        const { lines } = await run(stack, true, { refresh: true });
        assert.deepEqual(stack.setConfigCalls, []);
        assert.deepEqual(stack.upCalls, [{ refresh: true, ...policyPackOptions("cheap") }]);
        assert.ok(lines.includes("running pulumi up --refresh with the policy pack to pause stack cheap"), lines.join("\n"));
    });

    it("finishes an update the config asks for but the last update did not apply", async () => {
        const stack = new FakeStack(false, await deployedOutputs("cheap"));
        stack.config[PAUSED_KEY] = { value: "true" };
        await run(stack, true);
        assert.deepEqual(stack.setConfigCalls, []);
        assert.equal(stack.upCalls.length, 1);
    });

    it("still pauses when the cost cannot be priced", async () => {
        const stack = new FakeStack(false, await deployedOutputs("cheap"));
        const { lines } = await run(stack, true, { cost: async () => { throw new Error("the price sheet has no region eu-north-1\nmore"); } });
        assert.equal(lines[0], "daily cost: not available (the price sheet has no region eu-north-1)");
        assert.equal(lines[1], "stack cheap: running, cost unknown; paused: cost unknown");
        assert.equal(stack.upCalls.length, 1);
        assert.equal(lines.at(-1), "stack cheap is paused");
    });

    describe("a stack with nothing to pause", () => {
        for (const [label, config] of [
            ["Lambda and Aurora DSQL", {}],
            ["Lambda without a database", { database: { kind: "none" } }],
        ] as const) {
            for (const paused of [true, false]) {
                it(`${label}: ${paused ? "pause" : "resume"} says why there is nothing to do, sets no config and runs no update`, async () => {
                    const stack = new FakeStack(false, await deployedOutputs("serverless", config));
                    const { lines, updated } = await run(stack, paused, { name: "serverless", cost: flatCost, refresh: true });
                    assert.equal(updated, false);
                    assert.deepEqual(stack.setConfigCalls, []);
                    assert.deepEqual(stack.upCalls, []);
                    assert.equal(lines.length, 1, lines.join("\n"));
                    assert.match(lines[0], new RegExp(`^stack serverless has nothing to ${paused ? "pause" : "resume"}: its backend is a Lambda function, which runs \\(and is billed\\) only while it answers a request`));
                    assert.equal(/Aurora DSQL has nothing to stop/.test(lines[0]), label.includes("DSQL"), lines[0]);
                    assert.match(lines[0], /; shoestring:paused \(now false\) changes no resource of it; about \$0\.02\/day with no traffic$/);
                    assert.doesNotMatch(lines[0], /is paused|is running/, "it claims no state it did not set");
                });
            }
        }
    });

    it("ECS services with Aurora DSQL: pauses the services, and says Aurora DSQL is unchanged", async () => {
        const stack = new FakeStack(false, await deployedOutputs("cheap", { database: { kind: "dsql" } }));
        const { lines, updated } = await run(stack, true, { cost: flatCost });
        assert.equal(updated, true);
        assert.deepEqual(stack.setConfigCalls, [[PAUSED_KEY, { value: "true" }]]);
        assert.equal(stack.upCalls.length, 1);
        assert.match(lines[1], /^unchanged by pausing: Aurora DSQL has nothing to stop: it bills storage and the work of each query, paused or not$/);
        assert.match(lines.at(-1) ?? "", /^stack cheap is paused/);
    });

    it("reports a failed update in one line", async () => {
        const stack = new FakeStack(false, await deployedOutputs("cheap"));
        stack.upError = Object.assign(new Error("code: 255\n stdout: \n stderr: Updating (cheap)\nerror: update failed\n"), { name: "CommandError" });
        await assert.rejects(run(stack, true), (err: Error) => err instanceof OpsError && err.message === "pulumi: update failed");
    });
});

import assert from "node:assert/strict";
import { OpsError } from "../../ops/errors";
import { deployedKinds, parseOutputs, pauseEffects, pulumiError, PULUMI_INSTALL_URL, RawOutputs, readOutputs } from "../../ops/outputs";
import { deployedOutputs, fakeSource } from "./fakes";

/** Raw outputs without some keys. */
const without = (raw: RawOutputs, ...keys: string[]): RawOutputs => Object.fromEntries(Object.entries(raw).filter(([key]) => !keys.includes(key)));

/** An Automation API CommandError as it reaches us (its constructor is internal). */
function commandError(name: string, stderr: string): Error {
    return Object.assign(new Error(`code: 255\n stdout: \n stderr: ${stderr}\n`), { name });
}

describe("ops/outputs", () => {
    describe("parseOutputs", () => {
        it("reads the outputs of the cheap program", async () => {
            const outputs = parseOutputs("cheap", await deployedOutputs("cheap"));
            assert.equal(outputs.stack, "cheap");
            assert.equal(outputs.region, "us-west-2");
            assert.equal(outputs.paused, false);
            assert.deepEqual(Object.keys(outputs.services), ["backend"]);
            assert.match(outputs.clusterName ?? "", /^cluster-/);
            assert.equal(outputs.functionName, undefined);
            assert.equal(outputs.databaseKind, "rds");
            assert.match(outputs.databaseEndpoint ?? "", /\.rds\.amazonaws\.com$/);
        });

        it("reads the outputs of the serverless program: a function and Aurora DSQL, no cluster or services", async () => {
            const outputs = parseOutputs("serverless", await deployedOutputs("serverless"));
            assert.match(outputs.functionName ?? "", /^backend-/);
            assert.equal(outputs.clusterName, undefined);
            assert.deepEqual(outputs.services, {});
            assert.equal(outputs.databaseKind, "dsql");
            assert.match(outputs.databaseEndpoint ?? "", /^\w+\.dsql\.us-west-2\.on\.aws$/);
            assert.equal(outputs.paused, false);
        });

        it("needs no endpoint without a database", async () => {
            const outputs = parseOutputs("serverless", await deployedOutputs("serverless", { database: { kind: "none" } }));
            assert.equal(outputs.databaseKind, "none");
            assert.equal("databaseEndpoint" in outputs, false);
        });

        it("names what a Lambda stack's outputs lack: its function, not a cluster", async () => {
            const raw = await deployedOutputs("serverless");
            assert.throws(() => parseOutputs("serverless", without(raw, "functionName")), /^OpsError: stack serverless's outputs lack functionName: run `pulumi up --stack serverless` to update them$/);
            assert.throws(() => parseOutputs("serverless", without(raw, "databaseEndpoint")), /outputs lack databaseEndpoint:/);
        });

        it("takes outputs from before the database kinds (no databaseKind) as an RDS stack's", async () => {
            const raw = await deployedOutputs("cheap");
            const axes = raw.axes.value as Record<string, unknown>;
            const old = { ...without(raw, "databaseKind", "dataProtected"), axes: { value: { ...axes, database: undefined } } };
            assert.equal(parseOutputs("cheap", old).databaseKind, "rds");
            assert.throws(() => parseOutputs("cheap", without(old, "databaseEndpoint")), /outputs lack databaseEndpoint:/);
        });

        it("reads both services of the homework program", async () => {
            const outputs = parseOutputs("dev", await deployedOutputs("dev"));
            assert.deepEqual(Object.keys(outputs.services).sort(), ["backend", "frontend"]);
        });

        it("says to run pulumi up when there are no outputs", () => {
            assert.throws(() => parseOutputs("cheap", {}), (err: Error) => err instanceof OpsError && err.message === "stack cheap has no outputs: run `pulumi up --stack cheap` first");
        });

        it("names the outputs that are missing", () => {
            assert.throws(() => parseOutputs("cheap", { region: { value: "us-west-2" }, paused: { value: "yes" } }), /stack cheap's outputs lack clusterName, databaseEndpoint, services, paused: run `pulumi up --stack cheap`/);
        });
    });

    describe("deployedKinds and pauseEffects", () => {
        it("tell the compute by its output, the database by databaseKind, else by the axes", () => {
            assert.deepEqual(deployedKinds({ functionName: { value: "backend-1" }, databaseKind: { value: "dsql" } }), { compute: "lambda", database: "dsql" });
            assert.deepEqual(deployedKinds({ clusterName: { value: "cluster-1" }, axes: { value: { compute: "ecs", database: "none" } } }), { compute: "ecs", database: "none" });
            assert.deepEqual(deployedKinds({ axes: { value: { compute: "lambda", database: "bogus" } } }), { compute: "lambda", database: undefined });
            assert.deepEqual(deployedKinds({}), { compute: undefined, database: undefined }, "nothing deployed yet");
        });

        it("pausing stops ECS services and an RDS instance, and nothing of a function or Aurora DSQL", () => {
            assert.deepEqual(pauseEffects({ compute: "ecs", database: "rds" }), { stops: ["every ECS service scales to 0 tasks", "the RDS instance stops"], idle: [] });
            const serverless = pauseEffects({ compute: "lambda", database: "dsql" });
            assert.deepEqual(serverless.stops, []);
            assert.equal(serverless.idle.length, 2);
            assert.match(serverless.idle[0], /Lambda function, which runs \(and is billed\) only while it answers a request/);
            assert.match(serverless.idle[1], /Aurora DSQL has nothing to stop/);
            assert.deepEqual(pauseEffects({ compute: "lambda", database: "none" }).stops, []);
            assert.deepEqual(pauseEffects({ compute: "ecs", database: "dsql" }).stops, ["every ECS service scales to 0 tasks"]);
        });
    });

    describe("pulumiError", () => {
        it("says how to install a missing pulumi CLI", () => {
            const err = commandError("CommandError", "Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT");
            assert.equal(pulumiError(err, "cheap").message, `the pulumi CLI is not installed: see ${PULUMI_INSTALL_URL}`);
        });

        it("says how to create a stack that does not exist", () => {
            const err = commandError("StackNotFoundError", "error: no stack named 'cheap' found");
            assert.equal(pulumiError(err, "cheap").message, "stack cheap not found: run `pulumi stack init cheap` and `pulumi up` first");
        });

        it("says to log in", () => {
            const err = commandError("CommandError", "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions");
            assert.equal(pulumiError(err, "cheap").message, "not logged in to a Pulumi backend: run `pulumi login`");
        });

        it("keeps the CLI's own error line otherwise, on one line", () => {
            const err = commandError("CommandError", "Updating (cheap)\nerror: update failed\n  more detail");
            const message = pulumiError(err, "cheap").message;
            assert.equal(message, "pulumi: update failed");
        });
    });

    describe("readOutputs", () => {
        it("reads through the source", async () => {
            const source = fakeSource({ cheap: await deployedOutputs("cheap") });
            const outputs = await readOutputs(source, "cheap");
            assert.equal(outputs.region, "us-west-2");
            assert.deepEqual(source.calls, ["cheap"]);
        });

        it("turns a missing stack into one line", async () => {
            await assert.rejects(readOutputs(fakeSource({}), "cheap"), (err: Error) => err instanceof OpsError && !err.message.includes("\n") && /stack cheap not found/.test(err.message));
        });
    });
});

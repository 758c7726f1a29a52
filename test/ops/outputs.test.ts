import assert from "node:assert/strict";
import { OpsError } from "../../ops/errors";
import { parseOutputs, pulumiError, PULUMI_INSTALL_URL, readOutputs } from "../../ops/outputs";
import { deployedOutputs, fakeSource } from "./fakes";

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
            assert.match(outputs.clusterName, /^cluster-/);
            assert.match(outputs.databaseEndpoint, /\.rds\.amazonaws\.com$/);
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

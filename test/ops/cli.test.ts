import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DescribeServicesCommand, ECSClient, ListTasksCommand } from "@aws-sdk/client-ecs";
import { DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { COMMANDS, EXIT_MISMATCH, isCredentialsError, NO_CREDENTIALS, OpsDeps, parseArgs, runOps, USAGE } from "../../ops/cli";
import { execArgv } from "../../ops/exec";
import { FunctionConfiguration } from "../../ops/lambda";
import { parseOutputs, RawOutputs } from "../../ops/outputs";
import { deployedOutputs, FakeStack, fakeSource } from "./fakes";

const ROOT = path.resolve(__dirname, "../..");
/** The compiled command, as `npm run ops` runs it (`npm test` builds it first). */
const CLI = path.join(ROOT, "dist/ops/cli.js");

const stsMock = mockClient(STSClient);
const ecsMock = mockClient(ECSClient);
const rdsMock = mockClient(RDSClient);

const noCredentials = (): Error => Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs the command line in-process with fakes for Pulumi, the cost model and the terminal. */
async function ops(argv: string[], deps: OpsDeps = {}): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const code = await runOps(argv, { cost: async () => ({ runningDay: 0.5, pausedDay: 0.08 }), isOnPath: () => true, run: async () => 0, ...deps, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

describe("ops/cli", () => {
    let cheap: RawOutputs;
    let serverless: RawOutputs;

    before(async () => {
        cheap = await deployedOutputs("cheap");
        serverless = await deployedOutputs("serverless");
    });

    beforeEach(() => {
        stsMock.reset();
        ecsMock.reset();
        rdsMock.reset();
        stsMock.on(GetCallerIdentityCommand).resolves({ Account: "123456789012", Arn: "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/me" });
    });

    describe("parseArgs", () => {
        it("reads the command, stack, service and refresh", () => {
            assert.deepEqual(parseArgs(["exec", "--stack", "cheap", "--service", "frontend"]), { command: "exec", stack: "cheap", service: "frontend", refresh: false });
            assert.deepEqual(parseArgs(["--stack=dev", "status"]), { command: "status", stack: "dev", service: "backend", refresh: false });
            assert.deepEqual(parseArgs(["pause", "-s", "cheap", "--refresh"]), { command: "pause", stack: "cheap", service: "backend", refresh: true });
        });

        for (const [args, message] of [
            [[], /a command is required/],
            [["status"], /--stack is required/],
            [["status", "--stack"], /--stack needs a value/],
            [["stop", "--stack", "cheap"], /unknown command "stop"; known: exec, pause, resume, status/],
            [["pause", "resume", "--stack", "cheap"], /one command at a time/],
            [["status", "--stack", "cheap", "--service", "backend"], /--service is only for exec/],
            [["exec", "--stack", "cheap", "--refresh"], /--refresh is only for pause and resume/],
            [["status", "--stack", "cheap", "--bogus"], /unknown argument "--bogus"/],
        ] as [string[], RegExp][]) {
            it(`refuses ${JSON.stringify(args)}`, () => assert.throws(() => parseArgs(args), message));
        }
    });

    it("tells missing or expired credentials from other STS failures", () => {
        assert.equal(isCredentialsError(noCredentials()), true);
        assert.equal(isCredentialsError(Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredToken" })), true);
        assert.equal(isCredentialsError(new Error("The SSO session associated with this profile has expired or is otherwise invalid")), true);
        assert.equal(isCredentialsError(Object.assign(new Error("getaddrinfo ENOTFOUND sts.us-west-2.amazonaws.com"), { name: "Error" })), false);
    });

    for (const command of COMMANDS) {
        it(`${command} without AWS credentials: one line, exit 1, nothing else asked`, async () => {
            stsMock.on(GetCallerIdentityCommand).rejects(noCredentials());
            const source = fakeSource({ cheap });
            let opened = false;
            const run = await ops([command, "--stack", "cheap"], { outputs: source, open: async () => ((opened = true), new FakeStack(false, cheap)) });
            assert.equal(run.code, 1);
            assert.equal(run.stderr, `error: ${NO_CREDENTIALS}\n`);
            assert.equal(run.stdout, "");
            assert.deepEqual(source.calls, []);
            assert.equal(opened, false);
            assert.equal(ecsMock.calls().length + rdsMock.calls().length, 0);
        });

        it(`${command} with an unknown stack: one line, exit 1, before any AWS call`, async () => {
            const run = await ops([command, "--stack", "nope"], { outputs: fakeSource({ cheap }) });
            assert.equal(run.code, 1);
            assert.match(run.stderr, /^error: no stack "nope": Pulumi\.nope\.yaml does not exist in .* \(stacks here: .*cheap.*\)\n$/);
            assert.equal(run.stdout, "");
            assert.equal(stsMock.calls().length, 0);
        });
    }

    it("an STS failure that is not about credentials is one line too", async () => {
        stsMock.on(GetCallerIdentityCommand).rejects(new Error("getaddrinfo ENOTFOUND sts.us-west-2.amazonaws.com\nmore"));
        const run = await ops(["status", "--stack", "cheap"], { outputs: fakeSource({ cheap }) });
        assert.equal(run.code, 1);
        assert.equal(run.stderr, "error: could not check AWS credentials with STS: getaddrinfo ENOTFOUND sts.us-west-2.amazonaws.com\n");
    });

    it("a stack file without a Pulumi stack: one line saying how to create it", async () => {
        const run = await ops(["status", "--stack", "cheap"], { outputs: fakeSource({}) });
        assert.equal(run.code, 1);
        assert.equal(run.stderr, "error: stack cheap not found: run `pulumi stack init cheap` and `pulumi up` first\n");
    });

    it("status: exit 0 as configured, 2 on a mismatch", async () => {
        const outputs = parseOutputs("cheap", cheap);
        const endpoint = outputs.databaseEndpoint;
        assert.ok(endpoint);
        ecsMock.on(DescribeServicesCommand).resolves({ services: [{ serviceName: outputs.services.backend, status: "ACTIVE", desiredCount: 1, runningCount: 1, pendingCount: 0, launchType: "FARGATE" }] });
        rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: endpoint.split(".")[0], DBInstanceStatus: "available", Endpoint: { Address: endpoint } }] });

        const fine = await ops(["status", "--stack", "cheap"], { outputs: fakeSource({ cheap }) });
        assert.equal(fine.code, 0, fine.stderr);
        assert.match(fine.stdout, /^stack cheap: configured running\n/);
        assert.match(fine.stdout, /\nas configured\n$/);

        const paused = await ops(["status", "--stack", "cheap"], { outputs: fakeSource({ cheap: { ...cheap, paused: { value: true } } }) });
        assert.equal(paused.code, EXIT_MISMATCH);
        assert.match(paused.stdout, /\nmismatch: paused but backend runs 1 task\n/);
        assert.match(paused.stdout, /\nmismatch: paused but the database is available \(AWS restarts a stopped instance after 7 days/);
        assert.equal(paused.stderr, "");
    });

    it("exec: runs aws execute-command on the task, and passes its exit status on", async () => {
        const outputs = parseOutputs("cheap", cheap);
        assert.ok(outputs.clusterName);
        ecsMock.on(ListTasksCommand).resolves({ taskArns: ["arn:aws:ecs:us-west-2:123456789012:task/c/abc"] });
        const runs: string[][] = [];
        const run = await ops(["exec", "--stack", "cheap"], { outputs: fakeSource({ cheap }), run: async (command, args) => (runs.push([command, ...args]), 7) });
        assert.equal(run.code, 7);
        assert.deepEqual(runs, [["aws", ...execArgv({ region: "us-west-2", cluster: outputs.clusterName, taskArn: "arn:aws:ecs:us-west-2:123456789012:task/c/abc", container: "backend" })]]);
        assert.equal(run.stdout, "");
    });

    it("exec without the Session Manager plugin: one line, exit 1", async () => {
        const run = await ops(["exec", "--stack", "cheap"], { outputs: fakeSource({ cheap }), isOnPath: (c) => c === "aws" });
        assert.equal(run.code, 1);
        assert.equal(run.stderr.split("\n").length, 2, run.stderr);
        assert.match(run.stderr, /^error: the Session Manager plugin .*session-manager-working-with-install-plugin\.html\n$/);
    });

    it("exec with a service the stack does not have: one line naming it and the services there are, exit 1, no shell", async () => {
        const runs: string[][] = [];
        const run = await ops(["exec", "--stack", "cheap", "--service", "frontend"], { outputs: fakeSource({ cheap }), run: async (command, args) => (runs.push([command, ...args]), 0) });
        assert.equal(run.code, 1);
        assert.equal(run.stderr, `error: unknown service "frontend" in stack cheap; known: ${Object.keys(parseOutputs("cheap", cheap).services).sort().join(", ")}\n`);
        assert.match(run.stderr, /known: backend\n$/);
        assert.deepEqual(runs, []);
        assert.equal(run.stdout, "");
    });

    it("--help and -h print the help on stdout, exit 0, and touch neither AWS nor Pulumi", async () => {
        stsMock.reset();
        stsMock.on(GetCallerIdentityCommand).rejects(new Error("STS must not be called"));
        for (const flag of ["--help", "-h"]) {
            const all = await ops([flag], { outputs: fakeSource({}) });
            assert.deepEqual([all.code, all.stderr], [0, ""]);
            assert.ok(all.stdout.startsWith(`${USAGE}\n`), all.stdout);
            for (const command of COMMANDS) {
                assert.match(all.stdout, new RegExp(`\n {2}${command} +\\S`), command);
            }
        }
        for (const command of COMMANDS) {
            const one = await ops([command, "--stack", "nosuchstack", "--help"]);
            assert.deepEqual([one.code, one.stderr], [0, ""], command);
            assert.ok(one.stdout.startsWith(`usage: npm run ops -- ${command} --stack <name>`), one.stdout);
            assert.ok(one.stdout.includes(`\n${command}: `), one.stdout);
        }
        assert.deepEqual(parseArgs(["-h", "pause"]), { help: "pause" });
        assert.deepEqual(parseArgs(["--bogus", "--help"]), { help: "all" });
        assert.equal(stsMock.commandCalls(GetCallerIdentityCommand).length, 0);
    });

    it("exec on a paused stack: one line, exit 1", async () => {
        ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
        const run = await ops(["exec", "--stack", "cheap"], { outputs: fakeSource({ cheap }) });
        assert.equal(run.code, 1);
        assert.equal(run.stderr, "error: no running task for service backend (is the stack paused?)\n");
    });

    it("pause and resume go through the stack; already paused is exit 0 with no update", async () => {
        const stack = new FakeStack(false, cheap);
        const paused = await ops(["pause", "--stack", "cheap"], { open: async () => stack });
        assert.equal(paused.code, 0, paused.stderr);
        assert.deepEqual(stack.setConfigCalls, [["shoestring:paused", { value: "true" }]]);
        assert.match(paused.stdout, /Updating \(cheap\)\n/);

        const again = await ops(["pause", "--stack", "cheap"], { open: async () => stack });
        assert.equal(again.code, 0);
        assert.equal(stack.upCalls.length, 1);
        assert.match(again.stdout, /already paused/);

        const resumed = await ops(["resume", "--stack", "cheap"], { open: async () => stack });
        assert.equal(resumed.code, 0);
        assert.deepEqual(stack.setConfigCalls.at(-1), ["shoestring:paused", { value: "false" }]);
        assert.equal(stack.upCalls.length, 2);
    });

    describe("a stack whose backend runs on Lambda", () => {
        const ACTIVE: FunctionConfiguration = { State: "Active", LastUpdateStatus: "Successful", MemorySize: 512, Architectures: ["x86_64"] };

        it("status shows the function and Aurora DSQL, asks neither ECS nor RDS, and exits 0", async () => {
            const { functionName, databaseEndpoint } = parseOutputs("serverless", serverless);
            const asked: [string, string][] = [];
            const run = await ops(["status", "--stack", "serverless"], { outputs: fakeSource({ serverless }), functions: (region) => ({ getFunction: async (name) => (asked.push([region, name]), ACTIVE) }) });
            assert.equal(run.code, 0, run.stderr);
            assert.deepEqual(asked, [["us-west-2", functionName]]);
            assert.equal(
                run.stdout,
                [
                    "stack serverless: configured running",
                    `backend function (${functionName}): Active, last update Successful, 512 MB, x86_64`,
                    `database (${databaseEndpoint}): Aurora DSQL, always available (nothing to stop or start)`,
                    "as configured",
                    "",
                ].join("\n"),
            );
            assert.equal(ecsMock.calls().length + rdsMock.calls().length, 0);
        });

        it("status of a failed function: exit 2 with Lambda's reason", async () => {
            const run = await ops(["status", "--stack", "serverless"], { outputs: fakeSource({ serverless }), functions: () => ({ getFunction: async () => ({ ...ACTIVE, State: "Failed", StateReason: "InvalidImage" }) }) });
            assert.equal(run.code, EXIT_MISMATCH);
            assert.match(run.stdout, /\nmismatch: the backend function is Failed: InvalidImage\n$/);
        });

        it("exec refuses in one line: there is no ECS task", async () => {
            const runs: string[][] = [];
            const run = await ops(["exec", "--stack", "serverless"], { outputs: fakeSource({ serverless }), run: async (command, args) => (runs.push([command, ...args]), 0) });
            assert.equal(run.code, 1);
            assert.match(run.stderr, /^error: stack serverless has no ECS task to exec into: its backend is the Lambda function backend-\w+, which runs only while it answers a request and takes no shell\n$/);
            assert.deepEqual(runs, []);
            assert.equal(ecsMock.calls().length, 0);
        });

        it("pause says there is nothing to pause, and changes nothing", async () => {
            const stack = new FakeStack(false, serverless);
            const run = await ops(["pause", "--stack", "serverless"], { open: async () => stack });
            assert.equal(run.code, 0, run.stderr);
            assert.match(run.stdout, /^stack serverless has nothing to pause: its backend is a Lambda function/);
            assert.equal(run.stdout.split("\n").length, 2, run.stdout);
            assert.deepEqual(stack.setConfigCalls, []);
            assert.deepEqual(stack.upCalls, []);
        });
    });

    describe("compiled", () => {
        before(function () {
            if (!fs.existsSync(CLI)) {
                throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does)`);
            }
        });

        const node = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60000 });

        it("prints the usage in one line and exits 1 without a command", () => {
            const run = node();
            assert.equal(run.status, 1);
            assert.match(run.stderr, /^error: a command is required; usage: npm run ops -- <exec\|pause\|resume\|status\|logs> --stack <name>.*\n$/);
        });

        it("refuses an unknown stack in one line, exit 1", () => {
            const run = node("status", "--stack", "nope");
            assert.equal(run.status, 1);
            assert.match(run.stderr, /^error: no stack "nope": Pulumi\.nope\.yaml does not exist[^\n]*\n$/);
        });
    });
});

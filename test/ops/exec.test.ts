import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DescribeTasksCommand, ECSClient, ListTasksCommand } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { OpsError } from "../../ops/errors";
import { execArgv, missingTools, onPath, resolveTask, runExec, SESSION_MANAGER_PLUGIN_URL } from "../../ops/exec";
import { DeployedStack } from "../../ops/outputs";

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: "us-west-2" });
const CLUSTER = "cluster-7d2cbce";
const arn = (id: string): string => `arn:aws:ecs:us-west-2:123456789012:task/${CLUSTER}/${id}`;

const OUTPUTS: DeployedStack = {
    stack: "dev",
    region: "us-west-2",
    clusterName: CLUSTER,
    services: { backend: "backend-56041d7", frontend: "frontend-1a2b3c4" },
    databaseKind: "rds",
    databaseEndpoint: "database-cb5c08a.ccb5c08a8c1e1.us-west-2.rds.amazonaws.com",
    paused: false,
};

describe("ops/exec", () => {
    beforeEach(() => ecsMock.reset());

    describe("resolveTask", () => {
        it("says the stack may be paused when no task runs", async () => {
            ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
            await assert.rejects(resolveTask(ecs, { cluster: CLUSTER, service: "backend-56041d7", label: "backend" }), (err: Error) => err instanceof OpsError && err.message === "no running task for service backend (is the stack paused?)");
        });

        it("lists only the service's tasks meant to run", async () => {
            ecsMock.on(ListTasksCommand).resolves({ taskArns: [arn("aaa")] });
            await resolveTask(ecs, { cluster: CLUSTER, service: "backend-56041d7" });
            assert.deepEqual(ecsMock.commandCalls(ListTasksCommand)[0].args[0].input, { cluster: CLUSTER, serviceName: "backend-56041d7", desiredStatus: "RUNNING", nextToken: undefined });
        });

        it("takes the only task without describing it", async () => {
            ecsMock.on(ListTasksCommand).resolves({ taskArns: [arn("aaa")] });
            assert.deepEqual(await resolveTask(ecs, { cluster: CLUSTER, service: "backend-56041d7" }), { taskArn: arn("aaa") });
            assert.equal(ecsMock.commandCalls(DescribeTasksCommand).length, 0);
        });

        it("takes the newest started of several, and says which", async () => {
            ecsMock.on(ListTasksCommand).resolves({ taskArns: [arn("old"), arn("new"), arn("starting")] });
            ecsMock.on(DescribeTasksCommand).resolves({
                tasks: [
                    { taskArn: arn("old"), startedAt: new Date("2026-11-01T10:00:00Z") },
                    { taskArn: arn("starting") },
                    { taskArn: arn("new"), startedAt: new Date("2026-11-02T10:00:00Z") },
                ],
            });
            const choice = await resolveTask(ecs, { cluster: CLUSTER, service: "backend-56041d7", label: "backend" });
            assert.equal(choice.taskArn, arn("new"));
            assert.equal(choice.note, "3 running tasks for backend: using the newest, new (started 2026-11-02T10:00:00.000Z)");
            assert.deepEqual(ecsMock.commandCalls(DescribeTasksCommand)[0].args[0].input, { cluster: CLUSTER, tasks: [arn("old"), arn("new"), arn("starting")] });
        });

        it("follows ListTasks pages", async () => {
            ecsMock.on(ListTasksCommand).resolvesOnce({ taskArns: [arn("a")], nextToken: "t" }).resolvesOnce({ taskArns: [arn("b")] });
            ecsMock.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn: arn("a"), startedAt: new Date(1) }, { taskArn: arn("b"), startedAt: new Date(2) }] });
            assert.equal((await resolveTask(ecs, { cluster: CLUSTER, service: "s" })).taskArn, arn("b"));
            assert.equal(ecsMock.commandCalls(ListTasksCommand)[1].args[0].input.nextToken, "t");
        });
    });

    it("builds the execute-command arguments", () => {
        assert.deepEqual(execArgv({ region: "us-west-2", cluster: CLUSTER, taskArn: arn("aaa"), container: "backend" }), [
            "ecs", "execute-command", "--region", "us-west-2", "--cluster", CLUSTER, "--task", arn("aaa"), "--container", "backend", "--command", "/bin/sh", "--interactive",
        ]);
    });

    describe("tools", () => {
        it("says where to get the Session Manager plugin", () => {
            const message = missingTools((command) => command === "aws");
            assert.ok(message?.includes("session-manager-plugin"), message);
            assert.ok(message?.includes(SESSION_MANAGER_PLUGIN_URL), message);
        });

        it("asks for the AWS CLI first", () => {
            assert.match(missingTools(() => false) ?? "", /the AWS CLI \(aws\) is not on PATH/);
        });

        it("is satisfied when both are installed", () => {
            assert.equal(missingTools(() => true), undefined);
        });

        it("finds executables on PATH, not plain files", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-path-"));
            try {
                fs.writeFileSync(path.join(dir, "session-manager-plugin"), "#!/bin/sh\n", { mode: 0o755 });
                fs.writeFileSync(path.join(dir, "aws"), "not executable", { mode: 0o644 });
                const env = { PATH: ["/nonexistent", dir].join(path.delimiter) };
                assert.equal(onPath("session-manager-plugin", env), true);
                assert.equal(onPath("aws", env), process.platform === "win32");
                assert.equal(onPath("missing", env), false);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });

    describe("runExec", () => {
        it("runs aws with the newest task of the service, in its container", async () => {
            ecsMock.on(ListTasksCommand).resolves({ taskArns: [arn("fff")] });
            const runs: [string, string[]][] = [];
            const notes: string[] = [];
            const code = await runExec({
                outputs: OUTPUTS,
                service: "frontend",
                ecs,
                isOnPath: () => true,
                run: async (command, args) => {
                    runs.push([command, args]);
                    return 0;
                },
                note: (line) => notes.push(line),
            });
            assert.equal(code, 0);
            assert.deepEqual(runs, [["aws", execArgv({ region: "us-west-2", cluster: CLUSTER, taskArn: arn("fff"), container: "frontend" })]]);
            assert.equal(ecsMock.commandCalls(ListTasksCommand)[0].args[0].input.serviceName, "frontend-1a2b3c4");
            assert.deepEqual(notes, [`aws ${runs[0][1].join(" ")}`]);
        });

        it("passes on the shell's exit status", async () => {
            ecsMock.on(ListTasksCommand).resolves({ taskArns: [arn("aaa")] });
            assert.equal(await runExec({ outputs: OUTPUTS, ecs, isOnPath: () => true, run: async () => 130 }), 130);
        });

        it("refuses an unknown service, listing the known ones", async () => {
            await assert.rejects(runExec({ outputs: OUTPUTS, service: "db", ecs, isOnPath: () => true, run: async () => 0 }), /unknown service "db" in stack dev; known: backend, frontend/);
            assert.equal(ecsMock.calls().length, 0);
        });

        it("stops before any AWS call when the plugin is missing", async () => {
            let ran = false;
            await assert.rejects(
                runExec({ outputs: OUTPUTS, ecs, isOnPath: (c) => c !== "session-manager-plugin", run: async () => ((ran = true), 0) }),
                (err: Error) => err instanceof OpsError && err.message.includes(SESSION_MANAGER_PLUGIN_URL),
            );
            assert.equal(ran, false);
            assert.equal(ecsMock.calls().length, 0);
        });

        it("refuses a stack whose backend runs on Lambda in one line naming the function, before checking tools or asking ECS", async () => {
            let ran = false;
            let looked = false;
            const serverless: DeployedStack = { stack: "serverless", region: "us-west-2", services: {}, functionName: "backend-c1934de", databaseKind: "dsql", databaseEndpoint: "69af5da70e107a7d90f0b997b9.dsql.us-west-2.on.aws", paused: false };
            await assert.rejects(
                runExec({ outputs: serverless, ecs, isOnPath: () => ((looked = true), true), run: async () => ((ran = true), 0) }),
                (err: Error) =>
                    err instanceof OpsError && err.message === "stack serverless has no ECS task to exec into: its backend is the Lambda function backend-c1934de, which runs only while it answers a request and takes no shell",
            );
            assert.equal(ran || looked, false);
            assert.equal(ecsMock.calls().length, 0);
        });

        it("does not run aws when no task runs", async () => {
            ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
            let ran = false;
            await assert.rejects(runExec({ outputs: OUTPUTS, ecs, isOnPath: () => true, run: async () => ((ran = true), 0) }), /no running task for service backend \(is the stack paused\?\)/);
            assert.equal(ran, false);
        });
    });
});

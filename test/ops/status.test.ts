import assert from "node:assert/strict";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { DBInstanceNotFoundFault, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetFunctionConfigurationCommand, LambdaClient, ResourceNotFoundException } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { FunctionConfiguration, FunctionSource, sdkFunctionSource } from "../../ops/lambda";
import { DeployedStack } from "../../ops/outputs";
import { ActualStatus, compareStatus, describeCapacity, describeDatabase, describeFunction, runStatus, ServiceStatus } from "../../ops/status";

const ecsMock = mockClient(ECSClient);
const rdsMock = mockClient(RDSClient);
const ecs = new ECSClient({ region: "us-west-2" });
const rds = new RDSClient({ region: "us-west-2" });

const ENDPOINT = "database-cb5c08a.ccb5c08a8c1e1.us-west-2.rds.amazonaws.com";
const OUTPUTS: DeployedStack = { stack: "cheap", region: "us-west-2", clusterName: "cluster-7d2cbce", services: { backend: "backend-56041d7" }, databaseKind: "rds", databaseEndpoint: ENDPOINT, paused: false };

const DSQL_ENDPOINT = "69af5da70e107a7d90f0b997b9.dsql.us-west-2.on.aws";
const FUNCTION = "backend-c1934de";
const SERVERLESS: DeployedStack = { stack: "serverless", region: "us-west-2", services: {}, functionName: FUNCTION, databaseKind: "dsql", databaseEndpoint: DSQL_ENDPOINT, paused: false };
const ACTIVE: FunctionConfiguration = { FunctionName: FUNCTION, State: "Active", LastUpdateStatus: "Successful", MemorySize: 512, Architectures: ["x86_64"] };

/** A Lambda that knows some functions, and the names it was asked for. */
function fakeFunctions(known: Record<string, FunctionConfiguration>): FunctionSource & { asked: string[] } {
    const asked: string[] = [];
    return {
        asked,
        async getFunction(name: string) {
            asked.push(name);
            return known[name];
        },
    };
}

/** A serverless stack's status: its function as configured, Aurora DSQL. */
function onLambda(configuration: FunctionConfiguration | undefined): ActualStatus {
    return { stack: "serverless", services: [], function: { name: FUNCTION, configuration }, database: { kind: "dsql", endpoint: DSQL_ENDPOINT } };
}

function backend(running: number, desired = running, pending = 0): ServiceStatus {
    return { short: "backend", name: "backend-56041d7", status: "ACTIVE", desired, running, pending, capacity: "FARGATE_SPOT (weight 1)" };
}

function actual(services: ServiceStatus[], dbStatus: string | undefined): ActualStatus {
    return { stack: "cheap", cluster: "cluster-7d2cbce", services, database: { endpoint: ENDPOINT, identifier: "database-cb5c08a", status: dbStatus } };
}

describe("ops/status", () => {
    beforeEach(() => {
        ecsMock.reset();
        rdsMock.reset();
    });

    describe("compareStatus", () => {
        it("running as configured", () => {
            const report = compareStatus({ paused: false }, actual([backend(1)], "available"));
            assert.deepEqual(report.mismatches, []);
            assert.deepEqual(report.lines, [
                "stack cheap: configured running",
                "backend (backend-56041d7): desired 1, running 1, pending 0, FARGATE_SPOT (weight 1)",
                "database (database-cb5c08a): available",
            ]);
        });

        it("paused as configured, the database still stopping", () => {
            assert.deepEqual(compareStatus({ paused: true }, actual([backend(0)], "stopping")).mismatches, []);
            assert.deepEqual(compareStatus({ paused: true }, actual([backend(0)], "stopped")).mismatches, []);
        });

        it("paused with a task still running", () => {
            assert.deepEqual(compareStatus({ paused: true }, actual([backend(1, 0)], "stopped")).mismatches, ["paused but backend runs 1 task"]);
            assert.deepEqual(compareStatus({ paused: true }, actual([backend(0, 1)], "stopped")).mismatches, ["paused but backend wants 1 task"]);
        });

        it("paused with the database available: says AWS restarts it and what to run", () => {
            assert.deepEqual(compareStatus({ paused: true }, actual([backend(0)], "available")).mismatches, [
                "paused but the database is available (AWS restarts a stopped instance after 7 days: run `npm run ops -- pause --stack cheap --refresh`)",
            ]);
        });

        it("running with the database stopped", () => {
            assert.deepEqual(compareStatus({ paused: false }, actual([backend(1)], "stopped")).mismatches, ["running but the database is stopped (run `npm run ops -- resume --stack cheap --refresh`)"]);
        });

        it("running with fewer tasks than desired, or none desired", () => {
            assert.deepEqual(compareStatus({ paused: false }, actual([backend(0, 1, 1)], "available")).mismatches, ["running but backend runs 0 of 1 task (1 pending)"]);
            assert.deepEqual(compareStatus({ paused: false }, actual([backend(0, 0)], "available")).mismatches, ["running but backend's desired count is 0"]);
        });

        it("a missing service or database", () => {
            const report = compareStatus({ paused: false }, actual([{ ...backend(0), status: undefined }], undefined));
            assert.deepEqual(report.mismatches, ["backend: service backend-56041d7 not found in cluster cluster-7d2cbce", `the database ${ENDPOINT} was not found`]);
        });
    });

    describe("compareStatus of a backend on Lambda", () => {
        it("an active function and Aurora DSQL, as configured", () => {
            const report = compareStatus({ paused: false }, onLambda(ACTIVE));
            assert.deepEqual(report.mismatches, []);
            assert.deepEqual(report.lines, [
                "stack serverless: configured running",
                `backend function (${FUNCTION}): Active, last update Successful, 512 MB, x86_64`,
                `database (${DSQL_ENDPOINT}): Aurora DSQL, always available (nothing to stop or start)`,
            ]);
        });

        it("an inactive function (idle for weeks) is fine: the next request wakes it", () => {
            const report = compareStatus({ paused: false }, onLambda({ ...ACTIVE, State: "Inactive", StateReason: "The function is inactive." }));
            assert.deepEqual(report.mismatches, []);
            assert.equal(report.lines[1], `backend function (${FUNCTION}): Inactive (The function is inactive.), last update Successful, 512 MB, x86_64; idle for a long time: the next request wakes it, slowly`);
        });

        it("a failed function, or a failed last update, is a mismatch with Lambda's reason", () => {
            assert.deepEqual(compareStatus({ paused: false }, onLambda({ ...ACTIVE, State: "Failed", StateReason: "The image manifest is not supported." })).mismatches, ["the backend function is Failed: The image manifest is not supported."]);
            assert.deepEqual(compareStatus({ paused: false }, onLambda({ ...ACTIVE, LastUpdateStatus: "Failed", LastUpdateStatusReason: "Lambda does not have permission to access the ECR image." })).mismatches, [
                "the backend function's last update failed: Lambda does not have permission to access the ECR image. (run `pulumi up` again)",
            ]);
            assert.deepEqual(compareStatus({ paused: false }, onLambda({ ...ACTIVE, LastUpdateStatus: "InProgress" })).mismatches, [], "an update under way");
        });

        it("a missing function", () => {
            const report = compareStatus({ paused: false }, onLambda(undefined));
            assert.deepEqual(report.mismatches, [`backend: function ${FUNCTION} not found`]);
            assert.equal(report.lines[1], `backend function (${FUNCTION}): not found`);
        });

        it("configured paused: says that changes nothing here, and finds no mismatch", () => {
            const report = compareStatus({ paused: true }, onLambda(ACTIVE));
            assert.deepEqual(report.mismatches, []);
            assert.equal(report.lines[0], "stack serverless: configured paused");
            assert.match(report.lines[1], /^pausing changes nothing on this stack: its backend is a Lambda function, which runs \(and is billed\) only while it answers a request; Aurora DSQL has nothing to stop/);
        });

        it("without a database: the table only", () => {
            assert.equal(compareStatus({ paused: false }, { ...onLambda(ACTIVE), database: { kind: "none" } }).lines.at(-1), "database: none (the DynamoDB table only)");
        });

        it("describes a configuration with what Lambda returned", () => {
            assert.equal(describeFunction({ State: "Pending", StateReason: "The function is being created." }), "Pending (The function is being created.)");
            assert.equal(describeFunction({ State: "Active", StateReason: "ignored while active", MemorySize: 1769, Architectures: ["arm64"] }), "Active, 1769 MB, arm64");
            assert.equal(describeFunction({}), "state unknown");
        });
    });

    it("describes capacity provider strategies and launch types", () => {
        assert.equal(describeCapacity({ capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }] }), "FARGATE_SPOT (weight 1)");
        assert.equal(describeCapacity({ capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 0, base: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 1 }] }), "FARGATE (base 1, weight 0), FARGATE_SPOT (weight 1)");
        assert.equal(describeCapacity({ launchType: "FARGATE" }), "FARGATE");
    });

    describe("describeDatabase", () => {
        it("asks for the instance named by the endpoint's first label", async () => {
            rdsMock.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "database-cb5c08a" }).resolves({ DBInstances: [{ DBInstanceIdentifier: "database-cb5c08a", DBInstanceStatus: "stopped", Endpoint: { Address: ENDPOINT } }] });
            assert.deepEqual(await describeDatabase(rds, ENDPOINT), { endpoint: ENDPOINT, identifier: "database-cb5c08a", status: "stopped" });
            assert.equal(rdsMock.calls().length, 1);
        });

        it("otherwise finds it by address among all instances", async () => {
            rdsMock.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "database-cb5c08a" }).rejects(new DBInstanceNotFoundFault({ message: "not found", $metadata: {} }));
            rdsMock.on(DescribeDBInstancesCommand, { Marker: undefined }).resolves({ DBInstances: [{ DBInstanceIdentifier: "other", Endpoint: { Address: "other.x" } }], Marker: "m" });
            rdsMock.on(DescribeDBInstancesCommand, { Marker: "m" }).resolves({ DBInstances: [{ DBInstanceIdentifier: "renamed", DBInstanceStatus: "available", Endpoint: { Address: ENDPOINT } }] });
            assert.deepEqual(await describeDatabase(rds, ENDPOINT), { endpoint: ENDPOINT, identifier: "renamed", status: "available" });
        });

        it("says when there is no such instance", async () => {
            rdsMock.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "database-cb5c08a" }).rejects(new DBInstanceNotFoundFault({ message: "not found", $metadata: {} }));
            rdsMock.on(DescribeDBInstancesCommand, { Marker: undefined }).resolves({ DBInstances: [] });
            assert.equal((await describeDatabase(rds, ENDPOINT)).status, undefined);
        });
    });

    it("runStatus: DescribeServices and DescribeDBInstances against the outputs' paused", async () => {
        ecsMock.on(DescribeServicesCommand).resolves({
            services: [{ serviceName: "backend-56041d7", status: "ACTIVE", desiredCount: 1, runningCount: 1, pendingCount: 0, capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }] }],
        });
        rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: "database-cb5c08a", DBInstanceStatus: "available", Endpoint: { Address: ENDPOINT } }] });

        assert.deepEqual((await runStatus({ outputs: OUTPUTS, ecs, rds })).mismatches, []);
        assert.deepEqual(ecsMock.commandCalls(DescribeServicesCommand)[0].args[0].input, { cluster: "cluster-7d2cbce", services: ["backend-56041d7"] });

        const paused = await runStatus({ outputs: { ...OUTPUTS, paused: true }, ecs, rds });
        assert.equal(paused.mismatches.length, 2);
        assert.equal(paused.mismatches[0], "paused but backend runs 1 task");
    });

    it("runStatus of a serverless stack: asks Lambda for the function, and neither ECS nor RDS", async () => {
        const functions = fakeFunctions({ [FUNCTION]: ACTIVE });
        const report = await runStatus({ outputs: SERVERLESS, functions });
        assert.deepEqual(functions.asked, [FUNCTION]);
        assert.deepEqual(report.mismatches, []);
        assert.equal(report.lines.length, 3);
        assert.equal(ecsMock.calls().length + rdsMock.calls().length, 0);
        await assert.rejects(runStatus({ outputs: SERVERLESS }), /status needs a Lambda client/);
    });

    it("runStatus of ECS with Aurora DSQL: DescribeServices, and no RDS call", async () => {
        ecsMock.on(DescribeServicesCommand).resolves({ services: [{ serviceName: "backend-56041d7", status: "ACTIVE", desiredCount: 0, runningCount: 0, pendingCount: 0, launchType: "FARGATE" }] });
        const report = await runStatus({ outputs: { ...OUTPUTS, databaseKind: "dsql", databaseEndpoint: DSQL_ENDPOINT, paused: true }, ecs });
        assert.deepEqual(report.mismatches, []);
        assert.equal(report.lines.at(-1), `database (${DSQL_ENDPOINT}): Aurora DSQL, always available (nothing to stop or start)`);
        assert.equal(rdsMock.calls().length, 0);
    });

    describe("sdkFunctionSource", () => {
        const lambdaMock = mockClient(LambdaClient);
        beforeEach(() => lambdaMock.reset());
        after(() => lambdaMock.restore());

        it("asks GetFunctionConfiguration in the stack's region", async () => {
            lambdaMock.on(GetFunctionConfigurationCommand, { FunctionName: FUNCTION }).resolves(ACTIVE);
            const source = sdkFunctionSource("eu-central-1");
            assert.deepEqual(await source.getFunction(FUNCTION), ACTIVE);
            const calls = lambdaMock.commandCalls(GetFunctionConfigurationCommand);
            assert.deepEqual(calls.map((c) => c.args[0].input), [{ FunctionName: FUNCTION }]);
            assert.equal(await calls[0].thisValue.config.region(), "eu-central-1");
            source.destroy?.();
        });

        it("answers undefined for a function Lambda does not have, and passes other errors on", async () => {
            lambdaMock.on(GetFunctionConfigurationCommand).rejects(new ResourceNotFoundException({ message: "Function not found", $metadata: {} }));
            assert.equal(await sdkFunctionSource("eu-central-1").getFunction(FUNCTION), undefined);
            lambdaMock.on(GetFunctionConfigurationCommand).rejects(Object.assign(new Error("not authorized to perform: lambda:GetFunctionConfiguration"), { name: "AccessDeniedException" }));
            await assert.rejects(sdkFunctionSource("eu-central-1").getFunction(FUNCTION), /not authorized/);
        });
    });
});

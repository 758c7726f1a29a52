import assert from "node:assert/strict";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { DBInstanceNotFoundFault, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { DeployedStack } from "../../ops/outputs";
import { ActualStatus, compareStatus, describeCapacity, describeDatabase, runStatus, ServiceStatus } from "../../ops/status";

const ecsMock = mockClient(ECSClient);
const rdsMock = mockClient(RDSClient);
const ecs = new ECSClient({ region: "us-west-2" });
const rds = new RDSClient({ region: "us-west-2" });

const ENDPOINT = "database-cb5c08a.ccb5c08a8c1e1.us-west-2.rds.amazonaws.com";
const OUTPUTS: DeployedStack = { stack: "cheap", region: "us-west-2", clusterName: "cluster-7d2cbce", services: { backend: "backend-56041d7" }, databaseEndpoint: ENDPOINT, paused: false };

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
});

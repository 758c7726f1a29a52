import assert from "node:assert/strict";
import { DATABASE_SCHEDULE_ACTIONS, DATABASE_SCHEDULE_RETRIES, DatabaseSchedule, DatabaseScheduleArgs, START_DB_INSTANCE_TARGET, STOP_DB_INSTANCE_TARGET } from "../../components/database-schedule";
import { Database } from "../../components/database";
import { onlyResource, resourcesOfType, StackRecord } from "../../offline/record";
import { json, Statement } from "../stacks";
import { assertOwnsEverything, component, failure, run } from "./helpers";

const TYPE = "shoestring:aws:DatabaseSchedule";
const INSTANCE_ARN = "arn:aws:rds:us-west-2:123456789012:db:shop-db";
const BASE: DatabaseScheduleArgs = {
    instanceIdentifier: "shop-db",
    instanceArn: INSTANCE_ARN,
    timezone: "Europe/Berlin",
    wake: ["cron(0 8 ? * MON-FRI *)"],
    sleep: ["cron(0 19 ? * MON-FRI *)"],
    keepStopped: ["cron(20 0-7,19-23 ? * MON-FRI *)", "cron(20 * ? * SUN,SAT *)"],
};

const scheduled = (args: Partial<DatabaseScheduleArgs>): Promise<StackRecord> => run(() => void new DatabaseSchedule("db-schedule", { ...BASE, ...args }));
const schedules = (record: StackRecord) => resourcesOfType(record, "aws:scheduler/schedule:Schedule");
type Target = { arn: string; roleArn: string; input: string; retryPolicy: unknown };

describe("components/database-schedule DatabaseSchedule", () => {
    let record: StackRecord;
    before(async () => {
        record = await scheduled({});
    });

    it("parents every resource to the component", () => {
        assertOwnsEverything(record, component(record, TYPE));
    });

    it("starts the instance at each wake time and stops it at each sleep time and every sleeping hour, in the schedule's zone, on time", () => {
        const role = onlyResource(record, "aws:iam/role:Role");
        assert.deepEqual(
            schedules(record).map((s) => [s.name, s.inputs.scheduleExpression, (s.inputs.target as Target).arn, s.inputs.state]),
            [
                ["db-schedule-wake-1", "cron(0 8 ? * MON-FRI *)", START_DB_INSTANCE_TARGET, "ENABLED"],
                ["db-schedule-sleep-1", "cron(0 19 ? * MON-FRI *)", STOP_DB_INSTANCE_TARGET, "ENABLED"],
                ["db-schedule-keep-stopped-1", "cron(20 0-7,19-23 ? * MON-FRI *)", STOP_DB_INSTANCE_TARGET, "ENABLED"],
                ["db-schedule-keep-stopped-2", "cron(20 * ? * SUN,SAT *)", STOP_DB_INSTANCE_TARGET, "ENABLED"],
            ],
        );
        for (const s of schedules(record)) {
            const target = s.inputs.target as Target;
            assert.equal(s.inputs.scheduleExpressionTimezone, "Europe/Berlin");
            assert.deepEqual(s.inputs.flexibleTimeWindow, { mode: "OFF" });
            assert.equal(s.inputs.groupName, undefined, "the default group");
            assert.deepEqual(json(target.input), { DbInstanceIdentifier: "shop-db" });
            assert.equal(target.roleArn, role.outputs.arn);
            assert.deepEqual(target.retryPolicy, DATABASE_SCHEDULE_RETRIES, "a bounded retry, not Scheduler's 185 over a day");
        }
    });

    it("acts as a role only EventBridge Scheduler of this account may assume, allowed exactly start and stop on exactly the instance", () => {
        const role = onlyResource(record, "aws:iam/role:Role");
        const [trust] = json<{ Statement: Statement[] }>(role.inputs.assumeRolePolicy).Statement;
        assert.deepEqual(trust.Principal, { Service: "scheduler.amazonaws.com" });
        assert.deepEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
        assert.equal(role.inputs.path, "/shoestring/");
        const policy = onlyResource(record, "aws:iam/rolePolicy:RolePolicy");
        assert.deepEqual(json<{ Statement: Statement[] }>(policy.inputs.policy).Statement, [{ Sid: "StartStopInstance", Effect: "Allow", Action: DATABASE_SCHEDULE_ACTIONS, Resource: INSTANCE_ARN }]);
        assert.deepEqual(DATABASE_SCHEDULE_ACTIONS, ["rds:StartDBInstance", "rds:StopDBInstance"]);
        for (const s of schedules(record)) {
            assert.ok(s.dependencies.includes(policy.urn), `${s.name} waits for the policy`);
        }
    });

    it("while paused keeps the start schedules disabled and the stop schedules enabled", async () => {
        const paused = await scheduled({ paused: true });
        assert.deepEqual(schedules(paused).map((s) => [s.name, s.inputs.state]), [
            ["db-schedule-wake-1", "DISABLED"],
            ["db-schedule-sleep-1", "ENABLED"],
            ["db-schedule-keep-stopped-1", "ENABLED"],
            ["db-schedule-keep-stopped-2", "ENABLED"],
        ]);
    });

    it("refuses a schedule without a wake or a sleep time", async () => {
        const err = await failure(() => new DatabaseSchedule("db-schedule", { ...BASE, sleep: [] }));
        assert.match(err.message, /needs at least one wake and one sleep expression/);
    });

    it("lets Database register no desired state under a schedule, unless stopped", async () => {
        const network = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] };
        const states = async (args: { scheduled?: boolean; stopped?: boolean }) =>
            resourcesOfType(await run(() => void new Database("db", { ...network, ...args })), "aws:rds/instanceDesiredState:InstanceDesiredState").map((s) => s.inputs.state);
        assert.deepEqual(await states({ scheduled: true }), []);
        assert.deepEqual(await states({ scheduled: true, stopped: true }), ["stopped"]);
        assert.deepEqual(await states({}), ["available"]);
    });
});

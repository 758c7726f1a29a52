/** Awake hours on the project's stacks: what a schedule adds, what paused leaves, and nothing without one. */
import assert from "node:assert/strict";
import { onlyResource, RecordedResource, resourcesOfType, StackRecord } from "../../offline/record";
import { json, stack, Statement } from "../stacks";

const SCHEDULE = { timezone: "Europe/Berlin", awake: ["Mon-Fri 08:00-19:00"] };
const NEW_TYPES = ["aws:appautoscaling/scheduledAction:ScheduledAction", "aws:scheduler/schedule:Schedule", "shoestring:aws:DatabaseSchedule"];
const ofType = (record: StackRecord, type: string): RecordedResource[] => resourcesOfType(record, type);
type Target = { arn: string; input: string };

describe("profiles with awake hours", () => {
    describe("cheap, Mon-Fri 08:00-19:00 in Europe/Berlin", () => {
        let record: StackRecord;
        before(async () => {
            record = await stack("cheap", { schedule: SCHEDULE });
        });

        it("wakes the backend at 08:00 and puts it to sleep at 19:00 on weekdays, Berlin time, leaving the counts to the schedule", () => {
            const backend = onlyResource(record, "aws:ecs/service:Service", "backend");
            const target = onlyResource(record, "aws:appautoscaling/target:Target", "backend-scaling");
            assert.deepEqual(
                ofType(record, "aws:appautoscaling/scheduledAction:ScheduledAction").map((a) => [a.name, a.inputs.schedule, a.inputs.timezone, a.inputs.scalableTargetAction, a.inputs.resourceId === target.inputs.resourceId]),
                [
                    ["backend-wake-1", "cron(0 8 ? * MON-FRI *)", "Europe/Berlin", { minCapacity: 1, maxCapacity: 1 }, true],
                    ["backend-sleep-1", "cron(0 19 ? * MON-FRI *)", "Europe/Berlin", { minCapacity: 0, maxCapacity: 0 }, true],
                ],
            );
            assert.deepEqual(backend.ignoreChanges, ["desiredCount"]);
            assert.deepEqual(target.ignoreChanges, ["minCapacity", "maxCapacity"]);
        });

        it("starts and stops the database with Scheduler, and registers no desired state that would start it on an update", () => {
            const instance = onlyResource(record, "aws:rds/instance:Instance");
            const byName = Object.fromEntries(ofType(record, "aws:scheduler/schedule:Schedule").map((s) => [s.name, s]));
            assert.deepEqual(Object.keys(byName), ["database-schedule-wake-1", "database-schedule-sleep-1", "database-schedule-keep-stopped-1", "database-schedule-keep-stopped-2"]);
            assert.equal(byName["database-schedule-wake-1"].inputs.scheduleExpression, "cron(0 8 ? * MON-FRI *)");
            assert.equal((byName["database-schedule-wake-1"].inputs.target as Target).arn, "arn:aws:scheduler:::aws-sdk:rds:startDBInstance");
            assert.equal(byName["database-schedule-sleep-1"].inputs.scheduleExpression, "cron(0 19 ? * MON-FRI *)");
            for (const s of Object.values(byName)) {
                assert.equal(s.inputs.scheduleExpressionTimezone, "Europe/Berlin");
                assert.equal(s.inputs.state, "ENABLED");
                assert.deepEqual(json((s.inputs.target as Target).input), { DbInstanceIdentifier: instance.outputs.identifier });
            }
            assert.equal(ofType(record, "aws:rds/instanceDesiredState:InstanceDesiredState").length, 0);
        });

        it("gives the schedules a role that may stop and start exactly that instance and nothing else", () => {
            const role = onlyResource(record, "aws:iam/role:Role", "database-schedule-scheduler");
            const policies = ofType(record, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === role.outputs.name);
            assert.equal(policies.length, 1);
            assert.deepEqual(json<{ Statement: Statement[] }>(policies[0].inputs.policy).Statement, [
                { Sid: "StartStopInstance", Effect: "Allow", Action: ["rds:StartDBInstance", "rds:StopDBInstance"], Resource: onlyResource(record, "aws:rds/instance:Instance").outputs.arn },
            ]);
            assert.equal(ofType(record, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.outputs.name).length, 0);
            const [trust] = json<{ Statement: Statement[] }>(role.inputs.assumeRolePolicy).Statement;
            assert.deepEqual(trust.Principal, { Service: "scheduler.amazonaws.com" });
            assert.ok(trust.Condition?.StringEquals?.["aws:SourceAccount"]);
        });
    });

    it("homework schedules the nginx frontend as well as the backend", async () => {
        const record = await stack("dev", { schedule: SCHEDULE });
        assert.deepEqual(ofType(record, "aws:appautoscaling/scheduledAction:ScheduledAction").map((a) => a.name).sort(), ["backend-sleep-1", "backend-wake-1", "frontend-sleep-1", "frontend-wake-1"]);
    });

    it("paused wins: the wake schedules are disabled, the stops enabled, every service at 0 with no scheduled action", async () => {
        for (const name of ["cheap", "dev"]) {
            const record = await stack(name, { schedule: SCHEDULE, paused: true });
            assert.equal(ofType(record, "aws:appautoscaling/scheduledAction:ScheduledAction").length, 0);
            for (const service of ofType(record, "aws:ecs/service:Service")) {
                assert.equal(service.inputs.desiredCount, 0, service.name);
                assert.deepEqual(service.ignoreChanges, [], service.name);
            }
            for (const target of ofType(record, "aws:appautoscaling/target:Target")) {
                assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity, target.ignoreChanges], [0, 0, []], target.name);
            }
            for (const s of ofType(record, "aws:scheduler/schedule:Schedule")) {
                assert.equal(s.inputs.state, (s.inputs.target as Target).arn.endsWith(":startDBInstance") ? "DISABLED" : "ENABLED", s.name);
            }
            assert.deepEqual(ofType(record, "aws:rds/instanceDesiredState:InstanceDesiredState").map((s) => s.inputs.state), ["stopped"]);
        }
    });

    it("adds nothing without a schedule", async () => {
        for (const name of ["cheap", "dev"]) {
            const record = await stack(name);
            for (const type of NEW_TYPES) {
                assert.equal(ofType(record, type).length, 0, `${name}: ${type}`);
            }
            assert.equal(ofType(record, "aws:appautoscaling/target:Target").length, 0);
            assert.deepEqual(ofType(record, "aws:rds/instanceDesiredState:InstanceDesiredState").map((s) => s.inputs.state), ["available"]);
        }
    });
});

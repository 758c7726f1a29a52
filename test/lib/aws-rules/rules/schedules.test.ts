/**
 * The schedule rules (lib/aws-rules/rules/schedules.ts): Application Auto
 * Scaling scheduled actions and EventBridge Scheduler schedules.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { properties } from "./fixtures";

describe("lib/aws-rules/rules/schedules: each rule rejects a realistic mistake and accepts the fix", () => {
    /** A scalable target of an ECS service and one scheduled action on it. */
    const scheduledAction = (args: Partial<aws.appautoscaling.ScheduledActionArgs>, registered = true) => () => {
        const resourceId = "service/shop/web";
        if (registered) new aws.appautoscaling.Target("t", { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId, minCapacity: 0, maxCapacity: 0 });
        new aws.appautoscaling.ScheduledAction("a", { name: "wake-1", serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId, schedule: "cron(0 8 ? * MON-FRI *)", timezone: "Europe/Berlin", scalableTargetAction: { minCapacity: 1, maxCapacity: 2 }, ...args });
    };

    it("aws-appautoscaling-scheduled-action-name: a colon, a slash, a pipe, a leading space or 257 characters are refused", async () => {
        for (const name of ["wake:1", "wake/1", "a|b", " wake", "wake ", "x".repeat(257), "wäke", ""]) {
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-name", scheduledAction({ name })), ["name"], name);
        }
        assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-name", scheduledAction({ name: "wake up-1_x.y" })), []);
    });

    it("aws-appautoscaling-scheduled-action-schedule: five-field cron, * in both day fields, an hour 24 and a zone that is not IANA are refused", async () => {
        for (const schedule of ["cron(0 8 * * *)", "cron(0 8 * * MON-FRI *)", "cron(0 24 ? * MON *)", "0 8 ? * MON *", "rate(0 minutes)"]) {
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-schedule", scheduledAction({ schedule })), ["schedule"], schedule);
        }
        assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-schedule", scheduledAction({ timezone: "CET" })), ["timezone"]);
        for (const schedule of ["cron(30 6 ? * MON *)", "cron(0/15 * * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0 8 ? * 2#1 *)", "rate(5 minutes)", "at(2030-01-01T08:00:00)"]) {
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-schedule", scheduledAction({ schedule })), [], schedule);
        }
    });

    it("aws-appautoscaling-scheduled-action-target: no registered target, min above max, a negative or missing capacity are refused", async () => {
        assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({}, false)), ["resourceId"]);
        assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableDimension: "ecs:service:Other" })), ["resourceId"]);
        assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableTargetAction: { minCapacity: 3, maxCapacity: 2 } })), ["scalableTargetAction"]);
        assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableTargetAction: { minCapacity: -1, maxCapacity: 0 } })), ["scalableTargetAction.minCapacity"]);
        assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableTargetAction: {} })), ["scalableTargetAction"]);
        assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableTargetAction: { minCapacity: 0, maxCapacity: 0 } })), []);
    });

    /** A Scheduler schedule that stops an RDS instance. */
    const schedule = (args: Partial<aws.scheduler.ScheduleArgs>, target: Partial<aws.types.input.scheduler.ScheduleTarget> = {}) => () =>
        void new aws.scheduler.Schedule("s", {
            scheduleExpression: "cron(0 19 ? * MON-FRI *)",
            scheduleExpressionTimezone: "Europe/Berlin",
            flexibleTimeWindow: { mode: "OFF" },
            target: { arn: "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance", roleArn: "arn:aws:iam::123456789012:role/scheduler", input: JSON.stringify({ DbInstanceIdentifier: "shop-db" }), ...target },
            ...args,
        });

    it("aws-scheduler-schedule-expression: a cron without its year, a day-of-week 8 and an unknown zone are refused", async () => {
        for (const scheduleExpression of ["cron(0 19 ? * MON-FRI)", "cron(0 19 ? * 8 *)", "every day"]) {
            assert.deepEqual(await properties("aws-scheduler-schedule-expression", schedule({ scheduleExpression })), ["scheduleExpression"], scheduleExpression);
        }
        assert.deepEqual(await properties("aws-scheduler-schedule-expression", schedule({ scheduleExpressionTimezone: "Europe/Atlantis" })), ["scheduleExpressionTimezone"]);
        assert.deepEqual(await properties("aws-scheduler-schedule-expression", schedule({ scheduleExpression: "cron(20 0-7,19-23 ? * SUN,SAT *)" })), []);
    });

    it("aws-scheduler-universal-target: a malformed or read-only target, input that is not an object, an RDS call without its identifier are refused", async () => {
        for (const arn of ["arn:aws:scheduler:::aws-sdk:rds:StopDBInstance", "arn:aws:scheduler::aws-sdk:rds:stopDBInstance", "arn:aws:scheduler:::aws-sdk:rds:describeDBInstances"]) {
            assert.deepEqual(await properties("aws-scheduler-universal-target", schedule({}, { arn })), ["target.arn"], arn);
        }
        for (const input of ["[]", "not json", JSON.stringify({ DBInstanceIdentifier: "shop-db" })]) {
            assert.deepEqual(await properties("aws-scheduler-universal-target", schedule({}, { input })), ["target.input"], input);
        }
        assert.deepEqual(await properties("aws-scheduler-universal-target", schedule({})), []);
        assert.deepEqual(await properties("aws-scheduler-universal-target", schedule({}, { arn: "arn:aws:lambda:us-west-2:123456789012:function:f", input: "[]" })), [], "a templated target is not a universal one");
    });
});

/**
 * The schedule rules (lib/aws-rules/rules/schedules.ts): Application Auto
 * Scaling scheduled actions and EventBridge Scheduler schedules.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { UNKNOWN_VALUE } from "../../../../lib/aws-rules";
import { scheduleExpressionProblem, UNSUPPORTED_TARGET_PREFIXES } from "../../../../lib/aws-rules/rules/schedules";
import { findings, properties } from "./fixtures";

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

    describe("the edges of each rule", () => {
        it("a scheduled action's name, schedule or time zone that is no string is refused, and the message says what is allowed", async () => {
            const name = await findings("aws-appautoscaling-scheduled-action-name", scheduledAction({ name: 5 as unknown as string }));
            assert.deepEqual(name.map((f) => [f.property, f.value]), [["name", 5]]);
            assert.equal(name[0].message, "Application Auto Scaling accepts 1 to 256 printable ASCII characters without : / |, not starting or ending with a space");
            const schedule = await findings("aws-appautoscaling-scheduled-action-schedule", scheduledAction({ schedule: 8 as unknown as string, timezone: 1 as unknown as string }));
            assert.deepEqual(schedule.map((f) => [f.property, f.message]), [["schedule", "not a string"], ["timezone", "not a string"]]);
            assert.match((await findings("aws-appautoscaling-scheduled-action-schedule", scheduledAction({ timezone: "CET" })))[0]?.message ?? "", /CET/);
        });

        it("a scheduled action may set one capacity; each is a whole number of 0 or more, and min above max is one finding", async () => {
            const target = (scalableTargetAction: Record<string, unknown>) => findings("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableTargetAction }));
            assert.deepEqual(await target({ maxCapacity: 2 }), []);
            assert.deepEqual(await target({ minCapacity: 0 }), []);
            for (const minCapacity of [1.5, "1", -1]) {
                const found = await target({ minCapacity, maxCapacity: 2 });
                assert.deepEqual(found.map((f) => [f.property, f.value, f.message]), [["scalableTargetAction.minCapacity", minCapacity, "a capacity is a whole number, 0 or more"]], String(minCapacity));
            }
            assert.deepEqual((await target({ minCapacity: 3, maxCapacity: "2" })).map((f) => f.property), ["scalableTargetAction.maxCapacity"]);
            const above = await target({ minCapacity: 3, maxCapacity: 2 });
            assert.deepEqual(above.map((f) => [f.property, f.value, f.message]), [["scalableTargetAction", { minCapacity: 3, maxCapacity: 2 }, "minCapacity is above maxCapacity"]]);
            const none = await target({});
            assert.equal(none[0]?.message, "sets neither minCapacity nor maxCapacity; the action would change nothing");
            const unregistered = await findings("aws-appautoscaling-scheduled-action-target", scheduledAction({}, false));
            assert.match(unregistered[0]?.message ?? "", /^no scalable target of the program has this resource, namespace and dimension; PutScheduledAction needs the target registered first \(ObjectNotFoundException\)$/);
            // Another namespace on the same resource id is another target.
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ serviceNamespace: "rds" })), ["resourceId"]);
        });

        it("a universal target in another partition passes; one with text around it, an input of null, or a Region's ARN is refused", async () => {
            const target = (t: Partial<aws.types.input.scheduler.ScheduleTarget>) => findings("aws-scheduler-universal-target", schedule({}, t));
            assert.deepEqual(await target({ arn: "arn:aws-cn:scheduler:::aws-sdk:rds:stopDBInstance" }), []);
            assert.deepEqual(await target({ arn: "arn:aws-us-gov:scheduler:::aws-sdk:rds:stopDBInstance" }), []);
            for (const arn of ["xarn:aws:scheduler:::aws-sdk:rds:stopDBInstance", "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance/x", "arn:aws:scheduler:us-west-2::aws-sdk:rds:stopDBInstance"]) {
                const found = await target({ arn });
                assert.deepEqual(found.map((f) => [f.property, f.message]), [["target.arn", "a universal target is arn:aws:scheduler:::aws-sdk:<service>:<apiAction>, the service in lower case and the action in camelCase"]], arn);
            }
            assert.equal((await target({ arn: "arn:aws:scheduler:::aws-sdk:ssm:getParameter" }))[0]?.message, "Scheduler does not call read-only actions (getParameter)");
            assert.deepEqual((await target({ input: "null" })).map((f) => [f.property, f.message]), [["target.input", "a universal target's input is a JSON object of the API's request parameters"]]);
            // A value not known yet is not judged; the input of other services needs no instance.
            assert.deepEqual(await target({ input: UNKNOWN_VALUE }), []);
            assert.deepEqual(await target({ arn: 5 as unknown as string }), []);
            assert.deepEqual(await target({ arn: "arn:aws:scheduler:::aws-sdk:ecs:updateService", input: JSON.stringify({ Cluster: "shop", Service: "web", DesiredCount: 0 }) }), []);
            assert.deepEqual(await target({ arn: "arn:aws:scheduler:::aws-sdk:rds:startDBInstanceAutomatedBackupsReplication", input: JSON.stringify({ SourceDBInstanceArn: "arn:aws:rds:us-east-1:123456789012:db:shop-db" }) }), []);
            const start = await target({ arn: "arn:aws:scheduler:::aws-sdk:rds:startDBInstance", input: "{}" });
            assert.deepEqual(start.map((f) => [f.property, f.message]), [["target.input", "startDBInstance needs the instance's DbInstanceIdentifier"]]);
        });
    });

    describe("the cron, rate and at expressions both services take", () => {
        it("takes the forms of the EventBridge cron reference: each field's range and names, , - * / ? L W #", () => {
            const accepted = [
                "cron(0 10 * * ? *)",
                "cron(0/5 8-17 ? * MON-FRI *)",
                "cron(*/5 * * * ? *)",
                "cron(0 9 ? * 3#2 *)",
                "cron(0 0 L * ? *)",
                "cron(0 0 ? * L *)",
                "cron(0 0 3W * ? *)",
                "cron(59 23 31 12 ? 2199)",
                "cron(0 0 1 1 ? 1970)",
                "cron(0 12 ? JAN-MAR SUN 2030)",
                "cron(0 12 ? DEC SAT *)",
                "cron(0 12 ? JAN,FEB,MAR,APR,MAY,JUN,JUL,AUG,SEP,OCT,NOV,DEC SUN,MON,TUE,WED,THU,FRI,SAT *)",
                "cron(0 12 ? * 1,7 1970-2199)",
                "cron(0 0 1,15 * ? *)",
                "cron( 0 8 * * ? * )",
                "cron(0  8 * * ? *)",
                "cron(0 0 15W * ? *)",
                "cron(0 9 ? * MON#1 *)",
                // Quartz's forms, which the reference does not list: taken rather than refused on a guess.
                "cron(0 0 LW * ? *)",
                "cron(0 0 ? * 6L *)",
                "cron(0 0 ? * FRIL *)",
                "rate(1 minute)",
                "rate(5 minutes)",
                "rate(15 minutes)",
                "rate(1 hour)",
                "rate(2 hours)",
                "rate(1 day)",
                "rate(3 days)",
                "at(2030-01-01T08:00:00)",
            ];
            assert.deepEqual(accepted.filter((e) => scheduleExpressionProblem(e) !== undefined), []);
        });

        it("says which field is wrong and what it takes", () => {
            const refused: [string, string][] = [
                ["cron(0 10 * * ?)", "has 5 fields; cron takes six: Minutes Hours Day-of-month Month Day-of-week Year"],
                ["cron(60 10 * * ? *)", 'Minutes "60" is not valid; allowed: 0-59, with , - * /'],
                ["cron(0 24 * * ? *)", 'Hours "24" is not valid; allowed: 0-23, with , - * /'],
                ["cron(0 0 0 * ? *)", 'Day-of-month "0" is not valid; allowed: 1-31, with , - * / ? L W'],
                ["cron(0 0 32 * ? *)", 'Day-of-month "32" is not valid'],
                ["cron(0 0 1,32 * ? *)", 'Day-of-month "32" is not valid'],
                ["cron(0 0 ? 13 MON *)", 'Month "13" is not valid; allowed: 1-12 or JAN-DEC, with , - * /'],
                ["cron(0 0 ? 0 MON *)", 'Month "0" is not valid'],
                ["cron(0 0 ? FOO MON *)", 'Month "FOO" is not valid'],
                ["cron(0 0 * JAN-FOO ? *)", 'Month "JAN-FOO" is not valid'],
                ["cron(0 0 ? * 0 *)", 'Day-of-week "0" is not valid; allowed: 1-7 or SUN-SAT, with , - * / ? L #'],
                ["cron(0 0 ? * 8 *)", 'Day-of-week "8" is not valid'],
                ["cron(0 0 ? * MON 1969)", 'Year "1969" is not valid; allowed: 1970-2199, with , - * /'],
                ["cron(0 0 ? * MON 2200)", 'Year "2200" is not valid'],
                ["cron(? 0 * * ? *)", 'Minutes "?" is not valid; ? is for Day-of-month or Day-of-week'],
                ["cron(0 0 * ? ? *)", 'Month "?" is not valid'],
                ["cron(0 0 * * * *)", "exactly one of Day-of-month and Day-of-week must be ? (the other gives the days)"],
                ["cron(0 0 ? * ? *)", "exactly one of Day-of-month and Day-of-week must be ?"],
                ["cron(0 0 ? * MON#6 *)", 'Day-of-week "MON#6" is not valid'],
                ["cron(0 0 ? * MON#0 *)", 'Day-of-week "MON#0" is not valid'],
                ["cron(0 0 ? * FOO#1 *)", 'Day-of-week "FOO#1" is not valid'],
                ["cron(0 0 1#1 * ? *)", 'Day-of-month "1#1" is not valid'],
                ["cron(0 0 32W * ? *)", 'Day-of-month "32W" is not valid'],
                ["cron(0 0 W * ? *)", 'Day-of-month "W" is not valid'],
                ["cron(0 0 ? * 1W *)", 'Day-of-week "1W" is not valid'],
                ["cron(0 0 ? * LW *)", 'Day-of-week "LW" is not valid'],
                ["cron(0 0 ? * 8L *)", 'Day-of-week "8L" is not valid'],
                ["cron(L 0 * * ? *)", 'Minutes "L" is not valid'],
                ["cron(0 0 ? * # *)", 'Day-of-week "#" is not valid'],
                ["cron(0/x * * * ? *)", 'Minutes "0/x" is not valid'],
                ["cron(0/5/2 * * * ? *)", 'Minutes "0/5/2" is not valid'],
                ["cron(1-2-3 * * * ? *)", 'Minutes "1-2-3" is not valid'],
                ["cron(5-70 * * * ? *)", 'Minutes "5-70" is not valid'],
                ["cron(-5 * * * ? *)", 'Minutes "-5" is not valid'],
                ["cron(1.5 * * * ? *)", 'Minutes "1.5" is not valid'],
                ["rate(0 minutes)", "rate(0 minutes): a rate is a positive whole number"],
                ["rate(1 minutes)", "rate(1 minutes): write 1 minute or n minutes"],
                ["rate(5 minute)", "rate(5 minute): write 1 minute or n minutes"],
                ["rate(1 hours)", "rate(1 hours): write 1 hour or n hours"],
                ["rate(2 day)", "rate(2 day): write 1 day or n days"],
                ["rate(5 weeks)", 'is not cron(fields), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)'],
                ["at(2030-01-01 08:00:00)", "is not cron(fields), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)"],
                ["cron 0 8 * * ? *", "is not cron(fields)"],
                ["xcron(0 8 * * ? *)", "is not cron(fields)"],
                ["cron(0 8 * * ? *)x", "is not cron(fields)"],
                ["xrate(5 minutes)", "is not cron(fields)"],
                ["rate(5 minutes)x", "is not cron(fields)"],
                ["xat(2030-01-01T08:00:00)", "is not cron(fields)"],
                ["at(2030-01-01T08:00:00)x", "is not cron(fields)"],
                ["cron(1a * * * ? *)", 'Minutes "1a" is not valid'],
                ["cron(a1 * * * ? *)", 'Minutes "a1" is not valid'],
                ["cron(70/5 * * * ? *)", 'Minutes "70/5" is not valid'],
                ["cron(0 0 40W * ? *)", 'Day-of-month "40W" is not valid'],
                ["cron(0 0 ? * MON#12 *)", 'Day-of-week "MON#12" is not valid'],
                ["cron(0 0 ? * LL *)", 'Day-of-week "LL" is not valid'],
            ];
            // The message lists a field's names, and only the wildcards it takes.
            assert.equal(scheduleExpressionProblem("cron(0 0 ? 13 MON *)"), '"cron(0 0 ? 13 MON *)": Month "13" is not valid; allowed: 1-12 or JAN-DEC, with , - * /');
            assert.equal(scheduleExpressionProblem("cron(0 0 ? * 9 *)"), '"cron(0 0 ? * 9 *)": Day-of-week "9" is not valid; allowed: 1-7 or SUN-SAT, with , - * / ? L #');
            for (const [expression, message] of refused) {
                const problem = scheduleExpressionProblem(expression) ?? "";
                assert.ok(problem.includes(message), `${expression}: ${problem}`);
                assert.ok(problem.startsWith(JSON.stringify(expression)) || problem.startsWith(expression), `${expression}: the message names the expression`);
            }
        });

        it("refuses every read-only action Scheduler does not call, and only those", async () => {
            const target = (action: string) => schedule({}, { arn: `arn:aws:scheduler:::aws-sdk:rds:${action}`, input: JSON.stringify({ DbInstanceIdentifier: "shop-db" }) });
            for (const prefix of UNSUPPORTED_TARGET_PREFIXES) {
                assert.match(prefix, /^[a-z][A-Za-z]+$/);
            }
            // One action per prefix of "Unsupported actions"; their neighbours that write are fine.
            const readOnly = ["getParameter", "describeDBInstances", "listTagsForResource", "pollForTask", "receiveMessage", "searchProducts", "scanTable", "queryItems", "selectObjectContent", "readFile", "lookupEvents", "discoverInstances", "validateTemplate", "batchGetItem", "batchDescribeEntities", "batchReadDocument", "transactGetItems", "adminGetUser", "adminListDevices", "testMigrationTask", "retrieveData", "testConnection", "translateDocument", "isAuthorized", "invokeModel"];
            assert.equal(readOnly.length, UNSUPPORTED_TARGET_PREFIXES.length);
            for (const action of readOnly) {
                assert.deepEqual(await properties("aws-scheduler-universal-target", target(action)), ["target.arn"], action);
            }
            for (const action of ["stopDBInstance", "startDBInstance", "putParameter", "sendMessage"]) {
                const found = await properties("aws-scheduler-universal-target", target(action));
                assert.ok(!found.includes("target.arn"), action);
            }
        });
    });
});

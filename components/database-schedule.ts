import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ComponentError } from "../lib/errors";
import { Transform, transformed } from "../lib/transform";
import { WORKLOAD_ROLE_PATH } from "../lib/workload-iam";

/**
 * EventBridge Scheduler's universal targets for the two RDS calls
 * (`arn:aws:scheduler:::aws-sdk:<service>:<apiAction>`, "Using universal
 * targets in EventBridge Scheduler",
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html).
 */
export const START_DB_INSTANCE_TARGET = "arn:aws:scheduler:::aws-sdk:rds:startDBInstance";
export const STOP_DB_INSTANCE_TARGET = "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance";

/** What the schedules' role may do, on the one instance: exactly the two calls its targets make. */
export const DATABASE_SCHEDULE_ACTIONS = ["rds:StartDBInstance", "rds:StopDBInstance"];

/**
 * How often and how long Scheduler retries a failed call (its default is
 * 185 attempts over 24 hours): a start or stop RDS refuses now (the
 * instance is still starting or stopping, or already in the state asked
 * for) is not worth a day of retries.
 */
export const DATABASE_SCHEDULE_RETRIES = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 };

export interface DatabaseScheduleArgs {
    /** The instance's identifier (`DBInstanceIdentifier` of StartDBInstance and StopDBInstance). */
    instanceIdentifier: pulumi.Input<string>;
    /** The instance's ARN: the only resource the role may start and stop. */
    instanceArn: pulumi.Input<string>;
    /** IANA time zone the expressions are evaluated in (`ScheduleExpressionTimezone`). */
    timezone: string;
    /** `cron(...)` expressions at which the instance is started (lib/schedule.ts `scheduleCrons`). */
    wake: string[];
    /** `cron(...)` expressions at which it is stopped. */
    sleep: string[];
    /**
     * `cron(...)` expressions of further stop attempts while asleep
     * (lib/schedule.ts `keepStoppedCrons`, every sleeping hour). AWS starts
     * an instance that has been stopped for 7 days (StopDBInstance: "The
     * instance restarts automatically after 7 days",
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StopDBInstance.html),
     * which happens while `paused` (a weekly schedule wakes it sooner);
     * these stop it again within the hour. On a stopped instance the call
     * fails with InvalidDBInstanceState and changes nothing; the retry
     * policy keeps Scheduler from repeating it for a day.
     *
     * @default []
     */
    keepStopped?: string[];
    /**
     * Stop only: the start schedules are kept but `DISABLED`, so nothing
     * starts the instance; the stop schedules stay `ENABLED`. After
     * unpausing, the instance starts at the next wake time.
     *
     * @default false
     */
    paused?: boolean;
    /**
     * A permissions boundary for the schedules' role (created under the IAM
     * path `WORKLOAD_ROLE_PATH` in any case).
     *
     * @default none
     */
    permissionsBoundary?: pulumi.Input<string>;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The role EventBridge Scheduler assumes to call RDS. */
        role?: Transform<aws.iam.RoleArgs>;
        /** The role's policy (start and stop, on the instance). */
        policy?: Transform<aws.iam.RolePolicyArgs>;
        /** Each schedule (wake, sleep, keep-stopped). */
        schedule?: Transform<aws.scheduler.ScheduleArgs>;
    };
}

/**
 * Awake hours of an RDS instance: EventBridge Scheduler schedules in the
 * account's default schedule group that call StartDBInstance at each wake
 * time and StopDBInstance at each sleep time (and every sleeping hour), as
 * a role that may do exactly that to exactly this instance, and that only
 * EventBridge Scheduler acting for this account may assume.
 *
 * The schedules own the instance's state: `Database` registers no desired
 * state next to them (unless paused), so a `pulumi up` never starts or
 * stops the instance; a new instance runs until the next sleep time.
 *
 * Cost: EventBridge Scheduler's first 14 million invocations a month are
 * free (these are a few hundred); the instance is billed per hour only
 * while available, its storage always.
 */
export class DatabaseSchedule extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly schedules: aws.scheduler.Schedule[];

    constructor(name: string, args: DatabaseScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:DatabaseSchedule", name, {}, opts);
        if (args.wake.length === 0 || args.sleep.length === 0) {
            throw new ComponentError("shoestring:aws:DatabaseSchedule", name, "needs at least one wake and one sleep expression");
        }
        const paused = args.paused ?? false;

        // Only EventBridge Scheduler acting for this account may assume the role (the confused-deputy guard).
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        this.role = new aws.iam.Role(
            ...transformed(args.transform?.role, `${name}-scheduler`, {
                path: WORKLOAD_ROLE_PATH,
                permissionsBoundary: args.permissionsBoundary,
                description: "EventBridge Scheduler: start and stop the RDS instance at awake hours",
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": identity.accountId } } }],
                }),
            }, { parent: this }),
        );
        const policy = new aws.iam.RolePolicy(
            ...transformed(args.transform?.policy, `${name}-scheduler-policy`, {
                role: this.role.name,
                policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Sid: "StartStopInstance", Effect: "Allow", Action: DATABASE_SCHEDULE_ACTIONS, Resource: args.instanceArn }] }),
            }, { parent: this }),
        );

        const input = pulumi.jsonStringify({ DbInstanceIdentifier: args.instanceIdentifier });
        const schedule = (kind: string, i: number, cron: string, target: string, enabled: boolean, description: string) =>
            new aws.scheduler.Schedule(
                ...transformed(args.transform?.schedule, `${name}-${kind}-${i + 1}`, {
                    description,
                    scheduleExpression: cron,
                    scheduleExpressionTimezone: args.timezone,
                    flexibleTimeWindow: { mode: "OFF" },
                    state: enabled ? "ENABLED" : "DISABLED",
                    target: { arn: target, roleArn: this.role.arn, input, retryPolicy: DATABASE_SCHEDULE_RETRIES },
                    // After the policy: a schedule that fires before its role may act fails.
                }, { parent: this, dependsOn: [policy] }),
            );
        this.schedules = [
            ...args.wake.map((cron, i) => schedule("wake", i, cron, START_DB_INSTANCE_TARGET, !paused, `Start the RDS instance at the start of an awake window${paused ? " (disabled: paused)" : ""}`)),
            ...args.sleep.map((cron, i) => schedule("sleep", i, cron, STOP_DB_INSTANCE_TARGET, true, "Stop the RDS instance at the end of an awake window")),
            ...(args.keepStopped ?? []).map((cron, i) => schedule("keep-stopped", i, cron, STOP_DB_INSTANCE_TARGET, true, "Stop the RDS instance again if AWS started it while asleep")),
        ];
        this.registerOutputs({ roleArn: this.role.arn });
    }
}

/**
 * `database.kind: rds`: one RDS for PostgreSQL instance in the VPC, its
 * master password generated, stored and rotated by RDS in Secrets Manager.
 * The backend reads the password with its role when it connects (RDS
 * rotates it every 7 days), from inside the VPC.
 */
import { Database } from "../../components/database";
import { DatabaseSchedule } from "../../components/database-schedule";
import { keepStoppedCrons, scheduleCrons } from "../../lib/schedule";
import { AxisError, DatabaseModule } from "../parts";

export const rds: DatabaseModule = {
    summary: "RDS for PostgreSQL, password in Secrets Manager",
    inVpc: true,
    build(settings, network) {
        if (!network) {
            throw new AxisError("database", "rds", "runs in the VPC, but the stack built none");
        }
        const database = new Database("database", {
            ...settings.database,
            vpcId: network.vpcId,
            subnetIds: network.subnetIds,
            stopped: settings.paused,
            scheduled: settings.schedule !== undefined,
            protect: settings.protectData,
        });
        // Awake hours: EventBridge Scheduler starts and stops the instance (and stops it again after AWS restarts it).
        if (settings.schedule) {
            new DatabaseSchedule("database-schedule", {
                timezone: settings.schedule.timezone,
                ...scheduleCrons(settings.schedule),
                keepStopped: keepStoppedCrons(settings.schedule),
                instanceIdentifier: database.instance.identifier,
                instanceArn: database.instance.arn,
                paused: settings.paused,
                permissionsBoundary: settings.permissionsBoundary,
            });
        }
        const secret = database.secretArn;
        return {
            kind: "rds",
            variables: {
                DB_HOST: database.address,
                DB_PORT: database.port.apply(String),
                DB_NAME: database.dbName,
                DB_USER: database.username,
                DB_AUTH: "secret",
                // RDS rotates the managed password every 7 days and ECS injects
                // secrets only when a task starts, so the app reads the password
                // itself, with its role, when it connects.
                DB_SECRET_ARN: secret,
            },
            policyStatements: [{ Sid: "DatabasePassword", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secret] }],
            endpoint: database.address,
            admit: (name, securityGroupId) => database.allowFrom(name, securityGroupId),
        };
    },
};

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ComponentError } from "../lib/errors";
import { Transform, transformed } from "../lib/transform";

export interface DatabaseArgs {
    vpcId: pulumi.Input<string>;
    /** Subnets for the DB subnet group (two availability zones at least). */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Instance class. The smallest current burstable class is the cheapest
     * that runs Postgres well.
     *
     * @default "db.t4g.micro"
     */
    instanceClass?: string;
    /**
     * GiB of gp3 storage. Storage is billed even while the instance is stopped.
     *
     * @default 20
     */
    allocatedStorage?: number;
    /** @default "16" */
    engineVersion?: string;
    /** @default "app" */
    dbName?: string;
    /** @default "app" */
    username?: string;
    /** @default 1 */
    backupRetentionDays?: number;
    /**
     * Stop the instance (`aws.rds.InstanceDesiredState`). AWS starts a
     * stopped instance again by itself after 7 days; `pulumi up --refresh`
     * with `paused: true` sees that and stops it again (without `--refresh`
     * the state file still says stopped and nothing changes).
     *
     * @default false
     */
    stopped?: boolean;
    /**
     * A schedule starts and stops the instance (`DatabaseSchedule`): no
     * desired state is registered unless `stopped`, since "available"
     * would start the instance on every `pulumi up` outside awake hours.
     *
     * @default false
     */
    scheduled?: boolean;
    /**
     * Protect the instance: deletion protection on, and `protect` in Pulumi,
     * so neither a profile swap nor a stray `pulumi destroy` can delete it.
     * A final snapshot is taken on deletion in every case.
     *
     * @default true
     */
    protect?: boolean;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The DB subnet group. */
        subnetGroup?: Transform<aws.rds.SubnetGroupArgs>;
        /** The database's security group (its ingress rules come from `allowFrom`). */
        securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
        /** The RDS instance. */
        instance?: Transform<aws.rds.InstanceArgs>;
        /** The instance's desired state (available, or stopped when `stopped`; none when `scheduled` and not `stopped`). */
        desiredState?: Transform<aws.rds.InstanceDesiredStateArgs>;
        /** Each ingress rule `allowFrom` adds. */
        ingressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
    };
}

/** The Postgres port. */
export const POSTGRES_PORT = 5432;

/**
 * RDS for PostgreSQL: one small instance, private, encrypted, with its master
 * password generated and stored by AWS in Secrets Manager (never in config
 * or state). Reachable only from security groups given to `allowFrom`.
 *
 * Cost: the instance is billed per hour while available; storage
 * ($0.115/GB-month gp3 in us-east-1) is billed always. The managed secret is
 * $0.40/month. Extended Support is turned off so an old major version fails
 * upgrades loudly instead of adding a surcharge.
 */
export class Database extends pulumi.ComponentResource {
    readonly instance: aws.rds.Instance;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** Host name of the instance. */
    readonly address: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    readonly dbName: string;
    /** The master user name (its password is in `secretArn`). */
    readonly username: string;
    /**
     * ARN of the Secrets Manager secret holding `username` and `password`.
     * RDS rotates it every 7 days: read it when connecting, not once at start.
     */
    readonly secretArn: pulumi.Output<string>;
    private readonly name: string;
    private readonly transforms: DatabaseArgs["transform"];

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:Database", name, {}, opts);
        const protect = args.protect ?? true;
        this.name = name;
        this.transforms = args.transform;
        this.dbName = args.dbName ?? "app";
        this.username = args.username ?? "app";

        const subnets = new aws.rds.SubnetGroup(...transformed(args.transform?.subnetGroup, `${name}-subnets`, { subnetIds: args.subnetIds, description: "Database subnets" }, { parent: this }));
        this.securityGroup = new aws.ec2.SecurityGroup(
            // EC2 accepts only a-z A-Z 0-9 spaces and ._-:/()#,@[]+=&;{}!$* here (rule aws-ec2-security-group-description).
            ...transformed(args.transform?.securityGroup, `${name}-sg`, { vpcId: args.vpcId, description: "Postgres, only from the app tasks" }, { parent: this }),
        );

        this.instance = new aws.rds.Instance(
            ...transformed(args.transform?.instance, name, {
                engine: "postgres",
                engineVersion: args.engineVersion ?? "16",
                engineLifecycleSupport: "open-source-rds-extended-support-disabled",
                instanceClass: args.instanceClass ?? "db.t4g.micro",
                allocatedStorage: args.allocatedStorage ?? 20,
                storageType: "gp3",
                storageEncrypted: true,
                dbName: this.dbName,
                username: this.username,
                manageMasterUserPassword: true,
                dbSubnetGroupName: subnets.name,
                vpcSecurityGroupIds: [this.securityGroup.id],
                publiclyAccessible: false,
                multiAz: false,
                backupRetentionPeriod: args.backupRetentionDays ?? 1,
                deletionProtection: protect,
                skipFinalSnapshot: false,
                // The final snapshot keeps the project tags (billing, and the deploy role's tag conditions).
                copyTagsToSnapshot: true,
                // One name per stack: a second destroy of the same stack needs the old snapshot gone.
                finalSnapshotIdentifier: snapshotIdentifier(`${pulumi.getProject()}-${pulumi.getStack()}-${name}-final`),
                autoMinorVersionUpgrade: true,
                applyImmediately: true,
                performanceInsightsEnabled: false,
                monitoringInterval: 0,
            }, { parent: this, protect }),
        );

        if (args.stopped || !args.scheduled) {
            new aws.rds.InstanceDesiredState(
                ...transformed(args.transform?.desiredState, `${name}-state`, { identifier: this.instance.identifier, state: args.stopped ? "stopped" : "available" }, { parent: this }),
            );
        }

        this.address = this.instance.address;
        this.port = this.instance.port;
        this.secretArn = this.instance.masterUserSecrets.apply((secrets) => {
            const arn = secrets?.[0]?.secretArn;
            if (!arn) {
                throw new ComponentError("shoestring:aws:Database", name, "RDS returned no managed master user secret");
            }
            return arn;
        });
        this.registerOutputs({ address: this.address, port: this.port, secretArn: this.secretArn });
    }

    /** Lets a security group (a service's tasks) reach Postgres. */
    allowFrom(name: string, securityGroupId: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule {
        return new aws.vpc.SecurityGroupIngressRule(
            ...transformed(this.transforms?.ingressRule, `${this.name}-from-${name}`, {
                securityGroupId: this.securityGroup.id,
                referencedSecurityGroupId: securityGroupId,
                ipProtocol: "tcp",
                fromPort: POSTGRES_PORT,
                toPort: POSTGRES_PORT,
                description: `Postgres from ${name}`,
            }, { parent: this }),
        );
    }

}

/**
 * An RDS snapshot identifier from any name: lower-case letters, digits and
 * single hyphens, starting with a letter, at most 255 characters.
 */
export function snapshotIdentifier(name: string): string {
    const cleaned = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return (/^[a-z]/.test(cleaned) ? cleaned : `db-${cleaned}`).slice(0, 255).replace(/-+$/, "");
}

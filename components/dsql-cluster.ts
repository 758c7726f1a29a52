import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Transform, transformed } from "../lib/transform";

export interface DsqlClusterArgs {
    /** The stack's region: the cluster's endpoint is `<identifier>.dsql.<region>.on.aws`. */
    region: string;
    /**
     * Protect the cluster: deletion protection on, and `protect` in Pulumi,
     * so neither a profile swap nor a stray `pulumi destroy` can delete it.
     * Aurora DSQL keeps no final snapshot: deleting the cluster deletes
     * its data.
     *
     * @default true
     */
    protect?: boolean;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The cluster. */
        cluster?: Transform<aws.dsql.ClusterArgs>;
    };
}

/**
 * Aurora DSQL: a serverless, PostgreSQL-compatible database with a public
 * endpoint and IAM authentication only (no password anywhere, no VPC). A
 * client connects over TLS as `admin` to the database `postgres`, with a
 * short-lived token it signs itself with its role's credentials
 * (`dsql:DbConnectAdmin` on the cluster).
 *
 * It is always available: nothing to resume, nothing billed while idle but
 * storage. PostgreSQL compatibility has limits (no foreign keys, triggers,
 * temporary tables or extensions; one DDL statement per transaction; at
 * most 3,000 rows changed per transaction).
 *
 * Cost: $8.00 per million DPUs (the work queries do) and $0.33/GB-month of
 * storage in us-east-1.
 */
export class DsqlCluster extends pulumi.ComponentResource {
    readonly cluster: aws.dsql.Cluster;
    /** The host name clients connect to. */
    readonly endpoint: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: DsqlClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:DsqlCluster", name, {}, opts);
        const protect = args.protect ?? true;
        this.cluster = new aws.dsql.Cluster(...transformed(args.transform?.cluster, name, { deletionProtectionEnabled: protect }, { parent: this, protect }));
        this.endpoint = pulumi.interpolate`${this.cluster.identifier}.dsql.${args.region}.on.aws`;
        this.arn = this.cluster.arn;
        this.registerOutputs({ endpoint: this.endpoint, arn: this.arn });
    }
}

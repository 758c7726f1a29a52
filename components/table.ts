import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Transform, transformed } from "../lib/transform";

export interface TableArgs {
    /**
     * Keep the table when it is removed from the program, and refuse to
     * delete it on `pulumi destroy` until unprotected.
     *
     * @default true
     */
    protect?: boolean;
    /**
     * Point-in-time recovery: restore the table to any second of the last 35
     * days. Billed by the table's size ($0.20/GB-month in us-east-1), so
     * nothing while it is empty.
     *
     * @default true
     */
    pointInTimeRecovery?: boolean;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The DynamoDB table. */
        table?: Transform<aws.dynamodb.TableArgs>;
    };
}

/**
 * The app's DynamoDB table: on-demand, so it costs nothing while idle
 * (storage beyond the free 25 GB is $0.25/GB-month), with a generic
 * partition key `pk` and sort key `sk`.
 *
 * The backend reaches it through its task role, scoped to this table; no
 * access keys are involved.
 */
export class Table extends pulumi.ComponentResource {
    readonly table: aws.dynamodb.Table;
    readonly tableName: pulumi.Output<string>;
    readonly tableArn: pulumi.Output<string>;

    constructor(name: string, args: TableArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:Table", name, {}, opts);
        this.table = new aws.dynamodb.Table(
            ...transformed(args.transform?.table, name, {
                billingMode: "PAY_PER_REQUEST",
                hashKey: "pk",
                rangeKey: "sk",
                attributes: [
                    { name: "pk", type: "S" },
                    { name: "sk", type: "S" },
                ],
                serverSideEncryption: { enabled: true },
                pointInTimeRecovery: { enabled: args.pointInTimeRecovery ?? true },
                // DynamoDB's own guard, as well as Pulumi's `protect`: the app may delete items, never the table.
                deletionProtectionEnabled: args.protect ?? true,
            }, { parent: this, protect: args.protect ?? true }),
        );
        this.tableName = this.table.name;
        this.tableArn = this.table.arn;
        this.registerOutputs({ tableName: this.tableName, tableArn: this.tableArn });
    }
}

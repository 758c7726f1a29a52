import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Transform, transformed } from "../lib/transform";

export interface AliasRecordArgs {
    /** The hosted zone. */
    zoneId: pulumi.Input<string>;
    /** The public host name. */
    hostName: string;
    /** What the name points at: a load balancer, CloudFront distribution or API Gateway domain. */
    target: {
        dnsName: pulumi.Input<string>;
        zoneId: pulumi.Input<string>;
    };
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The alias A record. */
        record?: Transform<aws.route53.RecordArgs>;
    };
}

/**
 * The one Route 53 record of a public host name: an alias A record.
 *
 * Each host name gets exactly one record resource, whatever the profile, so a
 * profile swap changes its target in place. Deleting one record and creating
 * another for the same name would fail (the name exists until the delete) or
 * leave the name unresolved in between. Alias queries to AWS targets are free.
 */
export class AliasRecord extends pulumi.ComponentResource {
    readonly record: aws.route53.Record;
    readonly fqdn: pulumi.Output<string>;

    constructor(name: string, args: AliasRecordArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:AliasRecord", name, {}, opts);
        this.record = new aws.route53.Record(
            ...transformed(args.transform?.record, name, {
                zoneId: args.zoneId,
                name: args.hostName,
                type: "A",
                aliases: [{ name: args.target.dnsName, zoneId: args.target.zoneId, evaluateTargetHealth: false }],
                allowOverwrite: false,
            }, { parent: this }),
        );
        this.fqdn = this.record.fqdn;
        this.registerOutputs({ fqdn: this.fqdn });
    }
}

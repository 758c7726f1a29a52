import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AliasRecord } from "./alias-record";

export interface DomainArgs {
    /** The public hosted zone: its id, or its name to look it up. */
    zone: { id: string } | { name: string };
}

/**
 * The app's Route 53 hosted zone, and the alias records of its public host
 * names. The zone itself is not managed here (it usually outlives any one
 * app); it costs $0.50/month.
 */
export class Domain extends pulumi.ComponentResource {
    readonly zoneId: pulumi.Output<string>;

    constructor(name: string, args: DomainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:Domain", name, {}, opts);
        this.zoneId = "id" in args.zone ? pulumi.output(args.zone.id) : aws.route53.getZoneOutput({ name: args.zone.name, privateZone: false }, { parent: this }).zoneId;
        this.registerOutputs({ zoneId: this.zoneId });
    }

    /** Points a host name at an AWS endpoint, with one record whatever the target. */
    alias(name: string, hostName: string, target: { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> }): AliasRecord {
        return new AliasRecord(name, { zoneId: this.zoneId, hostName, target }, { parent: this });
    }
}

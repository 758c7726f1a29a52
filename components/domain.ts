import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Transform, transformed } from "../lib/transform";
import { AliasRecord, AliasRecordArgs } from "./alias-record";

/** The record ACM asks for to validate one host name. */
export interface ValidationOption {
    resourceRecordName: string;
    resourceRecordType: string;
    resourceRecordValue: string;
}

/** Where certificates get their DNS validation records from: one per host name. */
export interface ValidationRecords {
    validationRecord(hostName: string, option: pulumi.Input<ValidationOption>, opts?: pulumi.CustomResourceOptions): aws.route53.Record;
}

export interface DomainArgs {
    /** The public hosted zone: its id, or its name to look it up. */
    zone: { id: string } | { name: string };
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** Each DNS validation record `validationRecord` writes for ACM. */
        validationRecord?: Transform<aws.route53.RecordArgs>;
        /** Each alias record `alias` adds (see `AliasRecordArgs.transform`). */
        alias?: AliasRecordArgs["transform"];
    };
}

/**
 * The app's Route 53 hosted zone, and the alias records of its public host
 * names. The zone itself is not managed here (it usually outlives any one
 * app); it costs $0.50/month.
 */
export class Domain extends pulumi.ComponentResource implements ValidationRecords {
    readonly zoneId: pulumi.Output<string>;
    private readonly validationRecords = new Map<string, aws.route53.Record>();
    private readonly transforms: DomainArgs["transform"];

    constructor(name: string, args: DomainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:Domain", name, {}, opts);
        this.transforms = args.transform;
        this.zoneId = "id" in args.zone ? pulumi.output(args.zone.id) : aws.route53.getZoneOutput({ name: args.zone.name, privateZone: false }, { parent: this }).zoneId;
        this.registerOutputs({ zoneId: this.zoneId });
    }

    /**
     * The CNAME that proves control of a host name to ACM, one record
     * resource per name. ACM asks every certificate for the same name in an
     * account to prove it with the same CNAME, so the record belongs to the
     * name, not to a certificate: when a profile swap replaces the
     * certificate that asked first, the record stays, and the certificate
     * that remains can still renew. The first caller's `opts` (aliases of an
     * earlier name) apply.
     */
    validationRecord(hostName: string, option: pulumi.Input<ValidationOption>, opts: pulumi.CustomResourceOptions = {}): aws.route53.Record {
        const existing = this.validationRecords.get(hostName);
        if (existing) {
            return existing;
        }
        const value = pulumi.output(option);
        const record = new aws.route53.Record(
            ...transformed(this.transforms?.validationRecord, `validation-${hostName}`, {
                zoneId: this.zoneId,
                name: value.resourceRecordName,
                type: value.resourceRecordType,
                records: [value.resourceRecordValue],
                ttl: 300,
                // The name may already hold this very record (an earlier deploy, another stack of the account).
                allowOverwrite: true,
            }, { ...opts, parent: this }),
        );
        this.validationRecords.set(hostName, record);
        return record;
    }

    /** Points a host name at an AWS endpoint, with one record whatever the target. */
    alias(name: string, hostName: string, target: { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> }): AliasRecord {
        return new AliasRecord(name, { zoneId: this.zoneId, hostName, target, transform: this.transforms?.alias }, { parent: this });
    }
}

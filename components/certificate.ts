import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ComponentError } from "../lib/errors";
import { Transform, transformed } from "../lib/transform";
import { ValidationRecords } from "./domain";

export interface CertificateArgs {
    /** The certificate's main host name. */
    domainName: string;
    /** Further host names on the same certificate. */
    subjectAlternativeNames?: string[];
    /** Writes the DNS validation records: the `Domain` of the hosted zone, which keeps one per host name. */
    validationRecords: ValidationRecords;
    /**
     * The region the certificate is issued in: the region of the service that
     * uses it. CloudFront only accepts certificates from us-east-1, whatever
     * the stack's region; load balancers and API Gateway regional domains
     * need one from their own region. When set, the component issues the
     * certificate through its own provider for that region.
     *
     * @default the stack's region
     */
    region?: string;
    /**
     * Changes to the children's arguments before they are registered (see
     * lib/transform.ts). The validation records are the domain's (see
     * `DomainArgs.transform`).
     */
    transform?: {
        /** The provider for `region`, when it is set. */
        provider?: Transform<aws.ProviderArgs>;
        /** The ACM certificate. */
        certificate?: Transform<aws.acm.CertificateArgs>;
        /** The wait for the certificate's DNS validation. */
        validation?: Transform<aws.acm.CertificateValidationArgs>;
    };
}

/**
 * A DNS-validated ACM certificate, issued and validated before anything uses it.
 *
 * ACM public certificates are free. Certificates for the same name in one
 * account (two regions, or before and after a profile swap) share one
 * validation record, so the records are the domain's, one per host name.
 */
export class Certificate extends pulumi.ComponentResource {
    readonly certificate: aws.acm.Certificate;
    /** ARN of the validated certificate: use this, so users wait for validation. */
    readonly certificateArn: pulumi.Output<string>;
    /** The provider the certificate was issued through, when `region` was set. */
    readonly provider?: aws.Provider;

    constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:Certificate", name, {}, opts);
        const names = [args.domainName, ...(args.subjectAlternativeNames ?? [])];
        if (args.region) {
            this.provider = new aws.Provider(...transformed(args.transform?.provider, `${name}-${args.region}`, { region: args.region as aws.Region }, { parent: this }));
        }
        const inRegion = this.provider ? { parent: this, provider: this.provider } : { parent: this };

        this.certificate = new aws.acm.Certificate(
            ...transformed(args.transform?.certificate, name, {
                domainName: args.domainName,
                subjectAlternativeNames: args.subjectAlternativeNames,
                validationMethod: "DNS",
                // The one key algorithm every consumer accepts: API Gateway
                // regional domains take RSA keys of at most 2048 bits, and do
                // not document ECDSA (rule aws-acm-key-algorithm-for-consumer).
                keyAlgorithm: "RSA_2048",
            }, inRegion),
        );

        const records = names.map((host, i) => {
            const option = this.certificate.domainValidationOptions.apply((opts) => {
                const found = opts.find((o) => o.domainName === host);
                if (!found) {
                    throw new ComponentError("shoestring:aws:Certificate", name, `ACM gave no validation record for ${host}`);
                }
                return found;
            });
            // The record used to be this certificate's own child; the alias keeps it across that move.
            return args.validationRecords.validationRecord(host, option, { aliases: [{ name: `${name}-validation-${i}`, parent: this }] });
        });

        const validation = new aws.acm.CertificateValidation(
            ...transformed(args.transform?.validation, `${name}-validation`, { certificateArn: this.certificate.arn, validationRecordFqdns: records.map((r) => r.fqdn) }, inRegion),
        );
        this.certificateArn = validation.certificateArn;
        this.registerOutputs({ certificateArn: this.certificateArn });
    }
}

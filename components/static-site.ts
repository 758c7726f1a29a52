import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { ComponentError } from "../lib/errors";
import { RUNTIME_CONFIG_FILE } from "../lib/runtime-config";
import { CACHE_NO_CACHE, contentTypeFor, listSiteFiles, SiteFile, siteManifest } from "../lib/site-files";
import { manifestProblems } from "../lib/site-sync";
import { Transform, transformed } from "../lib/transform";
import { SiteSync, SiteSyncArgs } from "./site-sync";

/** AWS's managed "CachingDisabled" cache policy (all TTLs 0). */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

export interface StaticSiteArgs {
    /** Directory of built files; its root must hold index.html. */
    directory: string;
    /** The credentials profile the upload uses (the stack's `aws:profile`; unset: the SDK's default chain). */
    awsProfile?: string;
    /**
     * A custom host name and its certificate. The certificate must be issued
     * in us-east-1: CloudFront accepts no other region. The host name goes in
     * the distribution's aliases; without it CloudFront cannot match the
     * request's Host header (and says nothing), and Route 53 will not offer
     * the distribution as an alias target.
     *
     * @default the distribution's cloudfront.net domain
     */
    domain?: { hostName: string; certificateArn: pulumi.Input<string> };
    /**
     * CloudFront price class: which edge locations serve the site.
     *
     * @default "PriceClass_100" (North America and Europe, the cheapest)
     */
    priceClass?: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The private bucket of the site's files. */
        bucket?: Transform<aws.s3.BucketArgs>;
        /** The bucket's tag-based access control (ABAC) setting. */
        abac?: Transform<aws.s3.BucketAbacArgs>;
        /** The bucket's object ownership controls. */
        ownershipControls?: Transform<aws.s3.BucketOwnershipControlsArgs>;
        /** The bucket's public access block. */
        publicAccessBlock?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
        /** The bucket's default encryption. */
        encryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
        /** The origin access control CloudFront signs its requests to the bucket with. */
        originAccessControl?: Transform<aws.cloudfront.OriginAccessControlArgs>;
        /** The cache policy of the default behaviour. */
        cachePolicy?: Transform<aws.cloudfront.CachePolicyArgs>;
        /** The security headers added to every response. */
        responseHeadersPolicy?: Transform<aws.cloudfront.ResponseHeadersPolicyArgs>;
        /** The CloudFront distribution. */
        distribution?: Transform<aws.cloudfront.DistributionArgs>;
        /** The bucket policy (read by this distribution only, HTTPS only). */
        bucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
        /** The one resource that syncs the site's files to the bucket (components/site-sync.ts). */
        sync?: Transform<SiteSyncArgs>;
        /** The runtime config object `writeRuntimeConfig` writes. */
        bucketObject?: Transform<aws.s3.BucketObjectv2Args>;
    };
}

/**
 * A single-page app served from a private S3 bucket through CloudFront.
 *
 * The write-up's mistakes are designed out: the origin is the bucket's REST
 * endpoint reached with Origin Access Control (the website endpoint would
 * need a public bucket); the bucket blocks all public access and admits only
 * this distribution; `index.html` is the default root object; the host name
 * is an alias of the distribution; the certificate is from us-east-1;
 * `index.html` and `config.json` are never cached (hashed assets are cached
 * for a year), so a deploy shows up without an invalidation; and 403/404
 * from S3 become `/index.html` with status 200, so deep links work.
 *
 * Cost: nothing while idle. CloudFront's always-free tier covers 1 TB and
 * 10 million requests a month; S3 storage of a small site is fractions of a cent.
 */
export class StaticSite extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly distribution: aws.cloudfront.Distribution;
    /** The site's files in the bucket: one resource whatever their number, its inputs the manifest. */
    readonly sync: SiteSync;
    /** `https://<host>` or `https://<id>.cloudfront.net` */
    readonly url: pulumi.Output<string>;
    /** Alias target of the distribution, for Route 53. */
    readonly aliasTarget: { dnsName: pulumi.Output<string>; zoneId: pulumi.Output<string> };
    private readonly name: string;
    private readonly files: SiteFile[];
    private readonly transforms: StaticSiteArgs["transform"];

    constructor(name: string, args: StaticSiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:StaticSite", name, {}, opts);
        // Fails with the directory named, before any child is registered.
        const files = listSiteFiles(args.directory);
        const manifest = siteManifest(files);
        const problems = manifestProblems(manifest);
        if (problems.length > 0) {
            throw new ComponentError("shoestring:aws:StaticSite", name, `the site's files cannot be uploaded to S3: ${problems.join("; ")}`);
        }
        this.files = files;
        this.name = name;
        this.transforms = args.transform;

        this.bucket = new aws.s3.Bucket(...transformed(args.transform?.bucket, name, { forceDestroy: true }, { parent: this }));
        // Tag-based access control on: the deploy role writes only to buckets
        // carrying the project tag, which S3 evaluates once ABAC is enabled.
        // Every other write to the bucket waits for it.
        const abac = new aws.s3.BucketAbac(...transformed(args.transform?.abac, `${name}-abac`, { bucket: this.bucket.id, abacStatus: { status: "Enabled" } }, { parent: this }));
        const afterAbac = { parent: this, dependsOn: [abac] };
        new aws.s3.BucketOwnershipControls(...transformed(args.transform?.ownershipControls, `${name}-ownership`, { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, afterAbac));
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            ...transformed(args.transform?.publicAccessBlock, `${name}-public-access`, { bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, afterAbac),
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            ...transformed(args.transform?.encryption, `${name}-encryption`, { bucket: this.bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, afterAbac),
        );

        const oac = new aws.cloudfront.OriginAccessControl(
            ...transformed(args.transform?.originAccessControl, `${name}-oac`, { description: "CloudFront reads the private bucket", originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" }, { parent: this }),
        );

        // Honour each object's Cache-Control: a minimum TTL above 0 would
        // override `no-cache` on index.html.
        const cachePolicy = new aws.cloudfront.CachePolicy(
            ...transformed(args.transform?.cachePolicy, `${name}-cache`, {
                comment: "Objects' own Cache-Control; index.html no-cache, hashed assets immutable",
                minTtl: 0,
                defaultTtl: 86400,
                maxTtl: 31536000,
                parametersInCacheKeyAndForwardedToOrigin: {
                    cookiesConfig: { cookieBehavior: "none" },
                    headersConfig: { headerBehavior: "none" },
                    queryStringsConfig: { queryStringBehavior: "none" },
                    enableAcceptEncodingGzip: true,
                    enableAcceptEncodingBrotli: true,
                },
            }, { parent: this }),
        );

        // Security headers on every response (free): browsers keep to HTTPS,
        // do not sniff content types, do not frame the app, and send only the
        // origin to other sites.
        const securityHeaders = new aws.cloudfront.ResponseHeadersPolicy(
            ...transformed(args.transform?.responseHeadersPolicy, `${name}-security-headers`, {
                comment: "HSTS, nosniff, no framing, strict referrer",
                securityHeadersConfig: {
                    strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: false, preload: false, override: true },
                    contentTypeOptions: { override: true },
                    frameOptions: { frameOption: "DENY", override: true },
                    referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
                },
            }, { parent: this }),
        );

        const originId = "s3-site";
        const behaviour = {
            targetOriginId: originId,
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
            compress: true,
            responseHeadersPolicyId: securityHeaders.id,
        };
        this.distribution = new aws.cloudfront.Distribution(
            ...transformed(args.transform?.distribution, name, {
                enabled: true,
                comment: `${pulumi.getProject()}-${pulumi.getStack()} frontend`,
                isIpv6Enabled: true,
                httpVersion: "http2and3",
                priceClass: args.priceClass ?? "PriceClass_100",
                defaultRootObject: "index.html",
                aliases: args.domain ? [args.domain.hostName] : [],
                origins: [{ originId, domainName: this.bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
                defaultCacheBehavior: { ...behaviour, cachePolicyId: cachePolicy.id },
                orderedCacheBehaviors: ["/index.html", `/${RUNTIME_CONFIG_FILE}`].map((pathPattern) => ({ ...behaviour, pathPattern, cachePolicyId: CACHING_DISABLED_POLICY_ID })),
                // S3 answers 403 for a missing key (the distribution may not list
                // the bucket): both become the app shell, for client-side routes.
                customErrorResponses: [403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: "/index.html", errorCachingMinTtl: 0 })),
                restrictions: { geoRestriction: { restrictionType: "none" } },
                viewerCertificate: args.domain
                    ? { acmCertificateArn: args.domain.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }
                    : { cloudfrontDefaultCertificate: true },
            }, { parent: this }),
        );

        new aws.s3.BucketPolicy(
            ...transformed(args.transform?.bucketPolicy, `${name}-policy`, {
                bucket: this.bucket.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AllowCloudFrontServicePrincipalReadOnly",
                            Effect: "Allow",
                            Principal: { Service: "cloudfront.amazonaws.com" },
                            Action: "s3:GetObject",
                            Resource: pulumi.interpolate`${this.bucket.arn}/*`,
                            Condition: { StringEquals: { "AWS:SourceArn": this.distribution.arn } },
                        },
                        {
                            // Plain HTTP to the bucket is refused, whoever asks.
                            Sid: "DenyInsecureTransport",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: [this.bucket.arn, pulumi.interpolate`${this.bucket.arn}/*`],
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                }),
            }, { parent: this, dependsOn: [abac, publicAccessBlock] }),
        );

        // The files, by content hash: new and changed ones uploaded (entry
        // points last), removed ones deleted after a grace period, changed
        // cacheable paths invalidated.
        this.sync = new SiteSync(
            ...transformed(args.transform?.sync, name, { bucket: this.bucket.bucket, region: this.bucket.region, ...(args.awsProfile ? { profile: args.awsProfile } : {}), distributionId: this.distribution.id, directory: path.resolve(args.directory), files: manifest }, { parent: this, dependsOn: [abac] }),
        );

        this.url = args.domain ? pulumi.output(`https://${args.domain.hostName}`) : pulumi.interpolate`https://${this.distribution.domainName}`;
        this.aliasTarget = { dnsName: this.distribution.domainName, zoneId: this.distribution.hostedZoneId };
        this.registerOutputs({ url: this.url, bucketName: this.bucket.bucket, distributionId: this.distribution.id });
    }

    /**
     * Writes `/config.json`, generated at deploy time (for example the API
     * URL), so one build of the frontend runs against any stack. A method
     * rather than an argument: the API's URL may depend on the site's (CORS).
     * Never cached, like index.html.
     */
    writeRuntimeConfig(content: pulumi.Input<string>): aws.s3.BucketObjectv2 {
        if (this.files.some((f) => f.key === RUNTIME_CONFIG_FILE)) {
            throw new ComponentError("shoestring:aws:StaticSite", this.name, `the site directory already has a ${RUNTIME_CONFIG_FILE}; remove it, the deploy generates it`);
        }
        return new aws.s3.BucketObjectv2(
            ...transformed(this.transforms?.bucketObject, `${this.name}/${RUNTIME_CONFIG_FILE}`, { bucket: this.bucket.id, key: RUNTIME_CONFIG_FILE, content, contentType: contentTypeFor(RUNTIME_CONFIG_FILE), cacheControl: CACHE_NO_CACHE }, { parent: this }),
        );
    }
}

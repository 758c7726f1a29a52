/**
 * Small Pulumi programs for the policy tests, built from real @pulumi/aws
 * resources and run under the offline engine: a static site on CloudFront
 * and S3, and a Fargate app on ECS, each correct by default and with an
 * option per mistake the write-up made (or another policy checks).
 */
import * as aws from "@pulumi/aws";
import type { Policies } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { SiteSync } from "../../components/site-sync";
import { policies } from "../../policy/src";
import * as hardening from "../../policy/src/hardening";
import * as iam from "../../policy/src/iam";
import { runProgram } from "../../offline/engine";
import { StackRecord } from "../../offline/record";
import { checkRecord, Violation } from "./harness";

export const REGION = "us-west-2";
export const ACCOUNT = "123456789012";

/** A policy config, as in policy/config/<stack>.json. */
export type PolicyConfig = NonNullable<Parameters<typeof checkRecord>[2]>;

/** Runs a small program offline as stack `unit` of project `policy-test` in us-west-2. */
export function run(program: () => unknown, preview = false): Promise<StackRecord> {
    return runProgram({ project: "policy-test", stack: "unit", config: { "aws:region": REGION }, program: () => (program(), {}), preview });
}

/**
 * A program for a case: a function, or a builder with options and a key, whose
 * record is made once per test process and shared (records are not changed).
 */
export type Program = (() => void) | { key: string; build: () => void };

const records = new Map<string, Promise<StackRecord>>();

/** The record of a program (cached for keyed programs). */
export function record(program: Program): Promise<StackRecord> {
    if (typeof program === "function") {
        return run(program);
    }
    let found = records.get(program.key);
    if (!found) {
        found = run(program.build);
        records.set(program.key, found);
    }
    return found;
}

/** The static site with these options, as a cached program. */
export const site = (options: SiteOptions = {}): Program => ({ key: `site ${JSON.stringify(options)}`, build: () => staticSite(options) });

/** The Fargate app with these options, as a cached program. */
export const app = (options: AppOptions = {}): Program => ({ key: `app ${JSON.stringify(options)}`, build: () => fargateApp(options) });

/** The pack's policy with this name; throws for an unknown name. */
export function policyNamed(name: string): Policies[number] {
    const found = policies.find((p) => p.name === name);
    if (!found) {
        throw new Error(`no policy named ${name} in the pack`);
    }
    return found;
}

/** Runs every policy of the pack (or the named ones) over a record. */
export function check(record: StackRecord, names?: string[], config: PolicyConfig = {}): Promise<Violation[]> {
    return checkRecord(record, names ? names.map(policyNamed) : policies, config);
}

/** The names of the policies some modules export (a list of policies counts as its members). */
export function policyNamesOf(...modules: object[]): string[] {
    return modules
        .flatMap((m) => Object.values(m) as unknown[])
        .flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]))
        .filter((v): v is { name: string } => v !== null && typeof v === "object" && typeof (v as { name?: unknown }).name === "string" && ("validateResource" in v || "validateStack" in v))
        .map((p) => p.name);
}

/**
 * The hardening and IAM policies (cdk-nag's and checkov's checks), which flag
 * most small programs for reasons of their own (no WAF, no access logs);
 * their cases are in hardening-cases.ts.
 */
export const HARDENING_POLICIES: ReadonlySet<string> = new Set(policyNamesOf(hardening, iam));

/** Runs every policy of the pack but the hardening and IAM ones: what the write-up's mistakes and their fixes are about. */
export function checkCore(record: StackRecord, config: PolicyConfig = {}): Promise<Violation[]> {
    return check(record, policies.map((p) => p.name).filter((n) => !HARDENING_POLICIES.has(n)), config);
}

/** The violations of one policy. */
export const of = (violations: Violation[], name: string): Violation[] => violations.filter((v) => v.policy === name);

/** A deep copy of a record, to change without touching the shared one. */
export const copy = (record: StackRecord): StackRecord => structuredClone(record);

// --- The static site ------------------------------------------------------------

/** AWS's managed cache policies (fixed ids). */
export const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
export const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"; // minTtl 1 s, default 1 day, max 1 year

/** A certificate ARN from us-west-2, as the write-up had. */
export const US_WEST_2_CERTIFICATE = `arn:aws:acm:us-west-2:${ACCOUNT}:certificate/0b0f5a3e-1111-4222-8333-444455556666`;
export const US_EAST_1_CERTIFICATE = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0b0f5a3e-1111-4222-8333-777788889999`;

export interface SiteOptions {
    /** How CloudFront reaches the bucket. Default "rest-oac". */
    origin?: "rest-oac" | "rest-no-oac" | "website";
    /** The bucket's public access block. Default "blocked". */
    publicAccess?: "blocked" | "open" | "missing" | "partly";
    /**
     * The viewer certificate: an aws.acm.Certificate through a us-east-1
     * provider (default), one through the stack's provider (us-west-2), a
     * literal ARN, or CloudFront's default certificate.
     */
    certificate?: "us-east-1" | "stack-region" | "cloudfront-default" | { arn: string };
    /** Default ["app.example.com"]. */
    aliases?: string[];
    /** Default "index.html"; null leaves it out. */
    defaultRootObject?: string | null;
    /**
     * The "/index.html" behaviour: CachingDisabled (default), none, a cache
     * policy resource with these TTLs, or a managed policy id.
     */
    index?: "disabled" | "missing" | { minTtl: number; defaultTtl: number; maxTtl: number } | { managed: string };
    /** The default behaviour's cache policy: a resource with these TTLs (default min 0), or a managed id. */
    defaultCache?: { minTtl: number; defaultTtl: number; maxTtl: number } | { managed: string };
    /** The SPA error responses: both (default), only 404, or none. */
    errorResponses?: "both" | "404-only" | "none" | "wrong-page" | "wrong-status";
    /** minimumProtocolVersion of the viewer certificate. Default TLSv1.2_2021. */
    minimumProtocolVersion?: string;
    /** The files a site sync uploads (key and Cache-Control); default: no sync. */
    files?: { key: string; cacheControl: string }[];
}

const noCacheKey = {
    cookiesConfig: { cookieBehavior: "none" },
    headersConfig: { headerBehavior: "none" },
    queryStringsConfig: { queryStringBehavior: "none" },
    // CloudFront's CachePolicyConfig requires both (AWS::CloudFront::CachePolicy schema).
    enableAcceptEncodingGzip: false,
    enableAcceptEncodingBrotli: false,
};

function cachePolicy(name: string, ttl: { minTtl: number; defaultTtl: number; maxTtl: number } | { managed: string }): pulumi.Input<string> {
    if ("managed" in ttl) {
        return ttl.managed;
    }
    return new aws.cloudfront.CachePolicy(name, { ...ttl, parametersInCacheKeyAndForwardedToOrigin: noCacheKey }).id;
}

/**
 * A static site: a bucket, its public access block and policy, and a
 * CloudFront distribution in front of it. By default everything the policies
 * ask for; each option reproduces one mistake.
 */
export function staticSite(options: SiteOptions = {}): void {
    const origin = options.origin ?? "rest-oac";
    const bucket = new aws.s3.Bucket("site", {});
    const access = options.publicAccess ?? "blocked";
    if (access !== "missing") {
        const on = access === "blocked";
        new aws.s3.BucketPublicAccessBlock("site-public-access", {
            bucket: bucket.id,
            blockPublicAcls: on,
            blockPublicPolicy: on,
            ignorePublicAcls: on || access === "partly",
            restrictPublicBuckets: on || access === "partly",
        });
    }
    const oac = origin === "rest-oac" ? new aws.cloudfront.OriginAccessControl("site-oac", { originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" }) : undefined;
    const certificate = options.certificate ?? "us-east-1";
    let viewerCertificate: aws.types.input.cloudfront.DistributionViewerCertificate;
    if (certificate === "cloudfront-default") {
        viewerCertificate = { cloudfrontDefaultCertificate: true };
    } else {
        const arn =
            certificate === "us-east-1"
                ? new aws.acm.Certificate("edge-certificate", { domainName: "app.example.com", validationMethod: "DNS" }, { provider: new aws.Provider("us-east-1", { region: "us-east-1" }) }).arn
                : certificate === "stack-region"
                  ? new aws.acm.Certificate("regional-certificate", { domainName: "app.example.com", validationMethod: "DNS" }).arn
                  : certificate.arn;
        viewerCertificate = { acmCertificateArn: arn, sslSupportMethod: "sni-only", minimumProtocolVersion: options.minimumProtocolVersion ?? "TLSv1.2_2021" };
    }
    const index = options.index ?? "disabled";
    const behaviour = { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "site", viewerProtocolPolicy: "redirect-to-https", compress: true };
    const errors = options.errorResponses ?? "both";
    const distribution = new aws.cloudfront.Distribution("site", {
        enabled: true,
        aliases: options.aliases ?? ["app.example.com"],
        defaultRootObject: options.defaultRootObject === null ? undefined : (options.defaultRootObject ?? "index.html"),
        origins: [
            origin === "website"
                ? {
                      originId: "site",
                      domainName: pulumi.interpolate`${bucket.bucket}.s3-website-us-west-2.amazonaws.com`,
                      customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1.2"] },
                  }
                : { originId: "site", domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac?.id },
        ],
        defaultCacheBehavior: { ...behaviour, cachePolicyId: cachePolicy("site-cache", options.defaultCache ?? { minTtl: 0, defaultTtl: 86400, maxTtl: 31536000 }) },
        orderedCacheBehaviors: index === "missing" ? [] : [{ ...behaviour, pathPattern: "/index.html", cachePolicyId: index === "disabled" ? CACHING_DISABLED : cachePolicy("index-cache", index) }],
        customErrorResponses:
            errors === "none"
                ? []
                : (errors === "404-only" ? [404] : [403, 404]).map((errorCode) => ({
                      errorCode,
                      // One of the two wrong: a 404 page, or the right page with the error status.
                      responseCode: errors === "wrong-status" && errorCode === 404 ? 404 : 200,
                      responsePagePath: errors === "wrong-page" && errorCode === 403 ? "/404.html" : "/index.html",
                      errorCachingMinTtl: 0,
                  })),
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate,
    });
    if (options.files) {
        const files = options.files.map((f) => ({ ...f, size: 10, sha256: "0".repeat(64), contentType: "text/html; charset=utf-8" }));
        new SiteSync("site-files", { bucket: bucket.bucket, region: "us-west-2", distributionId: distribution.id, directory: "/site", files });
    }
    // The write-up opened the bucket to public reads for the website endpoint;
    // the fix admits only this distribution.
    new aws.s3.BucketPolicy("site-policy", {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement:
                origin === "website"
                    ? [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: pulumi.interpolate`${bucket.arn}/*` }]
                    : [{ Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: pulumi.interpolate`${bucket.arn}/*`, Condition: { StringEquals: { "AWS:SourceArn": distribution.arn } } }],
        }),
    });
}

// --- The Fargate app -----------------------------------------------------------

export const TASK_EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

const ecsTasksTrust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });

export type Strategy = { capacityProvider: string; weight?: number; base?: number };

export interface AppOptions {
    /** The cluster's capacity providers; null: no ClusterCapacityProviders. Default FARGATE and FARGATE_SPOT. */
    clusterProviders?: string[] | null;
    /** A second cluster, with these capacity providers attached to it (not to the app's cluster). */
    otherClusterProviders?: string[];
    /** The cluster's default strategy. Default FARGATE_SPOT, weight 1. */
    clusterDefault?: Strategy[];
    /** The service's own strategy. Default FARGATE_SPOT, weight 1; [] leaves it out. */
    strategies?: Strategy[];
    /** The service's launchType. Default none. */
    launchType?: string;
    /**
     * How the execution role may pull from ECR: the managed policy attached
     * (default), an inline policy with these actions, nothing, no execution
     * role at all, or a role ARN from outside the stack.
     */
    execution?: "managed" | { inline: string[] } | "nothing" | "none" | { external: string };
    /** Whether the task definition has a task role. Default true. */
    taskRole?: boolean;
    /** Actions the task role's inline policy allows. Default dynamodb:GetItem and PutItem. */
    taskRoleActions?: string[] | { notAction: string[] } | { deny: string[] };
    /** The container's environment. Default PORT=8080. */
    environment?: { name: string; value: string }[];
    /** The container's secrets. Default none. */
    secrets?: { name: string; valueFrom: string }[];
}

/** An ECS cluster with a Fargate service, its roles and task definition. */
export function fargateApp(options: AppOptions = {}): void {
    const cluster = new aws.ecs.Cluster("cluster", {});
    // The service is created after the capacity providers are attached (CreateService refuses them before).
    let capacity: aws.ecs.ClusterCapacityProviders | undefined;
    if (options.clusterProviders !== null) {
        capacity = new aws.ecs.ClusterCapacityProviders("cluster-capacity", {
            clusterName: cluster.name,
            capacityProviders: options.clusterProviders ?? ["FARGATE", "FARGATE_SPOT"],
            defaultCapacityProviderStrategies: options.clusterDefault ?? [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
        });
    }
    if (options.otherClusterProviders) {
        const other = new aws.ecs.Cluster("other-cluster", {});
        new aws.ecs.ClusterCapacityProviders("other-cluster-capacity", { clusterName: other.name, capacityProviders: options.otherClusterProviders });
    }
    const execution = options.execution ?? "managed";
    let executionRoleArn: pulumi.Input<string> | undefined;
    if (typeof execution === "object" && "external" in execution) {
        executionRoleArn = execution.external;
    } else if (execution !== "none") {
        const role = new aws.iam.Role("execution", { assumeRolePolicy: ecsTasksTrust });
        if (execution === "managed") {
            new aws.iam.RolePolicyAttachment("execution-managed", { role: role.name, policyArn: TASK_EXECUTION_POLICY });
        } else if (typeof execution === "object") {
            new aws.iam.RolePolicy("execution-inline", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: execution.inline, Resource: "*" }] }) });
        }
        executionRoleArn = role.arn;
    }
    let taskRoleArn: pulumi.Input<string> | undefined;
    if (options.taskRole ?? true) {
        const role = new aws.iam.Role("task", { assumeRolePolicy: ecsTasksTrust });
        const actions = options.taskRoleActions ?? ["dynamodb:GetItem", "dynamodb:PutItem"];
        const statement = Array.isArray(actions) ? { Effect: "Allow", Action: actions, Resource: "*" } : "deny" in actions ? { Effect: "Deny", Action: actions.deny, Resource: "*" } : { Effect: "Allow", NotAction: actions.notAction, Resource: "*" };
        new aws.iam.RolePolicy("task-policy", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
        taskRoleArn = role.arn;
    }
    const task = new aws.ecs.TaskDefinition("task", {
        family: "backend",
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        executionRoleArn,
        taskRoleArn,
        containerDefinitions: JSON.stringify([
            {
                name: "backend",
                image: `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/backend:latest`,
                essential: true,
                portMappings: [{ containerPort: 8080 }],
                environment: options.environment ?? [{ name: "PORT", value: "8080" }],
                secrets: options.secrets,
            },
        ]),
    });
    const strategies = options.strategies ?? [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
    new aws.ecs.Service("backend", {
        cluster: cluster.arn,
        taskDefinition: task.arn,
        desiredCount: 1,
        launchType: options.launchType,
        capacityProviderStrategies: strategies.length > 0 ? strategies : undefined,
        networkConfiguration: { subnets: ["subnet-0a0b0c0d0e0f0000a"], assignPublicIp: true },
    }, { dependsOn: capacity ? [capacity] : [] });
}

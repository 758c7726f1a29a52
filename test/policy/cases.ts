/**
 * For every policy of the pack: programs that violate it and programs that
 * pass it, with the number of violations each must report. The module test
 * files run these (`runCases`), and test/policy/stacks.test.ts checks that
 * every policy in `policies` has at least one of each, so a new policy
 * without cases fails the suite.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { ECR_PULL_ACTIONS } from "../../policy/src/mistakes";
import { passRole, behindTargetGroup, dsqlCluster, lambdaApi, cloudMapIntegration, serviceConnectPort, vpcLinkGroupIn, copiedArn, customDomain, database as rdsInstance, databaseClient, desiredState, objectWithKey, siteFileWith, scheduledAction, stopSchedule, provider, providerWithTags, secretFunction, secretTask, ssmParameter, pushedImage, execService, loadBalancerAcross, records, rolePolicyWith, securityGroup, subnetGroupAcross, ZONE_SUBNET_CONFIG, spotService, taskFamily, US_EAST_1_SUBNET_CONFIG, vpcLink } from "./aws-programs";
import { HARDENING_CASES } from "./hardening-cases";
import { app, check, of, policyNamed, policyNamesOf, Program, record, site, US_EAST_1_CERTIFICATE, US_WEST_2_CERTIFICATE } from "./programs";

export interface PolicyCase {
    title: string;
    /** A small program, run offline. */
    program: Program;
    /** This policy's entry in the policy config (its own settings); default none. */
    config?: Record<string, unknown>;
    /** How many violations of the policy the program must produce (0 for a passing case). */
    violations: number;
    /** Text one of the violations must contain (besides the remediation, which all must). */
    mentions?: string[];
}

export interface PolicyCases {
    violating: PolicyCase[];
    passing: PolicyCase[];
}

const SUBNETS = ["subnet-0a0b0c0d0e0f0000a", "subnet-0a0b0c0d0e0f0000b"];

// --- Small programs the site and app builders do not cover ----------------------

/** A distribution in front of an API (no S3 origin): the S3-only checks do not apply. */
function apiDistribution(): void {
    new aws.cloudfront.Distribution("api", {
        enabled: true,
        origins: [{ originId: "api", domainName: "abc123.execute-api.us-west-2.amazonaws.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }],
        defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "api", viewerProtocolPolicy: "https-only", cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { cloudfrontDefaultCertificate: true },
    });
}

type Listener = { port: number; protocol?: string; action: "redirect" | "redirect-to-http" | "fixed" | "forward"; sslPolicy?: string };

/** An application load balancer with these listeners. */
export function loadBalancer(listeners: Listener[]): void {
    const sg = new aws.ec2.SecurityGroup("lb-sg", { vpcId: "vpc-0a0b0c0d0e0f01234" });
    const lb = new aws.lb.LoadBalancer("lb", { loadBalancerType: "application", subnets: SUBNETS, securityGroups: [sg.id] });
    const target = new aws.lb.TargetGroup("app", { port: 8080, protocol: "HTTP", targetType: "ip", vpcId: "vpc-0a0b0c0d0e0f01234" });
    for (const l of listeners) {
        const defaultActions =
            l.action === "redirect" || l.action === "redirect-to-http"
                ? [{ type: "redirect", redirect: { protocol: l.action === "redirect" ? "HTTPS" : "HTTP", port: l.action === "redirect" ? "443" : "8080", statusCode: "HTTP_301" } }]
                : l.action === "fixed"
                  ? [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }]
                  : [{ type: "forward", targetGroupArn: target.arn }];
        new aws.lb.Listener(`listener-${l.port}`, {
            loadBalancerArn: lb.arn,
            port: l.port,
            protocol: l.protocol,
            sslPolicy: l.sslPolicy,
            certificateArn: l.protocol === "HTTPS" ? `arn:aws:acm:us-west-2:123456789012:certificate/aaaaaaaa-1111-4222-8333-444444444444` : undefined,
            defaultActions,
        });
    }
}

type Ingress = { port: number; cidr?: string; cidr6?: string; from?: "lb" };

/**
 * Security groups: one a load balancer uses (when `balancer`) and one for
 * the app; open rules on either, inline or as separate rule resources.
 */
export function securityGroups(spec: { balancer?: boolean; lbInline?: Ingress[]; lbRules?: Ingress[]; appInline?: Ingress[]; appRules?: Ingress[] }): void {
    const inline = (rules: Ingress[] = []) => rules.map((r) => ({ protocol: "tcp", fromPort: r.port, toPort: r.port, cidrBlocks: r.cidr ? [r.cidr] : [], ipv6CidrBlocks: r.cidr6 ? [r.cidr6] : [] }));
    const lbSg = new aws.ec2.SecurityGroup("lb-sg", { vpcId: "vpc-0a0b0c0d0e0f01234", ingress: inline(spec.lbInline) });
    const appSg = new aws.ec2.SecurityGroup("app-sg", { vpcId: "vpc-0a0b0c0d0e0f01234", ingress: inline(spec.appInline) });
    if (spec.balancer) {
        new aws.lb.LoadBalancer("lb", { loadBalancerType: "application", subnets: SUBNETS, securityGroups: [lbSg.id] });
    }
    const rules = (group: aws.ec2.SecurityGroup, prefix: string, list: Ingress[] = []) =>
        list.forEach(
            (r, i) =>
                new aws.vpc.SecurityGroupIngressRule(`${prefix}-${i}`, {
                    securityGroupId: group.id,
                    ipProtocol: "tcp",
                    fromPort: r.port,
                    toPort: r.port,
                    cidrIpv4: r.cidr,
                    cidrIpv6: r.cidr6,
                    referencedSecurityGroupId: r.from === "lb" ? lbSg.id : undefined,
                }),
        );
    rules(lbSg, "lb-rule", spec.lbRules);
    rules(appSg, "app-rule", spec.appRules);
}

/** A small Postgres instance. */
export function database(props: { publiclyAccessible?: boolean; storageEncrypted?: boolean } = {}): void {
    new aws.rds.Instance("db", {
        engine: "postgres",
        instanceClass: "db.t4g.micro",
        allocatedStorage: 20,
        storageType: "gp3",
        username: "app",
        manageMasterUserPassword: true,
        skipFinalSnapshot: true,
        ...props,
    });
}

function apiDomain(securityPolicy: string): void {
    new aws.apigatewayv2.DomainName("api-domain", { domainName: "api.example.com", domainNameConfiguration: { certificateArn: US_WEST_2_CERTIFICATE, endpointType: "REGIONAL", securityPolicy } });
}

function apiStage(logged: boolean): void {
    const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
    const logs = logged ? new aws.cloudwatch.LogGroup("api-access-logs", { retentionInDays: 7 }) : undefined;
    new aws.apigatewayv2.Stage("api-default", {
        apiId: api.id,
        name: "$default",
        autoDeploy: true,
        accessLogSettings: logs ? { destinationArn: logs.arn, format: JSON.stringify({ requestId: "$context.requestId", status: "$context.status", error: "$context.integrationErrorMessage" }) } : undefined,
    });
}

function natGateway(): void {
    const eip = new aws.ec2.Eip("nat-ip", { domain: "vpc" });
    new aws.ec2.NatGateway("nat", { subnetId: SUBNETS[0], allocationId: eip.id });
}

const logGroup = (retentionInDays?: number) => () => void new aws.cloudwatch.LogGroup("logs", { retentionInDays });

export const AKIA = "AKIAIOSFODNN7EXAMPLE";

/** What the bootcamp's task definition passed the backend before the write-up removed it. */
export const CREDENTIALS_IN_ENVIRONMENT = [
    { name: "AWS_ACCESS_KEY_ID", value: AKIA },
    { name: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
];

// --- The cases --------------------------------------------------------------------

export const CASES: Record<string, PolicyCases> = {
    // Spot
    "ecs-service-uses-fargate-spot": {
        violating: [
            { title: "a service without its own strategy, in a cluster defaulting to FARGATE_SPOT (the write-up)", program: app({ strategies: [] }), violations: 1, mentions: ["no capacity provider strategy"] },
            { title: "a service with launchType FARGATE", program: app({ strategies: [], launchType: "FARGATE" }), violations: 2, mentions: ["launchType FARGATE"] },
            { title: "a strategy weighting FARGATE as much as FARGATE_SPOT", program: app({ strategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }, { capacityProvider: "FARGATE", weight: 1 }] }), violations: 1, mentions: ["gives FARGATE a weight of 1"] },
            { title: "a strategy of FARGATE only", program: app({ strategies: [{ capacityProvider: "FARGATE", weight: 1 }] }), violations: 2, mentions: ["no FARGATE_SPOT entry"] },
            { title: "a FARGATE_SPOT entry of weight 0", program: app({ strategies: [{ capacityProvider: "FARGATE_SPOT", weight: 0 }] }), violations: 1, mentions: ["no FARGATE_SPOT entry"] },
            {
                title: "an on-demand base above allowedOnDemandBase",
                program: app({ strategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }, { capacityProvider: "FARGATE", weight: 0, base: 2 }] }),
                config: { allowedOnDemandBase: 1 },
                violations: 1,
                mentions: ["keeps a base of 2 FARGATE tasks; at most 1 allowed"],
            },
        ],
        passing: [
            { title: "a service with its own FARGATE_SPOT strategy and no launchType", program: app(), violations: 0 },
            { title: "an on-demand base within allowedOnDemandBase", program: app({ strategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }, { capacityProvider: "FARGATE", weight: 0, base: 1 }] }), config: { allowedOnDemandBase: 1 }, violations: 0 },
        ],
    },
    "ecs-cluster-offers-fargate-spot": {
        violating: [
            { title: "a cluster without capacity providers", program: app({ clusterProviders: null }), violations: 1, mentions: ["cluster (aws:ecs/cluster:Cluster) does not offer FARGATE_SPOT"] },
            { title: "a cluster offering FARGATE only", program: app({ clusterProviders: ["FARGATE"], clusterDefault: [{ capacityProvider: "FARGATE", weight: 1 }] }), violations: 1 },
            { title: "FARGATE_SPOT offered by another cluster only", program: app({ clusterProviders: ["FARGATE"], clusterDefault: [{ capacityProvider: "FARGATE", weight: 1 }], otherClusterProviders: ["FARGATE_SPOT"] }), violations: 1, mentions: ["cluster (aws:ecs/cluster:Cluster) does not offer FARGATE_SPOT"] },
        ],
        passing: [
            { title: "a cluster offering FARGATE and FARGATE_SPOT", program: app(), violations: 0 },
            { title: "a cluster offering FARGATE_SPOT only", program: app({ clusterProviders: ["FARGATE_SPOT"] }), violations: 0 },
        ],
    },

    // No long-lived keys
    "no-iam-access-keys": {
        violating: [
            {
                title: "an IAM user with an access key",
                program: () => {
                    const user = new aws.iam.User("deployer", {});
                    new aws.iam.AccessKey("deployer-key", { user: user.name });
                },
                violations: 1,
                mentions: ["deployer-key creates a long-lived IAM access key"],
            },
        ],
        passing: [{ title: "an IAM user without keys", program: () => void new aws.iam.User("deployer", {}), violations: 0 }],
    },
    "no-aws-credentials-in-containers": {
        violating: [
            {
                title: "the access key and secret in the environment (the write-up's starting point)",
                program: app({ environment: CREDENTIALS_IN_ENVIRONMENT }),
                violations: 2,
                mentions: ["sets AWS_ACCESS_KEY_ID", "sets AWS_SECRET_ACCESS_KEY"],
            },
            { title: "an access key id under another name", program: app({ environment: [{ name: "BACKUP_KEY", value: AKIA }] }), violations: 1, mentions: ["has an access key id in BACKUP_KEY"] },
            { title: "a temporary key id (ASIA...)", program: app({ environment: [{ name: "UPLOAD", value: `id=ASIAIOSFODNN7EXAMPLE` }] }), violations: 1 },
            { title: "the secret as a container secret", program: app({ secrets: [{ name: "AWS_SECRET_ACCESS_KEY", valueFrom: "arn:aws:ssm:us-west-2:123456789012:parameter/key" }] }), violations: 1 },
            { title: "a session token", program: app({ environment: [{ name: "AWS_SESSION_TOKEN", value: "token" }] }), violations: 1 },
        ],
        passing: [
            { title: "only app settings in the environment", program: app({ environment: [{ name: "PORT", value: "8080" }, { name: "AWS_REGION", value: "us-west-2" }, { name: "NOTE", value: "akiaiosfodnn7example" }] }), violations: 0 },
            { title: "a database password as a secret", program: app({ secrets: [{ name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-west-2:123456789012:secret:db" }] }), violations: 0 },
        ],
    },
    "no-static-keys-in-provider": {
        violating: [
            {
                title: "a provider with an access key and secret",
                program: () => void new aws.Provider("static", { region: "us-west-2", accessKey: AKIA, secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }),
                violations: 2,
                mentions: ["provider static sets accessKey", "provider static sets secretKey"],
            },
            { title: "a provider with a session token", program: () => void new aws.Provider("static", { region: "us-west-2", token: "token" }), violations: 1, mentions: ["sets token"] },
        ],
        passing: [
            { title: "a provider for another region", program: () => void new aws.Provider("us-east-1", { region: "us-east-1" }), violations: 0 },
            { title: "a provider assuming a role", program: () => void new aws.Provider("deploy", { region: "us-west-2", assumeRoles: [{ roleArn: "arn:aws:iam::123456789012:role/deploy" }] }), violations: 0 },
        ],
    },
    "task-definition-has-task-role": {
        violating: [{ title: "a task definition without a task role", program: app({ taskRole: false }), violations: 1, mentions: ["task definition task has no taskRoleArn"] }],
        passing: [{ title: "a task definition with a task role", program: app(), violations: 0 }],
    },

    // The write-up's mistakes
    "cloudfront-s3-origin-uses-oac": {
        violating: [
            { title: "the S3 website endpoint as a custom origin (the write-up)", program: site({ origin: "website", publicAccess: "open" }), violations: 1, mentions: [".s3-website-us-west-2.amazonaws.com, which forces a public bucket"] },
            { title: "the REST endpoint without Origin Access Control", program: site({ origin: "rest-no-oac" }), violations: 1, mentions: ["without Origin Access Control"] },
        ],
        passing: [
            { title: "the REST endpoint with Origin Access Control", program: site(), violations: 0 },
            { title: "an API origin", program: apiDistribution, violations: 0 },
        ],
    },
    "cloudfront-custom-certificate-has-aliases": {
        violating: [{ title: "an ACM certificate and no aliases (the write-up)", program: site({ aliases: [] }), violations: 1, mentions: ["has a custom certificate but no aliases"] }],
        passing: [
            { title: "an ACM certificate and its host name as alias", program: site(), violations: 0 },
            { title: "CloudFront's own certificate and no aliases", program: site({ certificate: "cloudfront-default", aliases: [] }), violations: 0 },
        ],
    },
    "cloudfront-certificate-in-us-east-1": {
        violating: [
            { title: "a certificate ARN from us-west-2 (the write-up)", program: site({ certificate: { arn: US_WEST_2_CERTIFICATE } }), violations: 1, mentions: ["uses a certificate from us-west-2"] },
            { title: "a certificate issued through the stack's us-west-2 provider", program: site({ certificate: "stack-region" }), violations: 1, mentions: ["from us-west-2"] },
        ],
        passing: [
            { title: "a certificate issued through a us-east-1 provider", program: site(), violations: 0 },
            { title: "a us-east-1 certificate ARN", program: site({ certificate: { arn: US_EAST_1_CERTIFICATE } }), violations: 0 },
            { title: "CloudFront's own certificate", program: site({ certificate: "cloudfront-default", aliases: [] }), violations: 0 },
        ],
    },
    "cloudfront-default-root-object": {
        violating: [
            { title: "no default root object (the write-up)", program: site({ defaultRootObject: null }), violations: 1, mentions: ["has no default root object"] },
            { title: "an empty default root object", program: site({ defaultRootObject: "" }), violations: 1 },
        ],
        passing: [
            { title: "index.html as default root object", program: site(), violations: 0 },
            { title: "a distribution without an S3 origin", program: apiDistribution, violations: 0 },
        ],
    },
    "cloudfront-index-not-cached": {
        violating: [
            { title: "no /index.html behaviour (the write-up)", program: site({ index: "missing" }), violations: 1, mentions: ["caches index.html"] },
            { title: "a default behaviour with a minimum TTL of 60 s", program: site({ defaultCache: { minTtl: 60, defaultTtl: 86400, maxTtl: 31536000 } }), violations: 1, mentions: ["minimum TTL of 60 s"] },
            { title: "an /index.html behaviour with a cache policy keeping it up to an hour", program: site({ index: { minTtl: 0, defaultTtl: 60, maxTtl: 3600 } }), violations: 1, mentions: ["caches index.html"] },
            { title: "no /index.html behaviour and a default minimum TTL", program: site({ index: "missing", defaultCache: { minTtl: 5, defaultTtl: 60, maxTtl: 60 } }), violations: 2 },
            {
                title: "index.html synced with a long cache lifetime",
                program: site({ files: [{ key: "index.html", cacheControl: "public, max-age=31536000, immutable" }, { key: "assets/app.1a2b3c4d.js", cacheControl: "public, max-age=31536000, immutable" }] }),
                violations: 1,
                mentions: ['uploads index.html with Cache-Control "public, max-age=31536000, immutable"'],
            },
            { title: "a nested index.html synced cacheable for five minutes", program: site({ files: [{ key: "index.html", cacheControl: "no-cache" }, { key: "docs/index.html", cacheControl: "public, max-age=300" }] }), violations: 1, mentions: ["uploads docs/index.html"] },
        ],
        passing: [
            { title: "/index.html with CachingDisabled and a default minimum TTL of 0", program: site(), violations: 0 },
            { title: "index.html synced no-cache, hashed assets immutable", program: site({ files: [{ key: "index.html", cacheControl: "no-cache" }, { key: "assets/app.1a2b3c4d.js", cacheControl: "public, max-age=31536000, immutable" }] }), violations: 0 },
            { title: "/index.html with its own no-cache policy", program: site({ index: { minTtl: 0, defaultTtl: 0, maxTtl: 0 } }), violations: 0 },
            { title: "a distribution without an S3 origin", program: apiDistribution, violations: 0 },
        ],
    },
    "cloudfront-spa-error-responses": {
        violating: [
            { title: "no custom error responses", program: site({ errorResponses: "none" }), violations: 2, mentions: ["does not turn 403 into /index.html", "does not turn 404 into /index.html"] },
            { title: "404 only (S3 answers 403 for a missing key without ListBucket)", program: site({ errorResponses: "404-only" }), violations: 1, mentions: ["does not turn 403"] },
            { title: "403 to another page", program: site({ errorResponses: "wrong-page" }), violations: 1, mentions: ["does not turn 403 into /index.html with 200"] },
            { title: "404 to /index.html but with status 404", program: site({ errorResponses: "wrong-status" }), violations: 1, mentions: ["does not turn 404 into /index.html with 200"] },
        ],
        passing: [
            { title: "403 and 404 to /index.html with 200", program: site(), violations: 0 },
            { title: "a distribution without an S3 origin", program: apiDistribution, violations: 0 },
        ],
    },
    "ecs-execution-role-can-pull-from-ecr": {
        violating: [
            { title: "an execution role without AmazonECSTaskExecutionRolePolicy (the write-up)", program: app({ execution: "nothing" }), violations: 1, mentions: ["the execution role execution of task (aws:ecs/taskDefinition:TaskDefinition) cannot pull from ECR"] },
            { title: "no execution role", program: app({ execution: "none" }), violations: 1, mentions: ["has no execution role"] },
            { title: "an inline policy for logs only", program: app({ execution: { inline: ["logs:CreateLogStream", "logs:PutLogEvents"] } }), violations: 1 },
            { title: "an inline policy missing ecr:GetAuthorizationToken", program: app({ execution: { inline: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] } }), violations: 1 },
        ],
        passing: [
            { title: "the managed policy attached", program: app(), violations: 0 },
            { title: "an inline policy with the ECR pull actions", program: app({ execution: { inline: [...ECR_PULL_ACTIONS, "logs:PutLogEvents"] } }), violations: 0 },
            { title: "an inline policy with ecr:*", program: app({ execution: { inline: ["ecr:*"] } }), violations: 0 },
            { title: "a role from outside the stack", program: app({ execution: { external: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole" } }), violations: 0 },
        ],
    },
    "alb-http-redirects-to-https": {
        violating: [
            { title: "an HTTP listener forwarding to the app", program: () => loadBalancer([{ port: 80, protocol: "HTTP", action: "forward" }]), violations: 1, mentions: ["listener-80 serves plain HTTP"] },
            { title: "an HTTP listener answering itself", program: () => loadBalancer([{ port: 80, protocol: "HTTP", action: "fixed" }]), violations: 1 },
            { title: "an HTTP listener redirecting to plain HTTP", program: () => loadBalancer([{ port: 80, protocol: "HTTP", action: "redirect-to-http" }]), violations: 1, mentions: ["listener-80 serves plain HTTP"] },
        ],
        passing: [
            { title: "HTTP redirecting to HTTPS", program: () => loadBalancer([{ port: 80, protocol: "HTTP", action: "redirect" }, { port: 443, protocol: "HTTPS", action: "forward", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }]), violations: 0 },
        ],
    },

    // Security
    "s3-public-access-blocked": {
        violating: [
            { title: "a bucket without a public access block (the write-up)", program: site({ origin: "website", publicAccess: "missing" }), violations: 1, mentions: ["bucket site (aws:s3/bucket:Bucket) does not block all public access"] },
            { title: "a public access block with every flag off", program: site({ publicAccess: "open" }), violations: 1 },
            { title: "a public access block with two flags off", program: site({ publicAccess: "partly" }), violations: 1 },
        ],
        passing: [{ title: "every flag on", program: site(), violations: 0 }],
    },
    "rds-private-and-encrypted": {
        violating: [
            { title: "a public instance", program: () => database({ publiclyAccessible: true, storageEncrypted: true }), violations: 1, mentions: ["database db is publicly accessible"] },
            { title: "unencrypted storage (the default)", program: () => database({ publiclyAccessible: false }), violations: 1, mentions: ["does not encrypt its storage"] },
            { title: "public and unencrypted", program: () => database({ publiclyAccessible: true, storageEncrypted: false }), violations: 2 },
        ],
        passing: [{ title: "private and encrypted", program: () => database({ publiclyAccessible: false, storageEncrypted: true }), violations: 0 }],
    },
    "no-open-ingress": {
        violating: [
            { title: "SSH open to the internet, inline", program: () => securityGroups({ appInline: [{ port: 22, cidr: "0.0.0.0/0" }] }), violations: 1, mentions: ["app-sg (aws:ec2/securityGroup:SecurityGroup) admits the internet on ports 22-22 (inline ingress) and is not a load balancer's"] },
            { title: "Postgres open to the internet through a rule resource", program: () => securityGroups({ appRules: [{ port: 5432, cidr: "0.0.0.0/0" }] }), violations: 1, mentions: ["ports 5432-5432 (rule app-rule-0)"] },
            { title: "443 open on a group no load balancer uses", program: () => securityGroups({ appInline: [{ port: 443, cidr: "0.0.0.0/0" }] }), violations: 1 },
            { title: "a load balancer's group open on 8080", program: () => securityGroups({ balancer: true, lbRules: [{ port: 8080, cidr: "0.0.0.0/0" }] }), violations: 1 },
            { title: "443 open on the app's group, next to a load balancer's", program: () => securityGroups({ balancer: true, lbInline: [{ port: 443, cidr: "0.0.0.0/0" }], appInline: [{ port: 443, cidr: "0.0.0.0/0" }] }), violations: 1, mentions: ["app-sg (aws:ec2/securityGroup:SecurityGroup) admits the internet on ports 443-443 (inline ingress) and is not a load balancer's"] },
            { title: "any port open to IPv6 ::/0, inline and by rule", program: () => securityGroups({ appInline: [{ port: 8080, cidr6: "::/0" }], appRules: [{ port: 5432, cidr6: "::/0" }] }), violations: 2 },
        ],
        passing: [
            { title: "a load balancer's group open on 80 and 443, the app admitting only it", program: () => securityGroups({ balancer: true, lbInline: [{ port: 80, cidr: "0.0.0.0/0" }], lbRules: [{ port: 443, cidr: "0.0.0.0/0" }], appRules: [{ port: 8080, from: "lb" }] }), violations: 0 },
            { title: "a private CIDR", program: () => securityGroups({ appInline: [{ port: 5432, cidr: "10.0.0.0/16" }] }), violations: 0 },
        ],
    },
    "no-wildcard-actions-in-task-roles": {
        violating: [
            { title: "a whole service (dynamodb:*)", program: app({ taskRoleActions: ["dynamodb:*"] }), violations: 1, mentions: ["task role task is allowed dynamodb:* in task-policy"] },
            { title: "every action (*)", program: app({ taskRoleActions: ["s3:GetObject", "*"] }), violations: 1, mentions: ["allowed *"] },
            { title: "NotAction", program: app({ taskRoleActions: { notAction: ["iam:*"] } }), violations: 1, mentions: ["NotAction"] },
        ],
        passing: [
            { title: "the actions the app calls", program: app(), violations: 0 },
            { title: "ecr:* on the execution role (not a task role)", program: app({ execution: { inline: ["ecr:*"] } }), violations: 0 },
            { title: "a Deny of everything (takes away, grants nothing)", program: app({ taskRoleActions: { deny: ["*"] } }), violations: 0 },
        ],
    },
    "iam-pass-role-scoped": {
        violating: [{ title: "iam:Pass* on every role, to any service", program: () => passRole(false), violations: 1, mentions: ["role deployer allows iam:PassRole on every role in deployer-policy"] }],
        passing: [{ title: "one path, to ECS tasks", program: () => passRole(true), violations: 0 }],
    },
    "tls-1-2-minimum": {
        violating: [
            { title: "a CloudFront distribution accepting TLS 1.0", program: site({ minimumProtocolVersion: "TLSv1_2016" }), violations: 1, mentions: ["distribution site accepts TLSv1_2016"] },
            { title: "an API domain accepting TLS 1.0", program: () => apiDomain("TLS_1_0"), violations: 1, mentions: ["API domain api-domain accepts TLS_1_0"] },
            { title: "an HTTPS listener with ELBSecurityPolicy-2016-08", program: () => loadBalancer([{ port: 443, protocol: "HTTPS", action: "forward", sslPolicy: "ELBSecurityPolicy-2016-08" }]), violations: 1, mentions: ["listener listener-443 uses ELBSecurityPolicy-2016-08"] },
            { title: "an HTTPS listener without a policy", program: () => loadBalancer([{ port: 443, protocol: "HTTPS", action: "forward" }]), violations: 1, mentions: ["the default policy"] },
        ],
        passing: [
            { title: "CloudFront with TLSv1.2_2021", program: site(), violations: 0 },
            { title: "CloudFront's own certificate", program: site({ certificate: "cloudfront-default", aliases: [] }), violations: 0 },
            { title: "an API domain with TLS_1_2", program: () => apiDomain("TLS_1_2"), violations: 0 },
            { title: "an HTTPS listener with a TLS 1.3/1.2 policy", program: () => loadBalancer([{ port: 443, protocol: "HTTPS", action: "forward", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }]), violations: 0 },
        ],
    },
    "api-stage-access-logging": {
        violating: [{ title: "a stage without access logs", program: () => apiStage(false), violations: 1, mentions: ["stage api-default has no access logs"] }],
        passing: [{ title: "a stage logging to a log group", program: () => apiStage(true), violations: 0 }],
    },

    // Cost
    "daily-budget": {
        violating: [
            { title: "a database over a running budget of $0.10/day", program: () => database({ storageEncrypted: true }), config: { runningUsdPerDay: 0.1 }, violations: 1, mentions: ["over the budget of $0.10/day", "RDS instance db.t4g.micro (db) $0.38/day"] },
            { title: "its storage over a paused budget of $0.01/day", program: () => database({ storageEncrypted: true }), config: { pausedUsdPerDay: 0.01 }, violations: 1, mentions: ["/day paused", "RDS gp3 storage (db)"] },
        ],
        passing: [
            { title: "a database within the budget", program: () => database({ storageEncrypted: true }), config: { runningUsdPerDay: 1, pausedUsdPerDay: 0.1 }, violations: 0 },
            { title: "no budget configured", program: () => database({ storageEncrypted: true }), violations: 0 },
        ],
    },
    "nat-gateway-cost": {
        violating: [{ title: "a NAT gateway", program: natGateway, violations: 1, mentions: ["NAT gateway nat bills about $1.08/day"] }],
        passing: [{ title: "an Elastic IP, no NAT gateway", program: () => void new aws.ec2.Eip("ip", { domain: "vpc" }), violations: 0 }],
    },
    // AWS's refusals (policy/src/aws): the plan's AWS rules, then AWS's CloudFormation validator.
    "aws-ec2-security-group-description": {
        violating: [{ title: "an apostrophe in a security group description", program: () => securityGroup("Postgres: only from the app's tasks"), violations: 1, mentions: [`db-sg (aws:ec2/securityGroup:SecurityGroup) description: contains "'"`, "rule aws-ec2-security-group-description"] }],
        passing: [{ title: "only characters EC2 accepts", program: () => securityGroup("Postgres, only from the app tasks"), violations: 0 }],
    },
    "aws-ecs-task-family": {
        violating: [{ title: "a dot in a task definition family", program: () => taskFamily("shop-dev.eu-main"), violations: 1, mentions: ["family: ECS accepts only 1 to 255 letters"] }],
        passing: [{ title: "letters, digits and hyphens", program: () => taskFamily("shop-dev-eu-main"), violations: 0 }],
    },
    "aws-ecs-service-after-capacity-providers": {
        violating: [{ title: "a FARGATE_SPOT service not ordered after the cluster's capacity providers", program: () => spotService("none"), violations: 1, mentions: ["does not depend on cluster-providers"] }],
        passing: [
            { title: "the service depends on them (dependsOn)", program: () => spotService("dependsOn"), violations: 0 },
            { title: "the service takes its cluster from them", program: () => spotService("value"), violations: 0 },
        ],
    },
    "aws-ecs-exec-session-logging": {
        violating: [{ title: "ECS Exec logged DEFAULT with a task role that cannot write the log group", program: () => execService(false), violations: 1, mentions: ["task role task-role lacks logs:CreateLogStream"] }],
        passing: [{ title: "the task role may write the log group", program: () => execService(true), violations: 0 }],
    },
    "aws-ecs-secret-rotated-by-rds": {
        violating: [{ title: "the RDS-managed password as a container secret", program: () => databaseClient(true), violations: 1, mentions: ["DB_PASSWORD comes from an RDS-managed secret"] }],
        passing: [{ title: "the secret's ARN in the environment", program: () => databaseClient(false), violations: 0 }],
    },
    "aws-apigatewayv2-vpc-link-zones": {
        violating: [{ title: "a VPC link in us-east-1 with a subnet in use1-az3", program: () => vpcLink(true), config: US_EAST_1_SUBNET_CONFIG, violations: 1, mentions: ["is in use1-az3, where us-east-1 has no HTTP API VPC links"] }],
        passing: [
            { title: "only subnets in zones with VPC links", program: () => vpcLink(false), config: US_EAST_1_SUBNET_CONFIG, violations: 0 },
            { title: "subnets the policy has no facts on (online, without the subnets config)", program: () => vpcLink(true), violations: 0 },
        ],
    },
    "aws-acm-key-algorithm-for-consumer": {
        violating: [{ title: "an API Gateway custom domain on an EC_prime256v1 certificate", program: () => customDomain("EC_prime256v1"), violations: 1, mentions: ["certificate api-cert has key algorithm EC_prime256v1"] }],
        passing: [{ title: "an RSA_2048 certificate", program: () => customDomain("RSA_2048"), violations: 0 }],
    },
    "aws-route53-one-record-per-name": {
        violating: [{ title: "two records for the same zone, name and type", program: () => records(true), violations: 2, mentions: ["record api-again writes the same CNAME record"] }],
        passing: [{ title: "two names", program: () => records(false), violations: 0 }],
    },
    "aws-dependency-order": {
        violating: [{ title: "a task role ARN copied as a string, without a dependency on the role", program: () => copiedArn(true), violations: 1, mentions: ["taskRoleArn: carries arn:aws:iam::123456789012:role/shop-task-role, from task-role"] }],
        passing: [{ title: "the role's ARN output", program: () => copiedArn(false), violations: 0 }],
    },
    "aws-rds-desired-state": {
        violating: [{ title: "a desired state RDS cannot put an instance in", program: () => desiredState("paused"), violations: 1, mentions: ["state: RDS can only start (available) or stop (stopped) an instance"] }],
        passing: [{ title: "stopped", program: () => desiredState("stopped"), violations: 0 }],
    },
    "aws-appautoscaling-scheduled-action-name": {
        violating: [{ title: "a colon in a scheduled action's name", program: () => scheduledAction({ name: "wake:08" }), violations: 1, mentions: ["Application Auto Scaling accepts 1 to 256 printable ASCII characters without : / |"] }],
        passing: [{ title: "wake-1", program: () => scheduledAction({}), violations: 0 }],
    },
    "aws-appautoscaling-scheduled-action-schedule": {
        violating: [{ title: "a five-field cron", program: () => scheduledAction({ schedule: "cron(0 8 * * 1-5)" }), violations: 1, mentions: ["has 5 fields; cron takes six"] }],
        passing: [{ title: "cron(0 8 ? * MON-FRI *) in Europe/Berlin", program: () => scheduledAction({}), violations: 0 }],
    },
    "aws-appautoscaling-scheduled-action-target": {
        violating: [{ title: "min above max", program: () => scheduledAction({ scalableTargetAction: { minCapacity: 2, maxCapacity: 1 } }), violations: 1, mentions: ["minCapacity is above maxCapacity"] }],
        passing: [{ title: "1..1 on the registered target", program: () => scheduledAction({}), violations: 0 }],
    },
    "aws-scheduler-schedule-expression": {
        violating: [{ title: "a time zone abbreviation", program: () => stopSchedule({ scheduleExpressionTimezone: "CET" }), violations: 1, mentions: ['"CET" is not an IANA Area/Location name'] }],
        passing: [{ title: "Europe/Berlin", program: () => stopSchedule({}), violations: 0 }],
    },
    "aws-scheduler-universal-target": {
        violating: [{ title: "the RDS call spelt as the IAM action", program: () => stopSchedule({}, { arn: "arn:aws:scheduler:::aws-sdk:rds:StopDBInstance" }), violations: 1, mentions: ["a universal target is arn:aws:scheduler:::aws-sdk:<service>:<apiAction>"] }],
        passing: [{ title: "rds:stopDBInstance", program: () => stopSchedule({}), violations: 0 }],
    },
    "aws-s3-object-key": {
        violating: [{ title: "a key of 1,025 bytes", program: () => objectWithKey("a".repeat(1025)), violations: 1, mentions: ["is 1025 bytes; S3 keys are 1 to 1024 bytes"] }],
        passing: [{ title: "index.html", program: () => objectWithKey("index.html"), violations: 0 }],
    },
    "aws-s3-site-files": {
        violating: [
            { title: "a site file with a key of 1,025 bytes", program: () => siteFileWith("a".repeat(1025)), violations: 1, mentions: ["files[1].key", "is 1025 bytes; S3 keys are 1 to 1024 bytes"] },
            { title: "a site file over 5 TiB", program: () => siteFileWith("video.bin", 5 * 1024 ** 4 + 1), violations: 1, mentions: ["files[1].size", "is over S3's largest object, 5 TiB"] },
        ],
        passing: [{ title: "a 5 TiB file with a unicode name with spaces", program: () => siteFileWith("vidéos/big file.bin", 5 * 1024 ** 4), violations: 0 }],
    },
    "aws-ecr-image-tag": {
        violating: [{ title: "a + in an image tag", program: () => pushedImage("v1+build.7"), violations: 1, mentions: ['tag "v1+build.7" is not one Docker can push to ECR'] }],
        passing: [{ title: "v1.build-7", program: () => pushedImage("v1.build-7"), violations: 0 }],
    },
    "aws-provider-region": {
        violating: [{ title: "a provider for a region that does not exist", program: () => provider("eu-mars-1"), violations: 1, mentions: ["region: is not an AWS commercial region"] }],
        passing: [{ title: "eu-west-1", program: () => provider("eu-west-1"), violations: 0 }],
    },
    "aws-provider-default-tags": {
        violating: [{ title: "a default tag key with the reserved aws: prefix", program: () => providerWithTags({ "aws:owner": "web" }), violations: 1, mentions: ['tag key "aws:owner" may not start with "aws:"'] }],
        passing: [{ title: "project and stack tags", program: () => providerWithTags({ "shoestring:project": "shop", "shoestring:stack": "prod" }), violations: 0 }],
    },
    "aws-elbv2-subnets-two-zones": {
        violating: [{ title: "a load balancer on two subnets of one zone", program: () => loadBalancerAcross(false), config: ZONE_SUBNET_CONFIG, violations: 1, mentions: ["an Application Load Balancer needs subnets in at least two availability zones; these are all in use1-az1"] }],
        passing: [{ title: "subnets in two zones", program: () => loadBalancerAcross(true), config: ZONE_SUBNET_CONFIG, violations: 0 }],
    },
    "aws-rds-subnet-group-two-zones": {
        violating: [{ title: "a DB subnet group in one zone", program: () => subnetGroupAcross(false), config: ZONE_SUBNET_CONFIG, violations: 1, mentions: ["a DB subnet group needs subnets in at least two availability zones"] }],
        passing: [{ title: "subnets in two zones", program: () => subnetGroupAcross(true), config: ZONE_SUBNET_CONFIG, violations: 0 }],
    },
    "aws-ecs-target-group-type-ip": {
        violating: [{ title: "a Fargate service behind an instance target group", program: () => behindTargetGroup("instance"), violations: 1, mentions: ["target group web-tg has target type instance"] }],
        passing: [{ title: "an ip target group", program: () => behindTargetGroup("ip"), violations: 0 }],
    },
    "aws-ecs-container-references": {
        violating: [{ title: "a Service Connect port name the task definition lacks", program: () => serviceConnectPort("web"), violations: 1, mentions: ["no port mapping of task definition web-task is named web (named: http)"] }],
        passing: [{ title: "the port mapping's name", program: () => serviceConnectPort("http"), violations: 0 }],
    },
    "aws-ec2-security-groups-in-subnet-vpc": {
        violating: [{ title: "a VPC link's security group in another VPC", program: () => vpcLinkGroupIn("vpc-0fedcba9876543210"), config: ZONE_SUBNET_CONFIG, violations: 1, mentions: ["security group link-sg is in vpc-0fedcba9876543210"] }],
        passing: [{ title: "the subnets' VPC", program: () => vpcLinkGroupIn("vpc-0a0b0c0d0e0f01234"), config: ZONE_SUBNET_CONFIG, violations: 0 }],
    },
    "aws-apigatewayv2-cloud-map-port": {
        violating: [{ title: "a Cloud Map service with A records only", program: () => cloudMapIntegration("A"), violations: 1, mentions: ["has only A records, which carry no port"] }],
        passing: [{ title: "SRV records", program: () => cloudMapIntegration("SRV"), violations: 0 }],
    },
    "aws-iam-action-exists": {
        violating: [{ title: "a misspelled action", program: () => rolePolicyWith("servicediscovery:DeregisterInstances"), violations: 1, mentions: ['servicediscovery has no action matching "DeregisterInstances"'] }],
        passing: [{ title: "the action as IAM spells it", program: () => rolePolicyWith("servicediscovery:DeregisterInstance"), violations: 0 }],
    },
    "aws-lambda-environment": {
        violating: [{ title: "a key with a hyphen", program: () => lambdaApi({ fn: { environment: { variables: { "db-host": "x" } } } }), violations: 1, mentions: ['Lambda refuses the key "db-host"'] }],
        passing: [{ title: "letters, digits and underscores", program: () => lambdaApi({ fn: { environment: { variables: { DB_HOST: "x", AWS_LWA_PORT: "4567" } } } }), violations: 0 }],
    },
    "aws-lambda-memory": {
        violating: [{ title: "10,241 MB", program: () => lambdaApi({ fn: { memorySize: 10241 } }), violations: 1, mentions: ["10241 MB is more than a Lambda function may have"] }],
        passing: [{ title: "10,240 MB", program: () => lambdaApi({ fn: { memorySize: 10240 } }), violations: 0 }],
    },
    "aws-lambda-image-uri": {
        violating: [{ title: "an image in another Region's ECR", program: () => lambdaApi({ fn: { imageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/backend:latest" } }), violations: 1, mentions: ["is in ECR in us-east-1, the function in us-west-2"] }],
        passing: [{ title: "the image built into this Region's ECR", program: () => lambdaApi(), violations: 0 }],
    },
    "aws-lambda-image-manifest": {
        violating: [{ title: "an image built for two platforms", program: () => lambdaApi({ image: { platforms: ["linux/amd64", "linux/arm64"] } }), violations: 1, mentions: ["so ECR holds an image index"] }],
        passing: [{ title: "one platform", program: () => lambdaApi(), violations: 0 }],
    },
    "aws-lambda-image-architecture": {
        violating: [{ title: "an arm64 image on an x86_64 function", program: () => lambdaApi({ image: { platforms: ["linux/arm64"] } }), violations: 1, mentions: ["is built for linux/arm64, but the function runs on x86_64"] }],
        passing: [{ title: "linux/amd64 on x86_64", program: () => lambdaApi(), violations: 0 }],
    },
    "aws-lambda-timeout-under-integration": {
        violating: [{ title: "a 30 s function behind a 30 s integration", program: () => lambdaApi({ fn: { timeout: 30 } }), violations: 1, mentions: ["gives up after 30000 ms"] }],
        passing: [{ title: "29 s", program: () => lambdaApi(), violations: 0 }],
    },
    "aws-lambda-permission-api-gateway": {
        violating: [{ title: "a source ARN without stage and route", program: () => lambdaApi({ permission: { sourceArn: "arn:aws:execute-api:us-west-2:123456789012:a1b2c3d4e5" } }), violations: 1, mentions: ["matches no request"] }],
        passing: [{ title: "the API's execution ARN, any stage and route", program: () => lambdaApi(), violations: 0 }],
    },
    "aws-apigatewayv2-integration": {
        violating: [{ title: "a Lambda proxy integration without payload format", program: () => lambdaApi({ integration: { payloadFormatVersion: undefined } }), violations: 1, mentions: ['a Lambda proxy integration of an HTTP API takes "1.0" or "2.0"'] }],
        passing: [{ title: "payload format 2.0, POST", program: () => lambdaApi(), violations: 0 }],
    },
    "aws-apigatewayv2-lambda-invocable": {
        violating: [{ title: "no permission to invoke the function", program: () => lambdaApi({ permission: false }), violations: 1, mentions: ["no lambda.Permission lets apigateway.amazonaws.com invoke function backend"] }],
        passing: [{ title: "a permission for the API", program: () => lambdaApi(), violations: 0 }],
    },
    "aws-dsql-cluster-region": {
        violating: [{ title: "a cluster in a Region where DSQL is not confirmed", program: () => dsqlCluster("af-south-1"), violations: 1, mentions: ["Aurora DSQL is not confirmed offered in af-south-1"] }],
        passing: [{ title: "a cluster in us-west-2", program: () => dsqlCluster("us-west-2"), violations: 0 }],
    },
    "aws-ssm-parameter-name": {
        violating: [{ title: "a name under /aws", program: () => ssmParameter({ name: "/aws/shop/API_TOKEN" }), violations: 1, mentions: ['/aws/shop/API_TOKEN begins with "aws"'] }],
        passing: [{ title: "a name under the stack's path", program: () => ssmParameter(), violations: 0 }],
    },
    "aws-ssm-parameter-value": {
        // A value (always a secret) reads as [secret] in the offline record; insecureValue stays plain.
        violating: [{ title: "a Standard value of 4,097 characters", program: () => ssmParameter({ type: "String", value: undefined, insecureValue: "x".repeat(4097) }), violations: 1, mentions: ["is 4097 characters; the tier is Standard"] }],
        passing: [{ title: "a short secret", program: () => ssmParameter(), violations: 0 }],
    },
    "aws-ecs-secret-value-from": {
        violating: [{ title: "a secret by name in the config's syntax, not as an ARN", program: () => secretTask({ valueFrom: "secretsmanager:prod/stripe" }), violations: 1, mentions: ['is no ARN, so ECS takes it for the name of an SSM parameter in the task\'s Region, and as a name it has ":"'] }],
        passing: [{ title: "the parameter's ARN and the secret's partial ARN", program: () => secretTask(), violations: 0 }],
    },
    "aws-ecs-secrets-readable": {
        violating: [{ title: "an execution role without ssm:GetParameters on the parameter", program: () => secretTask({ readable: false }), violations: 1, mentions: ["execution role web-execution may not ssm:GetParameters on arn:aws:ssm:us-west-2:123456789012:parameter/shop/dev/backend/API_TOKEN"] }],
        passing: [{ title: "the role reads the parameter and the secret by name (-??????)", program: () => secretTask(), violations: 0 }],
    },
    "aws-ecs-secret-complete-arn": {
        violating: [{ title: "a secret by partial ARN (by name)", program: () => secretTask(), violations: 1, mentions: ["names secret prod/stripe by a partial ARN"] }],
        passing: [{ title: "the secret's complete ARN", program: () => secretTask({ valueFrom: "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/stripe-AbCdEf" }), violations: 0 }],
    },
    "aws-lambda-secrets-readable": {
        violating: [{ title: "a function role with ssm:GetParameters, not the app's ssm:GetParameter", program: () => secretFunction(false), violations: 1, mentions: ["role backend-role may not ssm:GetParameter on"] }],
        passing: [{ title: "ssm:GetParameter on the parameter", program: () => secretFunction(true), violations: 0 }],
    },
    "aws-cloudformation-errors": {
        violating: [{ title: "an apostrophe in a security group description (schema pattern)", program: () => securityGroup("Postgres: only from the app's tasks"), violations: 1, mentions: ["rule cfn-F3031", "Properties.GroupDescription"] }],
        passing: [{ title: "a description the schema accepts", program: () => securityGroup("Postgres, only from the app tasks"), violations: 0 }],
    },
    "aws-cloudformation-warnings": {
        violating: [{ title: "a publicly accessible RDS instance", program: () => rdsInstance(true), violations: 1, mentions: ["rule cfn-W9011", "PubliclyAccessible set to true"] }],
        passing: [{ title: "a private RDS instance", program: () => rdsInstance(false), violations: 0 }],
    },
    "log-group-retention": {
        violating: [
            { title: "a log group without retention", program: logGroup(), violations: 1, mentions: ["log group logs keeps logs forever"] },
            { title: "a retention of 0 (never expire)", program: logGroup(0), violations: 1 },
        ],
        passing: [{ title: "a retention of 7 days", program: logGroup(7), violations: 0 }],
    },
    ...HARDENING_CASES,
};

/**
 * Runs a case: the program offline, then the one policy (with its case
 * config), and checks the number of violations, that each names the
 * policy's remediation, and the text it must mention.
 */
export async function runCase(name: string, c: PolicyCase): Promise<void> {
    const policy = policyNamed(name);
    // A violation names its remediation; an empty one would be named by every message.
    assert.ok((policy.description ?? "").length > 20 && (policy.remediationSteps ?? "").length > 20, `${name} says what it checks and how to fix it`);
    const found = of(await check(await record(c.program), [name], c.config ? { [name]: c.config } : {}), name);
    assert.equal(found.length, c.violations, `${name}: ${c.title}: expected ${c.violations} violation(s), got:\n${found.map((v) => v.message).join("\n")}`);
    for (const v of found) {
        assert.ok(v.message.includes(policy.remediationSteps!), `the message names the remediation: ${v.message}`);
        assert.doesNotMatch(v.message, /can't run policy during preview/);
    }
    for (const text of c.mentions ?? []) {
        assert.ok(
            found.some((v) => v.message.includes(text)),
            `a violation mentions "${text}": ${found.map((v) => v.message).join("\n")}`,
        );
    }
}

/** Registers the cases of these policies (the exports of one module) as tests. */
export function describeCases(module: Record<string, unknown>): void {
    const names = policyNamesOf(module);
    it("has violating and passing cases for each of its policies", () => {
        assert.ok(names.length > 0);
        for (const name of names) {
            assert.ok(CASES[name], `no cases for ${name}`);
            assert.ok(CASES[name].violating.length > 0 && CASES[name].violating.every((c) => c.violations > 0), `${name} has violating cases`);
            assert.ok(CASES[name].passing.length > 0 && CASES[name].passing.every((c) => c.violations === 0), `${name} has passing cases`);
        }
    });
    for (const name of names) {
        describe(name, () => {
            for (const c of CASES[name]?.violating ?? []) {
                it(`reports ${c.title}`, () => runCase(name, c));
            }
            for (const c of CASES[name]?.passing ?? []) {
                it(`passes ${c.title}`, () => runCase(name, c));
            }
        });
    }
}

/**
 * The hardening checks cdk-nag's AwsSolutions pack and checkov make on the
 * resource types the program registers, one policy each (which rules each
 * stands for is in `parity.ts`). Most read one resource's properties; the
 * S3 ones relate a bucket to its policy and logging.
 *
 * Several fail on purpose in the shoestring stacks (one database zone, no
 * WAF, no access logs): those are trade-offs, acknowledged with their
 * reason in `policy/config/<stack>.json`, not exceptions inside a rule.
 */
import type { EnforcementLevel, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asList, isKnown, list, obj, ofType, parseJson, read, referenced, statements } from "./util";

type Props = Record<string, unknown>;

interface PropertyCheck {
    name: string;
    description: string;
    remediationSteps: string;
    enforcementLevel: EnforcementLevel;
    /** The Pulumi resource type checked. */
    type: string;
    /** What is wrong with the resource, or undefined when it passes. */
    problem(props: Props): string | undefined;
}

/** A policy that reports `problem` for each resource of the type (values unknown during a preview are skipped). */
function propertyCheck(spec: PropertyCheck): ResourceValidationPolicy {
    const policy: ResourceValidationPolicy = {
        name: spec.name,
        description: spec.description,
        remediationSteps: spec.remediationSteps,
        enforcementLevel: spec.enforcementLevel,
        validateResource: (args, report) => {
            if (args.type !== spec.type) {
                return;
            }
            const problem = read(() => spec.problem(args.props as Props));
            if (isKnown(problem) && problem !== undefined) {
                report(`${args.name} (${args.type}) ${problem}. ${spec.remediationSteps}`);
            }
        },
    };
    return policy;
}

/** The container definitions of a task definition (a JSON string input). */
function containers(props: Props): Props[] {
    return list(parseJson(props.containerDefinitions)).map(obj);
}

// --- RDS ---------------------------------------------------------------------------------------

export const rdsMultiAz = propertyCheck({
    name: "rds-multi-az",
    description: "A database instance runs in two availability zones (Multi-AZ), so a zone outage or a host failure fails over instead of stopping the app.",
    remediationSteps: "Set multiAz: true on the instance, which doubles the instance and storage price; or acknowledge the single zone in the policy config.",
    enforcementLevel: "advisory",
    type: "aws:rds/instance:Instance",
    problem: (p) => (p.multiAz === true ? undefined : "runs in one availability zone"),
});

export const rdsDeletionProtection = propertyCheck({
    name: "rds-deletion-protection",
    description: "A database instance has deletion protection on, so no API call (or stack change) deletes it until it is turned off.",
    remediationSteps: "Set deletionProtection: true (shoestring: shoestring:protectData true); or acknowledge it for a stack whose data may go.",
    enforcementLevel: "advisory",
    type: "aws:rds/instance:Instance",
    problem: (p) => (p.deletionProtection === true ? undefined : "can be deleted by any call that may delete it (deletion protection off)"),
});

export const dsqlDeletionProtection = propertyCheck({
    name: "dsql-deletion-protection",
    description: "An Aurora DSQL cluster has deletion protection on, so no API call (or stack change) deletes it, and its data, until it is turned off: DeleteCluster takes no final snapshot.",
    remediationSteps: "Set deletionProtectionEnabled: true (shoestring: shoestring:protectData true); or acknowledge it for a stack whose data may go.",
    enforcementLevel: "advisory",
    type: "aws:dsql/cluster:Cluster",
    problem: (p) => (p.deletionProtectionEnabled === true ? undefined : "can be deleted, with its data, by any call that may delete it (deletion protection off)"),
});

export const rdsBackupRetention = propertyCheck({
    name: "rds-backup-retention",
    description: "A database instance keeps automated backups (a backup retention period of at least one day; 0 turns backups and point-in-time restore off).",
    remediationSteps: "Set backupRetentionPeriod to 1-35 days (shoestring: shoestring:database.backupRetentionDays, default 1).",
    enforcementLevel: "mandatory",
    type: "aws:rds/instance:Instance",
    // Unset means RDS's default of one day.
    problem: (p) => (p.backupRetentionPeriod === 0 || p.backupRetentionPeriod === "0" ? "keeps no automated backups (retention 0)" : undefined),
});

export const rdsIamAuthentication = propertyCheck({
    name: "rds-iam-authentication",
    description: "A database instance accepts IAM database authentication, so clients can connect with short-lived tokens instead of a long-lived password.",
    remediationSteps: "Set iamDatabaseAuthenticationEnabled: true and let the app connect with an rds-db:connect token; or acknowledge the password (kept in the RDS-managed, rotated secret).",
    enforcementLevel: "advisory",
    type: "aws:rds/instance:Instance",
    problem: (p) => (p.iamDatabaseAuthenticationEnabled === true ? undefined : "accepts passwords only (IAM database authentication off)"),
});

export const rdsCopyTagsToSnapshot = propertyCheck({
    name: "rds-copy-tags-to-snapshot",
    description: "A database instance copies its tags to its snapshots, so the final snapshot stays the project's (for billing and the deploy role's tag conditions).",
    remediationSteps: "Set copyTagsToSnapshot: true.",
    enforcementLevel: "advisory",
    type: "aws:rds/instance:Instance",
    problem: (p) => (p.copyTagsToSnapshot === true ? undefined : "does not copy its tags to snapshots"),
});

export const rdsAutoMinorVersionUpgrade = propertyCheck({
    name: "rds-auto-minor-version-upgrade",
    description: "A database instance takes minor engine versions (security fixes) in its maintenance window.",
    remediationSteps: "Leave autoMinorVersionUpgrade unset or true.",
    enforcementLevel: "advisory",
    type: "aws:rds/instance:Instance",
    problem: (p) => (p.autoMinorVersionUpgrade === false ? "never takes minor engine versions" : undefined),
});

// --- DynamoDB, ECR -------------------------------------------------------------------------------

export const dynamodbPointInTimeRecovery = propertyCheck({
    name: "dynamodb-point-in-time-recovery",
    description: "A DynamoDB table has point-in-time recovery, so an app bug that deletes or overwrites items can be undone to any second of the last 35 days.",
    remediationSteps: "Set pointInTimeRecovery: { enabled: true } (shoestring: shoestring:pointInTimeRecovery, on by default; $0.20/GB-month of table).",
    enforcementLevel: "advisory",
    type: "aws:dynamodb/table:Table",
    problem: (p) => (obj(p.pointInTimeRecovery).enabled === true ? undefined : "has no point-in-time recovery"),
});

export const ecrImmutableTags = propertyCheck({
    name: "ecr-immutable-tags",
    description: "An ECR repository's tags are immutable, so a tag always names the image that was first pushed with it (a task definition cannot change under a running service).",
    remediationSteps: "Set imageTagMutability: \"IMMUTABLE\" and push each build under its own tag (a content hash, not latest).",
    enforcementLevel: "advisory",
    type: "aws:ecr/repository:Repository",
    problem: (p) =>
        String(
            // Stryker disable next-line StringLiteral: unset means AWS's default, MUTABLE, and "" does not start with IMMUTABLE either
            p.imageTagMutability ?? "MUTABLE",
        ).startsWith("IMMUTABLE")
            ? undefined
            : "has mutable tags",
});

export const ecrScanOnPush = propertyCheck({
    name: "ecr-scan-on-push",
    description: "An ECR repository scans each pushed image for known vulnerabilities (basic scanning is free).",
    remediationSteps: "Set imageScanningConfiguration: { scanOnPush: true }.",
    enforcementLevel: "advisory",
    type: "aws:ecr/repository:Repository",
    problem: (p) => (obj(p.imageScanningConfiguration).scanOnPush === true ? undefined : "does not scan images on push"),
});

// --- ECS -----------------------------------------------------------------------------------------

export const ecsContainerInsights = propertyCheck({
    name: "ecs-container-insights",
    description: "An ECS cluster has CloudWatch Container Insights on (per-task CPU, memory and network metrics).",
    remediationSteps: "Add settings: [{ name: \"containerInsights\", value: \"enabled\" }] (billed as custom metrics and log ingestion); or acknowledge it.",
    enforcementLevel: "advisory",
    type: "aws:ecs/cluster:Cluster",
    problem: (p) => (list(p.settings).map(obj).some((s) => s.name === "containerInsights" && (s.value === "enabled" || s.value === "enhanced")) ? undefined : "has Container Insights off"),
});

export const ecsContainerLogging = propertyCheck({
    name: "ecs-container-logging",
    description: "Every container of a task definition sends its output somewhere (a logConfiguration with a log driver): without it, a crashing task leaves no trace.",
    remediationSteps: 'Give each container logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": ..., "awslogs-region": ..., "awslogs-stream-prefix": ... } }.',
    enforcementLevel: "mandatory",
    type: "aws:ecs/taskDefinition:TaskDefinition",
    problem: (p) => {
        const silent = containers(p).filter((c) => !obj(c.logConfiguration).logDriver).map((c) => String(c.name));
        return silent.length > 0 ? `has containers without a log driver: ${silent.join(", ")}` : undefined;
    },
});

export const ecsReadOnlyRootFilesystem = propertyCheck({
    name: "ecs-read-only-root-filesystem",
    description: "Every container of a task definition has a read-only root filesystem, so a compromised process cannot change the image's files.",
    remediationSteps: "Set readonlyRootFilesystem: true on each container and mount a volume where it writes; or acknowledge it where ECS Exec is on (its agent writes to the container's filesystem).",
    enforcementLevel: "advisory",
    type: "aws:ecs/taskDefinition:TaskDefinition",
    problem: (p) => {
        const writable = containers(p).filter((c) => c.readonlyRootFilesystem !== true).map((c) => String(c.name));
        return writable.length > 0 ? `has containers with a writable root filesystem: ${writable.join(", ")}` : undefined;
    },
});

export const ecsNoPrivilegedContainers = propertyCheck({
    name: "ecs-no-privileged-containers",
    description: "No container of a task definition runs privileged (root on the host's devices); Fargate refuses it anyway.",
    remediationSteps: "Remove privileged: true.",
    enforcementLevel: "mandatory",
    type: "aws:ecs/taskDefinition:TaskDefinition",
    problem: (p) => {
        const privileged = containers(p).filter((c) => c.privileged === true).map((c) => String(c.name));
        return privileged.length > 0 ? `runs privileged containers: ${privileged.join(", ")}` : undefined;
    },
});

export const ecsNoPublicIp = propertyCheck({
    name: "ecs-no-public-ip",
    description: "An ECS service's tasks get no public IP address: they sit in private subnets and reach AWS and the internet through a NAT gateway or VPC endpoints.",
    remediationSteps: "Set networkConfiguration.assignPublicIp: false and give the subnets a route out; or acknowledge the public IP (its security group admits only the load balancer or VPC link).",
    enforcementLevel: "advisory",
    type: "aws:ecs/service:Service",
    problem: (p) => (obj(p.networkConfiguration).assignPublicIp === true ? "gives its tasks public IP addresses" : undefined),
});

// --- Load balancer, CloudFront, API Gateway -----------------------------------------------------

export const albDropInvalidHeaders = propertyCheck({
    name: "alb-drop-invalid-headers",
    description: "An application load balancer drops HTTP headers with invalid names instead of passing them to the app (request smuggling).",
    remediationSteps: "Set dropInvalidHeaderFields: true.",
    enforcementLevel: "advisory",
    type: "aws:lb/loadBalancer:LoadBalancer",
    problem: (p) => ((p.loadBalancerType ?? "application") === "application" && p.dropInvalidHeaderFields !== true ? "passes headers with invalid names to its targets" : undefined),
});

export const albAccessLogs = propertyCheck({
    name: "alb-access-logs",
    description: "An application load balancer writes access logs to S3.",
    remediationSteps: "Set accessLogs: { bucket: <bucket>, enabled: true } with a bucket the regional ELB account may write; or acknowledge it.",
    enforcementLevel: "advisory",
    type: "aws:lb/loadBalancer:LoadBalancer",
    problem: (p) => (obj(p.accessLogs).enabled === true ? undefined : "writes no access logs"),
});

export const cloudfrontWaf = propertyCheck({
    name: "cloudfront-waf",
    description: "A CloudFront distribution is behind an AWS WAF web ACL.",
    remediationSteps: "Set webAclId to a WAFv2 web ACL in us-east-1 (a web ACL costs $5/month plus $1 per rule and $0.60 per million requests); or acknowledge it.",
    enforcementLevel: "advisory",
    type: "aws:cloudfront/distribution:Distribution",
    problem: (p) => (p.webAclId ? undefined : "has no web ACL"),
});

export const cloudfrontAccessLogging = propertyCheck({
    name: "cloudfront-access-logging",
    description: "A CloudFront distribution writes access logs.",
    remediationSteps: "Set loggingConfig: { bucket: \"<bucket>.s3.amazonaws.com\" }; or acknowledge it.",
    enforcementLevel: "advisory",
    type: "aws:cloudfront/distribution:Distribution",
    problem: (p) => (obj(p.loggingConfig).bucket ? undefined : "writes no access logs"),
});

export const cloudfrontOriginHttpsOnly = propertyCheck({
    name: "cloudfront-origin-https-only",
    description: "A CloudFront distribution reaches every custom origin over HTTPS (origin protocol policy https-only) with no SSLv3 or TLS 1.0 allowed.",
    remediationSteps: 'Set customOriginConfig.originProtocolPolicy: "https-only" and originSslProtocols: ["TLSv1.2"].',
    enforcementLevel: "mandatory",
    type: "aws:cloudfront/distribution:Distribution",
    problem: (p) => {
        const weak = list(p.origins)
            .map(obj)
            .filter((o) => o.customOriginConfig !== undefined)
            .filter((o) => {
                const custom = obj(o.customOriginConfig);
                const protocols = asList(custom.originSslProtocols as string[] | undefined);
                return custom.originProtocolPolicy !== "https-only" || protocols.some((v) => v === "SSLv3" || v === "TLSv1");
            })
            .map((o) => String(o.originId));
        return weak.length > 0 ? `reaches origins ${weak.join(", ")} over plain HTTP or old TLS` : undefined;
    },
});

export const cloudfrontSecurityHeaders = propertyCheck({
    name: "cloudfront-security-headers",
    description: "A CloudFront distribution adds security response headers (a response headers policy on its default behaviour: HSTS, nosniff, frame options, referrer policy).",
    remediationSteps: "Set defaultCacheBehavior.responseHeadersPolicyId to a policy with securityHeadersConfig (or AWS's managed SecurityHeadersPolicy, 67f7725c-6f97-4210-82d7-5512b31e9d03).",
    enforcementLevel: "advisory",
    type: "aws:cloudfront/distribution:Distribution",
    problem: (p) => (obj(p.defaultCacheBehavior).responseHeadersPolicyId ? undefined : "adds no security headers to its responses"),
});

export const apiRouteAuthorization = propertyCheck({
    name: "api-route-authorization",
    description: "An HTTP API route has an authorizer (IAM, JWT or a Lambda authorizer), so API Gateway rejects unauthenticated calls before they reach the backend.",
    remediationSteps: 'Set authorizationType to "JWT" (with an authorizer) or "AWS_IAM"; or acknowledge a public API whose backend authenticates its callers.',
    enforcementLevel: "advisory",
    type: "aws:apigatewayv2/route:Route",
    problem: (p) =>
        ["AWS_IAM", "CUSTOM", "JWT"].includes(
            String(
                // Stryker disable next-line StringLiteral: unset means NONE, and "" is no authorizer type either
                p.authorizationType ?? "NONE",
            ),
        )
            ? undefined
            : "lets anyone call it (no authorizer)",
});

// --- Security groups ------------------------------------------------------------------------------

export const securityGroupRuleDescriptions: ResourceValidationPolicy = {
    name: "security-group-rule-descriptions",
    description: "Every security group and every rule says what it is for (a description), so a rule nobody can explain is never kept.",
    remediationSteps: "Give the group and each ingress and egress rule a description.",
    enforcementLevel: "advisory",
    validateResource: (args, report) => {
        const props = args.props as Props;
        const missing = read((): string[] => {
            if (args.type === "aws:ec2/securityGroup:SecurityGroup") {
                const rules = [...list(props.ingress), ...list(props.egress)].map(obj);
                return [...(props.description ? [] : ["the group"]), ...rules.filter((r) => !r.description).map((r) => `a rule for port ${String(r.fromPort ?? "any")}`)];
            }
            if (args.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" || args.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") {
                return props.description ? [] : ["the rule"];
            }
            return [];
        });
        if (isKnown(missing) && missing.length > 0) {
            report(`${args.name} (${args.type}): ${missing.join(", ")} has no description. ${securityGroupRuleDescriptions.remediationSteps}`);
        }
    },
};

// --- S3 ------------------------------------------------------------------------------------------

/** Buckets, with the resources of a type that point at each (by the `bucket` property). */
function bucketsWith(resources: PolicyResource[], type: string): { bucket: PolicyResource; related: PolicyResource[] }[] {
    const buckets = ofType(resources, "aws:s3/bucket:Bucket");
    const related = ofType(resources, type);
    return buckets.map((bucket) => ({
        bucket,
        related: related.filter(
            (r) =>
                referenced(r, "bucket", [bucket], [
                    // Stryker disable next-line StringLiteral: a bucket's id is its name, so the "bucket" key finds what "id" does (and still does while a new bucket's id is unknown)
                    "id",
                    "bucket",
                ]).length > 0,
        ),
    }));
}

/** Whether a bucket policy denies requests that are not over TLS. */
export function deniesInsecureTransport(document: unknown): boolean {
    return statements(document).some((s) => {
        const condition = obj((s as { Condition?: unknown }).Condition);
        return s.Effect === "Deny" && asList(s.Action).some((a) => a === "s3:*" || a === "*") && asList(obj(condition.Bool)["aws:SecureTransport"] as string | string[] | undefined).some((v) => String(v) === "false");
    });
}

export const s3TlsOnly: StackValidationPolicy = {
    name: "s3-tls-only",
    description: "Every S3 bucket's policy denies requests not made over TLS (aws:SecureTransport false), so no client, SDK or misconfigured origin reads or writes it in the clear.",
    remediationSteps: 'Add to the bucket policy: { "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [<bucket ARN>, "<bucket ARN>/*"], "Condition": { "Bool": { "aws:SecureTransport": "false" } } }.',
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const { bucket, related } of bucketsWith(args.resources, "aws:s3/bucketPolicy:BucketPolicy")) {
            const documents = related.map((p) => read(() => p.props.policy as unknown));
            if (documents.some((d) => !isKnown(d))) {
                continue;
            }
            if (!documents.some(deniesInsecureTransport)) {
                report(`bucket ${bucket.name} accepts requests without TLS. ${s3TlsOnly.remediationSteps}`, bucket.urn);
            }
        }
    },
};

export const s3AccessLogging: StackValidationPolicy = {
    name: "s3-access-logging",
    description: "Every S3 bucket writes server access logs (aws.s3.BucketLogging) to another bucket.",
    remediationSteps: "Add an aws.s3.BucketLogging for the bucket with a log bucket; or acknowledge it (for a bucket only CloudFront reads, CloudFront's logs say who asked).",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        for (const { bucket, related } of bucketsWith(args.resources, "aws:s3/bucketLogging:BucketLogging")) {
            if (related.length === 0) {
                report(`bucket ${bucket.name} writes no access logs. ${s3AccessLogging.remediationSteps}`, bucket.urn);
            }
        }
    },
};

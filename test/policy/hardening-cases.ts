/**
 * Violating and passing programs for the hardening and IAM policies
 * (policy/src/hardening.ts, policy/src/iam.ts), merged into `CASES`.
 */
import * as aws from "@pulumi/aws";
import { DsqlCluster } from "../../components/dsql-cluster";
import type { PolicyCases } from "./cases";

const VPC = "vpc-0a0b0c0d0e0f01234";
const SUBNETS = ["subnet-0a0b0c0d0e0f0000a", "subnet-0a0b0c0d0e0f0000b"];
const ACCOUNT = "123456789012";
const doc = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ecsTrust = (condition?: unknown) => doc([{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }]);
const SOURCE_ACCOUNT = { StringEquals: { "aws:SourceAccount": ACCOUNT } };

/** A role with one inline policy (as a RolePolicy). */
function roleWith(statements: unknown[]): void {
    const role = new aws.iam.Role("app", { assumeRolePolicy: ecsTrust(SOURCE_ACCOUNT) });
    new aws.iam.RolePolicy("app-policy", { role: role.name, policy: doc(statements) });
}

/** A role with a trust policy. */
const trusting = (assumeRolePolicy: string) => () => void new aws.iam.Role("trusted", { assumeRolePolicy });

const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const githubTrust = (condition: Record<string, Record<string, string | string[]>>) => doc([{ Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }]);

/** A role with an AWS managed policy attached. */
function attached(policyArn: string): void {
    const role = new aws.iam.Role("app", { assumeRolePolicy: ecsTrust(SOURCE_ACCOUNT) });
    new aws.iam.RolePolicyAttachment("app-managed", { role: role.name, policyArn });
}

function database(props: Partial<aws.rds.InstanceArgs> = {}): void {
    new aws.rds.Instance("database", {
        engine: "postgres",
        instanceClass: "db.t4g.micro",
        allocatedStorage: 20,
        storageEncrypted: true,
        publiclyAccessible: false,
        manageMasterUserPassword: true,
        username: "app",
        multiAz: true,
        deletionProtection: true,
        iamDatabaseAuthenticationEnabled: true,
        copyTagsToSnapshot: true,
        backupRetentionPeriod: 7,
        ...props,
    });
}

const table = (pointInTimeRecovery?: { enabled: boolean }) => () =>
    void new aws.dynamodb.Table("table", { billingMode: "PAY_PER_REQUEST", hashKey: "pk", attributes: [{ name: "pk", type: "S" }], pointInTimeRecovery });

const repository = (props: Partial<aws.ecr.RepositoryArgs>) => () => void new aws.ecr.Repository("repository", { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, ...props });

const cluster = (settings?: { name: string; value: string }[]) => () => void new aws.ecs.Cluster("cluster", { settings });

/** A task definition with these container definitions (merged over a logged, read-only container). */
const task = (...containers: Record<string, unknown>[]) => () =>
    void new aws.ecs.TaskDefinition("task", {
        family: "task",
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        containerDefinitions: JSON.stringify(
            containers.map((c, i) => ({
                name: `c${i}`,
                image: "public.ecr.aws/docker/library/busybox:1.37",
                readonlyRootFilesystem: true,
                logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/task", "awslogs-region": "us-west-2", "awslogs-stream-prefix": "c" } },
                ...c,
            })),
        ),
    });

const service = (assignPublicIp: boolean) => () =>
    void new aws.ecs.Service("service", { cluster: "cluster", taskDefinition: "task:1", desiredCount: 1, networkConfiguration: { subnets: SUBNETS, assignPublicIp } });

const balancer = (props: Partial<aws.lb.LoadBalancerArgs>) => () =>
    void new aws.lb.LoadBalancer("load-balancer", { loadBalancerType: "application", subnets: SUBNETS, dropInvalidHeaderFields: true, accessLogs: { bucket: "logs", enabled: true }, ...props });

type Origin = { originProtocolPolicy: string; originSslProtocols: string[] };
/**
 * A distribution with a custom origin "api" (HTTPS, TLS 1.2 unless `origin`),
 * optionally a second custom origin "assets" and an S3 origin "site" (through
 * origin access control: no customOriginConfig, no protocol policy).
 */
function distribution(props: { webAclId?: string; logging?: boolean; origin?: Origin; assets?: Origin; s3Origin?: boolean; headers?: boolean } = {}): void {
    const origin = props.origin ?? { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] };
    const custom = (originId: string, domainName: string, o: Origin) => ({ originId, domainName, customOriginConfig: { httpPort: 80, httpsPort: 443, ...o } });
    new aws.cloudfront.Distribution("distribution", {
        enabled: true,
        webAclId: props.webAclId,
        loggingConfig: props.logging === false ? undefined : { bucket: "logs.s3.amazonaws.com" },
        origins: [
            custom("api", "api.example.com", origin),
            ...(props.assets ? [custom("assets", "assets.example.com", props.assets)] : []),
            ...(props.s3Origin ? [{ originId: "site", domainName: "site.s3.us-west-2.amazonaws.com", originAccessControlId: "E2OFFLINEOAC01" }] : []),
        ],
        defaultCacheBehavior: {
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
            targetOriginId: "api",
            viewerProtocolPolicy: "https-only",
            cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
            responseHeadersPolicyId: props.headers === false ? undefined : "67f7725c-6f97-4210-82d7-5512b31e9d03",
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { cloudfrontDefaultCertificate: true },
    });
}

const route = (authorizationType?: string) => () =>
    void new aws.apigatewayv2.Route("route", { apiId: "a1b2c3d4e5", routeKey: "ANY /{proxy+}", authorizationType, authorizerId: authorizationType === "JWT" || authorizationType === "CUSTOM" ? "abc123" : undefined });

/**
 * A security group with an inline ingress rule on 443 and an ingress rule
 * resource ("rule"), and with `egress` an egress rule resource ("out"), each
 * described by the given text.
 */
function securityGroup(props: { group?: string; inline?: string; rule?: string; egress?: { description?: string } }): void {
    const group = new aws.ec2.SecurityGroup("group", {
        vpcId: VPC,
        description: props.group,
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"], description: props.inline }],
    });
    new aws.vpc.SecurityGroupIngressRule("rule", { securityGroupId: group.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: group.id, description: props.rule });
    if (props.egress) {
        new aws.vpc.SecurityGroupEgressRule("out", { securityGroupId: group.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16", description: props.egress.description });
    }
}

/** A bucket with a policy (the given statements) and, optionally, access logging. */
function bucket(props: { statements?: unknown[]; logging?: boolean }): void {
    const site = new aws.s3.Bucket("site", {});
    if (props.statements) {
        new aws.s3.BucketPolicy("site-policy", { bucket: site.id, policy: site.arn.apply((arn) => doc(props.statements!.map((s) => ({ ...(s as object), Resource: [arn, `${arn}/*`] })))) });
    }
    if (props.logging) {
        new aws.s3.BucketLogging("site-logging", { bucket: site.id, targetBucket: "logs", targetPrefix: "site/" });
    }
}
const TLS_ONLY = { Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
const CLOUDFRONT_READ = { Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject" };

export const HARDENING_CASES: Record<string, PolicyCases> = {
    "iam-no-wildcard-permissions": {
        violating: [
            { title: "a whole service", program: () => roleWith([{ Effect: "Allow", Action: "dynamodb:*", Resource: `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/t` }]), violations: 1, mentions: ["allows action patterns dynamodb:*"] },
            { title: "an action on every resource that can be scoped", program: () => roleWith([{ Effect: "Allow", Action: "dynamodb:PutItem", Resource: "*" }]), violations: 1, mentions: ['allows dynamodb:PutItem on every resource ("*")'] },
        ],
        passing: [
            { title: "named actions on the table", program: () => roleWith([{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/t` }]), violations: 0 },
            { title: "an action that only takes *", program: () => roleWith([{ Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" }]), violations: 0 },
            { title: "a Deny of everything (not a grant)", program: () => roleWith([{ Effect: "Deny", Action: "*", Resource: "*" }]), violations: 0 },
        ],
    },
    "iam-no-privilege-escalation": {
        violating: [
            { title: "PutRolePolicy and AssumeRole on every role", program: () => roleWith([{ Effect: "Allow", Action: ["iam:PutRolePolicy", "sts:AssumeRole"], Resource: "*" }]), violations: 1, mentions: ["PutRolePolicy (iam:PutRolePolicy + sts:AssumeRole)"] },
            { title: "passing any role to a new ECS task", program: () => roleWith([{ Effect: "Allow", Action: ["iam:PassRole", "ecs:RunTask"], Resource: "*" }, { Effect: "Allow", Action: "ecs:RegisterTaskDefinition", Resource: "*" }]), violations: 1, mentions: ["PassExistingRoleToNewEcsTask"] },
        ],
        passing: [
            { title: "PutRolePolicy only with a permissions boundary", program: () => roleWith([{ Effect: "Allow", Action: ["iam:PutRolePolicy", "sts:AssumeRole"], Resource: "*", Condition: { StringEquals: { "iam:PermissionsBoundary": `arn:aws:iam::${ACCOUNT}:policy/b` } } }]), violations: 0 },
            { title: "PassRole denied outright", program: () => roleWith([{ Effect: "Allow", Action: ["iam:PassRole", "ecs:RunTask", "ecs:RegisterTaskDefinition"], Resource: "*" }, { Effect: "Deny", Action: "iam:PassRole", Resource: "*" }]), violations: 0 },
        ],
    },
    "iam-no-unconstrained-secret-reads": {
        violating: [
            { title: "every secret's value", program: () => roleWith([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }]), violations: 1, mentions: ["allows secretsmanager:GetSecretValue on every resource"] },
            { title: "assuming any role", program: () => roleWith([{ Effect: "Allow", Action: "sts:*", Resource: "*" }]), violations: 1, mentions: ["sts:AssumeRole"] },
        ],
        passing: [
            { title: "one secret", program: () => roleWith([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:rds!db-1234` }]), violations: 0 },
            { title: "image pulls (ecr:GetAuthorizationToken, as checkov exempts it)", program: () => roleWith([{ Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" }]), violations: 0 },
        ],
    },
    "iam-no-admin-policies": {
        violating: [{ title: "AdministratorAccess", program: () => attached("arn:aws:iam::aws:policy/AdministratorAccess"), violations: 1, mentions: ["attaches arn:aws:iam::aws:policy/AdministratorAccess"] }],
        passing: [{ title: "the ECS task execution policy", program: () => attached("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"), violations: 0 }],
    },
    "iam-no-aws-managed-policies": {
        violating: [{ title: "an AWS managed policy", program: () => attached("arn:aws:iam::aws:policy/ReadOnlyAccess"), violations: 1, mentions: ["attaches the AWS managed policy arn:aws:iam::aws:policy/ReadOnlyAccess"] }],
        passing: [{ title: "a customer managed policy", program: () => attached(`arn:aws:iam::${ACCOUNT}:policy/app`), violations: 0 }],
    },
    "iam-trust-conditions": {
        violating: [
            { title: "ecs-tasks without aws:SourceAccount", program: trusting(ecsTrust()), violations: 1, mentions: ["trusts ecs-tasks.amazonaws.com without an aws:SourceAccount"] },
            { title: "any AWS principal", program: trusting(doc([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }])), violations: 1, mentions: ['trusts any AWS principal ("*")'] },
            { title: "GitHub without an audience", program: trusting(githubTrust({ StringEquals: { "token.actions.githubusercontent.com:sub": "repo:o/r:pull_request" } })), violations: 1, mentions: ["without an audience"] },
            { title: "GitHub, any repository of any owner", program: trusting(githubTrust({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:*" } })), violations: 1, mentions: ["subjects matching repo:*"] },
            { title: "GitHub, any ref of a repository", program: trusting(githubTrust({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:o/r:*" } })), violations: 1 },
        ],
        passing: [
            { title: "ecs-tasks from this account", program: trusting(ecsTrust(SOURCE_ACCOUNT)), violations: 0 },
            { title: "GitHub, one environment of one repository", program: trusting(githubTrust({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:o/r:environment:production" } })), violations: 0 },
        ],
    },
    "rds-multi-az": {
        violating: [{ title: "one zone", program: () => database({ multiAz: false }), violations: 1, mentions: ["runs in one availability zone"] }],
        passing: [{ title: "Multi-AZ", program: () => database(), violations: 0 }],
    },
    "rds-deletion-protection": {
        violating: [{ title: "deletion protection off", program: () => database({ deletionProtection: false }), violations: 1, mentions: ["deletion protection off"] }],
        passing: [{ title: "deletion protection on", program: () => database(), violations: 0 }],
    },
    "dsql-deletion-protection": {
        violating: [
            { title: "an unprotected cluster (protectData false)", program: () => void new DsqlCluster("dsql", { region: "us-west-2", protect: false }), violations: 1, mentions: ["dsql (aws:dsql/cluster:Cluster) can be deleted, with its data"] },
            { title: "deletion protection left unset", program: () => void new aws.dsql.Cluster("dsql", {}), violations: 1, mentions: ["deletion protection off"] },
        ],
        passing: [{ title: "the component's default (protectData true)", program: () => void new DsqlCluster("dsql", { region: "us-west-2" }), violations: 0 }],
    },
    "rds-backup-retention": {
        violating: [
            { title: "retention 0", program: () => database({ backupRetentionPeriod: 0 }), violations: 1, mentions: ["database (aws:rds/instance:Instance) keeps no automated backups (retention 0)"] },
            // A number from config or a YAML program can arrive as a string.
            { title: 'retention "0" (a string)', program: () => database({ backupRetentionPeriod: "0" as unknown as number }), violations: 1, mentions: ["keeps no automated backups (retention 0)"] },
        ],
        passing: [
            { title: "7 days", program: () => database(), violations: 0 },
            { title: "unset (RDS keeps one day)", program: () => database({ backupRetentionPeriod: undefined }), violations: 0 },
            { title: 'retention "1" (a string)', program: () => database({ backupRetentionPeriod: "1" as unknown as number }), violations: 0 },
        ],
    },
    "rds-iam-authentication": {
        violating: [{ title: "passwords only", program: () => database({ iamDatabaseAuthenticationEnabled: false }), violations: 1, mentions: ["IAM database authentication off"] }],
        passing: [{ title: "IAM authentication on", program: () => database(), violations: 0 }],
    },
    "rds-copy-tags-to-snapshot": {
        violating: [{ title: "tags not copied", program: () => database({ copyTagsToSnapshot: undefined }), violations: 1, mentions: ["does not copy its tags"] }],
        passing: [{ title: "tags copied", program: () => database(), violations: 0 }],
    },
    "rds-auto-minor-version-upgrade": {
        violating: [{ title: "minor upgrades off", program: () => database({ autoMinorVersionUpgrade: false }), violations: 1, mentions: ["never takes minor engine versions"] }],
        passing: [
            { title: "unset (on)", program: () => database(), violations: 0 },
            { title: "on", program: () => database({ autoMinorVersionUpgrade: true }), violations: 0 },
        ],
    },
    "dynamodb-point-in-time-recovery": {
        violating: [
            { title: "no recovery", program: table(), violations: 1, mentions: ["has no point-in-time recovery"] },
            { title: "recovery off", program: table({ enabled: false }), violations: 1 },
        ],
        passing: [{ title: "recovery on", program: table({ enabled: true }), violations: 0 }],
    },
    "ecr-immutable-tags": {
        violating: [
            { title: "mutable tags", program: repository({ imageTagMutability: "MUTABLE" }), violations: 1, mentions: ["has mutable tags"] },
            { title: "unset (ECR's default is MUTABLE)", program: repository({ imageTagMutability: undefined }), violations: 1, mentions: ["repository (aws:ecr/repository:Repository) has mutable tags"] },
            { title: "mutable with exclusions", program: repository({ imageTagMutability: "MUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "release-*", filterType: "WILDCARD" }] }), violations: 1 },
        ],
        passing: [
            { title: "immutable", program: repository({}), violations: 0 },
            { title: "immutable with exclusions", program: repository({ imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "dev-*", filterType: "WILDCARD" }] }), violations: 0 },
        ],
    },
    "ecr-scan-on-push": {
        violating: [{ title: "no scanning", program: repository({ imageScanningConfiguration: { scanOnPush: false } }), violations: 1, mentions: ["does not scan images on push"] }],
        passing: [{ title: "scan on push", program: repository({}), violations: 0 }],
    },
    "ecs-container-insights": {
        violating: [
            { title: "no settings", program: cluster(), violations: 1, mentions: ["has Container Insights off"] },
            { title: "insights disabled", program: cluster([{ name: "containerInsights", value: "disabled" }]), violations: 1 },
            { title: '"enabled" under another setting name', program: cluster([{ name: "containerinsights", value: "enabled" }]), violations: 1, mentions: ["cluster (aws:ecs/cluster:Cluster) has Container Insights off"] },
        ],
        passing: [
            { title: "enabled", program: cluster([{ name: "containerInsights", value: "enabled" }]), violations: 0 },
            { title: "enhanced", program: cluster([{ name: "containerInsights", value: "enhanced" }]), violations: 0 },
        ],
    },
    "ecs-container-logging": {
        violating: [
            { title: "a container without a log driver", program: task({}, { logConfiguration: undefined }), violations: 1, mentions: ["has containers without a log driver: c1"] },
            { title: "two containers without a log driver (one with options but no driver)", program: task({ logConfiguration: undefined }, {}, { logConfiguration: { options: { "awslogs-group": "/ecs/task" } } }), violations: 1, mentions: ["task (aws:ecs/taskDefinition:TaskDefinition) has containers without a log driver: c0, c2."] },
        ],
        passing: [{ title: "every container logs", program: task({}, {}), violations: 0 }],
    },
    "ecs-read-only-root-filesystem": {
        violating: [
            { title: "a writable root filesystem", program: task({ readonlyRootFilesystem: false }), violations: 1, mentions: ["with a writable root filesystem: c0"] },
            { title: "two writable root filesystems (false and unset)", program: task({ readonlyRootFilesystem: false }, {}, { readonlyRootFilesystem: undefined }), violations: 1, mentions: ["task (aws:ecs/taskDefinition:TaskDefinition) has containers with a writable root filesystem: c0, c2."] },
        ],
        passing: [{ title: "read-only", program: task({}), violations: 0 }],
    },
    "ecs-no-privileged-containers": {
        violating: [
            { title: "a privileged container", program: task({ privileged: true }), violations: 1, mentions: ["runs privileged containers: c0"] },
            { title: "two privileged containers", program: task({ privileged: true }, { privileged: false }, { privileged: true }), violations: 1, mentions: ["task (aws:ecs/taskDefinition:TaskDefinition) runs privileged containers: c0, c2."] },
        ],
        passing: [{ title: "unprivileged", program: task({ privileged: false }), violations: 0 }],
    },
    "ecs-no-public-ip": {
        violating: [{ title: "public IPs", program: service(true), violations: 1, mentions: ["gives its tasks public IP addresses"] }],
        passing: [{ title: "private", program: service(false), violations: 0 }],
    },
    "alb-drop-invalid-headers": {
        violating: [
            { title: "invalid headers passed on", program: balancer({ dropInvalidHeaderFields: false }), violations: 1, mentions: ["passes headers with invalid names"] },
            { title: "no load balancer type (AWS's default is application)", program: balancer({ loadBalancerType: undefined, dropInvalidHeaderFields: undefined }), violations: 1, mentions: ["load-balancer (aws:lb/loadBalancer:LoadBalancer) passes headers with invalid names to its targets"] },
        ],
        passing: [
            { title: "dropped", program: balancer({}), violations: 0 },
            { title: "a network load balancer (no HTTP)", program: balancer({ loadBalancerType: "network", dropInvalidHeaderFields: undefined }), violations: 0 },
        ],
    },
    "alb-access-logs": {
        violating: [{ title: "no access logs", program: balancer({ accessLogs: undefined }), violations: 1, mentions: ["writes no access logs"] }],
        passing: [{ title: "access logs", program: balancer({}), violations: 0 }],
    },
    "cloudfront-waf": {
        violating: [{ title: "no web ACL", program: () => distribution(), violations: 1, mentions: ["has no web ACL"] }],
        passing: [{ title: "a web ACL", program: () => distribution({ webAclId: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/site/1234` }), violations: 0 }],
    },
    "cloudfront-access-logging": {
        violating: [{ title: "no logs", program: () => distribution({ logging: false }), violations: 1, mentions: ["writes no access logs"] }],
        passing: [{ title: "standard logs", program: () => distribution(), violations: 0 }],
    },
    "cloudfront-origin-https-only": {
        violating: [
            { title: "HTTP to the origin", program: () => distribution({ origin: { originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1.2"] } }), violations: 1, mentions: ["reaches origins api over plain HTTP or old TLS"] },
            { title: "TLS 1.0 allowed", program: () => distribution({ origin: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1", "TLSv1.2"] } }), violations: 1 },
            { title: "SSLv3 allowed", program: () => distribution({ origin: { originProtocolPolicy: "https-only", originSslProtocols: ["SSLv3", "TLSv1.2"] } }), violations: 1, mentions: ["reaches origins api over plain HTTP or old TLS"] },
            {
                title: "two weak origins besides an S3 one",
                program: () => distribution({ origin: { originProtocolPolicy: "match-viewer", originSslProtocols: ["TLSv1.2"] }, assets: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.1", "TLSv1"] }, s3Origin: true }),
                violations: 1,
                mentions: ["distribution (aws:cloudfront/distribution:Distribution) reaches origins api, assets over plain HTTP or old TLS."],
            },
        ],
        passing: [
            { title: "HTTPS with TLS 1.2", program: () => distribution(), violations: 0 },
            { title: "an S3 origin (no custom origin config) beside an HTTPS one", program: () => distribution({ s3Origin: true }), violations: 0 },
        ],
    },
    "cloudfront-security-headers": {
        violating: [{ title: "no response headers policy", program: () => distribution({ headers: false }), violations: 1, mentions: ["adds no security headers"] }],
        passing: [{ title: "AWS's SecurityHeadersPolicy", program: () => distribution(), violations: 0 }],
    },
    "api-route-authorization": {
        violating: [
            { title: "no authorizer", program: route(), violations: 1, mentions: ["route (aws:apigatewayv2/route:Route) lets anyone call it (no authorizer)"] },
            { title: "authorization NONE", program: route("NONE"), violations: 1, mentions: ["lets anyone call it"] },
        ],
        // The authorization types of an HTTP API route (API Gateway's CreateRoute: NONE, AWS_IAM, CUSTOM, JWT).
        passing: [
            { title: "a JWT authorizer", program: route("JWT"), violations: 0 },
            { title: "IAM authorization", program: route("AWS_IAM"), violations: 0 },
            { title: "a Lambda authorizer (CUSTOM)", program: route("CUSTOM"), violations: 0 },
        ],
    },
    "security-group-rule-descriptions": {
        violating: [
            { title: "an inline rule without a description", program: () => securityGroup({ group: "web", rule: "from itself" }), violations: 1, mentions: ["a rule for port 443 has no description"] },
            { title: "a rule resource without a description", program: () => securityGroup({ group: "web", inline: "TLS from the VPC" }), violations: 1, mentions: ["the rule has no description"] },
            // An unset group description becomes "Managed by Pulumi" (the SDK's default); an empty one stays empty.
            { title: "a group with an empty description", program: () => securityGroup({ group: "", inline: "TLS from the VPC", rule: "from itself" }), violations: 1, mentions: ["group (aws:ec2/securityGroup:SecurityGroup): the group has no description."] },
            { title: "a group and its inline rule without descriptions", program: () => securityGroup({ group: "", rule: "from itself" }), violations: 1, mentions: ["group (aws:ec2/securityGroup:SecurityGroup): the group, a rule for port 443 has no description."] },
            {
                title: "an egress rule resource without a description",
                program: () => securityGroup({ group: "web", inline: "TLS from the VPC", rule: "from itself", egress: {} }),
                violations: 1,
                mentions: ["out (aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule): the rule has no description."],
            },
            {
                // fromPort is required by the typed SDK; an untyped (JavaScript) program can still leave it out.
                title: "an inline rule without a port or a description",
                program: () => void new aws.ec2.SecurityGroup("group", { vpcId: VPC, description: "web", egress: [{ protocol: "-1", toPort: 0, cidrBlocks: ["0.0.0.0/0"] } as unknown as aws.types.input.ec2.SecurityGroupEgress] }),
                violations: 1,
                mentions: ["group (aws:ec2/securityGroup:SecurityGroup): a rule for port any has no description."],
            },
        ],
        passing: [
            { title: "every group and rule described", program: () => securityGroup({ group: "web", inline: "TLS from the VPC", rule: "from itself" }), violations: 0 },
            { title: "a described egress rule resource", program: () => securityGroup({ group: "web", inline: "TLS from the VPC", rule: "from itself", egress: { description: "TLS to the VPC" } }), violations: 0 },
        ],
    },
    "s3-tls-only": {
        violating: [
            { title: "no bucket policy", program: () => bucket({}), violations: 1, mentions: ["bucket site accepts requests without TLS"] },
            { title: "a policy without the TLS denial", program: () => bucket({ statements: [CLOUDFRONT_READ] }), violations: 1 },
            // What AwsSolutions-S10 asks: a Deny of s3:* (or *) when aws:SecureTransport is false.
            { title: "an Allow (not a Deny) on aws:SecureTransport false", program: () => bucket({ statements: [{ ...TLS_ONLY, Effect: "Allow" }] }), violations: 1, mentions: ["bucket site accepts requests without TLS"] },
            { title: "a Deny of some actions only over HTTP", program: () => bucket({ statements: [{ ...TLS_ONLY, Action: ["s3:GetObject", "s3:PutObject"] }] }), violations: 1 },
            { title: "a Deny over TLS (aws:SecureTransport true)", program: () => bucket({ statements: [CLOUDFRONT_READ, { ...TLS_ONLY, Condition: { Bool: { "aws:SecureTransport": "true" } } }] }), violations: 1 },
            { title: "a Deny of s3:* on another condition (outside a VPC endpoint)", program: () => bucket({ statements: [CLOUDFRONT_READ, { ...TLS_ONLY, Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0a0b0c0d0e0f01234" } } }] }), violations: 1 },
        ],
        passing: [
            { title: "a Deny on aws:SecureTransport false", program: () => bucket({ statements: [CLOUDFRONT_READ, TLS_ONLY] }), violations: 0 },
            { title: 'a Deny of "*" over HTTP', program: () => bucket({ statements: [CLOUDFRONT_READ, { ...TLS_ONLY, Action: "*" }] }), violations: 0 },
            { title: "a Deny of a list with s3:* over HTTP", program: () => bucket({ statements: [{ ...TLS_ONLY, Action: ["s3:GetObject", "s3:*"] }] }), violations: 0 },
            { title: "aws:SecureTransport as a list (false or true: every request)", program: () => bucket({ statements: [{ ...TLS_ONLY, Condition: { Bool: { "aws:SecureTransport": ["true", "false"] } } }] }), violations: 0 },
            { title: "aws:SecureTransport as a boolean", program: () => bucket({ statements: [{ ...TLS_ONLY, Condition: { Bool: { "aws:SecureTransport": false } } }] }), violations: 0 },
        ],
    },
    "s3-access-logging": {
        violating: [{ title: "no access logs", program: () => bucket({}), violations: 1, mentions: ["bucket site writes no access logs"] }],
        passing: [{ title: "server access logging", program: () => bucket({ logging: true }), violations: 0 }],
    },
};

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WORKLOAD_BOUNDARY_NAME, WORKLOAD_ROLE_PATH, workloadBoundaryDocument } from "../lib/workload-iam";

/** GitHub Actions' OIDC issuer. */
export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
/** The issuer's host, the prefix of its claims in IAM condition keys. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience `aws-actions/configure-aws-credentials` asks GitHub for. */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** AWS managed policy (in a partition): read-only access to (nearly) every service's configuration. */
export const readOnlyAccessArn = (partition: string) => `arn:${partition}:iam::aws:policy/ReadOnlyAccess`;
/** AWS managed policy (in a partition) the shoestring program attaches to its ECS execution roles. */
export const ecsTaskExecutionPolicyArn = (partition: string) => `arn:${partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`;

/** Services whose service-linked roles a first deploy into a fresh account may have to create. */
export const SERVICE_LINKED_ROLE_SERVICES = [
    "ecs.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
    "rds.amazonaws.com",
    "ops.apigateway.amazonaws.com",
    "ecs.application-autoscaling.amazonaws.com",
];

export interface GithubOidcDeployRolesArgs {
    /** The GitHub repository owner (user or organization), exactly as GitHub spells it (the `sub` claim is compared case-sensitively). */
    owner: string;
    /** The GitHub repository name, exactly as GitHub spells it. */
    repository: string;
    /**
     * The branch whose pushes may assume the deploy role.
     *
     * @default "main"
     */
    branch?: string;
    /**
     * The GitHub environment of the deploy job. The deploy role trusts only
     * tokens of jobs in it (`sub` = `repo:<owner>/<name>:environment:<environment>`);
     * give the environment required reviewers and `branch` as its only
     * deployment branch, and GitHub enforces both before a job gets a token.
     *
     * @default "production"
     */
    environment?: string;
    /**
     * ARN of GitHub's OIDC provider when the account already has one (IAM
     * allows one provider per URL per account). When unset, the provider is
     * created here.
     *
     * @default undefined (create the provider)
     */
    existingProviderArn?: pulumi.Input<string>;
    /**
     * Names (IAM ARN patterns, after `role/`) of roles the program created
     * before its roles moved under `WORKLOAD_ROLE_PATH`: the deploy role may
     * only delete them (so the first deploy after the move can replace them).
     * Pulumi names them `<service>-execution-<7 characters>` and
     * `<service>-task-<7 characters>`.
     *
     * @default the backend's and frontend's execution and task roles
     */
    legacyRoleNames?: string[];
    /**
     * Managed policies the deploy role may attach to those roles.
     *
     * @default [the ARN of AmazonECSTaskExecutionRolePolicy in the account's partition]
     */
    attachablePolicyArns?: string[];
    /**
     * The S3 bucket of a self-managed Pulumi state backend
     * (`PULUMI_BACKEND_URL=s3://<bucket>`). When set, the deploy role may
     * read and write it, and the preview role may read it and write the
     * stack locks under `.pulumi/locks/`.
     *
     * @default undefined (Pulumi Cloud, or a backend outside AWS)
     */
    stateBucket?: string;
    /**
     * Longest session, in seconds, either role's credentials last.
     *
     * @default 3600 (one hour)
     */
    maxSessionDuration?: number;
}

/** An IAM policy statement, as written in a policy document. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Principal?: Record<string, string | string[]>;
    Condition?: Record<string, Record<string, string | string[]>>;
}

/** A policy document as a JSON string. */
function policyDocument(statements: PolicyStatement[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * The trust policy of a role GitHub Actions assumes with its OIDC token:
 * only tokens for STS (`aud`) whose subject (`sub`) is one of `subjects`.
 * Subjects with a `*` are compared with StringLike, the others with
 * StringEquals.
 */
export function githubTrustPolicy(providerArn: string, subjects: string[]): string {
    const patterned = subjects.some((s) => s.includes("*"));
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Federated: providerArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE,
                    ...(patterned ? {} : { [`${GITHUB_OIDC_HOST}:sub`]: subjects }),
                },
                ...(patterned ? { StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: subjects } } : {}),
            },
        },
    ]);
}

/**
 * Data reads the preview role is denied although ReadOnlyAccess allows
 * them: table items, log contents and parameters. `pulumi preview` (and a
 * refresh) reads resources' configuration, never their data.
 */
export const PREVIEW_DENIED_DATA_READS = [
    "dynamodb:BatchGetItem",
    "dynamodb:GetItem",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:PartiQLSelect",
    "dynamodb:Query",
    "dynamodb:Scan",
    "logs:FilterLogEvents",
    "logs:GetLogEvents",
    "logs:GetLogRecord",
    "logs:GetQueryResults",
    "logs:StartLiveTail",
    "logs:StartQuery",
    "logs:Unmask",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameterHistory",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
];

/**
 * Content reads the preview role is denied (outside the state bucket):
 * every object in the account, every image and every function's code, which
 * ReadOnlyAccess would otherwise allow.
 */
export const PREVIEW_DENIED_CONTENT_READS = ["s3:GetObject", "s3:GetObjectVersion", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "lambda:GetFunction"];

/** Where the deploy role's permissions apply. */
export interface DeployScope {
    partition: string;
    accountId: string;
    /** The permissions boundary every role the deploy role creates must carry. */
    boundaryArn: string;
    /** Roles of an earlier layout the deploy role may delete, and nothing else. */
    legacyRoleNames: string[];
    attachablePolicyArns: string[];
    stateBucket?: string;
}

/** The workload roles the program creates before they moved under the path (Pulumi auto-names). */
export const LEGACY_ROLE_NAMES = ["backend", "frontend"].flatMap((service) => [`${service}-execution-???????`, `${service}-task-???????`]);

/**
 * The preview role's inline statements: the data-read denials, and the
 * stack locks of an S3 state backend.
 */
export function previewStatements(scope: Pick<DeployScope, "partition" | "stateBucket">): PolicyStatement[] {
    const bucket = scope.stateBucket ? `arn:${scope.partition}:s3:::${scope.stateBucket}` : undefined;
    const statements: PolicyStatement[] = [
        { Sid: "DenyDataReads", Effect: "Deny", Action: PREVIEW_DENIED_DATA_READS, Resource: "*" },
        // Object contents, image layers and function code: a preview reads none of them, except the state.
        { Sid: "DenyContentReads", Effect: "Deny", Action: PREVIEW_DENIED_CONTENT_READS, ...(bucket ? { NotResource: `${bucket}/*` } : { Resource: "*" }) },
    ];
    if (bucket) {
        statements.push(
            { Sid: "StateBucketRead", Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:GetObject"], Resource: [bucket, `${bucket}/*`] },
            { Sid: "StateBucketLocks", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${bucket}/.pulumi/locks/*` },
        );
    }
    return statements;
}

/**
 * The deploy role's inline statements: the writes `pulumi up` of the
 * shoestring program makes (reads come from ReadOnlyAccess). One statement
 * per service, with named actions only: no `*` and no `service:*`.
 *
 * Resources are scoped to this account, and IAM to the roles the program
 * creates, where the service supports resource-level permissions for the
 * actions; where it does not (create calls of ECS, ELB, EC2, CloudFront,
 * ACM, Cloud Map, Application Auto Scaling), the resource is `*`.
 */
export function deployStatements(scope: DeployScope): PolicyStatement[] {
    const { partition, accountId } = scope;
    const arn = (service: string, rest: string, region = "*") => `arn:${partition}:${service}:${region}:${accountId}:${rest}`;
    // Only roles under the program's path, and only with its boundary: no
    // role the deploy role makes can do more than the boundary allows.
    const workloadRoles = `arn:${partition}:iam::${accountId}:role${WORKLOAD_ROLE_PATH}*`;
    const withBoundary = { StringEquals: { "iam:PermissionsBoundary": scope.boundaryArn } };
    const apiGateway = (path: string) => `arn:${partition}:apigateway:*::${path}`;

    const statements: PolicyStatement[] = [
        {
            Sid: "IamWorkloadRolesWithBoundary",
            Effect: "Allow",
            // Each of these accepts the iam:PermissionsBoundary condition key (IAM service reference).
            Action: ["iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:GetRole", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"],
            Resource: workloadRoles,
            Condition: withBoundary,
        },
        {
            Sid: "IamWorkloadRolesReadAndTag",
            Effect: "Allow",
            Action: ["iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:ListRolePolicies", "iam:TagRole", "iam:UntagRole"],
            Resource: workloadRoles,
        },
        {
            Sid: "IamAttachListedPolicies",
            Effect: "Allow",
            Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
            Resource: workloadRoles,
            Condition: { ArnEquals: { "iam:PolicyARN": scope.attachablePolicyArns }, ...withBoundary },
        },
        {
            Sid: "IamPassRoleToEcsTasks",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: workloadRoles,
            Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
        {
            Sid: "IamDeleteLegacyWorkloadRoles",
            Effect: "Allow",
            Action: ["iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:ListRolePolicies"],
            Resource: scope.legacyRoleNames.map((n) => `arn:${partition}:iam::${accountId}:role/${n}`),
        },
        // Whatever else grants IAM writes, the boundary itself stays as the bootstrap wrote it.
        {
            Sid: "DenyBoundaryChanges",
            Effect: "Deny",
            Action: ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"],
            Resource: scope.boundaryArn,
        },
        {
            Sid: "DenyRoleBoundaryChanges",
            Effect: "Deny",
            Action: ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"],
            Resource: "*",
        },
        {
            Sid: "IamServiceLinkedRoles",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: `arn:${partition}:iam::${accountId}:role/aws-service-role/*`,
            Condition: { StringEquals: { "iam:AWSServiceName": SERVICE_LINKED_ROLE_SERVICES } },
        },
        {
            Sid: "Ecs",
            Effect: "Allow",
            Action: [
                "ecs:CreateCluster",
                "ecs:CreateService",
                "ecs:DeleteCluster",
                "ecs:DeleteService",
                "ecs:DeleteTaskDefinitions",
                "ecs:DeregisterTaskDefinition",
                "ecs:PutClusterCapacityProviders",
                "ecs:RegisterTaskDefinition",
                "ecs:TagResource",
                "ecs:UntagResource",
                "ecs:UpdateCluster",
                "ecs:UpdateClusterSettings",
                "ecs:UpdateService",
            ],
            Resource: "*",
        },
        // ECR: the repositories, their lifecycle, image pushes by `pulumi up`
        // (docker-build), and pulls through the pull-through cache, which
        // create `ecr-public/...` repositories on first pull.
        {
            Sid: "EcrRepositories",
            Effect: "Allow",
            Action: [
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchDeleteImage",
                "ecr:BatchGetImage",
                "ecr:BatchImportUpstreamImage",
                "ecr:CompleteLayerUpload",
                "ecr:CreateRepository",
                "ecr:DeleteLifecyclePolicy",
                "ecr:DeleteRepository",
                "ecr:GetDownloadUrlForLayer",
                "ecr:InitiateLayerUpload",
                "ecr:PutImage",
                "ecr:PutImageScanningConfiguration",
                "ecr:PutImageTagMutability",
                "ecr:PutLifecyclePolicy",
                "ecr:TagResource",
                "ecr:UntagResource",
                "ecr:UploadLayerPart",
            ],
            Resource: arn("ecr", "repository/*"),
        },
        {
            Sid: "EcrRegistry",
            Effect: "Allow",
            Action: ["ecr:CreatePullThroughCacheRule", "ecr:DeletePullThroughCacheRule", "ecr:GetAuthorizationToken", "ecr:UpdatePullThroughCacheRule"],
            Resource: "*",
        },
        {
            Sid: "LoadBalancing",
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:CreateListener",
                "elasticloadbalancing:CreateLoadBalancer",
                "elasticloadbalancing:CreateRule",
                "elasticloadbalancing:CreateTargetGroup",
                "elasticloadbalancing:DeleteListener",
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:DeleteRule",
                "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:ModifyRule",
                "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:RemoveListenerCertificates",
                "elasticloadbalancing:RemoveTags",
                "elasticloadbalancing:SetIpAddressType",
                "elasticloadbalancing:SetRulePriorities",
                "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets",
            ],
            Resource: "*",
        },
        // EC2: look up the VPC and subnets, and manage security groups and
        // their rules. Nothing else (no instances, no VPCs, no NAT).
        {
            Sid: "Ec2SecurityGroups",
            Effect: "Allow",
            Action: [
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:CreateSecurityGroup",
                "ec2:CreateTags",
                "ec2:DeleteSecurityGroup",
                "ec2:DeleteTags",
                "ec2:DescribeAccountAttributes",
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSecurityGroupRules",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcAttribute",
                "ec2:DescribeVpcs",
                "ec2:ModifySecurityGroupRules",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
                "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
            ],
            Resource: "*",
        },
        // API Gateway's IAM actions are HTTP verbs on resource paths; these
        // are the HTTP API's paths (APIs with their routes, integrations and
        // stages, VPC links, custom domains with their mappings, tags), not
        // REST APIs or account settings.
        {
            Sid: "ApiGatewayHttpApis",
            Effect: "Allow",
            Action: ["apigateway:DELETE", "apigateway:GET", "apigateway:PATCH", "apigateway:POST", "apigateway:PUT"],
            Resource: [apiGateway("/apis"), apiGateway("/apis/*"), apiGateway("/vpclinks"), apiGateway("/vpclinks/*"), apiGateway("/domainnames"), apiGateway("/domainnames/*"), apiGateway("/tags/*")],
        },
        {
            Sid: "CloudFront",
            Effect: "Allow",
            Action: [
                "cloudfront:CreateCachePolicy",
                "cloudfront:CreateDistribution",
                "cloudfront:CreateInvalidation",
                "cloudfront:CreateOriginAccessControl",
                "cloudfront:CreateResponseHeadersPolicy",
                "cloudfront:DeleteCachePolicy",
                "cloudfront:DeleteDistribution",
                "cloudfront:DeleteOriginAccessControl",
                "cloudfront:DeleteResponseHeadersPolicy",
                "cloudfront:TagResource",
                "cloudfront:UntagResource",
                "cloudfront:UpdateCachePolicy",
                "cloudfront:UpdateDistribution",
                "cloudfront:UpdateOriginAccessControl",
                "cloudfront:UpdateResponseHeadersPolicy",
            ],
            Resource: "*",
        },
        // S3 ARNs carry no account, so this cannot be narrowed to the
        // account by ARN; bucket names are generated (`site-<suffix>`).
        {
            Sid: "S3SiteBucket",
            Effect: "Allow",
            Action: [
                "s3:CreateBucket",
                "s3:DeleteBucket",
                "s3:DeleteBucketPolicy",
                "s3:DeleteObject",
                "s3:DeleteObjectVersion",
                "s3:PutBucketOwnershipControls",
                "s3:PutBucketPolicy",
                "s3:PutBucketPublicAccessBlock",
                "s3:PutBucketTagging",
                "s3:PutEncryptionConfiguration",
                "s3:PutObject",
                "s3:PutObjectTagging",
            ],
            Resource: "*",
        },
        // RDS, including the final snapshot taken on delete and the
        // start/stop of pausing.
        {
            Sid: "Rds",
            Effect: "Allow",
            Action: [
                "rds:AddTagsToResource",
                "rds:CreateDBInstance",
                "rds:CreateDBSnapshot",
                "rds:CreateDBSubnetGroup",
                "rds:DeleteDBInstance",
                "rds:DeleteDBSubnetGroup",
                "rds:ModifyDBInstance",
                "rds:ModifyDBSubnetGroup",
                "rds:RebootDBInstance",
                "rds:RemoveTagsFromResource",
                "rds:StartDBInstance",
                "rds:StopDBInstance",
            ],
            Resource: arn("rds", "*"),
        },
        // With manageMasterUserPassword, RDS creates and rotates the master
        // password's secret (named `rds!...`) with the caller's permissions.
        // The deploy role never reads the secret's value.
        {
            Sid: "RdsManagedSecret",
            Effect: "Allow",
            Action: [
                "secretsmanager:CreateSecret",
                "secretsmanager:DeleteSecret",
                "secretsmanager:DescribeSecret",
                "secretsmanager:RotateSecret",
                "secretsmanager:TagResource",
                "secretsmanager:UntagResource",
                "secretsmanager:UpdateSecret",
            ],
            Resource: arn("secretsmanager", "secret:rds!*"),
        },
        {
            Sid: "KmsDescribeDefaultKeys",
            Effect: "Allow",
            Action: "kms:DescribeKey",
            Resource: arn("kms", "key/*"),
        },
        {
            Sid: "DynamoDb",
            Effect: "Allow",
            Action: [
                "dynamodb:CreateTable",
                "dynamodb:DeleteTable",
                "dynamodb:TagResource",
                "dynamodb:UntagResource",
                "dynamodb:UpdateContinuousBackups",
                "dynamodb:UpdateTable",
                "dynamodb:UpdateTimeToLive",
            ],
            Resource: arn("dynamodb", "table/*"),
        },
        {
            Sid: "CloudMap",
            Effect: "Allow",
            Action: [
                "servicediscovery:CreatePrivateDnsNamespace",
                "servicediscovery:CreateService",
                "servicediscovery:DeleteNamespace",
                "servicediscovery:DeleteService",
                // Deleting the backend's Cloud Map service (forceDestroy) first
                // deregisters the task instances still in it (ListInstances and
                // GetOperation, reads, come from ReadOnlyAccess).
                "servicediscovery:DeregisterInstance",
                "servicediscovery:TagResource",
                "servicediscovery:UntagResource",
                "servicediscovery:UpdatePrivateDnsNamespace",
                "servicediscovery:UpdateService",
            ],
            Resource: "*",
        },
        // Route 53: records in the domain's zone (alias and certificate
        // validation records), and the private zone Cloud Map creates for the
        // namespace with the caller's permissions.
        {
            Sid: "Route53Records",
            Effect: "Allow",
            Action: ["route53:ChangeResourceRecordSets", "route53:ChangeTagsForResource", "route53:DeleteHostedZone", "route53:AssociateVPCWithHostedZone", "route53:DisassociateVPCFromHostedZone"],
            Resource: `arn:${partition}:route53:::hostedzone/*`,
        },
        {
            Sid: "Route53PrivateZones",
            Effect: "Allow",
            Action: "route53:CreateHostedZone",
            Resource: "*",
        },
        {
            Sid: "Acm",
            Effect: "Allow",
            Action: ["acm:AddTagsToCertificate", "acm:DeleteCertificate", "acm:RemoveTagsFromCertificate", "acm:RequestCertificate", "acm:UpdateCertificateOptions"],
            Resource: "*",
        },
        {
            Sid: "LogGroups",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:DeleteRetentionPolicy", "logs:PutRetentionPolicy", "logs:TagLogGroup", "logs:TagResource", "logs:UntagLogGroup", "logs:UntagResource"],
            Resource: arn("logs", "log-group:*"),
        },
        // An HTTP API stage's access logs are delivered through a log
        // delivery, which API Gateway sets up with the caller's permissions.
        {
            Sid: "ApiGatewayLogDelivery",
            Effect: "Allow",
            Action: [
                "logs:CreateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:DescribeLogGroups",
                "logs:DescribeResourcePolicies",
                "logs:GetLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:UpdateLogDelivery",
            ],
            Resource: "*",
        },
        // Autoscaling of the backend service (when maxCount > desiredCount):
        // the scalable target, the target-tracking policy, and the alarms
        // target tracking creates (named TargetTracking-...).
        {
            Sid: "ApplicationAutoScaling",
            Effect: "Allow",
            Action: [
                "application-autoscaling:DeleteScalingPolicy",
                "application-autoscaling:DeregisterScalableTarget",
                "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:RegisterScalableTarget",
                "application-autoscaling:TagResource",
                "application-autoscaling:UntagResource",
            ],
            Resource: "*",
        },
        {
            Sid: "TargetTrackingAlarms",
            Effect: "Allow",
            Action: ["cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm"],
            Resource: arn("cloudwatch", "alarm:TargetTracking-*"),
        },
    ];
    if (scope.stateBucket) {
        const bucket = `arn:${partition}:s3:::${scope.stateBucket}`;
        statements.push({
            Sid: "StateBucket",
            Effect: "Allow",
            Action: ["s3:DeleteObject", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:PutObject"],
            Resource: [bucket, `${bucket}/*`],
        });
    }
    return statements;
}

/**
 * Keyless deploys from GitHub Actions: GitHub's OIDC identity provider and
 * two roles that a workflow of one repository assumes with its OIDC token
 * (`aws-actions/configure-aws-credentials` with `role-to-assume`), so no AWS
 * access key is stored anywhere.
 *
 * - The preview role, for `pulumi preview` in pull requests: trusted only for
 *   the repository's pull request runs (`sub` ...:pull_request; GitHub gives
 *   no OIDC token to pull requests from forks). It has the
 *   AWS managed `ReadOnlyAccess` policy rather than a hand-written list:
 *   a preview (with or without a refresh) reads the configuration of every
 *   resource type the program has, plus the lookups (VPC, subnets, hosted
 *   zone, ECR token), and ReadOnlyAccess keeps up with new read APIs, where a
 *   list would break previews when the provider starts reading a new
 *   attribute. Since any pull request can assume it, an inline policy denies the
 *   data reads ReadOnlyAccess also allows and a preview never needs (table
 *   items, log contents, parameters, secret values).
 * - The deploy role, for `pulumi up`: trusted only for jobs in one GitHub
 *   environment, whose required reviewers and deployment branch GitHub
 *   enforces before it issues the token. ReadOnlyAccess for the reads, and an inline policy with the named write
 *   actions of each service the shoestring program manages (see
 *   `deployStatements`): no `*` action and no whole service. IAM writes are
 *   limited to the program's roles under its path with its boundary.
 *
 * Both sessions last at most `maxSessionDuration` (one hour by default).
 *
 * The roles the deploy role creates, writes policies on and passes are only
 * those under the program's IAM path (`WORKLOAD_ROLE_PATH`), only with the
 * permissions boundary created here (`iam:PermissionsBoundary` condition),
 * which it may neither change nor remove: whatever inline policy it writes,
 * such a role can do no more than the boundary allows.
 */
export class GithubOidcDeployRoles extends pulumi.ComponentResource {
    /** The created provider, or undefined when `existingProviderArn` was given. */
    readonly provider?: aws.iam.OpenIdConnectProvider;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly previewRole: aws.iam.Role;
    readonly deployRole: aws.iam.Role;
    readonly previewRoleArn: pulumi.Output<string>;
    readonly deployRoleArn: pulumi.Output<string>;
    /** The permissions boundary of the program's roles: set it as the program's `shoestring:permissionsBoundary`. */
    readonly workloadBoundary: aws.iam.Policy;
    /** The `sub` claims (patterns) the preview role trusts. */
    readonly previewSubjects: string[];
    /** The `sub` claim the deploy role trusts. */
    readonly deploySubjects: string[];

    constructor(name: string, args: GithubOidcDeployRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:github:GithubOidcDeployRoles", name, {}, opts);
        const repository = `${args.owner}/${args.repository}`;
        if (/[*?]/.test(repository)) {
            throw new Error(`GithubOidcDeployRoles ${name}: the repository "${repository}" must name one repository; wildcards are not allowed`);
        }
        const branch = args.branch ?? "main";
        const maxSessionDuration = args.maxSessionDuration ?? 3600;

        const environment = args.environment ?? "production";
        // Pull request runs only (not pushes to any branch); the deploy job only in its environment.
        this.previewSubjects = [`repo:${repository}:pull_request`];
        this.deploySubjects = [`repo:${repository}:environment:${environment}`];

        if (args.existingProviderArn !== undefined) {
            this.oidcProviderArn = pulumi.output(args.existingProviderArn);
        } else {
            // AWS validates GitHub's tokens against its own trusted CAs, so
            // no thumbprint is needed (and a configured one is not used).
            this.provider = new aws.iam.OpenIdConnectProvider(name, { url: GITHUB_OIDC_URL, clientIdLists: [STS_AUDIENCE] }, { parent: this });
            this.oidcProviderArn = this.provider.arn;
        }

        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        // The most any role the program creates may do; the deploy role creates none without it.
        this.workloadBoundary = new aws.iam.Policy(
            `${name}-workload-boundary`,
            { name: WORKLOAD_BOUNDARY_NAME, path: WORKLOAD_ROLE_PATH, description: "Permissions boundary of the roles shoestring creates for its workloads", policy: workloadBoundaryDocument() },
            { parent: this },
        );

        this.previewRole = new aws.iam.Role(
            `${name}-preview`,
            {
                description: `pulumi preview from GitHub Actions: pull requests of ${repository}`,
                assumeRolePolicy: this.oidcProviderArn.apply((arn) => githubTrustPolicy(arn, this.previewSubjects)),
                maxSessionDuration,
            },
            { parent: this },
        );
        new aws.iam.RolePolicyAttachment(`${name}-preview-read-only`, { role: this.previewRole.name, policyArn: partition.apply(readOnlyAccessArn) }, { parent: this });
        new aws.iam.RolePolicy(
            `${name}-preview-policy`,
            {
                role: this.previewRole.name,
                policy: partition.apply((p) => policyDocument(previewStatements({ partition: p, stateBucket: args.stateBucket }))),
            },
            { parent: this },
        );

        this.deployRole = new aws.iam.Role(
            `${name}-deploy`,
            {
                description: `pulumi up from GitHub Actions: environment ${environment} (branch ${branch}) of ${repository}`,
                assumeRolePolicy: this.oidcProviderArn.apply((arn) => githubTrustPolicy(arn, this.deploySubjects)),
                maxSessionDuration,
            },
            { parent: this },
        );
        new aws.iam.RolePolicyAttachment(`${name}-deploy-read-only`, { role: this.deployRole.name, policyArn: partition.apply(readOnlyAccessArn) }, { parent: this });
        new aws.iam.RolePolicy(
            `${name}-deploy-policy`,
            {
                role: this.deployRole.name,
                policy: pulumi.all([partition, accountId, this.workloadBoundary.arn]).apply(([p, account, boundaryArn]) =>
                    policyDocument(
                        deployStatements({
                            partition: p,
                            accountId: account,
                            boundaryArn,
                            legacyRoleNames: args.legacyRoleNames ?? LEGACY_ROLE_NAMES,
                            attachablePolicyArns: args.attachablePolicyArns ?? [ecsTaskExecutionPolicyArn(p)],
                            stateBucket: args.stateBucket,
                        }),
                    ),
                ),
            },
            { parent: this },
        );

        this.previewRoleArn = this.previewRole.arn;
        this.deployRoleArn = this.deployRole.arn;
        this.registerOutputs({
            oidcProviderArn: this.oidcProviderArn,
            previewRoleArn: this.previewRoleArn,
            deployRoleArn: this.deployRoleArn,
            workloadBoundaryArn: this.workloadBoundary.arn,
            previewSubjects: this.previewSubjects,
            deploySubjects: this.deploySubjects,
        });
    }
}

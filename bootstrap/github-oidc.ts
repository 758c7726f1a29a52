import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { iamActionTakesResources } from "../lib/aws-data/iam-actions";
import { dnsLabel } from "../lib/naming";
import { PROJECT_TAG } from "../lib/tags";
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
    // AWSServiceRoleForAuroraDsql, created with the account's first cluster.
    "dsql.amazonaws.com",
];

/**
 * The services the deploy role may pass the program's roles to: ECS tasks
 * (execution and task roles), Lambda (a function's role) and EventBridge
 * Scheduler (the database schedules' role). Each role's trust policy names
 * the one service that may assume it, so a role passed to another of these
 * is refused by that service.
 */
export const PASS_ROLE_SERVICES = ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com", "scheduler.amazonaws.com"];

/** The only principal the deploy role may let invoke a function (a Lambda permission): the HTTP API. */
export const FUNCTION_INVOKERS = ["apigateway.amazonaws.com"];

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
     * The region the shoestring stacks deploy to: the deploy role's regional
     * writes reach only it (and us-east-1 for CloudFront's certificate).
     */
    region: string;
    /**
     * The Pulumi project name of the shoestring program (its `Pulumi.yaml`
     * `name`): the deploy role changes only resources carrying the tag
     * `shoestring:project` with this value, which the program puts on every
     * taggable resource.
     *
     * @default "shoestring"
     */
    project?: string;
    /**
     * Ids of the Route 53 hosted zones the stacks' domain names are in: the
     * only public zones whose records the deploy role may change. Without
     * one, stacks with a domain cannot deploy from GitHub Actions.
     *
     * @default [] (no public zone)
     */
    hostedZoneIds?: string[];
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
    /** The region the program deploys to; regional resources elsewhere are out of reach (ACM also gets us-east-1, for CloudFront's certificate). */
    region: string;
    /** The Pulumi project whose `shoestring:project` tag marks the resources the deploy role may change. */
    project: string;
    /** Route 53 hosted zones (ids) of the program's domain names: the only public zones whose records it may change. */
    hostedZoneIds: string[];
    /** The permissions boundary every role the deploy role creates must carry. */
    boundaryArn: string;
    /** Roles of an earlier layout the deploy role may delete, and nothing else. */
    legacyRoleNames: string[];
    attachablePolicyArns: string[];
    stateBucket?: string;
}

/**
 * Narrows Allow statements on `"*"`: the actions that can be scoped to
 * resources (the IAM service reference lists resource types for them) get
 * the service's ARN patterns of this account and region; the actions that
 * only take `"*"` keep it, in a statement of their own.
 */
export function scopeWildcardResources(statements: PolicyStatement[], scopes: Record<string, string[]>): PolicyStatement[] {
    return statements.flatMap((statement): PolicyStatement[] => {
        const actions = [statement.Action].flat();
        const service = actions[0].split(":")[0];
        const arns = scopes[service];
        if (statement.Effect !== "Allow" || statement.Resource !== "*" || !arns) {
            return [statement];
        }
        const scopable = actions.filter(iamActionTakesResources);
        const wildcardOnly = actions.filter((a) => !iamActionTakesResources(a));
        return [
            ...(scopable.length ? [{ ...statement, Action: scopable, Resource: arns.length === 1 ? arns[0] : arns }] : []),
            ...(wildcardOnly.length ? [{ ...statement, Sid: `${statement.Sid}WildcardOnly`, Action: wildcardOnly, Resource: "*" }] : []),
        ];
    });
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
    const apiGateway = (path: string) => `arn:${partition}:apigateway:${scope.region}::${path}`;
    const regional = (service: string, rest: string) => arn(service, rest, scope.region);
    // CloudFront takes certificates from us-east-1 only.
    const acmRegions = [...new Set([scope.region, "us-east-1"])];
    const inRegion = (...regions: string[]) => ({ StringEquals: { "aws:RequestedRegion": regions.length ? regions : [scope.region] } });
    // Writes to an existing resource need the project's tag on it. Tagging
    // needs it too, except on a resource that has no project tag yet and
    // gets this project's: RDS, S3, DynamoDB, ECR and CloudWatch Logs
    // authorize the tags of a create request as a separate tagging call.
    const ownedByProject = { StringEquals: { [`aws:ResourceTag/${PROJECT_TAG}`]: scope.project } };
    const taggedOnCreate = { StringEquals: { [`aws:RequestTag/${PROJECT_TAG}`]: scope.project }, Null: { [`aws:ResourceTag/${PROJECT_TAG}`]: "true" } };
    const owned = (Sid: string, Action: string[], Resource: string | string[]): PolicyStatement => ({ Sid, Effect: "Allow", Action, Resource, Condition: ownedByProject });
    const tagging = (Sid: string, Action: string[], Resource: string | string[]): PolicyStatement[] => [
        { Sid: `${Sid}Owned`, Effect: "Allow", Action, Resource, Condition: ownedByProject },
        { Sid: `${Sid}OnCreate`, Effect: "Allow", Action, Resource, Condition: taggedOnCreate },
    ];

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
            Sid: "IamPassRoleToWorkloads",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: workloadRoles,
            Condition: { StringEquals: { "iam:PassedToService": PASS_ROLE_SERVICES } },
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
            Condition: inRegion(),
        },
        // ECR: the program's repositories (tagged) with their lifecycle and
        // the image pushes of `pulumi up` (docker-build); creating one is
        // untagged-safe, changing one needs the tag.
        {
            Sid: "EcrCreateRepositories",
            Effect: "Allow",
            Action: ["ecr:CreateRepository"],
            Resource: regional("ecr", "repository/*"),
        },
        owned(
            "EcrProjectRepositories",
            [
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchDeleteImage",
                "ecr:BatchGetImage",
                "ecr:CompleteLayerUpload",
                "ecr:DeleteLifecyclePolicy",
                "ecr:DeleteRepository",
                "ecr:GetDownloadUrlForLayer",
                "ecr:InitiateLayerUpload",
                "ecr:PutImage",
                "ecr:PutImageScanningConfiguration",
                "ecr:PutImageTagMutability",
                "ecr:PutLifecyclePolicy",
                // When a repository's policy does not let Lambda pull yet,
                // creating or updating a function from one of its images
                // adds that permission to it, with the caller's permissions
                // (Lambda Developer Guide, "Create a Lambda function using a
                // container image", Amazon ECR permissions).
                "ecr:GetRepositoryPolicy",
                "ecr:SetRepositoryPolicy",
                "ecr:UntagResource",
                "ecr:UploadLayerPart",
            ],
            regional("ecr", "repository/*"),
        ),
        ...tagging("EcrTagRepositories", ["ecr:TagResource"], regional("ecr", "repository/*")),
        // The pull-through cache's repositories, which ECR creates (untagged)
        // under the rule's prefix on the first pull of a base image.
        {
            Sid: "EcrPullThroughCache",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository", "ecr:GetDownloadUrlForLayer"],
            Resource: regional("ecr", "repository/ecr-public/*"),
        },
        {
            Sid: "EcrRegistry",
            Effect: "Allow",
            Action: ["ecr:CreatePullThroughCacheRule", "ecr:DeletePullThroughCacheRule", "ecr:GetAuthorizationToken", "ecr:UpdatePullThroughCacheRule"],
            Resource: "*",
            Condition: inRegion(),
        },
        // Lambda: the backend's function (compute lambda) and the HTTP API's
        // permission to invoke it. A function is created only with the
        // project's tag (Lambda authorizes the tags of CreateFunction as
        // lambda:TagResource too); any other call needs the tag on it. The
        // reads are ReadOnlyAccess's as well; they are listed so that this
        // policy states what a deploy of a function calls.
        {
            Sid: "LambdaCreateFunctions",
            Effect: "Allow",
            Action: ["lambda:CreateFunction"],
            Resource: regional("lambda", "function:*"),
            Condition: { StringEquals: { [`aws:RequestTag/${PROJECT_TAG}`]: scope.project } },
        },
        owned(
            "LambdaProjectFunctions",
            [
                "lambda:DeleteFunction",
                "lambda:GetFunction",
                "lambda:GetFunctionConfiguration",
                "lambda:GetPolicy",
                "lambda:ListTags",
                "lambda:RemovePermission",
                "lambda:UntagResource",
                "lambda:UpdateFunctionCode",
                "lambda:UpdateFunctionConfiguration",
            ],
            regional("lambda", "function:*"),
        ),
        // Invoke permissions for the HTTP API only (lambda:Principal), not for another account or service.
        {
            Sid: "LambdaInvokePermissions",
            Effect: "Allow",
            Action: ["lambda:AddPermission"],
            Resource: regional("lambda", "function:*"),
            Condition: { StringEquals: { ...ownedByProject.StringEquals, "lambda:Principal": FUNCTION_INVOKERS } },
        },
        ...tagging("LambdaTagFunctions", ["lambda:TagResource"], regional("lambda", "function:*")),
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
            Condition: inRegion(),
        },
        // EC2: security groups and their rules, nothing else (no instances,
        // no VPCs, no NAT). Creating is free; changing a group needs its tag;
        // tags go on with the create call (ec2:CreateAction) or on owned groups.
        {
            Sid: "Ec2CreateSecurityGroups",
            Effect: "Allow",
            Action: ["ec2:CreateSecurityGroup"],
            Resource: [regional("ec2", "security-group/*"), regional("ec2", "vpc/*")],
        },
        owned(
            "Ec2ProjectSecurityGroups",
            [
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:DeleteSecurityGroup",
                "ec2:ModifySecurityGroupRules",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
                "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
            ],
            regional("ec2", "security-group/*"),
        ),
        // A rule is its own resource (security-group-rule), created untagged by the Authorize call on an owned group.
        {
            Sid: "Ec2SecurityGroupRules",
            Effect: "Allow",
            Action: ["ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:ModifySecurityGroupRules"],
            Resource: regional("ec2", "security-group-rule/*"),
        },
        owned("Ec2TagProjectResources", ["ec2:CreateTags", "ec2:DeleteTags"], [regional("ec2", "security-group/*"), regional("ec2", "security-group-rule/*")]),
        {
            Sid: "Ec2TagOnCreate",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: [regional("ec2", "security-group/*"), regional("ec2", "security-group-rule/*")],
            Condition: { StringEquals: { "ec2:CreateAction": ["CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress"] } },
        },
        {
            Sid: "Ec2Lookups",
            Effect: "Allow",
            Action: [
                "ec2:DescribeAccountAttributes",
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSecurityGroupRules",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcAttribute",
                "ec2:DescribeVpcs",
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
        // S3: ARNs carry no account or region, and bucket names are generated
        // (`site-<suffix>`), so writes are scoped by the bucket's project tag,
        // which S3 evaluates once the bucket has ABAC enabled (the program
        // enables it right after creating the bucket, before any other write).
        // For object actions the service reference lists aws:ResourceTag as
        // well (the bucket's tags).
        {
            Sid: "S3CreateBuckets",
            Effect: "Allow",
            Action: ["s3:CreateBucket", "s3:PutBucketAbac"],
            Resource: `arn:${partition}:s3:::*`,
            Condition: { StringEquals: { "s3:ResourceAccount": accountId } },
        },
        owned(
            "S3ProjectBuckets",
            [
                "s3:DeleteBucket",
                "s3:DeleteBucketPolicy",
                "s3:PutBucketOwnershipControls",
                "s3:PutBucketPolicy",
                "s3:PutBucketPublicAccessBlock",
                "s3:PutEncryptionConfiguration",
                "s3:UntagResource",
            ],
            `arn:${partition}:s3:::*`,
        ),
        ...tagging("S3TagBuckets", ["s3:TagResource"], `arn:${partition}:s3:::*`),
        // The site sync's uploads and deletions in the project's buckets; a failed multipart upload is aborted, so its parts are not billed.
        owned("S3ProjectObjects", ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject"], `arn:${partition}:s3:::*/*`),
        // RDS, including the final snapshot taken on delete and the
        // start/stop of pausing. Creating is free; changing an instance or
        // subnet group needs its tag. Default parameter and option groups
        // (untagged, AWS's) may be named in a create or modify call.
        {
            Sid: "RdsCreate",
            Effect: "Allow",
            Action: ["rds:CreateDBInstance", "rds:CreateDBSubnetGroup"],
            Resource: ["db:*", "subgrp:*", "pg:*", "og:*", "secgrp:*"].map((r) => regional("rds", r)),
        },
        owned(
            "RdsProjectDatabases",
            [
                "rds:CreateDBInstance",
                "rds:CreateDBSnapshot",
                "rds:DeleteDBInstance",
                "rds:DeleteDBSubnetGroup",
                "rds:ModifyDBInstance",
                "rds:ModifyDBSubnetGroup",
                "rds:RebootDBInstance",
                "rds:RemoveTagsFromResource",
                "rds:StartDBInstance",
                "rds:StopDBInstance",
            ],
            [regional("rds", "db:*"), regional("rds", "subgrp:*")],
        ),
        {
            Sid: "RdsGroupsAndSnapshots",
            Effect: "Allow",
            Action: ["rds:CreateDBSnapshot", "rds:ModifyDBInstance", "rds:StopDBInstance"],
            Resource: ["pg:*", "og:*", "secgrp:*", "snapshot:*"].map((r) => regional("rds", r)),
        },
        ...tagging("RdsTag", ["rds:AddTagsToResource"], ["db:*", "subgrp:*", "snapshot:*"].map((r) => regional("rds", r))),
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
            Resource: regional("secretsmanager", "secret:rds!*"),
        },
        // The app's secrets: SecureString parameters the program stores under
        // /<project>/ (their path is their scope; the AWS managed key aws/ssm
        // lets any principal of the account use it through SSM), and the
        // lookup of an existing Secrets Manager secret by name (metadata only).
        {
            Sid: "SsmProjectParameters",
            Effect: "Allow",
            Action: ["ssm:AddTagsToResource", "ssm:DeleteParameter", "ssm:GetParameter", "ssm:GetParameters", "ssm:ListTagsForResource", "ssm:PutParameter", "ssm:RemoveTagsFromResource"],
            Resource: regional("ssm", `parameter/${scope.project}/*`),
        },
        { Sid: "SsmDescribeParameters", Effect: "Allow", Action: ["ssm:DescribeParameters"], Resource: "*", Condition: inRegion() },
        { Sid: "SecretsManagerDescribeSecrets", Effect: "Allow", Action: ["secretsmanager:DescribeSecret"], Resource: regional("secretsmanager", "secret:*") },
        // Aurora DSQL (database dsql): created only with the project's tag,
        // changed (deletion protection), read and deleted only with it.
        // GetVpcEndpointServiceName is a read the provider makes on every
        // refresh.
        {
            Sid: "DsqlCreateClusters",
            Effect: "Allow",
            Action: ["dsql:CreateCluster"],
            Resource: regional("dsql", "cluster/*"),
            Condition: { StringEquals: { [`aws:RequestTag/${PROJECT_TAG}`]: scope.project } },
        },
        owned(
            "DsqlProjectClusters",
            ["dsql:DeleteCluster", "dsql:GetCluster", "dsql:GetVpcEndpointServiceName", "dsql:ListTagsForResource", "dsql:UntagResource", "dsql:UpdateCluster"],
            regional("dsql", "cluster/*"),
        ),
        ...tagging("DsqlTagClusters", ["dsql:TagResource"], regional("dsql", "cluster/*")),
        // EventBridge Scheduler: the awake hours of an RDS instance, in the
        // default schedule group. Schedules take no tags (only groups do):
        // they are scoped to the region and the group; what they may do is
        // their role's, which the deploy role passes only from the program's path.
        {
            Sid: "SchedulerSchedules",
            Effect: "Allow",
            Action: ["scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule", "scheduler:UpdateSchedule"],
            Resource: regional("scheduler", "schedule/default/*"),
        },
        {
            Sid: "KmsDescribeDefaultKeys",
            Effect: "Allow",
            Action: "kms:DescribeKey",
            Resource: regional("kms", "key/*"),
        },
        {
            Sid: "DynamoDbCreateTables",
            Effect: "Allow",
            Action: ["dynamodb:CreateTable"],
            Resource: regional("dynamodb", "table/*"),
        },
        owned(
            "DynamoDbProjectTables",
            ["dynamodb:DeleteTable", "dynamodb:UntagResource", "dynamodb:UpdateContinuousBackups", "dynamodb:UpdateTable", "dynamodb:UpdateTimeToLive"],
            regional("dynamodb", "table/*"),
        ),
        ...tagging("DynamoDbTagTables", ["dynamodb:TagResource"], regional("dynamodb", "table/*")),
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
            Condition: inRegion(),
        },
        // Route 53 has no tag conditions: records only in the hosted zones of
        // the program's domain names (by ARN), and in the private zone Cloud
        // Map creates for a namespace (`<stack>.<project>.internal`), by
        // record name. A zone can only be deleted once it holds no records
        // but SOA and NS (DeleteHostedZone, HostedZoneNotEmpty), which this
        // role cannot arrange in any other zone.
        ...(scope.hostedZoneIds.length
            ? [
                  {
                      Sid: "Route53DomainRecords",
                      Effect: "Allow" as const,
                      Action: ["route53:ChangeResourceRecordSets", "route53:ChangeTagsForResource"],
                      Resource: scope.hostedZoneIds.map((id) => `arn:${partition}:route53:::hostedzone/${id}`),
                  },
              ]
            : []),
        {
            Sid: "Route53NamespaceRecords",
            Effect: "Allow",
            Action: "route53:ChangeResourceRecordSets",
            Resource: `arn:${partition}:route53:::hostedzone/*`,
            Condition: { "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [`*.${dnsLabel(scope.project)}.internal`] } },
        },
        {
            Sid: "Route53NamespaceZones",
            Effect: "Allow",
            Action: ["route53:AssociateVPCWithHostedZone", "route53:DeleteHostedZone", "route53:DisassociateVPCFromHostedZone"],
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
            Condition: inRegion(...acmRegions),
        },
        {
            Sid: "LogGroupsCreate",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup"],
            Resource: regional("logs", "log-group:*"),
        },
        owned(
            "LogGroupsProject",
            ["logs:DeleteLogGroup", "logs:DeleteRetentionPolicy", "logs:PutRetentionPolicy", "logs:UntagLogGroup", "logs:UntagResource"],
            regional("logs", "log-group:*"),
        ),
        ...tagging("LogGroupsTag", ["logs:TagLogGroup", "logs:TagResource"], regional("logs", "log-group:*")),
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
            Condition: inRegion(),
        },
        // Autoscaling of the backend service (when maxCount > desiredCount,
        // or with awake hours): the scalable target, the target-tracking
        // policy and the alarms target tracking creates (named
        // TargetTracking-...), and the scheduled actions of awake hours.
        {
            Sid: "ApplicationAutoScaling",
            Effect: "Allow",
            Action: [
                "application-autoscaling:DeleteScalingPolicy",
                "application-autoscaling:DeleteScheduledAction",
                "application-autoscaling:DeregisterScalableTarget",
                "application-autoscaling:DescribeScheduledActions",
                "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:PutScheduledAction",
                "application-autoscaling:RegisterScalableTarget",
                "application-autoscaling:TagResource",
                "application-autoscaling:UntagResource",
            ],
            Resource: "*",
            Condition: inRegion(),
        },
        {
            Sid: "TargetTrackingAlarms",
            Effect: "Allow",
            Action: ["cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm"],
            Resource: regional("cloudwatch", "alarm:TargetTracking-*"),
        },
    ];
    const scoped = scopeWildcardResources(statements, {
        ecs: [regional("ecs", "*")],
        elasticloadbalancing: [regional("elasticloadbalancing", "*")],
        cloudfront: [`arn:${partition}:cloudfront::${accountId}:*`],
        servicediscovery: [regional("servicediscovery", "*")],
        acm: acmRegions.map((region) => arn("acm", "certificate/*", region)),
        "application-autoscaling": [regional("application-autoscaling", "scalable-target/*")],
        ec2: [regional("ec2", "*")],
        ecr: [regional("ecr", "*")],
    });
    if (scope.stateBucket) {
        const bucket = `arn:${partition}:s3:::${scope.stateBucket}`;
        scoped.push({
            Sid: "StateBucket",
            Effect: "Allow",
            Action: ["s3:DeleteObject", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:PutObject"],
            Resource: [bucket, `${bucket}/*`],
        });
    }
    return scoped;
}

/** The deploy role's managed policies, by the services their statements are for. */
export const DEPLOY_POLICY_GROUPS = ["identity", "compute", "network", "edge", "storage", "database", "functions"] as const;
export type DeployPolicyGroup = (typeof DEPLOY_POLICY_GROUPS)[number];

/** Which policy a statement goes to, by the service of its first action. */
const SERVICE_GROUP: Record<string, DeployPolicyGroup> = {
    iam: "identity",
    ecs: "compute",
    ecr: "compute",
    lambda: "functions",
    "application-autoscaling": "compute",
    cloudwatch: "compute",
    elasticloadbalancing: "network",
    ec2: "network",
    apigateway: "edge",
    cloudfront: "edge",
    route53: "edge",
    acm: "edge",
    servicediscovery: "network",
    s3: "storage",
    rds: "database",
    dsql: "database",
    scheduler: "database",
    secretsmanager: "database",
    ssm: "compute",
    kms: "database",
    dynamodb: "storage",
    logs: "storage",
};

/** The deploy statements split into the managed policies; a statement of an unlisted service is an error. */
export function deployPolicyGroups(statements: PolicyStatement[]): Record<DeployPolicyGroup, PolicyStatement[]> {
    const groups = Object.fromEntries(DEPLOY_POLICY_GROUPS.map((g) => [g, [] as PolicyStatement[]])) as Record<DeployPolicyGroup, PolicyStatement[]>;
    for (const statement of statements) {
        const service = [statement.Action].flat()[0].split(":")[0];
        const group = SERVICE_GROUP[service];
        if (!group) {
            throw new Error(`deploy statement ${statement.Sid}: no policy group for service ${service}`);
        }
        groups[group].push(statement);
    }
    return groups;
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
    /** The deploy role's write permissions, one managed policy per group of services (`DEPLOY_POLICY_GROUPS`). */
    readonly deployPolicies: aws.iam.Policy[];
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
            { name: WORKLOAD_BOUNDARY_NAME, path: WORKLOAD_ROLE_PATH, description: "Permissions boundary of the roles shoestring creates for its workloads", policy: workloadBoundaryDocument(PROJECT_TAG, args.project ?? "shoestring") },
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
        const deployScope = pulumi.all([partition, accountId, this.workloadBoundary.arn]).apply(
            ([p, account, boundaryArn]): DeployScope => ({
                partition: p,
                accountId: account,
                region: args.region,
                project: args.project ?? "shoestring",
                hostedZoneIds: args.hostedZoneIds ?? [],
                boundaryArn,
                legacyRoleNames: args.legacyRoleNames ?? LEGACY_ROLE_NAMES,
                attachablePolicyArns: args.attachablePolicyArns ?? [ecsTaskExecutionPolicyArn(p)],
                stateBucket: args.stateBucket,
            }),
        );
        // Customer managed policies, one per group of services: together the
        // statements exceed what a role's inline policies may hold (10,240
        // characters), and each group stays under a managed policy's 6,144.
        this.deployPolicies = DEPLOY_POLICY_GROUPS.map((group) => {
            const policy = new aws.iam.Policy(
                `${name}-deploy-${group}`,
                {
                    description: `shoestring deploy role: ${group} writes of pulumi up`,
                    policy: deployScope.apply((scope) => policyDocument(deployPolicyGroups(deployStatements(scope))[group])),
                },
                { parent: this },
            );
            new aws.iam.RolePolicyAttachment(`${name}-deploy-${group}`, { role: this.deployRole.name, policyArn: policy.arn }, { parent: this });
            return policy;
        });

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

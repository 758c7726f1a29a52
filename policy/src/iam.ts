/**
 * IAM policies over every role and policy document the pack sees (the
 * program's task and execution roles, and the bootstrap's deploy and
 * preview roles): wildcards, privilege escalation, AWS managed policies and
 * trust conditions. The cdk-nag and checkov rules each one stands for are in
 * `parity.ts`.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { iamAction, iamActionTakesResources } from "../../lib/aws-data/iam-actions";
import { asList, grants, isKnown, obj, ofType, permissionDocuments, read, Statement, statements } from "./util";

const hasCondition = (s: Statement): boolean => Object.keys(obj((s as { Condition?: unknown }).Condition)).length > 0;
const allowsEveryResource = (s: Statement): boolean => asList(s.Resource).includes("*");

// ---------------------------------------------------------------------------------------------
// Wildcards
// ---------------------------------------------------------------------------------------------

export const iamNoWildcardPermissions: StackValidationPolicy = {
    name: "iam-no-wildcard-permissions",
    description:
        'No Allow statement grants an action pattern with "*" ("s3:Get*", "*") or an action on every resource ("Resource": "*") when the action can be scoped to resources (the IAM service reference lists resource types for it). Actions that only take "*" (ecr:GetAuthorizationToken, logs:DescribeLogGroups) are fine.',
    remediationSteps: 'Name the actions, and scope each statement to the ARNs it needs (a table\'s ARN, "arn:aws:ecs:<region>:<account>:service/<cluster>/*"); keep "*" only for actions that accept nothing else.',
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        for (const { owner, ownerLabel, source, document } of permissionDocuments(args.resources)) {
            const wildActions = new Set<string>();
            const everyResource = new Set<string>();
            for (const statement of statements(document).filter((s) => s.Effect === "Allow")) {
                for (const action of asList(statement.Action)) {
                    if (action.includes("*") || action.includes("?")) {
                        wildActions.add(action);
                    } else if (allowsEveryResource(statement) && iamActionTakesResources(action)) {
                        everyResource.add(action);
                    }
                }
                if (statement.NotAction !== undefined) {
                    wildActions.add("NotAction");
                }
            }
            if (wildActions.size > 0) {
                report(`${ownerLabel} allows action patterns ${[...wildActions].join(", ")} in ${source}. ${iamNoWildcardPermissions.remediationSteps}`, owner.urn);
            }
            if (everyResource.size > 0) {
                const shown = [...everyResource].slice(0, 8);
                const more = everyResource.size > shown.length ? ` and ${everyResource.size - shown.length} more` : "";
                report(`${ownerLabel} allows ${shown.join(", ")}${more} on every resource ("*") in ${source}, though each can be scoped to resources. ${iamNoWildcardPermissions.remediationSteps}`, owner.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------------------------
// Privilege escalation
// ---------------------------------------------------------------------------------------------

/**
 * Ways to more privileges (cloudsplaining 0.7.0,
 * `cloudsplaining/shared/constants.py` PRIVILEGE_ESCALATION_METHODS, which
 * checkov's CKV_AWS_286 uses), plus passing a role to an ECS task, which a
 * Fargate deployer has and that list lacks.
 */
export const PRIVILEGE_ESCALATION_METHODS: Record<string, string[]> = {
    CreateAccessKey: ["iam:CreateAccessKey"],
    CreateLoginProfile: ["iam:CreateLoginProfile"],
    UpdateLoginProfile: ["iam:UpdateLoginProfile"],
    AddUserToGroup: ["iam:AddUserToGroup"],
    CreateNewPolicyVersion: ["iam:CreatePolicyVersion"],
    SetExistingDefaultPolicyVersion: ["iam:SetDefaultPolicyVersion"],
    AttachUserPolicy: ["iam:AttachUserPolicy"],
    AttachGroupPolicy: ["iam:AttachGroupPolicy"],
    AttachRolePolicy: ["iam:AttachRolePolicy", "sts:AssumeRole"],
    PutUserPolicy: ["iam:PutUserPolicy"],
    PutGroupPolicy: ["iam:PutGroupPolicy"],
    PutRolePolicy: ["iam:PutRolePolicy", "sts:AssumeRole"],
    UpdateRolePolicyToAssumeIt: ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
    CreateEC2WithExistingIP: ["iam:PassRole", "ec2:RunInstances"],
    PassExistingRoleToNewLambdaThenInvoke: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
    PassExistingRoleToNewLambdaThenTriggerWithNewDynamo: ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping", "dynamodb:CreateTable", "dynamodb:PutItem"],
    PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo: ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
    PassExistingRoleToNewGlueDevEndpoint: ["iam:PassRole", "glue:CreateDevEndpoint"],
    PassExistingRoleToCloudFormation: ["iam:PassRole", "cloudformation:CreateStack"],
    PassExistingRoleToNewDataPipeline: ["iam:PassRole", "datapipeline:CreatePipeline"],
    UpdateExistingGlueDevEndpoint: ["glue:UpdateDevEndpoint"],
    EditExistingLambdaFunctionWithRole: ["lambda:UpdateFunctionCode"],
    PassExistingRoleToNewEcsTask: ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
};

/**
 * Whether the statements allow an action without constraint: an Allow
 * granting it on "*" with no Condition, or (for actions that only take "*")
 * with no Condition; an unconditioned Deny of it on "*" takes it back.
 */
function allowsUnconstrained(found: Statement[], action: string): boolean {
    const matches = (s: Statement) => asList(s.Action).some((a) => grants(a, action));
    const denied = found.some((s) => s.Effect === "Deny" && matches(s) && allowsEveryResource(s) && !hasCondition(s));
    const takesResources =
        iamActionTakesResources(action) ||
        // Stryker disable next-line ConditionalExpression: every action of the two tables is in the IAM data (a test checks), so this is never true
        iamAction(action) === undefined;
    return !denied && found.some((s) => s.Effect === "Allow" && matches(s) && !hasCondition(s) && (allowsEveryResource(s) || !takesResources));
}

export const iamNoPrivilegeEscalation: StackValidationPolicy = {
    name: "iam-no-privilege-escalation",
    description:
        "No role or policy allows, unconstrained (every resource, no condition), all the actions of a known way to more privileges: writing or attaching policies, changing a trust policy to assume a role, passing a role to new compute (EC2, Lambda, Glue, CloudFormation, Data Pipeline, ECS), changing a function's code.",
    remediationSteps:
        'Scope the actions to named resources and add the conditions that bound them: roles only under a path with a permissions boundary ("iam:PermissionsBoundary"), iam:PassRole only for named roles to one service ("iam:PassedToService").',
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const byOwner = new Map<string, { owner: PolicyResource; ownerLabel: string; statements: Statement[] }>();
        for (const { owner, ownerLabel, document } of permissionDocuments(args.resources, true)) {
            // Stryker disable next-line ArrayDeclaration: an extra entry that is no statement has no Effect or Action, so it allows and denies nothing
            const entry = byOwner.get(owner.urn) ?? { owner, ownerLabel, statements: [] };
            entry.statements.push(...statements(document));
            byOwner.set(owner.urn, entry);
        }
        for (const { owner, ownerLabel, statements: found } of byOwner.values()) {
            const methods = Object.entries(PRIVILEGE_ESCALATION_METHODS).filter(([, actions]) => actions.every((a) => allowsUnconstrained(found, a)));
            if (methods.length > 0) {
                report(`${ownerLabel} can escalate its privileges: ${methods.map(([method, actions]) => `${method} (${actions.join(" + ")})`).join("; ")}. ${iamNoPrivilegeEscalation.remediationSteps}`, owner.urn);
            }
        }
    },
};

/**
 * Actions that return credentials or secret data (cloudsplaining 0.7.0,
 * `cloudsplaining/shared/constants.py` ACTIONS_THAT_RETURN_CREDENTIALS and
 * READ_ONLY_DATA_EXFILTRATION_ACTIONS, which checkov's CKV_AWS_287 and
 * CKV_AWS_288 use; without the names IAM does not have, and, as checkov,
 * without ecr:GetAuthorizationToken, which every image pull needs).
 */
export const CREDENTIAL_AND_DATA_ACTIONS = [
    "airflow:CreateCliToken",
    "airflow:CreateWebLoginToken",
    "appsync:CreateApiKey",
    "chime:CreateApiKey",
    "cloud9:CreateEnvironmentToken",
    "codeartifact:GetAuthorizationToken",
    "codepipeline:PollForJobs",
    "cognito-identity:GetOpenIdToken",
    "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
    "cognito-identity:GetCredentialsForIdentity",
    "cognito-idp:GetSigningCertificate",
    "connect:GetFederationToken",
    "ec2:GetPasswordData",
    "ecr-public:GetAuthorizationToken",
    "emr-containers:GetManagedEndpointSessionCredentials",
    "finspace-api:GetProgrammaticAccessCredentials",
    "gamelift:RequestUploadCredentials",
    "gamelift:GetInstanceAccess",
    "grafana:CreateWorkspaceApiKey",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateAccessKey",
    "license-manager:GetAccessToken",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:DownloadDefaultKeyPair",
    "lightsail:CreateBucketAccessKey",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "mediapackage:RotateChannelCredentials",
    "mediapackage:RotateIngestEndpointCredentials",
    "rds-db:connect",
    "redshift:GetClusterCredentials",
    "redshift:GetClusterCredentialsWithIAM",
    "redshift-serverless:GetCredentials",
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:GetFederationToken",
    "sts:GetSessionToken",
    "s3:GetObject",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "secretsmanager:GetSecretValue",
];

export const iamNoUnconstrainedSecretReads: StackValidationPolicy = {
    name: "iam-no-unconstrained-secret-reads",
    description: "No role or policy allows, unconstrained (every resource, no condition), an action that returns credentials or secret data: assuming roles, access keys, database tokens, object reads, parameters and secret values.",
    remediationSteps: "Scope the action to the resources it needs (the secret's ARN, the bucket's objects, the role to assume) or add a condition that bounds it.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const { owner, ownerLabel, source, document } of permissionDocuments(args.resources)) {
            const found = statements(document);
            const open = CREDENTIAL_AND_DATA_ACTIONS.filter((a) => allowsUnconstrained(found, a));
            if (open.length > 0) {
                report(`${ownerLabel} allows ${open.join(", ")} on every resource without a condition in ${source}. ${iamNoUnconstrainedSecretReads.remediationSteps}`, owner.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------------------------
// AWS managed policies
// ---------------------------------------------------------------------------------------------

/** AWS managed policies that allow (nearly) everything, or everything in IAM. */
export const ADMIN_MANAGED_POLICIES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];

const awsManagedArn = (arn: string) => /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);

function attachedManagedPolicies(resources: PolicyResource[]): { attachment: PolicyResource; arn: string }[] {
    const found: { attachment: PolicyResource; arn: string }[] = [];
    for (const attachment of ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
        const arn = read(() => attachment.props.policyArn as unknown);
        if (isKnown(arn) && typeof arn === "string" && awsManagedArn(arn)) {
            found.push({ attachment, arn });
        }
    }
    for (const role of ofType(resources, "aws:iam/role:Role")) {
        const arns = read(() => asList(role.props.managedPolicyArns as string[] | undefined));
        if (isKnown(arns)) {
            found.push(...arns.filter(awsManagedArn).map((arn) => ({ attachment: role, arn })));
        }
    }
    return found;
}

export const iamNoAdminPolicies: StackValidationPolicy = {
    name: "iam-no-admin-policies",
    description: `No role has an AWS managed policy attached that allows (nearly) every action or every IAM action: ${ADMIN_MANAGED_POLICIES.join(", ")}.`,
    remediationSteps: "Attach a policy with the actions the role uses (see iam-no-wildcard-permissions), never a whole-account one.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const { attachment, arn } of attachedManagedPolicies(args.resources)) {
            if (ADMIN_MANAGED_POLICIES.some((name) => arn.endsWith(`:policy/${name}`))) {
                report(`${attachment.name} attaches ${arn}. ${iamNoAdminPolicies.remediationSteps}`, attachment.urn);
            }
        }
    },
};

export const iamNoAwsManagedPolicies: StackValidationPolicy = {
    name: "iam-no-aws-managed-policies",
    description: "No role has an AWS managed policy attached: AWS may widen it at any time, and it is written for every account, not this program.",
    remediationSteps: "Replace the attachment with an inline policy of the actions the role uses; or acknowledge it in the policy config, with the reason the managed policy is the better choice.",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        for (const { attachment, arn } of attachedManagedPolicies(args.resources)) {
            report(`${attachment.name} attaches the AWS managed policy ${arn}. ${iamNoAwsManagedPolicies.remediationSteps}`, attachment.urn);
        }
    },
};

// ---------------------------------------------------------------------------------------------
// Trust
// ---------------------------------------------------------------------------------------------

/** Services whose roles are assumed on behalf of a resource in an account, where AWS recommends aws:SourceAccount or aws:SourceArn against the confused deputy. */
const CONFUSED_DEPUTY_SERVICES = ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com", "apigateway.amazonaws.com", "events.amazonaws.com", "scheduler.amazonaws.com"];

/** Why a trust statement lets in more than it should, or undefined. */
export function trustProblem(statement: Statement & { Principal?: unknown; Condition?: unknown }): string | undefined {
    if (statement.Effect !== "Allow") {
        return undefined;
    }
    const principal = statement.Principal;
    const condition = obj(statement.Condition);
    const keys = Object.values(condition).flatMap((values) => Object.keys(obj(values)));
    const values = (key: string) => Object.values(condition).flatMap((v) => asList(obj(v)[key] as string | string[] | undefined));
    if (principal === "*" || asList(obj(principal).AWS as string | string[] | undefined).includes("*")) {
        return keys.length === 0 ? 'trusts any AWS principal ("*") without a condition' : undefined;
    }
    for (const federated of asList(obj(principal).Federated as string | string[] | undefined)) {
        const host = /oidc-provider\/(.+)$/.exec(federated)?.[1];
        if (!host) {
            continue;
        }
        if (!keys.includes(`${host}:aud`)) {
            return `trusts the OIDC provider ${host} without an audience (${host}:aud) condition`;
        }
        const subjects = values(`${host}:sub`);
        if (subjects.length === 0) {
            return `trusts every subject of the OIDC provider ${host} (no ${host}:sub condition)`;
        }
        const broad = subjects.filter((s) => /^\*|^repo:[^/]*\*|^repo:[^:]*\/\*|:\*$/.test(s));
        if (broad.length > 0) {
            return `trusts ${host} subjects matching ${broad.join(", ")}, which any repository, owner or workflow can present`;
        }
    }
    for (const service of asList(obj(principal).Service as string | string[] | undefined)) {
        if (CONFUSED_DEPUTY_SERVICES.includes(service) && !keys.some((k) => /^aws:Source(Account|Arn|OrgID)$/i.test(k))) {
            return `trusts ${service} without an aws:SourceAccount or aws:SourceArn condition (any account's ${service.split(".")[0]} could assume it)`;
        }
    }
    return undefined;
}

export const iamTrustConditions: StackValidationPolicy = {
    name: "iam-trust-conditions",
    description:
        "Every role's trust policy names who may assume it narrowly: no \"*\" principal without a condition; OIDC providers only with an audience and a subject that names one repository and ref, environment or event; service principals that act for a resource with aws:SourceAccount or aws:SourceArn.",
    remediationSteps:
        'Add the conditions: for GitHub, "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" and a "…:sub" of "repo:<owner>/<repo>:environment:<name>" (or ":pull_request"); for ecs-tasks.amazonaws.com, "aws:SourceAccount": "<account id>".',
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const role of ofType(args.resources, "aws:iam/role:Role")) {
            const document = read(() => role.props.assumeRolePolicy as unknown);
            // Stryker disable next-line BlockStatement: statements() reads an unknown document as none, so not skipping it changes nothing
            if (!isKnown(document)) {
                continue;
            }
            for (const statement of statements(document)) {
                const problem = trustProblem(statement);
                if (problem) {
                    report(`role ${role.name} ${problem}. ${iamTrustConditions.remediationSteps}`, role.urn);
                }
            }
        }
    },
};

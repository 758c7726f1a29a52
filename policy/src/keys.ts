/**
 * Keys: no long-lived AWS keys anywhere. Containers get credentials from
 * their task role; the write-up removed the access key and secret from the
 * backend's environment, and these policies keep them out.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isKnown, list, obj, parseJson, read } from "./util";

/** The variables the AWS SDKs read static credentials from. */
export const CREDENTIAL_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

/** The shape of an access key id (long-term AKIA..., temporary ASIA...). */
export const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;

export const noIamAccessKeys: ResourceValidationPolicy = {
    name: "no-iam-access-keys",
    description: "No IAM access keys: long-lived keys leak, and nothing here needs them.",
    remediationSteps: "Remove the aws.iam.AccessKey. Give workloads a role instead: an ECS task role for containers, a GitHub OIDC role for CI.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type === "aws:iam/accessKey:AccessKey") {
            report(`${args.name} creates a long-lived IAM access key. ${noIamAccessKeys.remediationSteps}`);
        }
    },
};

export const noAwsCredentialsInContainers: ResourceValidationPolicy = {
    name: "no-aws-credentials-in-containers",
    description: "No AWS credential variables, and no value shaped like an access key id, in any container's environment or secrets.",
    remediationSteps: `Remove ${CREDENTIAL_VARIABLES.join(", ")} and any access key from the container definition; grant the permissions to the task definition's taskRoleArn, which the AWS SDKs pick up from the container credentials endpoint.`,
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== "aws:ecs/taskDefinition:TaskDefinition") {
            return;
        }
        const definitions = read(() => args.props.containerDefinitions as unknown);
        if (!isKnown(definitions)) {
            // Built from values known only after deployment (an image digest):
            // the pack checks it again on `pulumi up`, when it is known.
            return;
        }
        for (const container of list(parseJson(definitions)).map(obj)) {
            const variables = [...list(container.environment), ...list(container.secrets)].map(obj);
            for (const variable of variables) {
                const name = String(variable.name ?? "");
                if (CREDENTIAL_VARIABLES.includes(name)) {
                    report(`container ${String(container.name)} in ${args.name} sets ${name}. ${noAwsCredentialsInContainers.remediationSteps}`);
                } else if (typeof variable.value === "string" && ACCESS_KEY_ID.test(variable.value)) {
                    report(`container ${String(container.name)} in ${args.name} has an access key id in ${name}. ${noAwsCredentialsInContainers.remediationSteps}`);
                }
            }
        }
    },
};

export const noStaticKeysInProvider: ResourceValidationPolicy = {
    name: "no-static-keys-in-provider",
    description: "No explicit AWS provider is configured with static keys.",
    remediationSteps: "Remove accessKey, secretKey and token from the aws.Provider; let it take credentials from the environment (SSO, OIDC, an instance or task role), or give it assumeRoles.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== "pulumi:providers:aws") {
            return;
        }
        for (const key of ["accessKey", "secretKey", "token"]) {
            const value = read(() => args.props[key] as unknown);
            if (!isKnown(value) || (value !== undefined && value !== null && value !== "")) {
                report(`provider ${args.name} sets ${key}. ${noStaticKeysInProvider.remediationSteps}`);
            }
        }
    },
};

export const taskDefinitionHasTaskRole: ResourceValidationPolicy = {
    name: "task-definition-has-task-role",
    description: "Every ECS task definition has a task role, so its containers get credentials without keys.",
    remediationSteps: "Set taskRoleArn to a role that ecs-tasks.amazonaws.com may assume, with the app's permissions (shoestring's FargateService creates one).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== "aws:ecs/taskDefinition:TaskDefinition") {
            return;
        }
        const role = read(() => args.props.taskRoleArn as unknown);
        if (isKnown(role) && (role === undefined || role === null || role === "")) {
            report(`task definition ${args.name} has no taskRoleArn. ${taskDefinitionHasTaskRole.remediationSteps}`);
        }
    },
};

/**
 * ECS: task definition names, the secrets containers get (what valueFrom may
 * be, and that the execution role may read them), and what a service needs
 * from its cluster and roles to start and to be reachable with ECS Exec.
 *
 * The CloudFormation schema types containerDefinitions[].secrets (Name and
 * ValueFrom, both strings) and nothing more: it passes duplicate names,
 * a name also in the environment and a valueFrom of any shape. Not checked
 * here: the Fargate platform version a JSON key or version needs (1.4.0, the
 * default LATEST), kms:Decrypt for secrets under a customer managed key (the
 * key is not in the task definition), logConfiguration.secretOptions.
 */
import { AwsRule, Problem, RuleContext, RuleResource } from "../types";
import { readTarget, secretArnCandidates, secretSource } from "../secrets";
import { accountOfArn, dependsOn, isKnown, list, obj, ofType, parseJson, referenced, refusal, roleGrants } from "../util";

/**
 * RegisterTaskDefinition `family`: "Up to 255 letters (uppercase and
 * lowercase), numbers, underscores, and hyphens are allowed."
 */
export const TASK_FAMILY = /^[A-Za-z0-9_-]{1,255}$/;

export const taskDefinitionFamily: AwsRule = {
    id: "aws-ecs-task-family",
    description: "A task definition family is 1 to 255 letters, digits, hyphens and underscores.",
    level: "error",
    effect: "refused",
    types: ["aws:ecs/taskDefinition:TaskDefinition"],
    properties: ["family"],
    source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html",
    nearest: { terraform: "aws_ecs_task_definition family: StringLenBetween(1, 255), ^[0-9A-Za-z_-]+$ (same check)" },
    check(resource) {
        const family = resource.inputs.family;
        if (!isKnown(family) || typeof family !== "string" || TASK_FAMILY.test(family)) {
            return [];
        }
        return [{ property: "family", value: family, message: "ECS accepts only 1 to 255 letters, digits, hyphens and underscores (no dots)" }];
    },
};

/** The cluster resource a service runs in. */
function clusterOf(context: RuleContext, service: RuleResource): RuleResource | undefined {
    return referenced(service, "cluster", ofType(context, "aws:ecs/cluster:Cluster"), ["arn", "id", "name"])[0];
}

export const serviceAfterCapacityProviders: AwsRule = {
    id: "aws-ecs-service-after-capacity-providers",
    description: "A service whose strategy names a capacity provider is created after that provider is attached to its cluster.",
    level: "error",
    effect: "refused",
    types: ["aws:ecs/service:Service"],
    properties: ["capacityProviderStrategies"],
    source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html",
    nearest: {},
    check(service, context) {
        const strategies = list(service.inputs.capacityProviderStrategies).map(obj);
        const cluster = clusterOf(context, service);
        if (strategies.length === 0 || !cluster) {
            return [];
        }
        const attachments = ofType(context, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").filter((a) => referenced(a, "clusterName", [cluster], ["name", "id"]).length > 0);
        return strategies.flatMap((strategy, i) => {
            const provider = strategy.capacityProvider;
            if (!isKnown(provider)) {
                return [];
            }
            const attaching = attachments.filter((a) => list(a.inputs.capacityProviders).includes(provider));
            if (attaching.length === 0) {
                return [{ property: `capacityProviderStrategies[${i}].capacityProvider`, value: provider, message: `no ClusterCapacityProviders attaches ${String(provider)} to cluster ${cluster.name}; CreateService refuses a strategy naming a capacity provider the cluster does not have` }];
            }
            if (!attaching.some((a) => dependsOn(context, service, a))) {
                return [{ property: "cluster", value: provider, message: `the service does not depend on ${attaching[0].name}, which attaches ${String(provider)}: it may be created first, and CreateService refuses a capacity provider "not associated with the cluster"` }];
            }
            return [];
        });
    },
};

/** Container definitions of a task definition, when known. */
function containers(taskDefinition: RuleResource): Record<string, unknown>[] {
    return list(parseJson(taskDefinition.inputs.containerDefinitions)).map(obj);
}

/** The task definition a service runs. */
function taskDefinitionOf(context: RuleContext, service: RuleResource): RuleResource | undefined {
    return referenced(service, "taskDefinition", ofType(context, "aws:ecs/taskDefinition:TaskDefinition"), ["arn", "id"])[0];
}

const EXEC_DOC = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html";

export const execSessionLogging: AwsRule = {
    id: "aws-ecs-exec-session-logging",
    description: "With ECS Exec logged the DEFAULT way, the task role may write to the container's awslogs group (CreateLogStream, DescribeLogStreams, PutLogEvents; DescribeLogGroups).",
    level: "error",
    effect: "broken",
    types: ["aws:ecs/service:Service"],
    properties: ["enableExecuteCommand"],
    source: EXEC_DOC,
    nearest: { checkov: "CKV_AWS_223 (exec logging not NONE; permissions not checked)" },
    check(service, context) {
        if (service.inputs.enableExecuteCommand !== true) {
            return [];
        }
        const cluster = clusterOf(context, service);
        const logging = obj(obj(obj(cluster?.inputs.configuration).executeCommandConfiguration)).logging;
        if (!cluster || (logging !== undefined && logging !== "DEFAULT")) {
            return [];
        }
        const task = taskDefinitionOf(context, service);
        const role = task ? referenced(task, "taskRoleArn", ofType(context, "aws:iam/role:Role"), ["arn"])[0] : undefined;
        if (!task || !role) {
            return [];
        }
        // Managed policies and a boundary count too: a policy the rules cannot read may allow anything.
        const grants = roleGrants(context, role);
        if (grants.unknown) {
            return [];
        }
        const problems = [];
        for (const container of containers(task)) {
            const log = obj(container.logConfiguration);
            const group = obj(log.options)["awslogs-group"];
            const region = obj(log.options)["awslogs-region"] ?? service.region;
            if (log.logDriver !== "awslogs" || typeof group !== "string" || !isKnown(group)) {
                continue;
            }
            const groupArn = `arn:aws:logs:${String(region)}:${accountOfArn(role) ?? "*"}:log-group:${group}`;
            const missing = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"].filter((a) => refusal(grants, a, `${groupArn}:log-stream:x`) !== undefined);
            if (refusal(grants, "logs:DescribeLogGroups", "*") !== undefined) {
                missing.push("logs:DescribeLogGroups");
            }
            if (missing.length > 0) {
                problems.push({ property: "enableExecuteCommand", value: true, message: `ECS Exec sessions are logged to ${group} (cluster logging DEFAULT), but task role ${role.name} lacks ${missing.join(", ")}; sessions then fail to start` });
            }
        }
        return problems;
    },
};

export const secretsNotRotatedUnderTasks: AwsRule = {
    id: "aws-ecs-secret-rotated-by-rds",
    description: "No container gets an RDS-managed master password as an ECS secret: RDS rotates it every 7 days and ECS injects secrets only at task start.",
    level: "error",
    effect: "broken",
    types: ["aws:ecs/taskDefinition:TaskDefinition"],
    properties: ["containerDefinitions[].secrets"],
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
    nearest: { checkov: "CKV_AWS_304 (secret rotation, not its consumers)", cdkNag: "AwsSolutions-SMG4 (secret rotation, not its consumers)" },
    check(task) {
        return containers(task).flatMap((container, c) =>
            list(container.secrets)
                .map(obj)
                .flatMap((secret, i) =>
                    /:secret:rds[!-]/.test(String(secret.valueFrom))
                        ? [{ property: `containerDefinitions[${c}].secrets[${i}]`, value: secret.name, message: `${String(secret.name)} comes from an RDS-managed secret, which RDS rotates every 7 days; ECS injects it only when the task starts, so running tasks keep a dead password. Pass the secret's ARN and read it when connecting` }]
                        : [],
                ),
        );
    },
};

/** The port mappings of a task definition's containers, by container name. */
function portMappings(task: RuleResource): Map<string, { containerPort?: unknown; name?: unknown }[]> {
    return new Map(containers(task).map((c) => [String(c.name), list(c.portMappings).map(obj)]));
}

export const targetGroupTypeIp: AwsRule = {
    id: "aws-ecs-target-group-type-ip",
    description: "A service whose tasks use awsvpc networking (every Fargate task) is behind target groups of target type ip.",
    level: "error",
    effect: "refused",
    types: ["aws:ecs/service:Service"],
    properties: ["loadBalancers"],
    source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb.html",
    nearest: { cfnLint: "E3049 (follows service to target group; checks health check ports)" },
    check(service, context) {
        const task = taskDefinitionOf(context, service);
        if (!task || task.inputs.networkMode !== "awsvpc") {
            return [];
        }
        const groups = [...ofType(context, "aws:lb/targetGroup:TargetGroup"), ...ofType(context, "aws:alb/targetGroup:TargetGroup")];
        return list(service.inputs.loadBalancers).map(obj).flatMap((lb, i) => {
            const group = groups.find((g) => isKnown(lb.targetGroupArn) && (g.outputs?.arn === lb.targetGroupArn || g.outputs?.id === lb.targetGroupArn));
            const targetType = group?.inputs.targetType ?? "instance";
            return group && isKnown(targetType) && targetType !== "ip"
                ? [{ property: `loadBalancers[${i}].targetGroupArn`, value: targetType, message: `target group ${group.name} has target type ${String(targetType)}; tasks with awsvpc networking register by IP address, so ECS refuses any target type but ip` }]
                : [];
        });
    },
};

export const containerReferences: AwsRule = {
    id: "aws-ecs-container-references",
    description: "What a service attaches (load balancers, Cloud Map registries, Service Connect) names a container and port mapping its task definition has.",
    level: "error",
    effect: "refused",
    types: ["aws:ecs/service:Service"],
    properties: ["loadBalancers", "serviceRegistries", "serviceConnectConfiguration"],
    source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html",
    nearest: { cfnLint: "E3049 (follows service to containers; checks health check ports)" },
    check(service, context) {
        const task = taskDefinitionOf(context, service);
        if (!task || !isKnown(task.inputs.containerDefinitions)) {
            return [];
        }
        const ports = portMappings(task);
        const problems: Problem[] = [];
        const attached: { property: string; container: unknown; port: unknown }[] = [
            ...list(service.inputs.loadBalancers).map(obj).map((lb, i) => ({ property: `loadBalancers[${i}]`, container: lb.containerName, port: lb.containerPort })),
            // Stryker disable next-line ArrayDeclaration: an entry without a container is skipped below, as no registries are
            ...(service.inputs.serviceRegistries ? [{ property: "serviceRegistries", container: obj(service.inputs.serviceRegistries).containerName, port: obj(service.inputs.serviceRegistries).containerPort }] : []),
        ];
        for (const { property, container, port } of attached) {
            if (!isKnown(container) || container === undefined) {
                continue;
            }
            const mappings = ports.get(String(container));
            if (!mappings) {
                problems.push({ property: `${property}.containerName`, value: container, message: `task definition ${task.name} has no container ${String(container)} (it has ${[...ports.keys()].join(", ")})` });
            } else if (isKnown(port) && port !== undefined && !mappings.some((m) => m.containerPort === port)) {
                problems.push({ property: `${property}.containerPort`, value: port, message: `container ${String(container)} maps no port ${String(port)} (it maps ${mappings.map((m) => String(m.containerPort)).join(", ") || "none"})` });
            }
        }
        const names = new Set<unknown>([...ports.values()].flat().map((m) => m.name).filter((n) => n !== undefined));
        list(obj(service.inputs.serviceConnectConfiguration).services).map(obj).forEach((s, i) => {
            if (isKnown(s.portName) && !names.has(s.portName)) {
                problems.push({ property: `serviceConnectConfiguration.services[${i}].portName`, value: s.portName, message: `no port mapping of task definition ${task.name} is named ${String(s.portName)} (named: ${[...names].map(String).join(", ") || "none"})` });
            }
        });
        return problems;
    },
};

const SECRETS_DOC = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html";

/** Every secret of a task definition's containers, with its property path. */
function containerSecrets(task: RuleResource): { container: Record<string, unknown>; c: number; secret: Record<string, unknown>; property: string }[] {
    return containers(task).flatMap((container, c) => list(container.secrets).map(obj).map((secret, i) => ({ container, c, secret, property: `containerDefinitions[${c}].secrets[${i}]` })));
}

export const secretValueFrom: AwsRule = {
    id: "aws-ecs-secret-value-from",
    description: "Each container secret has a name of its own (not twice, not also in the environment) and a valueFrom that is an SSM parameter ARN or name, or a Secrets Manager secret ARN (optionally :json-key:version-stage:version-id); a task definition with secrets has an execution role.",
    level: "error",
    effect: "refused",
    types: ["aws:ecs/taskDefinition:TaskDefinition"],
    properties: ["containerDefinitions[].secrets", "executionRoleArn"],
    source: SECRETS_DOC,
    nearest: { cfnLint: "the schema types Secrets[].Name and ValueFrom as strings only", terraform: "aws_ecs_task_definition container_definitions: JSON validity only" },
    check(task) {
        const secrets = containerSecrets(task);
        const problems: Problem[] = [];
        if (secrets.length > 0 && task.inputs.executionRoleArn === undefined) {
            problems.push({ property: "executionRoleArn", message: `is not set, but ${secrets.length} container secret(s) are: "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'" (RegisterTaskDefinition, sil-org/ecs-deploy#166); the execution role is what reads them` });
        }
        // Names per container: two containers may each have their own API_TOKEN.
        const seen = new Set<string>();
        for (const { container, c, secret, property } of secrets) {
            const name = secret.name;
            const key = `${c}:${String(name)}`;
            if (isKnown(name) && seen.has(key)) {
                problems.push({ property: `${property}.name`, value: name, message: `is a second secret named ${String(name)} in container ${String(container.name)}: "Duplicate secret names found: ${String(name)}. Each secret name must be unique." (RegisterTaskDefinition, CircleCI-Public/aws-ecs-orb#190)` });
            }
            seen.add(key);
            if (isKnown(name) && list(container.environment).map(obj).some((e) => e.name === name)) {
                problems.push({ property: `${property}.name`, value: name, message: `${String(name)} is also in container ${String(container.name)}'s environment: "The secret name must be unique and not shared with any new or existing environment variables set on the container" (RegisterTaskDefinition, dagster-io/dagster#11622)` });
            }
            const valueFrom = secret.valueFrom;
            if (!isKnown(valueFrom) || typeof valueFrom !== "string") {
                continue;
            }
            const source = secretSource(valueFrom);
            if (source.kind === "invalid") {
                problems.push({ property: `${property}.valueFrom`, value: valueFrom, message: `${source.why}; ECS refuses the task definition, or the task fails to start (${SECRETS_DOC})` });
            }
        }
        return problems;
    },
};

export const secretsReadable: AwsRule = {
    id: "aws-ecs-secrets-readable",
    description: "The task definition's execution role may read every container secret: ssm:GetParameters on each SSM parameter, secretsmanager:GetSecretValue on each Secrets Manager secret.",
    level: "error",
    effect: "broken",
    types: ["aws:ecs/taskDefinition:TaskDefinition"],
    properties: ["containerDefinitions[].secrets", "executionRoleArn"],
    source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
    nearest: {},
    check(task, context) {
        const secrets = containerSecrets(task);
        const role = referenced(task, "executionRoleArn", ofType(context, "aws:iam/role:Role"), ["arn"])[0];
        if (!role) {
            return [];
        }
        const grants = roleGrants(context, role);
        if (grants.unknown) {
            return [];
        }
        const account = accountOfArn(role);
        return secrets.flatMap(({ secret, property }): Problem[] => {
            const valueFrom = secret.valueFrom;
            const target = isKnown(valueFrom) && typeof valueFrom === "string" ? readTarget(secretSource(valueFrom), task.region, account, "ssm:GetParameters") : undefined;
            if (!target) {
                return [];
            }
            const why = target.arns.map((arn) => refusal(grants, target.action, arn));
            if (why.some((w) => w === undefined)) {
                return [];
            }
            return [{ property: `${property}.valueFrom`, value: valueFrom, message: `execution role ${role.name} may not ${target.action} on ${target.shown} (${why[0]}): ECS reads ${String(secret.name)} with it when the task starts, and the task stops with "ResourceInitializationError: unable to pull secrets or registry auth: ... AccessDeniedException: ... is not authorized to perform: ${target.action}" (aws/copilot-cli#4504). Allow ${target.action} on it in the execution role's policy` }];
        });
    },
};

export const secretCompleteArn: AwsRule = {
    id: "aws-ecs-secret-complete-arn",
    description: 'A container secret from Secrets Manager names the secret by its complete ARN, with the "-" and 6 characters Secrets Manager adds to the name, not by a partial ARN.',
    level: "warning",
    effect: "broken",
    types: ["aws:ecs/taskDefinition:TaskDefinition"],
    properties: ["containerDefinitions[].secrets"],
    source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html",
    nearest: { cdkNag: "none; aws-cdk documents it for Secret.fromSecretNameV2 and fromSecretPartialArn (aws/aws-cdk#20744)" },
    check(task) {
        return containerSecrets(task).flatMap(({ secret, property }): Problem[] => {
            const valueFrom = secret.valueFrom;
            const source = isKnown(valueFrom) && typeof valueFrom === "string" ? secretSource(valueFrom) : undefined;
            // A name ending in "-" and 6 characters may be a complete ARN: nothing can be told.
            if (source?.kind !== "secret" || secretArnCandidates(source.arn).length > 1) {
                return [];
            }
            return [
                {
                    property: `${property}.valueFrom`,
                    value: valueFrom,
                    message: `names secret ${source.arn.split(":secret:")[1]} by a partial ARN (without the "-" and 6 characters Secrets Manager adds); ECS's guide names secrets by their complete ARN (secret_name-AbCdEf), tasks given a partial one fail to start for aws-cdk users (aws/aws-cdk#18555, #20744), and Secrets Manager may not find a secret by a partial ARN at all once a name ends in "-" and 6 characters (aws/copilot-cli#5732). Give the complete ARN (aws.secretsmanager.getSecretOutput({ name }).arn)`,
                },
            ];
        });
    },
};

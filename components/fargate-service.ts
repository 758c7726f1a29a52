import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isValidFargateSize } from "../lib/fargate";
import { taskFamily } from "../lib/naming";
import { WORKLOAD_ROLE_PATH } from "../lib/workload-iam";
import { Architecture } from "../lib/settings";
import { Capacity } from "../lib/axes";
import { ComponentError } from "../lib/errors";
import { Transform, transformed } from "../lib/transform";
import { CAPACITY_PROVIDERS } from "./cluster";

/** The managed policy that lets ECS pull images from ECR and write logs. */
export const TASK_EXECUTION_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

/** What ECS Exec needs in the task role (the SSM agent's channels; no resource-level scoping exists). */
export const ECS_EXEC_ACTIONS = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"];

/**
 * What the task role needs to log ECS Exec sessions to CloudWatch Logs
 * ("IAM permissions required for Amazon CloudWatch Logs or Amazon S3
 * Logging", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html).
 * DescribeLogGroups has no resource-level scoping.
 */
export const ECS_EXEC_LOG_GROUP_ACTIONS = ["logs:DescribeLogGroups"];
export const ECS_EXEC_LOG_STREAM_ACTIONS = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"];

/** Awake hours of a service: when it wakes and when it sleeps (lib/schedule.ts `scheduleCrons`). */
export interface ServiceSchedule {
    /** IANA time zone the expressions are evaluated in (Application Auto Scaling's `Timezone`). */
    timezone: string;
    /** `cron(...)` expressions (Application Auto Scaling's six fields) at which the service scales to `desiredCount`..`maxCount`. */
    wake: string[];
    /** `cron(...)` expressions at which it scales to 0..0. */
    sleep: string[];
}

export interface FargateServiceArgs {
    /** The cluster's ARN. */
    clusterArn: pulumi.Input<string>;
    /** The cluster's name (autoscaling addresses services by cluster and service name). */
    clusterName: pulumi.Input<string>;
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Give tasks a public IP. Needed in public subnets without a NAT gateway,
     * to pull images and reach AWS APIs. Costs $0.005/hour per running task.
     *
     * @default true
     */
    assignPublicIp?: boolean;

    /** The image to run: a digest-pinned reference from `ContainerImage`, or any image reference. */
    image: pulumi.Input<string>;
    /** The port the container listens on. */
    port: number;
    /**
     * CPU units (1024 = 1 vCPU). With `memory`, one of the pairs Fargate accepts.
     *
     * @default 256
     */
    cpu?: number;
    /**
     * Memory in MiB.
     *
     * @default 512
     */
    memory?: number;
    /**
     * ARM64 (Graviton) is about 20% cheaper than x86_64 per vCPU-hour and runs
     * on Fargate Spot since 2024. The image must be built for it.
     *
     * @default "x86_64"
     */
    architecture?: Architecture;
    /** Plain environment variables. Never put credentials here: the task role provides them. */
    environment?: Record<string, pulumi.Input<string>>;
    /**
     * Variables ECS injects when a task starts, name -> `valueFrom`: the ARN
     * of an SSM parameter or a Secrets Manager secret. The execution role
     * may read exactly the ones listed in `parameterArns` and `secretArns`.
     */
    secrets?: Record<string, pulumi.Input<string>>;
    /** ARNs of the SSM parameters `secrets` refers to (`ssm:GetParameters`). */
    parameterArns?: pulumi.Input<string>[];
    /** ARNs of the Secrets Manager secrets `secrets` refers to (`secretsmanager:GetSecretValue`). */
    secretArns?: pulumi.Input<string>[];
    /**
     * Permissions the app itself needs, granted to the task role (not the
     * execution role, and never through access keys).
     */
    taskPolicyStatements?: pulumi.Input<aws.iam.PolicyStatement>[];
    /**
     * ECR repositories a pull-through cache creates on first pull; the
     * execution role gets `ecr:CreateRepository` and
     * `ecr:BatchImportUpstreamImage` on them.
     */
    pullThroughRepositoryArns?: pulumi.Input<string>[];

    /**
     * `spot` runs every task on FARGATE_SPOT (about 70% off, with a 2-minute
     * interruption notice); `fargate` on on-demand FARGATE. The strategy is
     * set on the service itself: a cluster default does not move a service.
     */
    capacity: Capacity;
    /**
     * Tasks to run; with autoscaling, the minimum.
     *
     * @default 1
     */
    desiredCount?: number;
    /**
     * Autoscaling maximum. Above `desiredCount`, target tracking on average
     * CPU (60%) scales between the two.
     *
     * @default desiredCount
     */
    maxCount?: number;
    /**
     * Scale to 0 tasks (and autoscaling to 0..0), changing nothing else.
     * Wins over `schedule`: while paused the scheduled actions are not
     * registered and the scalable target is pinned to 0..0.
     *
     * @default false
     */
    paused?: boolean;
    /**
     * Awake hours: a scalable target (even without autoscaling) and one
     * Application Auto Scaling scheduled action per expression, at `wake`
     * min `desiredCount` / max `maxCount`, at `sleep` min = max = 0. Free:
     * scheduled actions cost nothing; tasks are billed only while awake.
     *
     * The schedule owns the counts. The service's `desiredCount` and the
     * target's `minCapacity`/`maxCapacity` are registered at 0 and left to
     * the schedule (`ignoreChanges`), so a `pulumi up` (or the first one)
     * outside awake hours starts nothing, and one inside them stops
     * nothing; the next wake time starts the service. Unpausing works the
     * same way: the pinned 0..0 stays until the next wake. Removing the
     * schedule hands the counts back to the program (`desiredCount`).
     *
     * @default none: always at `desiredCount`
     */
    schedule?: ServiceSchedule;
    /**
     * Days to keep the container logs.
     *
     * @default 7
     */
    logRetentionDays?: number;

    /**
     * Service Connect: the namespace ARN. The service then answers other
     * services at `http://<name>:<port>`.
     */
    serviceConnectNamespace: pulumi.Input<string>;
    /**
     * Register tasks in a Cloud Map service of this (DNS) namespace id with
     * SRV records, so an API Gateway HTTP API can reach them through a VPC link:
     * the integration needs the port, which only SRV records carry. Service
     * Connect's own Cloud Map services are not exposed, so the component owns
     * this one.
     */
    discoveryNamespaceId?: pulumi.Input<string>;
    /**
     * A permissions boundary for the execution and task roles (both are
     * created under the IAM path `WORKLOAD_ROLE_PATH` in any case).
     *
     * @default none
     */
    permissionsBoundary?: pulumi.Input<string>;
    /**
     * ECS Exec (`aws ecs execute-command`, a shell in a running task), with
     * its sessions logged to the service's log group. Its agent writes into
     * the container's filesystem, so with exec on the root filesystem stays
     * writable (aws/containers-roadmap#1359); with exec off it is read-only
     * and only `writablePaths` can be written.
     *
     * @default true
     */
    exec?: boolean;
    /**
     * Directories the container may write when its root filesystem is
     * read-only (exec off): each is an empty task-storage volume, gone
     * with the task. Fargate's 20 GiB of task storage is free.
     *
     * @default ["/tmp"]
     */
    writablePaths?: string[];
    /** Put the tasks behind this target group (the target group must be attached to a listener). */
    targetGroupArn?: pulumi.Input<string>;
    /**
     * A command the container runs to report its health, e.g.
     * `["CMD-SHELL", "wget -qO- http://localhost:4567/health || exit 1"]`.
     */
    healthCheckCommand?: string[];
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The container logs' log group. */
        logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
        /** The execution role (ECS's: image pull, logs, secrets). */
        executionRole?: Transform<aws.iam.RoleArgs>;
        /** The attachment of the managed task execution policy to the execution role. */
        executionPolicyAttachment?: Transform<aws.iam.RolePolicyAttachmentArgs>;
        /** The execution role's own policy (secrets, pull-through cache), when it has statements. */
        executionPolicy?: Transform<aws.iam.RolePolicyArgs>;
        /** The task role (the app's permissions). */
        taskRole?: Transform<aws.iam.RoleArgs>;
        /** The task role's policy (ECS Exec, `taskPolicyStatements`), when it has statements. */
        taskPolicy?: Transform<aws.iam.RolePolicyArgs>;
        /** The tasks' security group (its ingress rules come from `allowFrom`). */
        securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
        /** The task definition, with its container definition. */
        taskDefinition?: Transform<aws.ecs.TaskDefinitionArgs>;
        /** The Cloud Map service tasks register in, when `discoveryNamespaceId` is given. */
        discoveryService?: Transform<aws.servicediscovery.ServiceArgs>;
        /** The ECS service. */
        service?: Transform<aws.ecs.ServiceArgs>;
        /** The autoscaling target, with autoscaling. */
        scalingTarget?: Transform<aws.appautoscaling.TargetArgs>;
        /** The CPU target-tracking policy, with autoscaling. */
        scalingPolicy?: Transform<aws.appautoscaling.PolicyArgs>;
        /** Each scheduled action (wake and sleep), with a schedule and not paused. */
        scheduledAction?: Transform<aws.appautoscaling.ScheduledActionArgs>;
        /** Each ingress rule `allowFrom` adds to the tasks' security group. */
        ingressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
        /** Each egress rule `allowFrom` adds to the peer's security group. */
        egressRule?: Transform<aws.vpc.SecurityGroupEgressRuleArgs>;
    };
}

/**
 * One container on Fargate: task definition, roles, logs, security group,
 * the ECS service and optional discovery and autoscaling.
 *
 * Secure defaults: a task role separate from the execution role, no inbound
 * traffic unless `allowFrom` is called, ECS Exec on (audited through the task
 * role), deployment circuit breaker with rollback.
 *
 * Cost: per task, vCPU-hours and GB-hours (Spot about 70% less, ARM about
 * 20% less), plus $0.005/hour for a public IPv4 address. Nothing while
 * `paused`. Log storage is $0.03/GB-month after ingestion.
 */
export class FargateService extends pulumi.ComponentResource {
    readonly service: aws.ecs.Service;
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly executionRole: aws.iam.Role;
    readonly taskRole: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** The Cloud Map service tasks register in, when `discoveryNamespaceId` was given. */
    readonly discoveryService?: aws.servicediscovery.Service;
    /** The ECS service name (for `aws ecs execute-command`). */
    readonly serviceName: pulumi.Output<string>;
    /** The container name inside the task. */
    readonly containerName: string;
    readonly port: number;
    private readonly transforms: FargateServiceArgs["transform"];

    constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:FargateService", name, {}, opts);
        const cpu = args.cpu ?? 256;
        const memory = args.memory ?? 512;
        if (!isValidFargateSize(cpu, memory)) {
            throw new ComponentError("shoestring:aws:FargateService", name, `cpu ${cpu} with memory ${memory} is not a Fargate task size`);
        }
        const desiredCount = args.desiredCount ?? 1;
        const maxCount = args.maxCount ?? desiredCount;
        const paused = args.paused ?? false;
        const autoscaling = maxCount > desiredCount;
        const schedule = args.schedule;
        // The schedule owns the counts unless paused pins them to 0.
        const scheduleOwns = schedule !== undefined && !paused;
        const scalable = autoscaling || schedule !== undefined;
        this.containerName = name;
        this.port = args.port;
        this.transforms = args.transform;

        this.logGroup = new aws.cloudwatch.LogGroup(
            ...transformed(args.transform?.logGroup, `${name}-logs`, { name: `/ecs/${pulumi.getProject()}-${pulumi.getStack()}/${name}`, retentionInDays: args.logRetentionDays ?? 7 }, { parent: this }),
        );

        // Only ECS acting for this account's tasks may assume the roles (the
        // confused-deputy guard the ECS task role page recommends).
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const regionName = aws.getRegionOutput({}, { parent: this }).region;
        const assumedByEcsTasks = pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:ecs:${regionName}:${identity.accountId}:*` },
                        StringEquals: { "aws:SourceAccount": identity.accountId },
                    },
                },
            ],
        });

        // The execution role is ECS's: pull the image, write logs, read the listed secrets.
        // Under the project's path, with the boundary: what a bootstrap deploy role may create.
        const placement = { path: WORKLOAD_ROLE_PATH, permissionsBoundary: args.permissionsBoundary };
        this.executionRole = new aws.iam.Role(...transformed(args.transform?.executionRole, `${name}-execution`, { ...placement, assumeRolePolicy: assumedByEcsTasks, description: `ECS agent for ${name}: image pull, logs, secrets` }, { parent: this }));
        new aws.iam.RolePolicyAttachment(...transformed(args.transform?.executionPolicyAttachment, `${name}-execution-managed`, { role: this.executionRole.name, policyArn: TASK_EXECUTION_POLICY_ARN }, { parent: this }));
        const executionStatements: pulumi.Input<aws.iam.PolicyStatement>[] = [];
        if (args.parameterArns && args.parameterArns.length > 0) {
            executionStatements.push({ Sid: "ReadTaskParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: args.parameterArns });
        }
        if (args.secretArns && args.secretArns.length > 0) {
            executionStatements.push({ Sid: "ReadTaskSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: args.secretArns });
        }
        if (args.pullThroughRepositoryArns && args.pullThroughRepositoryArns.length > 0) {
            executionStatements.push({ Sid: "PullThroughCache", Effect: "Allow", Action: ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"], Resource: args.pullThroughRepositoryArns });
        }
        if (executionStatements.length > 0) {
            new aws.iam.RolePolicy(
                ...transformed(args.transform?.executionPolicy, `${name}-execution-extra`, { role: this.executionRole.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: executionStatements }) }, { parent: this }),
            );
        }

        // The task role is the app's: its AWS permissions, and ECS Exec's channels.
        const exec = args.exec ?? true;
        this.taskRole = new aws.iam.Role(...transformed(args.transform?.taskRole, `${name}-task`, { ...placement, assumeRolePolicy: assumedByEcsTasks, description: `Application permissions of ${name}` }, { parent: this }));
        const taskStatements: pulumi.Input<aws.iam.PolicyStatement>[] = [
            ...(exec
                ? ([
                      { Sid: "EcsExec", Effect: "Allow", Action: ECS_EXEC_ACTIONS, Resource: "*" },
                      // The cluster logs exec sessions the DEFAULT way, through the
                      // container's awslogs settings, and the SSM agent in the task
                      // writes them with the task role.
                      { Sid: "EcsExecLogGroups", Effect: "Allow", Action: ECS_EXEC_LOG_GROUP_ACTIONS, Resource: "*" },
                      { Sid: "EcsExecLogs", Effect: "Allow", Action: ECS_EXEC_LOG_STREAM_ACTIONS, Resource: pulumi.interpolate`${this.logGroup.arn}:*` },
                  ] satisfies pulumi.Input<aws.iam.PolicyStatement>[])
                : []),
            ...(args.taskPolicyStatements ?? []),
        ];
        // IAM refuses a policy without statements: a role with nothing to do gets none.
        if (taskStatements.length > 0) {
            new aws.iam.RolePolicy(...transformed(args.transform?.taskPolicy, `${name}-task-policy`, { role: this.taskRole.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: taskStatements }) }, { parent: this }));
        }
        const writablePaths = exec ? [] : (args.writablePaths ?? ["/tmp"]);
        const volumeName = (p: string) => `writable${p.replace(/[^A-Za-z0-9]+/g, "-")}`.replace(/-$/, "");

        this.securityGroup = new aws.ec2.SecurityGroup(
            ...transformed(args.transform?.securityGroup, `${name}-sg`, {
                vpcId: args.vpcId,
                description: `Tasks of ${name}`,
                egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], description: "Image pulls, AWS APIs, database" }],
            }, { parent: this }),
        );

        const environment = Object.entries(args.environment ?? {}).map(([key, value]) => pulumi.output(value).apply((v) => ({ name: key, value: v })));
        const secrets = Object.entries(args.secrets ?? {}).map(([key, value]) => pulumi.output(value).apply((v) => ({ name: key, valueFrom: v })));
        const containerDefinitions = pulumi.jsonStringify([
            {
                name,
                image: args.image,
                essential: true,
                portMappings: [{ name: "http", containerPort: args.port, protocol: "tcp", appProtocol: "http" }],
                environment: pulumi.all(environment),
                secrets: pulumi.all(secrets),
                // An init process reaps the shells ECS Exec starts.
                linuxParameters: { initProcessEnabled: true },
                readonlyRootFilesystem: !exec,
                mountPoints: writablePaths.map((containerPath) => ({ sourceVolume: volumeName(containerPath), containerPath, readOnly: false })),
                logConfiguration: {
                    logDriver: "awslogs",
                    options: { "awslogs-group": this.logGroup.name, "awslogs-region": regionName, "awslogs-stream-prefix": name },
                },
                ...(args.healthCheckCommand ? { healthCheck: { command: args.healthCheckCommand, interval: 30, timeout: 5, retries: 3, startPeriod: 15 } } : {}),
                stopTimeout: 30,
            },
        ]);

        this.taskDefinition = new aws.ecs.TaskDefinition(
            ...transformed(args.transform?.taskDefinition, `${name}-task`, {
                family: taskFamily(pulumi.getProject(), pulumi.getStack(), name),
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu: String(cpu),
                memory: String(memory),
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: args.architecture === "arm64" ? "ARM64" : "X86_64" },
                executionRoleArn: this.executionRole.arn,
                taskRoleArn: this.taskRole.arn,
                containerDefinitions,
                // Task storage, empty at start and gone with the task.
                volumes: writablePaths.map((p) => ({ name: volumeName(p) })),
            }, { parent: this }),
        );

        if (args.discoveryNamespaceId) {
            this.discoveryService = new aws.servicediscovery.Service(
                ...transformed(args.transform?.discoveryService, `${name}-discovery`, {
                    name: `${name}-srv`,
                    description: `Tasks of ${name}, with their ports (for API Gateway)`,
                    dnsConfig: { namespaceId: args.discoveryNamespaceId, dnsRecords: [{ type: "SRV", ttl: 10 }], routingPolicy: "MULTIVALUE" },
                    healthCheckCustomConfig: {},
                    forceDestroy: true,
                }, { parent: this }),
            );
        }

        this.service = new aws.ecs.Service(
            ...transformed(args.transform?.service, name, {
                cluster: args.clusterArn,
                taskDefinition: this.taskDefinition.arn,
                desiredCount: paused || schedule ? 0 : desiredCount,
                capacityProviderStrategies: [{ capacityProvider: CAPACITY_PROVIDERS[args.capacity], weight: 1, base: 0 }],
                platformVersion: "LATEST",
                networkConfiguration: { subnets: args.subnetIds, securityGroups: [this.securityGroup.id], assignPublicIp: args.assignPublicIp ?? true },
                enableExecuteCommand: exec,
                deploymentCircuitBreaker: { enable: true, rollback: true },
                deploymentMinimumHealthyPercent: 100,
                deploymentMaximumPercent: 200,
                // Lets a capacity strategy change (Spot <-> on-demand) update the service in place.
                forceNewDeployment: true,
                propagateTags: "SERVICE",
                enableEcsManagedTags: true,
                serviceConnectConfiguration: {
                    enabled: true,
                    namespace: args.serviceConnectNamespace,
                    services: [{ portName: "http", discoveryName: name, clientAlias: [{ port: args.port, dnsName: name }] }],
                },
                serviceRegistries: this.discoveryService ? { registryArn: this.discoveryService.arn, containerName: name, containerPort: args.port } : undefined,
                loadBalancers: args.targetGroupArn ? [{ targetGroupArn: args.targetGroupArn, containerName: name, containerPort: args.port }] : undefined,
                healthCheckGracePeriodSeconds: args.targetGroupArn ? 60 : undefined,
                waitForSteadyState: false,
            },
            // With autoscaling, the scaler owns the count (pausing pins it to 0..0); with a schedule, the schedule.
            { parent: this, ignoreChanges: autoscaling || scheduleOwns ? ["desiredCount"] : [] }),
        );
        this.serviceName = this.service.name;

        if (scalable) {
            const target = new aws.appautoscaling.Target(
                ...transformed(args.transform?.scalingTarget, `${name}-scaling`, {
                    serviceNamespace: "ecs",
                    scalableDimension: "ecs:service:DesiredCount",
                    resourceId: pulumi.interpolate`service/${args.clusterName}/${this.service.name}`,
                    minCapacity: paused || schedule ? 0 : desiredCount,
                    maxCapacity: paused || schedule ? 0 : maxCount,
                }, { parent: this, ignoreChanges: scheduleOwns ? ["minCapacity", "maxCapacity"] : [] }),
            );
            const policy = autoscaling
                ? new aws.appautoscaling.Policy(
                      ...transformed(args.transform?.scalingPolicy, `${name}-cpu`, {
                          policyType: "TargetTrackingScaling",
                          serviceNamespace: target.serviceNamespace,
                          scalableDimension: target.scalableDimension,
                          resourceId: target.resourceId,
                          targetTrackingScalingPolicyConfiguration: {
                              predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                              targetValue: 60,
                              scaleInCooldown: 120,
                              scaleOutCooldown: 60,
                          },
                      }, { parent: this }),
                  )
                : undefined;
            if (schedule && scheduleOwns) {
                // One at a time: Application Auto Scaling refuses concurrent
                // updates of one target (ConcurrentUpdateException,
                // hashicorp/terraform-provider-aws#17915).
                let previous: pulumi.Resource | undefined = policy;
                const actions = [
                    ...schedule.wake.map((cron, i) => ({ kind: "wake", cron, i, min: desiredCount, max: maxCount })),
                    ...schedule.sleep.map((cron, i) => ({ kind: "sleep", cron, i, min: 0, max: 0 })),
                ];
                for (const action of actions) {
                    previous = new aws.appautoscaling.ScheduledAction(
                        ...transformed(args.transform?.scheduledAction, `${name}-${action.kind}-${action.i + 1}`, {
                            name: `${action.kind}-${action.i + 1}`,
                            serviceNamespace: target.serviceNamespace,
                            scalableDimension: target.scalableDimension,
                            resourceId: target.resourceId,
                            schedule: action.cron,
                            timezone: schedule.timezone,
                            scalableTargetAction: { minCapacity: action.min, maxCapacity: action.max },
                        }, { parent: this, dependsOn: previous ? [previous] : [] }),
                    );
                }
            }
        }

        this.registerOutputs({ serviceName: this.serviceName, taskDefinitionArn: this.taskDefinition.arn });
    }

    /**
     * Lets traffic from a security group (a load balancer, a VPC link) reach
     * the container port: ingress here, and the matching egress on the
     * peer's group, which has no other (so the peer reaches these tasks and
     * nothing else). Both rules are this service's: the peer's component
     * cannot own them without waiting on this service, which waits on it.
     */
    allowFrom(peer: string, securityGroupId: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule {
        new aws.vpc.SecurityGroupEgressRule(
            ...transformed(this.transforms?.egressRule, `${this.containerName}-from-${peer}-out`, { securityGroupId, referencedSecurityGroupId: this.securityGroup.id, ipProtocol: "tcp", fromPort: this.port, toPort: this.port, description: `${peer} to ${this.containerName}` }, { parent: this }),
        );
        return new aws.vpc.SecurityGroupIngressRule(
            ...transformed(this.transforms?.ingressRule, `${this.containerName}-from-${peer}`, {
                securityGroupId: this.securityGroup.id,
                referencedSecurityGroupId: securityGroupId,
                ipProtocol: "tcp",
                fromPort: this.port,
                toPort: this.port,
                description: `${this.containerName} from ${peer}`,
            }, { parent: this }),
        );
    }
}

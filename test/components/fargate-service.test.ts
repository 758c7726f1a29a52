import assert from "node:assert/strict";
import { ECS_EXEC_ACTIONS, FargateService, FargateServiceArgs, TASK_EXECUTION_POLICY_ARN } from "../../components/fargate-service";
import { onlyResource, RecordedResource, resourcesOfType, StackRecord } from "../../offline/record";
import { asList, ContainerDefinition, json, Statement } from "../stacks";
import { assertOwnsEverything, component, failure, namesOf, run } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

const TYPE = "shoestring:aws:FargateService";
const CLUSTER_ARN = "arn:aws:ecs:us-west-2:123456789012:cluster/unit-cluster";
const NAMESPACE_ARN = "arn:aws:servicediscovery:us-west-2:123456789012:namespace/ns-0123456789abcdef";
const SECRET_ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:db-AbCdEf";
const OTHER_SECRET_ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:api-key-GhIjKl";
const CACHE_REPOS = "arn:aws:ecr:us-west-2:123456789012:repository/ecr-public/*";
const TARGET_GROUP_ARN = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/web/0123456789abcdef";
const PEER_SG = "sg-0peer000000000001";

const BASE: FargateServiceArgs = {
    clusterArn: CLUSTER_ARN,
    clusterName: "unit-cluster",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
    image: "public.ecr.aws/docker/library/nginx:1.27",
    port: 8080,
    capacity: "fargate",
    serviceConnectNamespace: NAMESPACE_ARN,
};

/** Runs one FargateService named `web`, optionally calling allowFrom. */
function service(args: Partial<FargateServiceArgs>, allowFrom?: [string, string]): Promise<StackRecord> {
    return run(() => {
        const web = new FargateService("web", { ...BASE, ...args });
        if (allowFrom) {
            web.allowFrom(allowFrom[0], allowFrom[1]);
        }
        return { serviceName: web.serviceName, containerName: web.containerName };
    });
}

const one = (record: StackRecord, type: string, name?: string): RecordedResource => onlyResource(record, type, name);
const containerOf = (record: StackRecord): ContainerDefinition & Obj => {
    const definitions = json<(ContainerDefinition & Obj)[]>(one(record, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
    assert.equal(definitions.length, 1);
    return definitions[0];
};
const policyOf = (resource: RecordedResource): Statement[] => json<{ Statement: Statement[] }>(resource.inputs.policy).Statement;

describe("components/fargate-service FargateService", () => {
    describe("with every option", () => {
        let record: StackRecord;
        before(async () => {
            record = await service(
                {
                    capacity: "spot",
                    architecture: "arm64",
                    cpu: 512,
                    memory: 1024,
                    desiredCount: 1,
                    maxCount: 3,
                    logRetentionDays: 14,
                    environment: { MODE: "test" },
                    secrets: { DB_PASSWORD: `${SECRET_ARN}:password::`, API_KEY: OTHER_SECRET_ARN },
                    secretArns: [SECRET_ARN, OTHER_SECRET_ARN],
                    pullThroughRepositoryArns: [CACHE_REPOS],
                    taskPolicyStatements: [{ Sid: "AppTable", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: "arn:aws:dynamodb:us-west-2:123456789012:table/t" }],
                    discoveryNamespaceId: "ns-0123456789abcdef",
                    targetGroupArn: TARGET_GROUP_ARN,
                    healthCheckCommand: ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"],
                },
                ["load-balancer", PEER_SG],
            );
        });

        it("parents every resource to the component, which registers its outputs", () => {
            const web = component(record, TYPE);
            const children = assertOwnsEverything(record, web);
            assert.ok(children.every((c) => c.custom));
            assert.deepEqual(namesOf(resourcesOfType(record, "aws:iam/role:Role")), ["web-execution", "web-task"]);
            const svc = one(record, "aws:ecs/service:Service", "web");
            const task = one(record, "aws:ecs/taskDefinition:TaskDefinition");
            assert.equal(web.outputs.serviceName, svc.outputs.name);
            assert.equal(web.outputs.taskDefinitionArn, task.outputs.arn);
            assert.equal(record.outputs.serviceName, svc.outputs.name);
            assert.equal(record.outputs.containerName, "web");
        });

        it("sizes the task and runs it on ARM64", () => {
            const task = one(record, "aws:ecs/taskDefinition:TaskDefinition");
            assert.equal(task.inputs.cpu, "512");
            assert.equal(task.inputs.memory, "1024");
            assert.deepEqual(task.inputs.runtimePlatform, { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" });
            assert.deepEqual(task.inputs.requiresCompatibilities, ["FARGATE"]);
            assert.equal(task.inputs.networkMode, "awsvpc");
            assert.equal(task.inputs.family, "proj-unit-web");
        });

        it("runs on FARGATE_SPOT through its own strategy, without a launch type", () => {
            const svc = one(record, "aws:ecs/service:Service");
            assert.equal(svc.inputs.launchType, undefined);
            assert.deepEqual(svc.inputs.capacityProviderStrategies, [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }]);
            assert.equal(svc.inputs.cluster, CLUSTER_ARN);
            assert.equal(svc.inputs.desiredCount, 1);
        });

        it("scales on CPU between desiredCount and maxCount", () => {
            const svc = one(record, "aws:ecs/service:Service");
            const target = one(record, "aws:appautoscaling/target:Target");
            assert.equal(target.inputs.minCapacity, 1);
            assert.equal(target.inputs.maxCapacity, 3);
            assert.equal(target.inputs.serviceNamespace, "ecs");
            assert.equal(target.inputs.scalableDimension, "ecs:service:DesiredCount");
            assert.equal(target.inputs.resourceId, `service/unit-cluster/${svc.outputs.name}`);
            const policy = one(record, "aws:appautoscaling/policy:Policy");
            assert.equal(policy.inputs.policyType, "TargetTrackingScaling");
            assert.equal(policy.inputs.resourceId, target.inputs.resourceId);
            const config = policy.inputs.targetTrackingScalingPolicyConfiguration as Obj;
            assert.equal(config.predefinedMetricSpecification.predefinedMetricType, "ECSServiceAverageCPUUtilization");
            assert.equal(config.targetValue, 60);
            // The scaler owns the count: a deploy must not reset it to the minimum.
            assert.deepEqual(svc.ignoreChanges, ["desiredCount"]);
        });

        it("registers tasks with SRV records in a Cloud Map service of the namespace", () => {
            const discovery = one(record, "aws:servicediscovery/service:Service");
            const dns = discovery.inputs.dnsConfig as Obj;
            assert.equal(dns.namespaceId, "ns-0123456789abcdef");
            assert.deepEqual(dns.dnsRecords.map((r: Obj) => r.type), ["SRV"]);
            const svc = one(record, "aws:ecs/service:Service");
            assert.deepEqual(svc.inputs.serviceRegistries, { registryArn: discovery.outputs.arn, containerName: "web", containerPort: 8080 });
        });

        it("puts the tasks behind the target group, with a health check grace period", () => {
            const svc = one(record, "aws:ecs/service:Service");
            assert.deepEqual(svc.inputs.loadBalancers, [{ targetGroupArn: TARGET_GROUP_ARN, containerName: "web", containerPort: 8080 }]);
            assert.equal(svc.inputs.healthCheckGracePeriodSeconds, 60);
        });

        it("injects secrets with valueFrom, and lets the execution role read exactly the listed secrets", () => {
            const container = containerOf(record);
            assert.deepEqual(
                [...(container.secrets ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
                [
                    { name: "API_KEY", valueFrom: OTHER_SECRET_ARN },
                    { name: "DB_PASSWORD", valueFrom: `${SECRET_ARN}:password::` },
                ],
            );
            assert.deepEqual(container.environment, [{ name: "MODE", value: "test" }]);
            assert.ok(!(container.environment ?? []).some((e) => e.name === "DB_PASSWORD"), "secrets stay out of the environment");
            const executionRole = one(record, "aws:iam/role:Role", "web-execution");
            const extra = one(record, "aws:iam/rolePolicy:RolePolicy", "web-execution-extra");
            assert.equal(extra.inputs.role, executionRole.outputs.name);
            const statements = policyOf(extra);
            const read = statements.filter((s) => asList(s.Action).includes("secretsmanager:GetSecretValue"));
            assert.equal(read.length, 1);
            assert.deepEqual(asList(read[0].Action), ["secretsmanager:GetSecretValue"]);
            assert.deepEqual(asList(read[0].Resource), [SECRET_ARN, OTHER_SECRET_ARN]);
        });

        it("lets the execution role create and import pull-through cache repositories", () => {
            const statements = policyOf(one(record, "aws:iam/rolePolicy:RolePolicy", "web-execution-extra"));
            const cache = statements.find((s) => asList(s.Action).includes("ecr:CreateRepository"));
            assert.ok(cache);
            assert.deepEqual([...asList(cache.Action)].sort(), ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]);
            assert.deepEqual(asList(cache.Resource), [CACHE_REPOS]);
            assert.equal(statements.length, 2);
            const managed = one(record, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
            assert.equal(managed.inputs.policyArn, TASK_EXECUTION_POLICY_ARN);
            assert.equal(managed.inputs.role, one(record, "aws:iam/role:Role", "web-execution").outputs.name);
        });

        it("gives the app a distinct task role with ECS Exec and the given statements", () => {
            const task = one(record, "aws:ecs/taskDefinition:TaskDefinition");
            const executionRole = one(record, "aws:iam/role:Role", "web-execution");
            const taskRole = one(record, "aws:iam/role:Role", "web-task");
            assert.equal(task.inputs.executionRoleArn, executionRole.outputs.arn);
            assert.equal(task.inputs.taskRoleArn, taskRole.outputs.arn);
            assert.notEqual(task.inputs.taskRoleArn, task.inputs.executionRoleArn);
            const policy = one(record, "aws:iam/rolePolicy:RolePolicy", "web-task-policy");
            assert.equal(policy.inputs.role, taskRole.outputs.name);
            const statements = policyOf(policy);
            const exec = statements.find((s) => s.Sid === "EcsExec");
            assert.ok(exec);
            assert.deepEqual(asList(exec.Action), ECS_EXEC_ACTIONS);
            assert.ok(asList(exec.Action).every((a) => a.startsWith("ssmmessages:")));
            // Exec sessions are logged through the container's awslogs settings, with the task role.
            const logGroup = one(record, "aws:cloudwatch/logGroup:LogGroup");
            const logs = statements.find((s) => s.Sid === "EcsExecLogs");
            assert.deepEqual(asList(logs?.Action), ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]);
            assert.deepEqual(asList(logs?.Resource), [`${String(logGroup.outputs.arn)}:*`]);
            assert.deepEqual(asList(statements.find((s) => s.Sid === "EcsExecLogGroups")?.Action), ["logs:DescribeLogGroups"]);
            const app = statements.find((s) => s.Sid === "AppTable");
            assert.deepEqual(app, { Sid: "AppTable", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: "arn:aws:dynamodb:us-west-2:123456789012:table/t" });
            assert.ok(!statements.some((s) => asList(s.Action).includes("secretsmanager:GetSecretValue")), "the task role does not read the secrets");
            const trust = json<{ Statement: Statement[] }>(taskRole.inputs.assumeRolePolicy).Statement;
            assert.deepEqual(trust[0].Principal, { Service: "ecs-tasks.amazonaws.com" });
            // Only for this account's ECS tasks (confused-deputy guard), on both roles.
            for (const r of [taskRole, executionRole]) {
                const statement = json<{ Statement: (Statement & { Condition?: unknown })[] }>(r.inputs.assumeRolePolicy).Statement[0];
                assert.deepEqual(statement.Condition, { ArnLike: { "aws:SourceArn": "arn:aws:ecs:us-west-2:123456789012:*" }, StringEquals: { "aws:SourceAccount": "123456789012" } });
            }
        });

        it("keeps ECS Exec on by default, with a writable root filesystem (its agent writes there)", () => {
            const container = containerOf(record);
            assert.equal(container.readonlyRootFilesystem, false);
            assert.deepEqual(container.mountPoints, []);
            assert.equal(one(record, "aws:ecs/service:Service").inputs.enableExecuteCommand, true);
        });

        it("admits the peer security group on the container port only", () => {
            const sg = one(record, "aws:ec2/securityGroup:SecurityGroup");
            assert.equal(sg.inputs.ingress, undefined);
            const rule = one(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            assert.equal(rule.name, "web-from-load-balancer");
            assert.equal(rule.inputs.securityGroupId, sg.id);
            assert.equal(rule.inputs.referencedSecurityGroupId, PEER_SG);
            assert.equal(rule.inputs.ipProtocol, "tcp");
            assert.equal(rule.inputs.fromPort, 8080);
            assert.equal(rule.inputs.toPort, 8080);
            assert.equal(rule.inputs.cidrIpv4, undefined);
            const svc = one(record, "aws:ecs/service:Service");
            assert.deepEqual((svc.inputs.networkConfiguration as Obj).securityGroups, [sg.id]);
            // The peer may reach these tasks on that port: its egress, owned by this service.
            const out = one(record, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
            assert.equal(out.name, "web-from-load-balancer-out");
            assert.deepEqual([out.inputs.securityGroupId, out.inputs.referencedSecurityGroupId, out.inputs.fromPort, out.inputs.toPort, out.inputs.ipProtocol], [PEER_SG, sg.id, 8080, 8080, "tcp"]);
            assert.equal(out.parent, one(record, "shoestring:aws:FargateService").urn);
        });

        it("keeps logs for the given days, and the container writes to them", () => {
            const logs = one(record, "aws:cloudwatch/logGroup:LogGroup");
            assert.equal(logs.inputs.retentionInDays, 14);
            assert.equal(logs.inputs.name, "/ecs/proj-unit/web");
            const container = containerOf(record);
            assert.equal(container.logConfiguration.logDriver, "awslogs");
            assert.deepEqual(container.logConfiguration.options, { "awslogs-group": logs.outputs.name, "awslogs-region": "us-west-2", "awslogs-stream-prefix": "web" });
        });

        it("names the port mapping http, the port Service Connect publishes", () => {
            const container = containerOf(record);
            assert.equal(container.name, "web");
            assert.equal(container.image, "public.ecr.aws/docker/library/nginx:1.27");
            assert.deepEqual(container.portMappings, [{ name: "http", containerPort: 8080, protocol: "tcp", appProtocol: "http" }]);
            assert.deepEqual(container.healthCheck.command, ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"]);
            const connect = one(record, "aws:ecs/service:Service").inputs.serviceConnectConfiguration as Obj;
            assert.equal(connect.namespace, NAMESPACE_ARN);
            assert.deepEqual(connect.services.map((s: Obj) => s.portName), ["http"]);
        });
    });

    describe("with defaults", () => {
        let record: StackRecord;
        before(async () => {
            record = await service({ desiredCount: 2, maxCount: 2 });
        });

        it("parents every resource to the component", () => {
            assertOwnsEverything(record, component(record, TYPE));
        });

        it("runs 256/512 on X86_64 on-demand FARGATE", () => {
            const task = one(record, "aws:ecs/taskDefinition:TaskDefinition");
            assert.equal(task.inputs.cpu, "256");
            assert.equal(task.inputs.memory, "512");
            assert.equal((task.inputs.runtimePlatform as Obj).cpuArchitecture, "X86_64");
            const svc = one(record, "aws:ecs/service:Service");
            assert.deepEqual((svc.inputs.capacityProviderStrategies as Obj[]).map((s) => s.capacityProvider), ["FARGATE"]);
            assert.equal(svc.inputs.launchType, undefined);
            assert.equal(svc.inputs.desiredCount, 2);
            assert.equal((svc.inputs.networkConfiguration as Obj).assignPublicIp, true);
        });

        it("has no autoscaling when maxCount is not above desiredCount", () => {
            assert.deepEqual(one(record, "aws:ecs/service:Service").ignoreChanges, []);
            assert.equal(resourcesOfType(record, "aws:appautoscaling/target:Target").length, 0);
            assert.equal(resourcesOfType(record, "aws:appautoscaling/policy:Policy").length, 0);
        });

        it("has no discovery service, no load balancer and no ingress", () => {
            assert.equal(resourcesOfType(record, "aws:servicediscovery/service:Service").length, 0);
            const svc = one(record, "aws:ecs/service:Service");
            assert.equal(svc.inputs.serviceRegistries, undefined);
            assert.equal(svc.inputs.loadBalancers, undefined);
            assert.equal(svc.inputs.healthCheckGracePeriodSeconds, undefined);
            assert.equal(resourcesOfType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").length, 0);
        });

        it("gives the execution role no inline policy without secrets or a cache", () => {
            assert.deepEqual(namesOf(resourcesOfType(record, "aws:iam/rolePolicy:RolePolicy")), ["web-task-policy"]);
            const statements = policyOf(one(record, "aws:iam/rolePolicy:RolePolicy", "web-task-policy"));
            assert.deepEqual(statements.map((s) => s.Sid), ["EcsExec", "EcsExecLogGroups", "EcsExecLogs"]);
            assert.deepEqual(containerOf(record).secrets, []);
            assert.equal(containerOf(record).healthCheck, undefined);
        });

        it("keeps logs for 7 days", () => {
            assert.equal(one(record, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 7);
        });
    });

    describe("paused", () => {
        let record: StackRecord;
        before(async () => {
            record = await service({ desiredCount: 2, maxCount: 4, paused: true, architecture: "x86_64" });
        });

        it("runs no task and scales between 0 and 0", () => {
            assert.equal(one(record, "aws:ecs/service:Service").inputs.desiredCount, 0);
            const target = one(record, "aws:appautoscaling/target:Target");
            assert.equal(target.inputs.minCapacity, 0);
            assert.equal(target.inputs.maxCapacity, 0);
            assert.equal(resourcesOfType(record, "aws:appautoscaling/policy:Policy").length, 1);
            assert.equal((one(record, "aws:ecs/taskDefinition:TaskDefinition").inputs.runtimePlatform as Obj).cpuArchitecture, "X86_64");
        });
    });

    describe("with only secrets", () => {
        let record: StackRecord;
        before(async () => {
            record = await service({ secrets: { TOKEN: SECRET_ARN }, secretArns: [SECRET_ARN] });
        });

        it("grants GetSecretValue and nothing for the cache", () => {
            const statements = policyOf(one(record, "aws:iam/rolePolicy:RolePolicy", "web-execution-extra"));
            assert.deepEqual(statements.map((s) => [s.Sid, asList(s.Action), asList(s.Resource)]), [["ReadTaskSecrets", ["secretsmanager:GetSecretValue"], [SECRET_ARN]]]);
        });
    });

    it("rejects a cpu/memory pair Fargate does not offer, before creating anything", async () => {
        const err = await failure(() => new FargateService("web", { ...BASE, cpu: 256, memory: 4096 }));
        assert.equal(err.message, "shoestring:aws:FargateService web: cpu 256 with memory 4096 is not a Fargate task size");
        assert.equal(err.record.resources.filter((r) => r.custom).length, 0);
    });

    it("rejects an unknown cpu value", async () => {
        const err = await failure(() => new FargateService("web", { ...BASE, cpu: 300, memory: 512 }));
        assert.match(err.message, /cpu 300 with memory 512 is not a Fargate task size/);
    });

    describe("with ECS Exec off", () => {
        it("turns exec off, drops its permissions, and makes the root filesystem read-only with an empty /tmp", async () => {
            const record = await service({ exec: false, taskPolicyStatements: [{ Sid: "AppTable", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: "arn:aws:dynamodb:us-west-2:123456789012:table/t" }] });
            assert.equal(one(record, "aws:ecs/service:Service").inputs.enableExecuteCommand, false);
            const statements = policyOf(one(record, "aws:iam/rolePolicy:RolePolicy", "web-task-policy"));
            assert.deepEqual(statements.map((s) => s.Sid), ["AppTable"]);
            const container = containerOf(record);
            assert.equal(container.readonlyRootFilesystem, true);
            assert.deepEqual(container.mountPoints, [{ sourceVolume: "writable-tmp", containerPath: "/tmp", readOnly: false }]);
            assert.deepEqual(one(record, "aws:ecs/taskDefinition:TaskDefinition").inputs.volumes, [{ name: "writable-tmp" }]);
        });

        it("writes no task policy when the app needs no AWS permission (IAM refuses an empty one)", async () => {
            const record = await service({ exec: false, taskPolicyStatements: [] });
            assert.equal(resourcesOfType(record, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name === "web-task-policy").length, 0);
            assert.ok(one(record, "aws:iam/role:Role", "web-task"));
        });
    });

    it("applies transforms to its children before they are registered: arguments merged, or edited by a function", async () => {
        const merged = await service({ transform: { taskDefinition: { ephemeralStorage: { sizeInGib: 30 } }, logGroup: { retentionInDays: 30 } } });
        const task = one(merged, "aws:ecs/taskDefinition:TaskDefinition");
        assert.deepEqual(task.inputs.ephemeralStorage, { sizeInGib: 30 });
        assert.equal(task.inputs.networkMode, "awsvpc", "the rest stays");
        assert.equal(one(merged, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 30);
        const edited = await service(
            {
                maxCount: 3,
                transform: {
                    service: (args, opts) => {
                        args.healthCheckGracePeriodSeconds = 90;
                        opts.ignoreChanges = [...(opts.ignoreChanges ?? []), "taskDefinition"];
                    },
                    ingressRule: (args) => {
                        args.description = "edited";
                    },
                },
            },
            ["load-balancer", PEER_SG],
        );
        const ecs = one(edited, "aws:ecs/service:Service");
        assert.equal(ecs.inputs.healthCheckGracePeriodSeconds, 90);
        assert.deepEqual(ecs.ignoreChanges, ["desiredCount", "taskDefinition"], "the function sees the component's options");
        const web = component(edited, TYPE);
        assert.equal(ecs.parent, web.urn, "still the component's child");
        const ingress = one(edited, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assert.equal(ingress.inputs.description, "edited");
        assert.equal(ingress.parent, web.urn);
        assert.equal(one(edited, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").inputs.description, "load-balancer to web", "the egress rule has its own entry");
    });
    describe("with awake hours", () => {
        const SCHEDULE = { timezone: "Europe/Berlin", wake: ["cron(0 8 ? * MON-FRI *)", "cron(0 10 ? * SAT *)"], sleep: ["cron(0 19 ? * MON-FRI *)"] };
        const actions = (record: StackRecord) => resourcesOfType(record, "aws:appautoscaling/scheduledAction:ScheduledAction");

        it("gets a scalable target without autoscaling, and a wake and sleep action per expression in the schedule's zone", async () => {
            const record = await service({ desiredCount: 2, maxCount: 2, schedule: SCHEDULE });
            const target = one(record, "aws:appautoscaling/target:Target");
            assert.equal(resourcesOfType(record, "aws:appautoscaling/policy:Policy").length, 0);
            assert.deepEqual(
                actions(record).map((a) => [a.name, a.inputs.name, a.inputs.schedule, a.inputs.timezone, a.inputs.scalableTargetAction, a.inputs.resourceId === target.inputs.resourceId]),
                [
                    ["web-wake-1", "wake-1", "cron(0 8 ? * MON-FRI *)", "Europe/Berlin", { minCapacity: 2, maxCapacity: 2 }, true],
                    ["web-wake-2", "wake-2", "cron(0 10 ? * SAT *)", "Europe/Berlin", { minCapacity: 2, maxCapacity: 2 }, true],
                    ["web-sleep-1", "sleep-1", "cron(0 19 ? * MON-FRI *)", "Europe/Berlin", { minCapacity: 0, maxCapacity: 0 }, true],
                ],
            );
            // One at a time: each action waits for the one before.
            const [first, second, third] = actions(record);
            assert.ok(second.dependencies.includes(first.urn) && third.dependencies.includes(second.urn));
        });

        it("leaves the counts to the schedule: registered at 0, then ignored, so an update outside awake hours starts nothing", async () => {
            const record = await service({ desiredCount: 1, maxCount: 3, schedule: SCHEDULE });
            const svc = one(record, "aws:ecs/service:Service");
            const target = one(record, "aws:appautoscaling/target:Target");
            assert.equal(svc.inputs.desiredCount, 0);
            assert.deepEqual(svc.ignoreChanges, ["desiredCount"]);
            assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [0, 0]);
            assert.deepEqual(target.ignoreChanges, ["minCapacity", "maxCapacity"]);
            assert.deepEqual(actions(record)[0].inputs.scalableTargetAction, { minCapacity: 1, maxCapacity: 3 });
            // Autoscaling still scales between the wake action's bounds; the first action waits for its policy.
            const policy = one(record, "aws:appautoscaling/policy:Policy");
            assert.ok(actions(record)[0].dependencies.includes(policy.urn));
        });

        it("paused wins: no scheduled actions, and the service and target pinned to 0 with nothing ignored", async () => {
            const record = await service({ desiredCount: 1, schedule: SCHEDULE, paused: true });
            const svc = one(record, "aws:ecs/service:Service");
            const target = one(record, "aws:appautoscaling/target:Target");
            assert.equal(actions(record).length, 0);
            assert.equal(svc.inputs.desiredCount, 0);
            assert.deepEqual(svc.ignoreChanges, []);
            assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity, target.ignoreChanges], [0, 0, []]);
        });

        it("without a schedule registers no target or action unless it autoscales", async () => {
            const record = await service({ desiredCount: 1 });
            assert.equal(resourcesOfType(record, "aws:appautoscaling/target:Target").length, 0);
            assert.equal(actions(record).length, 0);
            assert.equal(one(record, "aws:ecs/service:Service").inputs.desiredCount, 1);
        });
    });
});

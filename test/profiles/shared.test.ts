import assert from "node:assert/strict";
import { TASK_EXECUTION_POLICY_ARN } from "../../components/fargate-service";
import { onlyResource, RecordedResource, resourcesOfType, StackRecord } from "../../offline/record";
import { assertMatches, hasResourceProperties, Match, valueAt } from "../match";
import { asList, ContainerDefinition, json, stack, Statement } from "../stacks";


const STACKS = ["cheap", "dev"];
const STATEFUL_TYPES = ["aws:rds/instance:Instance", "aws:dynamodb/table:Table", "aws:ecr/repository:Repository"];
const CREDENTIAL_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

const urns = (record: StackRecord): string[] => record.resources.map((r) => r.urn).sort();
const ofType = (record: StackRecord, types: string[]): RecordedResource[] => record.resources.filter((r) => types.includes(r.type));

/** The policy documents attached inline to a role. */
function inlinePolicies(record: StackRecord, role: RecordedResource): Statement[] {
    return resourcesOfType(record, "aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.inputs.role === role.outputs.name)
        .flatMap((p) => json<{ Statement: Statement[] }>(p.inputs.policy).Statement);
}

for (const name of STACKS) {
    describe(`both profiles: stack ${name}`, () => {
        let record: StackRecord;
        before(async () => {
            record = await stack(name);
        });

        it("gives every task a task role distinct from its execution role, which carries AmazonECSTaskExecutionRolePolicy", () => {
            const tasks = resourcesOfType(record, "aws:ecs/taskDefinition:TaskDefinition");
            assert.ok(tasks.length >= 1);
            const roles = resourcesOfType(record, "aws:iam/role:Role");
            for (const task of tasks) {
                assert.ok(task.inputs.taskRoleArn, `${task.name} has a task role`);
                assert.notEqual(task.inputs.taskRoleArn, task.inputs.executionRoleArn);
                const execution = roles.find((r) => r.outputs.arn === task.inputs.executionRoleArn);
                assert.ok(execution, `${task.name}'s execution role is in the stack`);
                const attached = resourcesOfType(record, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === execution.outputs.name);
                assert.deepEqual(attached.map((a) => a.inputs.policyArn), [TASK_EXECUTION_POLICY_ARN]);
            }
        });

        it("scopes the backend's DynamoDB access to the stack's table only", () => {
            const table = onlyResource(record, "aws:dynamodb/table:Table");
            const task = onlyResource(record, "aws:ecs/taskDefinition:TaskDefinition", "backend-task");
            const role = resourcesOfType(record, "aws:iam/role:Role").find((r) => r.outputs.arn === task.inputs.taskRoleArn)!;
            const dynamo = inlinePolicies(record, role).filter((s) => asList(s.Action).some((a) => a.startsWith("dynamodb:")));
            assert.ok(dynamo.length >= 1);
            for (const statement of dynamo) {
                assert.ok(asList(statement.Action).every((a) => a !== "*" && a !== "dynamodb:*"));
                assert.deepEqual(asList(statement.Resource).sort(), [table.outputs.arn, `${table.outputs.arn}/index/*`].sort());
            }
            // No other role of the stack can touch DynamoDB.
            for (const other of resourcesOfType(record, "aws:iam/role:Role").filter((r) => r !== role)) {
                assert.ok(!inlinePolicies(record, other).some((s) => asList(s.Action).some((a) => a.startsWith("dynamodb:"))), other.name);
            }
        });

        it("uses no access keys: no aws.iam.AccessKey and no AWS credential variables in any container", () => {
            assert.equal(resourcesOfType(record, "aws:iam/accessKey:AccessKey").length, 0);
            for (const task of resourcesOfType(record, "aws:ecs/taskDefinition:TaskDefinition")) {
                for (const container of json<ContainerDefinition[]>(task.inputs.containerDefinitions)) {
                    const names = [...(container.environment ?? []), ...(container.secrets ?? [])].map((v) => v.name);
                    assert.deepEqual(names.filter((n) => CREDENTIAL_VARIABLES.includes(n)), [], `${task.name}/${container.name}`);
                    for (const variable of container.environment ?? []) {
                        assert.doesNotMatch(variable.value, /\b(AKIA|ASIA)[A-Z0-9]{16}\b/, variable.name);
                    }
                }
            }
        });

        it("hands the backend its frontend URL, table and database login, the password only by its secret's ARN", () => {
            const task = onlyResource(record, "aws:ecs/taskDefinition:TaskDefinition", "backend-task");
            const [container] = json<ContainerDefinition[]>(task.inputs.containerDefinitions);
            const env = Object.fromEntries((container.environment ?? []).map((v) => [v.name, v.value]));
            assert.equal(env.FRONTEND_URL, record.outputs.frontendUrl);
            assert.equal(env.TABLE_NAME, onlyResource(record, "aws:dynamodb/table:Table").outputs.name);
            assert.equal(env.DB_HOST, onlyResource(record, "aws:rds/instance:Instance").outputs.address);
            assert.equal(env.DB_USER, onlyResource(record, "aws:rds/instance:Instance").inputs.username);
            assert.equal(env.DB_PASSWORD, undefined);
            const secretArn = valueAt(onlyResource(record, "aws:rds/instance:Instance").outputs, "masterUserSecrets", 0, "secretArn");
            assert.equal(env.DB_SECRET_ARN, secretArn);
            // RDS rotates the managed secret every 7 days; ECS would inject it only at task start.
            assert.deepEqual(container.secrets ?? [], []);
            // The app reads the secret when it connects: its task role may read it, and only it.
            const taskRole = resourcesOfType(record, "aws:iam/role:Role").find((r) => r.outputs.arn === task.inputs.taskRoleArn)!;
            const reads = inlinePolicies(record, taskRole).filter((s) => asList(s.Action).includes("secretsmanager:GetSecretValue"));
            assert.deepEqual(reads.flatMap((s) => asList(s.Resource)), [secretArn]);
        });

        it("enables ECS Exec on every service, with the SSM channels in the task role", () => {
            const services = resourcesOfType(record, "aws:ecs/service:Service");
            assert.ok(services.length >= 1);
            for (const service of services) {
                assert.equal(service.inputs.enableExecuteCommand, true, service.name);
                assert.deepEqual(service.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
            }
            for (const task of resourcesOfType(record, "aws:ecs/taskDefinition:TaskDefinition")) {
                const role = resourcesOfType(record, "aws:iam/role:Role").find((r) => r.outputs.arn === task.inputs.taskRoleArn)!;
                const actions = inlinePolicies(record, role).flatMap((s) => asList(s.Action));
                assert.ok(actions.includes("ssmmessages:OpenDataChannel"), task.name);
            }
        });

        it("keeps every log group for a set number of days", () => {
            const groups = resourcesOfType(record, "aws:cloudwatch/logGroup:LogGroup");
            assert.ok(groups.length >= 2);
            for (const group of groups) {
                assert.equal(group.inputs.retentionInDays, 7, group.name);
            }
        });

        it("keeps the database private, encrypted, AWS-managed and reachable only from the backend", () => {
            const db = onlyResource(record, "aws:rds/instance:Instance");
            assert.equal(db.inputs.publiclyAccessible, false);
            assert.equal(db.inputs.storageEncrypted, true);
            assert.equal(db.inputs.manageMasterUserPassword, true);
            assert.equal(db.inputs.password, undefined);
            assert.equal(db.inputs.skipFinalSnapshot, false);
            assert.equal(db.inputs.deletionProtection, true);
            const dbSg = onlyResource(record, "aws:ec2/securityGroup:SecurityGroup", "database-sg");
            const backendSg = onlyResource(record, "aws:ec2/securityGroup:SecurityGroup", "backend-sg");
            const rules = resourcesOfType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === dbSg.id);
            assert.deepEqual(rules.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort]), [[backendSg.id, 5432, 5432]]);
        });

        it("protects the stateful resources", () => {
            for (const resource of ofType(record, STATEFUL_TYPES)) {
                assert.equal(resource.protect, true, resource.name);
            }
            assert.equal(ofType(record, STATEFUL_TYPES).length, 4);
        });

        it("exports the profile, URLs, cluster, services and database endpoint", () => {
            assertMatches(record.outputs, {
                clusterName: onlyResource(record, "aws:ecs/cluster:Cluster").outputs.name,
                services: { backend: onlyResource(record, "aws:ecs/service:Service", "backend").outputs.name },
                databaseEndpoint: onlyResource(record, "aws:rds/instance:Instance").outputs.address,
                healthCheckUrl: `${String(record.outputs.apiUrl)}/api/health-check`,
                profile: name === "dev" ? "homework" : "cheap",
                axes: { api: Match.anyValue(), capacity: Match.anyValue(), frontend: Match.anyValue(), compute: "ecs", database: "rds" },
                databaseKind: "rds",
                dataProtected: true,
            }, "outputs");
            assert.deepEqual(Object.keys(record.outputs.axes ?? {}).sort(), ["api", "capacity", "compute", "database", "frontend"]);
        });

        it("exports the log group each service's container writes to, by the service's short name", () => {
            const logGroups = record.outputs.logGroups as Record<string, string>;
            const services = record.outputs.services as Record<string, string>;
            assert.deepEqual(Object.keys(logGroups).sort(), Object.keys(services).sort());
            for (const task of resourcesOfType(record, "aws:ecs/taskDefinition:TaskDefinition")) {
                for (const container of json<(ContainerDefinition & { logConfiguration: { options: Record<string, string> } })[]>(task.inputs.containerDefinitions)) {
                    assert.equal(logGroups[container.name], container.logConfiguration.options["awslogs-group"], container.name);
                }
            }
        });
    });
}

describe("stack serverless", () => {
    it("exports the function's log group as the backend's", async () => {
        const record = await stack("serverless");
        const fn = onlyResource(record, "aws:lambda/function:Function");
        assert.deepEqual(record.outputs.logGroups, { backend: valueAt(fn.inputs, "loggingConfig", "logGroup") });
        assert.equal(valueAt(record.outputs, "logGroups", "backend"), "/lambda/shoestring-serverless/backend");
    });
});

describe("pausing", () => {
    for (const name of STACKS) {
        it(`stack ${name}: scales every service to 0 and stops the database, changing no URN`, async () => {
            const running = await stack(name);
            const paused = await stack(name, { paused: true });
            assert.deepEqual(urns(paused), urns(running));
            const services = resourcesOfType(paused, "aws:ecs/service:Service");
            assert.ok(services.length >= 1);
            for (const service of services) {
                assert.equal(service.inputs.desiredCount, 0, service.name);
            }
            assert.ok(resourcesOfType(running, "aws:ecs/service:Service").every((s) => s.inputs.desiredCount === 1));
            assert.equal(onlyResource(paused, "aws:rds/instanceDesiredState:InstanceDesiredState").inputs.state, "stopped");
            assert.equal(onlyResource(running, "aws:rds/instanceDesiredState:InstanceDesiredState").inputs.state, "available");
            // Nothing but the counts and the database state differs.
            const changed = paused.resources.filter((r) => {
                const before = running.resources.find((x) => x.urn === r.urn)!;
                return JSON.stringify(before.inputs) !== JSON.stringify(r.inputs);
            });
            assert.deepEqual(changed.map((r) => r.type).sort(), [...services.map((s) => s.type), "aws:rds/instanceDesiredState:InstanceDesiredState"].sort());
        });
    }

    it("pins autoscaling to 0..0 too, so it cannot start tasks again", async () => {
        const scaled = await stack("cheap", { backend: { desiredCount: 1, maxCount: 4 } });
        const target = onlyResource(scaled, "aws:appautoscaling/target:Target");
        assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [1, 4]);
        assert.equal(onlyResource(scaled, "aws:appautoscaling/policy:Policy").inputs.policyType, "TargetTrackingScaling");
        const pausedScaled = await stack("cheap", { backend: { desiredCount: 1, maxCount: 4 }, paused: true });
        const pausedTarget = onlyResource(pausedScaled, "aws:appautoscaling/target:Target");
        assert.deepEqual([pausedTarget.inputs.minCapacity, pausedTarget.inputs.maxCapacity], [0, 0]);
        assert.deepEqual(urns(pausedScaled), urns(scaled));
    });
});

describe("swapping profiles on one stack", () => {
    const records = () => Promise.all([stack("cheap"), stack("cheap", { profile: "homework" })]);
    const hostRecords = (record: StackRecord) =>
        resourcesOfType(record, "aws:route53/record:Record").filter((r) => r.inputs.type === "A");

    it("keeps the URN of the database, the table and the image repositories", async () => {
        const [cheap, homework] = await records();
        assert.deepEqual(homework.outputs.profile, "homework");
        const stateful = (r: StackRecord) => ofType(r, STATEFUL_TYPES).map((x) => x.urn).sort();
        assert.equal(stateful(cheap).length, 4);
        assert.deepEqual(stateful(homework), stateful(cheap));
    });

    it("keeps one Route 53 record per public host name, with the same URN and a new target", async () => {
        const [cheap, homework] = await records();
        for (const host of ["shoestring.example.com", "api.shoestring.example.com"]) {
            const before = hostRecords(cheap).filter((r) => r.inputs.name === host);
            const after = hostRecords(homework).filter((r) => r.inputs.name === host);
            assert.equal(before.length, 1, host);
            assert.equal(after.length, 1, host);
            assert.equal(after[0].urn, before[0].urn);
            assert.notEqual(valueAt(after[0].inputs, "aliases", 0, "name"), valueAt(before[0].inputs, "aliases", 0, "name"));
        }
        const alb = onlyResource(homework, "aws:lb/loadBalancer:LoadBalancer");
        assert.ok(hostRecords(homework).every((r) => valueAt(r.inputs, "aliases", 0, "name") === alb.outputs.dnsName));
    });

    it("changes one axis alone: homework on Spot moves both services to FARGATE_SPOT", async () => {
        const spot = await stack("dev", { capacity: "spot" });
        const strategies = resourcesOfType(spot, "aws:ecs/service:Service").map((s) => valueAt(s.inputs, "capacityProviderStrategies", 0, "capacityProvider"));
        assert.deepEqual(strategies, ["FARGATE_SPOT", "FARGATE_SPOT"]);
        assert.equal(resourcesOfType(spot, "aws:lb/loadBalancer:LoadBalancer").length, 1);
    });
});

describe("without a domain", () => {
    for (const name of STACKS) {
        it(`stack ${name}: builds on the default endpoints, with no certificate and no record`, async () => {
            const record = await stack(name, { domain: undefined });
            assert.equal(resourcesOfType(record, "aws:acm/certificate:Certificate").length, 0);
            assert.equal(resourcesOfType(record, "aws:route53/record:Record").length, 0);
            assert.equal(resourcesOfType(record, "pulumi:providers:aws").length, 0);
            const outputs = record.outputs;
            if (name === "cheap") {
                const distribution = onlyResource(record, "aws:cloudfront/distribution:Distribution");
                assert.deepEqual(distribution.inputs.aliases, []);
                assert.deepEqual(distribution.inputs.viewerCertificate, { cloudfrontDefaultCertificate: true });
                assert.equal(outputs.frontendUrl, `https://${distribution.outputs.domainName}`);
                assert.equal(outputs.apiUrl, onlyResource(record, "aws:apigatewayv2/api:Api").outputs.apiEndpoint);
                assert.match(String(outputs.apiUrl), /\.execute-api\.us-west-2\.amazonaws\.com$/);
                const config = onlyResource(record, "aws:s3/bucketObjectv2:BucketObjectv2", "site/config.json");
                assert.equal(JSON.parse(config.inputs.content as string).apiUrl, outputs.apiUrl);
                hasResourceProperties(record, "aws:apigatewayv2/api:Api", { corsConfiguration: { allowOrigins: [outputs.frontendUrl] } });
            } else {
                const alb = onlyResource(record, "aws:lb/loadBalancer:LoadBalancer");
                assert.equal(outputs.apiUrl, `http://${alb.outputs.dnsName}`);
                assert.equal(outputs.frontendUrl, `http://${alb.outputs.dnsName}`);
                const listeners = resourcesOfType(record, "aws:lb/listener:Listener");
                assert.deepEqual(listeners.map((l) => l.inputs.protocol), ["HTTP"]);
                const paths = resourcesOfType(record, "aws:lb/listenerRule:ListenerRule").map((r) => String(valueAt(r.inputs, "conditions", 0, "pathPattern", "values", 0)));
                assert.deepEqual(paths.sort(), ["/*", "/api/*"]);
            }
        });
    }
});

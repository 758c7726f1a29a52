/**
 * The ECS rules (lib/aws-rules/rules/ecs.ts): task families, Spot services
 * ordered after their capacity providers, ECS Exec logging, what a service
 * names of its task definition, and container secrets (their form, the
 * execution role that reads them, the RDS-managed password kept out).
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN_VALUE } from "../../../../lib/aws-rules";
import { assumeEcsTasks, contractStatements, DB, findings, PARAMETER_ARN, PARAMETER_NAME, properties, secretTask, Statements, STRIPE, TASK_EXECUTION } from "./fixtures";

/** A cluster, its capacity providers and a Spot service, optionally ordered after them. */
function spotService(ordered: boolean): void {
    const cluster = new aws.ecs.Cluster("c", {});
    const capacity = new aws.ecs.ClusterCapacityProviders("cap", { clusterName: cluster.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"] });
    const task = new aws.ecs.TaskDefinition("t", { family: "shop-web", cpu: "256", memory: "512", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], containerDefinitions: "[]" });
    new aws.ecs.Service("web", { cluster: cluster.arn, taskDefinition: task.arn, capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }, { dependsOn: ordered ? [capacity] : [] });
}

/** How an ECS Exec service is set up: by default ECS Exec on, cluster logging unset (DEFAULT), awslogs to the program's group, and a task role that may write it. */
interface ExecService {
    exec?: boolean;
    /** The cluster's exec logging: DEFAULT, OVERRIDE, NONE, or none set. */
    logging?: string;
    logDriver?: string;
    logRegion?: string;
    /** Whether the task role has the log statements at all. */
    logs?: boolean;
    /** The log stream statement's resource (default the group's own ARN), and the DescribeLogGroups statement's (default *). */
    streams?: string;
    groups?: string;
    role?: "program" | "none" | "external-policy";
    cluster?: "program" | "external";
}

function execService(o: ExecService = {}): void {
    const cluster = new aws.ecs.Cluster("c", o.logging === undefined ? {} : { configuration: { executeCommandConfiguration: { logging: o.logging } } });
    const logs = new aws.cloudwatch.LogGroup("logs", { name: "/ecs/shop/web" });
    const role = new aws.iam.Role("task", { assumeRolePolicy: assumeEcsTasks });
    const statements: pulumi.Input<aws.iam.PolicyStatement>[] = [{ Effect: "Allow", Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], Resource: "*" }];
    if (o.logs ?? true) {
        statements.push({ Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: o.groups ?? "*" }, { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], Resource: o.streams ?? pulumi.interpolate`${logs.arn}:*` });
    }
    new aws.iam.RolePolicy("task-policy", { role: role.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) });
    if (o.role === "external-policy") new aws.iam.RolePolicyAttachment("task-extra", { role: role.name, policyArn: "arn:aws:iam::123456789012:policy/shop-logs" });
    const task = new aws.ecs.TaskDefinition("t", {
        family: "shop-web",
        cpu: "256",
        memory: "512",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        taskRoleArn: o.role === "none" ? undefined : role.arn,
        containerDefinitions: pulumi.jsonStringify([{ name: "web", image: "nginx", logConfiguration: { logDriver: o.logDriver ?? "awslogs", options: { "awslogs-group": logs.name, "awslogs-stream-prefix": "web", ...(o.logRegion ? { "awslogs-region": o.logRegion } : {}) } } }]),
    });
    new aws.ecs.Service("web", { cluster: o.cluster === "external" ? "arn:aws:ecs:us-west-2:123456789012:cluster/other" : cluster.arn, taskDefinition: task.arn, enableExecuteCommand: o.exec ?? true });
}

const RDS_SECRET = "arn:aws:secretsmanager:us-west-2:123456789012:secret:rds!db-0f1e2d3c-0000-4000-8000-0a1b2c3d4e5f-AbCdEf";

describe("lib/aws-rules/rules/ecs: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-ecs-task-family: a dot is refused, a hyphen passes", async () => {
        const family = (f: string) => () => void new aws.ecs.TaskDefinition("t", { family: f, containerDefinitions: "[]" });
        const bad = await findings("aws-ecs-task-family", family("shop-prod.eu-web"));
        assert.deepEqual(bad.map((f) => [f.property, f.value]), [["family", "shop-prod.eu-web"]]);
        assert.deepEqual(await findings("aws-ecs-task-family", family("shop-prod-eu-web")), []);
        assert.equal((await findings("aws-ecs-task-family", family("a".repeat(256)))).length, 1);
    });

    it("aws-ecs-service-after-capacity-providers: a Spot service not ordered after the attachment is refused", async () => {
        const bad = await findings("aws-ecs-service-after-capacity-providers", () => spotService(false));
        assert.equal(bad.length, 1);
        assert.match(bad[0].message, /does not depend on cap, which attaches FARGATE_SPOT/);
        assert.deepEqual(await findings("aws-ecs-service-after-capacity-providers", () => spotService(true)), []);
        const missing = await findings("aws-ecs-service-after-capacity-providers", () => {
            const cluster = new aws.ecs.Cluster("c", {});
            new aws.ecs.Service("web", { cluster: cluster.arn, capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] });
        });
        assert.match(missing[0].message, /no ClusterCapacityProviders attaches FARGATE_SPOT/);
    });

    it("aws-ecs-exec-session-logging: a task role that cannot write the session logs is refused", async () => {
        const bad = await findings("aws-ecs-exec-session-logging", () => execService({ logging: "DEFAULT", logs: false }));
        assert.equal(bad.length, 1);
        assert.match(bad[0].message, /lacks logs:CreateLogStream, logs:DescribeLogStreams, logs:PutLogEvents, logs:DescribeLogGroups/);
        // The service deploys; exec sessions then fail.
        assert.equal(bad[0].effect, "broken");
        assert.deepEqual(await findings("aws-ecs-exec-session-logging", () => execService({ logging: "DEFAULT" })), []);
    });

    it("aws-ecs-secret-rotated-by-rds: the RDS-managed password as an ECS secret is refused, its ARN in the environment passes", async () => {
        const task = (container: object) => () => void new aws.ecs.TaskDefinition("t", { family: "shop-web", containerDefinitions: JSON.stringify([{ name: "web", image: "nginx", ...container }]) });
        const bad = await findings("aws-ecs-secret-rotated-by-rds", task({ secrets: [{ name: "DB_PASSWORD", valueFrom: `${RDS_SECRET}:password::` }] }));
        assert.deepEqual(bad.map((f) => [f.property, f.value]), [["containerDefinitions[0].secrets[0]", "DB_PASSWORD"]]);
        assert.deepEqual(await findings("aws-ecs-secret-rotated-by-rds", task({ environment: [{ name: "DB_SECRET_ARN", value: RDS_SECRET }], secrets: [{ name: "API_KEY", valueFrom: "arn:aws:secretsmanager:us-west-2:123456789012:secret:api-key-AbCdEf" }] })), []);
    });

    it("aws-ecs-target-group-type-ip: a Fargate service behind an instance target group is refused", async () => {
        const behind = (targetType: string) => () => {
            const group = new aws.lb.TargetGroup("web", { port: 8080, protocol: "HTTP", vpcId: "vpc-0a0b0c0d0e0f01234", targetType });
            const task = new aws.ecs.TaskDefinition("t", { family: "shop-web", networkMode: "awsvpc", containerDefinitions: JSON.stringify([{ name: "web", image: "nginx", portMappings: [{ containerPort: 8080 }] }]) });
            new aws.ecs.Service("web", { taskDefinition: task.arn, loadBalancers: [{ targetGroupArn: group.arn, containerName: "web", containerPort: 8080 }] });
        };
        assert.deepEqual((await findings("aws-ecs-target-group-type-ip", behind("instance"))).map((f) => [f.property, f.value]), [["loadBalancers[0].targetGroupArn", "instance"]]);
        assert.deepEqual(await findings("aws-ecs-target-group-type-ip", behind("ip")), []);
    });

    it("aws-ecs-container-references: a load balancer, registry or Service Connect name the task definition lacks is refused", async () => {
        const service = (container: string, port: number, portName: string) => () => {
            const task = new aws.ecs.TaskDefinition("t", { family: "shop-web", networkMode: "awsvpc", containerDefinitions: JSON.stringify([{ name: "web", image: "nginx", portMappings: [{ name: "http", containerPort: 8080 }] }]) });
            new aws.ecs.Service("web", {
                taskDefinition: task.arn,
                loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/web/0123456789abcdef", containerName: container, containerPort: port }],
                serviceRegistries: { registryArn: "arn:aws:servicediscovery:us-west-2:123456789012:service/srv-0123456789abcdef", containerName: "web", containerPort: port },
                serviceConnectConfiguration: { enabled: true, namespace: "shop.internal", services: [{ portName, discoveryName: "web", clientAlias: [{ port: 8080 }] }] },
            });
        };
        const bad = await findings("aws-ecs-container-references", service("api", 80, "web"));
        assert.deepEqual(bad.map((f) => f.property), ["loadBalancers[0].containerName", "serviceRegistries.containerPort", "serviceConnectConfiguration.services[0].portName"]);
        assert.match(bad[0].message, /has no container api \(it has web\)/);
        assert.deepEqual(await findings("aws-ecs-container-references", service("web", 8080, "http")), []);
    });

    it("aws-ecs-secret-value-from: the contract's task passes; a duplicate name, a name also in the environment, no execution role are refused", async () => {
        assert.deepEqual(await findings("aws-ecs-secret-value-from", secretTask()), []);
        const twice = await findings("aws-ecs-secret-value-from", secretTask({ secrets: (arn) => [{ name: "API_TOKEN", valueFrom: arn }, { name: "API_TOKEN", valueFrom: STRIPE }] }));
        assert.deepEqual(twice.map((f) => [f.property, f.value, f.effect]), [["containerDefinitions[0].secrets[1].name", "API_TOKEN", "refused"]]);
        assert.match(twice[0].message, /Duplicate secret names found: API_TOKEN/);
        const shared = await findings("aws-ecs-secret-value-from", secretTask({ environment: [{ name: "API_TOKEN", value: "plain" }] }));
        assert.deepEqual(shared.map((f) => f.property), ["containerDefinitions[0].secrets[0].name"]);
        assert.match(shared[0].message, /also in container web's environment: "The secret name must be unique and not shared/);
        const roleless = await findings("aws-ecs-secret-value-from", secretTask({ executionRole: "none" }));
        assert.deepEqual(roleless.map((f) => f.property), ["executionRoleArn"]);
        assert.match(roleless[0].message, /you must also specify a value for 'executionRoleArn'/);
        // Two containers may each have a secret of one name.
        const twoContainers = () => void new aws.ecs.TaskDefinition("t", { family: "f", executionRoleArn: "arn:aws:iam::123456789012:role/x", containerDefinitions: JSON.stringify(["web", "worker"].map((name) => ({ name, image: "nginx", secrets: [{ name: "API_TOKEN", valueFrom: PARAMETER_NAME }] }))) });
        assert.deepEqual(await findings("aws-ecs-secret-value-from", twoContainers), []);
    });

    it("aws-ecs-secret-value-from: a valueFrom that is neither an SSM parameter (ARN or name) nor a Secrets Manager ARN in ECS's form is refused", async () => {
        const refused: [string, RegExp][] = [
            ["secretsmanager:prod/stripe", /is no ARN, so ECS takes it for the name of an SSM parameter .* has ":"/],
            ["ssm:/own-app/api-token", /has ":"/],
            ["/shop dev/x", /has " "/],
            ["MyParameter3/L1", /without its leading "\/"/],
            ["", /is empty/],
            ["arn:aws:ssm:us-west-2:123456789012:parameter//shop/x", /names the SSM parameter "\/\/shop\/x", which has an empty hierarchy level/],
            ["arn:aws:ssm:us-west-2:123456789012:parameter/", /is empty/],
            ["arn:aws:s3:::shop-secrets/api-token", /is an ARN of s3; ECS reads secrets from SSM Parameter Store/],
            [`${DB}:password`, /has 1 field\(s\) after the secret's ARN; ECS takes none or all three/],
            [`${DB}:password:AWSPREVIOUS:9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE`, /names both a version stage \(AWSPREVIOUS\) and a version id/],
            ["arn:aws:secretsmanager:us-west-2:123456789012:secret:", /is not a Secrets Manager secret ARN/],
            ["arn:aws:secretsmanager:us-west-2:123456789012:prod/stripe", /is not a Secrets Manager secret ARN/],
        ];
        for (const [valueFrom, message] of refused) {
            const found = await findings("aws-ecs-secret-value-from", secretTask({ secrets: () => [{ name: "X", valueFrom }] }));
            assert.deepEqual(found.map((f) => [f.property, f.value]), [["containerDefinitions[0].secrets[0].valueFrom", valueFrom]], valueFrom);
            assert.match(found[0].message, message, valueFrom);
        }
        // The forms the ECS guide shows: a parameter by name or ARN (AWS's public ones too), a secret in full, by JSON key, stage or version id.
        const accepted = ["GOOGLE_CLIENT_ID", PARAMETER_NAME, PARAMETER_ARN, "arn:aws:ssm:eu-west-1:123456789012:parameter/x", "/aws/reference/secretsmanager/prod/db", "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", STRIPE, DB, `${DB}:password::`, `${DB}::AWSPREVIOUS:`, `${DB}:::9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE`, `${DB}:username1:AWSPREVIOUS:`];
        for (const valueFrom of accepted) {
            assert.deepEqual(await properties("aws-ecs-secret-value-from", secretTask({ secrets: () => [{ name: "X", valueFrom }] })), [], valueFrom);
        }
    });

    it("aws-ecs-secret-complete-arn: a secret by partial ARN is a warning; a complete ARN, a name ending in - and 6 characters, a parameter are not", async () => {
        const warned = await findings("aws-ecs-secret-complete-arn", secretTask());
        assert.deepEqual(warned.map((f) => [f.level, f.effect, f.property, f.value]), [["warning", "broken", "containerDefinitions[0].secrets[1].valueFrom", STRIPE]]);
        assert.match(warned[0].message, /names secret prod\/stripe by a partial ARN .*Give the complete ARN/);
        assert.equal((await findings("aws-ecs-secret-complete-arn", secretTask({ secrets: () => [{ name: "A", valueFrom: `${STRIPE}:key::` }] }))).length, 1);
        for (const valueFrom of [DB, `${DB}:password::`, "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/api-tokens", PARAMETER_NAME, PARAMETER_ARN, "not:valid"]) {
            assert.deepEqual(await findings("aws-ecs-secret-complete-arn", secretTask({ secrets: () => [{ name: "A", valueFrom }] })), [], valueFrom);
        }
    });

    it("aws-ecs-secrets-readable: the contract's execution role passes; without ssm:GetParameters, or a secret allowed without its -?????? suffix, the task does not start", async () => {
        assert.deepEqual(await findings("aws-ecs-secrets-readable", secretTask()), []);
        const noParameter = await findings("aws-ecs-secrets-readable", secretTask({ statements: (arn) => contractStatements(arn).slice(1) }));
        assert.deepEqual(noParameter.map((f) => [f.property, f.effect, f.level]), [["containerDefinitions[0].secrets[0].valueFrom", "broken", "error"]]);
        assert.match(noParameter[0].message, new RegExp(`execution role web-execution may not ssm:GetParameters on ${PARAMETER_ARN} \\(no policy of the role allows it\\).*ResourceInitializationError`));
        // The app's action is not the agent's: ssm:GetParameter does not allow GetParameters.
        const singular: Statements = (arn) => [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: arn }, contractStatements(arn)[1]];
        assert.deepEqual(await properties("aws-ecs-secrets-readable", secretTask({ statements: singular })), ["containerDefinitions[0].secrets[0].valueFrom"]);
        // Secrets Manager adds 6 characters to a name: the partial ARN alone matches no secret.
        const bare: Statements = (arn) => [contractStatements(arn)[0], { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [STRIPE, DB] }];
        const stripe = await findings("aws-ecs-secrets-readable", secretTask({ statements: bare }));
        assert.deepEqual(stripe.map((f) => f.property), ["containerDefinitions[0].secrets[1].valueFrom"]);
        assert.match(stripe[0].message, /secretsmanager:GetSecretValue on arn:aws:secretsmanager:us-west-2:123456789012:secret:prod\/stripe-\?\?\?\?\?\? \(Secrets Manager adds/);
        // Wildcards that cover them pass: a path of parameters, every secret under prod/.
        const wide: Statements = () => [{ Effect: "Allow", Action: ["ssm:Get*", "secretsmanager:GetSecretValue"], Resource: ["arn:aws:ssm:us-west-2:123456789012:parameter/shop/dev/backend/*", "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/*"] }];
        assert.deepEqual(await findings("aws-ecs-secrets-readable", secretTask({ statements: wide })), []);
    });

    it("aws-ecs-secrets-readable: a parameter by name is read in the task's Region and account; a boundary of the program must allow it too", async () => {
        const byName = (statements: Statements) => secretTask({ statements, secrets: () => [{ name: "API_TOKEN", valueFrom: PARAMETER_NAME }] });
        assert.deepEqual(await findings("aws-ecs-secrets-readable", byName((arn) => [{ Effect: "Allow", Action: "ssm:GetParameters", Resource: arn }])), []);
        const elsewhere = await findings("aws-ecs-secrets-readable", byName(() => [{ Effect: "Allow", Action: "ssm:GetParameters", Resource: "arn:aws:ssm:us-east-1:123456789012:parameter/shop/dev/backend/API_TOKEN" }]));
        assert.match(elsewhere[0]?.message ?? "", new RegExp(`may not ssm:GetParameters on ${PARAMETER_ARN}`));
        const bounded = await findings("aws-ecs-secrets-readable", secretTask({ boundary: ["secretsmanager:GetSecretValue", "ecr:*", "logs:*"] }));
        assert.deepEqual(bounded.map((f) => f.property), ["containerDefinitions[0].secrets[0].valueFrom"]);
        assert.match(bounded[0].message, /\(its permissions boundary boundary does not allow it\)/);
        assert.deepEqual(await findings("aws-ecs-secrets-readable", secretTask({ boundary: ["ssm:GetParameters", "secretsmanager:GetSecretValue"] })), []);
    });

    it("aws-ecs-secrets-readable: a role the program does not fully show is not judged", async () => {
        // Another program's role, a managed policy the rules do not know (it may grant anything): nothing said.
        assert.deepEqual(await findings("aws-ecs-secrets-readable", secretTask({ executionRole: "external", statements: () => [] })), []);
        assert.deepEqual(await findings("aws-ecs-secrets-readable", secretTask({ attached: [TASK_EXECUTION, "arn:aws:iam::aws:policy/SecretsManagerReadWrite"], statements: () => [] })), []);
        // AmazonECSTaskExecutionRolePolicy is known: it reads no secrets.
        assert.equal((await findings("aws-ecs-secrets-readable", secretTask({ statements: () => [] }))).length, 3);
        // A policy of the program attached to the role counts.
        const attachedPolicy = () => {
            const policy = new aws.iam.Policy("read-secrets", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ssm:GetParameters", "secretsmanager:GetSecretValue"], Resource: "*" }] }) });
            const role = new aws.iam.Role("exec", { assumeRolePolicy: assumeEcsTasks });
            new aws.iam.RolePolicyAttachment("exec-read", { role: role.name, policyArn: policy.arn });
            new aws.ecs.TaskDefinition("t", { family: "f", executionRoleArn: role.arn, containerDefinitions: JSON.stringify([{ name: "web", image: "nginx", secrets: [{ name: "A", valueFrom: PARAMETER_NAME }, { name: "B", valueFrom: STRIPE }] }]) });
        };
        assert.deepEqual(await findings("aws-ecs-secrets-readable", attachedPolicy), []);
    });

    describe("the edges of each rule", () => {
        const family = "shop-web";
        /** A task definition of these containers (JSON as ECS takes it), awsvpc unless told otherwise. */
        const task = (containerDefinitions: unknown, args: Partial<aws.ecs.TaskDefinitionArgs> = {}) => new aws.ecs.TaskDefinition("t", { family, networkMode: "awsvpc", containerDefinitions: typeof containerDefinitions === "string" ? containerDefinitions : JSON.stringify(containerDefinitions), ...args });

        it("aws-ecs-task-family: the message says what ECS takes; a family that is no string is not this rule's", async () => {
            const bad = await findings("aws-ecs-task-family", () => void new aws.ecs.TaskDefinition("t", { family: "shop.web", containerDefinitions: "[]" }));
            assert.equal(bad[0]?.message, "ECS accepts only 1 to 255 letters, digits, hyphens and underscores (no dots)");
            assert.deepEqual(await findings("aws-ecs-task-family", () => void new aws.ecs.TaskDefinition("t", { family: 5 as unknown as string, containerDefinitions: "[]" })), []);
        });

        it("aws-ecs-service-after-capacity-providers: what it says, for which cluster, and what it leaves alone", async () => {
            const rule = "aws-ecs-service-after-capacity-providers";
            const spot = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
            // Names given as text, not outputs: the attachment and the service find the cluster by its name.
            const byName = (attached: string[], ordered: boolean) => () => {
                const cluster = new aws.ecs.Cluster("c", { name: "shop" });
                const capacity = new aws.ecs.ClusterCapacityProviders("cap", { clusterName: "shop", capacityProviders: attached }, { dependsOn: [cluster] });
                new aws.ecs.Service("web", { cluster: "shop", capacityProviderStrategies: spot }, { dependsOn: ordered ? [capacity] : [cluster] });
            };
            assert.deepEqual(await findings(rule, byName(["FARGATE", "FARGATE_SPOT"], true)), []);
            const unordered = await findings(rule, byName(["FARGATE_SPOT"], false));
            assert.deepEqual(unordered.map((f) => [f.property, f.value]), [["cluster", "FARGATE_SPOT"]]);
            const missing = await findings(rule, byName(["FARGATE"], true));
            assert.deepEqual(missing.map((f) => [f.property, f.value, f.message]), [["capacityProviderStrategies[0].capacityProvider", "FARGATE_SPOT", "no ClusterCapacityProviders attaches FARGATE_SPOT to cluster c; CreateService refuses a strategy naming a capacity provider the cluster does not have"]]);
            // Another cluster's attachment does not count.
            const otherCluster = await findings(rule, () => {
                const a = new aws.ecs.Cluster("a", {});
                const b = new aws.ecs.Cluster("b", {});
                const capacity = new aws.ecs.ClusterCapacityProviders("cap", { clusterName: b.name, capacityProviders: ["FARGATE_SPOT"] });
                new aws.ecs.Service("web", { cluster: a.arn, capacityProviderStrategies: spot }, { dependsOn: [capacity] });
            });
            assert.match(otherCluster[0]?.message ?? "", /no ClusterCapacityProviders attaches FARGATE_SPOT to cluster a/);
            // Nothing to judge: no strategy, a cluster of another program, a provider not known yet.
            assert.deepEqual(await findings(rule, () => void new aws.ecs.Service("web", { cluster: new aws.ecs.Cluster("c", {}).arn })), []);
            assert.deepEqual(await findings(rule, () => void new aws.ecs.Service("web", { cluster: "arn:aws:ecs:us-west-2:123456789012:cluster/other", capacityProviderStrategies: spot })), []);
            assert.deepEqual(await findings(rule, () => void new aws.ecs.Service("web", { cluster: new aws.ecs.Cluster("c", {}).arn, capacityProviderStrategies: [{ capacityProvider: UNKNOWN_VALUE, weight: 1 }] })), []);
        });

        it("aws-ecs-exec-session-logging: only with ECS Exec on, logged the DEFAULT way, to awslogs, by a task role the program shows", async () => {
            const rule = "aws-ecs-exec-session-logging";
            assert.deepEqual(await findings(rule, () => execService()), []);
            // No logging set is DEFAULT.
            const narrow = await findings(rule, () => execService({ groups: "arn:aws:logs:us-west-2:123456789012:log-group:*" }));
            assert.deepEqual(narrow.map((f) => [f.property, f.value]), [["enableExecuteCommand", true]]);
            assert.match(narrow[0].message, /^ECS Exec sessions are logged to \/ecs\/shop\/web \(cluster logging DEFAULT\), but task role task lacks logs:DescribeLogGroups; sessions then fail to start$/);
            assert.equal((await findings(rule, () => execService({ logging: "DEFAULT", streams: "arn:aws:logs:eu-west-1:*:log-group:/ecs/shop/web:*" }))).length, 1);
            // The log group's Region is the container's awslogs-region.
            assert.deepEqual(await findings(rule, () => execService({ logRegion: "eu-west-1", streams: "arn:aws:logs:eu-west-1:*:log-group:/ecs/shop/web:*" })), []);
            assert.equal((await findings(rule, () => execService({ logRegion: "eu-west-1", streams: "arn:aws:logs:us-west-2:*:log-group:/ecs/shop/web:*" }))).length, 1);
            const narrowAndOff = { groups: "arn:aws:logs:us-west-2:123456789012:log-group:*" };
            for (const o of [{ exec: false }, { logging: "OVERRIDE" }, { logging: "NONE" }, { logDriver: "splunk" }, { role: "none" as const }, { role: "external-policy" as const }, { cluster: "external" as const }]) {
                assert.deepEqual(await findings(rule, () => execService({ ...narrowAndOff, ...o })), [], JSON.stringify(o));
            }
        });

        it("aws-ecs-secret-rotated-by-rds: the message says why and what to do instead", async () => {
            const found = await findings("aws-ecs-secret-rotated-by-rds", () => void task([{ name: "web", image: "nginx", secrets: [{ name: "DB_PASSWORD", valueFrom: `${RDS_SECRET}:password::` }, { name: "N", valueFrom: 5 }] }]));
            assert.deepEqual(found.map((f) => f.message), ["DB_PASSWORD comes from an RDS-managed secret, which RDS rotates every 7 days; ECS injects it only when the task starts, so running tasks keep a dead password. Pass the secret's ARN and read it when connecting"]);
        });

        it("aws-ecs-target-group-type-ip: the group the service names, of either SDK type, without a target type (instance); not for bridge tasks or groups outside the program", async () => {
            const rule = "aws-ecs-target-group-type-ip";
            const behind = (o: { types?: (string | undefined)[]; pick?: number; networkMode?: string; alb?: boolean; external?: boolean }) => () => {
                const groups = (o.types ?? ["instance"]).map((targetType, i) => (o.alb ? new aws.alb.TargetGroup(`g${i}`, { port: 8080, protocol: "HTTP", vpcId: "vpc-0a0b0c0d0e0f01234", targetType }) : new aws.lb.TargetGroup(`g${i}`, { port: 8080, protocol: "HTTP", vpcId: "vpc-0a0b0c0d0e0f01234", targetType })));
                const picked = groups[o.pick ?? 0];
                const arn = o.external ? "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/other/0123456789abcdef" : picked.arn;
                const t = task([{ name: "web", image: "nginx", portMappings: [{ containerPort: 8080 }] }], { networkMode: o.networkMode ?? "awsvpc" });
                new aws.ecs.Service("web", { taskDefinition: t.arn, loadBalancers: [{ targetGroupArn: arn, containerName: "web", containerPort: 8080 }] });
            };
            const bad = await findings(rule, behind({ types: [undefined] }));
            assert.deepEqual(bad.map((f) => [f.property, f.value, f.message]), [["loadBalancers[0].targetGroupArn", "instance", "target group g0 has target type instance; tasks with awsvpc networking register by IP address, so ECS refuses any target type but ip"]]);
            assert.equal((await findings(rule, behind({ alb: true }))).length, 1);
            assert.deepEqual(await findings(rule, behind({ types: ["instance", "ip"], pick: 1 })), []);
            assert.deepEqual(await findings(rule, behind({ types: ["ip", "instance"], pick: 1 })).then((f) => f.map((x) => x.message.split(";")[0])), ["target group g1 has target type instance"]);
            for (const o of [{ networkMode: "bridge" }, { external: true }, { types: [UNKNOWN_VALUE] }]) {
                assert.deepEqual(await findings(rule, behind(o)), [], JSON.stringify(o));
            }
            assert.deepEqual(await findings(rule, () => void new aws.ecs.Service("web", { taskDefinition: "arn:aws:ecs:us-west-2:123456789012:task-definition/other:1", loadBalancers: [{ targetGroupArn: new aws.lb.TargetGroup("g", { targetType: "instance" }).arn, containerName: "web", containerPort: 80 }] })), []);
        });

        it("aws-ecs-container-references: the messages list what the task definition has; nothing named, or not known yet, is not judged", async () => {
            const rule = "aws-ecs-container-references";
            const containers = [
                { name: "web", image: "nginx", portMappings: [{ name: "http", containerPort: 8080 }, { containerPort: 9090 }] },
                { name: "worker", image: "nginx" },
            ];
            const service = (args: Partial<aws.ecs.ServiceArgs>, definitions: unknown = containers) => () => void new aws.ecs.Service("web", { taskDefinition: task(definitions).arn, ...args });
            const lb = (containerName: string | undefined, containerPort: number) => ({ loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/web/0123456789abcdef", containerName: containerName as string, containerPort }] });
            assert.deepEqual(await findings(rule, service(lb("web", 9090))), []);
            assert.equal((await findings(rule, service(lb("api", 8080))))[0]?.message, "task definition t has no container api (it has web, worker)");
            assert.equal((await findings(rule, service(lb("web", 80))))[0]?.message, "container web maps no port 80 (it maps 8080, 9090)");
            assert.equal((await findings(rule, service(lb("worker", 80))))[0]?.message, "container worker maps no port 80 (it maps none)");
            const connect = (portName: string) => ({ serviceConnectConfiguration: { enabled: true, namespace: "shop.internal", services: [{ portName, discoveryName: "web" }] } });
            assert.equal((await findings(rule, service(connect("grpc"))))[0]?.message, "no port mapping of task definition t is named grpc (named: http)");
            assert.equal((await findings(rule, service(connect("grpc"), [{ name: "web", image: "nginx", portMappings: [{ containerPort: 8080 }] }])))[0]?.message, "no port mapping of task definition t is named grpc (named: none)");
            // A registry without a port, a load balancer without a container, definitions not known yet, a task of another program.
            const registry = { serviceRegistries: { registryArn: "arn:aws:servicediscovery:us-west-2:123456789012:service/srv-0123456789abcdef", containerName: "web" } };
            for (const args of [registry, lb(undefined, 8080)]) {
                assert.deepEqual(await findings(rule, service(args)), [], JSON.stringify(args));
            }
            assert.deepEqual(await findings(rule, service(lb("api", 8080), UNKNOWN_VALUE)), []);
            assert.deepEqual(await findings(rule, () => void new aws.ecs.Service("web", { taskDefinition: "arn:aws:ecs:us-west-2:123456789012:task-definition/other:1", ...lb("api", 8080) })), []);
        });

        it("the secret rules: no secrets need no execution role; a valueFrom not known yet, or no string, is not judged", async () => {
            assert.deepEqual(await findings("aws-ecs-secret-value-from", () => void task([{ name: "web", image: "nginx", environment: [{ name: "A", value: "1" }] }])), []);
            const unknown = () => void task([{ name: "web", image: "nginx", secrets: [{ name: "A", valueFrom: UNKNOWN_VALUE }, { name: "B", valueFrom: 5 }] }], { executionRoleArn: new aws.iam.Role("exec", { assumeRolePolicy: assumeEcsTasks }).arn });
            for (const rule of ["aws-ecs-secret-value-from", "aws-ecs-secrets-readable", "aws-ecs-secret-complete-arn", "aws-ecs-secret-rotated-by-rds"]) {
                assert.deepEqual(await findings(rule, unknown), [], rule);
            }
        });
    });
});

/**
 * Each AWS rule on a small realistic program it rejects and one it accepts,
 * run through the offline engine as the plan runs them.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { SiteSync } from "../../../components/site-sync";
import { AWS_RULES, AwsRule, Finding, runRule } from "../../../lib/aws-rules";
import { cloudFormationValidator } from "../../../lib/aws-rules/cloudformation/validator";
import { SECURITY_GROUP_DESCRIPTION } from "../../../lib/aws-rules/rules/ec2";
import { environmentBytes, lambdaArchitectureOf } from "../../../lib/aws-rules/rules/lambda";
import { ruleContextOf } from "../../../offline/aws-checks";
import { runProgram } from "../../../offline/engine";
import { offlineDefaultSubnets } from "../../../offline/mocks";
import { stack } from "../../stacks";

const rule = (id: string): AwsRule => {
    const found = AWS_RULES.find((r) => r.id === id);
    assert.ok(found, id);
    return found;
};

/** Runs a program in a region and returns one rule's findings. */
async function findings(id: string, program: () => void, region = "us-west-2"): Promise<Finding[]> {
    const record = await runProgram({ project: "shop", stack: "dev", config: { "aws:region": region }, program });
    return runRule(rule(id), ruleContextOf(record));
}

const assumeEcsTasks = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });

/** A cluster, its capacity providers and a Spot service, optionally ordered after them. */
function spotService(ordered: boolean): void {
    const cluster = new aws.ecs.Cluster("c", {});
    const capacity = new aws.ecs.ClusterCapacityProviders("cap", { clusterName: cluster.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"] });
    const task = new aws.ecs.TaskDefinition("t", { family: "shop-web", cpu: "256", memory: "512", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], containerDefinitions: "[]" });
    new aws.ecs.Service("web", { cluster: cluster.arn, taskDefinition: task.arn, capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }, { dependsOn: ordered ? [capacity] : [] });
}

/** A service with ECS Exec, logged the DEFAULT way, whose task role may or may not write the logs. */
function execService(withLogs: boolean): void {
    const cluster = new aws.ecs.Cluster("c", { configuration: { executeCommandConfiguration: { logging: "DEFAULT" } } });
    const logs = new aws.cloudwatch.LogGroup("logs", { name: "/ecs/shop/web" });
    const role = new aws.iam.Role("task", { assumeRolePolicy: assumeEcsTasks });
    const statements: pulumi.Input<aws.iam.PolicyStatement>[] = [{ Effect: "Allow", Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], Resource: "*" }];
    if (withLogs) {
        statements.push({ Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" }, { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logs.arn}:*` });
    }
    new aws.iam.RolePolicy("task-policy", { role: role.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) });
    const task = new aws.ecs.TaskDefinition("t", {
        family: "shop-web",
        cpu: "256",
        memory: "512",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        taskRoleArn: role.arn,
        containerDefinitions: pulumi.jsonStringify([{ name: "web", image: "nginx", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": logs.name, "awslogs-region": "us-west-2", "awslogs-stream-prefix": "web" } } }]),
    });
    new aws.ecs.Service("web", { cluster: cluster.arn, taskDefinition: task.arn, enableExecuteCommand: true });
}

const RDS_SECRET = "arn:aws:secretsmanager:us-west-2:123456789012:secret:rds!db-0f1e2d3c-0000-4000-8000-0a1b2c3d4e5f-AbCdEf";

/** An API Gateway custom domain on a certificate with this key algorithm. */
function apiDomain(keyAlgorithm: string): void {
    const certificate = new aws.acm.Certificate("cert", { domainName: "api.example.com", validationMethod: "DNS", keyAlgorithm });
    new aws.apigatewayv2.DomainName("domain", { domainName: "api.example.com", domainNameConfiguration: { certificateArn: certificate.arn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" } });
}

describe("lib/aws-rules: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-ec2-security-group-description: an apostrophe is refused, the same words without it pass", async () => {
        const bad = await findings("aws-ec2-security-group-description", () => void new aws.ec2.SecurityGroup("db", { description: "Postgres: only from the app's tasks" }));
        assert.deepEqual(bad.map((f) => [f.resource, f.property, f.value]), [["db (aws:ec2/securityGroup:SecurityGroup)", "description", "Postgres: only from the app's tasks"]]);
        assert.match(bad[0].message, /"'"/);
        const long = await findings("aws-ec2-security-group-description", () => void new aws.vpc.SecurityGroupIngressRule("in", { securityGroupId: "sg-0123456789abcdef0", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, description: "x".repeat(256) }));
        assert.match(long[0].message, /256 characters; EC2 accepts at most 255/);
        const inline = await findings("aws-ec2-security-group-description", () => void new aws.ec2.SecurityGroup("db", { description: "ok", ingress: [{ protocol: "tcp", fromPort: 1, toPort: 1, description: "from the app's tasks" }] }));
        assert.deepEqual(inline.map((f) => f.property), ["ingress[0].description"]);
        assert.deepEqual(await findings("aws-ec2-security-group-description", () => void new aws.ec2.SecurityGroup("db", { description: "Postgres, only from the app tasks (port 5432) #1 [a+b=c]" })), []);
    });

    it("aws-ec2-security-group-description: its characters are exactly those AWS's CloudFormation schema accepts", async () => {
        // One security group per printable ASCII character, through AWS's own validator (rule F3031, the schema's pattern).
        const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
        const record = await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: () => printable.forEach((ch, i) => new aws.ec2.SecurityGroup(`sg${i}`, { description: `x${ch}x` })) });
        const context = ruleContextOf(record);
        const refused = new Set((await cloudFormationValidator().validate(context.resources, "us-west-2")).filter((f) => f.rule === "cfn-F3031").map((f) => f.value));
        const mismatches = printable.filter((ch) => SECURITY_GROUP_DESCRIPTION.test(ch) === refused.has(`x${ch}x`));
        assert.deepEqual(mismatches, []);
        assert.ok(refused.has("x'x") && !refused.has("x,x"));
    });

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
        const bad = await findings("aws-ecs-exec-session-logging", () => execService(false));
        assert.equal(bad.length, 1);
        assert.match(bad[0].message, /lacks logs:CreateLogStream, logs:DescribeLogStreams, logs:PutLogEvents, logs:DescribeLogGroups/);
        // The service deploys; exec sessions then fail.
        assert.equal(bad[0].effect, "broken");
        assert.deepEqual(await findings("aws-ecs-exec-session-logging", () => execService(true)), []);
    });

    it("aws-ecs-secret-rotated-by-rds: the RDS-managed password as an ECS secret is refused, its ARN in the environment passes", async () => {
        const task = (container: object) => () => void new aws.ecs.TaskDefinition("t", { family: "shop-web", containerDefinitions: JSON.stringify([{ name: "web", image: "nginx", ...container }]) });
        const bad = await findings("aws-ecs-secret-rotated-by-rds", task({ secrets: [{ name: "DB_PASSWORD", valueFrom: `${RDS_SECRET}:password::` }] }));
        assert.deepEqual(bad.map((f) => [f.property, f.value]), [["containerDefinitions[0].secrets[0]", "DB_PASSWORD"]]);
        assert.deepEqual(await findings("aws-ecs-secret-rotated-by-rds", task({ environment: [{ name: "DB_SECRET_ARN", value: RDS_SECRET }], secrets: [{ name: "API_KEY", valueFrom: "arn:aws:secretsmanager:us-west-2:123456789012:secret:api-key-AbCdEf" }] })), []);
    });

    it("aws-apigatewayv2-vpc-link-zones: a subnet in use1-az3 is refused in us-east-1, the other zones pass", async () => {
        const subnets = offlineDefaultSubnets("us-east-1");
        const link = (ids: string[]) => () => {
            // The program looks its subnets up, as the Network component does.
            for (const id of ids) {
                void aws.ec2.getSubnetOutput({ id });
            }
            new aws.apigatewayv2.VpcLink("link", { subnetIds: ids, securityGroupIds: [] });
        };
        const az3 = subnets.find((s) => s.availabilityZoneId === "use1-az3")!;
        const bad = await findings("aws-apigatewayv2-vpc-link-zones", link(subnets.map((s) => s.subnetId)), "us-east-1");
        assert.deepEqual(bad.map((f) => f.value), [az3.subnetId]);
        assert.match(bad[0].message, /use1-az3, where us-east-1 has no HTTP API VPC links/);
        assert.deepEqual(await findings("aws-apigatewayv2-vpc-link-zones", link(subnets.filter((s) => s !== az3).map((s) => s.subnetId)), "us-east-1"), []);
        // us-west-2 offers VPC links in every zone.
        assert.deepEqual(await findings("aws-apigatewayv2-vpc-link-zones", link(offlineDefaultSubnets("us-west-2").map((s) => s.subnetId))), []);
    });

    it("aws-acm-key-algorithm-for-consumer: an ECDSA certificate on an API Gateway domain is refused, RSA_2048 passes", async () => {
        const bad = await findings("aws-acm-key-algorithm-for-consumer", () => apiDomain("EC_prime256v1"));
        assert.deepEqual(bad.map((f) => [f.resource, f.value]), [["domain (aws:apigatewayv2/domainName:DomainName)", "EC_prime256v1"]]);
        assert.deepEqual(await findings("aws-acm-key-algorithm-for-consumer", () => apiDomain("RSA_2048")), []);
        const cloudfront = await findings("aws-acm-key-algorithm-for-consumer", () => {
            const cert = new aws.acm.Certificate("cert", { domainName: "www.example.com", validationMethod: "DNS", keyAlgorithm: "EC_secp384r1" });
            new aws.cloudfront.Distribution("cdn", { enabled: true, origins: [], defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "s3", viewerProtocolPolicy: "redirect-to-https" }, restrictions: { geoRestriction: { restrictionType: "none" } }, viewerCertificate: { acmCertificateArn: cert.arn, sslSupportMethod: "sni-only" } });
        });
        assert.match(cloudfront[0].message, /CloudFront accepts RSA_2048 or EC_prime256v1/);
    });

    it("aws-route53-one-record-per-name: two record resources for one name are refused", async () => {
        const records = (second: string) => () => {
            new aws.route53.Record("a", { zoneId: "Z0123456789ABCDEFGHIJ", name: "_x.www.example.com", type: "CNAME", ttl: 300, records: ["_y.acm-validations.aws."] });
            new aws.route53.Record("b", { zoneId: "Z0123456789ABCDEFGHIJ", name: second, type: "CNAME", ttl: 300, records: ["_y.acm-validations.aws."] });
        };
        assert.deepEqual((await findings("aws-route53-one-record-per-name", records("_x.www.example.com."))).map((f) => f.resource).sort(), ["a (aws:route53/record:Record)", "b (aws:route53/record:Record)"]);
        assert.deepEqual(await findings("aws-route53-one-record-per-name", records("_x.api.example.com")), []);
    });

    it("aws-dependency-order: an ARN copied as a plain string is refused, the same ARN through the output passes", async () => {
        const program = (throughOutput: boolean) => () => {
            const rule = new aws.ecr.PullThroughCacheRule("cache", { ecrRepositoryPrefix: "ecr-public", upstreamRegistryUrl: "public.ecr.aws" });
            const registry = "123456789012.dkr.ecr.us-west-2.amazonaws.com";
            const base = throughOutput ? pulumi.interpolate`${registry}/${rule.ecrRepositoryPrefix}` : `${registry}/ecr-public`;
            new aws.ecs.TaskDefinition("t", { family: "shop-web", containerDefinitions: pulumi.jsonStringify([{ name: "web", image: pulumi.interpolate`${base}/docker/library/nginx:1.29` }]) });
        };
        const bad = await findings("aws-dependency-order", program(false));
        assert.equal(bad.length, 1);
        assert.match(bad[0].message, /carries 123456789012\.dkr\.ecr\.us-west-2\.amazonaws\.com\/ecr-public, from cache .* does not depend on it/);
        assert.deepEqual(await findings("aws-dependency-order", program(true)), []);
        const role = await findings("aws-dependency-order", () => {
            const r = new aws.iam.Role("r", { assumeRolePolicy: assumeEcsTasks });
            r.arn.apply((arn) => new aws.ecs.TaskDefinition("t", { family: "f", containerDefinitions: "[]", taskRoleArn: arn }));
        });
        assert.match(role[0]?.message ?? "", /from r \(aws:iam\/role:Role\)/);
    });

    it("aws-rds-desired-state: a state RDS cannot reach, or a bad identifier, is refused", async () => {
        const state = (identifier: string, value: string) => () => void new aws.rds.InstanceDesiredState("s", { identifier, state: value });
        assert.deepEqual((await findings("aws-rds-desired-state", state("shop-db", "paused"))).map((f) => f.property), ["state"]);
        assert.deepEqual((await findings("aws-rds-desired-state", state("shop--db", "stopped"))).map((f) => f.property), ["identifier"]);
        assert.deepEqual(await findings("aws-rds-desired-state", state("shop-db", "stopped")), []);
    });

    describe("schedules", () => {
        /** A scalable target of an ECS service and one scheduled action on it. */
        const scheduledAction = (args: Partial<aws.appautoscaling.ScheduledActionArgs>, registered = true) => () => {
            const resourceId = "service/shop/web";
            if (registered) new aws.appautoscaling.Target("t", { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId, minCapacity: 0, maxCapacity: 0 });
            new aws.appautoscaling.ScheduledAction("a", { name: "wake-1", serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId, schedule: "cron(0 8 ? * MON-FRI *)", timezone: "Europe/Berlin", scalableTargetAction: { minCapacity: 1, maxCapacity: 2 }, ...args });
        };
        const properties = async (id: string, program: () => void) => (await findings(id, program)).map((f) => f.property);

        it("aws-appautoscaling-scheduled-action-name: a colon, a slash, a pipe, a leading space or 257 characters are refused", async () => {
            for (const name of ["wake:1", "wake/1", "a|b", " wake", "wake ", "x".repeat(257), "wäke", ""]) {
                assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-name", scheduledAction({ name })), ["name"], name);
            }
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-name", scheduledAction({ name: "wake up-1_x.y" })), []);
        });

        it("aws-appautoscaling-scheduled-action-schedule: five-field cron, * in both day fields, an hour 24 and a zone that is not IANA are refused", async () => {
            for (const schedule of ["cron(0 8 * * *)", "cron(0 8 * * MON-FRI *)", "cron(0 24 ? * MON *)", "0 8 ? * MON *", "rate(0 minutes)"]) {
                assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-schedule", scheduledAction({ schedule })), ["schedule"], schedule);
            }
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-schedule", scheduledAction({ timezone: "CET" })), ["timezone"]);
            for (const schedule of ["cron(30 6 ? * MON *)", "cron(0/15 * * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0 8 ? * 2#1 *)", "rate(5 minutes)", "at(2030-01-01T08:00:00)"]) {
                assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-schedule", scheduledAction({ schedule })), [], schedule);
            }
        });

        it("aws-appautoscaling-scheduled-action-target: no registered target, min above max, a negative or missing capacity are refused", async () => {
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({}, false)), ["resourceId"]);
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableDimension: "ecs:service:Other" })), ["resourceId"]);
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableTargetAction: { minCapacity: 3, maxCapacity: 2 } })), ["scalableTargetAction"]);
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableTargetAction: { minCapacity: -1, maxCapacity: 0 } })), ["scalableTargetAction.minCapacity"]);
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableTargetAction: {} })), ["scalableTargetAction"]);
            assert.deepEqual(await properties("aws-appautoscaling-scheduled-action-target", scheduledAction({ scalableTargetAction: { minCapacity: 0, maxCapacity: 0 } })), []);
        });

        /** A Scheduler schedule that stops an RDS instance. */
        const schedule = (args: Partial<aws.scheduler.ScheduleArgs>, target: Partial<aws.types.input.scheduler.ScheduleTarget> = {}) => () =>
            void new aws.scheduler.Schedule("s", {
                scheduleExpression: "cron(0 19 ? * MON-FRI *)",
                scheduleExpressionTimezone: "Europe/Berlin",
                flexibleTimeWindow: { mode: "OFF" },
                target: { arn: "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance", roleArn: "arn:aws:iam::123456789012:role/scheduler", input: JSON.stringify({ DbInstanceIdentifier: "shop-db" }), ...target },
                ...args,
            });

        it("aws-scheduler-schedule-expression: a cron without its year, a day-of-week 8 and an unknown zone are refused", async () => {
            for (const scheduleExpression of ["cron(0 19 ? * MON-FRI)", "cron(0 19 ? * 8 *)", "every day"]) {
                assert.deepEqual(await properties("aws-scheduler-schedule-expression", schedule({ scheduleExpression })), ["scheduleExpression"], scheduleExpression);
            }
            assert.deepEqual(await properties("aws-scheduler-schedule-expression", schedule({ scheduleExpressionTimezone: "Europe/Atlantis" })), ["scheduleExpressionTimezone"]);
            assert.deepEqual(await properties("aws-scheduler-schedule-expression", schedule({ scheduleExpression: "cron(20 0-7,19-23 ? * SUN,SAT *)" })), []);
        });

        it("aws-scheduler-universal-target: a malformed or read-only target, input that is not an object, an RDS call without its identifier are refused", async () => {
            for (const arn of ["arn:aws:scheduler:::aws-sdk:rds:StopDBInstance", "arn:aws:scheduler::aws-sdk:rds:stopDBInstance", "arn:aws:scheduler:::aws-sdk:rds:describeDBInstances"]) {
                assert.deepEqual(await properties("aws-scheduler-universal-target", schedule({}, { arn })), ["target.arn"], arn);
            }
            for (const input of ["[]", "not json", JSON.stringify({ DBInstanceIdentifier: "shop-db" })]) {
                assert.deepEqual(await properties("aws-scheduler-universal-target", schedule({}, { input })), ["target.input"], input);
            }
            assert.deepEqual(await properties("aws-scheduler-universal-target", schedule({})), []);
            assert.deepEqual(await properties("aws-scheduler-universal-target", schedule({}, { arn: "arn:aws:lambda:us-west-2:123456789012:function:f", input: "[]" })), [], "a templated target is not a universal one");
        });
    });

    it("aws-s3-object-key: a key over 1,024 bytes is refused", async () => {
        const object = (key: string) => () => void new aws.s3.BucketObjectv2("o", { bucket: "shop-site", key, content: "x" });
        assert.equal((await findings("aws-s3-object-key", object(`assets/${"é".repeat(600)}.js`))).length, 1);
        assert.deepEqual(await findings("aws-s3-object-key", object("assets/app.3f2a1b.js")), []);
    });

    it("aws-s3-site-files: a site file with a key over 1,024 bytes, or over 5 TiB, is refused", async () => {
        const file = (key: string, size = 1) => ({ key, size, sha256: "0".repeat(64), contentType: "text/plain", cacheControl: "no-cache" });
        const sync = (...files: ReturnType<typeof file>[]) => () => void new SiteSync("s", { bucket: "shop-site", region: "us-west-2", directory: "/site", files });
        assert.deepEqual((await findings("aws-s3-site-files", sync(file("index.html"), file(`assets/${"é".repeat(600)}.js`), file("video.bin", 5 * 1024 ** 4 + 1)))).map((f) => f.property), ["files[1].key", "files[2].size"]);
        assert.deepEqual(await findings("aws-s3-site-files", sync(file("index.html"), file("empty.txt", 0), file("big.bin", 5 * 1024 ** 4))), []);
    });

    it("aws-ecr-image-tag: a tag Docker cannot push to ECR is refused", async () => {
        const image = (tag: string) => () => void new dockerBuild.Image("img", { tags: [`123456789012.dkr.ecr.us-west-2.amazonaws.com/shop:${tag}`], push: true, context: { location: "." } });
        assert.equal((await findings("aws-ecr-image-tag", image("-latest"))).length, 1);
        assert.deepEqual(await findings("aws-ecr-image-tag", image("v1.2.3_build-4")), []);
    });

    it("aws-provider-region: a region AWS does not have is refused", async () => {
        const provider = (region: string) => () => void new aws.Provider("p", { region: region as aws.Region });
        assert.deepEqual((await findings("aws-provider-region", provider("us-east-9"))).map((f) => f.value), ["us-east-9"]);
        assert.deepEqual(await findings("aws-provider-region", provider("us-east-1")), []);
    });

    it("aws-provider-default-tags: a default tag AWS would refuse is refused", async () => {
        const provider = (tags: Record<string, string>) => () => void new aws.Provider("p", { region: "us-east-1", defaultTags: { tags } });
        const found = await findings("aws-provider-default-tags", provider({ "aws:team": "web", team: "a;b", ok: "fine" }));
        assert.deepEqual(found.map((f) => f.property).sort(), ["defaultTags.tags.aws:team", "defaultTags.tags.team"]);
        assert.deepEqual(await findings("aws-provider-default-tags", provider({ "shoestring:stack": "cheap", team: "web app" })), []);
        assert.deepEqual(await findings("aws-provider-default-tags", () => void new aws.Provider("p", { region: "us-east-1" })), []);
    });

    it("aws-iam-action-exists: a misspelled action or an unknown service is refused, real actions and wildcards pass", async () => {
        const policy = (actions: string[]) => () => {
            const role = new aws.iam.Role("deploy", { assumeRolePolicy: assumeEcsTasks });
            new aws.iam.RolePolicy("deploy-policy", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }) });
        };
        const bad = await findings("aws-iam-action-exists", policy(["servicediscovery:DeregisterInstances", "ecss:ListTasks", "ecs:Describe*", "logs:PutLogEvents?"]));
        assert.deepEqual(bad.map((f) => f.value), ["servicediscovery:DeregisterInstances", "ecss:ListTasks", "logs:PutLogEvents?"]);
        assert.match(bad[1].message, /no service prefix "ecss"/);
        assert.deepEqual(await findings("aws-iam-action-exists", policy(["servicediscovery:DeregisterInstance", "ecs:Describe*", "logs:PutLogEvent?", "*"])), []);
    });

    it("aws-elbv2-subnets-two-zones and aws-rds-subnet-group-two-zones: one zone is refused, two pass", async () => {
        const [a, b] = offlineDefaultSubnets("us-west-2");
        // A second subnet in a's zone: same zone id, another id.
        const sameZone = "subnet-0a0b0c0d0e0f0ffff";
        const placed = (ids: string[], create: (ids: string[]) => void) => () => {
            for (const id of ids) {
                void aws.ec2.getSubnetOutput({ id });
            }
            create(ids);
        };
        const lb = (ids: string[]) => placed(ids, (subnets) => void new aws.lb.LoadBalancer("lb", { loadBalancerType: "application", subnets }));
        const group = (ids: string[]) => placed(ids, (subnetIds) => void new aws.rds.SubnetGroup("db", { subnetIds }));
        const sameZoneAsA = async () => (await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: () => void aws.ec2.getSubnetOutput({ id: sameZone }) })).lookups!.subnets[sameZone].availabilityZoneId;
        const pair = (await sameZoneAsA()) === a.availabilityZoneId ? [a.subnetId, sameZone] : [a.subnetId, a.subnetId];
        assert.match((await findings("aws-elbv2-subnets-two-zones", lb(pair)))[0]?.message ?? "", /at least two availability zones; these are all in usw2-az/);
        assert.deepEqual(await findings("aws-elbv2-subnets-two-zones", lb([a.subnetId, b.subnetId])), []);
        assert.match((await findings("aws-rds-subnet-group-two-zones", group([a.subnetId])))[0]?.message ?? "", /a DB subnet group needs subnets in at least two/);
        assert.deepEqual(await findings("aws-rds-subnet-group-two-zones", group([a.subnetId, b.subnetId])), []);
        // A Network Load Balancer may sit in one zone.
        assert.deepEqual(await findings("aws-elbv2-subnets-two-zones", placed([a.subnetId], (subnets) => void new aws.lb.LoadBalancer("nlb", { loadBalancerType: "network", subnets }))), []);
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

    it("aws-ec2-security-groups-in-subnet-vpc: a security group of another VPC than the subnets is refused", async () => {
        const [a, b] = offlineDefaultSubnets("us-west-2");
        const link = (vpcId: string) => () => {
            for (const s of [a, b]) {
                void aws.ec2.getSubnetOutput({ id: s.subnetId });
            }
            const sg = new aws.ec2.SecurityGroup("link", { vpcId, description: "VPC link" });
            new aws.apigatewayv2.VpcLink("link", { subnetIds: [a.subnetId, b.subnetId], securityGroupIds: [sg.id] });
        };
        const bad = await findings("aws-ec2-security-groups-in-subnet-vpc", link("vpc-0fedcba9876543210"));
        assert.match(bad[0]?.message ?? "", /security group link is in vpc-0fedcba9876543210, the subnets in vpc-0a0b0c0d0e0f01234/);
        assert.deepEqual(await findings("aws-ec2-security-groups-in-subnet-vpc", link(a.vpcId)), []);
    });

    it("aws-apigatewayv2-cloud-map-port: an integration to a Cloud Map service of A records only is refused", async () => {
        const integration = (record: string, withPort: boolean) => () => {
            const discovery = new aws.servicediscovery.Service("srv", { name: "web", dnsConfig: { namespaceId: "ns-0123456789abcdef", dnsRecords: [{ type: record, ttl: 10 }] } });
            new aws.ecs.Service("web", { serviceRegistries: { registryArn: discovery.arn, containerName: "web", ...(withPort ? { containerPort: 8080 } : {}) } });
            const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
            new aws.apigatewayv2.Integration("backend", { apiId: api.id, integrationType: "HTTP_PROXY", integrationMethod: "ANY", connectionType: "VPC_LINK", connectionId: "abc123", integrationUri: discovery.arn });
        };
        assert.match((await findings("aws-apigatewayv2-cloud-map-port", integration("A", true)))[0]?.message ?? "", /has only A records, which carry no port/);
        assert.match((await findings("aws-apigatewayv2-cloud-map-port", integration("SRV", false)))[0]?.message ?? "", /registers in srv without a container port/);
        assert.deepEqual(await findings("aws-apigatewayv2-cloud-map-port", integration("SRV", true)), []);
    });

    describe("a Lambda function behind an HTTP API", () => {
        interface LambdaApi {
            fn?: Partial<aws.lambda.FunctionArgs>;
            integration?: Partial<aws.apigatewayv2.IntegrationArgs>;
            /** The permission's arguments, or false for none. */
            permission?: Partial<aws.lambda.PermissionArgs> | false;
            image?: Partial<dockerBuild.ImageArgs>;
            /** The function's (and its permission's) region, when not the stack's. */
            functionRegion?: string;
        }
        const REPOSITORY = "123456789012.dkr.ecr.us-west-2.amazonaws.com/shop-backend";
        /** The serverless stack's shape: a single-platform image, the function, an HTTP API with a Lambda proxy integration, its route, stage and invoke permission. */
        const lambdaApi = (o: LambdaApi = {}) => () => {
            const image = new dockerBuild.Image("backend-image", { tags: [`${REPOSITORY}:latest`], push: true, context: { location: "." }, platforms: ["linux/amd64"], ...o.image });
            const provider = o.functionRegion ? new aws.Provider("function-region", { region: o.functionRegion as aws.Region }) : undefined;
            const fn = new aws.lambda.Function("backend", { packageType: "Image", imageUri: image.ref, role: "arn:aws:iam::123456789012:role/backend", architectures: ["x86_64"], memorySize: 512, timeout: 29, ...o.fn }, { provider });
            const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
            const integration = new aws.apigatewayv2.Integration("api-backend", { apiId: api.id, integrationType: "AWS_PROXY", integrationMethod: "POST", integrationUri: fn.arn, payloadFormatVersion: "2.0", timeoutMilliseconds: 30000, ...o.integration });
            new aws.apigatewayv2.Route("api-proxy", { apiId: api.id, routeKey: "ANY /{proxy+}", target: pulumi.interpolate`integrations/${integration.id}` });
            new aws.apigatewayv2.Stage("api-default", { apiId: api.id, name: "$default", autoDeploy: true });
            if (o.permission !== false) {
                new aws.lambda.Permission("api-invoke", { action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com", sourceArn: pulumi.interpolate`${api.executionArn}/*/*`, ...o.permission }, { provider });
            }
        };
        const properties = async (id: string, program: () => void) => (await findings(id, program)).map((f) => f.property);

        it("the shape of the serverless stack passes every rule", async () => {
            const record = await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: lambdaApi() });
            assert.deepEqual(AWS_RULES.flatMap((r) => runRule(r, ruleContextOf(record))).map((f) => `${f.rule} ${f.property}: ${f.message}`), []);
        });

        it("aws-lambda-environment: a key with a hyphen, a digit first or one letter, and 4,097 bytes of variables are refused", async () => {
            const env = (variables: Record<string, string>) => lambdaApi({ fn: { environment: { variables } } });
            assert.deepEqual((await properties("aws-lambda-environment", env({ "my-var": "1", "1ST": "2", A: "3", DB_HOST_2: "4", AWS_LWA_PORT: "8080" }))).sort(), ["environment.variables.1ST", "environment.variables.A", "environment.variables.my-var"]);
            // {"KV":"<value>"} is 9 bytes plus the value: 4,087 bytes of value are 4,096 in all.
            assert.deepEqual(await properties("aws-lambda-environment", env({ KV: "x".repeat(4087) })), []);
            const over = await findings("aws-lambda-environment", env({ KV: "x".repeat(4088) }));
            assert.deepEqual(over.map((f) => [f.property, f.value]), [["environment.variables", "4097 bytes"]]);
            assert.match(over[0].message, /4097 bytes as JSON; Lambda takes at most 4096 bytes/);
            // Counted in UTF-8 bytes: 2,044 two-byte characters are 4,088 bytes (and only 2,053 characters).
            assert.deepEqual(await properties("aws-lambda-environment", env({ KV: "é".repeat(2044) })), ["environment.variables"]);
        });

        it("aws-lambda-memory: 10,241 MB is refused, 10,240 passes, more on Lambda Managed Instances passes", async () => {
            assert.deepEqual(await properties("aws-lambda-memory", lambdaApi({ fn: { memorySize: 10241 } })), ["memorySize"]);
            assert.deepEqual(await properties("aws-lambda-memory", lambdaApi({ fn: { memorySize: 10240 } })), []);
            const managed = { lambdaManagedInstancesCapacityProviderConfig: { capacityProviderArn: "arn:aws:lambda:us-west-2:123456789012:capacity-provider:shop" } };
            assert.deepEqual(await properties("aws-lambda-memory", lambdaApi({ fn: { memorySize: 20480, capacityProviderConfig: managed } })), []);
        });

        it("aws-lambda-image-uri: an image outside ECR, in another Region's ECR or behind ECR's FIPS endpoint is refused; another account's is fine", async () => {
            const uri = (imageUri: string) => lambdaApi({ fn: { imageUri } });
            for (const imageUri of ["public.ecr.aws/nginx/nginx:1.29", "docker.io/library/node:24", "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-backend:latest", "123456789012.dkr.ecr-fips.us-west-2.amazonaws.com/shop-backend:latest"]) {
                assert.deepEqual(await properties("aws-lambda-image-uri", uri(imageUri)), ["imageUri"], imageUri);
            }
            assert.match((await findings("aws-lambda-image-uri", uri("123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-backend:latest")))[0].message, /is in ECR in us-east-1, the function in us-west-2/);
            assert.deepEqual(await properties("aws-lambda-image-uri", uri(`210987654321.dkr.ecr.us-west-2.amazonaws.com/shared@sha256:${"a".repeat(64)}`)), []);
            // A zip function has no image.
            assert.deepEqual(await properties("aws-lambda-image-uri", lambdaApi({ fn: { packageType: "Zip", imageUri: undefined, s3Bucket: "shop-code", s3Key: "backend.zip", handler: "index.handler", runtime: "nodejs22.x" } })), []);
        });

        it("aws-lambda-image-manifest: an image built for two platforms, or with exec (buildx's default provenance), is refused", async () => {
            const bad = await findings("aws-lambda-image-manifest", lambdaApi({ image: { platforms: ["linux/amd64", "linux/arm64"] } }));
            assert.deepEqual(bad.map((f) => [f.resource, f.property]), [["backend (aws:lambda/function:Function)", "imageUri"]]);
            assert.match(bad[0].message, /builds 2 platforms \(linux\/amd64, linux\/arm64\), so ECR holds an image index/);
            assert.match((await findings("aws-lambda-image-manifest", lambdaApi({ image: { exec: true } })))[0]?.message ?? "", /without --provenance=false/);
            assert.deepEqual(await findings("aws-lambda-image-manifest", lambdaApi()), []);
            // The image is found through the function's dependency too, when its URI is not known (a preview).
            const record = await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: lambdaApi({ image: { platforms: ["linux/amd64", "linux/arm64"] } }) });
            const context = ruleContextOf(record);
            const fn = context.resources.find((r) => r.type === "aws:lambda/function:Function")!;
            fn.inputs = { ...fn.inputs, imageUri: "<unknown>" };
            assert.equal(runRule(rule("aws-lambda-image-manifest"), context).length, 1);
        });

        it("aws-lambda-image-architecture: an arm64 image on an x86_64 function, or an image of no set platform, is reported; matching ones pass", async () => {
            const bad = await findings("aws-lambda-image-architecture", lambdaApi({ image: { platforms: ["linux/arm64"] } }));
            assert.deepEqual(bad.map((f) => [f.property, f.value, f.effect]), [["architectures", "x86_64", "broken"]]);
            assert.match(bad[0].message, /built for linux\/arm64, but the function runs on x86_64/);
            assert.match((await findings("aws-lambda-image-architecture", lambdaApi({ image: { platforms: undefined } })))[0]?.message ?? "", /sets no platforms.*\["linux\/amd64"\]/);
            // No architectures is x86_64.
            assert.deepEqual(await findings("aws-lambda-image-architecture", lambdaApi({ fn: { architectures: undefined } })), []);
            assert.deepEqual(await findings("aws-lambda-image-architecture", lambdaApi({ fn: { architectures: ["arm64"] }, image: { platforms: ["linux/arm64"] } })), []);
            assert.equal((await findings("aws-lambda-image-architecture", lambdaApi({ fn: { architectures: ["arm64"] } }))).length, 1);
        });

        it("aws-lambda-timeout-under-integration: a function that outlives its integration is a warning", async () => {
            const warned = await findings("aws-lambda-timeout-under-integration", lambdaApi({ fn: { timeout: 30 } }));
            assert.deepEqual(warned.map((f) => [f.level, f.property, f.value]), [["warning", "timeout", 30]]);
            assert.match(warned[0].message, /gives up after 30000 ms and the API answers 503/);
            assert.equal((await findings("aws-lambda-timeout-under-integration", lambdaApi({ integration: { timeoutMilliseconds: 10000 } }))).length, 1);
            // The integration's default is 30 s; Lambda's is 3 s.
            assert.equal((await findings("aws-lambda-timeout-under-integration", lambdaApi({ fn: { timeout: 60 }, integration: { timeoutMilliseconds: undefined } }))).length, 1);
            assert.deepEqual(await findings("aws-lambda-timeout-under-integration", lambdaApi({ fn: { timeout: undefined } })), []);
            assert.deepEqual(await findings("aws-lambda-timeout-under-integration", lambdaApi()), []);
        });

        it("aws-lambda-permission-api-gateway: another action or principal, a source ARN without a route part or of another Region is reported", async () => {
            const permission = (p: Partial<aws.lambda.PermissionArgs>) => lambdaApi({ permission: p });
            assert.deepEqual(await properties("aws-lambda-permission-api-gateway", permission({ action: "lambda:GetFunction" })), ["action"]);
            assert.deepEqual(await properties("aws-lambda-permission-api-gateway", permission({ principal: "apigateway.amazon.com" })), ["principal"]);
            assert.deepEqual(await properties("aws-lambda-permission-api-gateway", permission({ sourceArn: "arn:aws:execute-api:us-west-2:123456789012:a1b2c3d4e5" })), ["sourceArn"]);
            const otherRegion = await findings("aws-lambda-permission-api-gateway", permission({ sourceArn: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*" }));
            assert.match(otherRegion[0]?.message ?? "", /is an API in us-east-1, the function in us-west-2/);
            assert.deepEqual(await findings("aws-lambda-permission-api-gateway", lambdaApi()), []);
            assert.deepEqual(await findings("aws-lambda-permission-api-gateway", permission({ action: "lambda:*", sourceArn: "arn:aws:execute-api:us-west-2:123456789012:a1b2c3d4e5/$default/GET/items" })), []);
            // Other principals are not API Gateway's.
            assert.deepEqual(await findings("aws-lambda-permission-api-gateway", permission({ principal: "events.amazonaws.com", sourceArn: "arn:aws:events:us-west-2:123456789012:rule/nightly" })), []);
        });

        it("aws-apigatewayv2-integration: a Lambda proxy integration without payload format, with GET, a VPC link, a bad URI or timeout is refused", async () => {
            const integration = (i: Partial<aws.apigatewayv2.IntegrationArgs>) => lambdaApi({ integration: i });
            const cases: [Partial<aws.apigatewayv2.IntegrationArgs>, string][] = [
                [{ payloadFormatVersion: undefined }, "payloadFormatVersion"],
                [{ payloadFormatVersion: "3.0" }, "payloadFormatVersion"],
                [{ integrationMethod: "GET" }, "integrationMethod"],
                [{ connectionType: "VPC_LINK", connectionId: "abc123" }, "connectionType"],
                [{ timeoutMilliseconds: 30001 }, "timeoutMilliseconds"],
                [{ timeoutMilliseconds: 49 }, "timeoutMilliseconds"],
                [{ integrationUri: "arn:aws:s3:::shop-site" }, "integrationUri"],
                [{ integrationType: "AWS" }, "integrationType"],
            ];
            for (const [args, property] of cases) {
                assert.deepEqual(await properties("aws-apigatewayv2-integration", integration(args)), [property], JSON.stringify(args));
            }
            assert.match((await findings("aws-apigatewayv2-integration", integration({ payloadFormatVersion: undefined })))[0].message, /is not set; a Lambda proxy integration of an HTTP API takes "1.0" or "2.0"/);
            for (const args of [{}, { payloadFormatVersion: "1.0" }, { integrationMethod: undefined }, { timeoutMilliseconds: 50 }]) {
                assert.deepEqual(await properties("aws-apigatewayv2-integration", integration(args)), [], JSON.stringify(args));
            }
            // The invocation URI (the function's invokeArn) is a Lambda function's too.
            const invokeArn = `arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:backend/invocations`;
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration({ integrationUri: invokeArn })), []);
            // A private HTTP integration of an HTTP API takes payload format 1.0 only.
            const cloudMap = (payloadFormatVersion: string) => () => {
                const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
                new aws.apigatewayv2.Integration("backend", { apiId: api.id, integrationType: "HTTP_PROXY", integrationMethod: "ANY", connectionType: "VPC_LINK", connectionId: "abc123", integrationUri: "arn:aws:servicediscovery:us-west-2:123456789012:service/srv-0123456789abcdef", payloadFormatVersion, timeoutMilliseconds: 30000 });
            };
            assert.deepEqual(await properties("aws-apigatewayv2-integration", cloudMap("2.0")), ["payloadFormatVersion"]);
            assert.deepEqual(await properties("aws-apigatewayv2-integration", cloudMap("1.0")), []);
        });

        it("aws-apigatewayv2-lambda-invocable: no permission, one for another API or route, or a function in another Region is reported", async () => {
            const none = await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: false }));
            assert.deepEqual(none.map((f) => [f.resource, f.property, f.effect]), [["api-backend (aws:apigatewayv2/integration:Integration)", "integrationUri", "broken"]]);
            assert.match(none[0].message, /no lambda.Permission lets apigateway.amazonaws.com invoke function backend for arn:aws:execute-api:us-west-2:123456789012:[a-z0-9]+\/\$default\/GET\/\{proxy\+\}; API Gateway then answers every request with 500/);
            assert.equal((await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: { sourceArn: "arn:aws:execute-api:us-west-2:123456789012:otherapi01/*/*" } }))).length, 1);
            assert.equal((await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: { sourceArn: "arn:aws:execute-api:us-west-2:123456789012:*/*/GET/items" } }))).length, 1);
            assert.equal((await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: { principal: "lambda.amazonaws.com" } }))).length, 1);
            const elsewhere = await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ functionRegion: "eu-west-1" }));
            assert.match(elsewhere.map((f) => f.message).join("\n"), /the function is in eu-west-1, the API in us-west-2/);
            assert.deepEqual(await findings("aws-apigatewayv2-lambda-invocable", lambdaApi()), []);
            // Without a source ARN, or with an IAM role on the integration, API Gateway may invoke it.
            assert.deepEqual(await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: { sourceArn: undefined } })), []);
            assert.deepEqual(await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: false, integration: { credentialsArn: "arn:aws:iam::123456789012:role/api-invokes-backend" } })), []);
        });
    });

    describe("a Lambda function behind an API: the edges", () => {
        const fnArn = "arn:aws:lambda:us-west-2:123456789012:function:backend";
        /** An integration of an API of this protocol, with a Lambda URI given as text (no function in the program). */
        const integration = (protocolType: string, args: Partial<aws.apigatewayv2.IntegrationArgs>) => () => {
            const api = new aws.apigatewayv2.Api("api", { protocolType, ...(protocolType === "WEBSOCKET" ? { routeSelectionExpression: "$request.body.action" } : {}) });
            new aws.apigatewayv2.Integration("backend", { apiId: api.id, integrationType: "AWS_PROXY", integrationUri: fnArn, payloadFormatVersion: "2.0", ...args });
        };
        const properties = async (id: string, program: () => void) => (await findings(id, program)).map((f) => f.property);

        it("a WebSocket API waits 29,000 ms at most and takes non-proxy integrations; payload formats are an HTTP API's concern", async () => {
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration("WEBSOCKET", { timeoutMilliseconds: 29001, payloadFormatVersion: undefined })), ["timeoutMilliseconds"]);
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration("WEBSOCKET", { timeoutMilliseconds: 29000, integrationType: "AWS", payloadFormatVersion: undefined })), []);
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration("HTTP", { timeoutMilliseconds: 29001 })), []);
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration("HTTP", { timeoutMilliseconds: 1000.5 })), ["timeoutMilliseconds"]);
        });

        it("an AWS service integration (integrationSubtype) is no Lambda integration; an HTTP_PROXY integration may leave its payload format unset", async () => {
            const sqs = integration("HTTP", { integrationSubtype: "SQS-SendMessage", integrationUri: undefined, payloadFormatVersion: "1.0", credentialsArn: "arn:aws:iam::123456789012:role/api-sqs", requestParameters: { QueueUrl: "https://sqs.us-west-2.amazonaws.com/123456789012/jobs", MessageBody: "$request.body" } });
            for (const id of ["aws-apigatewayv2-integration", "aws-apigatewayv2-lambda-invocable"]) {
                assert.deepEqual(await properties(id, sqs), [], id);
            }
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration("HTTP", { integrationType: "HTTP_PROXY", integrationMethod: "ANY", integrationUri: "https://example.com", payloadFormatVersion: undefined })), []);
        });

        it("an invocation URI names its function's Region twice; a function outside the program is judged by its ARN's Region only", async () => {
            const uri = (region: string, fnRegion: string) => `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${fnRegion}:123456789012:function:backend/invocations`;
            assert.match((await findings("aws-apigatewayv2-lambda-invocable", integration("HTTP", { integrationUri: uri("us-east-1", "us-west-2") })))[0]?.message ?? "", /the invocation URI's region \(us-east-1\) is not the function's \(us-west-2\)/);
            assert.match((await findings("aws-apigatewayv2-lambda-invocable", integration("HTTP", { integrationUri: uri("eu-west-1", "eu-west-1") })))[0]?.message ?? "", /the function is in eu-west-1, the API in us-west-2/);
            // No permission is looked for: the function, and its permissions, are another program's.
            assert.deepEqual(await findings("aws-apigatewayv2-lambda-invocable", integration("HTTP", { integrationUri: uri("us-west-2", "us-west-2") })), []);
            assert.deepEqual(await findings("aws-apigatewayv2-lambda-invocable", integration("HTTP", { integrationUri: `${fnArn}:live` })), []);
        });

        it("maps build platforms to Lambda architectures", () => {
            assert.deepEqual(["linux/amd64", "linux/arm64", "linux/arm64/v8", "linux/arm/v7", "linux/386", "windows/amd64"].map(lambdaArchitectureOf), ["x86_64", "arm64", "arm64", undefined, undefined, undefined]);
        });

        it("measures the environment as compact JSON in UTF-8, a value not known yet as empty", () => {
            assert.equal(environmentBytes({ AB: "cd" }), JSON.stringify({ AB: "cd" }).length);
            assert.equal(environmentBytes({ AB: "é" }), 11);
            assert.equal(environmentBytes({ AB: "<unknown>" }), 9);
        });

        it("lets a permission of action lambda:* or *, without a source ARN, cover every route", async () => {
            for (const action of ["lambda:*", "*"]) {
                assert.deepEqual(await findings("aws-lambda-permission-api-gateway", () => void new aws.lambda.Permission("p", { action, function: "backend", principal: "apigateway.amazonaws.com" })), [], action);
            }
        });
    });

    it("aws-dsql-cluster-region: a cluster in a Region where Aurora DSQL is not confirmed is a warning", async () => {
        const cluster = () => void new aws.dsql.Cluster("dsql", { deletionProtectionEnabled: true });
        const warned = await findings("aws-dsql-cluster-region", cluster, "af-south-1");
        assert.deepEqual(warned.map((f) => [f.level, f.property, f.value]), [["warning", "region", "af-south-1"]]);
        assert.match(warned[0].message, /not confirmed offered in af-south-1: AWS's pages confirm it in us-east-1, .*eu-central-1, .*sa-east-1/);
        for (const region of ["us-west-2", "us-east-1", "eu-west-1", "eu-central-1", "ap-northeast-3", "ap-southeast-2", "ca-central-1", "sa-east-1"]) {
            assert.deepEqual(await findings("aws-dsql-cluster-region", cluster, region), [], region);
        }
    });

    it("the serverless stack passes the Lambda, API and DSQL rules in its regions, for either architecture and without protection", async () => {
        const ids = ["aws-lambda-environment", "aws-lambda-memory", "aws-lambda-image-uri", "aws-lambda-image-manifest", "aws-lambda-image-architecture", "aws-lambda-timeout-under-integration", "aws-lambda-permission-api-gateway", "aws-apigatewayv2-integration", "aws-apigatewayv2-lambda-invocable", "aws-dsql-cluster-region"];
        const variants: Record<string, unknown>[] = [{}, { "aws:region": "us-east-1" }, { "aws:region": "eu-west-1" }, { backend: { architecture: "arm64" }, protectData: false }];
        for (const config of variants) {
            const context = ruleContextOf(await stack("serverless", config));
            assert.ok(context.resources.some((r) => r.type === "aws:lambda/function:Function") && context.resources.some((r) => r.type === "aws:dsql/cluster:Cluster"), "the stack has a function and a cluster");
            assert.deepEqual(ids.flatMap((id) => runRule(rule(id), context)).map((f) => `${f.rule} ${f.property}: ${f.message}`), [], JSON.stringify(config));
        }
        const arm = ruleContextOf(await stack("serverless", { backend: { architecture: "arm64" } }));
        assert.deepEqual(arm.resources.find((r) => r.type === "aws:lambda/function:Function")?.inputs.architectures, ["arm64"]);
    });

    describe("app secrets: ECS secrets and the function's SECRETS_FROM", () => {
        const PARAMETER_NAME = "/shop/dev/backend/API_TOKEN";
        const PARAMETER_ARN = "arn:aws:ssm:us-west-2:123456789012:parameter/shop/dev/backend/API_TOKEN";
        /** A secret by name: the program gives ECS its partial ARN, and the role `<name>-??????`. */
        const STRIPE = "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/stripe";
        /** A secret by full ARN, as given. */
        const DB = "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf";
        const TASK_EXECUTION = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
        type Statements = (parameterArn: pulumi.Output<string>) => unknown[];
        /** The contract's execution role policy: ssm:GetParameters on the parameter, secretsmanager:GetSecretValue on the secrets. */
        const contractStatements: Statements = (parameterArn) => [
            { Sid: "ReadTaskParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [parameterArn] },
            { Sid: "ReadTaskSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [`${STRIPE}-??????`, DB] },
        ];
        interface SecretTask {
            statements?: Statements;
            /** The container's secrets, given the parameter's ARN; default the contract's three. */
            secrets?: (parameterArn: pulumi.Output<string>) => unknown[];
            environment?: unknown[];
            /** Managed policies attached to the execution role; default AmazonECSTaskExecutionRolePolicy. */
            attached?: string[];
            /** The execution role: the program's (default), an external ARN, or none. */
            executionRole?: "program" | "external" | "none";
            /** A permissions boundary of the program, with these actions on "*". */
            boundary?: string[];
        }
        /** The backend's task with the contract's secrets: an SSM SecureString the program stores, a secret by name and one by ARN. */
        const secretTask = (o: SecretTask = {}) => () => {
            const parameter = new aws.ssm.Parameter("api-token", { name: PARAMETER_NAME, type: "SecureString", tier: "Standard", value: "s3cr3t" });
            const boundary = o.boundary ? new aws.iam.Policy("boundary", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: o.boundary, Resource: "*" }] }) }) : undefined;
            const role = new aws.iam.Role("web-execution", { path: "/shoestring/", assumeRolePolicy: assumeEcsTasks, permissionsBoundary: boundary?.arn });
            for (const [i, policyArn] of (o.attached ?? [TASK_EXECUTION]).entries()) {
                new aws.iam.RolePolicyAttachment(`web-execution-managed-${i}`, { role: role.name, policyArn });
            }
            new aws.iam.RolePolicy("web-execution-extra", { role: role.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: (o.statements ?? contractStatements)(parameter.arn) }) });
            const executionRoleArn = { program: role.arn, external: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole", none: undefined }[o.executionRole ?? "program"];
            const secrets = o.secrets ? o.secrets(parameter.arn) : [{ name: "API_TOKEN", valueFrom: parameter.arn }, { name: "STRIPE_KEY", valueFrom: STRIPE }, { name: "DB_PASSWORD", valueFrom: `${DB}:password::` }];
            new aws.ecs.TaskDefinition("t", { family: "shop-web", executionRoleArn, containerDefinitions: pulumi.jsonStringify([{ name: "web", image: "nginx", environment: o.environment ?? [{ name: "GREETING", value: "hello" }], secrets }]) });
        };
        const properties = async (id: string, program: () => void) => (await findings(id, program)).map((f) => f.property);

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

        /** The serverless backend with the contract's SECRETS_FROM and a role that reads them with the app's actions. */
        const secretFunction = (secretsFrom: string | undefined, statements: unknown[] = [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: PARAMETER_ARN }, { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [`${STRIPE}-??????`, DB] }], external = false) => () => {
            const role = new aws.iam.Role("backend-role", { path: "/shoestring/", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
            new aws.iam.RolePolicy("backend-policy", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
            new aws.lambda.Function("backend", { packageType: "Image", imageUri: "123456789012.dkr.ecr.us-west-2.amazonaws.com/shop-backend:latest", role: external ? "arn:aws:iam::123456789012:role/backend" : role.arn, environment: { variables: { PORT: "8080", ...(secretsFrom === undefined ? {} : { SECRETS_FROM: secretsFrom }) } } });
        };
        const CONTRACT_SECRETS_FROM = JSON.stringify({ API_TOKEN: PARAMETER_ARN, STRIPE_KEY: STRIPE, DB_PASSWORD: DB });

        it("aws-lambda-secrets-readable: the contract's function passes; a role without ssm:GetParameter or a secret's suffix breaks it", async () => {
            assert.deepEqual(await findings("aws-lambda-secrets-readable", secretFunction(CONTRACT_SECRETS_FROM)), []);
            assert.deepEqual(await findings("aws-lambda-secrets-readable", secretFunction(undefined, [])), []);
            const plural = await findings("aws-lambda-secrets-readable", secretFunction(CONTRACT_SECRETS_FROM, [{ Effect: "Allow", Action: "ssm:GetParameters", Resource: PARAMETER_ARN }, { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }]));
            assert.deepEqual(plural.map((f) => [f.property, f.value, f.effect]), [["environment.variables.SECRETS_FROM", "API_TOKEN", "broken"]]);
            assert.match(plural[0].message, new RegExp(`role backend-role may not ssm:GetParameter on ${PARAMETER_ARN} \\(no policy of the role allows it\\): the app reads API_TOKEN`));
            const bare = await findings("aws-lambda-secrets-readable", secretFunction(CONTRACT_SECRETS_FROM, [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: PARAMETER_ARN }, { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [STRIPE, DB] }]));
            assert.deepEqual(bare.map((f) => f.value), ["STRIPE_KEY"]);
        });

        it("aws-lambda-secrets-readable: SECRETS_FROM that is not a JSON object of names to ARNs is reported without its value", async () => {
            for (const secretsFrom of ["not json", "[]", "null", '"arn"']) {
                const found = await findings("aws-lambda-secrets-readable", secretFunction(secretsFrom));
                assert.deepEqual(found.map((f) => [f.property, f.value]), [["environment.variables.SECRETS_FROM", undefined]], secretsFrom);
                assert.match(found[0].message, /is not a JSON object of names to ARNs/);
            }
            const leaked = await findings("aws-lambda-secrets-readable", secretFunction(JSON.stringify({ API_TOKEN: "s3cr3t-value", N: 1, OK: PARAMETER_ARN })));
            assert.deepEqual(leaked.map((f) => f.value), ["API_TOKEN", "N"]);
            assert.ok(leaked.every((f) => !f.message.includes("s3cr3t-value")), "the value is never shown");
            assert.match(leaked[0].message, /the value of API_TOKEN is neither an SSM parameter ARN .* nor a Secrets Manager secret ARN/);
            // Another program's role: only the shape is judged.
            assert.deepEqual(await findings("aws-lambda-secrets-readable", secretFunction(CONTRACT_SECRETS_FROM, [], true)), []);
        });
    });

    it("every rule has an id, a description, a source URL, its types and a test here", () => {
        const tested = ["aws-ec2-security-group-description", "aws-ecs-task-family", "aws-ecs-service-after-capacity-providers", "aws-ecs-exec-session-logging", "aws-ecs-secret-rotated-by-rds", "aws-apigatewayv2-vpc-link-zones", "aws-acm-key-algorithm-for-consumer", "aws-route53-one-record-per-name", "aws-rds-desired-state", "aws-s3-object-key", "aws-s3-site-files", "aws-ecr-image-tag", "aws-provider-region", "aws-provider-default-tags", "aws-iam-action-exists", "aws-elbv2-subnets-two-zones", "aws-rds-subnet-group-two-zones", "aws-ecs-target-group-type-ip", "aws-ecs-container-references", "aws-ec2-security-groups-in-subnet-vpc", "aws-apigatewayv2-cloud-map-port", "aws-dependency-order", "aws-appautoscaling-scheduled-action-name", "aws-appautoscaling-scheduled-action-schedule", "aws-appautoscaling-scheduled-action-target", "aws-scheduler-schedule-expression", "aws-scheduler-universal-target", "aws-lambda-environment", "aws-lambda-memory", "aws-lambda-image-uri", "aws-lambda-image-manifest", "aws-lambda-image-architecture", "aws-lambda-timeout-under-integration", "aws-lambda-permission-api-gateway", "aws-apigatewayv2-integration", "aws-apigatewayv2-lambda-invocable", "aws-dsql-cluster-region", "aws-ssm-parameter-name", "aws-ssm-parameter-value", "aws-ecs-secret-value-from", "aws-ecs-secrets-readable", "aws-ecs-secret-complete-arn", "aws-lambda-secrets-readable"];
        assert.deepEqual(AWS_RULES.map((r) => r.id).sort(), [...tested].sort());
        for (const r of AWS_RULES) {
            assert.match(r.id, /^aws-[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.ok(r.description.length > 30, r.id);
            assert.match(r.source, /^https:\/\//, r.id);
            assert.ok(r.types.length > 0, r.id);
            assert.ok(r.effect === "refused" || r.effect === "broken", `${r.id} says what happens without it`);
        }
    });
});

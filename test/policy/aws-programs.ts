/**
 * Small programs with (and without) the mistakes AWS refuses, for the AWS
 * rule policies: each a realistic slice of an ECS / API Gateway / Route 53
 * program, correct unless an option adds the mistake.
 */
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { SiteSync } from "../../components/site-sync";
import { offlineDefaultSubnets } from "../../offline/mocks";
import { SubnetFacts } from "../../lib/aws-rules";
import { ACCOUNT, REGION } from "./programs";

const VPC = "vpc-0a0b0c0d0e0f01234";
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });

export function securityGroup(description: string): void {
    new aws.ec2.SecurityGroup("db-sg", { vpcId: VPC, description, ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"], description: "from the app" }] });
}

export function taskFamily(family: string): void {
    new aws.ecs.TaskDefinition("task", {
        family,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        containerDefinitions: JSON.stringify([{ name: "app", image: "nginx:1.27", essential: true }]),
    });
}

/** A FARGATE_SPOT service, ordered after the cluster's capacity providers (`dependsOn` or through the cluster value), or not. */
export function spotService(order: "none" | "dependsOn" | "value"): void {
    const cluster = new aws.ecs.Cluster("cluster", {});
    const providers = new aws.ecs.ClusterCapacityProviders("cluster-providers", { clusterName: cluster.name, capacityProviders: ["FARGATE_SPOT"], defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] });
    new aws.ecs.Service(
        "web",
        {
            cluster: order === "value" ? providers.clusterName : cluster.arn,
            taskDefinition: "web:1",
            desiredCount: 1,
            capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
            networkConfiguration: { subnets: ["subnet-0a0b0c0d0e0f0000a"], assignPublicIp: true },
        },
        order === "dependsOn" ? { dependsOn: [providers] } : {},
    );
}

/**
 * ECS Exec logged the DEFAULT way, with a task role that may (or may not)
 * write the container's log group in us-west-2. The container names the
 * log group's region, or (null) leaves it to the service's.
 */
export function execService(taskRoleCanLog: boolean, logRegion: string | null = REGION): void {
    const cluster = new aws.ecs.Cluster("cluster", { configuration: { executeCommandConfiguration: { logging: "DEFAULT" } } });
    const statements: object[] = [{ Effect: "Allow", Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], Resource: "*" }];
    if (taskRoleCanLog) {
        statements.push(
            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/app:*` },
            { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
        );
    }
    const role = new aws.iam.Role("task-role", { assumeRolePolicy: trust, inlinePolicies: [{ name: "exec", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }] });
    const task = new aws.ecs.TaskDefinition("app", {
        family: "app",
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        taskRoleArn: role.arn,
        containerDefinitions: JSON.stringify([{ name: "app", image: "nginx:1.27", essential: true, logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/app", ...(logRegion === null ? {} : { "awslogs-region": logRegion }), "awslogs-stream-prefix": "app" } } }]),
    });
    new aws.ecs.Service("app", { cluster: cluster.arn, taskDefinition: task.arn, desiredCount: 1, enableExecuteCommand: true, launchType: "FARGATE", networkConfiguration: { subnets: ["subnet-0a0b0c0d0e0f0000a"], assignPublicIp: true } });
}

export const RDS_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-AbCdEf`;

/** A container given the RDS-managed password as an ECS secret, or the secret's ARN to read when connecting. */
export function databaseClient(asSecret: boolean): void {
    const container = asSecret
        ? { name: "api", image: "api:1", essential: true, secrets: [{ name: "DB_PASSWORD", valueFrom: `${RDS_SECRET}:password::` }] }
        : { name: "api", image: "api:1", essential: true, environment: [{ name: "DB_SECRET_ARN", value: RDS_SECRET }] };
    new aws.ecs.TaskDefinition("api", { family: "api", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512", containerDefinitions: JSON.stringify([container]) });
}

export const VPC_LINK_REGION = "us-east-1";

/** The default subnets of us-east-1 offline, one per zone (use1-az3 among them). */
export const US_EAST_1_SUBNETS: SubnetFacts[] = offlineDefaultSubnets(VPC_LINK_REGION);

/** The subnets as the VPC-link policy's `subnets` config. */
export const US_EAST_1_SUBNET_CONFIG = { subnets: Object.fromEntries(US_EAST_1_SUBNETS.map((s) => [s.subnetId, s])) };

/** An HTTP API VPC link in us-east-1 on every default subnet (looked up), or only on those in zones with VPC links. */
export function vpcLink(everyZone: boolean): void {
    const subnets = US_EAST_1_SUBNETS.filter((s) => everyZone || s.availabilityZoneId !== "use1-az3").map((s) => aws.ec2.getSubnetOutput({ id: s.subnetId, region: VPC_LINK_REGION }));
    new aws.apigatewayv2.VpcLink("api-link", { region: VPC_LINK_REGION, subnetIds: subnets.map((s) => s.id), securityGroupIds: [] });
}

/** An API Gateway custom domain on an ACM certificate with this key algorithm. */
export function customDomain(keyAlgorithm: string): void {
    const certificate = new aws.acm.Certificate("api-cert", { domainName: "api.example.com", validationMethod: "DNS", keyAlgorithm });
    new aws.apigatewayv2.DomainName("api", { domainName: "api.example.com", domainNameConfiguration: { certificateArn: certificate.arn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" } });
}

/** Two record resources: for the same name, or for two names. */
export function records(sameName: boolean): void {
    const zoneId = "Z0123456789ABCDEFGHIJ";
    new aws.route53.Record("api", { zoneId, name: "api.example.com", type: "CNAME", ttl: 300, records: ["abc.execute-api.us-west-2.amazonaws.com"] });
    new aws.route53.Record("api-again", { zoneId, name: sameName ? "api.example.com" : "www.example.com", type: "CNAME", ttl: 300, records: ["abc.cloudfront.net"] });
}

/**
 * A task definition that names its task role's ARN: as a string copied from
 * an earlier run (no dependency: the role may not exist yet), or as the
 * role's output.
 */
export function copiedArn(copied: boolean): void {
    const role = new aws.iam.Role("task-role", { name: "shop-task-role", assumeRolePolicy: trust });
    new aws.ecs.TaskDefinition("shop", {
        family: "shop",
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        taskRoleArn: copied ? `arn:aws:iam::${ACCOUNT}:role/shop-task-role` : role.arn,
        containerDefinitions: JSON.stringify([{ name: "shop", image: "shop:1", essential: true }]),
    });
}

/** An RDS instance, reachable from the internet or not. */
export function database(publiclyAccessible: boolean): void {
    new aws.rds.Instance("db", {
        engine: "postgres",
        engineVersion: "16.3",
        instanceClass: "db.t4g.micro",
        allocatedStorage: 20,
        username: "app",
        manageMasterUserPassword: true,
        storageEncrypted: true,
        skipFinalSnapshot: true,
        publiclyAccessible,
    });
}

/** Several of the mistakes at once, for comparing the pack with the plan. */
export function manyMistakes(): void {
    securityGroup("Postgres: only from the app's tasks");
    taskFamily("shop-dev.eu-main");
    databaseClient(true);
    vpcLink(true);
    customDomain("EC_prime256v1");
    records(true);
    spotService("none");
    copiedArn(true);
    database(true);
}

/** Pulumi's start/stop of an RDS instance, asking for a state RDS can (or cannot) put it in. */
export function desiredState(state: string): void {
    new aws.rds.InstanceDesiredState("db-state", { identifier: "shop-db", state });
}

/** An image pushed to ECR under this tag. */
export function pushedImage(tag: string): void {
    new docker.Image("shop", { context: { location: "./app" }, push: true, tags: [`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/shop:${tag}`] });
}

/** An explicit provider with default tags, and a bucket created through it. */
export function providerWithTags(tags: Record<string, string>): void {
    const p = new aws.Provider("tagged", { region: "us-east-1", defaultTags: { tags } });
    new aws.s3.Bucket("logs", {}, { provider: p });
}

/** An explicit provider for this region. */
export function provider(region: string): void {
    new aws.Provider("other-region", { region: region as aws.Region });
}

/** An object with this key. */
export function objectWithKey(key: string): void {
    new aws.s3.BucketObjectv2("page", { bucket: "site-bucket-0123", key, content: "<html></html>", contentType: "text/html" });
}

/** A site sync of index.html and one more file with this key and size. */
export function siteFileWith(key: string, size = 10): void {
    const file = (k: string, bytes: number) => ({ key: k, size: bytes, sha256: "0".repeat(64), contentType: "text/html; charset=utf-8", cacheControl: "no-cache" });
    new SiteSync("site", { bucket: "site-bucket-0123", region: REGION, directory: "/site", files: [file("index.html", 10), file(key, size)] });
}

/** A role policy naming one action (and DynamoDB reads). */
export function rolePolicyWith(action: string): void {
    const role = new aws.iam.Role("app", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
    new aws.iam.RolePolicy("app-policy", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: [action, "dynamodb:Get*"], Resource: "*" }] }) });
}

/** Two subnets in one zone (use1-az1) and one in another (use1-az2), as the zone policies' `subnets` config. */
const [AZ1, AZ2] = US_EAST_1_SUBNETS;
const AZ1_AGAIN: SubnetFacts = { ...AZ1, subnetId: "subnet-0a0b0c0d0e0f0ffff" };
export const ZONE_SUBNET_CONFIG = { subnets: Object.fromEntries([AZ1, AZ2, AZ1_AGAIN].map((s) => [s.subnetId, s])) };

/** An Application Load Balancer on two subnets of one zone, or of two zones. */
export function loadBalancerAcross(twoZones: boolean): void {
    new aws.lb.LoadBalancer("web-lb", { loadBalancerType: "application", subnets: [AZ1.subnetId, twoZones ? AZ2.subnetId : AZ1_AGAIN.subnetId] });
}

/** A DB subnet group on two subnets of one zone, or of two zones. */
export function subnetGroupAcross(twoZones: boolean): void {
    new aws.rds.SubnetGroup("db-subnets", { subnetIds: [AZ1.subnetId, twoZones ? AZ2.subnetId : AZ1_AGAIN.subnetId] });
}

/** A Fargate (awsvpc) service behind a target group of this target type. */
export function behindTargetGroup(targetType: string): void {
    const group = new aws.lb.TargetGroup("web-tg", { port: 8080, protocol: "HTTP", vpcId: "vpc-0a0b0c0d0e0f01234", targetType });
    const task = new aws.ecs.TaskDefinition("web-task", { family: "shop-web", networkMode: "awsvpc", containerDefinitions: JSON.stringify([{ name: "web", image: "nginx", portMappings: [{ name: "http", containerPort: 8080 }] }]) });
    new aws.ecs.Service("web", { taskDefinition: task.arn, loadBalancers: [{ targetGroupArn: group.arn, containerName: "web", containerPort: 8080 }] });
}

/** A service whose Service Connect port name the task definition has, or not. */
export function serviceConnectPort(portName: string): void {
    const task = new aws.ecs.TaskDefinition("web-task", { family: "shop-web", networkMode: "awsvpc", containerDefinitions: JSON.stringify([{ name: "web", image: "nginx", portMappings: [{ name: "http", containerPort: 8080 }] }]) });
    new aws.ecs.Service("web", { taskDefinition: task.arn, serviceConnectConfiguration: { enabled: true, namespace: "shop.internal", services: [{ portName, discoveryName: "web", clientAlias: [{ port: 8080 }] }] } });
}

/** A VPC link whose security group is in this VPC (its subnets are in the offline default VPC). */
export function vpcLinkGroupIn(vpcId: string): void {
    const sg = new aws.ec2.SecurityGroup("link-sg", { vpcId, description: "VPC link" });
    new aws.apigatewayv2.VpcLink("link", { subnetIds: [AZ1.subnetId, AZ2.subnetId], securityGroupIds: [sg.id] });
}

/** An HTTP API integration to a Cloud Map service with records of this type. */
export function cloudMapIntegration(record: string): void {
    const discovery = new aws.servicediscovery.Service("web-srv", { name: "web", dnsConfig: { namespaceId: "ns-0123456789abcdef", dnsRecords: [{ type: record, ttl: 10 }] } });
    new aws.ecs.Service("web", { serviceRegistries: { registryArn: discovery.arn, containerName: "web", containerPort: 8080 } });
    const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
    new aws.apigatewayv2.Integration("backend", { apiId: api.id, integrationType: "HTTP_PROXY", integrationMethod: "ANY", connectionType: "VPC_LINK", connectionId: "abc123", integrationUri: discovery.arn });
}

/** A deploy-like role allowed iam:PassRole: on every role without a condition, or on one path, to ECS tasks. */
export function passRole(scoped: boolean): void {
    const role = new aws.iam.Role("deployer", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
    const statement = scoped
        ? { Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/shoestring/*`, Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }
        : { Effect: "Allow", Action: ["iam:Pass*", "ecs:UpdateService"], Resource: "*" };
    new aws.iam.RolePolicy("deployer-policy", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
}

/** An ECS service's scalable target and one scheduled action on it. */
export function scheduledAction(args: Partial<aws.appautoscaling.ScheduledActionArgs>): void {
    const resourceId = "service/shop/web";
    new aws.appautoscaling.Target("web-scaling", { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId, minCapacity: 0, maxCapacity: 0 });
    new aws.appautoscaling.ScheduledAction("web-wake", { name: "wake-1", serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId, schedule: "cron(0 8 ? * MON-FRI *)", timezone: "Europe/Berlin", scalableTargetAction: { minCapacity: 1, maxCapacity: 1 }, ...args });
}

/** A Scheduler schedule stopping an RDS instance through its universal target. */
export function stopSchedule(args: Partial<aws.scheduler.ScheduleArgs>, target: Partial<aws.types.input.scheduler.ScheduleTarget> = {}): void {
    new aws.scheduler.Schedule("db-sleep", {
        scheduleExpression: "cron(0 19 ? * MON-FRI *)",
        scheduleExpressionTimezone: "Europe/Berlin",
        flexibleTimeWindow: { mode: "OFF" },
        target: { arn: "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance", roleArn: `arn:aws:iam::${ACCOUNT}:role/scheduler`, input: JSON.stringify({ DbInstanceIdentifier: "shop-db" }), ...target },
        ...args,
    });
}

/** The serverless stack's backend, correct unless an option changes it: an image of one platform, the function, an HTTP API with a Lambda proxy integration, its route, stage and invoke permission. */
export interface LambdaApiOptions {
    fn?: Partial<aws.lambda.FunctionArgs>;
    integration?: Partial<aws.apigatewayv2.IntegrationArgs>;
    /** The permission's arguments, or false for none. */
    permission?: Partial<aws.lambda.PermissionArgs> | false;
    image?: Partial<docker.ImageArgs>;
}

export function lambdaApi(o: LambdaApiOptions = {}): void {
    const image = new docker.Image("backend-image", { context: { location: "./app" }, push: true, tags: [`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/backend:latest`], platforms: ["linux/amd64"], ...o.image });
    const fn = new aws.lambda.Function("backend", { packageType: "Image", imageUri: image.ref, role: `arn:aws:iam::${ACCOUNT}:role/backend`, architectures: ["x86_64"], memorySize: 512, timeout: 29, ...o.fn });
    const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
    const integration = new aws.apigatewayv2.Integration("api-backend", { apiId: api.id, integrationType: "AWS_PROXY", integrationMethod: "POST", integrationUri: fn.arn, payloadFormatVersion: "2.0", timeoutMilliseconds: 30000, ...o.integration });
    new aws.apigatewayv2.Route("api-proxy", { apiId: api.id, routeKey: "ANY /{proxy+}", target: integration.id.apply((id) => `integrations/${id}`) });
    new aws.apigatewayv2.Stage("api-default", { apiId: api.id, name: "$default", autoDeploy: true });
    if (o.permission !== false) {
        new aws.lambda.Permission("api-invoke", { action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com", sourceArn: api.executionArn.apply((arn) => `${arn}/*/*`), ...o.permission });
    }
}

/** An Aurora DSQL cluster in this region (through an explicit provider), with or without deletion protection. */
export function dsqlCluster(region: string, deletionProtectionEnabled = true): void {
    const p = region === REGION ? undefined : new aws.Provider("dsql-region", { region: region as aws.Region });
    new aws.dsql.Cluster("dsql", { deletionProtectionEnabled }, { provider: p });
}

/** An app secret as the program stores it: a SecureString in the Standard tier, named under the stack's path. */
export function ssmParameter(args: Partial<aws.ssm.ParameterArgs> = {}): void {
    new aws.ssm.Parameter("api-token", { name: "/shop/dev/backend/API_TOKEN", type: "SecureString", tier: "Standard", value: "s3cr3t", description: "backend API_TOKEN", ...args });
}

/** A secret by name, as the program gives it to ECS: its partial ARN (Secrets Manager adds "-" and 6 characters to the name). */
const STRIPE = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/stripe`;

/**
 * The backend's task with app secrets: a SecureString the program stores and
 * a secret by name, read by the execution role unless `readable` is false (then
 * the role may not read the parameter); `valueFrom` replaces the secret's.
 */
export function secretTask(o: { readable?: boolean; valueFrom?: string } = {}): void {
    const parameter = new aws.ssm.Parameter("api-token", { name: "/shop/dev/backend/API_TOKEN", type: "SecureString", tier: "Standard", value: "s3cr3t" });
    const role = new aws.iam.Role("web-execution", { assumeRolePolicy: trust });
    new aws.iam.RolePolicyAttachment("web-execution-managed", { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" });
    const statements = [
        ...(o.readable === false ? [] : [{ Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [parameter.arn] }]),
        { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [`${STRIPE}-??????`] },
    ];
    new aws.iam.RolePolicy("web-execution-extra", { role: role.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) });
    const secrets = [{ name: "API_TOKEN", valueFrom: parameter.arn }, { name: "STRIPE_KEY", valueFrom: o.valueFrom ?? STRIPE }];
    new aws.ecs.TaskDefinition("task", { family: "shop-web", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512", executionRoleArn: role.arn, containerDefinitions: pulumi.jsonStringify([{ name: "app", image: "nginx:1.27", essential: true, secrets }]) });
}

/** The serverless backend with SECRETS_FROM (a parameter's ARN), its role allowed ssm:GetParameter on it unless `readable` is false. */
export function secretFunction(readable: boolean): void {
    const parameter = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/shop/dev/backend/API_TOKEN`;
    const role = new aws.iam.Role("backend-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
    new aws.iam.RolePolicy("backend-policy", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: readable ? "ssm:GetParameter" : "ssm:GetParameters", Resource: parameter }] }) });
    new aws.lambda.Function("backend", { packageType: "Image", imageUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/backend:latest`, role: role.arn, environment: { variables: { SECRETS_FROM: JSON.stringify({ API_TOKEN: parameter }) } } });
}

// AWS CDK v2 app comparable to the shoestring "dev" (homework) stack, for
// timing synthesis only: ALB + two Fargate services, RDS Postgres, DynamoDB.
// Everything is context-free (explicit env, no lookups, images from a registry
// and a certificate by ARN), so synth needs neither an AWS account nor Docker.
// Run: node app.js  (writes the CloudFormation templates to CDK_OUTDIR or ./cdk.out)
"use strict";
const cdk = require("aws-cdk-lib");
const ec2 = require("aws-cdk-lib/aws-ec2");
const ecs = require("aws-cdk-lib/aws-ecs");
const elbv2 = require("aws-cdk-lib/aws-elasticloadbalancingv2");
const acm = require("aws-cdk-lib/aws-certificatemanager");
const rds = require("aws-cdk-lib/aws-rds");
const dynamodb = require("aws-cdk-lib/aws-dynamodb");
const logs = require("aws-cdk-lib/aws-logs");

const DOMAIN = "shoestring.example.com";
const CERT_ARN = "arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000000";

class HomeworkStack extends cdk.Stack {
    constructor(scope, id, props) {
        super(scope, id, props);

        // A small new VPC instead of a default-VPC lookup: public subnets only
        // and no NAT, like the shoestring program's use of the default VPC.
        const vpc = new ec2.Vpc(this, "Vpc", {
            maxAzs: 2,
            natGateways: 0,
            subnetConfiguration: [{ name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
        });

        const cluster = new ecs.Cluster(this, "Cluster", { vpc, enableFargateCapacityProviders: true });

        const alb = new elbv2.ApplicationLoadBalancer(this, "Alb", { vpc, internetFacing: true });
        const certificate = acm.Certificate.fromCertificateArn(this, "Certificate", CERT_ARN);
        const https = alb.addListener("Https", {
            port: 443,
            certificates: [certificate],
            defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: "text/plain", messageBody: "not found" }),
        });
        alb.addRedirect({ sourcePort: 80, targetPort: 443 }); // HTTP -> HTTPS

        // One service per container; both on public subnets with public IPs,
        // since there is no NAT for pulling images.
        const service = (name, image, port, host, priority, healthPath, environment) => {
            const logGroup = new logs.LogGroup(this, `${name}Logs`, {
                retention: logs.RetentionDays.ONE_WEEK,
                removalPolicy: cdk.RemovalPolicy.DESTROY,
            });
            const task = new ecs.FargateTaskDefinition(this, `${name}Task`, { cpu: 256, memoryLimitMiB: 512 });
            task.addContainer(name, {
                image: ecs.ContainerImage.fromRegistry(image),
                portMappings: [{ containerPort: port }],
                logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: name }),
                environment,
            });
            const svc = new ecs.FargateService(this, `${name}Service`, {
                cluster,
                taskDefinition: task,
                desiredCount: 1,
                assignPublicIp: true,
                vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
                capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
            });
            https.addTargets(name, {
                port,
                protocol: elbv2.ApplicationProtocol.HTTP,
                targets: [svc],
                priority,
                conditions: [elbv2.ListenerCondition.hostHeaders([host])],
                healthCheck: { path: healthPath },
            });
            return { svc, task };
        };

        const table = new dynamodb.Table(this, "Table", {
            partitionKey: { name: "id", type: dynamodb.AttributeType.STRING },
            billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
            removalPolicy: cdk.RemovalPolicy.DESTROY,
        });

        const database = new rds.DatabaseInstance(this, "Database", {
            engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
            instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
            allocatedStorage: 20,
            vpc,
            vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
            publiclyAccessible: false, // public subnets, but reachable only from the backend's security group
            storageEncrypted: true,
            credentials: rds.Credentials.fromGeneratedSecret("shoestring"), // Secrets Manager secret
            multiAz: false,
            removalPolicy: cdk.RemovalPolicy.DESTROY,
            deletionProtection: false,
        });

        const backend = service("backend", "public.ecr.aws/docker/library/ruby:3.3-slim", 4567, `api.${DOMAIN}`, 10,
            "/api/health-check", { TABLE_NAME: table.tableName, DB_HOST: database.dbInstanceEndpointAddress });
        service("frontend", "public.ecr.aws/nginx/nginx:stable", 80, DOMAIN, 20, "/", {});

        table.grantReadWriteData(backend.task.taskRole);
        database.secret.grantRead(backend.task.taskRole);
        database.connections.allowDefaultPortFrom(backend.svc);
    }
}

const app = new cdk.App({ outdir: process.env.CDK_OUTDIR || "cdk.out" });
new HomeworkStack(app, "ShoestringHomework", { env: { account: "123456789012", region: "us-west-2" } });
app.synth();

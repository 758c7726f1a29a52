/**
 * The cost model line by line, on hand-made records: each kind of resource
 * it prices, with the quantities and prices computed by hand from the
 * sheet, running and paused. (The stacks' full tables are in model.test.ts.)
 */
import assert from "node:assert/strict";
import { capacitySplit, CostEstimate, DEFAULT_ASSUMPTIONS, estimateCost, round } from "../../cost/model";
import { loadSheet, regionPrices } from "../../cost/prices";
import { RecordedResource, StackRecord } from "../../offline/record";
import { recordedResource } from "../stacks";
import { close, line, pricesOf } from "./helpers";

const sheet = loadSheet("aws-2026-11");
const prices = regionPrices(sheet, "us-west-2");
const p = pricesOf(sheet);
const perHour = (usd: number) => usd * 24;
const perMonth = (usd: number) => usd / sheet.daysPerMonth;

type Spec = { type: string; name: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
const resource = (r: Spec): RecordedResource => recordedResource(r);
function cost(...resources: Spec[]): CostEstimate {
    const record: StackRecord = { project: "p", stack: "s", config: { "aws:region": "us-west-2" }, outputs: {}, resources: resources.map(resource) };
    return estimateCost(record, sheet);
}

const TASK = { type: "aws:ecs/taskDefinition:TaskDefinition", name: "task", inputs: { cpu: "512", memory: "1024" }, outputs: { arn: "arn:task:1" } };
const service = (inputs: Record<string, unknown>) => ({ type: "aws:ecs/service:Service", name: "web", inputs: { taskDefinition: "arn:task:1", ...inputs } });
const database = (inputs: Record<string, unknown> = {}) => ({ type: "aws:rds/instance:Instance", name: "db", inputs: { instanceClass: "db.t4g.micro", allocatedStorage: 50, storageType: "gp3", ...inputs }, outputs: { identifier: "db-1" } });

describe("cost model, line by line", () => {
    describe("Fargate", () => {
        it("prices on-demand tasks by vCPU and GB hour, nothing when paused", () => {
            const c = cost(TASK, service({ desiredCount: 2, launchType: "FARGATE" }));
            close(line(c, "Fargate vCPU (web)").running, perHour(2 * 0.5 * p("fargate.x86.vcpuHour")), "vCPU");
            close(line(c, "Fargate memory (web)").running, perHour(2 * 1 * p("fargate.x86.gbHour")), "memory");
            assert.equal(line(c, "Fargate vCPU (web)").paused, 0);
        });

        it("splits a Spot strategy's base count onto its provider first, and prices each part at its rate", () => {
            const c = cost(TASK, service({ desiredCount: 3, capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", base: 2, weight: 0 }, { capacityProvider: "FARGATE", weight: 1 }] }));
            close(line(c, "Fargate Spot vCPU (web)").quantity, 2 * 0.5, "two tasks on Spot (the base)");
            close(line(c, "Fargate vCPU (web)").quantity, 1 * 0.5, "the third by weight on demand");
            close(line(c, "Fargate Spot vCPU (web)").running, perHour(1 * p("fargateSpot.x86.vcpuHour")), "Spot price");
            assert.deepEqual(capacitySplit(resource(service({ capacityProviderStrategies: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 1 }] })), [], 5), { onDemand: 3, spot: 2, spotByStrategy: true });
            assert.deepEqual(capacitySplit(resource(service({ capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", base: 4, weight: 1 }] })), [], 2), { onDemand: 0, spot: 2, spotByStrategy: true }, "a base above the count takes them all");
        });

        it("shows a service at 0 tasks at $0 on its capacity, and one whose task definition is missing as a line to look at", () => {
            const zero = cost(TASK, service({ desiredCount: 0, capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }));
            assert.equal(line(zero, "Fargate Spot vCPU (web)").running, 0);
            const missing = cost(service({ taskDefinition: "arn:elsewhere" }));
            assert.equal(line(missing, "ECS service web: task definition not in the stack").quantity, 0);
        });

        it("prices each running task's public IPv4 and each Cloud Map registration, none when paused", () => {
            const c = cost(TASK, service({ desiredCount: 2, launchType: "FARGATE", networkConfiguration: { assignPublicIp: true }, serviceConnectConfiguration: { enabled: true, services: [{ portName: "http" }] }, serviceRegistries: { registryArn: "arn:srv" } }));
            close(line(c, "Public IPv4 of tasks (web)").running, perHour(2 * p("ipv4.hour")), "two addresses");
            assert.equal(line(c, "Public IPv4 of tasks (web)").paused, 0);
            assert.equal(line(c, "Cloud Map registered instances (web)").quantity, 4, "2 tasks × (Service Connect + discovery)");
            const quiet = cost(TASK, service({ launchType: "FARGATE", serviceConnectConfiguration: { enabled: true, services: [] } }));
            assert.ok(!quiet.items.some((i) => i.what.startsWith("Cloud Map") || i.what.startsWith("Public IPv4")), "a client-only Service Connect and no public IP bill nothing");
        });
    });

    describe("RDS", () => {
        it("prices a running single-AZ instance and its storage; paused, only the storage", () => {
            const c = cost(database());
            const instance = line(c, "RDS instance db.t4g.micro (db)");
            close(instance.running, perHour(prices.rdsInstanceHour["db.t4g.micro"].usd), "instance");
            assert.equal(instance.paused, 0);
            const storage = line(c, "RDS gp3 storage (db)");
            close(storage.running, perMonth(50 * p("rds.gp3.gbMonth")), "storage");
            close(storage.paused, storage.running, "storage is billed while stopped");
        });

        it("prices a stopped instance (desired state stopped) at $0 running, storage still billed", () => {
            const c = cost(database(), { type: "aws:rds/instanceDesiredState:InstanceDesiredState", name: "db-state", inputs: { identifier: "db-1", state: "stopped" } });
            assert.equal(line(c, "RDS instance db.t4g.micro (db)").running, 0);
            assert.ok(line(c, "RDS gp3 storage (db)").running > 0);
            const other = cost(database(), { type: "aws:rds/instanceDesiredState:InstanceDesiredState", name: "x", inputs: { identifier: "another-db", state: "stopped" } });
            assert.ok(line(other, "RDS instance db.t4g.micro (db)").running > 0, "another instance's state does not stop this one");
        });

        it("doubles instance and storage for Multi-AZ", () => {
            const c = cost(database({ multiAz: true }));
            close(line(c, "RDS instance db.t4g.micro Multi-AZ (db)").running, perHour(2 * prices.rdsInstanceHour["db.t4g.micro"].usd), "two instances");
            close(line(c, "RDS gp3 storage (db)").quantity, 100, "two copies of 50 GB");
        });

        it("prices the managed password's secret only when RDS manages it", () => {
            assert.ok(!cost(database()).items.some((i) => i.what.startsWith("Secrets Manager")));
            close(line(cost(database({ manageMasterUserPassword: true })), "Secrets Manager secret: database password (db)").running, perMonth(p("secretsManager.secretMonth")), "secret");
        });

        it("prices Aurora Serverless v2 at its minimum capacity (0.5 ACU unless set), a provisioned cluster instance by class, and the cluster's storage", () => {
            const cluster = (scaling?: Record<string, unknown>) => ({ type: "aws:rds/cluster:Cluster", name: "aurora", inputs: { serverlessv2ScalingConfiguration: scaling, manageMasterUserPassword: true }, outputs: { id: "aurora-1" } });
            const serverless = { type: "aws:rds/clusterInstance:ClusterInstance", name: "writer", inputs: { clusterIdentifier: "aurora-1", instanceClass: "db.serverless" } };
            close(line(cost(cluster(), serverless), "Aurora Serverless v2 minimum capacity (writer)").running, perHour(0.5 * p("aurora.acuHour")), "0.5 ACU by default");
            const paused = line(cost(cluster({ minCapacity: 0, maxCapacity: 2 }), serverless), "Aurora Serverless v2 minimum capacity (writer)");
            assert.equal(paused.running, 0);
            assert.match(paused.note ?? "", /scales to 0 ACU/);
            const c = cost(cluster(), { type: "aws:rds/clusterInstance:ClusterInstance", name: "writer", inputs: { clusterIdentifier: "aurora-1", instanceClass: "db.t4g.medium" } });
            assert.equal(line(c, "Aurora instance db.t4g.medium (writer)").quantity, 1);
            close(line(c, "Aurora storage (aurora)").running, perMonth(DEFAULT_ASSUMPTIONS.auroraStorageGb * p("aurora.storage.gbMonth")), "assumed storage");
            assert.ok(line(c, "Secrets Manager secret: cluster password (aurora)"));
        });
    });

    describe("network", () => {
        it("prices an ALB while it exists (paused too), one IPv4 per subnet, none when internal", () => {
            const alb = cost({ type: "aws:lb/loadBalancer:LoadBalancer", name: "lb", inputs: { subnets: ["a", "b", "c"] } });
            close(line(alb, "Application Load Balancer (lb)").paused, perHour(p("alb.hour")), "ALB paused");
            close(line(alb, "Public IPv4 of load balancer nodes (lb)").running, perHour(3 * p("ipv4.hour")), "three nodes");
            const unknown = cost({ type: "aws:lb/loadBalancer:LoadBalancer", name: "lb", inputs: {} });
            assert.equal(line(unknown, "Public IPv4 of load balancer nodes (lb)").quantity, DEFAULT_ASSUMPTIONS.albNodesWhenUnknown);
            const internal = cost({ type: "aws:lb/loadBalancer:LoadBalancer", name: "lb", inputs: { internal: true, subnets: ["a", "b"] } });
            assert.ok(!internal.items.some((i) => i.what.startsWith("Public IPv4")));
        });

        it("shows a network load balancer it has no price for as unpriced, outside the totals", () => {
            const c = cost({ type: "aws:lb/loadBalancer:LoadBalancer", name: "nlb", inputs: { loadBalancerType: "network" } });
            assert.deepEqual(c.unpriced.map((i) => i.what), ["Load balancer nlb (network)"]);
            assert.equal(c.totals.runningDay, 0);
        });

        it("prices a NAT gateway and an Elastic IP around the clock, paused or not, and an interface endpoint per zone", () => {
            const c = cost(
                { type: "aws:ec2/natGateway:NatGateway", name: "nat" },
                { type: "aws:ec2/eip:Eip", name: "ip" },
                { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "ecr", inputs: { vpcEndpointType: "Interface", subnetIds: ["a", "b"] } },
                { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "s3", inputs: { vpcEndpointType: "Gateway" } },
            );
            close(line(c, "NAT gateway (nat)").paused, perHour(p("nat.hour")), "NAT");
            assert.ok(line(c, "NAT gateway data processed (nat)"));
            close(line(c, "Elastic IP (ip)").paused, perHour(p("ipv4.hour")), "EIP");
            close(line(c, "Interface VPC endpoint (ecr)").running, perHour(2 * p("vpcEndpoint.azHour")), "two zones");
            assert.ok(!c.items.some((i) => i.what.includes("(s3)")), "a gateway endpoint is free");
            close(c.totals.pausedDay, round(perHour(p("nat.hour")) + perHour(p("ipv4.hour")) + perHour(2 * p("vpcEndpoint.azHour"))), "paused total");
        });
    });

    describe("DynamoDB, DNS, logs, images", () => {
        it("prices on-demand tables by use, point-in-time recovery only when on, and shows provisioned capacity as unpriced", () => {
            const onDemand = cost({ type: "aws:dynamodb/table:Table", name: "t", inputs: { billingMode: "PAY_PER_REQUEST", pointInTimeRecovery: { enabled: true } } });
            assert.deepEqual(onDemand.items.map((i) => [i.what, i.period]), [
                ["DynamoDB on-demand writes (t)", "usage"],
                ["DynamoDB on-demand reads (t)", "usage"],
                ["DynamoDB storage beyond the free 25 GB (t)", "usage"],
                ["DynamoDB point-in-time recovery (t)", "usage"],
            ]);
            assert.ok(!cost({ type: "aws:dynamodb/table:Table", name: "t", inputs: { billingMode: "PAY_PER_REQUEST" } }).items.some((i) => i.what.includes("point-in-time")));
            const provisioned = cost({ type: "aws:dynamodb/table:Table", name: "t", inputs: { billingMode: "PROVISIONED" } });
            assert.deepEqual(provisioned.unpriced.map((i) => i.what), ["DynamoDB provisioned capacity (t)"]);
        });

        it("prices each hosted zone once: created, private, and existing ones the stack writes into", () => {
            const c = cost(
                { type: "aws:route53/zone:Zone", name: "zone", outputs: { zoneId: "ZCREATED" } },
                { type: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", name: "ns" },
                { type: "aws:route53/record:Record", name: "a", inputs: { zoneId: "ZCREATED" } },
                { type: "aws:route53/record:Record", name: "b", inputs: { zoneId: "ZEXISTING" } },
                { type: "aws:route53/record:Record", name: "c", inputs: { zoneId: "ZEXISTING" } },
            );
            assert.deepEqual(c.items.filter((i) => i.priceKey === "route53.zoneMonth").map((i) => i.what), ["Route 53 private hosted zone of namespace ns", "Route 53 hosted zone (zone)", "Route 53 hosted zone ZEXISTING (existing)"]);
            close(c.totals.runningDay, round(3 * perMonth(p("route53.zoneMonth"))), "three zones");
        });

        it("prices log storage at the assumed size, and ECR storage only for repositories images are pushed to", () => {
            const c = cost(
                { type: "aws:cloudwatch/logGroup:LogGroup", name: "logs" },
                { type: "aws:ecr/repository:Repository", name: "pushed", outputs: { repositoryUrl: "1.dkr.ecr/pushed" } },
                { type: "aws:ecr/repository:Repository", name: "empty", outputs: { repositoryUrl: "1.dkr.ecr/empty" } },
                { type: "docker-build:index:Image", name: "image", inputs: { tags: ["1.dkr.ecr/pushed:latest"] } },
                { type: "aws:ecr/pullThroughCacheRule:PullThroughCacheRule", name: "cache" },
                { type: "aws:secretsmanager/secret:Secret", name: "key" },
            );
            close(line(c, "CloudWatch Logs storage (logs)").running, perMonth(DEFAULT_ASSUMPTIONS.logGbPerGroup * p("logs.storage.gbMonth")), "logs");
            close(line(c, "ECR storage (pushed)").quantity, DEFAULT_ASSUMPTIONS.imageGb * DEFAULT_ASSUMPTIONS.imageVersionsKept, "kept images");
            assert.ok(!c.items.some((i) => i.what === "ECR storage (empty)"));
            close(line(c, "ECR storage of cached public images").quantity, DEFAULT_ASSUMPTIONS.pullThroughCacheGb, "cache");
            close(line(c, "Secrets Manager secret (key)").paused, perMonth(p("secretsManager.secretMonth")), "secret");
        });

        it("lists a standard SSM parameter at no charge, with its source, and another tier as unpriced", () => {
            const c = cost({ type: "aws:ssm/parameter:Parameter", name: "token", inputs: { type: "SecureString", tier: "Standard" } }, { type: "aws:ssm/parameter:Parameter", name: "big", inputs: { type: "SecureString", tier: "Advanced" } }, { type: "aws:ssm/parameter:Parameter", name: "plain" });
            const token = line(c, "SSM parameter, standard (token)");
            assert.deepEqual([token.unitPrice, token.quantity, token.pausedQuantity, token.running, token.paused], [0, 1, 1, 0, 0]);
            assert.match(token.source ?? "", /systems-manager\/pricing/);
            assert.equal(line(c, "SSM parameter, standard (plain)").unitPrice, 0, "Standard is the default tier");
            assert.deepEqual(c.unpriced.map((i) => i.what), ["SSM parameter, Advanced (big)"]);
        });

        it("lists the usage-priced front doors at $0 with their unit prices", () => {
            const c = cost({ type: "aws:apigatewayv2/api:Api", name: "api", inputs: { protocolType: "HTTP" } }, { type: "aws:cloudfront/distribution:Distribution", name: "cdn" }, { type: "aws:s3/bucket:Bucket", name: "site" });
            assert.deepEqual(c.items.map((i) => i.what), ["API Gateway HTTP API requests (api)", "Data transfer out to the internet (api)", "CloudFront data out (cdn)", "CloudFront HTTPS requests (cdn)", "S3 requests (site)", "S3 storage (site)"]);
            assert.ok(c.items.every((i) => i.running === 0 && (i.unitPrice ?? 0) > 0));
            assert.equal(line(c, "API Gateway HTTP API requests (api)").unitPrice, p("apigateway.http.millionRequests"));
        });
    });

    describe("static site files, from the sync's manifest", () => {
        const file = (key: string, size: number, cacheControl: string) => ({ key, size, sha256: "0".repeat(64), contentType: "text/plain", cacheControl });
        const files = [file("index.html", 1024, "no-cache"), file("assets/app.1a2b3c4d.js", 3 * 1024 ** 3, "public, max-age=31536000, immutable"), file("favicon.svg", 1024 ** 3 - 2048, "public, max-age=300"), file("robots.txt", 1024, "public, max-age=300")];
        const sync = (inputs: Record<string, unknown> = {}) => ({ type: "pulumi-nodejs:dynamic/shoestring:SiteSync", name: "site", inputs: { bucket: "site-abc", distributionId: "E1", files, maxInvalidationPaths: 100, ...inputs } });
        const bucket = { type: "aws:s3/bucket:Bucket", name: "site", outputs: { bucket: "site-abc" } };
        const cdn = { type: "aws:cloudfront/distribution:Distribution", name: "cdn", outputs: {} };
        const withId = (r: Spec, id: string) => ({ ...r, id });

        it("prices S3 storage from the manifest's bytes, idle and paused alike", () => {
            const c = cost(bucket, sync());
            const storage = line(c, "S3 storage (site)");
            assert.deepEqual([storage.category, storage.unit, storage.period], ["storage", "GB", "month"]);
            close(storage.quantity, 4, "4 GiB: S3 bills binary gigabytes");
            close(storage.pausedQuantity, 4, "paused too");
            close(storage.running, perMonth(4 * p("s3.storage.gbMonth")), "running");
            assert.match(storage.note ?? "", /^the site's 4 files, 4294967296 bytes, from the sync's manifest/);
        });

        it("finds the bucket by the sync's dependency when its name is not known yet (a preview)", () => {
            const byDependency = cost(bucket, { ...sync({ bucket: "<unknown>" }), propertyDependencies: { bucket: ["urn:pulumi:s::p::aws:s3/bucket:Bucket::site"] } } as Spec);
            close(line(byDependency, "S3 storage (site)").quantity, 4, "through propertyDependencies");
            const other = cost(bucket, sync({ bucket: "another-bucket" }));
            assert.equal(line(other, "S3 storage (site)").period, "usage", "a sync into another bucket prices nothing here");
        });

        it("counts a deploy's invalidation paths: the cacheable files that keep their name, one /* above the limit, free for 1,000 a month", () => {
            const c = cost(bucket, withId(cdn, "E1") as Spec, sync());
            const paths = line(c, "CloudFront invalidation paths (cdn)");
            assert.deepEqual([paths.category, paths.unit, paths.period, paths.quantity, paths.running], ["usage", "path", "usage", 0, 0]);
            // favicon.svg and robots.txt: index.html is never cached, the hashed chunk changes name.
            close(paths.trafficQuantity, (2 * DEFAULT_ASSUMPTIONS.siteDeploysPerMonth) / sheet.daysPerMonth, "two paths a deploy");
            close(paths.traffic, 2 * DEFAULT_ASSUMPTIONS.siteDeploysPerMonth * p("cloudfront.invalidationPath") / sheet.daysPerMonth, "at $0.005 a path");
            assert.equal(p("cloudfront.invalidationPath"), 0.005);
            assert.match(paths.note ?? "", /at most 2 a deploy/);
            const wildcard = line(cost(bucket, withId(cdn, "E1") as Spec, sync({ maxInvalidationPaths: 1 })), "CloudFront invalidation paths (cdn)");
            close(wildcard.trafficQuantity, DEFAULT_ASSUMPTIONS.siteDeploysPerMonth / sheet.daysPerMonth, "one /* a deploy");
            const free = estimateCost({ project: "p", stack: "s", config: { "aws:region": "us-west-2" }, outputs: {}, resources: [bucket, withId(cdn, "E1") as Spec, sync()].map(resource) }, sheet, { freeTier: true });
            assert.equal(line(free, "CloudFront invalidation paths (cdn)").traffic, 0, "60 paths a month are within the free 1,000");
            assert.deepEqual(cost(bucket, withId(cdn, "E2") as Spec, sync()).items.filter((i) => i.what.startsWith("CloudFront invalidation")), [], "no line for a distribution no sync invalidates");
        });
    });

    it("describes every kind of line for the plan: what, category, unit, period, quantities running and paused, and why", () => {
        const c = cost(
            { type: "aws:ecs/taskDefinition:TaskDefinition", name: "task", inputs: { cpu: "256", memory: "512", runtimePlatform: { cpuArchitecture: "ARM64" } }, outputs: { arn: "arn:task:1" } },
            service({ taskDefinition: "arn:task:1", desiredCount: 1, capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }], networkConfiguration: { assignPublicIp: true }, serviceRegistries: { registryArn: "x" } }),
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "lb", inputs: { subnets: ["a", "b"] } },
            { type: "aws:ec2/natGateway:NatGateway", name: "nat" },
            { type: "aws:ec2/eip:Eip", name: "ip" },
            { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "ecr", inputs: { vpcEndpointType: "Interface", subnetIds: ["a"] } },
            { type: "aws:rds/instance:Instance", name: "db", inputs: { instanceClass: "db.t4g.micro", allocatedStorage: 20, storageType: "gp3", manageMasterUserPassword: true }, outputs: { identifier: "db-1" } },
            { type: "aws:rds/instanceDesiredState:InstanceDesiredState", name: "db-state", inputs: { identifier: "db-1", state: "stopped" } },
            { type: "aws:rds/cluster:Cluster", name: "aurora", inputs: { serverlessv2ScalingConfiguration: { minCapacity: 0 }, manageMasterUserPassword: true }, outputs: { id: "aurora-1" } },
            { type: "aws:rds/clusterInstance:ClusterInstance", name: "writer", inputs: { clusterIdentifier: "aurora-1", instanceClass: "db.serverless" } },
            { type: "aws:dynamodb/table:Table", name: "t", inputs: { billingMode: "PAY_PER_REQUEST", pointInTimeRecovery: { enabled: true } } },
            { type: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", name: "ns" },
            { type: "aws:route53/record:Record", name: "r", inputs: { zoneId: "ZEXISTING" } },
            { type: "aws:secretsmanager/secret:Secret", name: "key" },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "logs" },
            { type: "aws:ecr/repository:Repository", name: "repo", outputs: { repositoryUrl: "1.dkr/repo" } },
            { type: "docker-build:index:Image", name: "image", inputs: { tags: ["1.dkr/repo:latest"] } },
            { type: "aws:ecr/pullThroughCacheRule:PullThroughCacheRule", name: "cache" },
            { type: "aws:apigatewayv2/api:Api", name: "api", inputs: { protocolType: "HTTP" } },
            { type: "aws:cloudfront/distribution:Distribution", name: "cdn" },
            { type: "aws:s3/bucket:Bucket", name: "site" },
        );
        const expected: [string, string, string, string, number, number, string | null][] = [
            ["Fargate Spot ARM vCPU (web)", "compute", "vCPU", "hour", 0.25, 0, "1 task \u00d7 0.25 vCPU / 0.5 GB"],
            ["Fargate Spot ARM memory (web)", "compute", "GB", "hour", 0.5, 0, "1 task \u00d7 0.25 vCPU / 0.5 GB"],
            ["Public IPv4 of tasks (web)", "network", "address", "hour", 1, 0, "one per running task"],
            ["Cloud Map registered instances (web)", "dns", "instance", "month", 1, 0, "Service Connect and service discovery each register every task"],
            ["Application Load Balancer (lb)", "network", "load balancer", "hour", 1, 1, "billed while it exists, paused or not"],
            ["Public IPv4 of load balancer nodes (lb)", "network", "address", "hour", 2, 2, "one per availability zone (subnet)"],
            ["Load balancer capacity units (lb)", "usage", "LCU-hour", "usage", 0, 0, "usage-priced: $0 at idle; each request a new connection"],
            ["Data transfer out to the internet (lb)", "usage", "GB", "usage", 0, 0, "usage-priced: $0 at idle"],
            ["NAT gateway (nat)", "network", "gateway", "hour", 1, 1, "billed while it exists, paused or not"],
            ["NAT gateway data processed (nat)", "usage", "GB", "usage", 0, 0, "usage-priced: $0 at idle; traffic through NAT is not modelled"],
            ["Elastic IP (ip)", "network", "address", "hour", 1, 1, null],
            ["Interface VPC endpoint (ecr)", "network", "AZ", "hour", 1, 1, null],
            ["RDS instance db.t4g.micro (db)", "database", "instance", "hour", 0, 0, "stopped in this record"],
            ["RDS gp3 storage (db)", "storage", "GB", "month", 20, 20, "billed while stopped too"],
            ["Secrets Manager secret: database password (db)", "secrets", "secret", "month", 1, 1, null],
            ["Aurora Serverless v2 minimum capacity (writer)", "database", "ACU", "hour", 0, 0, "scales to 0 ACU and pauses when idle; at 0.5 ACU all day under traffic"],
            ["Aurora storage (aurora)", "storage", "GB", "month", 1, 1, "assumes 1 GB at idle"],
            ["Secrets Manager secret: cluster password (aurora)", "secrets", "secret", "month", 1, 1, null],
            ["DynamoDB on-demand writes (t)", "usage", "million write units", "usage", 0, 0, "usage-priced: $0 at idle"],
            ["DynamoDB on-demand reads (t)", "usage", "million read units", "usage", 0, 0, "usage-priced: $0 at idle"],
            ["DynamoDB storage beyond the free 25 GB (t)", "usage", "GB-month", "usage", 0, 0, "usage-priced: $0 at idle"],
            ["DynamoDB point-in-time recovery (t)", "usage", "GB-month of table", "usage", 0, 0, "usage-priced: $0 at idle"],
            ["Route 53 private hosted zone of namespace ns", "dns", "zone", "month", 1, 1, null],
            ["Route 53 hosted zone ZEXISTING (existing)", "dns", "zone", "month", 1, 1, "not created by the stack, which writes records in it: billed whether or not this stack exists"],
            ["Secrets Manager secret (key)", "secrets", "secret", "month", 1, 1, null],
            ["CloudWatch Logs storage (logs)", "logs", "GB", "month", 0.01, 0.01, "assumes 0.01 GB kept at idle"],
            ["CloudWatch Logs ingestion (logs)", "usage", "GB", "usage", 0, 0, "usage-priced: $0 at idle"],
            ["ECR storage (repo)", "storage", "GB", "month", 0.1 * 3, 0.1 * 3, "assumes 3 images of 0.1 GB"],
            ["ECR storage of cached public images", "storage", "GB", "month", 0.1, 0.1, "assumes 0.1 GB of base images"],
            ["API Gateway HTTP API requests (api)", "usage", "million requests", "usage", 0, 0, "usage-priced: $0 at idle"],
            ["Data transfer out to the internet (api)", "usage", "GB", "usage", 0, 0, "usage-priced: $0 at idle"],
            ["CloudFront data out (cdn)", "usage", "GB", "usage", 0, 0, "usage-priced: $0 at idle"],
            ["CloudFront HTTPS requests (cdn)", "usage", "10,000 requests", "usage", 0, 0, "usage-priced: $0 at idle"],
            ["S3 requests (site)", "usage", "1,000 GET requests", "usage", 0, 0, "usage-priced: $0 at idle; what the CDN does not cache"],
            ["S3 storage (site)", "usage", "GB-month", "usage", 0, 0, "usage-priced: $0 at idle"],
        ];
        const priceKeys: Record<string, string> = {
            "Fargate Spot ARM vCPU (web)": "fargateSpot.arm.vcpuHour",
            "Fargate Spot ARM memory (web)": "fargateSpot.arm.gbHour",
            "Public IPv4 of tasks (web)": "ipv4.hour",
            "Cloud Map registered instances (web)": "cloudMap.instanceMonth",
            "Application Load Balancer (lb)": "alb.hour",
            "Public IPv4 of load balancer nodes (lb)": "ipv4.hour",
            "Load balancer capacity units (lb)": "alb.lcuHour",
            "Data transfer out to the internet (lb)": "dataTransfer.internetGbOut",
            "NAT gateway (nat)": "nat.hour",
            "NAT gateway data processed (nat)": "nat.gbProcessed",
            "Elastic IP (ip)": "ipv4.hour",
            "Interface VPC endpoint (ecr)": "vpcEndpoint.azHour",
            "RDS instance db.t4g.micro (db)": "rds:db.t4g.micro",
            "RDS gp3 storage (db)": "rds.gp3.gbMonth",
            "Secrets Manager secret: database password (db)": "secretsManager.secretMonth",
            "Aurora Serverless v2 minimum capacity (writer)": "aurora.acuHour",
            "Aurora storage (aurora)": "aurora.storage.gbMonth",
            "Secrets Manager secret: cluster password (aurora)": "secretsManager.secretMonth",
            "DynamoDB on-demand writes (t)": "dynamodb.millionWriteUnits",
            "DynamoDB on-demand reads (t)": "dynamodb.millionReadUnits",
            "DynamoDB storage beyond the free 25 GB (t)": "dynamodb.storage.gbMonth",
            "DynamoDB point-in-time recovery (t)": "dynamodb.pitr.gbMonth",
            "Route 53 private hosted zone of namespace ns": "route53.zoneMonth",
            "Route 53 hosted zone ZEXISTING (existing)": "route53.zoneMonth",
            "Secrets Manager secret (key)": "secretsManager.secretMonth",
            "CloudWatch Logs storage (logs)": "logs.storage.gbMonth",
            "CloudWatch Logs ingestion (logs)": "logs.ingest.gb",
            "ECR storage (repo)": "ecr.storage.gbMonth",
            "ECR storage of cached public images": "ecr.storage.gbMonth",
            "API Gateway HTTP API requests (api)": "apigateway.http.millionRequests",
            "Data transfer out to the internet (api)": "dataTransfer.internetGbOut",
            "CloudFront data out (cdn)": "cloudfront.gbOut",
            "CloudFront HTTPS requests (cdn)": "cloudfront.tenThousandHttpsRequests",
            "S3 requests (site)": "s3.thousandGets",
            "S3 storage (site)": "s3.storage.gbMonth",
        };
        assert.deepEqual(Object.fromEntries(c.items.map((i) => [i.what, i.priceKey])), priceKeys, "each line names the sheet's key it is priced by");
        assert.equal(c.items.length, expected.length, c.items.map((i) => i.what).join("; "));
        c.items.forEach((item, i) => {
            const [what, category, unit, period, quantity, pausedQuantity, note] = expected[i];
            assert.deepEqual([item.what, item.category, item.unit, item.period], [what, category, unit, period]);
            close(item.quantity, quantity, `${what} quantity`);
            close(item.pausedQuantity, pausedQuantity, `${what} paused quantity`);
            if (note) {
                assert.ok(item.note?.startsWith(note), `${what}: note "${item.note}" starts with "${note}"`);
            }
            if (item.unitPrice !== undefined && item.source === undefined) {
                assert.fail(`${what} has a price without its source`);
            }
        });
    });

    it("reads counts and sizes given as numbers or numeric strings, and falls back to Fargate's smallest task on anything else", () => {
        const sized = (cpu: unknown, memory: unknown, desiredCount: unknown) =>
            cost({ ...TASK, inputs: { cpu, memory } }, service({ desiredCount, launchType: "FARGATE" }));
        close(line(sized(1024, "2048", "2"), "Fargate vCPU (web)").quantity, 2, "two tasks of 1 vCPU");
        close(line(sized(1024, "2048", "2"), "Fargate memory (web)").quantity, 4, "two tasks of 2 GB");
        close(line(sized("512.0", 1024, 1), "Fargate vCPU (web)").quantity, 0.5, "a decimal string");
        for (const bad of ["abc", "512x", "x512", "5.1.2", Number.NaN, Number.POSITIVE_INFINITY, null]) {
            close(line(sized(bad, bad, bad), "Fargate vCPU (web)").quantity, 0.25, `cpu ${String(bad)}: 256 units, one task`);
        }
        assert.match(line(sized(256, 512, 2), "Fargate vCPU (web)").note ?? "", /^2 tasks × 0.25 vCPU \/ 0.5 GB/);
        assert.match(line(sized(256, 512, 1), "Fargate vCPU (web)").note ?? "", /^1 task × 0.25 vCPU \/ 0.5 GB/);
    });

    it("finds a service's task definition by ARN or URN, and an Aurora instance's cluster by id or identifier", () => {
        const byUrn = cost(TASK, service({ taskDefinition: "urn:pulumi:s::p::aws:ecs/taskDefinition:TaskDefinition::task", launchType: "FARGATE" }));
        assert.ok(line(byUrn, "Fargate vCPU (web)"));
        const cluster = { type: "aws:rds/cluster:Cluster", name: "aurora", inputs: { serverlessv2ScalingConfiguration: { minCapacity: 2 } }, outputs: { clusterIdentifier: "aurora-prod" } };
        const c = cost(cluster, { type: "aws:rds/clusterInstance:ClusterInstance", name: "writer", inputs: { clusterIdentifier: "aurora-prod", instanceClass: "db.serverless" } });
        const minimum = line(c, "Aurora Serverless v2 minimum capacity (writer)");
        assert.equal(minimum.quantity, 2, "the cluster's own minimum");
        assert.equal(minimum.pausedQuantity, 2, "billed while idle");
        assert.match(minimum.note ?? "", /^billed at the minimum while idle/);
        const alone = cost({ type: "aws:rds/clusterInstance:ClusterInstance", name: "writer", inputs: { clusterIdentifier: "missing", instanceClass: "db.serverless" } });
        assert.equal(line(alone, "Aurora Serverless v2 minimum capacity (writer)").quantity, 0.5, "no cluster in the stack: Aurora's default minimum");
        const provisioned = cost(cluster, { type: "aws:rds/clusterInstance:ClusterInstance", name: "reader", inputs: { clusterIdentifier: "aurora-prod", instanceClass: "db.t4g.medium" } });
        const instance = line(provisioned, "Aurora instance db.t4g.medium (reader)");
        assert.deepEqual([instance.quantity, instance.pausedQuantity, instance.unit, instance.period], [1, 1, "instance", "hour"]);
    });

    it("keeps out of the unpriced list what bills nothing, and out of the zones what it cannot name", () => {
        const missing = cost(service({ taskDefinition: "arn:elsewhere" }));
        assert.deepEqual(missing.unpriced, [], "a line of 0 units is not an unpriced cost");
        const nlb = cost({ type: "aws:lb/loadBalancer:LoadBalancer", name: "nlb", inputs: { loadBalancerType: "network" } });
        assert.equal(line(nlb, "Load balancer nlb (network)").running, 0, "no price: $0 in the line, listed as unpriced");
        const unknownZone = cost({ type: "aws:route53/record:Record", name: "r", inputs: { zoneId: "<unknown>" } }, { type: "aws:route53/record:Record", name: "s", inputs: { zoneId: 42 } });
        assert.deepEqual(unknownZone.items, []);
        const api = cost({ type: "aws:apigatewayv2/api:Api", name: "api" });
        assert.equal(api.items[0].what, "API Gateway HTTP API requests (api)", "HTTP unless the protocol says otherwise");
        assert.equal(cost({ type: "aws:apigatewayv2/api:Api", name: "ws", inputs: { protocolType: "WEBSOCKET" } }).items[0].what, "API Gateway WEBSOCKET API requests (ws)");
    });

    it("names the sheet and region it priced with, and totals paused months too", () => {
        const c = cost({ type: "aws:ec2/eip:Eip", name: "ip" });
        assert.deepEqual(c.sheet, { name: sheet.name, date: sheet.date, daysPerMonth: sheet.daysPerMonth, regions: Object.keys(sheet.regions).sort() });
        assert.equal(c.regionCovered, true);
        assert.equal(c.region, "us-west-2");
        assert.equal(c.stack, "s");
        close(c.totals.pausedMonth, round(c.totals.pausedDay * sheet.daysPerMonth), "paused month");
        assert.deepEqual(c.assumptions, DEFAULT_ASSUMPTIONS);
    });

    it("uses a cluster's default strategy only for a service naming that cluster", () => {
        const defaults = (clusterName: string | undefined) => resource({ type: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", name: "d", inputs: { clusterName, defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] } });
        const inCluster = resource(service({ cluster: "arn:aws:ecs:us-west-2:1:cluster/main" }));
        assert.deepEqual(capacitySplit(inCluster, [defaults("main")], 2), { onDemand: 0, spot: 2, spotByStrategy: true });
        assert.deepEqual(capacitySplit(inCluster, [defaults("other")], 2), { onDemand: 2, spot: 0, spotByStrategy: false });
        assert.deepEqual(capacitySplit(inCluster, [defaults(undefined)], 2), { onDemand: 2, spot: 0, spotByStrategy: false });
        assert.deepEqual(capacitySplit(inCluster, [], 3), { onDemand: 3, spot: 0, spotByStrategy: false });
    });

    it("describes the lines it cannot price like the others: a missing task definition, a network load balancer, a provisioned table, an unpriced class", () => {
        const c = cost(
            service({ taskDefinition: "arn:elsewhere" }),
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "nlb", inputs: { loadBalancerType: "network" } },
            { type: "aws:dynamodb/table:Table", name: "t", inputs: { billingMode: "PROVISIONED" } },
            database({ instanceClass: "db.x99.huge" }),
            { type: "aws:rds/cluster:Cluster", name: "aurora", outputs: { id: "aurora-1" } },
            { type: "aws:rds/clusterInstance:ClusterInstance", name: "reader", inputs: { clusterIdentifier: "aurora-1", instanceClass: "db.x99.large" } },
            { type: "aws:route53/zone:Zone", name: "zone", outputs: { zoneId: "ZCREATED" } },
        );
        const describe = (what: string) => {
            const l = line(c, what);
            return [l.category, l.priceKey, l.unit, l.period, l.quantity, l.pausedQuantity];
        };
        assert.deepEqual(describe("ECS service web: task definition not in the stack"), ["compute", "fargate", "task", "hour", 0, 0]);
        assert.deepEqual(describe("Load balancer nlb (network)"), ["network", "nlb.hour", "load balancer", "hour", 1, 1]);
        assert.deepEqual(describe("DynamoDB provisioned capacity (t)"), ["database", "dynamodb.provisioned", "table", "hour", 1, 1]);
        assert.deepEqual(describe("RDS instance db.x99.huge (db)"), ["database", "rds:db.x99.huge", "instance", "hour", 1, 0]);
        assert.deepEqual(describe("Aurora instance db.x99.large (reader)"), ["database", "rds:db.x99.large", "instance", "hour", 1, 1]);
        assert.deepEqual(describe("Route 53 hosted zone (zone)"), ["dns", "route53.zoneMonth", "zone", "month", 1, 1]);
        assert.deepEqual(
            c.unpriced.map((i) => i.what),
            ["Load balancer nlb (network)", "RDS instance db.x99.huge (db)", "Aurora instance db.x99.large (reader)", "DynamoDB provisioned capacity (t)"],
            "what bills something without a price; a running-only line (the RDS instance) too",
        );
        assert.match(line(c, "RDS instance db.x99.huge (db)").note ?? "", /^stopped when paused \(AWS restarts it after 7 days\)/);
        assert.ok(!c.items.some((i) => i.what.startsWith("Secrets Manager")), "no cluster password secret unless RDS manages it");
    });

    it("joins its own note and the sheet's note for a price, and keeps either alone", () => {
        const ipv4Note = (prices.prices as Record<string, { note?: string } | undefined>)["ipv4.hour"]?.note;
        const fargateNote = (prices.prices as Record<string, { note?: string } | undefined>)["fargate.x86.vcpuHour"]?.note;
        assert.ok(ipv4Note && fargateNote, "the sheet notes these prices");
        assert.equal(line(cost({ type: "aws:ec2/eip:Eip", name: "ip" }), "Elastic IP (ip)").note, ipv4Note, "the sheet's note alone, nothing before it");
        const task = line(cost(TASK, service({ launchType: "FARGATE" })), "Fargate vCPU (web)");
        assert.equal(task.note, `1 task × 0.5 vCPU / 1 GB; ${fargateNote}`);
    });

    it("defaults RDS storage to gp2, and reads decimal and list-wrapped numbers only as Fargate's API does", () => {
        assert.ok(line(cost(database({ storageType: undefined })), "RDS gp2 storage (db)"));
        const sized = (cpu: unknown) => cost({ ...TASK, inputs: { cpu, memory: 1024 } }, service({ launchType: "FARGATE" }));
        close(line(sized("1024.50"), "Fargate vCPU (web)").quantity, 1024.5 / 1024, "two decimals");
        close(line(sized(["512"]), "Fargate vCPU (web)").quantity, 0.25, "a list is not a number");
    });

    it("finds the right task definition, Aurora cluster and hosted zone among several", () => {
        const other = { type: "aws:ecs/taskDefinition:TaskDefinition", name: "other", inputs: { cpu: "4096", memory: "8192" }, outputs: { arn: "arn:task:0" } };
        close(line(cost(other, TASK, service({ launchType: "FARGATE" })), "Fargate vCPU (web)").quantity, 0.5, "the service's own task definition, not the first");
        const cluster = (id: string, minCapacity: number) => ({ type: "aws:rds/cluster:Cluster", name: id, inputs: { serverlessv2ScalingConfiguration: { minCapacity } }, outputs: { id } });
        const writer = { type: "aws:rds/clusterInstance:ClusterInstance", name: "writer", inputs: { clusterIdentifier: "b", instanceClass: "db.serverless" } };
        assert.equal(line(cost(cluster("a", 4), cluster("b", 1), writer), "Aurora Serverless v2 minimum capacity (writer)").quantity, 1, "the instance's own cluster");
        const zones = cost(
            { type: "aws:route53/zone:Zone", name: "zone", outputs: { zoneId: "ZCREATED" } },
            { type: "aws:route53/record:Record", name: "a", inputs: { zoneId: "ZCREATED" } },
            { type: "aws:route53/record:Record", name: "b", inputs: { zoneId: "ZEXISTING" } },
        );
        assert.equal(line(zones, "Route 53 hosted zone ZEXISTING (existing)").urn, "urn:pulumi:s::p::aws:route53/record:Record::b", "the existing zone is shown at a record written into it");
    });

    it("uses a cluster's default strategy in the estimate, not for a service with its own launch type, and shows Spot at 0 tasks only for a Spot strategy", () => {
        const defaults = { type: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", name: "d", inputs: { clusterName: "main", defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] } };
        assert.ok(line(cost(TASK, defaults, service({ cluster: "arn:aws:ecs:us-west-2:1:cluster/main" })), "Fargate Spot vCPU (web)"));
        assert.ok(line(cost(TASK, defaults, service({ cluster: "arn:aws:ecs:us-west-2:1:cluster/main", launchType: "FARGATE" })), "Fargate vCPU (web)"));
        assert.ok(line(cost(TASK, service({ desiredCount: 0, capacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1 }] })), "Fargate vCPU (web)"), "0 tasks on demand");
    });

    it("counts a Service Connect registration only when it is enabled, and ECR storage only for image tags naming the repository", () => {
        const off = cost(TASK, service({ launchType: "FARGATE", serviceConnectConfiguration: { enabled: false, services: [{ portName: "http" }] } }));
        assert.ok(!off.items.some((i) => i.what.startsWith("Cloud Map")));
        const c = cost(
            { type: "aws:ecr/repository:Repository", name: "repo", outputs: { repositoryUrl: "1.dkr/repo" } },
            { type: "docker-build:index:Image", name: "image", inputs: { tags: [42, "1.dkr/repo:v1"] } },
        );
        assert.ok(line(c, "ECR storage (repo)"), "a tag that is not a string is passed over");
    });

    it("totals to a month of the sheet's days, and rounds to a millionth", () => {
        const c = cost({ type: "aws:ec2/eip:Eip", name: "ip" });
        close(c.totals.runningMonth, round(c.totals.runningDay * sheet.daysPerMonth), "month");
        assert.equal(round(0.1234564), 0.123456);
        assert.equal(round(0.1234566), 0.123457);
        assert.throws(() => estimateCost({ project: "p", stack: "s", config: {}, outputs: {}, resources: [] }, sheet), /stack s has no aws:region/);
    });
});

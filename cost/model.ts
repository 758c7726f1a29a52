/**
 * The cost model: a pure function from an offline record (and a price sheet)
 * to line items in dollars per day, for two scenarios:
 *
 * - running: 24 hours a day with idle traffic, everything as recorded;
 * - paused: what `paused: true` leaves: every ECS service at 0 tasks (and
 *   its Cloud Map registrations and public IPs gone), the database stopped
 *   (its storage still billed), everything else as it is.
 *
 * Usage-priced services (requests, data transfer, on-demand tables) are
 * listed at $0 with their unit price. What the sheet has no price for is
 * listed as unpriced and left out of the totals, never guessed.
 */
import { RecordedResource, resourcesOfType, StackRecord, UNKNOWN } from "../offline/record";
import { list, obj } from "../lib/values";
import { Price, PriceKey, PriceSheet, regionPrices } from "./prices";

/** How a line is billed. */
export type Period = "hour" | "month" | "usage";

export interface LineItem {
    /** What is billed, for a person: "Fargate Spot vCPU (backend)". */
    what: string;
    /** Grouping: compute, network, database, storage, dns, secrets, logs, usage. */
    category: "compute" | "network" | "database" | "storage" | "dns" | "secrets" | "logs" | "usage";
    /** The resource it comes from. */
    urn?: string;
    /** The sheet entry it is priced with (`rds:<class>` for RDS instances). */
    priceKey: string;
    /** Units billed while running (for example 0.25 vCPU, 20 GB, 3 addresses). */
    quantity: number;
    /** Units billed while paused. */
    pausedQuantity: number;
    /** The unit of `quantity`. */
    unit: string;
    /** Dollars per unit per `period`; undefined when the sheet has no price. */
    unitPrice?: number;
    period: Period;
    /** Dollars a day, running and paused (0 when unpriced or usage-priced). */
    running: number;
    paused: number;
    /** Where the unit price comes from. */
    source?: string;
    /** What is assumed. */
    note?: string;
}

/** Quantities the record cannot tell, stated rather than hidden. */
export interface UsageAssumptions {
    /** GB a log group holds at idle (a few days of start-up and health-check lines). */
    logGbPerGroup: number;
    /** GB of one pushed image version. */
    imageGb: number;
    /** Image versions a repository holds in steady state. */
    imageVersionsKept: number;
    /** GB of public base images a pull-through cache holds. */
    pullThroughCacheGb: number;
    /** GB an idle Aurora cluster stores. */
    auroraStorageGb: number;
    /** GB a small app's Aurora DSQL cluster stores. */
    dsqlStorageGb: number;
    /** Public IPv4 addresses of a load balancer whose subnets are unknown offline. */
    albNodesWhenUnknown: number;
}

export const DEFAULT_ASSUMPTIONS: UsageAssumptions = {
    logGbPerGroup: 0.01,
    imageGb: 0.1,
    imageVersionsKept: 3,
    pullThroughCacheGb: 0.1,
    auroraStorageGb: 1,
    dsqlStorageGb: 0.1,
    albNodesWhenUnknown: 2,
};

export interface CostEstimate {
    stack: string;
    region: string;
    sheet: { name: string; date: string; daysPerMonth: number };
    items: LineItem[];
    totals: { runningDay: number; pausedDay: number; runningMonth: number; pausedMonth: number };
    /** Lines the sheet has no price for (left out of the totals). */
    unpriced: LineItem[];
    assumptions: UsageAssumptions;
}


function num(value: unknown, fallback: number): number {
    // Stryker disable next-line ConditionalExpression: Number.isFinite is false for anything but a number; the typeof is for the compiler
    if (typeof value === "number" && Number.isFinite(value)) return value;
    return typeof value === "string" && /^\d+(\.\d+)?$/.test(value) ? Number(value) : fallback;
}

/** Prices a stack's record with a price sheet. */
export function estimateCost(record: StackRecord, sheet: PriceSheet, assumptions: UsageAssumptions = DEFAULT_ASSUMPTIONS): CostEstimate {
    const region = record.config["aws:region"];
    if (!region) {
        throw new Error(`stack ${record.stack} has no aws:region`);
    }
    const prices = regionPrices(sheet, region);
    const items: LineItem[] = [];

    const add = (line: Omit<LineItem, "running" | "paused" | "unitPrice" | "source"> & { price?: Price }): void => {
        const { price, ...rest } = line;
        const perDay = (quantity: number): number => {
            // Usage lines have no quantity at idle, so they come to $0 here.
            if (!price) return 0;
            return rest.period === "hour" ? quantity * price.usd * 24 : (quantity * price.usd) / sheet.daysPerMonth;
        };
        items.push({ ...rest, unitPrice: price?.usd, source: price?.source, running: perDay(rest.quantity), paused: perDay(rest.pausedQuantity), note: [rest.note, price?.note].filter(Boolean).join("; ") || undefined });
    };
    const price = (key: PriceKey): Price | undefined => prices.prices[key];
    const usage = (what: string, urn: string, key: PriceKey, unit: string): void =>
        add({ what, category: "usage", urn, priceKey: key, quantity: 0, pausedQuantity: 0, unit, period: "usage", price: price(key), note: "usage-priced: $0 at idle" });

    // --- ECS services on Fargate --------------------------------------------
    const taskDefinitions = resourcesOfType(record, "aws:ecs/taskDefinition:TaskDefinition");
    const clusterDefaults = resourcesOfType(record, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
    for (const service of resourcesOfType(record, "aws:ecs/service:Service")) {
        const task = taskDefinitions.find((t) => t.outputs.arn === service.inputs.taskDefinition || t.urn === service.inputs.taskDefinition);
        if (!task) {
            add({ what: `ECS service ${service.name}: task definition not in the stack`, category: "compute", urn: service.urn, priceKey: "fargate", quantity: 0, pausedQuantity: 0, unit: "task", period: "hour" });
            continue;
        }
        const tasks = num(service.inputs.desiredCount, 1);
        const vcpu = num(task.inputs.cpu, 256) / 1024;
        const gb = num(task.inputs.memory, 512) / 1024;
        const arm = obj(task.inputs.runtimePlatform).cpuArchitecture === "ARM64";
        const arch = arm ? "arm" : "x86";
        const split = capacitySplit(service, clusterDefaults, tasks);
        const buckets: ["fargate" | "fargateSpot", number][] = [
            ["fargate", split.onDemand],
            ["fargateSpot", split.spot],
        ];
        const billed = buckets.filter(([, count]) => count > 0);
        // A service at 0 tasks still shows its lines, at 0, on its capacity.
        for (const [capacity, count] of billed.length > 0 ? billed : [[split.spotByStrategy ? "fargateSpot" : "fargate", 0] as const]) {
            const label = `${capacity === "fargateSpot" ? "Fargate Spot" : "Fargate"}${arm ? " ARM" : ""}`;
            const taskNote = `${count} task${count === 1 ? "" : "s"} × ${vcpu} vCPU / ${gb} GB`;
            add({ what: `${label} vCPU (${service.name})`, category: "compute", urn: service.urn, priceKey: `${capacity}.${arch}.vcpuHour`, quantity: count * vcpu, pausedQuantity: 0, unit: "vCPU", period: "hour", price: price(`${capacity}.${arch}.vcpuHour` as PriceKey), note: taskNote });
            add({ what: `${label} memory (${service.name})`, category: "compute", urn: service.urn, priceKey: `${capacity}.${arch}.gbHour`, quantity: count * gb, pausedQuantity: 0, unit: "GB", period: "hour", price: price(`${capacity}.${arch}.gbHour` as PriceKey), note: taskNote });
        }
        if (obj(service.inputs.networkConfiguration).assignPublicIp === true) {
            add({ what: `Public IPv4 of tasks (${service.name})`, category: "network", urn: service.urn, priceKey: "ipv4.hour", quantity: tasks, pausedQuantity: 0, unit: "address", period: "hour", price: price("ipv4.hour"), note: "one per running task" });
        }
        const registrations = (obj(service.inputs.serviceConnectConfiguration).enabled === true && list(obj(service.inputs.serviceConnectConfiguration).services).length > 0 ? 1 : 0) + (service.inputs.serviceRegistries ? 1 : 0);
        if (registrations > 0) {
            add({ what: `Cloud Map registered instances (${service.name})`, category: "dns", urn: service.urn, priceKey: "cloudMap.instanceMonth", quantity: tasks * registrations, pausedQuantity: 0, unit: "instance", period: "month", price: price("cloudMap.instanceMonth"), note: "Service Connect and service discovery each register every task" });
        }
    }

    // --- load balancers, NAT, addresses, endpoints -----------------------------
    for (const lb of resourcesOfType(record, "aws:lb/loadBalancer:LoadBalancer")) {
        if ((lb.inputs.loadBalancerType ?? "application") !== "application") {
            add({ what: `Load balancer ${lb.name} (${String(lb.inputs.loadBalancerType)})`, category: "network", urn: lb.urn, priceKey: "nlb.hour", quantity: 1, pausedQuantity: 1, unit: "load balancer", period: "hour" });
            continue;
        }
        add({ what: `Application Load Balancer (${lb.name})`, category: "network", urn: lb.urn, priceKey: "alb.hour", quantity: 1, pausedQuantity: 1, unit: "load balancer", period: "hour", price: price("alb.hour"), note: "billed while it exists, paused or not" });
        if (lb.inputs.internal !== true) {
            const subnets = Array.isArray(lb.inputs.subnets) ? lb.inputs.subnets.length : assumptions.albNodesWhenUnknown;
            add({ what: `Public IPv4 of load balancer nodes (${lb.name})`, category: "network", urn: lb.urn, priceKey: "ipv4.hour", quantity: subnets, pausedQuantity: subnets, unit: "address", period: "hour", price: price("ipv4.hour"), note: "one per availability zone (subnet)" });
        }
        usage(`Load balancer capacity units (${lb.name})`, lb.urn, "alb.lcuHour", "LCU-hour");
    }
    for (const nat of resourcesOfType(record, "aws:ec2/natGateway:NatGateway")) {
        add({ what: `NAT gateway (${nat.name})`, category: "network", urn: nat.urn, priceKey: "nat.hour", quantity: 1, pausedQuantity: 1, unit: "gateway", period: "hour", price: price("nat.hour"), note: "billed while it exists, paused or not" });
        usage(`NAT gateway data processed (${nat.name})`, nat.urn, "nat.gbProcessed", "GB");
    }
    for (const eip of resourcesOfType(record, "aws:ec2/eip:Eip")) {
        add({ what: `Elastic IP (${eip.name})`, category: "network", urn: eip.urn, priceKey: "ipv4.hour", quantity: 1, pausedQuantity: 1, unit: "address", period: "hour", price: price("ipv4.hour") });
    }
    for (const endpoint of resourcesOfType(record, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcEndpointType === "Interface")) {
        const azs = Array.isArray(endpoint.inputs.subnetIds) ? endpoint.inputs.subnetIds.length : 1;
        add({ what: `Interface VPC endpoint (${endpoint.name})`, category: "network", urn: endpoint.urn, priceKey: "vpcEndpoint.azHour", quantity: azs, pausedQuantity: azs, unit: "AZ", period: "hour", price: price("vpcEndpoint.azHour") });
    }

    // --- databases ------------------------------------------------------------
    for (const db of resourcesOfType(record, "aws:rds/instance:Instance")) {
        const cls = String(db.inputs.instanceClass);
        const azs = db.inputs.multiAz === true ? 2 : 1;
        const stopped = resourcesOfType(record, "aws:rds/instanceDesiredState:InstanceDesiredState").some((s) => s.inputs.identifier === db.outputs.identifier && s.inputs.state === "stopped");
        add({ what: `RDS instance ${cls}${azs === 2 ? " Multi-AZ" : ""} (${db.name})`, category: "database", urn: db.urn, priceKey: `rds:${cls}`, quantity: stopped ? 0 : azs, pausedQuantity: 0, unit: "instance", period: "hour", price: prices.rdsInstanceHour[cls], note: stopped ? "stopped in this record" : "stopped when paused (AWS restarts it after 7 days)" });
        const storage = String(db.inputs.storageType ?? "gp2");
        const gb = num(db.inputs.allocatedStorage, 20) * azs;
        add({ what: `RDS ${storage} storage (${db.name})`, category: "storage", urn: db.urn, priceKey: `rds.${storage}.gbMonth`, quantity: gb, pausedQuantity: gb, unit: "GB", period: "month", price: price(`rds.${storage}.gbMonth` as PriceKey), note: "billed while stopped too" });
        if (db.inputs.manageMasterUserPassword === true) {
            add({ what: `Secrets Manager secret: database password (${db.name})`, category: "secrets", urn: db.urn, priceKey: "secretsManager.secretMonth", quantity: 1, pausedQuantity: 1, unit: "secret", period: "month", price: price("secretsManager.secretMonth") });
        }
    }
    const clusters = resourcesOfType(record, "aws:rds/cluster:Cluster");
    for (const instance of resourcesOfType(record, "aws:rds/clusterInstance:ClusterInstance")) {
        const cluster = clusters.find((c) => c.outputs.id === instance.inputs.clusterIdentifier || c.outputs.clusterIdentifier === instance.inputs.clusterIdentifier);
        if (instance.inputs.instanceClass === "db.serverless") {
            const scaling = obj(cluster?.inputs.serverlessv2ScalingConfiguration);
            const min = num(scaling.minCapacity, 0.5);
            add({ what: `Aurora Serverless v2 minimum capacity (${instance.name})`, category: "database", urn: instance.urn, priceKey: "aurora.acuHour", quantity: min, pausedQuantity: min, unit: "ACU", period: "hour", price: price("aurora.acuHour"), note: min === 0 ? "scales to 0 ACU and pauses when idle" : "billed at the minimum while idle" });
        } else {
            add({ what: `Aurora instance ${String(instance.inputs.instanceClass)} (${instance.name})`, category: "database", urn: instance.urn, priceKey: `rds:${String(instance.inputs.instanceClass)}`, quantity: 1, pausedQuantity: 1, unit: "instance", period: "hour", price: prices.rdsInstanceHour[String(instance.inputs.instanceClass)] });
        }
    }
    for (const cluster of clusters) {
        add({ what: `Aurora storage (${cluster.name})`, category: "storage", urn: cluster.urn, priceKey: "aurora.storage.gbMonth", quantity: assumptions.auroraStorageGb, pausedQuantity: assumptions.auroraStorageGb, unit: "GB", period: "month", price: price("aurora.storage.gbMonth"), note: `assumes ${assumptions.auroraStorageGb} GB at idle` });
        if (cluster.inputs.manageMasterUserPassword === true) {
            add({ what: `Secrets Manager secret: cluster password (${cluster.name})`, category: "secrets", urn: cluster.urn, priceKey: "secretsManager.secretMonth", quantity: 1, pausedQuantity: 1, unit: "secret", period: "month", price: price("secretsManager.secretMonth") });
        }
    }
    for (const table of resourcesOfType(record, "aws:dynamodb/table:Table")) {
        if (table.inputs.billingMode === "PAY_PER_REQUEST") {
            usage(`DynamoDB on-demand writes (${table.name})`, table.urn, "dynamodb.millionWriteUnits", "million write units");
            usage(`DynamoDB on-demand reads (${table.name})`, table.urn, "dynamodb.millionReadUnits", "million read units");
            usage(`DynamoDB storage beyond the free 25 GB (${table.name})`, table.urn, "dynamodb.storage.gbMonth", "GB-month");
        } else {
            add({ what: `DynamoDB provisioned capacity (${table.name})`, category: "database", urn: table.urn, priceKey: "dynamodb.provisioned", quantity: 1, pausedQuantity: 1, unit: "table", period: "hour" });
        }
        // Billed by the table's size, so nothing for an empty table.
        if ((table.inputs.pointInTimeRecovery as { enabled?: unknown } | undefined)?.enabled === true) {
            usage(`DynamoDB point-in-time recovery (${table.name})`, table.urn, "dynamodb.pitr.gbMonth", "GB-month of table");
        }
    }

    // --- DNS, secrets, logs, images ---------------------------------------------
    for (const ns of resourcesOfType(record, "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")) {
        add({ what: `Route 53 private hosted zone of namespace ${ns.name}`, category: "dns", urn: ns.urn, priceKey: "route53.zoneMonth", quantity: 1, pausedQuantity: 1, unit: "zone", period: "month", price: price("route53.zoneMonth") });
    }
    for (const zone of resourcesOfType(record, "aws:route53/zone:Zone")) {
        add({ what: `Route 53 hosted zone (${zone.name})`, category: "dns", urn: zone.urn, priceKey: "route53.zoneMonth", quantity: 1, pausedQuantity: 1, unit: "zone", period: "month", price: price("route53.zoneMonth") });
    }
    // Zones the stack writes records into without creating them: billed all the same.
    const createdZones = new Set(resourcesOfType(record, "aws:route53/zone:Zone").map((z) => z.outputs.zoneId ?? z.id));
    const records = resourcesOfType(record, "aws:route53/record:Record");
    const existingZones = [...new Set(records.map((r) => r.inputs.zoneId).filter((z): z is string => typeof z === "string" && z !== UNKNOWN && !createdZones.has(z)))];
    for (const zone of existingZones) {
        const first = records.find((r) => r.inputs.zoneId === zone)!;
        add({ what: `Route 53 hosted zone ${zone} (existing)`, category: "dns", urn: first.urn, priceKey: "route53.zoneMonth", quantity: 1, pausedQuantity: 1, unit: "zone", period: "month", price: price("route53.zoneMonth"), note: "not created by the stack, which writes records in it: billed whether or not this stack exists" });
    }
    for (const secret of resourcesOfType(record, "aws:secretsmanager/secret:Secret")) {
        add({ what: `Secrets Manager secret (${secret.name})`, category: "secrets", urn: secret.urn, priceKey: "secretsManager.secretMonth", quantity: 1, pausedQuantity: 1, unit: "secret", period: "month", price: price("secretsManager.secretMonth") });
    }
    for (const group of resourcesOfType(record, "aws:cloudwatch/logGroup:LogGroup")) {
        add({ what: `CloudWatch Logs storage (${group.name})`, category: "logs", urn: group.urn, priceKey: "logs.storage.gbMonth", quantity: assumptions.logGbPerGroup, pausedQuantity: assumptions.logGbPerGroup, unit: "GB", period: "month", price: price("logs.storage.gbMonth"), note: `assumes ${assumptions.logGbPerGroup} GB kept at idle` });
        usage(`CloudWatch Logs ingestion (${group.name})`, group.urn, "logs.ingest.gb", "GB");
    }
    const images = resourcesOfType(record, "docker-build:index:Image");
    for (const repo of resourcesOfType(record, "aws:ecr/repository:Repository")) {
        const url = String(repo.outputs.repositoryUrl ?? UNKNOWN);
        const pushed = images.some((image) => list(image.inputs.tags).some((tag) => typeof tag === "string" && tag.startsWith(`${url}:`)));
        if (pushed) {
            const gb = assumptions.imageGb * assumptions.imageVersionsKept;
            add({ what: `ECR storage (${repo.name})`, category: "storage", urn: repo.urn, priceKey: "ecr.storage.gbMonth", quantity: gb, pausedQuantity: gb, unit: "GB", period: "month", price: price("ecr.storage.gbMonth"), note: `assumes ${assumptions.imageVersionsKept} images of ${assumptions.imageGb} GB` });
        }
    }
    for (const rule of resourcesOfType(record, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule")) {
        add({ what: "ECR storage of cached public images", category: "storage", urn: rule.urn, priceKey: "ecr.storage.gbMonth", quantity: assumptions.pullThroughCacheGb, pausedQuantity: assumptions.pullThroughCacheGb, unit: "GB", period: "month", price: price("ecr.storage.gbMonth"), note: `assumes ${assumptions.pullThroughCacheGb} GB of base images` });
    }

    // --- serverless compute and database: billed by use, storage aside ------------
    for (const fn of resourcesOfType(record, "aws:lambda/function:Function")) {
        const arm = list(fn.inputs.architectures).includes("arm64");
        usage(`Lambda requests (${fn.name})`, fn.urn, "lambda.millionRequests", "million requests");
        usage(`Lambda ${arm ? "arm64" : "x86_64"} compute, ${num(fn.inputs.memorySize, 128)} MB (${fn.name})`, fn.urn, arm ? "lambda.arm.gbSecond" : "lambda.x86.gbSecond", "GB-second");
    }
    for (const cluster of resourcesOfType(record, "aws:dsql/cluster:Cluster")) {
        usage(`Aurora DSQL processing units (${cluster.name})`, cluster.urn, "dsql.millionDpus", "million DPUs");
        const gb = assumptions.dsqlStorageGb;
        add({ what: `Aurora DSQL storage (${cluster.name})`, category: "storage", urn: cluster.urn, priceKey: "dsql.storage.gbMonth", quantity: gb, pausedQuantity: gb, unit: "GB", period: "month", price: price("dsql.storage.gbMonth"), note: `assumes ${gb} GB` });
    }

    // --- usage-priced front doors -------------------------------------------------
    for (const api of resourcesOfType(record, "aws:apigatewayv2/api:Api")) {
        usage(`API Gateway ${String(api.inputs.protocolType ?? "HTTP")} API requests (${api.name})`, api.urn, "apigateway.http.millionRequests", "million requests");
    }
    for (const distribution of resourcesOfType(record, "aws:cloudfront/distribution:Distribution")) {
        usage(`CloudFront data out (${distribution.name})`, distribution.urn, "cloudfront.gbOut", "GB");
        usage(`CloudFront HTTPS requests (${distribution.name})`, distribution.urn, "cloudfront.tenThousandHttpsRequests", "10,000 requests");
    }
    for (const bucket of resourcesOfType(record, "aws:s3/bucket:Bucket")) {
        usage(`S3 requests (${bucket.name})`, bucket.urn, "s3.thousandGets", "1,000 GET requests");
        usage(`S3 storage (${bucket.name})`, bucket.urn, "s3.storage.gbMonth", "GB-month");
    }

    // A line without a price comes to $0 in the totals and is listed as
    // unpriced when it bills anything (usage lines have no idle quantity).
    const unpriced = items.filter(
        (i) =>
            i.unitPrice === undefined &&
            (i.quantity > 0 ||
                // Stryker disable next-line ConditionalExpression: no line has a paused quantity without a running one; the check is for one that would
                i.pausedQuantity > 0),
    );
    const runningDay = round(items.reduce((sum, i) => sum + i.running, 0));
    const pausedDay = round(items.reduce((sum, i) => sum + i.paused, 0));
    return {
        stack: record.stack,
        region,
        sheet: { name: sheet.name, date: sheet.date, daysPerMonth: sheet.daysPerMonth },
        items: items.map((i) => ({ ...i, running: round(i.running), paused: round(i.paused) })),
        totals: { runningDay, pausedDay, runningMonth: round(runningDay * sheet.daysPerMonth), pausedMonth: round(pausedDay * sheet.daysPerMonth) },
        unpriced,
        assumptions,
    };
}

/** Rounds dollars to a millionth, for stable output. */
export function round(usd: number): number {
    return Math.round(usd * 1e6) / 1e6;
}

/**
 * How many of a service's tasks run on FARGATE and on FARGATE_SPOT: the
 * service's own strategy (base first, the rest by weight), else its launch
 * type, else the cluster's default strategy.
 */
export function capacitySplit(service: RecordedResource, clusterDefaults: RecordedResource[], tasks: number): { onDemand: number; spot: number; spotByStrategy: boolean } {
    let strategy = list(service.inputs.capacityProviderStrategies).map(obj);
    if (strategy.length === 0 && service.inputs.launchType === undefined) {
        const cluster = String(
            // Stryker disable next-line StringLiteral: a service with no cluster matches no name, whatever stands in for it (neither holds a "/")
            service.inputs.cluster ?? "",
        );
        const defaults = clusterDefaults.find(
            (d) =>
                // Stryker disable next-line ConditionalExpression: a cluster ARN never ends in "/undefined"
                d.inputs.clusterName !== undefined &&
                cluster.endsWith(`/${String(d.inputs.clusterName)}`),
        );
        strategy = list(defaults?.inputs.defaultCapacityProviderStrategies).map(obj);
    }
    const spotByStrategy = strategy.some((s) => s.capacityProvider === "FARGATE_SPOT");
    let remaining = tasks;
    let spot = 0;
    let onDemand = 0;
    for (const s of strategy) {
        const base = Math.min(num(s.base, 0), remaining);
        remaining -= base;
        if (s.capacityProvider === "FARGATE_SPOT") spot += base;
        else onDemand += base;
    }
    const totalWeight = strategy.reduce((sum, s) => sum + num(s.weight, 0), 0) || 1;
    const spotWeight = strategy.filter((s) => s.capacityProvider === "FARGATE_SPOT").reduce((sum, s) => sum + num(s.weight, 0), 0);
    const spotShare = remaining * (spotWeight / totalWeight);
    return { onDemand: onDemand + (remaining - spotShare), spot: spot + spotShare, spotByStrategy };
}

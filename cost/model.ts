/**
 * The cost model: a pure function from an offline record (and a price sheet)
 * to line items in dollars per day, in four scenarios side by side:
 *
 * - idle (`running`): deployed and reachable 24 hours a day, no traffic;
 *   usage-priced services (requests, data transfer, on-demand tables) come
 *   to $0 and are listed with their unit price;
 * - paused: what `paused: true` leaves: every ECS service at 0 tasks (and
 *   its Cloud Map registrations and public IPs gone), the database stopped
 *   (its storage still billed), everything else as it is;
 * - scheduled (with `schedule`): idle during the awake hours, asleep (as
 *   paused) the rest of the week, averaged over the week;
 * - traffic: idle plus a stated daily load (`TrafficAssumptions`), so the
 *   per-request prices of Lambda, API Gateway, Aurora DSQL, DynamoDB,
 *   CloudFront, logs and data transfer appear.
 *
 * Free tiers are off unless asked for (`freeTier`), and then only the ones
 * AWS gives every account, every month ("always free"), as the sheet lists
 * them. What the sheet has no price for (an item, or a whole region) is
 * listed as unpriced and left out of the totals, never guessed: the totals
 * are then a lower bound, which the plan says ("+ unpriced").
 */
import { RecordedResource, resourcesOfType, StackRecord, UNKNOWN } from "../offline/record";
import { AwakeWindow, awakeFraction, awakeHoursPerWeek, parseWindows } from "../lib/schedule";
import { isCacheable, ManifestEntry, SITE_SYNC_TYPE } from "../lib/site-sync";
import { list, obj } from "../lib/values";
import { Price, PriceKey, PriceSheet, rdsInstancePrice, RegionPrices } from "./prices";

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
    /** Units billed in the scheduled scenario (averaged over a week); absent without a schedule. */
    scheduledQuantity?: number;
    /** Units billed in the traffic scenario: held (hourly, monthly lines) or used a day (usage lines). */
    trafficQuantity: number;
    /** The unit of `quantity`. */
    unit: string;
    /** Dollars per unit per `period`; undefined when the sheet has no price. */
    unitPrice?: number;
    period: Period;
    /** Dollars a day, idle (running) and paused (0 when unpriced or usage-priced). */
    running: number;
    paused: number;
    /** Dollars a day in the scheduled scenario; absent without a schedule. */
    scheduled?: number;
    /** Dollars a day in the traffic scenario. */
    traffic: number;
    /** The free allowance that was taken off, when `freeTier` is on and one applies. */
    free?: string;
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
    /** Deploys of a static site a month, each invalidating its changed cacheable files. */
    siteDeploysPerMonth: number;
}

export const DEFAULT_ASSUMPTIONS: UsageAssumptions = {
    logGbPerGroup: 0.01,
    imageGb: 0.1,
    imageVersionsKept: 3,
    pullThroughCacheGb: 0.1,
    auroraStorageGb: 1,
    dsqlStorageGb: 0.1,
    albNodesWhenUnknown: 2,
    siteDeploysPerMonth: 30,
};

/**
 * The daily load of the traffic scenario. Each number is stated in the plan;
 * change them to your app's (`npm run plan -- --traffic <requests/day>` sets
 * the first).
 */
export interface TrafficAssumptions {
    /** API requests a day. */
    requestsPerDay: number;
    /** Milliseconds the backend spends on one request (Lambda bills each invocation to the millisecond). */
    requestMs: number;
    /** Kilobytes of one API response, sent to the internet. */
    responseKb: number;
    /** New Lambda execution environments a day, each billed for its init phase. */
    coldStartsPerDay: number;
    /** Milliseconds of one init phase (the image starting and the app answering its readiness check). */
    initMs: number;
    /** Visits to the frontend a day (each loads the page and its assets). */
    pageViewsPerDay: number;
    /** Kilobytes one visit downloads. */
    pageViewKb: number;
    /** Requests one visit makes to the frontend. */
    requestsPerPageView: number;
    /** Of those, requests the CDN passes to the bucket (`index.html` and `config.json` are never cached). */
    originRequestsPerPageView: number;
    /** DynamoDB read request units per API request. */
    tableReadsPerRequest: number;
    /** DynamoDB write request units per API request. */
    tableWritesPerRequest: number;
    /** Aurora DSQL processing units per API request. */
    dsqlDpusPerRequest: number;
    /** Bytes each log group ingests per API request (the app's line, Lambda's START/END/REPORT, an access-log line). */
    logBytesPerRequest: number;
}

export const DEFAULT_TRAFFIC: TrafficAssumptions = {
    requestsPerDay: 10_000,
    requestMs: 50,
    responseKb: 2,
    coldStartsPerDay: 50,
    initMs: 1_000,
    pageViewsPerDay: 1_000,
    pageViewKb: 200,
    requestsPerPageView: 5,
    originRequestsPerPageView: 2,
    tableReadsPerRequest: 1,
    tableWritesPerRequest: 0.1,
    // AWS's EXPLAIN ANALYZE example: a 120-row index scan is 0.059 DPU
    // (docs.aws.amazon.com/aurora-dsql/latest/userguide/understanding-dpus-explain-analyze.html).
    dsqlDpusPerRequest: 0.1,
    logBytesPerRequest: 500,
};

/** What to price besides the record. */
export interface CostOptions {
    assumptions?: UsageAssumptions;
    traffic?: TrafficAssumptions;
    /** Take the sheet's always-free monthly allowances off (default: off, as on an account that has used them). */
    freeTier?: boolean;
}

/** The awake hours a stack's config sets, as the scheduled scenario prices them. */
export interface ScheduleSummary {
    timezone: string;
    awake: string[];
    hoursPerWeek: number;
    /** Of the week, 0 to 1. */
    fraction: number;
}

export interface CostEstimate {
    stack: string;
    region: string;
    sheet: { name: string; date: string; daysPerMonth: number; regions: string[] };
    items: LineItem[];
    totals: {
        runningDay: number;
        pausedDay: number;
        runningMonth: number;
        pausedMonth: number;
        /** With a schedule only. */
        scheduledDay?: number;
        scheduledMonth?: number;
        trafficDay: number;
        trafficMonth: number;
    };
    /** Lines the sheet has no price for (left out of the totals, which are then a lower bound). */
    unpriced: LineItem[];
    /** Whether the sheet has prices for the region at all. */
    regionCovered: boolean;
    assumptions: UsageAssumptions;
    traffic: TrafficAssumptions;
    freeTier: boolean;
    /** The awake hours, when the stack has them. */
    schedule?: ScheduleSummary;
}

/** The schedule of a record's config (`<project>:schedule`), or undefined; a bad one is an error naming the key. */
export function scheduleOf(record: StackRecord): ScheduleSummary | undefined {
    const key = Object.keys(record.config).find((k) => k.endsWith(":schedule"));
    if (!key) return undefined;
    const raw = record.config[key];
    let parsed: { timezone?: unknown; awake?: unknown };
    try {
        parsed = JSON.parse(raw) as typeof parsed;
    } catch {
        throw new Error(`${key} is not JSON: ${raw}`);
    }
    const awake = list(parsed.awake).filter((w): w is string => typeof w === "string");
    const parsedWindows = parseWindows(awake);
    const windows = parsedWindows.filter((w): w is AwakeWindow => "days" in w);
    if (windows.length !== parsedWindows.length) {
        throw new Error(`${key} has an awake window that is not valid: ${raw}`);
    }
    const valid = { windows };
    return { timezone: typeof parsed.timezone === "string" ? parsed.timezone : "UTC", awake, hoursPerWeek: awakeHoursPerWeek(valid), fraction: awakeFraction(valid) };
}


function num(value: unknown, fallback: number): number {
    // Stryker disable next-line ConditionalExpression: Number.isFinite is false for anything but a number; the typeof is for the compiler
    if (typeof value === "number" && Number.isFinite(value)) return value;
    return typeof value === "string" && /^\d+(\.\d+)?$/.test(value) ? Number(value) : fallback;
}

/** A line before pricing: its quantities in each scenario and the price it takes. */
type PendingLine = Omit<LineItem, "running" | "paused" | "scheduled" | "traffic" | "unitPrice" | "source" | "scheduledQuantity" | "trafficQuantity" | "free"> & {
    price?: Price;
    /** Default: `quantity` (a line the schedule does not change). */
    scheduledQuantity?: number;
    /** Default: `quantity` for hourly and monthly lines, 0 for usage lines. */
    trafficQuantity?: number;
};

/** Prices a stack's record with a price sheet. */
export function estimateCost(record: StackRecord, sheet: PriceSheet, options: CostOptions = {}): CostEstimate {
    const assumptions = options.assumptions ?? DEFAULT_ASSUMPTIONS;
    const traffic = options.traffic ?? DEFAULT_TRAFFIC;
    const freeTier = options.freeTier ?? false;
    const region = record.config["aws:region"];
    if (!region) {
        throw new Error(`stack ${record.stack} has no aws:region`);
    }
    // A region the sheet does not cover prices nothing: every line is listed as unpriced, never guessed, never a crash.
    const covered = sheet.regions[region] !== undefined;
    const prices: RegionPrices = sheet.regions[region] ?? { prices: {}, rdsInstanceHour: {} };
    const schedule = scheduleOf(record);
    const pending: PendingLine[] = [];
    const add = (line: PendingLine): void => {
        pending.push(line);
    };
    const price = (key: PriceKey): Price | undefined => prices.prices[key];
    /** A usage-priced line: $0 idle, `perDay` units a day in the traffic scenario. */
    const usage = (what: string, urn: string, key: PriceKey, unit: string, perDay = 0, note?: string): void =>
        add({ what, category: "usage", urn, priceKey: key, quantity: 0, pausedQuantity: 0, trafficQuantity: perDay, unit, period: "usage", price: price(key), note: ["usage-priced: $0 at idle", note].filter(Boolean).join("; ") });
    const GB = 1024 * 1024; // kilobytes in a gigabyte
    const apiGbPerDay = (traffic.requestsPerDay * traffic.responseKb) / GB;
    const logGbPerDay = (traffic.requestsPerDay * traffic.logBytesPerRequest) / (GB * 1024);
    const millionRequests = traffic.requestsPerDay / 1e6;

    // --- ECS services on Fargate --------------------------------------------
    const taskDefinitions = resourcesOfType(record, "aws:ecs/taskDefinition:TaskDefinition");
    const clusterDefaults = resourcesOfType(record, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
    const scheduledActions = resourcesOfType(record, "aws:appautoscaling/scheduledAction:ScheduledAction");
    for (const service of resourcesOfType(record, "aws:ecs/service:Service")) {
        const task = taskDefinitions.find((t) => t.outputs.arn === service.inputs.taskDefinition || t.urn === service.inputs.taskDefinition);
        if (!task) {
            add({ what: `ECS service ${service.name}: task definition not in the stack`, category: "compute", urn: service.urn, priceKey: "fargate", quantity: 0, pausedQuantity: 0, unit: "task", period: "hour" });
            continue;
        }
        // A scheduled service is registered at 0 tasks (its scheduled actions own the count): awake, it runs what they wake it to.
        const actions = scheduledActions.filter((a) => a.inputs.resourceId === `service/${String(service.inputs.cluster).split("/").pop()}/${String(service.outputs.name)}`);
        const onSchedule = schedule !== undefined && actions.length > 0;
        const tasks = onSchedule ? Math.max(...actions.map((a) => num(obj(a.inputs.scalableTargetAction).minCapacity, 0))) : num(service.inputs.desiredCount, 1);
        const awake = (count: number): number => (onSchedule ? count * schedule.fraction : count);
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
            const taskNote = `${count} task${count === 1 ? "" : "s"} × ${vcpu} vCPU / ${gb} GB${onSchedule ? ", awake hours only" : ""}`;
            add({ what: `${label} vCPU (${service.name})`, category: "compute", urn: service.urn, priceKey: `${capacity}.${arch}.vcpuHour`, quantity: count * vcpu, pausedQuantity: 0, scheduledQuantity: awake(count * vcpu), unit: "vCPU", period: "hour", price: price(`${capacity}.${arch}.vcpuHour` as PriceKey), note: taskNote });
            add({ what: `${label} memory (${service.name})`, category: "compute", urn: service.urn, priceKey: `${capacity}.${arch}.gbHour`, quantity: count * gb, pausedQuantity: 0, scheduledQuantity: awake(count * gb), unit: "GB", period: "hour", price: price(`${capacity}.${arch}.gbHour` as PriceKey), note: taskNote });
        }
        if (obj(service.inputs.networkConfiguration).assignPublicIp === true) {
            add({ what: `Public IPv4 of tasks (${service.name})`, category: "network", urn: service.urn, priceKey: "ipv4.hour", quantity: tasks, pausedQuantity: 0, scheduledQuantity: awake(tasks), unit: "address", period: "hour", price: price("ipv4.hour"), note: "one per running task" });
        }
        const registrations = (obj(service.inputs.serviceConnectConfiguration).enabled === true && list(obj(service.inputs.serviceConnectConfiguration).services).length > 0 ? 1 : 0) + (service.inputs.serviceRegistries ? 1 : 0);
        if (registrations > 0) {
            add({ what: `Cloud Map registered instances (${service.name})`, category: "dns", urn: service.urn, priceKey: "cloudMap.instanceMonth", quantity: tasks * registrations, pausedQuantity: 0, scheduledQuantity: awake(tasks * registrations), unit: "instance", period: "month", price: price("cloudMap.instanceMonth"), note: "Service Connect and service discovery each register every task" });
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
        // An LCU is 25 new connections a second or 1 GB an hour, whichever is higher (aws.amazon.com/elasticloadbalancing/pricing);
        // every request counted as a new connection, the frontend's visits included (one balancer serves both here).
        const requestsPerSecond = (traffic.requestsPerDay + traffic.pageViewsPerDay * traffic.requestsPerPageView) / 86_400;
        const lbGbPerDay = apiGbPerDay + (traffic.pageViewsPerDay * traffic.pageViewKb) / GB;
        usage(`Load balancer capacity units (${lb.name})`, lb.urn, "alb.lcuHour", "LCU-hour", 24 * Math.max(requestsPerSecond / 25, lbGbPerDay / 24), "each request a new connection");
        usage(`Data transfer out to the internet (${lb.name})`, lb.urn, "dataTransfer.internetGbOut", "GB", lbGbPerDay);
    }
    for (const nat of resourcesOfType(record, "aws:ec2/natGateway:NatGateway")) {
        add({ what: `NAT gateway (${nat.name})`, category: "network", urn: nat.urn, priceKey: "nat.hour", quantity: 1, pausedQuantity: 1, unit: "gateway", period: "hour", price: price("nat.hour"), note: "billed while it exists, paused or not" });
        usage(`NAT gateway data processed (${nat.name})`, nat.urn, "nat.gbProcessed", "GB", 0, "traffic through NAT is not modelled");
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
        // Scheduler schedules that start this instance: it sleeps outside the awake hours.
        const onSchedule =
            schedule !== undefined &&
            resourcesOfType(record, "aws:scheduler/schedule:Schedule").some((sc) => {
                const target = obj(sc.inputs.target);
                return String(target.arn).endsWith(":rds:startDBInstance") && String(target.input).includes(JSON.stringify(String(db.outputs.identifier)));
            });
        const running = stopped ? 0 : azs;
        add({ what: `RDS instance ${cls}${azs === 2 ? " Multi-AZ" : ""} (${db.name})`, category: "database", urn: db.urn, priceKey: `rds:${cls}`, quantity: running, pausedQuantity: 0, scheduledQuantity: onSchedule ? running * schedule.fraction : running, unit: "instance", period: "hour", price: rdsInstancePrice(prices, cls), note: stopped ? "stopped in this record" : onSchedule ? "stopped outside the awake hours and when paused" : "stopped when paused (AWS restarts it after 7 days)" });
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
            // With a request every few seconds, an instance that may pause never does: it runs at its lowest non-zero capacity.
            add({ what: `Aurora Serverless v2 minimum capacity (${instance.name})`, category: "database", urn: instance.urn, priceKey: "aurora.acuHour", quantity: min, pausedQuantity: min, trafficQuantity: traffic.requestsPerDay > 0 ? Math.max(min, 0.5) : min, unit: "ACU", period: "hour", price: price("aurora.acuHour"), note: min === 0 ? "scales to 0 ACU and pauses when idle; at 0.5 ACU all day under traffic" : "billed at the minimum while idle" });
        } else {
            add({ what: `Aurora instance ${String(instance.inputs.instanceClass)} (${instance.name})`, category: "database", urn: instance.urn, priceKey: `rds:${String(instance.inputs.instanceClass)}`, quantity: 1, pausedQuantity: 1, unit: "instance", period: "hour", price: rdsInstancePrice(prices, String(instance.inputs.instanceClass)) });
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
            usage(`DynamoDB on-demand writes (${table.name})`, table.urn, "dynamodb.millionWriteUnits", "million write units", millionRequests * traffic.tableWritesPerRequest);
            usage(`DynamoDB on-demand reads (${table.name})`, table.urn, "dynamodb.millionReadUnits", "million read units", millionRequests * traffic.tableReadsPerRequest);
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
    for (const parameter of resourcesOfType(record, "aws:ssm/parameter:Parameter")) {
        // Standard is the default tier; any other (Advanced, $0.05/month, or Intelligent-Tiering) is not in the sheet and shows as unpriced.
        const standard = (parameter.inputs.tier ?? "Standard") === "Standard";
        const tier = standard ? "standard" : String(parameter.inputs.tier);
        add({ what: `SSM parameter, ${tier} (${parameter.name})`, category: "secrets", urn: parameter.urn, priceKey: "ssm.standardParameterMonth", quantity: 1, pausedQuantity: 1, unit: "parameter", period: "month", price: standard ? price("ssm.standardParameterMonth") : undefined });
    }
    for (const group of resourcesOfType(record, "aws:cloudwatch/logGroup:LogGroup")) {
        add({ what: `CloudWatch Logs storage (${group.name})`, category: "logs", urn: group.urn, priceKey: "logs.storage.gbMonth", quantity: assumptions.logGbPerGroup, pausedQuantity: assumptions.logGbPerGroup, unit: "GB", period: "month", price: price("logs.storage.gbMonth"), note: `assumes ${assumptions.logGbPerGroup} GB kept at idle` });
        usage(`CloudWatch Logs ingestion (${group.name})`, group.urn, "logs.ingest.gb", "GB", logGbPerDay);
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
        const memoryGb = num(fn.inputs.memorySize, 128) / 1024;
        // Lambda bills the init phase of every new environment too (aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase).
        const seconds = (traffic.requestsPerDay * Math.ceil(traffic.requestMs) + traffic.coldStartsPerDay * traffic.initMs) / 1000;
        usage(`Lambda requests (${fn.name})`, fn.urn, "lambda.millionRequests", "million requests", millionRequests);
        usage(`Lambda ${arm ? "arm64" : "x86_64"} compute, ${num(fn.inputs.memorySize, 128)} MB (${fn.name})`, fn.urn, arm ? "lambda.arm.gbSecond" : "lambda.x86.gbSecond", "GB-second", seconds * memoryGb, "requests and init phases");
    }
    for (const cluster of resourcesOfType(record, "aws:dsql/cluster:Cluster")) {
        usage(`Aurora DSQL processing units (${cluster.name})`, cluster.urn, "dsql.millionDpus", "million DPUs", (traffic.requestsPerDay * traffic.dsqlDpusPerRequest) / 1e6);
        const gb = assumptions.dsqlStorageGb;
        add({ what: `Aurora DSQL storage (${cluster.name})`, category: "storage", urn: cluster.urn, priceKey: "dsql.storage.gbMonth", quantity: gb, pausedQuantity: gb, unit: "GB", period: "month", price: price("dsql.storage.gbMonth"), note: `assumes ${gb} GB` });
    }

    // --- usage-priced front doors -------------------------------------------------
    for (const api of resourcesOfType(record, "aws:apigatewayv2/api:Api")) {
        usage(`API Gateway ${String(api.inputs.protocolType ?? "HTTP")} API requests (${api.name})`, api.urn, "apigateway.http.millionRequests", "million requests", millionRequests);
        usage(`Data transfer out to the internet (${api.name})`, api.urn, "dataTransfer.internetGbOut", "GB", apiGbPerDay);
    }
    // A site's files, from its sync's manifest (components/site-sync.ts): the bytes stored, the paths a deploy may invalidate.
    const syncs = resourcesOfType(record, SITE_SYNC_TYPE);
    const syncing = (target: RecordedResource, property: "bucket" | "distributionId", value: unknown): RecordedResource[] =>
        syncs.filter((s) => (s.propertyDependencies[property] ?? []).includes(target.urn) || (value !== undefined && value !== UNKNOWN && s.inputs[property] === value));
    const manifest = (sync: RecordedResource): ManifestEntry[] => list(sync.inputs.files).map((f) => obj(f) as unknown as ManifestEntry);
    for (const distribution of resourcesOfType(record, "aws:cloudfront/distribution:Distribution")) {
        usage(`CloudFront data out (${distribution.name})`, distribution.urn, "cloudfront.gbOut", "GB", (traffic.pageViewsPerDay * traffic.pageViewKb) / GB);
        usage(`CloudFront HTTPS requests (${distribution.name})`, distribution.urn, "cloudfront.tenThousandHttpsRequests", "10,000 requests", (traffic.pageViewsPerDay * traffic.requestsPerPageView) / 10_000);
        // The policy pack's resources carry the id among their outputs only.
        for (const sync of syncing(distribution, "distributionId", distribution.id ?? distribution.outputs.id)) {
            // A changed file is invalidated when it was served cacheable; content-hashed (immutable) files change name instead.
            const inPlace = manifest(sync).filter((f) => isCacheable(String(f.cacheControl)) && !/immutable/i.test(String(f.cacheControl))).length;
            const limit = num(sync.inputs.maxInvalidationPaths, 100);
            const perDeploy = inPlace > limit ? 1 : inPlace;
            const deploysPerDay = assumptions.siteDeploysPerMonth / sheet.daysPerMonth;
            usage(
                `CloudFront invalidation paths (${distribution.name})`,
                sync.urn,
                "cloudfront.invalidationPath",
                "path",
                perDeploy * deploysPerDay,
                `at most ${perDeploy} a deploy (${inPlace > limit ? `one /* for the site's ${inPlace} cacheable files that keep their name` : `the site's cacheable files that keep their name, if each changed`}), ${assumptions.siteDeploysPerMonth} deploys a month; none when nothing cacheable changed`,
            );
        }
    }
    for (const bucket of resourcesOfType(record, "aws:s3/bucket:Bucket")) {
        usage(`S3 requests (${bucket.name})`, bucket.urn, "s3.thousandGets", "1,000 GET requests", (traffic.pageViewsPerDay * traffic.originRequestsPerPageView) / 1000, "what the CDN does not cache");
        const files = syncing(bucket, "bucket", bucket.outputs.bucket).flatMap(manifest);
        if (files.length === 0) {
            usage(`S3 storage (${bucket.name})`, bucket.urn, "s3.storage.gbMonth", "GB-month");
            continue;
        }
        // S3 bills storage in binary gigabytes (GiB), a month.
        const bytes = files.reduce((sum, f) => sum + num(f.size, 0), 0);
        const gb = bytes / 1024 ** 3;
        add({
            what: `S3 storage (${bucket.name})`,
            category: "storage",
            urn: bucket.urn,
            priceKey: "s3.storage.gbMonth",
            quantity: gb,
            pausedQuantity: gb,
            unit: "GB",
            period: "month",
            price: price("s3.storage.gbMonth"),
            note: `the site's ${files.length} files, ${bytes} bytes, from the sync's manifest; a removed file stays for the grace period too`,
        });
    }

    const priced = priceLines(pending, sheet.daysPerMonth, freeTier, schedule !== undefined);
    const items = priced.map((i) => ({ ...i, running: round(i.running), paused: round(i.paused), traffic: round(i.traffic), ...(i.scheduled === undefined ? {} : { scheduled: round(i.scheduled) }) }));
    // A line without a price comes to $0 in the totals and is listed as
    // unpriced when it bills anything (usage lines have no idle quantity).
    const unpriced = items.filter(
        (i) =>
            i.unitPrice === undefined &&
            (i.quantity > 0 ||
                // Stryker disable next-line ConditionalExpression: no line has a paused quantity without a running one; the check is for one that would
                i.pausedQuantity > 0 ||
                i.trafficQuantity > 0),
    );
    // Totals of the unrounded lines, so they do not carry the lines' rounding.
    const total = (pick: (i: LineItem) => number | undefined): number => round(priced.reduce((sum, i) => sum + (pick(i) ?? 0), 0));
    const runningDay = total((i) => i.running);
    const pausedDay = total((i) => i.paused);
    const trafficDay = total((i) => i.traffic);
    const scheduledDay = schedule ? total((i) => i.scheduled) : undefined;
    const month = (day: number): number => round(day * sheet.daysPerMonth);
    return {
        stack: record.stack,
        region,
        sheet: { name: sheet.name, date: sheet.date, daysPerMonth: sheet.daysPerMonth, regions: Object.keys(sheet.regions).sort() },
        items,
        totals: {
            runningDay,
            pausedDay,
            runningMonth: month(runningDay),
            pausedMonth: month(pausedDay),
            ...(scheduledDay === undefined ? {} : { scheduledDay, scheduledMonth: month(scheduledDay) }),
            trafficDay,
            trafficMonth: month(trafficDay),
        },
        unpriced,
        regionCovered: covered,
        assumptions,
        traffic,
        freeTier,
        ...(schedule ? { schedule } : {}),
    };
}

/** Units a month a line bills in one scenario: hourly lines for every hour held, monthly ones as held, usage ones per day used. */
function unitsPerMonth(period: Period, quantity: number, daysPerMonth: number): number {
    return period === "hour" ? quantity * 24 * daysPerMonth : period === "month" ? quantity : quantity * daysPerMonth;
}

/** A cost scenario, as the totals name them. */
export type Scenario = "running" | "paused" | "scheduled" | "traffic";

/**
 * The unpriced lines that would bill something in a scenario, so its total
 * is a lower bound: an idle or paused quantity, either of them for the awake
 * hours, and any of them with traffic. A line unpriced only under traffic
 * leaves the idle and paused totals whole.
 */
export function unpricedIn(cost: Pick<CostEstimate, "unpriced">, scenario: Scenario): LineItem[] {
    const bills: Record<Scenario, (i: LineItem) => boolean> = {
        running: (i) => i.quantity > 0,
        paused: (i) => i.pausedQuantity > 0,
        scheduled: (i) => i.quantity > 0 || i.pausedQuantity > 0,
        traffic: () => true,
    };
    return cost.unpriced.filter(bills[scenario]);
}

/**
 * Prices the lines in every scenario, in dollars a day (unrounded). With `freeTier`, a price's monthly
 * allowance is taken off the units billed, shared by the lines of that price
 * in their order (one account's allowance, used by this stack alone).
 */
export function priceLines(lines: PendingLine[], daysPerMonth: number, freeTier: boolean, scheduled: boolean): LineItem[] {
    const scenarios = ["running", "paused", "scheduled", "traffic"] as const;
    const left = new Map<string, Record<(typeof scenarios)[number], number>>();
    return lines.map(({ price, scheduledQuantity, trafficQuantity, ...line }) => {
        const quantities = {
            running: line.quantity,
            paused: line.pausedQuantity,
            scheduled: scheduledQuantity ?? line.quantity,
            traffic: trafficQuantity ?? (line.period === "usage" ? 0 : line.quantity),
        };
        const free = freeTier ? price?.free : undefined;
        if (free && !left.has(line.priceKey)) {
            left.set(line.priceKey, { running: free.perMonth, paused: free.perMonth, scheduled: free.perMonth, traffic: free.perMonth });
        }
        const perDay = (scenario: (typeof scenarios)[number]): number => {
            if (!price) return 0;
            let units = unitsPerMonth(line.period, quantities[scenario], daysPerMonth);
            const allowance = left.get(line.priceKey);
            if (free && allowance) {
                const taken = Math.min(units, allowance[scenario]);
                allowance[scenario] -= taken;
                units -= taken;
            }
            return (units * price.usd) / daysPerMonth;
        };
        return {
            ...line,
            ...(scheduled ? { scheduledQuantity: quantities.scheduled } : {}),
            trafficQuantity: quantities.traffic,
            unitPrice: price?.usd,
            source: price?.source,
            running: perDay("running"),
            paused: perDay("paused"),
            ...(scheduled ? { scheduled: perDay("scheduled") } : {}),
            traffic: perDay("traffic"),
            ...(free ? { free: `${free.perMonth} ${line.unit} a month free (${free.source})` } : {}),
            note: [line.note, price?.note].filter(Boolean).join("; ") || undefined,
        };
    });
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

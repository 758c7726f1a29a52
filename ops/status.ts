/**
 * `status`: what runs now, against what the stack's config says. ECS
 * DescribeServices for each service, or Lambda's configuration of the
 * backend's function; RDS DescribeDBInstances for an RDS database (Aurora
 * DSQL has no state to ask for); compared with the `paused` output by a
 * pure function.
 */
import { CapacityProviderStrategyItem, DescribeServicesCommand, ECSClient, Service } from "@aws-sdk/client-ecs";
import { DBInstance, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { OpsError } from "./errors";
import { FunctionConfiguration, FunctionSource } from "./lambda";
import { DeployedStack, pauseEffects } from "./outputs";

/** One ECS service as it is now. */
export interface ServiceStatus {
    /** Its short name (`backend`, `frontend`). */
    short: string;
    /** The ECS service name. */
    name: string;
    /** ACTIVE, DRAINING or INACTIVE; undefined when ECS does not know the service. */
    status?: string;
    desired: number;
    running: number;
    pending: number;
    /** The capacity provider strategy (or launch type), for people: `FARGATE_SPOT (weight 1)`. */
    capacity: string;
}

/** The backend's Lambda function as it is now. */
export interface FunctionStatus {
    name: string;
    /** Its configuration; undefined when Lambda has no such function. */
    configuration?: FunctionConfiguration;
}

/** The RDS instance as it is now. */
export interface DatabaseStatus {
    endpoint: string;
    identifier?: string;
    /** available, stopped, starting, stopping, ...; undefined when not found. */
    status?: string;
}

/** A database with no state to ask for: Aurora DSQL (always available) or none (the table only). */
export interface StatelessDatabase {
    kind: "dsql" | "none";
    endpoint?: string;
}

export interface ActualStatus {
    stack: string;
    /** The ECS cluster of the services, if any. */
    cluster?: string;
    services: ServiceStatus[];
    /** The backend's function (compute lambda). */
    function?: FunctionStatus;
    database: DatabaseStatus | StatelessDatabase;
}

/** What the config says: the `paused` output of the last update. */
export interface ExpectedStatus {
    paused: boolean;
}

export interface StatusReport {
    /** What is running, one line each. */
    lines: string[];
    /** Where reality and the config disagree, one line each. */
    mismatches: string[];
}

function tasks(n: number): string {
    return `${n} task${n === 1 ? "" : "s"}`;
}

/** The function's configuration for people: `Active, last update Successful, 512 MB, x86_64`. */
export function describeFunction(configuration: FunctionConfiguration): string {
    const state = configuration.State ?? "state unknown";
    const parts = [configuration.StateReason && configuration.State !== "Active" ? `${state} (${configuration.StateReason})` : state];
    if (configuration.LastUpdateStatus) {
        parts.push(`last update ${configuration.LastUpdateStatus}${configuration.LastUpdateStatus === "Failed" && configuration.LastUpdateStatusReason ? ` (${configuration.LastUpdateStatusReason})` : ""}`);
    }
    if (configuration.MemorySize !== undefined) {
        parts.push(`${configuration.MemorySize} MB`);
    }
    if (configuration.Architectures?.length) {
        parts.push(configuration.Architectures.join(", "));
    }
    return parts.join(", ");
}

/** The function's line, and what is wrong with it. */
function compareFunction(fn: FunctionStatus, lines: string[], mismatches: string[]): void {
    const c = fn.configuration;
    if (c === undefined) {
        lines.push(`backend function (${fn.name}): not found`);
        mismatches.push(`backend: function ${fn.name} not found`);
        return;
    }
    // Inactive is Lambda's state for a function idle for weeks: the next request makes it Active again (slowly), nothing is wrong.
    lines.push(`backend function (${fn.name}): ${describeFunction(c)}${c.State === "Inactive" ? "; idle for a long time: the next request wakes it, slowly" : ""}`);
    if (c.State === "Failed") {
        mismatches.push(`the backend function is Failed${c.StateReason ? `: ${c.StateReason}` : ""}`);
    }
    if (c.LastUpdateStatus === "Failed") {
        mismatches.push(`the backend function's last update failed${c.LastUpdateStatusReason ? `: ${c.LastUpdateStatusReason}` : ""} (run \`pulumi up\` again)`);
    }
}

/** Compares the config's paused state with what runs. Pure. */
export function compareStatus(expected: ExpectedStatus, actual: ActualStatus): StatusReport {
    const lines = [`stack ${actual.stack}: configured ${expected.paused ? "paused" : "running"}`];
    const mismatches: string[] = [];
    const { paused } = expected;

    const effects = pauseEffects({ compute: actual.function ? "lambda" : "ecs", database: "kind" in actual.database ? actual.database.kind : "rds" });
    if (paused && effects.stops.length === 0) {
        lines.push(`pausing changes nothing on this stack: ${effects.idle.join("; ")}`);
    }
    if (actual.function) {
        compareFunction(actual.function, lines, mismatches);
    }

    for (const s of actual.services) {
        if (s.status === undefined || s.status === "INACTIVE") {
            lines.push(`${s.short} (${s.name}): not found in cluster ${actual.cluster}`);
            mismatches.push(`${s.short}: service ${s.name} not found in cluster ${actual.cluster}`);
            continue;
        }
        lines.push(`${s.short} (${s.name}): desired ${s.desired}, running ${s.running}, pending ${s.pending}, ${s.capacity}${s.status === "ACTIVE" ? "" : `, ${s.status}`}`);
        if (paused) {
            if (s.running > 0) {
                mismatches.push(`paused but ${s.short} runs ${tasks(s.running)}`);
            } else if (s.pending > 0) {
                mismatches.push(`paused but ${s.short} is starting ${tasks(s.pending)}`);
            } else if (s.desired > 0) {
                mismatches.push(`paused but ${s.short} wants ${tasks(s.desired)}`);
            }
        } else if (s.desired === 0) {
            mismatches.push(`running but ${s.short}'s desired count is 0`);
        } else if (s.running < s.desired) {
            mismatches.push(`running but ${s.short} runs ${s.running} of ${tasks(s.desired)}${s.pending > 0 ? ` (${s.pending} pending)` : ""}`);
        }
    }

    const db = actual.database;
    if ("kind" in db) {
        lines.push(db.kind === "dsql" ? `database (${db.endpoint}): Aurora DSQL, always available (nothing to stop or start)` : "database: none (the DynamoDB table only)");
        return { lines, mismatches };
    }
    if (db.status === undefined) {
        lines.push(`database (${db.endpoint}): not found`);
        mismatches.push(`the database ${db.endpoint} was not found`);
    } else {
        lines.push(`database (${db.identifier ?? db.endpoint}): ${db.status}`);
        const down = db.status === "stopped" || db.status === "stopping";
        if (paused && !down) {
            const hint = db.status === "available" || db.status === "starting" ? ` (AWS restarts a stopped instance after 7 days: run \`npm run ops -- pause --stack ${actual.stack} --refresh\`)` : "";
            mismatches.push(`paused but the database is ${db.status}${hint}`);
        } else if (!paused && down) {
            mismatches.push(`running but the database is ${db.status} (run \`npm run ops -- resume --stack ${actual.stack} --refresh\`)`);
        }
    }
    return { lines, mismatches };
}

/** A capacity provider strategy for people. */
export function describeCapacity(service: Pick<Service, "capacityProviderStrategy" | "launchType">): string {
    const strategy: CapacityProviderStrategyItem[] = service.capacityProviderStrategy ?? [];
    if (strategy.length === 0) {
        return service.launchType ?? "no capacity provider";
    }
    return strategy.map((p) => `${p.capacityProvider} (${p.base ? `base ${p.base}, ` : ""}weight ${p.weight ?? 0})`).join(", ");
}

/** DescribeServices for every service in the outputs (10 per call, the API's limit). */
export async function describeServices(ecs: ECSClient, outputs: DeployedStack & { clusterName: string }): Promise<ServiceStatus[]> {
    const entries = Object.entries(outputs.services).sort(([a], [b]) => a.localeCompare(b));
    const found = new Map<string, Service>();
    for (let i = 0; i < entries.length; i += 10) {
        const answer = await ecs.send(new DescribeServicesCommand({ cluster: outputs.clusterName, services: entries.slice(i, i + 10).map(([, name]) => name) }));
        for (const service of answer.services ?? []) {
            if (service.serviceName) {
                found.set(service.serviceName, service);
            }
        }
    }
    return entries.map(([short, name]) => {
        const s = found.get(name);
        return {
            short,
            name,
            status: s?.status,
            desired: s?.desiredCount ?? 0,
            running: s?.runningCount ?? 0,
            pending: s?.pendingCount ?? 0,
            capacity: s ? describeCapacity(s) : "",
        };
    });
}

function databaseStatus(endpoint: string, instance: DBInstance | undefined): DatabaseStatus {
    return { endpoint, identifier: instance?.DBInstanceIdentifier, status: instance?.DBInstanceStatus };
}

/**
 * The database behind an endpoint address. RDS addresses start with the
 * instance identifier (`<id>.<hash>.<region>.rds.amazonaws.com`), so that is
 * asked first; otherwise every instance is listed and matched by address.
 */
export async function describeDatabase(rds: RDSClient, endpoint: string): Promise<DatabaseStatus> {
    const identifier = endpoint.split(".")[0];
    try {
        const answer = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
        const instance = answer.DBInstances?.[0];
        if (instance && (instance.Endpoint?.Address === undefined || instance.Endpoint.Address === endpoint)) {
            return databaseStatus(endpoint, instance);
        }
    } catch (err) {
        if (!(err instanceof Error && /DBInstanceNotFound/.test(err.name))) {
            throw err;
        }
    }
    let marker: string | undefined;
    do {
        const page = await rds.send(new DescribeDBInstancesCommand({ Marker: marker }));
        const match = page.DBInstances?.find((i) => i.Endpoint?.Address === endpoint);
        if (match) {
            return databaseStatus(endpoint, match);
        }
        marker = page.Marker;
    } while (marker);
    return databaseStatus(endpoint, undefined);
}

/** The clients `status` asks, each needed only by the stacks that have what it describes. */
export interface StatusClients {
    /** For the ECS services (a stack with `clusterName`). */
    ecs?: ECSClient;
    /** For the RDS instance (database kind rds). */
    rds?: RDSClient;
    /** For the backend's function (a stack with `functionName`). */
    functions?: FunctionSource;
}

/** A client the stack needs; a missing one is a bug of the caller. */
function needed<T>(client: T | undefined, what: string): T {
    if (client === undefined) {
        throw new OpsError(`status needs a ${what} client for this stack`);
    }
    return client;
}

/** What runs now: services or function, and database. */
export async function collectStatus(clients: StatusClients, outputs: DeployedStack): Promise<ActualStatus> {
    const { clusterName, functionName, databaseKind, databaseEndpoint } = outputs;
    const describeDb = async (): Promise<DatabaseStatus | StatelessDatabase> => {
        if (databaseKind !== "rds") {
            return { kind: databaseKind, ...(databaseEndpoint !== undefined ? { endpoint: databaseEndpoint } : {}) };
        }
        if (databaseEndpoint === undefined) {
            throw new OpsError(`stack ${outputs.stack}'s outputs lack databaseEndpoint: run \`pulumi up --stack ${outputs.stack}\` to update them`);
        }
        return describeDatabase(needed(clients.rds, "RDS"), databaseEndpoint);
    };
    const [services, fn, database] = await Promise.all([
        clusterName !== undefined ? describeServices(needed(clients.ecs, "ECS"), { ...outputs, clusterName }) : Promise.resolve([]),
        functionName !== undefined ? needed(clients.functions, "Lambda").getFunction(functionName).then((configuration): FunctionStatus => ({ name: functionName, configuration })) : Promise.resolve(undefined),
        describeDb(),
    ]);
    return { stack: outputs.stack, ...(clusterName !== undefined ? { cluster: clusterName } : {}), services, ...(fn ? { function: fn } : {}), database };
}

/** Collects and compares; the caller prints the report. */
export async function runStatus(options: { outputs: DeployedStack } & StatusClients): Promise<StatusReport> {
    const actual = await collectStatus(options, options.outputs);
    return compareStatus({ paused: options.outputs.paused }, actual);
}

/**
 * A deployed stack's outputs, read through the Pulumi Automation API (the
 * same as `pulumi stack output --json`), behind `StackOutputsSource` so the
 * commands can be tested with fakes.
 *
 * What goes wrong with the Pulumi CLI (not installed, not logged in, no such
 * stack) becomes one `OpsError` line saying what to do.
 */
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { Compute, COMPUTES, DatabaseKind, DATABASES } from "../lib/axes";
import { PROJECT_DIR } from "../offline/stack";
import { firstLine, OpsError } from "./errors";

/** Stack outputs as the Automation API returns them. */
export type RawOutputs = Record<string, { value: unknown; secret?: boolean }>;

/** Where the commands get a deployed stack's outputs. */
export interface StackOutputsSource {
    /** The outputs of the stack's last update; throws an `OpsError` when the stack cannot be read. */
    outputs(stack: string): Promise<RawOutputs>;
}

/** The outputs the operations commands use (see `profiles/index.ts`). */
export interface DeployedStack {
    stack: string;
    region: string;
    /** The ECS cluster (compute `ecs`); undefined when the backend runs on Lambda. */
    clusterName?: string;
    /** ECS service names by short name (`backend`, `frontend`); the short name is also the container name. Empty without ECS. */
    services: Record<string, string>;
    /** The backend's Lambda function (compute `lambda`). */
    functionName?: string;
    /** CloudWatch Logs log groups by short name (`backend`, `frontend`); undefined in the outputs of an update from before this output existed. */
    logGroups?: Record<string, string>;
    databaseKind: DatabaseKind;
    /** The database's host name (`rds`, `dsql`); undefined for `none`. */
    databaseEndpoint?: string;
    /** `shoestring:paused` as of the last update. */
    paused: boolean;
}

/** Where a deployed stack's backend runs and which database it has, as far as its outputs tell. */
export interface DeployedKinds {
    compute?: Compute;
    database?: DatabaseKind;
}

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined => (values as readonly unknown[]).includes(value) ? (value as T) : undefined;

/**
 * The compute and database kinds of a deployed stack, from its outputs:
 * `functionName` or `clusterName`, and `databaseKind`, else the `axes`
 * output. Outputs of an update from before the database kinds (no
 * `databaseKind`, no `axes.database`) are of an RDS stack: there was no
 * other kind. Undefined where the outputs say nothing (no update yet).
 */
export function deployedKinds(raw: RawOutputs): DeployedKinds {
    const value = (key: string): unknown => raw[key]?.value;
    const axes = value("axes");
    const axis = (key: string): unknown => (axes !== null && typeof axes === "object" ? (axes as Record<string, unknown>)[key] : undefined);
    const compute = typeof value("functionName") === "string" ? "lambda" : typeof value("clusterName") === "string" ? "ecs" : oneOf(COMPUTES, axis("compute"));
    const database = oneOf(DATABASES, value("databaseKind")) ?? oneOf(DATABASES, axis("database")) ?? (typeof value("databaseEndpoint") === "string" ? "rds" : undefined);
    return { compute, database };
}

/** What `shoestring:paused` does to a stack: the parts it stops, and why the others have nothing to stop. */
export interface PauseEffects {
    /** What pausing stops, for people: "every ECS service scales to 0 tasks". */
    stops: string[];
    /** Parts with nothing to stop, and why. */
    idle: string[];
}

/** What pausing a stack of these kinds does (`paused` in profiles/: ECS services and the RDS instance only). Pure. */
export function pauseEffects(kinds: DeployedKinds): PauseEffects {
    const stops: string[] = [];
    const idle: string[] = [];
    if (kinds.compute === "ecs") {
        stops.push("every ECS service scales to 0 tasks");
    } else if (kinds.compute === "lambda") {
        idle.push("its backend is a Lambda function, which runs (and is billed) only while it answers a request");
    }
    if (kinds.database === "rds") {
        stops.push("the RDS instance stops");
    } else if (kinds.database === "dsql") {
        idle.push("Aurora DSQL has nothing to stop: it bills storage and the work of each query, paused or not");
    }
    return { stops, idle };
}

export const PULUMI_INSTALL_URL = "https://www.pulumi.com/docs/install/";

/**
 * Turns an Automation API failure into one line. The Automation API runs
 * the `pulumi` CLI and throws a `CommandError` (or `StackNotFoundError`)
 * whose message holds the CLI's stdout and stderr.
 */
export function pulumiError(err: unknown, stack: string): OpsError {
    if (err instanceof OpsError) {
        return err;
    }
    const name = err instanceof Error ? err.name : "";
    const message = err instanceof Error ? err.message : String(err);
    if (/ENOENT/.test(message) && /\bpulumi\b/.test(message)) {
        return new OpsError(`the pulumi CLI is not installed: see ${PULUMI_INSTALL_URL}`);
    }
    if (name === "StackNotFoundError" || /no stack named .*found/i.test(message)) {
        return new OpsError(`stack ${stack} not found: run \`pulumi stack init ${stack}\` and \`pulumi up\` first`);
    }
    if (/PULUMI_ACCESS_TOKEN|pulumi login|not logged in/i.test(message)) {
        return new OpsError("not logged in to a Pulumi backend: run `pulumi login`");
    }
    if (/PULUMI_CONFIG_PASSPHRASE/.test(message)) {
        return new OpsError(`stack ${stack} needs its passphrase: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE)`);
    }
    // A CommandError's message starts with "code: N"; the CLI's own error line is more useful.
    const cliLine = message.split("\n").map((line) => line.trim().replace(/^stderr:\s*/, "")).find((line) => /^error:/i.test(line));
    return new OpsError(`pulumi: ${cliLine ? cliLine.replace(/^error:\s*/i, "") : firstLine(err)}`);
}

/** Selects an existing stack of the project through the Automation API. */
export async function selectStack(stack: string, dir: string = PROJECT_DIR): Promise<Stack> {
    try {
        return await LocalWorkspace.selectStack({ stackName: stack, workDir: dir });
    } catch (err) {
        throw pulumiError(err, stack);
    }
}

/** The real source: `stack.outputs()` of the selected stack. */
export function automationOutputs(dir: string = PROJECT_DIR): StackOutputsSource {
    return {
        async outputs(stack: string): Promise<RawOutputs> {
            const selected = await selectStack(stack, dir);
            try {
                return await selected.outputs();
            } catch (err) {
                throw pulumiError(err, stack);
            }
        },
    };
}

/** The string values of an output that maps short names to names (`services`, `logGroups`); undefined when it is not an object. */
function namesByShortName(raw: unknown): Record<string, string> | undefined {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        return undefined;
    }
    return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/**
 * Checks and narrows raw outputs; names what is missing. An ECS stack needs
 * `clusterName` and `services`, a Lambda stack `functionName`; an RDS or
 * Aurora DSQL database needs `databaseEndpoint`.
 */
export function parseOutputs(stack: string, raw: RawOutputs): DeployedStack {
    if (Object.keys(raw).length === 0) {
        throw new OpsError(`stack ${stack} has no outputs: run \`pulumi up --stack ${stack}\` first`);
    }
    const value = (key: string): unknown => raw[key]?.value;
    const missing: string[] = [];
    const text = (key: string): string => {
        const v = value(key);
        if (typeof v === "string" && v.length > 0) {
            return v;
        }
        missing.push(key);
        return "";
    };
    const kinds = deployedKinds(raw);
    const compute = kinds.compute ?? "ecs";
    const databaseKind = kinds.database ?? "rds";
    const region = text("region");
    const clusterName = compute === "ecs" ? text("clusterName") : undefined;
    const functionName = compute === "lambda" ? text("functionName") : undefined;
    const databaseEndpoint = databaseKind === "none" ? undefined : text("databaseEndpoint");
    const services = namesByShortName(value("services")) ?? {};
    // Not required: only `logs` reads it, and says so when it is missing.
    const logGroups = namesByShortName(value("logGroups"));
    if (compute === "ecs" && Object.keys(services).length === 0) {
        missing.push("services");
    }
    const paused = value("paused");
    if (typeof paused !== "boolean") {
        missing.push("paused");
    }
    if (missing.length > 0) {
        throw new OpsError(`stack ${stack}'s outputs lack ${missing.join(", ")}: run \`pulumi up --stack ${stack}\` to update them`);
    }
    return {
        stack,
        region,
        ...(clusterName !== undefined ? { clusterName } : {}),
        services,
        ...(functionName !== undefined ? { functionName } : {}),
        ...(logGroups !== undefined ? { logGroups } : {}),
        databaseKind,
        ...(databaseEndpoint !== undefined ? { databaseEndpoint } : {}),
        paused: paused as boolean,
    };
}

/** Reads and checks a deployed stack's outputs. */
export async function readOutputs(source: StackOutputsSource, stack: string): Promise<DeployedStack> {
    let raw: RawOutputs;
    try {
        raw = await source.outputs(stack);
    } catch (err) {
        throw pulumiError(err, stack);
    }
    return parseOutputs(stack, raw);
}

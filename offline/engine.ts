/**
 * The offline engine: runs a Pulumi program under `pulumi.runtime.setMocks`
 * with a given stack config and returns everything it registered.
 *
 * Each run gets its own Pulumi runtime state (the SDK keeps it in an
 * AsyncLocalStorage store), so one process can run many stacks, one after
 * the other. Runs are serialised: the SDK also keeps one module-level
 * monitor, which two concurrent runs would share.
 */
import { runtime } from "@pulumi/pulumi";
import { createOfflineMocks } from "./mocks";
import { RecordingMonitor } from "./monitor";
import { ROOT_STACK_TYPE, SECRET, StackRecord } from "./record";
import { maskedLike, objectFromWire } from "./wire";

/** What to run, and as which stack. */
export interface ProgramRun {
    /** The Pulumi project name (`name` in Pulumi.yaml). */
    project: string;
    /** The stack name. */
    stack: string;
    /** Stack config, with fully qualified keys (`aws:region`, `shoestring:profile`). */
    config: Record<string, string>;
    /** Config keys whose values are secrets. */
    secretKeys?: string[];
    /** The program: returns the stack outputs, as a Pulumi entry module's default export does. */
    program: () => unknown;
    /**
     * Run as a preview (`pulumi preview`) rather than an update: outputs the
     * offline provider does not fill in stay unknown. Default: false.
     */
    preview?: boolean;
    /** The outputs of the stack's last update, which a stack reference to the stack itself reads (default: none, a stack never deployed). */
    deployedOutputs?: Record<string, unknown>;
}

/** The SDK's internal hooks the engine needs (present in @pulumi/pulumi 3.x). */
interface RuntimeInternals {
    withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
    getStore(): Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as RuntimeInternals;

let queue: Promise<unknown> = Promise.resolve();

/** Runs a program offline and returns its record. */
export function runProgram(run: ProgramRun): Promise<StackRecord> {
    const result = queue.then(() => state.withLocalStorage(() => runIsolated(run)));
    queue = result.catch(() => undefined);
    return result;
}

async function runIsolated(run: ProgramRun): Promise<StackRecord> {
    const region = run.config["aws:region"];
    if (!region) {
        throw new Error(`stack ${run.stack}: config key aws:region is not set; set it in Pulumi.${run.stack}.yaml`);
    }
    const mocks = createOfflineMocks(region, run.deployedOutputs);
    const monitor = new RecordingMonitor(mocks);
    // "organization" is what a self-managed (DIY) backend calls every stack's organization.
    runtime.setMockOptions(monitor, run.project, run.stack, run.preview ?? false, "organization");
    // The features `setMocks` turns on for its own monitor.
    Object.assign(state.getStore(), {
        supportsSecrets: true,
        supportsResourceReferences: true,
        supportsOutputValues: false,
        supportsDeletedWith: true,
        supportsReplaceWith: true,
        supportsAliasSpecs: true,
        supportsTransforms: false,
        supportsParameterization: true,
        supportsResourceHooks: true,
        supportsErrorHooks: true,
    });
    runtime.setAllConfig(run.config, run.secretKeys ?? []);

    const record = (outputs: unknown): StackRecord => ({
        project: run.project,
        stack: run.stack,
        // A secret's value stays out of the record, in the config as in the resources.
        config: Object.fromEntries(Object.entries(run.config).map(([key, value]) => [key, run.secretKeys?.includes(key) ? SECRET : value])),
        resources: monitor.recorded,
        // The program's resolved outputs (in its order), with the secrets the root stack's registered outputs mark.
        outputs: maskedLike(objectFromWire(outputs), monitor.recorded.find((r) => r.type === ROOT_STACK_TYPE && r.parent === undefined)?.outputs ?? {}),
        lookups: mocks.lookups,
    });
    // A failing program rejects more than one promise inside the SDK (the
    // stack's outputs, and the resources that were waiting on it). The
    // Pulumi CLI reports the first and exits; the engine does the same,
    // without letting the rest reach the process's own handlers.
    const rejections: unknown[] = [];
    const saved = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    // A value that fails inside an `apply` leaves the resources waiting on it
    // unregistered, and the stack waiting for them: the first such failure
    // ends the run, as it ends `pulumi up`.
    let failFast: (reason: unknown) => void = () => undefined;
    const firstRejection = new Promise<never>((_, reject) => (failFast = reject));
    firstRejection.catch(() => undefined);
    process.on("unhandledRejection", (reason) => {
        rejections.push(reason);
        failFast(reason);
    });
    // A program waiting on a value nothing will ever resolve leaves the event
    // loop empty: Node would exit 0 with nothing said. That ends the run with
    // an error naming where it stopped instead.
    let stall: () => void = () => undefined;
    let stallError: Error | undefined;
    const stalled = new Promise<never>((_, reject) => {
        stall = () => {
            const last = monitor.recorded[monitor.recorded.length - 1];
            stallError = new Error(`the program never finished: it waits on a value nothing resolves (${monitor.recorded.length} resources registered${last ? `, the last ${last.type} ${last.name}` : ""})`);
            reject(stallError);
        };
    });
    stalled.catch(() => undefined);
    process.once("beforeExit", stall);
    let outputs: unknown;
    let failure: unknown;
    try {
        outputs = await Promise.race([runtime.runInPulumiStack(async () => run.program()), firstRejection, stalled]);
    } catch (err) {
        failure = err;
    } finally {
        // Let every registration in flight land in the record, even on failure;
        // after a failed value, those waiting on it never land, so wait briefly.
        const settled = runtime.disconnect().catch(() => undefined);
        const failedThenGrace = firstRejection.catch(() => new Promise((resolve) => setTimeout(resolve, 200).unref()));
        // After a stall nothing else keeps the process alive: this grace timer does.
        const stalledThenGrace = stalled.catch(() => new Promise((resolve) => setTimeout(resolve, 200)));
        await Promise.race([settled, failedThenGrace, stalledThenGrace]);
        await new Promise((resolve) => setImmediate(resolve));
        process.removeListener("beforeExit", stall);
        process.removeAllListeners("unhandledRejection");
        for (const listener of saved) {
            process.on("unhandledRejection", listener);
        }
    }
    // A stall that a failed value caused is reported as that failure.
    if (failure === stallError) failure = rejections[0] ?? failure;
    failure ??= rejections[0];
    if (failure !== undefined) {
        throw new OfflineRunError(run.stack, failure, record({}));
    }
    return record(outputs);
}

/** The program failed; `record` holds what it registered before it did. */
export class OfflineRunError extends Error {
    constructor(
        readonly stackName: string,
        readonly cause: unknown,
        readonly record: StackRecord,
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.name = "OfflineRunError";
    }
}

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
import { StackRecord } from "./record";
import { objectFromWire } from "./wire";

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
    const monitor = new RecordingMonitor(createOfflineMocks(region));
    runtime.setMockOptions(monitor, run.project, run.stack, run.preview ?? false);
    // The features `setMocks` turns on for its own monitor.
    Object.assign(state.getStore(), {
        supportsSecrets: true,
        supportsResourceReferences: true,
        supportsOutputValues: false,
        supportsDeletedWith: true,
        supportsAliasSpecs: true,
        supportsTransforms: false,
    });
    runtime.setAllConfig(run.config, run.secretKeys ?? []);

    let outputs: unknown;
    try {
        outputs = await runtime.runInPulumiStack(async () => run.program());
    } finally {
        // Let every registration in flight land in the record, even on failure.
        await runtime.disconnect();
    }
    return {
        project: run.project,
        stack: run.stack,
        config: { ...run.config },
        resources: monitor.recorded,
        outputs: objectFromWire(outputs),
    };
}

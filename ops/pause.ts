/**
 * `pause` and `resume`: set `shoestring:paused` in the stack's config and run
 * `pulumi up`, as README's "Pausing" section does by hand:
 *
 *   pulumi config set shoestring:paused true && pulumi up
 *
 * Before the update it prints the daily cost now and after, priced offline
 * by the cost model (no AWS call). The Automation API stack is behind
 * `PausableStack`, so tests use a fake.
 *
 * Pausing scales ECS services to 0 and stops an RDS instance; nothing else
 * changes. A stack with neither (the backend on Lambda, Aurora DSQL or no
 * database) has nothing to pause: the command says so and changes nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildPlan } from "../offline/plan";
import { PROJECT_DIR } from "../offline/stack";
import { usd } from "../offline/render";
import { firstLine } from "./errors";
import { deployedKinds, pauseEffects, pulumiError, RawOutputs, selectStack } from "./outputs";

export const PAUSED_KEY = "shoestring:paused";

/**
 * The policy pack the update runs with, as CI's deploy does: the project's
 * pack, and the stack's policy config when there is one.
 */
export function policyPackOptions(stack: string, dir: string = PROJECT_DIR): { policyPacks: string[]; policyPackConfigs?: string[] } {
    const config = path.join(dir, "policy", "config", `${stack}.json`);
    return { policyPacks: [path.join(dir, "policy")], ...(fs.existsSync(config) ? { policyPackConfigs: [config] } : {}) };
}

/** What `pause` needs of a Pulumi stack (a subset of the Automation API's `Stack`). */
export interface PausableStack {
    getAllConfig(): Promise<Record<string, { value: string; secret?: boolean }>>;
    setConfig(key: string, value: { value: string; secret?: boolean }): Promise<void>;
    up(options: { onOutput?: (out: string) => void; refresh?: boolean; policyPacks?: string[]; policyPackConfigs?: string[] }): Promise<unknown>;
    outputs(): Promise<RawOutputs>;
}

/** Opens a stack by name; throws an `OpsError` when it cannot. */
export type StackOpener = (stack: string) => Promise<PausableStack>;

/** The real opener: `LocalWorkspace.selectStack` in the project directory. */
export const automationStack: StackOpener = (stack) => selectStack(stack);

/** Daily cost of a stack, running and paused. */
export type DailyCost = (stack: string) => Promise<{ runningDay: number; pausedDay: number }>;

/** The cost model on the stack's offline plan (its running config: both figures come from it). */
export const offlineDailyCost: DailyCost = async (stack) => {
    const plan = await buildPlan({ stack, config: { paused: false } });
    return { runningDay: plan.cost.totals.runningDay, pausedDay: plan.cost.totals.pausedDay };
};

export interface PauseOptions {
    stack: string;
    /** true: pause; false: resume. */
    paused: boolean;
    open?: StackOpener;
    cost?: DailyCost;
    /** Refresh before the update, so a database AWS restarted after 7 days is seen and stopped again. */
    refresh?: boolean;
    /** Lines for the person. */
    say: (line: string) => void;
    /** The update's own output, as it comes. */
    onOutput?: (out: string) => void;
}

function state(paused: boolean): string {
    return paused ? "paused" : "running";
}

/**
 * Pauses or resumes a stack. Does nothing (and says so) when the config and
 * the last update already agree on the wanted state, unless `refresh`.
 * Resolves with whether an update ran.
 */
export async function setPaused(options: PauseOptions): Promise<{ updated: boolean }> {
    const { stack, paused: wanted, say } = options;
    const open = options.open ?? automationStack;
    const verb = wanted ? "pause" : "resume";
    const stackHandle = await open(stack);
    const call = async <T>(what: () => Promise<T>): Promise<T> => {
        try {
            return await what();
        } catch (err) {
            throw pulumiError(err, stack);
        }
    };

    const config = await call(() => stackHandle.getAllConfig());
    const configured = config[PAUSED_KEY]?.value === "true";
    const outputs = await call(() => stackHandle.outputs());
    const deployed = outputs.paused?.value;
    const now = typeof deployed === "boolean" ? deployed : configured;
    // What the last update deployed; before any update, the program decides at the first one.
    const kinds = deployedKinds(outputs);
    const effects = pauseEffects(kinds);

    let cost: { runningDay: number; pausedDay: number } | undefined;
    try {
        cost = await (options.cost ?? offlineDailyCost)(stack);
    } catch (err) {
        say(`daily cost: not available (${firstLine(err)})`);
    }
    const costOf = (paused: boolean): string => (cost ? `about ${usd(paused ? cost.pausedDay : cost.runningDay)}/day` : "cost unknown");

    if (kinds.compute !== undefined && effects.stops.length === 0) {
        // shoestring:paused would change no resource: no update, and no config change that would claim otherwise.
        say(`stack ${stack} has nothing to ${verb}: ${effects.idle.join("; ")}; ${PAUSED_KEY} (now ${configured}) changes no resource of it; ${costOf(false)} with no traffic`);
        return { updated: false };
    }

    if (configured === wanted && now === wanted && !options.refresh) {
        say(`stack ${stack} is already ${state(wanted)} (${PAUSED_KEY} is ${wanted}): nothing to do; ${costOf(wanted)}`);
        if (wanted) {
            say(`if AWS restarted the database (it does after 7 days stopped), run \`npm run ops -- pause --stack ${stack} --refresh\``);
        }
        return { updated: false };
    }

    say(`stack ${stack}: ${state(now)}, ${costOf(now)}; ${state(wanted)}: ${costOf(wanted)}`);
    // ECS services with Aurora DSQL: say what pausing leaves as it is.
    if (wanted) {
        effects.idle.forEach((line) => say(`unchanged by pausing: ${line}`));
    }
    if (configured !== wanted) {
        say(`setting ${PAUSED_KEY} to ${wanted}`);
        await call(() => stackHandle.setConfig(PAUSED_KEY, { value: String(wanted) }));
    }
    say(`running pulumi up${options.refresh ? " --refresh" : ""} with the policy pack to ${verb} stack ${stack}`);
    await call(() => stackHandle.up({ onOutput: options.onOutput, ...(options.refresh ? { refresh: true } : {}), ...policyPackOptions(stack) }));
    say(`stack ${stack} is ${state(wanted)}` + (cost ? `: ${costOf(wanted)} (was ${usd(now ? cost.pausedDay : cost.runningDay)}/day)` : ""));
    return { updated: true };
}

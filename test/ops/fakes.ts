/**
 * Fakes for the operations commands' tests: a stack's outputs as Pulumi
 * would return them after `pulumi up` (taken from the offline run of the
 * real program), and a Pulumi stack that records what it is asked to do.
 */
import { RawOutputs, StackOutputsSource } from "../../ops/outputs";
import { PausableStack } from "../../ops/pause";
import { stack as offlineStack } from "../stacks";

/** The outputs of a stack of this project, wrapped as the Automation API returns them. */
export async function deployedOutputs(name: string, config: Record<string, unknown> = {}): Promise<RawOutputs> {
    const record = await offlineStack(name, config);
    return Object.fromEntries(Object.entries(record.outputs).map(([key, value]) => [key, { value, secret: false }]));
}

/** A source that answers from a map, or throws `error`; counts its calls. */
export function fakeSource(outputs: Record<string, RawOutputs>, error?: Error): StackOutputsSource & { calls: string[] } {
    const calls: string[] = [];
    return {
        calls,
        async outputs(stack: string): Promise<RawOutputs> {
            calls.push(stack);
            if (error) {
                throw error;
            }
            const found = outputs[stack];
            if (!found) {
                throw Object.assign(new Error(`code: 255\n stdout: \n stderr: error: no stack named '${stack}' found\n`), { name: "StackNotFoundError" });
            }
            return found;
        },
    };
}

/** A Pulumi stack in memory: config, outputs, and a log of setConfig and up calls. */
export class FakeStack implements PausableStack {
    readonly setConfigCalls: [string, { value: string }][] = [];
    readonly upCalls: { refresh?: boolean; policyPacks?: string[]; policyPackConfigs?: string[] }[] = [];
    config: Record<string, { value: string; secret?: boolean }>;
    lastOutputs: RawOutputs;
    /** When set, `up` fails with it. */
    upError?: Error;

    constructor(paused: boolean, outputs: RawOutputs) {
        this.config = { "aws:region": { value: "us-west-2" }, "shoestring:profile": { value: "cheap" }, "shoestring:paused": { value: String(paused) } };
        this.lastOutputs = { ...outputs, paused: { value: paused } };
    }

    async getAllConfig(): Promise<Record<string, { value: string; secret?: boolean }>> {
        return { ...this.config };
    }

    async setConfig(key: string, value: { value: string }): Promise<void> {
        this.setConfigCalls.push([key, value]);
        this.config[key] = value;
    }

    async up(options: { onOutput?: (out: string) => void; refresh?: boolean; policyPacks?: string[]; policyPackConfigs?: string[] }): Promise<unknown> {
        this.upCalls.push({ refresh: options.refresh, policyPacks: options.policyPacks, policyPackConfigs: options.policyPackConfigs });
        if (this.upError) {
            throw this.upError;
        }
        options.onOutput?.("Updating (cheap)\n");
        this.lastOutputs = { ...this.lastOutputs, paused: { value: this.config["shoestring:paused"]?.value === "true" } };
        return { stdout: "", stderr: "", outputs: this.lastOutputs };
    }

    async outputs(): Promise<RawOutputs> {
        return this.lastOutputs;
    }
}

/**
 * Offline runs of the project's stacks, shared by the tests. Each distinct
 * (stack, config) pair runs once per test process.
 */
import { RecordedResource, StackRecord } from "../offline/record";
import { runStack } from "../offline/stack";

const runs = new Map<string, Promise<StackRecord>>();

/** The record of a stack, with optional config overrides (as in the stack file) and config set as secrets. */
export function stack(name: string, config: Record<string, unknown> = {}, secrets: Record<string, unknown> = {}): Promise<StackRecord> {
    // `undefined` removes a key, so it must count in the cache key.
    const key = JSON.stringify([name, config, secrets], (_, v: unknown) => (v === undefined ? "<removed>" : v));
    let run = runs.get(key);
    if (!run) {
        run = runStack(name, { config, secrets });
        runs.set(key, run);
    }
    return run;
}

/** Parses a JSON string input (task definitions, IAM policies). */
export function json<T = unknown>(value: unknown): T {
    if (typeof value !== "string") {
        throw new Error(`expected a JSON string, got ${JSON.stringify(value)}`);
    }
    return JSON.parse(value) as T;
}

/** A container definition, as far as the tests read it. */
export interface ContainerDefinition {
    name: string;
    image: string;
    environment?: { name: string; value: string }[];
    secrets?: { name: string; valueFrom: string }[];
    portMappings?: { containerPort: number; name?: string }[];
}

/** An IAM policy statement, as far as the tests read it. */
export interface Statement {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * A hand-made recorded resource: a custom resource of stack `s` of project
 * `p` with no dependencies and default options, unless the fields say otherwise.
 */
export function recordedResource(fields: Pick<RecordedResource, "type" | "name"> & Partial<RecordedResource>): RecordedResource {
    return {
        urn: `urn:pulumi:s::p::${fields.type}::${fields.name}`,
        custom: true,
        inputs: {},
        outputs: {},
        dependencies: [],
        propertyDependencies: {},
        protect: false,
        retainOnDelete: false,
        deleteBeforeReplace: false,
        ignoreChanges: [],
        aliases: [],
        ...fields,
    };
}

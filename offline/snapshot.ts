/**
 * Record snapshots: what a stack registers (URNs, types, inputs,
 * dependencies and resource options), written to `snapshots/` and compared
 * on every test run. A refactor that should change nothing must leave them
 * equal; a change that means to alter what is deployed shows up in review
 * as a change to the snapshot (`npm run snapshot` rewrites them).
 *
 * Outputs and ids are left out: they are what the offline provider made up,
 * not what the program asked for.
 */
import * as path from "node:path";
import { RecordedResource, StackRecord } from "./record";
import { listStacks, PROJECT_DIR, readProject } from "./stack";

/** One resource as the snapshot keeps it. */
export interface ResourceSnapshot {
    urn: string;
    type: string;
    custom: boolean;
    parent?: string;
    provider?: string;
    inputs: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    options: Pick<RecordedResource, "protect" | "retainOnDelete" | "deleteBeforeReplace" | "ignoreChanges" | "aliases">;
}

/** A stack's snapshot: its resources in registration order. */
export interface StackSnapshot {
    project: string;
    stack: string;
    resources: ResourceSnapshot[];
}

/** A stack to snapshot: a stack file, optionally with config changed on top of it. */
export interface SnapshotTarget {
    dir: string;
    project: string;
    stack: string;
    /** Names the variant in the file name (`<project>.<stack>+<variant>.json`). */
    variant?: string;
    /** Config on top of the stack file (`undefined` removes a key), as `runStack` takes it. */
    config?: Record<string, unknown>;
}

/**
 * Variants of the main project's stacks that take other paths through the
 * program: no domain (plain-HTTP URLs, no certificates or records), a VPC
 * the stack creates, and an existing network with the stack paused and no
 * pull-through cache.
 */
const VARIANTS: { stack: string; variant: string; config: Record<string, unknown> }[] = [
    { stack: "cheap", variant: "no-domain", config: { domain: undefined } },
    { stack: "dev", variant: "no-domain", config: { domain: undefined } },
    { stack: "dev", variant: "new-network", config: { network: "new" } },
    { stack: "cheap", variant: "existing-network-paused", config: { vpcId: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"], paused: true, pullThroughCache: false } },
];

/** Every stack the repository holds (the main project's and the bootstrap's), and the main project's variants. */
export function repositoryStacks(root: string = PROJECT_DIR): SnapshotTarget[] {
    const stacks = [root, path.join(root, "bootstrap")].flatMap((dir) => {
        const project = readProject(dir).name;
        return listStacks(dir).map((stack): SnapshotTarget => ({ dir, project, stack }));
    });
    const main = readProject(root).name;
    return [...stacks, ...VARIANTS.map((v): SnapshotTarget => ({ dir: root, project: main, ...v }))];
}

/** The snapshot file of a target, relative to the repository root. */
export function snapshotFile(target: Pick<SnapshotTarget, "project" | "stack" | "variant">): string {
    return path.join("snapshots", `${target.project}.${target.stack}${target.variant ? `+${target.variant}` : ""}.json`);
}

/** The URN list file of a stack (stack files only, not variants), relative to the repository root. */
export function urnListFile(target: Pick<SnapshotTarget, "project" | "stack">): string {
    return path.join("snapshots", `${target.project}.${target.stack}.urns`);
}

/** A record's URNs, one per line, sorted: the file a rename shows up in. */
export function renderUrnList(record: StackRecord): string {
    return record.resources.map((r) => r.urn).sort().join("\n") + "\n";
}

/**
 * Listed URNs the record no longer has and no resource of it names as an
 * alias: a rename without an alias, which Pulumi would carry out as a
 * delete and a create.
 */
export function unaliasedRenames(listed: string[], record: StackRecord): string[] {
    const known = new Set(record.resources.flatMap((r) => [r.urn, ...r.aliases]));
    return listed.filter((urn) => urn !== "" && !known.has(urn));
}

/**
 * Sorts object keys, so a snapshot does not depend on the order inputs were
 * set in, and writes paths under the repository (assets, build contexts)
 * relative to it, so it does not depend on where the clone is.
 */
function normalised(value: unknown, root: string): unknown {
    if (typeof value === "string") return value === root || value.startsWith(root + path.sep) ? `<repository>${value.slice(root.length)}` : value;
    if (Array.isArray(value)) return value.map((v) => normalised(v, root));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, normalised((value as Record<string, unknown>)[k], root)]),
        );
    }
    return value;
}

/** What of a record the snapshot keeps; paths under `root` are written as `<repository>/...`. */
export function snapshotOf(record: StackRecord, root: string = PROJECT_DIR): StackSnapshot {
    return {
        project: record.project,
        stack: record.stack,
        resources: record.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            custom: r.custom,
            // Stryker disable next-line ConditionalExpression: a parent key holding undefined is dropped by JSON.stringify, which writes and compares snapshots, as a missing key is (dropping every parent is tested)
            ...(r.parent === undefined ? {} : { parent: r.parent }),
            // Stryker disable next-line ConditionalExpression: a provider key holding undefined is dropped by JSON.stringify, which writes and compares snapshots, as a missing key is (dropping every provider is tested)
            ...(r.provider === undefined ? {} : { provider: r.provider }),
            inputs: normalised(r.inputs, root) as Record<string, unknown>,
            dependencies: [...r.dependencies].sort(),
            propertyDependencies: Object.fromEntries(
                Object.keys(r.propertyDependencies)
                    .sort()
                    .map((k) => [k, [...r.propertyDependencies[k]].sort()]),
            ),
            options: { protect: r.protect, retainOnDelete: r.retainOnDelete, deleteBeforeReplace: r.deleteBeforeReplace, ignoreChanges: [...r.ignoreChanges].sort(), aliases: [...r.aliases].sort() },
        })),
    };
}

/** The snapshot as written to its file (stable JSON, one line per value). */
export function renderSnapshot(snapshot: StackSnapshot): string {
    return JSON.stringify(snapshot, null, 2) + "\n";
}

/** Paths (`inputs.tags.Name`) where two values differ. */
function valueDifferences(before: unknown, after: unknown, at: string): string[] {
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
    if (isObject(before) && isObject(after)) {
        return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().flatMap((k) => valueDifferences(before[k], after[k], `${at}.${k}`));
    }
    const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v).slice(0, 200));
    return [`${at}: ${show(before)} -> ${show(after)}`];
}

/**
 * What changed between two snapshots of a stack, one line each: resources
 * added or removed (by URN), moved in registration order, and each input,
 * dependency or option that differs. Empty when they are equal.
 */
export function snapshotDifferences(before: StackSnapshot, after: StackSnapshot): string[] {
    const differences: string[] = [];
    const beforeByUrn = new Map(before.resources.map((r) => [r.urn, r]));
    const afterByUrn = new Map(after.resources.map((r) => [r.urn, r]));
    for (const r of before.resources) {
        if (!afterByUrn.has(r.urn)) differences.push(`removed ${r.urn}`);
    }
    for (const r of after.resources) {
        const old = beforeByUrn.get(r.urn);
        if (!old) {
            differences.push(`added ${r.urn}`);
            continue;
        }
        const { urn, ...rest } = r;
        const { urn: _, ...oldRest } = old;
        differences.push(...valueDifferences(oldRest, rest, urn).map((d) => `changed ${d}`));
    }
    // Stryker disable next-line MethodExpression: the order is compared only when no resource was added or removed, so both lists hold the same URNs and the filter drops none
    const order = (s: StackSnapshot, other: Map<string, ResourceSnapshot>) => s.resources.map((r) => r.urn).filter((u) => other.has(u));
    if (differences.length === 0 && order(before, afterByUrn).join("\n") !== order(after, beforeByUrn).join("\n")) {
        differences.push("the same resources, registered in another order");
    }
    return differences;
}

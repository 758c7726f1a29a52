/**
 * The swap plan: what changing a stack from one config (profile) to another
 * would create, delete, update in place or replace, computed from two offline
 * records of the same stack.
 *
 * Matching is by URN, as the engine matches. Whether a changed property
 * forces a replacement is provider knowledge: the table below lists the
 * replace-on-change properties of the types this program uses (from the AWS
 * provider's schema, where they are marked ForceNew). It is a forecast;
 * `pulumi preview` against the real provider is the authority.
 */
import { REPLACE_ON_CHANGE } from "../lib/aws-data/replace-on-change";
import { RecordedResource, StackRecord, UNKNOWN } from "./record";

export type ChangeKind = "create" | "delete" | "update" | "replace" | "same";

export interface ResourceChange {
    kind: ChangeKind;
    type: string;
    name: string;
    /** URN after the change (before, for a deletion). */
    urn: string;
    /** URN before, when it differs (a renamed or moved resource). */
    previousUrn?: string;
    /** Holds data that a delete or replacement would lose. */
    stateful: boolean;
    /** Marked `protect`: the engine refuses to delete or replace it. */
    protect: boolean;
    /** Top-level properties that changed (for updates and replacements), or why. */
    reasons: string[];
    /** The snapshot RDS takes when it deletes the database (an RDS instance or Aurora cluster that does not skip it). */
    finalSnapshot?: string;
}

export interface SwapPlan {
    from: { stack: string; config: Record<string, string> };
    to: { stack: string; config: Record<string, string> };
    changes: ResourceChange[];
    counts: Record<ChangeKind, number>;
    /** Stateful resources the change would delete or replace: data loss. */
    statefulLosses: ResourceChange[];
}

/** Types whose resources hold data that deleting them loses. */
export const STATEFUL_TYPES: readonly string[] = [
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:dsql/cluster:Cluster",
    "aws:dynamodb/table:Table",
    "aws:ecr/repository:Repository",
    "aws:s3/bucket:Bucket",
    "aws:efs/fileSystem:FileSystem",
    "aws:secretsmanager/secret:Secret",
];

/**
 * Whether deleting this resource loses data. A bucket created with
 * `forceDestroy` or a repository with `forceDelete` declares its contents
 * disposable (a site's build output, rebuildable images).
 */
export function isStateful(resource: RecordedResource): boolean {
    if (!STATEFUL_TYPES.includes(resource.type)) {
        return false;
    }
    return resource.inputs.forceDestroy !== true && resource.inputs.forceDelete !== true;
}

/** Properties whose change replaces the resource (ForceNew in the AWS provider's schema; sourced data). */
export { REPLACE_ON_CHANGE };

/** Compares two records of one stack: `from` as deployed, `to` as it would become. */
export function diffRecords(from: StackRecord, to: StackRecord): SwapPlan {
    const before = new Map(managed(from).map((r) => [r.urn, r]));
    const after = new Map(managed(to).map((r) => [r.urn, r]));
    const changes: ResourceChange[] = [];

    for (const [urn, next] of after) {
        const prev = before.get(urn);
        if (!prev) {
            changes.push(change("create", next, []));
            continue;
        }
        const changed = changedProperties(prev.inputs, next.inputs);
        if (changed.length === 0) {
            changes.push(change("same", next, []));
        } else {
            changes.push(change(replaces(next, changed) ? "replace" : "update", next, changed));
        }
    }
    const deleted = [...before.values()].filter((r) => !after.has(r.urn));
    // A stateful resource whose URN changed (renamed, or moved to another
    // parent) without an alias is a delete of the old and a create of the new:
    // a replacement that loses the data. Pair them so it is said as such.
    for (const gone of deleted) {
        const stateful = isStateful(gone);
        const twin = stateful ? changes.find((c) => c.kind === "create" && c.type === gone.type && !c.previousUrn) : undefined;
        if (twin) {
            twin.kind = "replace";
            twin.previousUrn = gone.urn;
            twin.protect = twin.protect || gone.protect;
            twin.reasons = ["URN changed (renamed or moved, with no alias): the old resource is deleted and a new one created"];
        } else {
            const deletion = change("delete", gone, []);
            const snapshot = finalSnapshotOf(gone);
            changes.push(snapshot ? { ...deletion, finalSnapshot: snapshot } : deletion);
        }
    }

    changes.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    const counts: Record<ChangeKind, number> = { create: 0, delete: 0, update: 0, replace: 0, same: 0 };
    for (const c of changes) {
        counts[c.kind]++;
    }
    return {
        from: { stack: from.stack, config: from.config },
        to: { stack: to.stack, config: to.config },
        changes,
        counts,
        statefulLosses: changes.filter((c) => c.stateful && (c.kind === "delete" || c.kind === "replace")),
    };
}

// Stryker disable next-line StringLiteral: "replace" sorts first as index 0 or as -1 (not found) alike; the other names are tested.
const KIND_ORDER: ChangeKind[] = ["replace", "delete", "create", "update", "same"];

/** The final snapshot RDS takes when it deletes this instance or cluster, if it takes one. */
export function finalSnapshotOf(resource: RecordedResource): string | undefined {
    if (resource.type !== "aws:rds/instance:Instance" && resource.type !== "aws:rds/cluster:Cluster") {
        return undefined;
    }
    const id = resource.inputs.finalSnapshotIdentifier;
    return resource.inputs.skipFinalSnapshot !== true && typeof id === "string" ? id : undefined;
}

/** Resources the engine manages: custom resources and providers, not components. */
function managed(record: StackRecord): RecordedResource[] {
    return record.resources.filter((r) => r.custom);
}

function change(kind: ChangeKind, resource: RecordedResource, reasons: string[]): ResourceChange {
    return { kind, type: resource.type, name: resource.name, urn: resource.urn, stateful: isStateful(resource), protect: resource.protect, reasons };
}

/** Top-level input properties whose values differ. */
export function changedProperties(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].filter((k) => !sameValue(a[k], b[k])).sort();
}

function sameValue(a: unknown, b: unknown): boolean {
    // A value unknown before deployment may or may not change: not a difference offline.
    if (a === UNKNOWN || b === UNKNOWN) {
        return true;
    }
    return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

/** Sorts object keys, and treats absent and empty the same, as providers do. */
function normalize(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(normalize);
    }
    if (value !== null && typeof value === "object") {
        // Absent and null members become undefined, which JSON leaves out of objects.
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, normalize((value as Record<string, unknown>)[k])]),
        );
    }
    return value ?? undefined;
}

function replaces(resource: RecordedResource, changed: string[]): boolean {
    if (changed.some((p) => REPLACE_ON_CHANGE[resource.type]?.includes(p))) {
        return true;
    }
    // ECS moves a service between capacity providers in place only with a forced new deployment.
    return resource.type === "aws:ecs/service:Service" && changed.includes("capacityProviderStrategies") && resource.inputs.forceNewDeployment !== true;
}

/**
 * A readable view of an offline record: the resources as a tree by
 * component, and the stack outputs.
 */
import { RecordedResource, ROOT_STACK_TYPE, StackRecord, UNKNOWN } from "./record";

/** Renders the resources as an indented tree, children under their component. */
export function renderTree(record: StackRecord): string {
    const children = new Map<string, RecordedResource[]>();
    for (const resource of record.resources) {
        const key = resource.parent ?? "";
        children.set(key, [...(children.get(key) ?? []), resource]);
    }
    const lines: string[] = [];
    const walk = (resource: RecordedResource, prefix: string, last: boolean, depth: number): void => {
        const branch = depth === 0 ? "" : last ? "└─ " : "├─ ";
        lines.push(`${prefix}${branch}${resource.name}  ${resource.type}${resource.protect ? "  [protected]" : ""}`);
        const kids = [...(children.get(resource.urn) ?? [])].sort(byComponentThenName);
        const nextPrefix = depth === 0 ? "" : prefix + (last ? "   " : "│  ");
        kids.forEach((kid, i) => walk(kid, nextPrefix, i === kids.length - 1, depth + 1));
    };
    for (const root of children.get("") ?? []) {
        walk(root, "", true, 0);
    }
    return lines.join("\n");
}

/** Components first, then custom resources, each by name: a stable order. */
function byComponentThenName(a: RecordedResource, b: RecordedResource): number {
    if (a.custom !== b.custom) {
        return a.custom ? 1 : -1;
    }
    return a.name.localeCompare(b.name) || a.type.localeCompare(b.type);
}

/** Renders the stack outputs, one per line; values unknown offline say so. */
export function renderOutputs(outputs: Record<string, unknown>): string {
    const lines: string[] = [];
    const walk = (key: string, value: unknown): void => {
        if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            for (const [k, v] of Object.entries(value)) {
                walk(`${key}.${k}`, v);
            }
        } else {
            lines.push(`${key}: ${value === UNKNOWN ? "(known after deploy)" : JSON.stringify(value)}`);
        }
    };
    for (const [key, value] of Object.entries(outputs)) {
        walk(key, value);
    }
    return lines.join("\n");
}

/**
 * Counts of resources by kind. `resources` counts what the engine manages
 * and the swap plan compares (offline/diff.ts): every custom resource,
 * explicit providers (`providers` of them) included, as `pulumi up`'s
 * summary counts them. `components` are the component resources, the root
 * stack left out; neither count has the root stack.
 */
export function summarize(record: StackRecord): { components: number; resources: number; providers: number } {
    const providers = record.resources.filter((r) => r.custom && r.type.startsWith("pulumi:providers:")).length;
    const components = record.resources.filter((r) => !r.custom && r.type !== ROOT_STACK_TYPE).length;
    return { components, resources: record.resources.filter((r) => r.custom).length, providers };
}

/** "62 resources (1 provider) in 16 components": the counts as the plan's header says them. */
export function describeCounts(counts: ReturnType<typeof summarize>): string {
    const providers = counts.providers > 0 ? ` (${counts.providers} provider${counts.providers === 1 ? "" : "s"})` : "";
    return `${counts.resources} resources${providers} in ${counts.components} components`;
}

/**
 * Small readers the AWS rules share: known values, JSON documents, and how
 * resources relate (by value, by recorded dependency).
 */
import { list, obj } from "../values";
import { RuleContext, RuleResource, UNKNOWN_VALUE } from "./types";

export { list, obj };

/** True when a value is known (not the unknown marker, and not undefined). */
export function isKnown(value: unknown): boolean {
    return value !== undefined && value !== UNKNOWN_VALUE;
}

/** A JSON input (IAM documents, container definitions) as data: strings parsed, objects kept. */
export function parseJson(value: unknown): unknown {
    if (typeof value !== "string") {
        return value;
    }
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

/** One IAM policy statement. */
export interface Statement {
    Sid?: string;
    Effect?: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
}

/** The statements of an IAM policy document (string or object). */
export function statements(document: unknown): Statement[] {
    const raw = obj(parseJson(document)).Statement;
    return (Array.isArray(raw) ? raw : raw ? [raw] : []).map((s) => obj(s) as Statement);
}

export const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Whether an IAM pattern (with `*` and `?`) matches a value (action or ARN). */
export function iamMatches(pattern: string, value: string, caseInsensitive = false): boolean {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, caseInsensitive ? "i" : "");
    return regex.test(value);
}

/** The resources of one type. */
export function ofType(context: RuleContext, type: string): RuleResource[] {
    return context.resources.filter((r) => r.type === type);
}

/**
 * The resources a property points at: by value (one of `keys` of a
 * candidate's outputs, or inputs when it has none recorded), else by the
 * recorded property dependency (the value is unknown during a preview).
 */
export function referenced(from: RuleResource, property: string, candidates: RuleResource[], keys: string[]): RuleResource[] {
    const value = from.inputs[property];
    if (isKnown(value)) {
        const wanted = Array.isArray(value) ? value : [value];
        const byValue = candidates.filter((c) => keys.some((k) => wanted.includes((c.outputs ?? c.inputs)[k]) || wanted.includes(c.inputs[k])));
        if (byValue.length > 0) {
            return byValue;
        }
    }
    const urns = new Set(from.propertyDependencies[property] ?? []);
    return candidates.filter((c) => urns.has(c.urn));
}

/** The context's resources by URN, built once per context (the dependency rule asks for every pair). */
const urnIndex = new WeakMap<RuleContext, Map<string, RuleResource>>();

function resourcesByUrn(context: RuleContext): Map<string, RuleResource> {
    let index = urnIndex.get(context);
    if (!index) {
        index = new Map(context.resources.map((r) => [r.urn, r]));
        urnIndex.set(context, index);
    }
    return index;
}

/**
 * Whether `from` is ordered after `to`: it depends on `to` (explicitly or
 * through an input), directly or through other resources, or one of its
 * ancestors does (a component's dependencies hold for its children).
 */
export function dependsOn(context: RuleContext, from: RuleResource, to: RuleResource): boolean {
    const byUrn = resourcesByUrn(context);
    const seen = new Set<string>();
    const queue: string[] = [from.urn];
    while (queue.length > 0) {
        const urn = queue.pop()!;
        if (seen.has(urn)) {
            continue;
        }
        seen.add(urn);
        const resource = byUrn.get(urn);
        if (!resource) {
            continue;
        }
        const next = [...resource.dependencies, ...Object.values(resource.propertyDependencies).flat(), ...(resource.parent ? [resource.parent] : [])];
        for (const dep of next) {
            if (dep === to.urn) {
                return true;
            }
            queue.push(dep);
        }
    }
    return false;
}

/** The IAM documents of a role: inline, and as RolePolicy resources naming it. */
export function roleStatements(context: RuleContext, role: RuleResource): { statements: Statement[]; unknown: boolean } {
    let unknown = false;
    const found: Statement[] = [];
    for (const inline of list(role.inputs.inlinePolicies).map(obj)) {
        isKnown(inline.policy) ? found.push(...statements(inline.policy)) : (unknown = true);
    }
    for (const policy of ofType(context, "aws:iam/rolePolicy:RolePolicy").filter((p) => referenced(p, "role", [role], ["name", "id"]).length > 0)) {
        isKnown(policy.inputs.policy) ? found.push(...statements(policy.inputs.policy)) : (unknown = true);
    }
    return { statements: found, unknown };
}

/** Whether allow statements grant an action on a resource ARN (no Deny or conditions considered). */
export function allows(found: Statement[], action: string, resourceArn: string): boolean {
    return found.some(
        (s) =>
            s.Effect === "Allow" &&
            asList(s.Action).some((a) => iamMatches(a, action, true)) &&
            asList(s.Resource).some((r) => iamMatches(r, resourceArn)),
    );
}

/** The partition of a Region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): string {
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

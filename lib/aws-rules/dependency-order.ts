/**
 * Dependency order: a resource whose inputs carry another resource's ARN,
 * id, URL or name (as AWS made it) is created after it. Without the edge the
 * engine may create both at once, and the first call names something that
 * does not exist yet (an image build pulling through a cache rule not yet
 * created, a service naming a capacity provider not yet attached).
 */
import { AwsRule, RuleContext, RuleResource } from "./types";
import { dependsOn, isKnown, obj } from "./util";

/** Output keys whose values identify a resource to AWS. */
const IDENTITY_KEYS = ["id", "arn", "name", "repositoryUrl", "dnsName", "apiEndpoint", "address", "endpoint", "executionArn", "invokeUrl", "domainName", "bucketRegionalDomainName", "ref", "identifier"];

/** Identities AWS derives from a resource that are not among its outputs. */
const DERIVED_IDENTITIES: Record<string, (resource: RuleResource) => string[]> = {
    // Images pull through the rule as <registry>/<prefix>/...
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": (rule) => {
        const registry = rule.outputs?.registryId;
        const prefix = rule.inputs.ecrRepositoryPrefix;
        return typeof registry === "string" && typeof prefix === "string" ? [`${registry}.dkr.ecr.${rule.region}.amazonaws.com/${prefix}`] : [];
    },
};

/** The shortest value taken as an identity: shorter ones match by chance. */
const MIN_IDENTITY = 10;

/** Values that identify a resource and that AWS (not the program) chose. */
export function identities(resource: RuleResource): string[] {
    const outputs = resource.outputs ?? {};
    const own = IDENTITY_KEYS.map((k) => outputs[k]).filter((v): v is string => typeof v === "string" && isKnown(v) && v.length >= MIN_IDENTITY);
    // A value that echoes an input (a name, or a bucket id the program chose) is the program's choice, not AWS's.
    // Stryker disable next-line MethodExpression, ConditionalExpression: chosen is only asked about strings, so non-strings in it change nothing (false empties it, as the emptied arrow function does)
    const chosen = new Set(Object.values(resource.inputs).filter((v): v is string => typeof v === "string"));
    const computed = own.filter((v) => !chosen.has(v));
    return [...new Set([...computed, ...(DERIVED_IDENTITIES[resource.type]?.(resource) ?? [])])];
}

/** Every string in a value, JSON documents included. */
function strings(value: unknown, path: string, out: { path: string; value: string }[]): void {
    if (typeof value === "string") {
        out.push({ path, value });
    } else if (Array.isArray(value)) {
        value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
    } else if (
        // Stryker disable next-line ConditionalExpression, LogicalOperator: obj() reads a non-object as {}, so the guard only skips an empty walk (false skips objects, as the emptied block does)
        value !== null && typeof value === "object"
    ) {
        for (const [k, v] of Object.entries(obj(value))) {
            strings(v, path ? `${path}.${k}` : k, out);
        }
    }
}

/** Whether `text` contains `identity` as a whole token (not inside a longer name). */
function mentions(text: string, identity: string): boolean {
    let at = text.indexOf(identity);
    while (at >= 0) {
        const before = at === 0 ? "" : text[at - 1];
        const after = text[at + identity.length] ?? "";
        if (!/[A-Za-z0-9_-]/.test(before) && !/[A-Za-z0-9_]/.test(after) && !(after === "-" && /[A-Za-z0-9]/.test(text[at + identity.length + 1] ?? ""))) {
            return true;
        }
        at = text.indexOf(identity, at + 1);
    }
    return false;
}

/** Index of identities, built once per context. */
const cache = new WeakMap<RuleContext, { resource: RuleResource; identity: string }[]>();

function identityIndex(context: RuleContext): { resource: RuleResource; identity: string }[] {
    let index = cache.get(context);
    if (!index) {
        index = context.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).flatMap((resource) => identities(resource).map((identity) => ({ resource, identity })));
        cache.set(context, index);
    }
    return index;
}

export const dependencyOrder: AwsRule = {
    id: "aws-dependency-order",
    description: "A resource whose inputs carry another resource's ARN, id, URL or name depends on it, directly or through its parent.",
    level: "error",
    effect: "refused",
    types: ["*"],
    properties: [],
    source: "https://www.pulumi.com/docs/iac/concepts/resources/options/dependson/",
    nearest: { cfnLint: "W3005 (the inverse: an obsolete DependsOn)" },
    check(resource, context) {
        if (!resource.custom) {
            return [];
        }
        const found: { path: string; value: string }[] = [];
        for (const [key, value] of Object.entries(resource.inputs)) {
            strings(value, key, found);
        }
        const problems = [];
        const reported = new Set<string>();
        for (const { resource: other, identity } of identityIndex(context)) {
            if (other.urn === resource.urn || reported.has(other.urn)) {
                continue;
            }
            const hit = found.find((s) => mentions(s.value, identity));
            if (hit && !dependsOn(context, resource, other)) {
                reported.add(other.urn);
                problems.push({ property: hit.path, value: identity, message: `carries ${identity}, from ${other.name} (${other.type}), but does not depend on it: the engine may create this first` });
            }
        }
        return problems;
    },
};

/**
 * Small helpers the policies share: reading values that may be unknown
 * during a preview, parsing JSON inputs, and relating resources.
 */
import type { PolicyResource } from "@pulumi/policy";
import { iamMatches } from "../../lib/aws-rules/util";
import { list, obj } from "../../lib/values";

export { list, obj } from "../../lib/values";

/** Marker for a value the engine does not know yet (during `pulumi preview`). */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Maybe<T> = T | typeof UNKNOWN;

/**
 * Reads a value, turning the policy SDK's "unknown during preview" error
 * into `UNKNOWN`, so one unknown input does not hide what is known.
 */
export function read<T>(get: () => T): Maybe<T> {
    try {
        const value = get();
        // Touch nested values now, while the error can still be caught.
        JSON.stringify(value);
        return value;
    } catch (err) {
        if (err instanceof Error && err.constructor.name === "UnknownValueError") {
            return UNKNOWN;
        }
        throw err;
    }
}

export const isKnown = <T>(value: Maybe<T>): value is T => value !== UNKNOWN;

// IAM documents and JSON inputs are read the same way as the AWS rules read them.
export { asList, parseJson, statements } from "../../lib/aws-rules/util";
export type { Statement } from "../../lib/aws-rules/util";

/** The resources of a type. */
export function ofType(resources: PolicyResource[], type: string): PolicyResource[] {
    return resources.filter((r) => r.type === type);
}

/**
 * The resource a property points at: by value (an id, ARN or name output of
 * another resource), or, when the value is unknown during a preview, by the
 * engine's record of which resource the property's value came from.
 */
export function referenced(from: PolicyResource, property: string, candidates: PolicyResource[], keys: string[]): PolicyResource[] {
    const value = read(() => from.props[property] as unknown);
    if (isKnown(value) && value !== undefined) {
        const wanted = Array.isArray(value) ? value : [value];
        const byValue = candidates.filter((c) => keys.some((k) => wanted.includes(read(() => c.props[k] as unknown))));
        if (byValue.length > 0) {
            return byValue;
        }
    }
    const deps = from.propertyDependencies?.[property] ?? [];
    const urns = new Set(deps.map((d) => d.urn));
    return candidates.filter((c) => urns.has(c.urn));
}

/** The region in an ARN (`arn:aws:acm:us-east-1:...`), or undefined. */
export function arnRegion(arn: unknown): string | undefined {
    return typeof arn === "string" ? /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):/.exec(arn)?.[1] : undefined;
}

/**
 * The stack's region as the default AWS provider carries it (the engine
 * sends default providers with the resources, their inputs the stack's
 * `aws:` config), or undefined when none is among them.
 */
export function defaultProviderRegion(resources: PolicyResource[]): string | undefined {
    const provider = resources.find((r) => r.type === "pulumi:providers:aws" && /^default/.test(r.name) && typeof read(() => r.props.region as unknown) === "string");
    return provider ? String(read(() => provider.props.region as unknown)) : undefined;
}

/** The region most of the resources' ARNs and `region` properties name (us-east-1 only when nothing else). */
export function regionOfArns(resources: PolicyResource[]): string | undefined {
    const counts = new Map<string, number>();
    for (const r of resources) {
        for (const key of ["arn", "region"]) {
            const value = read(() => r.props[key] as unknown);
            const region = key === "arn" ? arnRegion(value) : typeof value === "string" ? value : undefined;
            if (isKnown(value) && region) counts.set(region, (counts.get(region) ?? 0) + 1);
        }
    }
    counts.delete("us-east-1"); // CloudFront certificates live there whatever the stack's region
    const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    return best?.[0] ?? (resources.some((r) => arnRegion(read(() => r.props.arn as unknown)) === "us-east-1") ? "us-east-1" : undefined);
}

/** Resource name for messages. */
export function label(resource: { type: string; name: string }): string {
    return `${resource.name} (${resource.type})`;
}

/** Whether an IAM action pattern (with `*` and `?`) grants an action. */
export function grants(pattern: string, action: string): boolean {
    return iamMatches(pattern, action, true);
}

/** A number, or undefined when the value is unknown or not a number. */
export function knownNumber(value: unknown): number | undefined {
    return typeof value === "number" && Number.isFinite(value) ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * The IAM policy documents that apply to a role: its inline policies (in
 * the role and as RolePolicy resources) and the policies attached to it
 * (managed policies by ARN, customer-managed aws.iam.Policy resources by
 * their document). `unknown` counts documents that cannot be read yet.
 */
export function roleDocuments(resources: PolicyResource[], role: PolicyResource): { documents: { source: string; document: unknown }[]; managedArns: string[]; unknown: number } {
    const belongs = (r: PolicyResource, property: string): boolean => referenced(r, property, [role], ["name"]).length > 0;
    const documents: { source: string; document: unknown }[] = [];
    let unknown = 0;
    const add = (source: string, document: Maybe<unknown>) => (isKnown(document) ? documents.push({ source, document }) : unknown++);
    const inline = read(() => list(role.props.inlinePolicies).map((p) => obj(p)));
    isKnown(inline) ? inline.forEach((p) => documents.push({ source: `inline policy ${String(p.name ?? "")}`.trim(), document: p.policy })) : unknown++;
    for (const policy of ofType(resources, "aws:iam/rolePolicy:RolePolicy").filter((p) => belongs(p, "role"))) {
        add(policy.name, read(() => policy.props.policy as unknown));
    }
    const managedArns: string[] = [];
    const attached = read(() => list(role.props.managedPolicyArns).map(String));
    isKnown(attached) ? managedArns.push(...attached) : unknown++;
    const customerPolicies = ofType(resources, "aws:iam/policy:Policy");
    for (const attachment of ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => belongs(a, "role"))) {
        const [policy] = referenced(attachment, "policyArn", customerPolicies, ["arn"]);
        if (policy) {
            add(policy.name, read(() => policy.props.policy as unknown));
            continue;
        }
        const arn = read(() => attachment.props.policyArn as unknown);
        isKnown(arn) && typeof arn === "string" ? managedArns.push(arn) : unknown++;
    }
    return { documents, managedArns, unknown };
}

/** An IAM document with where it comes from and whom it governs. */
export interface PermissionDocument {
    /** The role or policy the finding is reported on. */
    owner: PolicyResource;
    /** "role backend-task", "policy github-deploy-network". */
    ownerLabel: string;
    /** Which document of the owner ("inline policy x", a RolePolicy's name). */
    source: string;
    document: unknown;
}

/**
 * Every permissions document: each customer policy's, and each role's
 * (inline and RolePolicy; with `attached`, also the customer policies
 * attached to it, for checks of what the role can do as a whole).
 */
export function permissionDocuments(resources: PolicyResource[], attached = false): PermissionDocument[] {
    const found: PermissionDocument[] = [];
    const customerPolicies = new Set(ofType(resources, "aws:iam/policy:Policy").map((p) => p.name));
    for (const role of ofType(resources, "aws:iam/role:Role")) {
        for (const { source, document } of roleDocuments(resources, role).documents) {
            if (attached || !customerPolicies.has(source)) {
                found.push({ owner: role, ownerLabel: `role ${role.name}`, source, document });
            }
        }
    }
    for (const policy of ofType(resources, "aws:iam/policy:Policy")) {
        const document = read(() => policy.props.policy as unknown);
        if (isKnown(document)) {
            found.push({ owner: policy, ownerLabel: `policy ${policy.name}`, source: policy.name, document });
        }
    }
    return found;
}

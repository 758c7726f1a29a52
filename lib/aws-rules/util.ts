/**
 * Small readers the AWS rules share: known values, JSON documents, and how
 * resources relate (by value, by recorded dependency).
 */
import { list, obj } from "../values";
import { AWS_MANAGED_TASK_EXECUTION_ACTIONS } from "../workload-iam";
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

/** The 12-digit account of a resource's recorded ARN, when it has one. */
export function accountOfArn(resource: RuleResource): string | undefined {
    const arn = (resource.outputs ?? {}).arn;
    return typeof arn === "string" ? /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined;
}

/**
 * AWS managed policies whose documents the rules know. A role with any other
 * managed policy attached may be allowed anything, so it is not judged.
 */
const KNOWN_MANAGED_POLICIES: { arn: RegExp; statements: Statement[] }[] = [
    // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSTaskExecutionRolePolicy.html
    { arn: /^arn:aws[a-z-]*:iam::aws:policy\/service-role\/AmazonECSTaskExecutionRolePolicy$/, statements: [{ Effect: "Allow", Action: [...AWS_MANAGED_TASK_EXECUTION_ACTIONS], Resource: "*" }] },
    // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html
    { arn: /^arn:aws[a-z-]*:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole$/, statements: [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" }] },
];

/** What a role may do, as far as the program shows it. */
export interface RoleGrants {
    /** Its identity policies: inline, RolePolicy resources, attached policies of the program and known AWS managed ones. */
    statements: Statement[];
    /** Some policy of the role cannot be read (a value not known yet, a managed policy the rules do not know): nothing can be concluded. */
    unknown: boolean;
    /** Its permissions boundary, when that is a policy of the program; undefined without one, or when the boundary is another program's. */
    boundary?: { name: string; statements: Statement[] };
}

/** The statements of a managed policy by its ARN: a policy of the program, or a known AWS managed one; undefined when they cannot be read. */
function managedPolicyStatements(context: RuleContext, arn: unknown): Statement[] | undefined {
    if (!isKnown(arn) || typeof arn !== "string") {
        return undefined;
    }
    const policy = ofType(context, "aws:iam/policy:Policy").find((p) => p.outputs?.arn === arn);
    if (policy) {
        return isKnown(policy.inputs.policy) ? statements(policy.inputs.policy) : undefined;
    }
    return KNOWN_MANAGED_POLICIES.find((m) => m.arn.test(arn))?.statements;
}

/** Everything the program shows a role may do: {@link roleStatements}, its attached managed policies and its permissions boundary. */
export function roleGrants(context: RuleContext, role: RuleResource): RoleGrants {
    const inline = roleStatements(context, role);
    const found = [...inline.statements];
    let unknown = inline.unknown;
    const attachments = ofType(context, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => referenced(a, "role", [role], ["name", "id"]).length > 0);
    for (const arn of [...attachments.map((a) => a.inputs.policyArn), ...list(role.inputs.managedPolicyArns)]) {
        const more = managedPolicyStatements(context, arn);
        more ? found.push(...more) : (unknown = true);
    }
    const grants: RoleGrants = { statements: found, unknown };
    if (role.inputs.permissionsBoundary !== undefined) {
        const policy = referenced(role, "permissionsBoundary", ofType(context, "aws:iam/policy:Policy"), ["arn"])[0];
        if (policy && isKnown(policy.inputs.policy)) {
            grants.boundary = { name: policy.name, statements: statements(policy.inputs.policy) };
        } else if (policy) {
            grants.unknown = true;
        }
    }
    return grants;
}

/** Why a role may not take an action on a resource ARN (its policies, or its boundary), or undefined when it may. */
export function refusal(grants: RoleGrants, action: string, resourceArn: string): string | undefined {
    if (!allows(grants.statements, action, resourceArn)) {
        return "no policy of the role allows it";
    }
    if (grants.boundary && !allows(grants.boundary.statements, action, resourceArn)) {
        return `its permissions boundary ${grants.boundary.name} does not allow it`;
    }
    return undefined;
}

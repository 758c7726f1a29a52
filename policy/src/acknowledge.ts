/**
 * Acknowledged trade-offs: a policy's config may name resources whose
 * violation is a deliberate choice, each with the reason (like cdk-nag's
 * suppressions). Such a violation is still reported, as advisory and
 * marked acknowledged with the reason, so the plan and `pulumi preview`
 * show every trade-off the stack makes, and none is skipped silently inside
 * a rule.
 *
 *   "rds-multi-az": { "enforcementLevel": "advisory",
 *     "acknowledged": [{ "resource": "database", "reason": "one zone: half the price; restore from a snapshot" }] }
 */
import type { EnforcementLevel, Policy, PolicyConfigSchema, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resourceOfUrn } from "../../offline/record";

type PolicyConfigJSONSchema = PolicyConfigSchema["properties"][string];

/** One acknowledged violation: which resource, and why it is fine. */
export interface Acknowledgement {
    /** The resource's Pulumi name (`database`), its `type::name`, or its URN; `*` matches any run of characters. */
    resource: string;
    /** Why the violation is a deliberate trade-off (what it saves, what it risks). */
    reason: string;
}

/** The marker an acknowledged violation's message starts with. */
export const ACKNOWLEDGED = "[acknowledged]";

/** The config schema of the `acknowledged` list every policy accepts. */
export const ACKNOWLEDGED_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    items: {
        type: "object",
        properties: { resource: { type: "string", minLength: 1 }, reason: { type: "string", minLength: 10 } },
        required: ["resource", "reason"],
        additionalProperties: false,
    },
};

/**
 * The object form of a violation the policy SDK's reportViolation also
 * accepts (its server takes `name`, `message`, `urn` and a per-violation
 * `enforcementLevel`; the TypeScript signature only names the string form).
 */
interface ViolationInfo {
    message: string;
    urn?: string;
    enforcementLevel: EnforcementLevel;
}

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);

/** The acknowledgement that covers a violation on this URN, if any. */
export function acknowledgementFor(acknowledgements: Acknowledgement[], urn: string | undefined): Acknowledgement | undefined {
    if (!urn) {
        return undefined;
    }
    const { name, type } = resourceOfUrn(urn);
    return acknowledgements.find((a) => {
        const pattern = glob(a.resource);
        return pattern.test(name) || pattern.test(`${type}::${name}`) || pattern.test(urn);
    });
}

/** The text of an acknowledged violation, as the plan renders it. */
export function acknowledgedMessage(reason: string, description: string | undefined, message: string): string {
    return `${ACKNOWLEDGED} ${reason}\n${description ?? ""}${message ? `\n${message}` : ""}`;
}

/**
 * A reportViolation that turns a violation on an acknowledged resource into
 * an advisory marked acknowledged.
 */
function acknowledging(report: ReportViolation, acknowledgements: Acknowledgement[], description: string | undefined, defaultUrn: string | undefined): ReportViolation {
    if (acknowledgements.length === 0) {
        return report;
    }
    return (message: string, urn?: string) => {
        const acknowledgement = acknowledgementFor(acknowledgements, urn ?? defaultUrn);
        if (!acknowledgement) {
            report(message, urn);
            return;
        }
        const info: ViolationInfo = { message: acknowledgedMessage(acknowledgement.reason, description, message), urn: urn ?? defaultUrn, enforcementLevel: "advisory" };
        (report as unknown as (violation: ViolationInfo) => void)(info);
    };
}

/** The policy with the `acknowledged` config property and its effect. */
export function withAcknowledgements<P extends Policy>(policy: P): P {
    const configSchema = { ...policy.configSchema, properties: { ...policy.configSchema?.properties, acknowledged: ACKNOWLEDGED_SCHEMA } };
    const acknowledgementsOf = (getConfig: <T extends object>() => T) => getConfig<{ acknowledged?: Acknowledgement[] }>().acknowledged ?? [];
    if ("validateStack" in policy) {
        const stack = policy as unknown as StackValidationPolicy;
        const wrapped: StackValidationPolicy = {
            ...stack,
            configSchema,
            validateStack: (args, report) => stack.validateStack(args, acknowledging(report, acknowledgementsOf(args.getConfig), policy.description, undefined)),
        };
        return wrapped as unknown as P;
    }
    const resource = policy as unknown as ResourceValidationPolicy;
    const validations = Array.isArray(resource.validateResource) ? resource.validateResource : resource.validateResource ? [resource.validateResource] : [];
    const wrapped: ResourceValidationPolicy = {
        ...resource,
        configSchema,
        validateResource: validations.map((validate) => (args, report) => validate(args, acknowledging(report, acknowledgementsOf(args.getConfig), policy.description, args.urn))),
    };
    return wrapped as unknown as P;
}

/**
 * AWS rules: what AWS APIs accept, checked on recorded resources before
 * anything is sent to AWS. The offline mocks accept any value; these rules
 * stand in for the API's refusal.
 *
 * The rules are pure. They read a neutral view of a resource, which the
 * offline engine builds from its record and the policy pack from its
 * `PolicyResource`s, so both report the same findings for the same program.
 */

/** The value a rule reads for an input nobody knows before deployment. */
export const UNKNOWN_VALUE = "<unknown>";

/** The value a rule reads for a secret offline: the record never holds one in plain text. */
export const SECRET_VALUE = "[secret]";

/** One resource as the rules see it. */
export interface RuleResource {
    urn: string;
    /** Pulumi type token, for example `aws:ecs/service:Service`. */
    type: string;
    /** The logical name the program gave it. */
    name: string;
    /** The inputs sent to the provider; values unknown before deployment are `UNKNOWN_VALUE`. */
    inputs: Record<string, unknown>;
    /** What the provider returned (ids, ARNs), where known: offline, or a stack's state in the pack. */
    outputs?: Record<string, unknown>;
    /** URN of the parent, when it has one other than the root stack. */
    parent?: string;
    /** URNs this resource depends on (explicitly, or through its inputs). */
    dependencies: string[];
    /** For each input property, the URNs its value came from. */
    propertyDependencies: Record<string, string[]>;
    /** The region the resource is created in (its provider's region). */
    region: string;
    /** True for a provider-managed resource, false for a component. */
    custom: boolean;
}

/** A subnet as `ec2:DescribeSubnets` describes it. */
export interface SubnetFacts {
    subnetId: string;
    vpcId: string;
    /** Zone name (`us-east-1a`), which differs from account to account. */
    availabilityZone: string;
    /** Zone id (`use1-az1`), the same in every account. */
    availabilityZoneId: string;
}

/** What the program looked up (data sources), where the rules need it. */
export interface Lookups {
    /** Subnets the program looked up, by id. */
    subnets: Record<string, SubnetFacts>;
}

/** Everything a rule may read. */
export interface RuleContext {
    /** Every resource of the program, in registration order. */
    resources: RuleResource[];
    /** The stack's region (the default provider's). */
    region: string;
    lookups: Lookups;
}

/**
 * `error`: AWS refuses the call, or the deployed system does not work
 * (mandatory in the pack, exit 1 in the plan). `warning`: it deploys and
 * works, but is fragile or unsafe (advisory).
 */
export type RuleLevel = "error" | "warning";

/**
 * What happens at `pulumi up` without the fix: AWS refuses the call
 * (`refused`), or accepts it and the deployed system does not work, at once
 * or later (`broken`: a missing permission, a password that rotates away).
 */
export type RuleEffect = "refused" | "broken";

/** What a rule found wrong with one resource. */
export interface Finding {
    rule: string;
    level: RuleLevel;
    /** For errors: refused by AWS, or deployed broken. */
    effect?: RuleEffect;
    urn: string;
    /** The resource's logical name and type. */
    resource: string;
    type: string;
    /** The property path (`description`, `subnetIds[2]`, `containerDefinitions[0].secrets`). */
    property: string;
    /** The offending value, when there is one to show. */
    value?: unknown;
    /** What is wrong and what AWS allows. */
    message: string;
    /** Where the constraint is documented. */
    source: string;
}

/** A finding as a rule reports it; the rule's own fields are filled in by the runner. */
export type Problem = Pick<Finding, "property" | "message"> & { value?: unknown; resource?: RuleResource };

/** Nearest rule ids in other rule sets, for the rules table. */
export interface Nearest {
    cfnLint?: string;
    checkov?: string;
    cdkNag?: string;
    /** The Terraform AWS provider's validator (resource and argument). */
    terraform?: string;
}

/** One AWS rule. */
export interface AwsRule {
    /** Stable id, `aws-<service>-<what>`. */
    id: string;
    /** One line: what AWS requires. */
    description: string;
    level: RuleLevel;
    effect: RuleEffect;
    /** The Pulumi types the rule reads (the first is the one it reports on). */
    types: string[];
    /** The properties of `types[0]` the rule checks (for the coverage test), as property paths. */
    properties: string[];
    /** The documentation the constraint comes from. */
    source: string;
    nearest?: Nearest;
    /**
     * The rule judges subnets by their zones (`RuleContext.lookups.subnets`).
     * The pack gets those facts through the policy's `subnets` config.
     */
    readsSubnets?: boolean;
    /** Checks one resource of one of `types`; returns nothing when it passes. */
    check(resource: RuleResource, context: RuleContext): Problem[];
}

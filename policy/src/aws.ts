/**
 * AWS's refusals, as policies: the AWS rules the offline plan runs
 * (`lib/aws-rules`) and AWS's CloudFormation validator, over the resources
 * a stack policy sees. One implementation, two places: `pulumi preview
 * --policy-pack policy` stops what `pulumi up` would have AWS reject, and
 * `npm run policy` reports the same findings from the offline record.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EnforcementLevel, PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { AWS_RULES, AwsRule, checkAwsRules, Finding, RuleContext, RuleResource, SubnetFacts, UNKNOWN_VALUE } from "../../lib/aws-rules";
import { cloudFormationValidator, VALIDATOR_SOURCE } from "../../lib/aws-rules/cloudformation/validator";
import { plainProps } from "./cost";
import { defaultProviderRegion, regionOfArns } from "./util";

/** What the AWS policies read from their policy config. */
export interface AwsPolicyConfig {
    /** The stack's region, when no default AWS provider is among the resources. */
    region?: string;
    /** Subnets the program looked up, by id (`ec2:DescribeSubnets`); the offline runner passes the record's. */
    subnets?: Record<string, SubnetFacts>;
}

/** The policy of the rule that places VPC links by zone (one of those reading looked-up subnets). */
export const VPC_LINK_POLICY = "aws-apigatewayv2-vpc-link-zones";

/** The policies whose rules judge subnets by their zones, and read them from their config. */
export const SUBNET_POLICIES = AWS_RULES.filter((r) => r.readsSubnets === true).map((r) => r.id);

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * Packages whose resources are provider-managed. PolicyResource does not say
 * whether a resource is custom; components are the program's own types
 * (`shoestring:aws:Network`).
 */
const CUSTOM_PACKAGES = ["aws:", "docker-build:", "pulumi:providers:"];

export const isCustomType = (type: string): boolean => CUSTOM_PACKAGES.some((prefix) => type.startsWith(prefix));

/**
 * The input properties of a resource type, from its Pulumi SDK's generated
 * constructor (`resourceInputs["x"] = args?.x`); undefined when the SDK is
 * not installed. A stack policy sees each resource's state (inputs and
 * outputs in one map), and the rules must not read outputs as inputs: an
 * ARN among the inputs is "chosen by the program" to the dependency rule,
 * and an output in a CloudFormation template is a property AWS refuses.
 */
const inputKeyCache = new Map<string, Set<string> | undefined>();

export function inputKeysOf(type: string): Set<string> | undefined {
    if (inputKeyCache.has(type)) {
        return inputKeyCache.get(type);
    }
    let keys: Set<string> | undefined;
    const match = /^([a-z0-9-]+):([A-Za-z0-9]+)(?:\/([A-Za-z0-9]+))?:([A-Za-z0-9]+)$/.exec(type);
    if (match && !type.startsWith("pulumi:")) {
        const [, pkg, module, file, name] = match;
        try {
            const root = path.dirname(require.resolve(`@pulumi/${pkg}/package.json`));
            const dir = module === "index" ? root : path.join(root, module);
            const source = [file, name[0].toLowerCase() + name.slice(1)].map((f) => path.join(dir, `${f}.js`)).find((f) => fs.existsSync(f));
            // Stryker disable next-line ConditionalExpression: without a source file readFileSync throws, and the catch leaves the keys undefined all the same
            if (source) {
                const text = fs.readFileSync(source, "utf8");
                keys = new Set(
                    // Stryker disable next-line MethodExpression: every resourceInputs["x"] the installed SDKs (aws, docker-build) set from args reads args?.x, so the filter drops nothing
                    [...text.matchAll(/resourceInputs\["([^"]+)"\] = [^;\n]*\bargs\?\.([A-Za-z0-9_]+)/g)]
                        .filter(
                            // Stryker disable next-line ConditionalExpression: as above, no match in the installed SDKs names another argument
                            (m) => m[1] === m[2],
                        )
                        .map((m) => m[1]),
                );
            }
        }
        // Stryker disable next-line BlockStatement: keys is still undefined here (it is set last in the try)
        catch {
            keys = undefined;
        }
    }
    inputKeyCache.set(type, keys);
    return keys;
}

/** Pulumi's auto-name for a logical name (`name-1a2b3c4`): the provider's choice, not the program's input. */
function isAutoName(value: unknown, name: string): boolean {
    return (
        typeof value === "string" &&
        // Stryker disable next-line ConditionalExpression: the prefix and the 7-character suffix fix the length anyway
        value.length === name.length + 8 &&
        value.startsWith(`${name}-`) &&
        // Stryker disable next-line Regex: after the length check the suffix is 7 characters, so the anchors change nothing (the class and the count are tested)
        /^[0-9a-f]{7}$/.test(value.slice(name.length + 1))
    );
}

/**
 * Inputs the provider fills in when the program leaves them out, so the
 * state carries them either way; left out, as the record leaves them out.
 * (`region` is dropped only where it is the provider's own.)
 */
const PROVIDER_FILLED: Record<string, string[]> = {
    "aws:rds/instance:Instance": ["port"],
    // Filled in by API Gateway (the regional endpoint), not sent by the program.
    "aws:apigatewayv2/domainName:DomainName": ["domainNameConfiguration.hostedZoneId", "domainNameConfiguration.targetDomainName"],
};

/** The value without the nested key at `path` (`a.b`), through lists. */
function without(value: unknown, path: string[]): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => without(v, path));
    }
    if (
        value === null ||
        typeof value !== "object" ||
        // Stryker disable next-line ConditionalExpression: the provider-filled paths have two keys, so without() is never called with none
        path.length === 0
    ) {
        return value;
    }
    const [head, ...rest] = path;
    const out = { ...(value as Record<string, unknown>) };
    // Stryker disable next-line ConditionalExpression: the provider-filled paths have two keys, so the rest is always empty here
    if (rest.length === 0) {
        delete out[head];
    } else
    // Stryker disable next-line ConditionalExpression,BlockStatement: unreachable with two-key paths (kept for deeper ones)
    if (head in out) {
        out[head] = without(out[head], rest);
    }
    return out;
}

/** A resource's inputs, out of its state: the SDK's input keys, without the engine's id, auto-names and provider-filled values. */
function inputsOf(resource: PolicyResource, state: Record<string, unknown>, providerRegion: string): Record<string, unknown> {
    const keys = isCustomType(resource.type) ? inputKeysOf(resource.type) : undefined;
    // Stryker disable next-line ArrayDeclaration: an extra entry drops only a property of that name, which no resource has
    const filled = PROVIDER_FILLED[resource.type] ?? [];
    const inputs = Object.fromEntries(
        Object.entries(state).filter(
            ([k, v]) => k !== "id" && (keys === undefined || keys.has(k)) && !isAutoName(v, resource.name) && !filled.includes(k) && !(k === "region" && keys !== undefined && v === providerRegion),
        ),
    );
    for (const [key, ...rest] of
        // Stryker disable next-line MethodExpression,StringLiteral: "port", the one top-level name, is left out above, so walking it too changes nothing
        filled.filter((f) => f.includes("."))
            .map((f) => f.split("."))) {
        if (key in inputs) {
            inputs[key] = without(inputs[key], rest);
        }
    }
    return inputs;
}

/**
 * The stack's region: the default AWS provider's (the stack's aws:region),
 * else the policy config's `region`, else the region most ARNs name.
 */
export function stackRegionOf(resources: PolicyResource[], configured?: string): string {
    return defaultProviderRegion(resources) ?? configured ?? regionOfArns(resources) ?? "";
}

/** The region of a resource's provider: its explicit provider's, or the stack's. */
function providerRegionOf(resource: PolicyResource, stackRegion: string): string {
    const explicit = resource.provider?.props.region as unknown;
    return typeof explicit === "string" ? explicit : stackRegion;
}

/**
 * The rules' view of a stack policy's resources (what `ruleContextOf` makes
 * of the offline record): values unknown during a preview, at any depth,
 * are `UNKNOWN_VALUE`; the root stack is left out.
 */
export function ruleContextOfResources(resources: PolicyResource[], config: AwsPolicyConfig = {}): RuleContext {
    const region = stackRegionOf(resources, config.region);
    const converted = resources
        .filter((r) => r.type !== ROOT_STACK_TYPE)
        .map((r): RuleResource => {
            const state = plainProps(r.props) as Record<string, unknown>;
            const providerRegion = providerRegionOf(r, region);
            const inputs = inputsOf(r, state, providerRegion);
            return {
                urn: r.urn,
                type: r.type,
                name: r.name,
                inputs,
                outputs: state,
                parent: r.parent?.urn,
                dependencies: r.dependencies.map((d) => d.urn),
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)])),
                // The resource's own region, else its provider's (as `ruleContextOf` reads the record).
                region: typeof state.region === "string" && state.region !== UNKNOWN_VALUE ? state.region : providerRegion,
                custom: isCustomType(r.type),
            };
        });
    return { resources: converted, region, lookups: { subnets: config.subnets ?? {} } };
}

/**
 * The SDK hands each stack policy its own copy of the resources, so the
 * context is memoized on the array (for callers that share one) and the
 * findings on the context's content: the rules and the validator run once
 * per AnalyzeStack, not once per policy.
 */
const contexts = new WeakMap<PolicyResource[], Map<string, RuleContext>>();

function contextFor(args: StackValidationArgs, config: AwsPolicyConfig): RuleContext {
    const key = JSON.stringify([config.region ?? null, config.subnets ?? null]);
    let byConfig = contexts.get(args.resources);
    if (!byConfig) {
        byConfig = new Map();
        contexts.set(args.resources, byConfig);
    }
    let context = byConfig.get(key);
    if (!context) {
        context = ruleContextOfResources(args.resources, config);
        byConfig.set(key, context);
    }
    return context;
}

/** The last results, keyed by the context they came from (one AnalyzeStack at a time). */
let lastRules: { key: string; findings: Finding[] } | undefined;
let lastValidation: { key: string; findings: Promise<Finding[]> } | undefined;

function ruleFindings(context: RuleContext): Finding[] {
    const key = JSON.stringify(context);
    if (lastRules?.key !== key) {
        lastRules = { key, findings: checkAwsRules(context) };
    }
    return lastRules.findings;
}

function validatorFindings(context: RuleContext): Promise<Finding[]> {
    const key = JSON.stringify([context.resources, context.region]);
    if (lastValidation?.key !== key) {
        const findings = cloudFormationValidator().validate(context.resources, context.region);
        // A failed validation is not remembered: the next AnalyzeStack tries again.
        findings.catch(() => (lastValidation = undefined));
        lastValidation = { key, findings };
    }
    return lastValidation.findings;
}

/** A finding as the plan prints it, then what to do. */
export function findingMessage(f: Finding, remediation: string): string {
    return `${f.resource} ${f.property}: ${f.message} (rule ${f.rule}, ${f.source}). ${remediation}`;
}

function reportAll(findings: Finding[], remediation: string, report: ReportViolation): void {
    for (const f of findings) {
        // A finding on the template as a whole has no resource: it goes to the stack.
        report(findingMessage(f, remediation), f.urn || undefined);
    }
}

const levelOf = (rule: AwsRule): EnforcementLevel => (rule.level === "error" ? "mandatory" : "advisory");

const CONFIG_SCHEMA = { properties: { region: { type: "string" as const } } };

const SUBNETS_NOTE =
    " Subnet zones come from the policy config's `subnets` (subnet id -> subnetId, vpcId, availabilityZone, availabilityZoneId), which the offline runner fills from the record's aws:ec2/getSubnet lookups; under `pulumi preview` it is absent unless configured, and subnets the policy knows nothing about are not judged.";

/** The stack policy that reports one AWS rule's findings. */
export function awsRulePolicy(rule: AwsRule): StackValidationPolicy {
    const lookups = rule.readsSubnets === true;
    const remediationSteps = `Change the program so AWS accepts it: ${rule.description} See ${rule.source}.`;
    return {
        name: rule.id,
        description: `${rule.description} (AWS rule, ${rule.source}).${lookups ? SUBNETS_NOTE : ""}`,
        remediationSteps,
        enforcementLevel: levelOf(rule),
        configSchema: lookups ? { properties: { ...CONFIG_SCHEMA.properties, subnets: { type: "object" } } } : CONFIG_SCHEMA,
        validateStack: (args, report) => {
            const config = args.getConfig<AwsPolicyConfig>();
            const context = contextFor(args, lookups ? config : { region: config.region });
            reportAll(
                ruleFindings(context).filter((f) => f.rule === rule.id),
                remediationSteps,
                report,
            );
        },
    };
}

/** One policy per AWS rule, named by the rule's id. */
export const awsRulePolicies: StackValidationPolicy[] = AWS_RULES.map(awsRulePolicy);

function cloudFormationPolicy(level: Finding["level"]): StackValidationPolicy {
    const remediationSteps = `Change the property CloudFormation's validator names so it matches AWS's published resource schema (the rule's documentation is in the message; the validator is ${VALIDATOR_SOURCE}).`;
    return {
        name: level === "error" ? "aws-cloudformation-errors" : "aws-cloudformation-warnings",
        description:
            level === "error"
                ? "The resources, mapped to CloudFormation, pass AWS's CloudFormation validator (schemas and cfn-lint rules) without errors: patterns, enumerations, lengths and required properties AWS enforces."
                : "The resources, mapped to CloudFormation, pass AWS's CloudFormation validator without warnings: settings AWS accepts but cfn-lint calls unsafe or fragile.",
        remediationSteps,
        enforcementLevel: level === "error" ? "mandatory" : "advisory",
        configSchema: CONFIG_SCHEMA,
        validateStack: async (args, report) => {
            const context = contextFor(args, { region: args.getConfig<AwsPolicyConfig>().region });
            reportAll(
                (await validatorFindings(context)).filter((f) => f.level === level),
                remediationSteps,
                report,
            );
        },
    };
}

export const cloudFormationErrors = cloudFormationPolicy("error");
export const cloudFormationWarnings = cloudFormationPolicy("warning");

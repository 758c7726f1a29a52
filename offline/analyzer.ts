/**
 * The offline policy runner: runs a Pulumi policy pack against an offline
 * record over the gRPC Analyzer protocol the Pulumi CLI uses, so the verdict
 * is the one `pulumi preview --policy-pack` would give for the same program.
 *
 * What the CLI does, and this module repeats (checked against @pulumi/policy
 * 1.21 and the engine's step generator):
 *
 * - start the pack with `node`, read its gRPC port from the first line of
 *   its stdout, connect an `AnalyzerClient`;
 * - `GetAnalyzerInfo`, then reconcile the policy config (policy defaults, the
 *   schema's property defaults, the pack's initial config, the
 *   `--policy-pack-config` file, `"all"` for every policy) and `Configure`
 *   the pack with one `PolicyConfig` per policy;
 * - for every resource, in registration order: `Remediate` (only when a
 *   policy is at `remediate`), then `Analyze` with the resource's inputs,
 *   its options and its explicit provider; a violation is reported against
 *   that resource, whatever URN the pack put in it;
 * - `AnalyzeStack` once with every resource's resulting state, parent,
 *   dependencies and property dependencies; a violation without a URN of
 *   the stack goes to the root stack;
 * - `remediate` violations count as `mandatory`;
 * - default providers (`pulumi:providers:aws::default_7_48_0`), which the
 *   offline record does not hold, are added as the engine registers them.
 *
 * What differs offline: the provider's `Check` does not run, so inputs lack
 * the defaults a provider adds; and the offline provider fills in outputs
 * (ARNs, ids) that a real preview leaves unknown, so a stack policy reading
 * them runs offline where a preview reports it "can't run during preview".
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import type * as grpcTypes from "@grpc/grpc-js";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";

import { providerOf, RecordedResource, ROOT_STACK_TYPE, StackRecord, UNKNOWN } from "./record";
import { UNKNOWN_WIRE } from "./wire";

// The generated service definitions are bound to the @grpc/grpc-js and
// google-protobuf copies @pulumi/pulumi loads; use the same ones (a second
// copy would build messages the generated serializers reject).
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [PULUMI_DIR] })) as typeof grpcTypes;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PULUMI_DIR] })) as typeof structTypes;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [PULUMI_DIR] })) as typeof emptyTypes;

type Struct = structTypes.Struct;

export { UNKNOWN_WIRE };

/** A policy's enforcement level, as policy packs and config files spell it. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export type PolicySeverity = "low" | "medium" | "high" | "critical";

/** One violation (or remediation) a policy reported. */
export interface PolicyDiagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    /**
     * `mandatory` or `advisory` for a violation (a `remediate` policy that
     * still finds a violation reports `mandatory`, as the CLI does);
     * `remediate` for a change a remediation made to a resource's inputs.
     */
    enforcementLevel: EnforcementLevel;
    /** The resource; the root stack for a stack policy's violation that names none. */
    urn?: string;
    severity?: PolicySeverity;
}

/** A policy, as the pack describes it. */
export interface PolicyInfo {
    name: string;
    displayName?: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    type: "resource" | "stack" | "unknown";
    severity?: PolicySeverity;
    /** The JSON schema of the policy's config properties. */
    configSchema?: { properties: Record<string, JsonSchema>; required: string[] };
}

/** What `GetAnalyzerInfo` returns. */
export interface AnalyzerInfo {
    name: string;
    version: string;
    displayName?: string;
    description?: string;
    supportsConfig: boolean;
    policies: PolicyInfo[];
    /** Config the pack was constructed with (`new PolicyPack(name, args, initialConfig)`). */
    initialConfig: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;
}

/** The subset of JSON schema the config check understands. */
export interface JsonSchema {
    type?: string | string[];
    enum?: unknown[];
    default?: unknown;
    [keyword: string]: unknown;
}

/** One entry of a `--policy-pack-config` file. */
export type PolicyConfigValue = EnforcementLevel | { enforcementLevel?: EnforcementLevel; [property: string]: unknown };

/** A `--policy-pack-config` file: policy name (or `all`) to a level, or to a level and properties. */
export type PolicyPackConfig = Record<string, PolicyConfigValue>;

/** The config the pack is configured with: every policy, with its level and properties. */
export type ReconciledPolicyConfig = Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;

/** How to start a pack. */
export interface StartOptions {
    /** Arguments for `node` before the entry. Default: `--require tsx/cjs` for a `.ts` entry, none otherwise. */
    nodeArgs?: string[];
    /**
     * The pack's working directory. The policy SDK reads the pack's version
     * from `package.json` there. Default: the entry's directory.
     */
    cwd?: string;
    /** Milliseconds to wait for the pack to print its port. Default: 30 000. */
    timeoutMs?: number;
    /** Extra environment variables for the pack. */
    env?: Record<string, string>;
}

/** What to analyze. */
export interface AnalyzeOptions {
    /**
     * Which resources to send. The CLI sends every registered resource
     * (components and the root stack too); `custom` sends only custom
     * resources (providers included). Default: `all`.
     */
    resources?: "all" | "custom";
    /**
     * Add the default providers the engine would register (one per package,
     * `pulumi:providers:aws::default_7_48_0`, its inputs the stack config of
     * that package) for custom resources without an explicit provider, and
     * send them as those resources' `provider`, as the CLI does. Default: true.
     */
    defaultProviders?: boolean;
}

/** A running policy pack and a client connected to it. */
export interface PolicyPackProcess {
    readonly entry: string;
    readonly port: number;
    readonly pid: number;
    /** The raw gRPC client, for requests this module does not build. */
    readonly client: AnalyzerClient;
    /** What the pack wrote to stderr so far. */
    stderr(): string;
    getAnalyzerInfo(): Promise<AnalyzerInfo>;
    /** Reconciles the config with the pack's policies (throws on a bad one) and sends it. */
    configure(config?: PolicyPackConfig): Promise<ReconciledPolicyConfig>;
    /** Runs every resource and stack policy against the record; configures with `{}` first if not configured. */
    analyzeRecord(record: StackRecord, options?: AnalyzeOptions): Promise<PolicyDiagnostic[]>;
    /** Closes the client and ends the pack's process. */
    close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Values and requests
// ---------------------------------------------------------------------------------------------

/** A plain JSON value as the Pulumi wire format carries it: the record's `UNKNOWN` becomes the unknown sentinel. */
export function toWire(value: unknown): structTypes.JavaScriptValue {
    if (value === UNKNOWN) {
        return UNKNOWN_WIRE;
    }
    if (value === null || value === undefined) {
        return null;
    }
    if (Array.isArray(value)) {
        return value.map(toWire);
    }
    if (typeof value === "object") {
        const out: Record<string, structTypes.JavaScriptValue> = {};
        for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
            // The engine drops properties without a value.
            if (inner !== undefined) {
                out[key] = toWire(inner);
            }
        }
        return out;
    }
    if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") {
        return value;
    }
    return String(value);
}

/** A property map as a `google.protobuf.Struct` in the wire format. */
export function toStruct(properties: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(toWire(properties) as Record<string, structTypes.JavaScriptValue>);
}

/** The options every analyzed resource carries (the policy SDK refuses a resource without them). */
export function resourceOptions(resource: RecordedResource): analyzerpb.AnalyzerResourceOptions {
    const options = new analyzerpb.AnalyzerResourceOptions();
    options.setProtect(resource.protect === true);
    options.setIgnorechangesList([...(resource.ignoreChanges ?? [])]);
    if (resource.deleteBeforeReplace) {
        options.setDeletebeforereplace(true);
        options.setDeletebeforereplacedefined(true);
    }
    options.setAliasesList([...(resource.aliases ?? [])]);
    options.setAdditionalsecretoutputsList([]);
    // The record keeps no custom timeouts: zero is "the provider's default".
    const timeouts = new analyzerpb.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(0);
    timeouts.setUpdate(0);
    timeouts.setDelete(0);
    options.setCustomtimeouts(timeouts);
    if (resource.parent) {
        options.setParent(resource.parent);
    }
    return options;
}

/** The explicit provider of a resource, as the analyzer sees it; undefined without one in the record. */
export function providerResource(record: StackRecord, resource: RecordedResource): analyzerpb.AnalyzerProviderResource | undefined {
    const provider = providerOf(record, resource);
    if (!provider) {
        return undefined;
    }
    const out = new analyzerpb.AnalyzerProviderResource();
    out.setType(provider.type);
    out.setUrn(provider.urn);
    out.setName(provider.name);
    out.setProperties(toStruct(provider.inputs));
    return out;
}

/** The `Analyze` (and `Remediate`) request for one resource: its inputs, options and provider. */
export function buildAnalyzeRequest(record: StackRecord, resource: RecordedResource): analyzerpb.AnalyzeRequest {
    const request = new analyzerpb.AnalyzeRequest();
    request.setType(resource.type);
    request.setUrn(resource.urn);
    request.setName(resource.name);
    request.setProperties(toStruct(resource.inputs));
    request.setOptions(resourceOptions(resource));
    const provider = providerResource(record, resource);
    if (provider) {
        request.setProvider(provider);
    }
    return request;
}

/**
 * The state `AnalyzeStack` sees for a resource: for a custom resource its
 * inputs overlaid with the provider's outputs, for a component what it
 * registered as outputs.
 */
export function resultingState(resource: RecordedResource): Record<string, unknown> {
    return resource.custom ? { ...resource.inputs, ...resource.outputs } : { ...resource.outputs };
}

/** One resource of the `AnalyzeStack` request. */
export function buildStackResource(record: StackRecord, resource: RecordedResource, state: Struct = toStruct(resultingState(resource))): analyzerpb.AnalyzerResource {
    const out = new analyzerpb.AnalyzerResource();
    out.setType(resource.type);
    out.setUrn(resource.urn);
    out.setName(resource.name);
    out.setProperties(state);
    out.setOptions(resourceOptions(resource));
    const provider = providerResource(record, resource);
    if (provider) {
        out.setProvider(provider);
    }
    if (resource.parent) {
        out.setParent(resource.parent);
    }
    out.setDependenciesList([...(resource.dependencies ?? [])]);
    const deps = out.getPropertydependenciesMap();
    for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        const entry = new analyzerpb.AnalyzerPropertyDependencies();
        entry.setUrnsList([...urns]);
        deps.set(key, entry);
    }
    return out;
}

/** The `AnalyzeStack` request for resources of a record (their states may be replaced, e.g. after remediation). */
export function buildAnalyzeStackRequest(record: StackRecord, resources: RecordedResource[] = record.resources, states: Map<string, Struct> = new Map()): analyzerpb.AnalyzeStackRequest {
    const request = new analyzerpb.AnalyzeStackRequest();
    request.setResourcesList(resources.map((r) => buildStackResource(record, r, states.get(r.urn))));
    return request;
}

/** The name the engine gives a package's default provider (`default_7_48_0`). */
export function defaultProviderName(version?: string): string {
    return version ? `default_${version.replace(/[^A-Za-z0-9]/g, "_")}` : "default";
}

/** The installed version of a Pulumi package's SDK (`@pulumi/<pkg>`), if there is one. */
function sdkVersion(pkg: string): string | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require(require.resolve(`@pulumi/${pkg}/package.json`, { paths: [process.cwd(), __dirname] })) as { version?: string }).version;
    } catch {
        return undefined;
    }
}

/** A package's stack config as its default provider's inputs (`aws:region` -> `region`). */
function packageConfig(record: StackRecord, pkg: string): Record<string, unknown> {
    const inputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record.config)) {
        if (key.startsWith(`${pkg}:`)) {
            let parsed: unknown = value;
            if (/^\s*[[{]/.test(value)) {
                try {
                    parsed = JSON.parse(value);
                } catch {
                    parsed = value;
                }
            }
            inputs[key.slice(pkg.length + 1)] = parsed;
        }
    }
    return inputs;
}

/**
 * The record with the default providers the engine would register: for each
 * package with custom resources that name no provider, a
 * `pulumi:providers:<pkg>` resource (placed before its first user, inputs
 * the package's stack config and `version`), and those resources pointing at
 * it. `versions` overrides the SDK versions found in node_modules.
 */
export function withDefaultProviders(record: StackRecord, versions: Record<string, string | undefined> = {}): StackRecord {
    const existing = new Set(record.resources.map((r) => r.urn));
    const providers = new Map<string, string>();
    const resources: RecordedResource[] = [];
    for (const resource of record.resources) {
        // `pulumi:` types (providers, stack references) have no default provider of their own to register.
        if (!resource.custom || resource.provider || resource.type.startsWith("pulumi:")) {
            resources.push(resource);
            continue;
        }
        const pkg = resource.type.split(":")[0];
        let urn = providers.get(pkg);
        if (!urn) {
            const version = pkg in versions ? versions[pkg] : sdkVersion(pkg);
            const name = defaultProviderName(version);
            urn = `urn:pulumi:${record.stack}::${record.project}::pulumi:providers:${pkg}::${name}`;
            providers.set(pkg, urn);
            if (!existing.has(urn)) {
                const inputs = { ...packageConfig(record, pkg), ...(version ? { version } : {}) };
                resources.push({
                    urn,
                    type: `pulumi:providers:${pkg}`,
                    name,
                    id: UNKNOWN,
                    custom: true,
                    inputs,
                    outputs: { ...inputs },
                    dependencies: [],
                    propertyDependencies: {},
                    protect: false,
                    retainOnDelete: false,
                    deleteBeforeReplace: false,
                    ignoreChanges: [],
                    aliases: [],
                });
            }
        }
        resources.push({ ...resource, provider: `${urn}::${UNKNOWN}` });
    }
    return { ...record, resources };
}

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

/** Enforcement levels as the protocol numbers them, and as packs and config files spell them. */
const LEVEL_NUMBERS: Record<EnforcementLevel, analyzerpb.EnforcementLevel> = {
    advisory: analyzerpb.EnforcementLevel.ADVISORY,
    mandatory: analyzerpb.EnforcementLevel.MANDATORY,
    disabled: analyzerpb.EnforcementLevel.DISABLED,
    remediate: analyzerpb.EnforcementLevel.REMEDIATE,
};

export function enforcementLevelName(level: analyzerpb.EnforcementLevel): EnforcementLevel {
    const name = ENFORCEMENT_LEVELS.find((key) => LEVEL_NUMBERS[key] === level);
    if (name === undefined) {
        throw new Error(`unknown enforcement level ${String(level)} from the policy pack`);
    }
    return name;
}

export function enforcementLevelValue(level: EnforcementLevel): analyzerpb.EnforcementLevel {
    return LEVEL_NUMBERS[level];
}

function severityName(severity: analyzerpb.PolicySeverity): PolicySeverity | undefined {
    switch (severity) {
        case analyzerpb.PolicySeverity.POLICY_SEVERITY_LOW:
            return "low";
        case analyzerpb.PolicySeverity.POLICY_SEVERITY_MEDIUM:
            return "medium";
        case analyzerpb.PolicySeverity.POLICY_SEVERITY_HIGH:
            return "high";
        case analyzerpb.PolicySeverity.POLICY_SEVERITY_CRITICAL:
            return "critical";
        default:
            return undefined;
    }
}

/** Converts a diagnostic from the pack. */
export function toPolicyDiagnostic(d: analyzerpb.AnalyzeDiagnostic, urn: string | undefined): PolicyDiagnostic {
    let level = enforcementLevelName(d.getEnforcementlevel());
    if (level === "remediate") {
        // A remediation ran and the policy still finds a violation: the CLI reports it as mandatory.
        level = "mandatory";
    }
    const out: PolicyDiagnostic = {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: level,
    };
    if (urn) {
        out.urn = urn;
    }
    const severity = severityName(d.getSeverity());
    if (severity) {
        out.severity = severity;
    }
    return out;
}

export function toAnalyzerInfo(info: analyzerpb.AnalyzerInfo): AnalyzerInfo {
    const policies = info.getPoliciesList().map((p): PolicyInfo => {
        const out: PolicyInfo = {
            name: p.getName(),
            description: p.getDescription(),
            enforcementLevel: enforcementLevelName(p.getEnforcementlevel()),
            type: p.getPolicyType() === analyzerpb.PolicyType.POLICY_TYPE_RESOURCE ? "resource" : p.getPolicyType() === analyzerpb.PolicyType.POLICY_TYPE_STACK ? "stack" : "unknown",
        };
        if (p.getDisplayname()) {
            out.displayName = p.getDisplayname();
        }
        const severity = severityName(p.getSeverity());
        if (severity) {
            out.severity = severity;
        }
        const schema = p.getConfigschema();
        if (schema) {
            out.configSchema = {
                properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, JsonSchema>,
                required: schema.getRequiredList(),
            };
        }
        return out;
    });
    const initialConfig: AnalyzerInfo["initialConfig"] = {};
    info.getInitialconfigMap().forEach((config, name) => {
        initialConfig[name] = {
            enforcementLevel: enforcementLevelName(config.getEnforcementlevel()),
            properties: (config.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
        };
    });
    const out: AnalyzerInfo = { name: info.getName(), version: info.getVersion(), supportsConfig: info.getSupportsconfig(), policies, initialConfig };
    if (info.getDisplayname()) {
        out.displayName = info.getDisplayname();
    }
    if (info.getDescription()) {
        out.description = info.getDescription();
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Policy config
// ---------------------------------------------------------------------------------------------

function isEnforcementLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

/** Checks the shape of a `--policy-pack-config` document (as the CLI parses it); throws a one-line error. */
export function parsePolicyConfig(value: unknown, source = "policy config"): PolicyPackConfig {
    if (value === null || value === undefined) {
        return {};
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        throw new Error(`${source}: must be a JSON object of policy names`);
    }
    const out: PolicyPackConfig = {};
    for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
        if (typeof entry === "string") {
            if (!isEnforcementLevel(entry)) {
                throw new Error(`${source}: "${name}": "${entry}" is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`);
            }
            out[name] = entry;
        } else if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
            const level = (entry as Record<string, unknown>).enforcementLevel;
            if (level !== undefined && !isEnforcementLevel(level)) {
                throw new Error(`${source}: "${name}": ${JSON.stringify(level)} is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`);
            }
            out[name] = { ...(entry as Record<string, unknown>) } as PolicyConfigValue;
        } else {
            throw new Error(`${source}: "${name}": ${JSON.stringify(entry)} is not a valid value; must be an enforcement level or an object`);
        }
    }
    return out;
}

/** Reads a `--policy-pack-config` JSON file. */
export function readPolicyConfig(file: string): PolicyPackConfig {
    if (!fs.existsSync(file)) {
        throw new Error(`policy config ${file} does not exist`);
    }
    const text = fs.readFileSync(file, "utf8");
    if (text.trim() === "") {
        return {};
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new Error(`policy config ${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    return parsePolicyConfig(parsed, `policy config ${file}`);
}

function typeMatches(type: string, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "number":
            return typeof value === "number";
        case "integer":
            return typeof value === "number" && Number.isInteger(value);
        case "boolean":
            return typeof value === "boolean";
        case "array":
            return Array.isArray(value);
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value);
        case "null":
            return value === null;
        default:
            return true;
    }
}

function jsonType(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

/** Checks a policy's properties against its schema: `required`, and each property's `type` and `enum`. */
export function validatePolicyProperties(policy: PolicyInfo, properties: Record<string, unknown>): string[] {
    const schema = policy.configSchema;
    if (!schema) {
        return [];
    }
    const errors: string[] = [];
    for (const key of schema.required) {
        if (!(key in properties)) {
            errors.push(`${policy.name}: ${key} is required`);
        }
    }
    for (const [key, value] of Object.entries(properties)) {
        const prop = schema.properties[key];
        if (!prop) {
            continue;
        }
        const types = prop.type === undefined ? [] : Array.isArray(prop.type) ? prop.type : [prop.type];
        if (types.length > 0 && !types.some((t) => typeMatches(t, value))) {
            errors.push(`${policy.name}: ${key}: invalid type, expected ${types.join(" or ")}, given ${jsonType(value)}`);
        } else if (Array.isArray(prop.enum) && !prop.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
            errors.push(`${policy.name}: ${key}: must be one of ${prop.enum.map((v) => JSON.stringify(v)).join(", ")}`);
        }
    }
    return errors;
}

/**
 * The config the CLI would send: each policy's own level and its schema's
 * property defaults, then the pack's initial config, then the given config
 * (`all` sets every policy's level). Throws on a policy name the pack does
 * not have, and on properties that do not fit a policy's schema.
 */
export function reconcilePolicyConfig(info: AnalyzerInfo, config: PolicyPackConfig = {}): ReconciledPolicyConfig {
    const result: ReconciledPolicyConfig = {};
    for (const policy of info.policies) {
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema && typeof schema === "object" && "default" in schema) {
                properties[key] = schema.default;
            }
        }
        result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
    }
    const apply = (entries: Record<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }>): void => {
        const all = entries.all;
        if (all?.enforcementLevel) {
            for (const name of Object.keys(result)) {
                result[name] = { ...result[name], enforcementLevel: all.enforcementLevel };
            }
        }
        for (const [name, entry] of Object.entries(entries)) {
            if (name === "all" || !result[name]) {
                continue;
            }
            result[name] = {
                enforcementLevel: entry.enforcementLevel ?? result[name].enforcementLevel,
                properties: { ...result[name].properties, ...entry.properties },
            };
        }
    };
    apply(info.initialConfig);

    const given: Record<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }> = {};
    const unknownNames: string[] = [];
    for (const [name, value] of Object.entries(parsePolicyConfig(config))) {
        if (name !== "all" && !result[name]) {
            unknownNames.push(name);
            continue;
        }
        if (typeof value === "string") {
            given[name] = { enforcementLevel: value, properties: {} };
        } else {
            const { enforcementLevel, ...properties } = value;
            given[name] = { enforcementLevel, properties };
        }
    }
    if (unknownNames.length > 0) {
        const names = unknownNames.map((n) => `"${n}"`).join(", ");
        throw new Error(`policy config names ${unknownNames.length === 1 ? "a policy" : "policies"} that policy pack ${info.name}@${info.version} does not have: ${names} (its policies: ${info.policies.map((p) => p.name).join(", ") || "none"})`);
    }
    apply(given);

    const errors = info.policies.flatMap((p) => validatePolicyProperties(p, result[p.name].properties));
    if (errors.length > 0) {
        throw new Error(`policy config for ${info.name}@${info.version} is invalid: ${errors.join("; ")}`);
    }
    return result;
}

/** The `Configure` request for a reconciled config. */
export function buildConfigureRequest(config: ReconciledPolicyConfig): analyzerpb.ConfigureAnalyzerRequest {
    const request = new analyzerpb.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [name, entry] of Object.entries(config)) {
        const policyConfig = new analyzerpb.PolicyConfig();
        policyConfig.setEnforcementlevel(enforcementLevelValue(entry.enforcementLevel));
        // Always set: the policy SDK calls `getProperties().toJavaScript()` unguarded.
        policyConfig.setProperties(Struct.fromJavaScript(toWire(entry.properties) as Record<string, structTypes.JavaScriptValue>));
        map.set(name, policyConfig);
    }
    return request;
}

// ---------------------------------------------------------------------------------------------
// The process
// ---------------------------------------------------------------------------------------------

const DEFAULT_TIMEOUT_MS = 30_000;
const OUTPUT_LIMIT = 64 * 1024;

/** Packs started by this process, ended when it exits. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", () => {
            for (const child of running) {
                child.kill("SIGKILL");
            }
        });
    }
}

/** How many policy packs this process started and has not closed (or seen exit). */
export function runningPackCount(): number {
    return running.size;
}

function keepTail(buffer: string, chunk: string): string {
    const joined = buffer + chunk;
    return joined.length > OUTPUT_LIMIT ? joined.slice(joined.length - OUTPUT_LIMIT) : joined;
}

/** The gist of a process's output on one line: its last few lines that are not stack frames. */
function summarize(output: string): string {
    return output
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith("at ") && !/^Node\.js v\d/.test(line) && !/^\^+$/.test(line))
        .slice(-3)
        .join(" | ");
}

/** The readable part of a gRPC error from the pack: its details without stack frames. */
function grpcMessage(err: unknown): string {
    const details = (err as { details?: unknown }).details;
    const text = typeof details === "string" && details ? details : err instanceof Error ? err.message : String(err);
    return text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith("at "))
        .join(" ");
}

function isUnimplemented(err: unknown): boolean {
    return (err as { code?: unknown }).code === grpc.status.UNIMPLEMENTED;
}

/** The root stack's URN in a record. */
export function rootStackUrn(record: StackRecord): string {
    return record.resources.find((r) => r.type === ROOT_STACK_TYPE)?.urn ?? `urn:pulumi:${record.stack}::${record.project}::${ROOT_STACK_TYPE}::${record.project}-${record.stack}`;
}

class RunningPack implements PolicyPackProcess {
    private err = "";
    private info?: AnalyzerInfo;
    private config?: ReconciledPolicyConfig;
    private exited: Promise<void>;

    constructor(
        readonly entry: string,
        readonly port: number,
        private readonly child: ChildProcess,
        readonly client: AnalyzerClient,
        stderrSoFar: string,
    ) {
        this.err = stderrSoFar;
        child.stderr?.on("data", (chunk: Buffer) => (this.err = keepTail(this.err, chunk.toString())));
        this.exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
    }

    get pid(): number {
        return this.child.pid ?? -1;
    }

    stderr(): string {
        return this.err;
    }

    private fail(what: string, err: unknown): Error {
        const name = this.info ? `${this.info.name}@${this.info.version}` : path.basename(path.dirname(this.entry));
        const gone = this.child.exitCode !== null || this.child.signalCode !== null;
        const stderr = gone && summarize(this.err) ? ` (the pack exited; stderr: ${summarize(this.err)})` : "";
        return new Error(`policy pack ${name}: ${what} failed: ${grpcMessage(err)}${stderr}`);
    }

    private unary<Req, Res>(what: string, method: (request: Req, callback: (error: grpcTypes.ServiceError | null, response: Res) => void) => unknown, request: Req): Promise<Res> {
        return new Promise<Res>((resolve, reject) => {
            method.call(this.client, request, (error, response) => (error ? reject(Object.assign(this.fail(what, error), { code: error.code })) : resolve(response)));
        });
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info = await this.unary<emptyTypes.Empty, analyzerpb.AnalyzerInfo>("GetAnalyzerInfo", this.client.getAnalyzerInfo, new Empty());
        this.info = toAnalyzerInfo(info);
        return this.info;
    }

    async configure(config: PolicyPackConfig = {}): Promise<ReconciledPolicyConfig> {
        const info = this.info ?? (await this.getAnalyzerInfo());
        const reconciled = reconcilePolicyConfig(info, config);
        await this.unary<analyzerpb.ConfigureAnalyzerRequest, emptyTypes.Empty>("Configure", this.client.configure, buildConfigureRequest(reconciled));
        this.config = reconciled;
        return reconciled;
    }

    private async configureStack(record: StackRecord): Promise<void> {
        const request = new analyzerpb.AnalyzerStackConfigureRequest();
        request.setStack(record.stack);
        request.setProject(record.project);
        request.setDryRun(true);
        const config = request.getConfigMap();
        for (const [key, value] of Object.entries(record.config)) {
            config.set(key, value);
        }
        try {
            await this.unary<analyzerpb.AnalyzerStackConfigureRequest, analyzerpb.AnalyzerStackConfigureResponse>("ConfigureStack", this.client.configureStack, request);
        } catch (err) {
            // Packs built with an older policy SDK do not have it; the CLI carries on too.
            if (!isUnimplemented(err)) {
                throw err;
            }
        }
    }

    async analyzeRecord(record: StackRecord, options: AnalyzeOptions = {}): Promise<PolicyDiagnostic[]> {
        const config = this.config ?? (await this.configure({}));
        await this.configureStack(record);
        if (options.defaultProviders !== false) {
            record = withDefaultProviders(record);
        }
        const resources = options.resources === "custom" ? record.resources.filter((r) => r.custom) : record.resources;
        const remediating = Object.values(config).some((c) => c.enforcementLevel === "remediate");

        const diagnostics: PolicyDiagnostic[] = [];
        const states = new Map<string, Struct>();
        for (const resource of resources) {
            const request = buildAnalyzeRequest(record, resource);
            if (remediating) {
                const response = await this.unary<analyzerpb.AnalyzeRequest, analyzerpb.RemediateResponse>(`Remediate ${resource.urn}`, this.client.remediate, request);
                for (const remediation of response.getRemediationsList()) {
                    const base = {
                        policyName: remediation.getPolicyname(),
                        policyPackName: remediation.getPolicypackname(),
                        policyPackVersion: remediation.getPolicypackversion(),
                        description: remediation.getDescription(),
                        urn: resource.urn,
                    };
                    const properties = remediation.getProperties();
                    if (remediation.getDiagnostic()) {
                        diagnostics.push({ ...base, message: remediation.getDiagnostic(), enforcementLevel: "advisory" });
                    } else if (properties) {
                        const before = request.getProperties()?.toJavaScript() ?? {};
                        const after = properties.toJavaScript();
                        const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
                        diagnostics.push({ ...base, message: `remediated ${changed.length > 0 ? changed.join(", ") : "(no change)"}`, enforcementLevel: "remediate" });
                        // Later policies, and the stack, see the remediated inputs.
                        request.setProperties(properties);
                    }
                }
                const state = remediatedState(resource, request.getProperties() ?? toStruct({}));
                if (state) {
                    states.set(resource.urn, state);
                }
            }
            const response = await this.unary<analyzerpb.AnalyzeRequest, analyzerpb.AnalyzeResponse>(`Analyze ${resource.urn}`, this.client.analyze, request);
            for (const d of response.getDiagnosticsList()) {
                // The CLI reports a resource policy's violation against the resource analyzed.
                diagnostics.push(toPolicyDiagnostic(d, resource.urn));
            }
        }

        const stackRequest = buildAnalyzeStackRequest(record, resources, states);
        const known = new Set(resources.map((r) => r.urn));
        const root = rootStackUrn(record);
        try {
            const response = await this.unary<analyzerpb.AnalyzeStackRequest, analyzerpb.AnalyzeResponse>("AnalyzeStack", this.client.analyzeStack, stackRequest);
            for (const d of response.getDiagnosticsList()) {
                const urn = d.getUrn() && known.has(d.getUrn()) ? d.getUrn() : root;
                diagnostics.push(toPolicyDiagnostic(d, urn));
            }
        } catch (err) {
            if (!isUnimplemented(err)) {
                throw err;
            }
        }
        return diagnostics;
    }

    async close(): Promise<void> {
        this.client.close();
        running.delete(this.child);
        if (this.child.exitCode === null && this.child.signalCode === null) {
            this.child.kill("SIGTERM");
            const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
            await this.exited;
            clearTimeout(timer);
        }
    }
}

/**
 * The stack state after a remediation changed a resource's inputs: the
 * offline state with the changed inputs replaced. Undefined when nothing changed.
 */
function remediatedState(resource: RecordedResource, remediated: Struct): Struct | undefined {
    const original = toWire(resource.inputs) as Record<string, structTypes.JavaScriptValue>;
    const after = remediated.toJavaScript();
    const changed = [...new Set([...Object.keys(original), ...Object.keys(after)])].filter((k) => JSON.stringify(original[k]) !== JSON.stringify(after[k]));
    if (changed.length === 0) {
        return undefined;
    }
    const state = toWire(resultingState(resource)) as Record<string, structTypes.JavaScriptValue>;
    for (const key of changed) {
        if (key in after) {
            state[key] = after[key];
        } else {
            delete state[key];
        }
    }
    return Struct.fromJavaScript(state);
}

/**
 * Starts a policy pack: `node [nodeArgs] <entry>` in the pack's directory,
 * waits for the port it prints, and connects a client.
 */
export async function startPolicyPack(packEntry: string, options: StartOptions = {}): Promise<PolicyPackProcess> {
    const entry = path.resolve(packEntry);
    if (!fs.existsSync(entry)) {
        throw new Error(`policy pack ${entry} does not exist`);
    }
    const nodeArgs = options.nodeArgs ?? (/\.[cm]?tsx?$/.test(entry) ? ["--require", "tsx/cjs"] : []);
    const cwd = options.cwd ?? path.dirname(entry);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    installExitHook();
    const child = spawn(process.execPath, [...nodeArgs, entry], {
        cwd,
        env: { ...process.env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    child.once("exit", () => running.delete(child));

    let stderr = "";
    const onStderr = (chunk: Buffer): void => {
        stderr = keepTail(stderr, chunk.toString());
    };
    child.stderr!.on("data", onStderr);

    const label = path.relative(process.cwd(), entry) || entry;
    let port: number;
    try {
        port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            const done = (err?: Error, value?: number): void => {
                clearTimeout(timer);
                child.stdout!.off("data", onStdout);
                child.off("exit", onExit);
                child.off("error", onError);
                if (err) reject(err);
                else resolve(value!);
            };
            const lastLines = (): string => {
                const summary = summarize(stderr) || summarize(stdout);
                return summary ? `: ${summary}` : "";
            };
            const onStdout = (chunk: Buffer): void => {
                stdout += chunk.toString();
                const newline = stdout.indexOf("\n");
                if (newline < 0) {
                    return;
                }
                const first = stdout.slice(0, newline).trim();
                if (!/^\d+$/.test(first)) {
                    done(new Error(`policy pack ${label} printed "${first}" where its port was expected`));
                    return;
                }
                done(undefined, Number(first));
            };
            const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
                done(new Error(`policy pack ${label} exited (${signal ?? `code ${code}`}) before printing its port${lastLines()}`));
            const onError = (err: Error): void => done(new Error(`policy pack ${label} could not start: ${err.message}`));
            const timer = setTimeout(() => done(new Error(`policy pack ${label} printed no port within ${timeoutMs} ms${lastLines()}`)), timeoutMs);
            child.stdout!.on("data", onStdout);
            child.once("exit", onExit);
            child.once("error", onError);
        });
    } catch (err) {
        running.delete(child);
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGKILL");
        }
        throw err;
    }
    child.stderr!.off("data", onStderr);
    // Keep draining stdout (policies may log), so the pack never blocks on a full pipe.
    child.stdout!.on("data", () => undefined);

    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    return new RunningPack(entry, port, child, client, stderr);
}

/** What one run of a pack against a record found. */
export interface PolicyRun {
    info: AnalyzerInfo;
    config: ReconciledPolicyConfig;
    diagnostics: PolicyDiagnostic[];
}

/** Starts a pack, configures it, analyzes a record and closes the pack (also on failure). */
export async function runPolicyPack(args: { record: StackRecord; packEntry: string; config?: PolicyPackConfig } & StartOptions & AnalyzeOptions): Promise<PolicyRun> {
    const { record, packEntry, config, resources, defaultProviders, ...start } = args;
    const pack = await startPolicyPack(packEntry, start);
    try {
        const info = await pack.getAnalyzerInfo();
        const reconciled = await pack.configure(config ?? {});
        const diagnostics = await pack.analyzeRecord(record, { resources, defaultProviders });
        return { info, config: reconciled, diagnostics };
    } finally {
        await pack.close();
    }
}

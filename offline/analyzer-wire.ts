/**
 * The Analyzer protocol's messages, built from the offline record and read
 * back as plain values: what the Pulumi CLI sends a policy pack, and what
 * the pack answers.
 *
 * - `Analyze` (and `Remediate`) requests: one resource's inputs, its options
 *   (always set, custom timeouts too: the policy SDK refuses a resource
 *   without them) and its explicit provider;
 * - the `AnalyzeStack` request: every resource's resulting state (a custom
 *   resource's inputs overlaid with its outputs, a component's outputs, or
 *   the state after a remediation), parent, dependencies and property
 *   dependencies;
 * - the default providers the engine registers
 *   (`pulumi:providers:aws::default_7_48_0`), which the offline record does
 *   not hold;
 * - the `Configure` request for a reconciled policy config;
 * - enforcement levels and severities as the protocol numbers them, and the
 *   pack's `AnalyzerInfo` and diagnostics as plain values.
 *
 * The record's `UNKNOWN` travels as the wire format's unknown sentinel.
 */
import * as path from "node:path";

import type * as grpcTypes from "@grpc/grpc-js";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";

import { ENFORCEMENT_LEVELS, EnforcementLevel, JsonSchema, ReconciledPolicyConfig } from "./policy-config";
import { providerOf, RecordedResource, ROOT_STACK_TYPE, StackRecord, UNKNOWN } from "./record";
import { UNKNOWN_WIRE } from "./wire";

// The generated service definitions are bound to the @grpc/grpc-js and
// google-protobuf copies @pulumi/pulumi loads; use the same ones (a second
// copy would build messages the generated serializers reject).
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const grpc = require(require.resolve("@grpc/grpc-js", { paths: [PULUMI_DIR] })) as typeof grpcTypes;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PULUMI_DIR] })) as typeof structTypes;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [PULUMI_DIR] })) as typeof emptyTypes;

export type Struct = structTypes.Struct;

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

/**
 * The stack state after a remediation changed a resource's inputs: the
 * offline state with the changed inputs replaced. Undefined when nothing changed.
 */
export function remediatedState(resource: RecordedResource, remediated: Struct): Struct | undefined {
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

/** The root stack's URN in a record. */
export function rootStackUrn(record: StackRecord): string {
    return record.resources.find((r) => r.type === ROOT_STACK_TYPE)?.urn ?? `urn:pulumi:${record.stack}::${record.project}::${ROOT_STACK_TYPE}::${record.project}-${record.stack}`;
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
// Default providers
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// The pack's answers
// ---------------------------------------------------------------------------------------------

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

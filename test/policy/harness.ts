/**
 * Runs the pack's policies in-process against an offline record, the way
 * the policy SDK's analyzer server calls them: each resource's properties
 * behind the SDK's unknown-checking proxy, each policy's enforcement level
 * and config from a policy config object. (The gRPC path itself is tested in
 * test/offline/analyzer.test.ts.)
 */
import type { EnforcementLevel, Policies, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { RecordedResource, StackRecord, UNKNOWN } from "../../offline/record";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(value: T): T; UnknownValueError: new (...args: unknown[]) => Error; unknownStringValue: unknown };

export interface Violation {
    policy: string;
    level: EnforcementLevel;
    message: string;
    urn?: string;
}

type PolicyConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/** Record values to what the SDK deserializes: `<unknown>` becomes its unknown marker. */
function toSdk(value: unknown): unknown {
    if (value === UNKNOWN) return proxy.unknownStringValue;
    if (Array.isArray(value)) return value.map(toSdk);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toSdk(v)]));
    return value;
}

function levelOf(policy: { name: string; enforcementLevel?: EnforcementLevel }, config: PolicyConfig): EnforcementLevel {
    const entry = config[policy.name];
    return (typeof entry === "string" ? entry : entry?.enforcementLevel) ?? policy.enforcementLevel ?? "advisory";
}

function configOf(policy: { name: string }, config: PolicyConfig): Record<string, unknown> {
    const entry = config[policy.name];
    return typeof entry === "object" ? { ...entry } : {};
}

const isStackPolicy = (p: ResourceValidationPolicy | StackValidationPolicy): p is StackValidationPolicy => "validateStack" in p;

/** Runs every policy on the record; returns the violations (and "can't run" advisories for unknowns). */
export async function checkRecord(record: StackRecord, policies: Policies, config: PolicyConfig = {}): Promise<Violation[]> {
    const found: Violation[] = [];
    const managed = record.resources.filter((r) => r.custom);
    const byUrn = new Map(managed.map((r) => [r.urn, r]));
    const props = (r: RecordedResource, merged: boolean) => proxy.unknownCheckingProxy(toSdk(merged ? { ...r.outputs, ...r.inputs } : r.inputs) as Record<string, unknown>);
    for (const policy of policies) {
        const level = levelOf(policy, config);
        if (level === "disabled") continue;
        // The SDK's server also takes the object form (with a per-violation level), which acknowledged trade-offs use.
        const report =
            (urn?: string): ReportViolation =>
            (message: string | { message: string; urn?: string; enforcementLevel?: EnforcementLevel }, violationUrn?: string) =>
                typeof message === "string"
                    ? found.push({ policy: policy.name, level, message, urn: violationUrn ?? urn })
                    : found.push({ policy: policy.name, level: message.enforcementLevel ?? level, message: message.message, urn: message.urn ?? urn });
        const guard = async (urn: string | undefined, run: () => unknown) => {
            try {
                await run();
            } catch (err) {
                if (err instanceof proxy.UnknownValueError) {
                    found.push({ policy: policy.name, level: "advisory", message: `can't run policy during preview: ${err.message}`, urn });
                } else throw err;
            }
        };
        if (isStackPolicy(policy)) {
            const resources: PolicyResource[] = managed.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: props(r, true), opts: { protect: r.protect, ignoreChanges: r.ignoreChanges, aliases: r.aliases, customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] }, dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined }) as PolicyResource);
            const index = new Map(resources.map((r) => [r.urn, r]));
            for (const r of resources) {
                const recorded = byUrn.get(r.urn)!;
                r.dependencies = recorded.dependencies.map((u) => index.get(u)).filter((x): x is PolicyResource => x !== undefined);
                r.propertyDependencies = Object.fromEntries(Object.entries(recorded.propertyDependencies).map(([k, urns]) => [k, urns.map((u) => index.get(u)).filter((x): x is PolicyResource => x !== undefined)]));
            }
            await guard(undefined, () => policy.validateStack({ resources, stackTags: new Map(), getConfig: <T extends object>() => configOf(policy, config) as T, notApplicable: () => { throw new Error("not applicable"); } }, report()));
            continue;
        }
        for (const r of managed) {
            const provider = r.provider ? byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::"))) : undefined;
            const args = {
                type: r.type,
                name: r.name,
                urn: r.urn,
                props: props(r, false),
                opts: { protect: r.protect, ignoreChanges: r.ignoreChanges, aliases: r.aliases, customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
                provider: provider ? { type: provider.type, name: provider.name, urn: provider.urn, props: provider.inputs } : undefined,
                stackTags: new Map(),
                getConfig: <T extends object>() => configOf(policy, config) as T,
                notApplicable: () => { throw new Error("not applicable"); },
                isType: () => false,
                asType: () => undefined,
            } as unknown as ResourceValidationArgs;
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
            for (const validate of validations) {
                await guard(r.urn, () => validate(args, report(r.urn)));
            }
        }
    }
    return found;
}

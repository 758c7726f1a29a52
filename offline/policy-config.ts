/**
 * The policy config, as the Pulumi CLI handles it before it configures a
 * pack: the `--policy-pack-config` file (policy name, or `all`, to an
 * enforcement level, or to a level and properties), parsed and checked; and
 * the reconciled config sent with `Configure`: every policy's own level and
 * its schema's property defaults, then the pack's initial config, then the
 * file, each policy's properties checked against its config schema.
 */
import * as fs from "node:fs";

import type { AnalyzerInfo, PolicyInfo } from "./analyzer-wire";

/** A policy's enforcement level, as policy packs and config files spell it. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

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

/**
 * The policy config, as the Pulumi CLI handles it before it configures a
 * pack: the `--policy-pack-config` file (policy name, or `all`, to an
 * enforcement level, or to a level and properties), parsed and checked; and
 * the reconciled config sent with `Configure`: every policy's own level and
 * its schema's property defaults, then the pack's initial config, then the
 * file, each policy's properties checked against its config schema (the
 * whole JSON Schema, with ajv), one `<policy>: <property>: <what is wrong>`
 * per error.
 */
import * as fs from "node:fs";

import Ajv, { ErrorObject, ValidateFunction } from "ajv";

import type { AnalyzerInfo, PolicyInfo } from "./analyzer-wire";

/** A policy's enforcement level, as policy packs and config files spell it. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * The JSON Schema (draft-07) of one of a policy's config properties, as the
 * pack describes it; the config check applies all of it.
 */
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

// Every error, not just the first (the CLI lists them all); keywords ajv
// does not know are ignored, as the CLI's validator ignores them, and so are
// `format`s (ajv checks none without ajv-formats, and warns on stderr when a
// schema has one, where the CLI checks the standard ones); a schema's `$id`
// is not registered, so two policies may use the same one.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, addUsedSchema: false });

/**
 * The compiled check of each policy's config schema, by the schema's JSON
 * text: a schema compiles once, and the policies that share one (most of
 * the pack's) share its check. An Error for a schema ajv cannot compile.
 */
const validators = new Map<string, ValidateFunction | Error>();

function validatorFor(schema: NonNullable<PolicyInfo["configSchema"]>): ValidateFunction | Error {
    // The CLI checks the properties as one object: the policy's properties and required list.
    const full = { type: "object", properties: schema.properties, required: schema.required };
    const key = JSON.stringify(full);
    let validator = validators.get(key);
    if (!validator) {
        try {
            validator = ajv.compile(full);
        } catch (err) {
            validator = err instanceof Error ? err : new Error(String(err));
        }
        validators.set(key, validator);
    }
    return validator;
}

function jsonType(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

/**
 * Where an error is, readably: `limit`, `acknowledged[0].reason` (the
 * error's JSON pointer into the properties, and a property it names).
 */
function propertyPath(properties: Record<string, unknown>, pointer: string, property?: string): string {
    const segments = pointer
        .split("/")
        .slice(1)
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (property !== undefined) {
        segments.push(property);
    }
    let value: unknown = properties;
    let out = "";
    for (const segment of segments) {
        if (Array.isArray(value)) {
            out += `[${segment}]`;
        } else if (out === "") {
            out = segment;
        } else {
            out += /^[A-Za-z_$][\w$-]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
        }
        value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[segment] : undefined;
    }
    return out;
}

/** One error as `<policy>: <property>: <what is wrong>`. */
function describeError(policy: string, properties: Record<string, unknown>, error: ErrorObject): string {
    const at = propertyPath(properties, error.instancePath);
    const where = at ? `${policy}: ${at}:` : `${policy}:`;
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
        case "required":
            return `${policy}: ${propertyPath(properties, error.instancePath, String(params.missingProperty))} is required`;
        case "additionalProperties":
            return `${policy}: ${propertyPath(properties, error.instancePath, String(params.additionalProperty))} is not allowed`;
        case "type": {
            const types = Array.isArray(params.type) ? params.type : [params.type];
            return `${where} invalid type, expected ${types.join(" or ")}, given ${jsonType(error.data)}`;
        }
        case "enum":
            return `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
        case "const":
            return `${where} must be ${JSON.stringify(params.allowedValue)}`;
        default:
            // ajv's own words ("must be >= 0", "must NOT have fewer than 10 characters"), in lower case.
            return `${where} ${(error.message ?? `does not pass "${error.keyword}"`).replace(/\bNOT\b/g, "not")}`;
    }
}

/**
 * Checks a policy's properties against its config schema, all of it (ajv):
 * one message per error, `<policy>: <property>: <what is wrong>`.
 */
export function validatePolicyProperties(policy: PolicyInfo, properties: Record<string, unknown>): string[] {
    const schema = policy.configSchema;
    if (!schema) {
        return [];
    }
    const validate = validatorFor(schema);
    if (validate instanceof Error) {
        return [`${policy.name}: its config schema is not valid JSON Schema: ${validate.message.replace(/^schema is invalid: /, "")}`];
    }
    if (validate(properties)) {
        return [];
    }
    const errors = validate.errors ?? [];
    // A value of the wrong type is reported as that, not also as outside the schema's enum.
    const mistyped = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
    return errors.filter((e) => !(mistyped.has(e.instancePath) && (e.keyword === "enum" || e.keyword === "const"))).map((e) => describeError(policy.name, properties, e));
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

/**
 * Turns Pulumi wire-format property values into plain JSON for the record.
 *
 * The wire format marks unknowns, secrets, assets and resource references
 * with signature keys (see `@pulumi/pulumi/runtime/rpc`). The record keeps
 * their meaning in a readable form: unknowns become `UNKNOWN`, secrets
 * become `SECRET` (or are unwrapped, where a caller asks), assets keep their
 * path or text, resource references become their URN.
 */
import { SECRET, UNKNOWN } from "./record";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The wire format's sentinel for a value unknown until deployment. */
export const UNKNOWN_WIRE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** A plain JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Converts one wire-format value to plain JSON; with `hideSecrets`, a secret reads as `SECRET`, else it is unwrapped. */
export function fromWire(value: unknown, hideSecrets = false): Json {
    const inner = (v: unknown) => fromWire(v, hideSecrets);
    if (value === UNKNOWN_WIRE) {
        return UNKNOWN;
    }
    if (value === null || value === undefined) {
        return null;
    }
    if (Array.isArray(value)) {
        return value.map(inner);
    }
    if (typeof value === "object") {
        const obj = value as Record<string, unknown>;
        switch (obj[SIG_KEY]) {
            case SECRET_SIG:
                return hideSecrets ? hidden(inner(obj.value)) : inner(obj.value);
            case RESOURCE_SIG:
                return typeof obj.urn === "string" ? obj.urn : UNKNOWN;
            case ASSET_SIG:
            case ARCHIVE_SIG:
                return { path: inner(obj.path ?? null), text: inner(obj.text ?? null) };
            case OUTPUT_SIG:
                if (!("value" in obj)) {
                    return UNKNOWN;
                }
                return hideSecrets && obj.secret === true ? hidden(inner(obj.value)) : inner(obj.value);
            default: {
                const out: { [key: string]: Json } = {};
                for (const [key, v] of Object.entries(obj)) {
                    out[key] = inner(v);
                }
                return out;
            }
        }
    }
    if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") {
        return value;
    }
    return String(value);
}

/** Converts a wire-format property map to a plain JSON object (secrets as `fromWire` treats them). */
export function objectFromWire(value: unknown, hideSecrets = false): Record<string, Json> {
    const converted = fromWire(value, hideSecrets);
    return converted !== null && typeof converted === "object" && !Array.isArray(converted) ? converted : {};
}

/** A secret's place in the record: `SECRET` (an unknown stays unknown). */
function hidden(plain: Json): Json {
    return plain === UNKNOWN ? UNKNOWN : SECRET;
}

/**
 * Outputs with `SECRET` wherever the inputs have it, at the same path: the
 * mocks echo the inputs back as outputs, unwrapped. Outputs the mocks
 * compute (ids, ARNs) are not secrets and stay.
 */
export function maskedLike(outputs: Record<string, Json>, inputs: Record<string, unknown>): Record<string, Json> {
    const mask = (output: Json, input: unknown): Json => {
        if (input === SECRET) {
            return output === UNKNOWN ? UNKNOWN : SECRET;
        }
        if (input === null || input === undefined || typeof input !== "object" || output === null || typeof output !== "object") {
            return output;
        }
        if (Array.isArray(output)) {
            return Array.isArray(input) ? output.map((v, i) => mask(v, input[i])) : output;
        }
        if (Array.isArray(input)) {
            return output;
        }
        return Object.fromEntries(Object.entries(output).map(([k, v]) => [k, mask(v, (input as Record<string, unknown>)[k])]));
    };
    return mask(outputs, inputs) as Record<string, Json>;
}

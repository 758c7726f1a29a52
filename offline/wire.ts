/**
 * Turns Pulumi wire-format property values into plain JSON for the record.
 *
 * The wire format marks unknowns, secrets, assets and resource references
 * with signature keys (see `@pulumi/pulumi/runtime/rpc`). The record keeps
 * their meaning in a readable form: unknowns become `UNKNOWN`, secrets are
 * unwrapped (this is an offline record, nothing leaves the machine), assets
 * keep their path or text, resource references become their URN.
 */
import { UNKNOWN } from "./record";

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

/** Converts one wire-format value to plain JSON. */
export function fromWire(value: unknown): Json {
    if (value === UNKNOWN_WIRE) {
        return UNKNOWN;
    }
    if (value === null || value === undefined) {
        return null;
    }
    if (Array.isArray(value)) {
        return value.map(fromWire);
    }
    if (typeof value === "object") {
        const obj = value as Record<string, unknown>;
        switch (obj[SIG_KEY]) {
            case SECRET_SIG:
                return fromWire(obj.value);
            case RESOURCE_SIG:
                return typeof obj.urn === "string" ? obj.urn : UNKNOWN;
            case ASSET_SIG:
            case ARCHIVE_SIG:
                return { path: fromWire(obj.path ?? null), text: fromWire(obj.text ?? null) };
            case OUTPUT_SIG:
                return "value" in obj ? fromWire(obj.value) : UNKNOWN;
            default: {
                const out: { [key: string]: Json } = {};
                for (const [key, inner] of Object.entries(obj)) {
                    out[key] = fromWire(inner);
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

/** Converts a wire-format property map to a plain JSON object. */
export function objectFromWire(value: unknown): Record<string, Json> {
    const converted = fromWire(value);
    return converted !== null && typeof converted === "object" && !Array.isArray(converted) ? converted : {};
}

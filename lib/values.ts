/** Views of untyped JSON values (recorded inputs, policy properties) that never throw. */

/** A plain-object view of a value, or `{}`. */
export function obj(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** An array view of a value, or `[]`. */
export function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/**
 * Config keys with a path into their value, as `pulumi config set --path`
 * and `pulumi config rm --path` take them: `backend.cpu` is the field `cpu`
 * of the key `backend`, `schedule.awake[0]` the first window of
 * `schedule.awake`, `site.environment["A.B"]` a field whose name has a dot.
 *
 * The semantics are the Pulumi CLI's (sdk/go/common/resource/config/map.go,
 * `Map.Set` and `Map.Remove` with `path`): setting a path creates the maps
 * and lists on the way (a list for an index, a map for a name), an index
 * may be one past the end (it appends) but no further, a scalar top-level
 * value is replaced, and a map or list where the other is needed is an
 * error; removing a path that is not there changes nothing. Pure.
 */

/** One step of a path: a field name or a list index. */
export type PathSegment = string | number;

/** A parsed config key: the qualified top-level key, and the path below it. */
export interface ConfigKeyPath {
    /** The key as the stack file holds it (`shoestring:backend`). */
    key: string;
    /** The steps into the key's value (empty for the whole key). */
    path: PathSegment[];
}

/** A key and the first `n` steps of its path, as a person writes them: `shoestring:backend.cpu`, `...awake[0]`, `...environment["A.B"]`. */
export function describeKeyPath(at: ConfigKeyPath, n: number = at.path.length): string {
    return at.key + at.path.slice(0, n).map((s) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z_][\w-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join("");
}

/** Parses a property path (`a.b[0]["c.d"]`); throws a one-line error naming the key. */
export function parsePropertyPath(text: string): PathSegment[] {
    const segments: PathSegment[] = [];
    const fail = (why: string): never => {
        throw new Error(`config key "${text}" is not a path: ${why}; write fields with "." and indexes with "[0]" (like backend.cpu or schedule.awake[0])`);
    };
    let i = 0;
    while (i < text.length) {
        if (text[i] === "[") {
            if (text[i + 1] === '"') {
                let name = "";
                let j = i + 2;
                for (; j < text.length && text[j] !== '"'; j++) {
                    if (text[j] === "\\" && j + 1 < text.length) {
                        j++;
                    }
                    name += text[j];
                }
                if (text[j] !== '"' || text[j + 1] !== "]") {
                    fail(`the quoted name at ${i} is not closed with "]`);
                }
                segments.push(name);
                i = j + 2;
            } else {
                const close = text.indexOf("]", i);
                const index = close < 0 ? text.slice(i + 1) : text.slice(i + 1, close);
                if (close < 0 || !/^\d+$/.test(index)) {
                    fail(`"[${index}${close < 0 ? "" : "]"}" is not a list index (a whole number in brackets)`);
                }
                segments.push(Number(index));
                i = close + 1;
            }
        } else {
            if (segments.length > 0) {
                if (text[i] !== ".") {
                    fail(`expected "." or "[" at ${i}`);
                }
                i++;
            }
            let j = i;
            while (j < text.length && text[j] !== "." && text[j] !== "[") {
                j++;
            }
            if (j === i) {
                fail(i >= text.length ? "it ends with a dot" : `an empty name at ${i}`);
            }
            segments.push(text.slice(i, j));
            i = j;
        }
    }
    if (segments.length === 0) {
        fail("it is empty");
    }
    if (typeof segments[0] !== "string") {
        fail("it starts with an index; it starts with a key's name");
    }
    return segments;
}

/**
 * A `--set`/`--unset` key as a key of the stack file and a path: the
 * namespace (`aws:`, `shoestring:`) is the text before a ":" that comes
 * before any "." or "["; without one, the project's.
 */
export function parseConfigKeyPath(project: string, text: string): ConfigKeyPath {
    const colon = text.indexOf(":");
    const firstPath = text.search(/[.[]/);
    const hasNamespace = colon > 0 && (firstPath < 0 || colon < firstPath);
    const namespace = hasNamespace ? text.slice(0, colon) : project;
    const [name, ...path] = parsePropertyPath(hasNamespace ? text.slice(colon + 1) : text);
    return { key: `${namespace}:${String(name)}`, path };
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Sets the value at a path in a stack's config values (plain values, keyed
 * as in the stack file), as `pulumi config set --path` does. Changes
 * `values` in place; throws a one-line error when the path runs through a
 * value of the wrong kind, or past the end of a list.
 */
export function setConfigPath(values: Record<string, unknown>, at: ConfigKeyPath, value: unknown): void {
    if (at.path.length === 0) {
        values[at.key] = value;
        return;
    }
    const where = (n: number) => describeKeyPath(at, n);
    // A top-level scalar is replaced by the map or list the path needs.
    let container: unknown = isMap(values[at.key]) || Array.isArray(values[at.key]) ? values[at.key] : undefined;
    if (container === undefined) {
        container = typeof at.path[0] === "number" ? [] : {};
        values[at.key] = container;
    }
    for (let i = 0; i < at.path.length; i++) {
        const segment = at.path[i];
        if (typeof segment === "number") {
            if (!Array.isArray(container)) {
                throw new Error(`cannot set ${describeKeyPath(at)}: ${where(i)} is a map, not a list, so it has no index [${segment}]`);
            }
            if (segment > container.length) {
                throw new Error(`cannot set ${describeKeyPath(at)}: index [${segment}] is past the end of ${where(i)}, which has ${container.length} item(s); allowed: 0 to ${container.length} (${container.length} appends)`);
            }
        } else if (!isMap(container)) {
            throw new Error(`cannot set ${describeKeyPath(at)}: ${where(i)} is a list, not a map, so it has no field "${segment}"`);
        }
        // A list for an index, a map for a field: checked above.
        const parent = container as Record<PropertyKey, unknown>;
        if (i === at.path.length - 1) {
            parent[segment] = value;
            return;
        }
        let child = parent[segment];
        const next = at.path[i + 1];
        if (child === undefined || child === null) {
            child = typeof next === "number" ? [] : {};
            parent[segment] = child;
        } else if (!isMap(child) && !Array.isArray(child)) {
            throw new Error(`cannot set ${describeKeyPath(at)}: ${where(i + 1)} is ${JSON.stringify(child)}, not a ${typeof next === "number" ? "list" : "map"}`);
        }
        container = child;
    }
}

/** Removes the value at a path, as `pulumi config rm --path` does: a list item is taken out, a path not there changes nothing. */
export function unsetConfigPath(values: Record<string, unknown>, at: ConfigKeyPath): void {
    if (at.path.length === 0) {
        delete values[at.key];
        return;
    }
    let container: unknown = values[at.key];
    for (let i = 0; i < at.path.length; i++) {
        const segment = at.path[i];
        const last = i === at.path.length - 1;
        if (typeof segment === "number" && Array.isArray(container) && segment < container.length) {
            if (last) {
                container.splice(segment, 1);
                return;
            }
            container = container[segment];
        } else if (typeof segment === "string" && isMap(container) && Object.hasOwn(container, segment)) {
            if (last) {
                delete container[segment];
                return;
            }
            container = container[segment];
        } else {
            return;
        }
    }
}

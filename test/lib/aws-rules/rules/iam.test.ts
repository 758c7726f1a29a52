/**
 * The IAM rule (lib/aws-rules/rules/iam.ts): actions that exist.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { assumeEcsTasks, findings } from "./fixtures";

describe("lib/aws-rules/rules/iam: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-iam-action-exists: a misspelled action or an unknown service is refused, real actions and wildcards pass", async () => {
        const policy = (actions: string[]) => () => {
            const role = new aws.iam.Role("deploy", { assumeRolePolicy: assumeEcsTasks });
            new aws.iam.RolePolicy("deploy-policy", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }) });
        };
        const bad = await findings("aws-iam-action-exists", policy(["servicediscovery:DeregisterInstances", "ecss:ListTasks", "ecs:Describe*", "logs:PutLogEvents?"]));
        assert.deepEqual(bad.map((f) => f.value), ["servicediscovery:DeregisterInstances", "ecss:ListTasks", "logs:PutLogEvents?"]);
        assert.match(bad[1].message, /no service prefix "ecss"/);
        assert.deepEqual(await findings("aws-iam-action-exists", policy(["servicediscovery:DeregisterInstance", "ecs:Describe*", "logs:PutLogEvent?", "*"])), []);
    });
});

/**
 * The AWS rule policies: cases for each, and "one implementation, two
 * places": the compiled pack over gRPC reports the same AWS rejections as
 * the plan (`checkAws`) for the same record.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { AWS_RULES } from "../../lib/aws-rules";
import { checkAws } from "../../offline/aws-checks";
import { checkPolicies, defaultPackEntry } from "../../offline/policy-cli";
import * as aws from "../../policy/src/aws";
import { manyMistakes } from "./aws-programs";
import { describeCases } from "./cases";
import { run } from "./programs";

const AWS_POLICIES = [...aws.awsRulePolicies, aws.cloudFormationErrors, aws.cloudFormationWarnings];

describe("policy/src/aws", () => {
    describeCases(Object.fromEntries(AWS_POLICIES.map((p) => [p.name, p])));

    it("has one policy per AWS rule, at the rule's level, naming its source", () => {
        assert.deepEqual(aws.awsRulePolicies.map((p) => p.name), AWS_RULES.map((r) => r.id));
        for (const [i, rule] of AWS_RULES.entries()) {
            const policy = aws.awsRulePolicies[i];
            assert.equal(policy.enforcementLevel, rule.level === "error" ? "mandatory" : "advisory", rule.id);
            assert.ok(policy.description!.includes(rule.source) && policy.remediationSteps!.includes(rule.source), rule.id);
        }
        assert.match(aws.awsRulePolicies.find((p) => p.name === aws.VPC_LINK_POLICY)!.description!, /absent unless configured/);
    });

    it("reads a resource's inputs out of its state: SDK input keys only, no id, no auto-name", () => {
        assert.ok(aws.inputKeysOf("aws:ec2/securityGroup:SecurityGroup")?.has("description"));
        assert.equal(aws.inputKeysOf("aws:ec2/securityGroup:SecurityGroup")?.has("arn"), false);
        assert.ok(aws.inputKeysOf("docker-build:index:Image")?.has("context"));
        assert.equal(aws.inputKeysOf("shoestring:aws:Network"), undefined);
    });

    describe("the compiled pack over gRPC and the plan, on one record with many AWS mistakes", () => {
        const pack = defaultPackEntry();
        before(function () {
            if (!fs.existsSync(pack)) {
                throw new Error(`${path.relative(process.cwd(), pack)} is missing: run npm run build`);
            }
        });

        it("report the same (rule, resource) pairs", async function () {
            this.timeout(120000);
            const record = await run(manyMistakes);
            const plan = (await checkAws(record)).map((f) => `${f.rule} ${f.urn}`).sort();
            const report = await checkPolicies("unit", record);
            const fromPack = report.diagnostics
                .filter((d) => d.policyName.startsWith("aws-"))
                .map((d) => {
                    const rule = d.policyName.startsWith("aws-cloudformation-") ? /\(rule (cfn-[A-Z]\d+), /.exec(d.message)?.[1] : d.policyName;
                    return `${rule} ${d.urn}`;
                })
                .sort();
            assert.ok(plan.length >= 10, plan.join("\n"));
            assert.ok(new Set(plan.map((p) => p.split(" ")[0])).size >= 9, "most rules are hit");
            assert.deepEqual(fromPack, plan);
            const levels = new Map(report.diagnostics.map((d) => [d.policyName, d.enforcementLevel]));
            assert.equal(levels.get("aws-cloudformation-warnings"), "advisory");
            assert.equal(levels.get("aws-ec2-security-group-description"), "mandatory");
        });
    });
});

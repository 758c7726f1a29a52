/**
 * The AWS rule policies: cases for each. (That the compiled pack over gRPC
 * reports the same AWS rejections as the plan is in grpc.test.ts, with the
 * other tests of the compiled pack.)
 */
import assert from "node:assert/strict";
import { AWS_RULES } from "../../lib/aws-rules";
import * as aws from "../../policy/src/aws";
import { describeCases } from "./cases";

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
});

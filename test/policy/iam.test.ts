/** The IAM policies over every role and policy document: cases for each, and the trust check on its own. */
import assert from "node:assert/strict";
import { iamAction } from "../../lib/aws-data/iam-actions";
import * as iam from "../../policy/src/iam";
import { describeCases } from "./cases";

describe("policy/src/iam", () => {
    describeCases(iam);

    it("names every action of its escalation methods as IAM spells it", () => {
        for (const [method, actions] of Object.entries(iam.PRIVILEGE_ESCALATION_METHODS)) {
            for (const action of actions) {
                assert.equal(iamAction(action)?.name, action.split(":")[1], `${method}: ${action}`);
            }
        }
    });

    it("names every credential and data action as IAM spells it", () => {
        for (const action of iam.CREDENTIAL_AND_DATA_ACTIONS) {
            assert.equal(iamAction(action)?.name, action.split(":")[1], action);
        }
    });

    it("reads trust statements: a Deny, a service without deputy risk and a conditioned * pass", () => {
        assert.equal(iam.trustProblem({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }), undefined);
        assert.equal(iam.trustProblem({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), undefined);
        assert.equal(iam.trustProblem({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }), undefined);
        assert.match(iam.trustProblem({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }) ?? "", /any AWS principal/);
    });
});

/**
 * EC2: what CreateSecurityGroup and AuthorizeSecurityGroupIngress/Egress accept.
 */
import { AwsRule, Problem } from "../types";
import { isKnown, list, obj } from "../util";

const SG_API = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html";

/**
 * Characters EC2 accepts in security group and rule descriptions: "Constraints:
 * Up to 255 characters in length. Valid characters: a-z, A-Z, 0-9, spaces,
 * and ._-:/()#,@[]+=&;{}!$*" (CreateSecurityGroup, GroupDescription; the same
 * for IpRange/UserIdGroupPair Description).
 */
export const SECURITY_GROUP_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
export const SECURITY_GROUP_DESCRIPTION_MAX = 255;

function describe(property: string, value: unknown): Problem[] {
    if (!isKnown(value) || typeof value !== "string") {
        return [];
    }
    const bad = [...new Set([...value].filter((ch) => !SECURITY_GROUP_DESCRIPTION.test(ch)))];
    const problems: Problem[] = [];
    if (bad.length > 0) {
        problems.push({ property, value, message: `contains ${bad.map((c) => JSON.stringify(c)).join(", ")}; EC2 accepts only a-z A-Z 0-9 spaces and ._-:/()#,@[]+=&;{}!$*` });
    }
    if (value.length > SECURITY_GROUP_DESCRIPTION_MAX) {
        problems.push({ property, value, message: `is ${value.length} characters; EC2 accepts at most ${SECURITY_GROUP_DESCRIPTION_MAX}` });
    }
    return problems;
}

export const securityGroupDescription: AwsRule = {
    id: "aws-ec2-security-group-description",
    description: "Security group and rule descriptions use only the characters EC2 accepts, at most 255 of them.",
    level: "error",
    types: ["aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:ec2/securityGroupRule:SecurityGroupRule"],
    properties: ["description", "ingress[].description", "egress[].description"],
    source: SG_API,
    nearest: { cfnLint: "F3031 (schema pattern)", terraform: "aws_security_group description: validation.StringLenBetween(0, 255)" },
    check(resource) {
        const problems = describe("description", resource.inputs.description);
        for (const direction of ["ingress", "egress"]) {
            list(resource.inputs[direction]).forEach((rule, i) => problems.push(...describe(`${direction}[${i}].description`, obj(rule).description)));
        }
        return problems;
    },
};

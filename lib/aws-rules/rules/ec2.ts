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
    effect: "refused",
    types: ["aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:ec2/securityGroupRule:SecurityGroupRule"],
    properties: ["description", "ingress[].description", "egress[].description"],
    source: SG_API,
    nearest: { cfnLint: "E3031/E3033 (schema pattern and length, GroupDescription only)", checkov: "CKV_AWS_23 (a description exists)", cdkNag: "AwsSolutions-EC27 (a description exists)", terraform: "validSecurityGroupRuleDescription (same check)" },
    check(resource) {
        const problems = describe("description", resource.inputs.description);
        for (const direction of ["ingress", "egress"]) {
            list(resource.inputs[direction]).forEach((rule, i) => problems.push(...describe(`${direction}[${i}].description`, obj(rule).description)));
        }
        return problems;
    },
};

/** Where each type keeps its subnets and security groups. */
const PLACEMENT: Record<string, (inputs: Record<string, unknown>) => { subnets: unknown[]; groups: unknown[]; at: string }> = {
    "aws:ecs/service:Service": (inputs) => ({ subnets: list(obj(inputs.networkConfiguration).subnets), groups: list(obj(inputs.networkConfiguration).securityGroups), at: "networkConfiguration.securityGroups" }),
    "aws:lb/loadBalancer:LoadBalancer": (inputs) => ({ subnets: list(inputs.subnets), groups: list(inputs.securityGroups), at: "securityGroups" }),
    "aws:apigatewayv2/vpcLink:VpcLink": (inputs) => ({ subnets: list(inputs.subnetIds), groups: list(inputs.securityGroupIds), at: "securityGroupIds" }),
};

export const securityGroupsInSubnetVpc: AwsRule = {
    id: "aws-ec2-security-groups-in-subnet-vpc",
    description: "The security groups of a service, load balancer or VPC link are in the VPC of its subnets.",
    level: "error",
    effect: "refused",
    types: Object.keys(PLACEMENT),
    properties: ["networkConfiguration", "securityGroups", "securityGroupIds"],
    readsSubnets: true,
    source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html",
    nearest: { cfnLint: "E3714 (same check, launch templates only)" },
    check(resource, context) {
        const { subnets, groups, at } = PLACEMENT[resource.type](resource.inputs);
        const vpcs = new Set(subnets.map((id) => (typeof id === "string" ? context.lookups.subnets[id]?.vpcId : undefined)).filter((v): v is string => v !== undefined));
        if (vpcs.size !== 1) {
            return [];
        }
        const [vpc] = vpcs;
        const securityGroups = context.resources.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup");
        return groups.flatMap((id, i) => {
            const group = securityGroups.find((g) => g.outputs?.id === id);
            const groupVpc = group?.inputs.vpcId;
            return group && typeof groupVpc === "string" && isKnown(groupVpc) && groupVpc !== vpc
                ? [{ property: `${at}[${i}]`, value: id, message: `security group ${group.name} is in ${groupVpc}, the subnets in ${vpc}; AWS requires both from the same VPC` }]
                : [];
        });
    },
};

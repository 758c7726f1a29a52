/**
 * The EC2 rules (lib/aws-rules/rules/ec2.ts): security group descriptions
 * EC2 accepts, and security groups in the VPC of the subnets they serve.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { cloudFormationValidator } from "../../../../lib/aws-rules/cloudformation/validator";
import { SECURITY_GROUP_DESCRIPTION } from "../../../../lib/aws-rules/rules/ec2";
import { ruleContextOf } from "../../../../offline/aws-checks";
import { runProgram } from "../../../../offline/engine";
import { offlineDefaultSubnets } from "../../../../offline/mocks";
import { findings } from "./fixtures";

describe("lib/aws-rules/rules/ec2: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-ec2-security-group-description: an apostrophe is refused, the same words without it pass", async () => {
        const bad = await findings("aws-ec2-security-group-description", () => void new aws.ec2.SecurityGroup("db", { description: "Postgres: only from the app's tasks" }));
        assert.deepEqual(bad.map((f) => [f.resource, f.property, f.value]), [["db (aws:ec2/securityGroup:SecurityGroup)", "description", "Postgres: only from the app's tasks"]]);
        assert.match(bad[0].message, /"'"/);
        const long = await findings("aws-ec2-security-group-description", () => void new aws.vpc.SecurityGroupIngressRule("in", { securityGroupId: "sg-0123456789abcdef0", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, description: "x".repeat(256) }));
        assert.match(long[0].message, /256 characters; EC2 accepts at most 255/);
        const inline = await findings("aws-ec2-security-group-description", () => void new aws.ec2.SecurityGroup("db", { description: "ok", ingress: [{ protocol: "tcp", fromPort: 1, toPort: 1, description: "from the app's tasks" }] }));
        assert.deepEqual(inline.map((f) => f.property), ["ingress[0].description"]);
        assert.deepEqual(await findings("aws-ec2-security-group-description", () => void new aws.ec2.SecurityGroup("db", { description: "Postgres, only from the app tasks (port 5432) #1 [a+b=c]" })), []);
    });

    it("aws-ec2-security-group-description: its characters are exactly those AWS's CloudFormation schema accepts", async () => {
        // One security group per printable ASCII character, through AWS's own validator (rule F3031, the schema's pattern).
        const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
        const record = await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: () => printable.forEach((ch, i) => new aws.ec2.SecurityGroup(`sg${i}`, { description: `x${ch}x` })) });
        const context = ruleContextOf(record);
        const refused = new Set((await cloudFormationValidator().validate(context.resources, "us-west-2")).filter((f) => f.rule === "cfn-F3031").map((f) => f.value));
        const mismatches = printable.filter((ch) => SECURITY_GROUP_DESCRIPTION.test(ch) === refused.has(`x${ch}x`));
        assert.deepEqual(mismatches, []);
        assert.ok(refused.has("x'x") && !refused.has("x,x"));
    });

    it("aws-ec2-security-groups-in-subnet-vpc: a security group of another VPC than the subnets is refused", async () => {
        const [a, b] = offlineDefaultSubnets("us-west-2");
        const link = (vpcId: string) => () => {
            for (const s of [a, b]) {
                void aws.ec2.getSubnetOutput({ id: s.subnetId });
            }
            const sg = new aws.ec2.SecurityGroup("link", { vpcId, description: "VPC link" });
            new aws.apigatewayv2.VpcLink("link", { subnetIds: [a.subnetId, b.subnetId], securityGroupIds: [sg.id] });
        };
        const bad = await findings("aws-ec2-security-groups-in-subnet-vpc", link("vpc-0fedcba9876543210"));
        assert.match(bad[0]?.message ?? "", /security group link is in vpc-0fedcba9876543210, the subnets in vpc-0a0b0c0d0e0f01234/);
        assert.deepEqual(await findings("aws-ec2-security-groups-in-subnet-vpc", link(a.vpcId)), []);
    });
});

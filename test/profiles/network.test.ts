/**
 * `network: new`: the stack creates its own VPC (for accounts without a
 * default one), which the rest of the program runs in, at no extra cost,
 * passing the pack.
 */
import assert from "node:assert/strict";
import cheapConfig from "../../policy/config/cheap.json";
import { estimateCost } from "../../cost/model";
import { DEFAULT_SHEET, loadSheet } from "../../cost/prices";
import { onlyResource, resourcesOfType, StackRecord } from "../../offline/record";
import { ACKNOWLEDGED } from "../../policy/src/acknowledge";
import { check, PolicyConfig } from "../policy/programs";
import { stack } from "../stacks";

describe("network new", () => {
    let record: StackRecord;
    before(async () => {
        record = await stack("cheap", { network: "new" });
    });

    it("creates a VPC with DNS, an internet gateway, a public route table and two subnets in distinct zones, and no NAT", () => {
        const vpc = onlyResource(record, "aws:ec2/vpc:Vpc");
        assert.equal(vpc.inputs.enableDnsHostnames, true, "Cloud Map's private namespace needs DNS host names");
        assert.equal(vpc.inputs.enableDnsSupport, true);
        const gateway = onlyResource(record, "aws:ec2/internetGateway:InternetGateway");
        assert.equal(gateway.inputs.vpcId, vpc.id);
        const routes = onlyResource(record, "aws:ec2/routeTable:RouteTable");
        assert.deepEqual(routes.inputs.routes, [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }]);
        const subnets = resourcesOfType(record, "aws:ec2/subnet:Subnet");
        assert.equal(subnets.length, 2);
        assert.equal(new Set(subnets.map((s) => s.inputs.availabilityZoneId)).size, 2);
        assert.ok(subnets.every((s) => s.inputs.vpcId === vpc.id && s.inputs.mapPublicIpOnLaunch === false));
        const associations = resourcesOfType(record, "aws:ec2/routeTableAssociation:RouteTableAssociation");
        assert.deepEqual(associations.map((a) => a.inputs.subnetId).sort(), subnets.map((s) => s.id).sort());
        assert.ok(associations.every((a) => a.inputs.routeTableId === routes.id));
        assert.equal(resourcesOfType(record, "aws:ec2/natGateway:NatGateway").length + resourcesOfType(record, "aws:ec2/eip:Eip").length, 0);
        const defaultGroup = onlyResource(record, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        assert.deepEqual([defaultGroup.inputs.vpcId, defaultGroup.inputs.ingress, defaultGroup.inputs.egress], [vpc.id, [], []], "the VPC's default security group allows nothing");
    });

    it("runs the services, the VPC link, the database and the security groups in it", () => {
        const vpc = onlyResource(record, "aws:ec2/vpc:Vpc");
        const subnetIds = resourcesOfType(record, "aws:ec2/subnet:Subnet").map((s) => s.id).sort();
        const service = onlyResource(record, "aws:ecs/service:Service");
        assert.deepEqual([...(service.inputs.networkConfiguration as { subnets: string[] }).subnets].sort(), subnetIds);
        assert.deepEqual([...(onlyResource(record, "aws:rds/subnetGroup:SubnetGroup").inputs.subnetIds as string[])].sort(), subnetIds);
        assert.deepEqual([...(onlyResource(record, "aws:apigatewayv2/vpcLink:VpcLink").inputs.subnetIds as string[])].sort(), subnetIds);
        for (const group of resourcesOfType(record, "aws:ec2/securityGroup:SecurityGroup")) {
            assert.equal(group.inputs.vpcId, vpc.id, group.name);
        }
        assert.equal(resourcesOfType(record, "aws:ec2/getVpc:getVpc").length, 0);
    });

    it("costs what the default VPC costs", async () => {
        const sheet = loadSheet(DEFAULT_SHEET);
        const own = estimateCost(record, sheet);
        const usual = estimateCost(await stack("cheap"), sheet);
        assert.deepEqual(own.totals, usual.totals);
        assert.deepEqual(own.unpriced, []);
    });

    it("passes the pack under the cheap policy config, as the stack on the default VPC does", async () => {
        const found = (await check(record, undefined, cheapConfig as PolicyConfig)).filter((v) => !v.message.startsWith(ACKNOWLEDGED));
        assert.deepEqual(found.map((v) => `${v.policy} (${v.level}): ${v.message.slice(0, 160)}`), []);
    });
});

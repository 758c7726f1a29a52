import assert from "node:assert/strict";
import { Network } from "../../components/network";
import { offlineDefaultSubnets, OFFLINE_VPC_ID } from "../../offline/mocks";

const OFFLINE_SUBNET_IDS = offlineDefaultSubnets("us-west-2").map((s) => s.subnetId);
import { onlyResource, resourcesOfType, ROOT_STACK_TYPE, StackRecord } from "../../offline/record";
import { assertOwnsEverything, component, failure, run } from "./helpers";

const TYPE = "shoestring:aws:Network";

function network(args?: { vpcId?: string; subnetIds?: string[] }): Promise<StackRecord> {
    return run(() => {
        const n = new Network("network", args);
        return { vpcId: n.vpcId, subnetIds: n.subnetIds, subnets: n.subnets, cidrBlock: n.cidrBlock, assignPublicIp: n.assignPublicIp };
    });
}

describe("components/network Network", () => {
    describe("in the default VPC", () => {
        let record: StackRecord;
        before(async () => {
            record = await network();
        });

        it("creates no resource, only looks the VPC up, and registers its outputs", () => {
            const n = component(record, TYPE);
            assert.deepEqual(
                record.resources.map((r) => r.type),
                [ROOT_STACK_TYPE, TYPE],
            );
            assert.deepEqual(n.outputs, { vpcId: OFFLINE_VPC_ID, subnetIds: [...OFFLINE_SUBNET_IDS].sort() });
        });

        it("uses the default VPC and its default subnets, sorted", () => {
            assert.equal(record.outputs.vpcId, OFFLINE_VPC_ID);
            assert.deepEqual(record.outputs.subnetIds, [...OFFLINE_SUBNET_IDS].sort());
            assert.equal(record.outputs.cidrBlock, "172.31.0.0/16");
            assert.equal(record.outputs.assignPublicIp, true);
        });

        it("looks up each subnet's zone id: one default subnet per zone of the region", () => {
            const subnets = record.outputs.subnets as { id: string; availabilityZoneId: string }[];
            assert.deepEqual(subnets.map((s) => s.availabilityZoneId).sort(), ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"]);
            assert.deepEqual(subnets.map((s) => s.id), [...OFFLINE_SUBNET_IDS].sort());
            assert.deepEqual(Object.keys(record.lookups?.subnets ?? {}).sort(), [...OFFLINE_SUBNET_IDS].sort());
        });
    });

    describe("with a given VPC and subnets", () => {
        const vpcId = "vpc-0given00000000001";
        const subnetIds = ["subnet-0given0000000b", "subnet-0given0000000a"];
        let record: StackRecord;
        before(async () => {
            record = await network({ vpcId, subnetIds });
        });

        it("uses them as given, and registers them as outputs", () => {
            const n = component(record, TYPE);
            assert.deepEqual(n.outputs, { vpcId, subnetIds });
            assert.equal(record.outputs.vpcId, vpcId);
            assert.deepEqual(record.outputs.subnetIds, subnetIds);
            assert.equal(record.resources.filter((r) => r.custom).length, 0);
        });
    });

    describe("a new VPC", () => {
        it("creates the VPC, its gateway, public route table, emptied default group and two subnets, all its children, and exports the subnets with their zones", async () => {
            const record = await run(() => {
                const n = new Network("network", { kind: "new", region: "us-east-1" });
                return { vpcId: n.vpcId, subnetIds: n.subnetIds, subnets: n.subnets };
            });
            const owner = component(record, TYPE);
            const children = assertOwnsEverything(record, owner);
            assert.deepEqual([...new Set(children.map((c) => c.type))].sort(), [
                "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
                "aws:ec2/internetGateway:InternetGateway",
                "aws:ec2/routeTable:RouteTable",
                "aws:ec2/routeTableAssociation:RouteTableAssociation",
                "aws:ec2/subnet:Subnet",
                "aws:ec2/vpc:Vpc",
            ]);
            const vpc = onlyResource(record, "aws:ec2/vpc:Vpc");
            assert.equal(vpc.inputs.cidrBlock, "10.0.0.0/16");
            assert.equal(record.outputs.vpcId, vpc.id);
            const subnets = resourcesOfType(record, "aws:ec2/subnet:Subnet");
            assert.deepEqual(record.outputs.subnets, subnets.map((s) => ({ id: s.id, availabilityZoneId: s.inputs.availabilityZoneId })));
            assert.ok(!subnets.some((s) => s.inputs.availabilityZoneId === "use1-az3"), "not in the zone without VPC links");
        });

        it("applies transforms to the VPC and the subnets before they are registered", async () => {
            const record = await run(() => {
                new Network("network", {
                    kind: "new",
                    region: "us-west-2",
                    transform: {
                        vpc: { cidrBlock: "10.20.0.0/16" },
                        subnet: (args, opts) => {
                            args.cidrBlock = String(args.cidrBlock).replace(/^10\.0\./, "10.20.");
                            opts.ignoreChanges = ["tags"];
                        },
                    },
                });
            });
            assert.equal(onlyResource(record, "aws:ec2/vpc:Vpc").inputs.cidrBlock, "10.20.0.0/16");
            const subnets = resourcesOfType(record, "aws:ec2/subnet:Subnet");
            assert.deepEqual(subnets.map((s) => s.inputs.cidrBlock), ["10.20.0.0/20", "10.20.16.0/20"]);
            assert.ok(subnets.every((s) => s.ignoreChanges.includes("tags") && s.parent === component(record, TYPE).urn));
        });

        it("refuses a region it cannot lay out, naming the component, and existing without a VPC", async () => {
            assert.match(String((await failure(() => new Network("network", { kind: "new", region: "xx-nowhere-9" }))).message), /shoestring:aws:Network network: no zone list for region xx-nowhere-9/);
            assert.match(String((await failure(() => new Network("network", { kind: "existing" }))).message), /shoestring:aws:Network network: kind "existing" needs vpcId/);
        });
    });
});

import assert from "node:assert/strict";
import { Network } from "../../components/network";
import { offlineDefaultSubnets, OFFLINE_VPC_ID } from "../../offline/mocks";

const OFFLINE_SUBNET_IDS = offlineDefaultSubnets("us-west-2").map((s) => s.subnetId);
import { ROOT_STACK_TYPE, StackRecord } from "../../offline/record";
import { component, run } from "./helpers";

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
});

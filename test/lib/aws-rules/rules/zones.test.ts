/**
 * The availability-zone rules (lib/aws-rules/rules/zones.ts): load balancers
 * and DB subnet groups in two zones.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runProgram } from "../../../../offline/engine";
import { offlineDefaultSubnets } from "../../../../offline/mocks";
import { findings } from "./fixtures";

describe("lib/aws-rules/rules/zones: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-elbv2-subnets-two-zones and aws-rds-subnet-group-two-zones: one zone is refused, two pass", async () => {
        const [a, b] = offlineDefaultSubnets("us-west-2");
        // A second subnet in a's zone: same zone id, another id.
        const sameZone = "subnet-0a0b0c0d0e0f0ffff";
        const placed = (ids: string[], create: (ids: string[]) => void) => () => {
            for (const id of ids) {
                void aws.ec2.getSubnetOutput({ id });
            }
            create(ids);
        };
        const lb = (ids: string[]) => placed(ids, (subnets) => void new aws.lb.LoadBalancer("lb", { loadBalancerType: "application", subnets }));
        const group = (ids: string[]) => placed(ids, (subnetIds) => void new aws.rds.SubnetGroup("db", { subnetIds }));
        const sameZoneAsA = async () => (await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: () => void aws.ec2.getSubnetOutput({ id: sameZone }) })).lookups!.subnets[sameZone].availabilityZoneId;
        const pair = (await sameZoneAsA()) === a.availabilityZoneId ? [a.subnetId, sameZone] : [a.subnetId, a.subnetId];
        assert.match((await findings("aws-elbv2-subnets-two-zones", lb(pair)))[0]?.message ?? "", /at least two availability zones; these are all in usw2-az/);
        assert.deepEqual(await findings("aws-elbv2-subnets-two-zones", lb([a.subnetId, b.subnetId])), []);
        assert.match((await findings("aws-rds-subnet-group-two-zones", group([a.subnetId])))[0]?.message ?? "", /a DB subnet group needs subnets in at least two/);
        assert.deepEqual(await findings("aws-rds-subnet-group-two-zones", group([a.subnetId, b.subnetId])), []);
        // A Network Load Balancer may sit in one zone.
        assert.deepEqual(await findings("aws-elbv2-subnets-two-zones", placed([a.subnetId], (subnets) => void new aws.lb.LoadBalancer("nlb", { loadBalancerType: "network", subnets }))), []);
    });
});

/**
 * The Aurora DSQL rule (lib/aws-rules/rules/dsql.ts): clusters in Regions
 * where AWS confirms the service.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { findings } from "./fixtures";

describe("lib/aws-rules/rules/dsql: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-dsql-cluster-region: a cluster in a Region where Aurora DSQL is not confirmed is a warning", async () => {
        const cluster = () => void new aws.dsql.Cluster("dsql", { deletionProtectionEnabled: true });
        const warned = await findings("aws-dsql-cluster-region", cluster, "af-south-1");
        assert.deepEqual(warned.map((f) => [f.level, f.property, f.value]), [["warning", "region", "af-south-1"]]);
        assert.match(warned[0].message, /not confirmed offered in af-south-1: AWS's pages confirm it in us-east-1, .*eu-central-1, .*sa-east-1/);
        for (const region of ["us-west-2", "us-east-1", "eu-west-1", "eu-central-1", "ap-northeast-3", "ap-southeast-2", "ca-central-1", "sa-east-1"]) {
            assert.deepEqual(await findings("aws-dsql-cluster-region", cluster, region), [], region);
        }
    });
});

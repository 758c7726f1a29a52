/**
 * The ECR rule (lib/aws-rules/rules/ecr.ts): image tags Docker can push.
 */
import assert from "node:assert/strict";
import * as dockerBuild from "@pulumi/docker-build";
import { findings } from "./fixtures";

describe("lib/aws-rules/rules/ecr: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-ecr-image-tag: a tag Docker cannot push to ECR is refused", async () => {
        const image = (tag: string) => () => void new dockerBuild.Image("img", { tags: [`123456789012.dkr.ecr.us-west-2.amazonaws.com/shop:${tag}`], push: true, context: { location: "." } });
        assert.equal((await findings("aws-ecr-image-tag", image("-latest"))).length, 1);
        assert.deepEqual(await findings("aws-ecr-image-tag", image("v1.2.3_build-4")), []);
    });
});

/**
 * The provider rules (lib/aws-rules/rules/provider.ts): regions AWS has and
 * default tags it accepts.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { findings } from "./fixtures";

describe("lib/aws-rules/rules/provider: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-provider-region: a region AWS does not have is refused", async () => {
        const provider = (region: string) => () => void new aws.Provider("p", { region: region as aws.Region });
        assert.deepEqual((await findings("aws-provider-region", provider("us-east-9"))).map((f) => f.value), ["us-east-9"]);
        assert.deepEqual(await findings("aws-provider-region", provider("us-east-1")), []);
    });

    it("aws-provider-default-tags: a default tag AWS would refuse is refused", async () => {
        const provider = (tags: Record<string, string>) => () => void new aws.Provider("p", { region: "us-east-1", defaultTags: { tags } });
        const found = await findings("aws-provider-default-tags", provider({ "aws:team": "web", team: "a;b", ok: "fine" }));
        assert.deepEqual(found.map((f) => f.property).sort(), ["defaultTags.tags.aws:team", "defaultTags.tags.team"]);
        assert.deepEqual(await findings("aws-provider-default-tags", provider({ "shoestring:stack": "cheap", team: "web app" })), []);
        assert.deepEqual(await findings("aws-provider-default-tags", () => void new aws.Provider("p", { region: "us-east-1" })), []);
    });
});

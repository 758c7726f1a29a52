import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { siteSyncProvider } from "../../components/site-sync";
import { ManifestEntry } from "../../lib/site-sync";

const entry = (key: string, sha = "a"): ManifestEntry => ({ key, size: 1, sha256: sha.repeat(64), contentType: "text/plain", cacheControl: "public, max-age=300" });
const inputs = (over: Record<string, unknown> = {}) => ({ bucket: "b", region: "us-west-2", distributionId: "E1", directory: "/here/site", files: [entry("index.html"), entry("a.txt")], graceSeconds: 60, maxInvalidationPaths: 100, ...over });

describe("components/site-sync SiteSync provider", () => {
    const diff = (olds: Record<string, unknown>, news: Record<string, unknown>) => siteSyncProvider.diff!("id", olds as never, news as never);

    it("sees no change for the same files, in any order, from another checkout: no provider call, no upload, no invalidation", async () => {
        assert.deepEqual(await diff(inputs(), inputs({ directory: "/elsewhere/site", files: [entry("a.txt"), entry("index.html")] })), { changes: false, replaces: [], deleteBeforeReplace: false });
    });

    it("sees a change for a changed, added or removed file, or other settings", async () => {
        for (const news of [inputs({ files: [entry("index.html", "b"), entry("a.txt")] }), inputs({ files: [entry("index.html")] }), inputs({ files: [entry("index.html"), entry("a.txt"), entry("b.txt")] }), inputs({ graceSeconds: 61 }), inputs({ distributionId: "E2" })]) {
            assert.deepEqual(await diff(inputs(), news), { changes: true, replaces: [], deleteBeforeReplace: false });
        }
    });

    it("replaces itself for another bucket (the new bucket gets every file)", async () => {
        assert.deepEqual(await diff(inputs(), inputs({ bucket: "c" })), { changes: true, replaces: ["bucket"], deleteBeforeReplace: false });
    });

    it("serializes, as Pulumi stores it, without the Pulumi SDK and with the S3 and CloudFront clients loaded at deploy time", async () => {
        const serialized = await pulumi.runtime.serializeFunction(() => siteSyncProvider, { allowSecrets: false });
        assert.doesNotMatch(serialized.text, /require\("@pulumi\/pulumi"\)/);
        assert.match(serialized.text, /@aws-sdk\/client-s3/);
        assert.match(serialized.text, /@aws-sdk\/client-cloudfront/);
        assert.ok(serialized.text.length < 200_000, `${serialized.text.length} characters`);
        // And the serialized code runs: the dynamic provider's process loads it the same way.
        const module = { exports: {} as { handler?: () => typeof siteSyncProvider } };
        new Function("exports", "require", "module", serialized.text)(module.exports, require, module);
        const revived = module.exports.handler!();
        assert.deepEqual(await revived.diff!("id", inputs() as never, inputs({ graceSeconds: 1 }) as never), { changes: true, replaces: [], deleteBeforeReplace: false });
        await assert.rejects(revived.create!(inputs({ files: [entry("x", "z")] }) as never), /sha256 "z+" is not 64 hex digits/);
    });
});

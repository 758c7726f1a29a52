/**
 * The S3 rules (lib/aws-rules/rules/s3.ts): object keys and the site files
 * the site sync uploads.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { SiteSync } from "../../../../components/site-sync";
import { findings } from "./fixtures";

describe("lib/aws-rules/rules/s3: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-s3-object-key: a key over 1,024 bytes is refused", async () => {
        const object = (key: string) => () => void new aws.s3.BucketObjectv2("o", { bucket: "shop-site", key, content: "x" });
        assert.equal((await findings("aws-s3-object-key", object(`assets/${"é".repeat(600)}.js`))).length, 1);
        assert.deepEqual(await findings("aws-s3-object-key", object("assets/app.3f2a1b.js")), []);
    });

    it("aws-s3-site-files: a site file with a key over 1,024 bytes, or over 5 TiB, is refused", async () => {
        const file = (key: string, size = 1) => ({ key, size, sha256: "0".repeat(64), contentType: "text/plain", cacheControl: "no-cache" });
        const sync = (...files: ReturnType<typeof file>[]) => () => void new SiteSync("s", { bucket: "shop-site", region: "us-west-2", directory: "/site", files });
        assert.deepEqual((await findings("aws-s3-site-files", sync(file("index.html"), file(`assets/${"é".repeat(600)}.js`), file("video.bin", 5 * 1024 ** 4 + 1)))).map((f) => f.property), ["files[1].key", "files[2].size"]);
        assert.deepEqual(await findings("aws-s3-site-files", sync(file("index.html"), file("empty.txt", 0), file("big.bin", 5 * 1024 ** 4))), []);
    });
});

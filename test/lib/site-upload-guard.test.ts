import assert from "node:assert/strict";
import { checkSiteUpload, SITE_UPLOAD, SiteUploadMoveError } from "../../lib/site-upload-guard";
import { runStack } from "../../offline/stack";

const STATIC = { frontend: "static", objectsMoved: false };

describe("lib/site-upload-guard checkSiteUpload", () => {
    it("lets a first deploy, a synced site, a container frontend and a stack that consents through", () => {
        assert.equal(checkSiteUpload("shoestring", "cheap", {}, STATIC), undefined);
        assert.equal(checkSiteUpload("shoestring", "cheap", { axes: { frontend: "static" }, siteUpload: SITE_UPLOAD }, STATIC), undefined);
        assert.equal(checkSiteUpload("shoestring", "dev", { axes: { frontend: "container" } }, STATIC), undefined, "a container site had no objects");
        assert.equal(checkSiteUpload("shoestring", "cheap", { axes: { frontend: "static" } }, { frontend: "container", objectsMoved: false }), undefined, "a swap away from static is the swap plan's");
        assert.equal(checkSiteUpload("shoestring", "cheap", { axes: { frontend: "static" } }, { frontend: "static", objectsMoved: true }), undefined);
    });

    it("refuses a site uploaded file by file by an earlier version, saying how to move it", () => {
        assert.throws(
            () => checkSiteUpload("shoestring", "cheap", { axes: { frontend: "static" }, databaseKind: "rds" } as never, STATIC),
            (e: Error) =>
                e instanceof SiteUploadMoveError &&
                e.message.startsWith("stack cheap: its site's files were uploaded as one S3 object resource each") &&
                e.message.includes("pulumi state delete --stack cheap") &&
                e.message.includes("grep -v '::site/config\\.json$'") &&
                e.message.includes("pulumi config set --path shoestring:site.objectsMoved true --stack cheap"),
        );
    });
});

describe("the program's site upload guard, offline", () => {
    it("refuses cheap when the deployed stack's site went up file by file, before any AWS resource", async () => {
        await assert.rejects(() => runStack("cheap", { deployedOutputs: { databaseKind: "rds", dataProtected: true, axes: { frontend: "static" } } }), /uploaded as one S3 object resource each/);
    });

    it("plans it once the objects are moved, and reads back how the site goes up", async () => {
        const record = await runStack("cheap", { config: { "site.objectsMoved": true }, deployedOutputs: { databaseKind: "rds", dataProtected: true, axes: { frontend: "static" } } });
        assert.equal(record.outputs.siteUpload, SITE_UPLOAD);
        const again = await runStack("cheap", { deployedOutputs: { databaseKind: "rds", dataProtected: true, axes: { frontend: "static" }, siteUpload: SITE_UPLOAD } });
        assert.equal(again.outputs.siteUpload, SITE_UPLOAD);
    });
});

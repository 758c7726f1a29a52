import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import { DeleteObjectsCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import * as pulumi from "@pulumi/pulumi";
import { mockClient } from "aws-sdk-client-mock";
import { siteSyncProvider } from "../../components/site-sync";
import { listSiteFiles, siteManifest } from "../../lib/site-files";
import { ManifestEntry } from "../../lib/site-sync";

type Provider = typeof siteSyncProvider;

/** The provider as Pulumi's dynamic provider host revives it: require-from-string of the serialized text, resolving packages from the working directory. */
async function revive(): Promise<Provider> {
    const serialized = await pulumi.runtime.serializeFunction(() => siteSyncProvider, { allowSecrets: false });
    const host = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const requireFromString = require(require.resolve("require-from-string", { paths: [host] })) as (code: string) => { handler: () => Provider };
    return requireFromString(serialized.text).handler();
}

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

    describe("at deploy time, revived as the dynamic provider host does, on the real SDK (clients mocked with aws-sdk-client-mock)", () => {
        let tmp: string;
        let s3: ReturnType<typeof mockClient>;
        let cloudFront: ReturnType<typeof mockClient>;
        let log: typeof console.log;
        beforeEach(() => {
            tmp = fs.mkdtempSync(path.join(os.tmpdir(), "site-sync-provider-"));
            fs.mkdirSync(path.join(tmp, "assets"));
            fs.writeFileSync(path.join(tmp, "index.html"), "<!doctype html>");
            fs.writeFileSync(path.join(tmp, "assets", "site.css"), "body{}");
            // Every S3Client and CloudFrontClient the provider makes, mocked on the class.
            s3 = mockClient(S3Client);
            cloudFront = mockClient(CloudFrontClient);
            log = console.log;
            console.log = () => undefined;
        });
        afterEach(() => {
            console.log = log;
            s3.restore();
            cloudFront.restore();
            fs.rmSync(tmp, { recursive: true, force: true });
        });

        it("loads @aws-sdk/client-s3 and @aws-sdk/client-cloudfront, uploads with them, and invalidates through a CloudFront client in the stack's region", async () => {
            s3.on(PutObjectCommand).resolves({});
            cloudFront.on(CreateInvalidationCommand).resolves({ Invalidation: { Id: "I1" } as never });
            const provider = await revive();
            const files = siteManifest(listSiteFiles(tmp));
            const first = await provider.create!(inputs({ directory: tmp, files, region: "eu-central-1" }) as never);
            assert.equal(first.id, "b/site");
            assert.deepEqual(s3.commandCalls(PutObjectCommand).map((c) => [c.args[0].input.Bucket, c.args[0].input.Key]), [["b", "assets/site.css"], ["b", "index.html"]]);
            assert.equal(await (s3.send.getCall(0).thisValue as S3Client).config.region(), "eu-central-1");
            assert.equal(cloudFront.commandCalls(CreateInvalidationCommand).length, 0, "a first deploy invalidates nothing");

            fs.writeFileSync(path.join(tmp, "assets", "site.css"), "body{color:red}");
            const next = siteManifest(listSiteFiles(tmp));
            const update = await provider.update!("b/site", first.outs as never, inputs({ directory: tmp, files: next, region: "eu-central-1" }) as never);
            assert.deepEqual(update.outs!.invalidationPaths, ["/assets/site.css"]);
            const invalidation = cloudFront.commandCalls(CreateInvalidationCommand);
            assert.equal(invalidation.length, 1);
            assert.equal(invalidation[0].args[0].input.DistributionId, "E1");
            assert.equal(await (invalidation[0].thisValue as CloudFrontClient).config.region(), "eu-central-1", "not left to AWS_REGION");
        });

        it("deletes the site's objects on delete, retries SlowDown, takes a bucket already gone as done, and reports another failure", async () => {
            s3.on(DeleteObjectsCommand).resolves({});
            const provider = await revive();
            await provider.delete!("b/site", { ...inputs(), retired: [{ ...entry("old.txt"), retiredAt: "2026-01-01T00:00:00Z" }] } as never);
            assert.deepEqual(s3.commandCalls(DeleteObjectsCommand)[0].args[0].input.Delete!.Objects, [{ Key: "index.html" }, { Key: "a.txt" }, { Key: "old.txt" }]);

            // Retried in the revived provider (its retry lists survive serialization), with the default back-off.
            s3.reset();
            s3.on(DeleteObjectsCommand).rejectsOnce(new S3ServiceException({ name: "SlowDown", message: "slow", $fault: "server", $metadata: { httpStatusCode: 503 } })).resolves({});
            await provider.delete!("b/site", inputs() as never);
            assert.equal(s3.commandCalls(DeleteObjectsCommand).length, 2);

            s3.on(DeleteObjectsCommand).rejects(new S3ServiceException({ name: "NoSuchBucket", message: "gone", $fault: "client", $metadata: { httpStatusCode: 404 } }));
            await provider.delete!("b/site", inputs() as never);
            s3.on(DeleteObjectsCommand).rejects(new S3ServiceException({ name: "AccessDenied", message: "denied", $fault: "client", $metadata: { httpStatusCode: 403 } }));
            await assert.rejects(provider.delete!("b/site", inputs() as never), /delete 2 objects: denied/);
        });

        it("names the missing packages when an install lacks them", async () => {
            const serialized = await pulumi.runtime.serializeFunction(() => siteSyncProvider, { allowSecrets: false });
            const broken = (name: string): unknown => {
                if (name.startsWith("@aws-sdk/")) throw Object.assign(new Error(`Cannot find module '${name}'`), { code: "MODULE_NOT_FOUND" });
                return require(name);
            };
            const module = { exports: {} as { handler?: () => Provider } };
            new Function("exports", "require", "module", serialized.text)(module.exports, broken, module);
            const files = siteManifest(listSiteFiles(tmp));
            await assert.rejects(
                module.exports.handler!().create!(inputs({ directory: tmp, files }) as never),
                /the site sync needs @aws-sdk\/client-s3 to deploy; add it to the project's dependencies \(npm i @aws-sdk\/client-s3 @aws-sdk\/client-cloudfront\): Cannot find module '@aws-sdk\/client-s3'/,
            );
        });
    });
});

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as crypto from "node:crypto";
import { CACHING_DISABLED_POLICY_ID, StaticSite, StaticSiteArgs } from "../../components/static-site";
import { onlyResource, RecordedResource, resourcesOfType, SERIALIZED_PROVIDER, StackRecord } from "../../offline/record";
import { ManifestEntry, SITE_SYNC_TYPE } from "../../lib/site-sync";
import { assertOwnsEverything, component, failure, run } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

const TYPE = "shoestring:aws:StaticSite";
const EDGE_CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-4333-8444-555555555555";
const RUNTIME_CONFIG = '{\n  "apiUrl": "https://api.example.com"\n}\n';

/** Writes a site directory with these files (path -> content) and returns it. */
function siteDirectory(root: string, name: string, files: Record<string, string>): string {
    const dir = path.join(root, name);
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
    }
    fs.mkdirSync(dir, { recursive: true });
    return dir;
}

function site(args: StaticSiteArgs, runtimeConfig?: string): Promise<StackRecord> {
    return run(() => {
        const s = new StaticSite("site", args);
        if (runtimeConfig !== undefined) {
            s.writeRuntimeConfig(runtimeConfig);
        }
        return { url: s.url, aliasDnsName: s.aliasTarget.dnsName, aliasZoneId: s.aliasTarget.zoneId };
    });
}

describe("components/static-site StaticSite", () => {
    let tmp: string;
    let directory: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "static-site-test-"));
        directory = siteDirectory(tmp, "site", {
            "index.html": "<!doctype html><title>t</title>",
            "assets/app.1a2b3c4d.js": "console.log(1);",
            "assets/app.bootstrap.css": "body{}",
            "robots.txt": "User-agent: *\n",
            ".env": "SECRET=1",
        });
    });
    after(() => {
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    describe("without a domain, with a runtime config", () => {
        let record: StackRecord;
        let sync: RecordedResource;
        let files: Map<string, ManifestEntry>;
        before(async () => {
            record = await site({ directory }, RUNTIME_CONFIG);
            sync = onlyResource(record, SITE_SYNC_TYPE);
            files = new Map((sync.inputs.files as unknown as ManifestEntry[]).map((f) => [f.key, f]));
        });

        it("parents every resource to the component, which registers its outputs", () => {
            const s = component(record, TYPE);
            assertOwnsEverything(record, s);
            const bucket = onlyResource(record, "aws:s3/bucket:Bucket");
            const distribution = onlyResource(record, "aws:cloudfront/distribution:Distribution");
            assert.equal(s.outputs.bucketName, bucket.outputs.bucket);
            assert.equal(s.outputs.distributionId, distribution.id);
            assert.equal(s.outputs.url, `https://${distribution.outputs.domainName}`);
        });

        it("syncs every file but dotfiles in one resource, whose inputs are the manifest; config.json is an object of its own", () => {
            const bucket = onlyResource(record, "aws:s3/bucket:Bucket");
            const distribution = onlyResource(record, "aws:cloudfront/distribution:Distribution");
            assert.deepEqual([...files.keys()], ["assets/app.1a2b3c4d.js", "assets/app.bootstrap.css", "index.html", "robots.txt"]);
            assert.equal(sync.inputs.bucket, bucket.outputs.bucket);
            assert.equal(sync.inputs.region, "us-west-2");
            assert.equal(sync.inputs.distributionId, distribution.id);
            assert.equal(sync.inputs.directory, directory);
            assert.equal(sync.inputs.__provider, SERIALIZED_PROVIDER, "the provider's code serialized, and kept out of the record");
            const abac = onlyResource(record, "aws:s3/bucketAbac:BucketAbac");
            assert.ok(sync.dependencies.includes(abac.urn), "the uploads wait for the bucket's tag-based access control");
            const objects = resourcesOfType(record, "aws:s3/bucketObjectv2:BucketObjectv2");
            assert.deepEqual(objects.map((o) => o.inputs.key), ["config.json"]);
        });

        it("gives each file its size and SHA-256", () => {
            for (const [key, entry] of files) {
                const bytes = fs.readFileSync(path.join(directory, key));
                assert.equal(entry.size, bytes.length, key);
                assert.equal(entry.sha256, crypto.createHash("sha256").update(bytes).digest("hex"), key);
            }
        });

        it("serves each file with its content type and cache control", () => {
            const headers = (key: string): [unknown, unknown] => [files.get(key)!.contentType, files.get(key)!.cacheControl];
            assert.deepEqual(headers("index.html"), ["text/html; charset=utf-8", "no-cache"]);
            assert.deepEqual(headers("assets/app.1a2b3c4d.js"), ["text/javascript; charset=utf-8", "public, max-age=31536000, immutable"]);
            assert.deepEqual(headers("assets/app.bootstrap.css"), ["text/css; charset=utf-8", "public, max-age=300"]);
            assert.deepEqual(headers("robots.txt"), ["text/plain; charset=utf-8", "public, max-age=300"]);
        });

        it("reads offline as a first deploy: every file uploaded, nothing deleted or invalidated", () => {
            const bytes = [...files.values()].reduce((sum, f) => sum + f.size, 0);
            assert.deepEqual(
                [sync.outputs.uploadedFiles, sync.outputs.uploadedBytes, sync.outputs.unchangedFiles, sync.outputs.deletedFiles, sync.outputs.retiredFiles, sync.outputs.invalidationPaths, sync.outputs.retired],
                [4, bytes, 0, 0, 0, [], []],
            );
            assert.equal(sync.inputs.graceSeconds, 7 * 24 * 3600);
            assert.equal(sync.inputs.maxInvalidationPaths, 100);
        });

        it("writes the runtime config as config.json, never cached", () => {
            const config = onlyResource(record, "aws:s3/bucketObjectv2:BucketObjectv2", "site/config.json");
            assert.equal(config.inputs.key, "config.json");
            assert.equal(config.inputs.content, RUNTIME_CONFIG);
            assert.equal(config.inputs.contentType, "application/json; charset=utf-8");
            assert.equal(config.inputs.cacheControl, "no-cache");
            assert.equal(config.inputs.source, undefined);
        });

        it("uses CloudFront's own certificate and no aliases", () => {
            const distribution = onlyResource(record, "aws:cloudfront/distribution:Distribution");
            assert.deepEqual(distribution.inputs.viewerCertificate, { cloudfrontDefaultCertificate: true });
            assert.deepEqual(distribution.inputs.aliases, []);
            assert.equal(record.outputs.url, `https://${distribution.outputs.domainName}`);
            assert.equal(record.outputs.aliasDnsName, distribution.outputs.domainName);
            assert.equal(record.outputs.aliasZoneId, "Z2FDTNDATAQYW2");
        });

        it("uses PriceClass_100 by default and index.html as root object", () => {
            const distribution = onlyResource(record, "aws:cloudfront/distribution:Distribution");
            assert.equal(distribution.inputs.priceClass, "PriceClass_100");
            assert.equal(distribution.inputs.defaultRootObject, "index.html");
            const ordered = distribution.inputs.orderedCacheBehaviors as Obj[];
            assert.deepEqual(ordered.map((b) => [b.pathPattern, b.cachePolicyId]), [
                ["/index.html", CACHING_DISABLED_POLICY_ID],
                ["/config.json", CACHING_DISABLED_POLICY_ID],
            ]);
        });

        it("adds the security headers to every response, on every behaviour", () => {
            const distribution = onlyResource(record, "aws:cloudfront/distribution:Distribution");
            const policy = onlyResource(record, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
            const behaviours = [distribution.inputs.defaultCacheBehavior as Obj, ...(distribution.inputs.orderedCacheBehaviors as Obj[])];
            assert.deepEqual(behaviours.map((b) => b.responseHeadersPolicyId), behaviours.map(() => policy.id));
            const headers = policy.inputs.securityHeadersConfig as Obj;
            assert.equal(headers.strictTransportSecurity.accessControlMaxAgeSec, 63072000);
            assert.deepEqual(headers.contentTypeOptions, { override: true });
            assert.equal(headers.frameOptions.frameOption, "DENY");
            assert.equal(headers.referrerPolicy.referrerPolicy, "strict-origin-when-cross-origin");
        });

        it("admits only the distribution to the private bucket, after blocking public access", () => {
            const policy = onlyResource(record, "aws:s3/bucketPolicy:BucketPolicy");
            const block = onlyResource(record, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
            assert.ok(policy.dependencies.includes(block.urn), "the policy waits for the public access block");
            const distribution = onlyResource(record, "aws:cloudfront/distribution:Distribution");
            const [statement, tlsOnly] = (JSON.parse(policy.inputs.policy as string) as { Statement: Obj[] }).Statement;
            assert.deepEqual(statement.Condition, { StringEquals: { "AWS:SourceArn": distribution.outputs.arn } });
            // And nobody over plain HTTP.
            const bucket = onlyResource(record, "aws:s3/bucket:Bucket");
            assert.deepEqual(tlsOnly, { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket.outputs.arn, `${String(bucket.outputs.arn)}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } });
        });
    });

    describe("with a domain and a price class", () => {
        let record: StackRecord;
        before(async () => {
            record = await site({ directory, domain: { hostName: "www.example.com", certificateArn: EDGE_CERTIFICATE_ARN }, priceClass: "PriceClass_All" });
        });

        it("parents every resource to the component", () => {
            assertOwnsEverything(record, component(record, TYPE));
        });

        it("aliases the host name with the given certificate, SNI only, TLS 1.2", () => {
            const distribution = onlyResource(record, "aws:cloudfront/distribution:Distribution");
            assert.deepEqual(distribution.inputs.aliases, ["www.example.com"]);
            assert.deepEqual(distribution.inputs.viewerCertificate, { acmCertificateArn: EDGE_CERTIFICATE_ARN, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" });
            assert.equal(distribution.inputs.priceClass, "PriceClass_All");
            assert.equal(record.outputs.url, "https://www.example.com");
        });

        it("writes no config.json unless asked", () => {
            assert.equal(resourcesOfType(record, "aws:s3/bucketObjectv2:BucketObjectv2").filter((o) => o.inputs.key === "config.json").length, 0);
        });
    });

    it("fails on a directory without index.html before registering any child", async () => {
        const bare = siteDirectory(tmp, "no-index", { "about.html": "<p>about</p>" });
        const err = await failure(() => new StaticSite("site", { directory: bare }));
        assert.match(err.message, /has no index\.html/);
        assert.ok(err.message.includes(bare), "the error names the directory");
        assert.equal(err.record.resources.filter((r) => r.custom).length, 0);
    });

    it("fails on a file S3 cannot hold, before registering any child", async () => {
        const long = siteDirectory(tmp, "long-key", { "index.html": "<html></html>", [`${"a".repeat(250)}/${"b".repeat(250)}/${"c".repeat(250)}/${"d".repeat(250)}/${"e".repeat(30)}.txt`]: "x" });
        const err = await failure(() => new StaticSite("site", { directory: long }));
        assert.match(err.message, /cannot be uploaded to S3: .*longer than S3's 1,024 bytes/);
        assert.equal(err.record.resources.filter((r) => r.custom).length, 0);
    });

    it("fails on a missing directory", async () => {
        const err = await failure(() => new StaticSite("site", { directory: path.join(tmp, "missing") }));
        assert.match(err.message, /does not exist/);
    });

    it("refuses to write a runtime config over a config.json the site ships", async () => {
        const shipped = siteDirectory(tmp, "with-config", { "index.html": "<html></html>", "config.json": "{}" });
        const err = await failure(() => new StaticSite("site", { directory: shipped }).writeRuntimeConfig(RUNTIME_CONFIG));
        assert.equal(err.message, "shoestring:aws:StaticSite site: the site directory already has a config.json; remove it, the deploy generates it");
    });

    it("applies transforms to its children before they are registered: arguments merged, or edited by a function", async () => {
        const merged = await site({ directory, transform: { distribution: { comment: "edited" }, bucketObject: { cacheControl: "no-store" } } }, RUNTIME_CONFIG);
        const cdn = onlyResource(merged, "aws:cloudfront/distribution:Distribution");
        assert.equal(cdn.inputs.comment, "edited");
        assert.equal(cdn.inputs.defaultRootObject, "index.html", "the rest stays");
        const objects = resourcesOfType(merged, "aws:s3/bucketObjectv2:BucketObjectv2");
        assert.deepEqual(objects.map((o) => [o.inputs.key, o.inputs.cacheControl]), [["config.json", "no-store"]], "the runtime config's object");
        const graced = await site({ directory, transform: { sync: { graceSeconds: 3600 } } });
        assert.equal(onlyResource(graced, SITE_SYNC_TYPE).inputs.graceSeconds, 3600);
        const edited = await site({
            directory,
            transform: {
                bucket: (args, opts) => {
                    args.forceDestroy = false;
                    opts.protect = true;
                },
            },
        });
        const bucket = onlyResource(edited, "aws:s3/bucket:Bucket");
        assert.equal(bucket.inputs.forceDestroy, false);
        assert.equal(bucket.protect, true);
        assert.equal(bucket.parent, component(edited, TYPE).urn, "still the component's child");
    });
});

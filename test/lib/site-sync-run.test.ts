/**
 * The sync against in-memory S3 and CloudFront fakes that fail the way the
 * real services do: throttling (503 SlowDown), a 500, a dropped connection,
 * access denied, per-key DeleteObjects errors; and CloudFront's rule that a
 * second CreateInvalidation with the same caller reference creates nothing.
 * These test the runner's logic on its ports (order, concurrency, retries,
 * back-off, batching, convergence); the AWS SDK adapters of the ports, on
 * the real S3 and CloudFront clients mocked with aws-sdk-client-mock, are
 * test/lib/site-sync-aws.test.ts's.
 */
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { siteManifest, listSiteFiles } from "../../lib/site-files";
import { ManifestEntry, planSync, SyncState } from "../../lib/site-sync";
import { callerReference, deleteKeys, isRetryable, progressLine, runSync, SiteCdn, SiteStore, SyncProgress, withRetry } from "../../lib/site-sync-run";
import { AWKWARD_SITE, fastRetry, writeSite } from "./site-sync-fixtures";

const MiB = 1024 ** 2;

/** An S3 error as the SDK throws it. */
function awsError(name: string, status: number): Error {
    return Object.assign(new Error(`${name} (fake)`), { name, $metadata: { httpStatusCode: status }, $fault: status >= 500 ? "server" : "client" });
}

interface Stored {
    body: Buffer;
    contentType: string;
    cacheControl: string;
    sha256: string;
}

/** A bucket in memory; `fail` decides, per call, whether to throw instead. */
class FakeBucket implements SiteStore {
    readonly objects = new Map<string, Stored>();
    readonly calls: string[] = [];
    readonly uploads = new Map<string, { entry: ManifestEntry; parts: Map<number, Buffer> }>();
    readonly aborted: string[] = [];
    fail: (call: string, key: string) => Error | undefined = () => undefined;
    deleteErrors: (key: string) => string | undefined = () => undefined;
    /** Concurrent calls now and at most. */
    running = 0;
    maxRunning = 0;

    private async enter(call: string, key: string): Promise<void> {
        this.calls.push(`${call} ${key}`);
        this.running++;
        this.maxRunning = Math.max(this.maxRunning, this.running);
        await new Promise((resolve) => setImmediate(resolve));
        this.running--;
        const err = this.fail(call, key);
        if (err) throw err;
    }

    async putObject(entry: ManifestEntry, body: Buffer): Promise<void> {
        await this.enter("put", entry.key);
        // S3 checks x-amz-checksum-sha256 against the body.
        assert.equal(crypto.createHash("sha256").update(body).digest("hex"), entry.sha256, `checksum of ${entry.key}`);
        this.objects.set(entry.key, { body, contentType: entry.contentType, cacheControl: entry.cacheControl, sha256: entry.sha256 });
    }
    async createMultipartUpload(entry: ManifestEntry): Promise<string> {
        await this.enter("create-multipart", entry.key);
        const id = `upload-${this.uploads.size + 1}`;
        this.uploads.set(id, { entry, parts: new Map() });
        return id;
    }
    async uploadPart(key: string, uploadId: string, partNumber: number, body: Buffer, checksumSha256: string): Promise<{ etag: string; checksumSha256: string }> {
        await this.enter(`part-${partNumber}`, key);
        assert.equal(crypto.createHash("sha256").update(body).digest("base64"), checksumSha256);
        this.uploads.get(uploadId)!.parts.set(partNumber, body);
        return { etag: `"etag-${partNumber}"`, checksumSha256 };
    }
    async completeMultipartUpload(key: string, uploadId: string, parts: { partNumber: number; etag: string; checksumSha256: string }[]): Promise<void> {
        await this.enter("complete-multipart", key);
        const upload = this.uploads.get(uploadId)!;
        const body = Buffer.concat(parts.map((p) => upload.parts.get(p.partNumber)!));
        this.objects.set(key, { body, contentType: upload.entry.contentType, cacheControl: upload.entry.cacheControl, sha256: upload.entry.sha256 });
        this.uploads.delete(uploadId);
    }
    async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
        await this.enter("abort-multipart", key);
        this.uploads.delete(uploadId);
        this.aborted.push(key);
    }
    async deleteObjects(keys: string[]): Promise<{ key: string; code: string }[]> {
        assert.ok(keys.length <= 1000, "DeleteObjects takes at most 1,000 keys");
        await this.enter("delete", String(keys.length));
        const failed: { key: string; code: string }[] = [];
        for (const key of keys) {
            const code = this.deleteErrors(key);
            if (code) failed.push({ key, code });
            else this.objects.delete(key);
        }
        return failed;
    }
}

/** CloudFront's invalidations: one per caller reference. */
class FakeCdn implements SiteCdn {
    readonly invalidations = new Map<string, string[]>();
    calls = 0;
    fail: () => Error | undefined = () => undefined;
    async createInvalidation(paths: string[], reference: string): Promise<string> {
        this.calls++;
        const err = this.fail();
        if (err) throw err;
        const known = this.invalidations.get(reference);
        if (known) {
            // CloudFront: the same reference and the same batch returns the existing invalidation.
            assert.deepEqual(known, paths);
        } else {
            this.invalidations.set(reference, paths);
        }
        return `I${this.invalidations.size}`;
    }
}

describe("lib/site-sync-run", () => {
    let tmp: string;
    let dir: string;
    let manifest: ManifestEntry[];
    const now = new Date("2026-12-01T00:00:00Z");

    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "site-sync-"));
        dir = path.join(tmp, "site");
        writeSite(dir, AWKWARD_SITE);
        manifest = siteManifest(listSiteFiles(dir));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("uploads every file with its bytes and headers: empty files, unicode and spaces, nested directories", async () => {
        const bucket = new FakeBucket();
        const outcome = await runSync(planSync(undefined, manifest, now), { directory: dir, store: bucket, retry: fastRetry() });
        assert.deepEqual([...bucket.objects.keys()].sort(), ["a/b/c/deep.json", "assets/app.1a2b3c4d.js", "assets/app.5e6f7a8b.css", "docs/my file é.txt", "empty.txt", "index.html", "robots.txt"]);
        assert.equal(bucket.objects.get("empty.txt")!.body.length, 0);
        assert.equal(bucket.objects.get("docs/my file é.txt")!.body.toString(), "unicode and spaces");
        assert.deepEqual([bucket.objects.get("index.html")!.contentType, bucket.objects.get("index.html")!.cacheControl], ["text/html; charset=utf-8", "no-cache"]);
        assert.deepEqual([bucket.objects.get("assets/app.1a2b3c4d.js")!.contentType, bucket.objects.get("assets/app.1a2b3c4d.js")!.cacheControl], ["text/javascript; charset=utf-8", "public, max-age=31536000, immutable"]);
        assert.equal(outcome.uploadedFiles, 7);
        assert.equal(outcome.uploadedBytes, manifest.reduce((s, f) => s + f.size, 0));
    });

    it("uploads index.html only after every other file is in the bucket", async () => {
        const bucket = new FakeBucket();
        await runSync(planSync(undefined, manifest, now), { directory: dir, store: bucket, retry: fastRetry(), concurrency: 4 });
        assert.equal(bucket.calls[bucket.calls.length - 1], "put index.html");
        assert.ok(bucket.maxRunning > 1 && bucket.maxRunning <= 4, `ran ${bucket.maxRunning} at a time`);
    });

    it("uploads only what changed, invalidates only the changed cacheable path, and does nothing at all when nothing changed", async () => {
        const bucket = new FakeBucket();
        const cdn = new FakeCdn();
        const first = planSync(undefined, manifest, now);
        await runSync(first, { directory: dir, store: bucket, cdn, retry: fastRetry() });
        assert.equal(cdn.calls, 0, "a first deploy invalidates nothing");

        fs.writeFileSync(path.join(dir, "robots.txt"), "User-agent: *\nDisallow: /private\n");
        fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><p>v2");
        const next = siteManifest(listSiteFiles(dir));
        const second = planSync(first.state, next, now);
        bucket.calls.length = 0;
        await runSync(second, { directory: dir, store: bucket, cdn, retry: fastRetry() });
        assert.deepEqual(bucket.calls, ["put robots.txt", "put index.html"]);
        assert.deepEqual([...cdn.invalidations.values()], [["/robots.txt"]]);
        assert.equal(bucket.objects.get("robots.txt")!.body.toString(), "User-agent: *\nDisallow: /private\n");

        const third = planSync(second.state, siteManifest(listSiteFiles(dir)), now);
        bucket.calls.length = 0;
        cdn.calls = 0;
        await runSync(third, { directory: dir, store: bucket, cdn, retry: fastRetry() });
        assert.deepEqual([bucket.calls, cdn.calls], [[], 0], "no upload, no invalidation, no call");
    });

    it("retries throttling, server errors and dropped connections with growing back-off", async () => {
        const bucket = new FakeBucket();
        const tries = new Map<string, number>();
        const faults = [awsError("SlowDown", 503), awsError("InternalError", 500), Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })];
        bucket.fail = (call, key) => {
            if (call !== "put" || key !== "robots.txt") return undefined;
            const n = tries.get(key) ?? 0;
            tries.set(key, n + 1);
            return faults[n];
        };
        const retry = fastRetry();
        await runSync(planSync(undefined, manifest, now), { directory: dir, store: bucket, retry });
        assert.equal(tries.get("robots.txt"), 4);
        assert.ok(bucket.objects.has("robots.txt"));
        assert.deepEqual(retry.waits, [50, 100, 200], "full jitter over 100, 200, 400 ms (random 0.5)");
    });

    it("fails at once on an error no retry can fix, and after the last try on throttling", async () => {
        const denied = new FakeBucket();
        denied.fail = (call, key) => (call === "put" && key === "robots.txt" ? awsError("AccessDenied", 403) : undefined);
        const retry = fastRetry(3);
        await assert.rejects(runSync(planSync(undefined, manifest, now), { directory: dir, store: denied, retry }), /upload robots.txt: AccessDenied \(fake\)$/);
        assert.deepEqual(retry.waits, []);
        assert.ok(!denied.objects.has("index.html"), "no entry point goes up after a failure");

        const throttled = new FakeBucket();
        throttled.fail = (call) => (call === "put" ? awsError("SlowDown", 503) : undefined);
        await assert.rejects(runSync(planSync(undefined, manifest, now), { directory: dir, store: throttled, retry: fastRetry(3), concurrency: 1 }), /SlowDown \(fake\) \(after 3 tries\)/);
    });

    it("converges on a re-run after a partial failure: the bucket ends as planned, one invalidation", async () => {
        const bucket = new FakeBucket();
        const cdn = new FakeCdn();
        const v1 = planSync(undefined, manifest, now);
        await runSync(v1, { directory: dir, store: bucket, cdn, retry: fastRetry() });

        // v2: robots.txt changes, a chunk is replaced, a file goes.
        fs.writeFileSync(path.join(dir, "robots.txt"), "changed");
        fs.rmSync(path.join(dir, "assets/app.1a2b3c4d.js"));
        fs.writeFileSync(path.join(dir, "assets/app.9f9f9f9f.js"), "console.log(2)");
        fs.rmSync(path.join(dir, "empty.txt"));
        const v2files = siteManifest(listSiteFiles(dir));
        // The state stays v1's until a sync succeeds (Pulumi keeps the last good outputs).
        const state: SyncState = v1.state;

        // First try: the CDN is down after the uploads.
        cdn.fail = () => awsError("AccessDenied", 403);
        await assert.rejects(runSync(planSync(state, v2files, now), { directory: dir, store: bucket, cdn, retry: fastRetry() }), /invalidate 1 CloudFront paths/);
        // Second try: the uploads of two files fail for good.
        cdn.fail = () => undefined;
        bucket.fail = (call, key) => (call === "put" && key === "assets/app.9f9f9f9f.js" ? awsError("AccessDenied", 403) : undefined);
        await assert.rejects(runSync(planSync(state, v2files, now), { directory: dir, store: bucket, cdn, retry: fastRetry() }));
        // Third try: everything works.
        bucket.fail = () => undefined;
        const plan = planSync(state, v2files, now);
        await runSync(plan, { directory: dir, store: bucket, cdn, retry: fastRetry() });

        for (const f of v2files) assert.equal(bucket.objects.get(f.key)?.sha256, f.sha256, f.key);
        assert.ok(bucket.objects.has("assets/app.1a2b3c4d.js"), "the old chunk stays for the grace period");
        assert.deepEqual(plan.state.retired.map((r) => r.key), ["assets/app.1a2b3c4d.js", "empty.txt"]);
        assert.deepEqual([...cdn.invalidations.values()], [["/robots.txt"]], "the re-runs asked for the same invalidation: CloudFront made one");
        assert.equal(callerReference(plan), callerReference(planSync(state, v2files, now)));

        // A week later, the next deploy deletes them.
        const later = planSync(plan.state, v2files, new Date(now.getTime() + 7 * 24 * 3600 * 1000));
        await runSync(later, { directory: dir, store: bucket, cdn, retry: fastRetry() });
        assert.ok(!bucket.objects.has("assets/app.1a2b3c4d.js") && !bucket.objects.has("empty.txt"));
        assert.deepEqual([...bucket.objects.keys()].sort(), v2files.map((f) => f.key).sort());
    });

    it("sends a file above the threshold in parts with their checksums, and aborts a failed multipart upload", async () => {
        const big = crypto.randomBytes(12 * MiB + 123);
        writeSite(dir, { "media/video.bin": big });
        const files = siteManifest(listSiteFiles(dir));
        const shape = { multipartThreshold: 6 * MiB, partSize: 5 * MiB };
        const bucket = new FakeBucket();
        await runSync(planSync(undefined, files, now), { directory: dir, store: bucket, retry: fastRetry(), shape });
        assert.ok(bucket.objects.get("media/video.bin")!.body.equals(big));
        assert.deepEqual(bucket.calls.filter((c) => c.endsWith("video.bin")), ["create-multipart media/video.bin", "part-1 media/video.bin", "part-2 media/video.bin", "part-3 media/video.bin", "complete-multipart media/video.bin"]);

        const failing = new FakeBucket();
        failing.fail = (call) => (call === "part-2" ? awsError("AccessDenied", 403) : undefined);
        await assert.rejects(runSync(planSync(undefined, files, now), { directory: dir, store: failing, retry: fastRetry(), shape }), /upload part 2 of 3 of media\/video.bin/);
        assert.deepEqual([failing.aborted, failing.uploads.size], [["media/video.bin"], 0], "no parts left to be billed");
    });

    it("refuses a file that changed since the plan", async () => {
        const plan = planSync(undefined, manifest, now);
        fs.writeFileSync(path.join(dir, "robots.txt"), "User-agent: x\n"); // same length, other bytes
        await assert.rejects(runSync(plan, { directory: dir, store: new FakeBucket(), retry: fastRetry() }), /robots.txt changed since the plan \(its SHA-256 differs\)/);
        fs.writeFileSync(path.join(dir, "robots.txt"), "longer than before\n");
        await assert.rejects(runSync(plan, { directory: dir, store: new FakeBucket(), retry: fastRetry() }), /robots.txt changed since the plan \(19 bytes, the plan has 14\)/);
    });

    it("deletes in batches of 1,000 and retries the keys S3 could not delete for a transient reason", async () => {
        const bucket = new FakeBucket();
        const keys = Array.from({ length: 2500 }, (_, i) => `k${i}`);
        for (const k of keys) bucket.objects.set(k, { body: Buffer.alloc(0), contentType: "", cacheControl: "", sha256: "" });
        let once = true;
        bucket.deleteErrors = (key) => (key === "k1500" && once ? ((once = false), "SlowDown") : undefined);
        await deleteKeys(bucket, keys, fastRetry());
        assert.deepEqual(bucket.calls, ["delete 1000", "delete 1000", "delete 1", "delete 500"]);
        assert.equal(bucket.objects.size, 0);

        const denied = new FakeBucket();
        denied.deleteErrors = (key) => (key === "k1" ? "AccessDenied" : undefined);
        await assert.rejects(deleteKeys(denied, ["k0", "k1"], fastRetry()), /could not delete k1 \(AccessDenied\)/);
    });

    it("reports progress in files and bytes after each upload; the printed line at most every two seconds, and the last", async () => {
        const seen: SyncProgress[] = [];
        await runSync(planSync(undefined, manifest, now), { directory: dir, store: new FakeBucket(), retry: fastRetry(), progress: (p) => seen.push(p) });
        assert.deepEqual(seen.map((p) => p.files), [1, 2, 3, 4, 5, 6, 7]);
        assert.ok(seen.every((p, i) => i === 0 || p.bytes >= seen[i - 1].bytes));
        assert.deepEqual(seen[seen.length - 1], { files: 7, totalFiles: 7, bytes: manifest.reduce((s, f) => s + f.size, 0), totalBytes: manifest.reduce((s, f) => s + f.size, 0) });

        const lines: string[] = [];
        let clock = 0;
        const report = progressLine((l) => lines.push(l), 2000, () => clock);
        const at = (t: number, files: number): void => {
            clock = t;
            report({ files, totalFiles: 3000, bytes: files * 40_000, totalBytes: 3000 * 40_000 });
        };
        at(0, 1);
        at(1000, 500);
        at(2500, 1200);
        at(2600, 3000);
        assert.deepEqual(lines, ["site sync: 1 of 3,000 files, 0.0 of 120.0 MB", "site sync: 1,200 of 3,000 files, 48.0 of 120.0 MB", "site sync: 3,000 of 3,000 files, 120.0 of 120.0 MB"]);
    });

    describe("isRetryable / withRetry", () => {
        it("tells throttling and transient failures from the rest", () => {
            for (const e of [awsError("SlowDown", 503), awsError("ThrottlingException", 400), awsError("TooManyInvalidationsInProgress", 400), awsError("Unknown", 502), { $retryable: { throttling: true } }, { code: "ETIMEDOUT" }, { name: "TimeoutError" }]) {
                assert.ok(isRetryable(e), JSON.stringify(e));
            }
            for (const e of [awsError("AccessDenied", 403), awsError("NoSuchBucket", 404), new Error("plain"), undefined, "text"]) {
                assert.ok(!isRetryable(e), String(e));
            }
        });
        it("keeps the cause and says how many tries it took", async () => {
            const cause = awsError("SlowDown", 503);
            const err = await withRetry("do it", async () => Promise.reject(cause), fastRetry(2)).catch((e: Error & { cause?: unknown }) => e);
            assert.equal((err as Error).message, "do it: SlowDown (fake) (after 2 tries)");
            assert.equal((err as { cause?: unknown }).cause, cause);
        });
    });
});

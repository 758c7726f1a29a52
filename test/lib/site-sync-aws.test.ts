/**
 * The sync's AWS SDK adapters (lib/site-sync-aws.ts) against the real
 * S3Client and CloudFrontClient, their `send` mocked by aws-sdk-client-mock:
 * every command the adapters build is the SDK's own class, and its input is
 * asserted as S3 and CloudFront would receive it. The mocked services keep
 * their state (objects, multipart uploads, invalidations by caller
 * reference) and fail the way the real ones do (SlowDown 503, throttling
 * 400/429, AccessDenied 403, per-key DeleteObjects errors), so the runner
 * (lib/site-sync-run.ts) is exercised end to end through the adapters.
 */
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    AbortMultipartUploadCommand,
    CompletedPart,
    CompleteMultipartUploadCommand,
    CreateMultipartUploadCommand,
    DeleteObjectsCommand,
    ObjectIdentifier,
    PutObjectCommand,
    S3Client,
    S3ServiceException,
    UploadPartCommand,
} from "@aws-sdk/client-s3";
import { CloudFrontClient, CloudFrontServiceException, CreateInvalidationCommand, TooManyInvalidationsInProgress } from "@aws-sdk/client-cloudfront";
import { mockClient } from "aws-sdk-client-mock";
import { listSiteFiles, siteManifest } from "../../lib/site-files";
import { DEFAULT_UPLOAD_SHAPE, ManifestEntry, planSync, SyncState } from "../../lib/site-sync";
import { cloudFrontCdn, cloudFrontClient, s3Client, s3Store } from "../../lib/site-sync-aws";
import { callerReference, runSync } from "../../lib/site-sync-run";
import { AWKWARD_SITE, fastRetry, writeSite } from "./site-sync-fixtures";

const MiB = 1024 ** 2;
const BUCKET = "site-bucket";
const DISTRIBUTION = "E2QWRUHEXAMPLE";

/** An S3 error as the SDK deserializes it. */
function s3Error(name: string, status: number): S3ServiceException {
    return new S3ServiceException({ name, message: `${name} (mock)`, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}
function cloudFrontError(name: string, status: number): CloudFrontServiceException {
    return new CloudFrontServiceException({ name, message: `${name} (mock)`, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}

const sha256 = (body: Uint8Array, encoding: "hex" | "base64"): string => crypto.createHash("sha256").update(body).digest(encoding);
const asBuffer = (body: unknown): Buffer => {
    assert.ok(Buffer.isBuffer(body), "the body is the file's bytes");
    return body;
};

interface Stored {
    body: Buffer;
    contentType?: string;
    cacheControl?: string;
    metadata?: Record<string, string>;
}

/**
 * A real S3Client whose `send` is mocked into a bucket held in memory. `fault`
 * is asked before each command is carried out; an error it returns is thrown
 * as the SDK would throw it.
 */
function mockedBucket() {
    const client = new S3Client({ region: "us-west-2", maxAttempts: 1, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
    const mock = mockClient(client);
    const objects = new Map<string, Stored>();
    const uploads = new Map<string, { key: string; stored: Omit<Stored, "body">; parts: Map<number, { body: Buffer; etag: string; checksum: string }> }>();
    const state = {
        client,
        mock,
        objects,
        uploads,
        fault: (_command: string, _key: string): Error | undefined => undefined,
        deleteError: (_key: string): string | undefined => undefined,
    };
    const check = (command: string, input: { Bucket?: string; Key?: string }): void => {
        assert.equal(input.Bucket, BUCKET, `${command} names the bucket`);
        const err = state.fault(command, input.Key ?? "");
        if (err) throw err;
    };
    let uploadIds = 0;
    mock.on(PutObjectCommand).callsFake((input) => {
        check("PutObject", input);
        const body = asBuffer(input.Body);
        assert.equal(input.ContentLength, body.length, `ContentLength of ${input.Key}`);
        // S3 checks x-amz-checksum-sha256 against the bytes it receives (BadDigest otherwise).
        assert.equal(input.ChecksumSHA256, sha256(body, "base64"), `ChecksumSHA256 of ${input.Key}`);
        objects.set(input.Key!, { body, contentType: input.ContentType, cacheControl: input.CacheControl, metadata: input.Metadata });
        return { ETag: `"${crypto.createHash("md5").update(body).digest("hex")}"`, ChecksumSHA256: input.ChecksumSHA256 };
    });
    mock.on(CreateMultipartUploadCommand).callsFake((input) => {
        check("CreateMultipartUpload", input);
        assert.equal(input.ChecksumAlgorithm, "SHA256", "parts carry SHA-256 checksums");
        const id = `upload-${++uploadIds}`;
        uploads.set(id, { key: input.Key!, stored: { contentType: input.ContentType, cacheControl: input.CacheControl, metadata: input.Metadata }, parts: new Map() });
        return { Bucket: input.Bucket, Key: input.Key, UploadId: id, ChecksumAlgorithm: "SHA256" };
    });
    mock.on(UploadPartCommand).callsFake((input) => {
        check(`UploadPart-${input.PartNumber}`, input);
        const upload = uploads.get(input.UploadId!);
        assert.ok(upload, `upload ${input.UploadId} is in progress`);
        assert.equal(upload.key, input.Key);
        const body = asBuffer(input.Body);
        assert.equal(input.ContentLength, body.length);
        assert.equal(input.ChecksumSHA256, sha256(body, "base64"), `ChecksumSHA256 of part ${input.PartNumber}`);
        const etag = `"part-${input.PartNumber}-${sha256(body, "hex").slice(0, 8)}"`;
        upload.parts.set(input.PartNumber!, { body, etag, checksum: input.ChecksumSHA256! });
        return { ETag: etag, ChecksumSHA256: input.ChecksumSHA256 };
    });
    mock.on(CompleteMultipartUploadCommand).callsFake((input) => {
        check("CompleteMultipartUpload", input);
        const upload = uploads.get(input.UploadId!);
        assert.ok(upload, `upload ${input.UploadId} is in progress`);
        const parts: CompletedPart[] = input.MultipartUpload?.Parts ?? [];
        assert.deepEqual(
            parts.map((p) => p.PartNumber),
            [...upload.parts.keys()].sort((a, b) => a - b),
            "every part, in order",
        );
        for (const p of parts) {
            const held: { etag: string; checksum: string } = upload.parts.get(p.PartNumber!)!;
            assert.deepEqual([p.ETag, p.ChecksumSHA256], [held.etag, held.checksum], `part ${p.PartNumber}'s ETag and checksum`);
        }
        objects.set(input.Key!, { ...upload.stored, body: Buffer.concat(parts.map((p) => upload.parts.get(p.PartNumber!)!.body)) });
        uploads.delete(input.UploadId!);
        return { Bucket: input.Bucket, Key: input.Key };
    });
    mock.on(AbortMultipartUploadCommand).callsFake((input) => {
        check("AbortMultipartUpload", input);
        assert.ok(uploads.delete(input.UploadId!), `upload ${input.UploadId} was in progress`);
        return {};
    });
    mock.on(DeleteObjectsCommand).callsFake((input) => {
        check("DeleteObjects", input);
        const keys = (input.Delete?.Objects ?? []).map((o: ObjectIdentifier) => o.Key!);
        assert.ok(keys.length >= 1 && keys.length <= 1000, "DeleteObjects takes 1 to 1,000 keys");
        assert.equal(input.Delete?.Quiet, true);
        const errors: { Key: string; Code: string; Message: string }[] = [];
        for (const key of keys) {
            const code = state.deleteError(key);
            if (code) errors.push({ Key: key, Code: code, Message: `${code} (mock)` });
            else objects.delete(key);
        }
        return errors.length > 0 ? { Errors: errors } : {};
    });
    return state;
}

/** A real CloudFrontClient whose `send` is mocked: one invalidation per caller reference, as CloudFront keeps them. */
function mockedDistribution() {
    const client = new CloudFrontClient({ region: "us-west-2", maxAttempts: 1, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
    const mock = mockClient(client);
    const invalidations = new Map<string, { id: string; paths: string[] }>();
    const state = { client, mock, invalidations, fault: (): Error | undefined => undefined };
    mock.on(CreateInvalidationCommand).callsFake((input) => {
        assert.equal(input.DistributionId, DISTRIBUTION);
        const err = state.fault();
        if (err) throw err;
        const batch = input.InvalidationBatch!;
        const paths = batch.Paths!.Items!;
        assert.equal(batch.Paths!.Quantity, paths.length, "Quantity is the number of paths");
        const known = invalidations.get(batch.CallerReference!);
        if (known) {
            // CloudFront: the same reference with another batch is InvalidationBatchAlreadyExists.
            if (JSON.stringify(known.paths) !== JSON.stringify(paths)) throw cloudFrontError("InvalidationBatchAlreadyExists", 409);
            return { Invalidation: { Id: known.id, Status: "InProgress" } };
        }
        const id = `I${invalidations.size + 1}EXAMPLE`;
        invalidations.set(batch.CallerReference!, { id, paths });
        return { Location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${DISTRIBUTION}/invalidation/${id}`, Invalidation: { Id: id, Status: "InProgress" } };
    });
    return state;
}

const inputsOf = <T>(mock: { commandCalls(command: never): { args: [{ input: T }] }[] }, command: unknown): T[] => mock.commandCalls(command as never).map((c) => c.args[0].input);

describe("lib/site-sync-aws on the real S3 and CloudFront clients (aws-sdk-client-mock)", () => {
    let tmp: string;
    let dir: string;
    let manifest: ManifestEntry[];
    const now = new Date("2026-12-01T00:00:00Z");
    const week = 7 * 24 * 3600 * 1000;

    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "site-sync-aws-"));
        dir = path.join(tmp, "site");
        writeSite(dir, AWKWARD_SITE);
        manifest = siteManifest(listSiteFiles(dir));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    const io = (bucket: ReturnType<typeof mockedBucket>, cdn?: ReturnType<typeof mockedDistribution>, retry = fastRetry()) => ({
        directory: dir,
        store: s3Store(bucket.client, BUCKET),
        cdn: cdn ? cloudFrontCdn(cdn.client, DISTRIBUTION) : undefined,
        retry,
    });

    it("sends one PutObject per file with Bucket, Key, ContentType, CacheControl, ContentLength, the hash as metadata and the SHA-256 checksum: empty files, unicode and spaces, nested directories", async () => {
        const bucket = mockedBucket();
        await runSync(planSync(undefined, manifest, now), io(bucket));
        const puts = inputsOf(bucket.mock, PutObjectCommand);
        assert.equal(puts.length, manifest.length);
        for (const entry of manifest) {
            const put = puts.find((p) => p.Key === entry.key);
            assert.ok(put, `PutObject ${entry.key}`);
            const { Body, ...input } = put;
            assert.ok(asBuffer(Body).equals(fs.readFileSync(path.join(dir, ...entry.key.split("/")))), `the bytes of ${entry.key}`);
            assert.deepEqual(input, {
                Bucket: BUCKET,
                Key: entry.key,
                ContentLength: entry.size,
                ContentType: entry.contentType,
                CacheControl: entry.cacheControl,
                Metadata: { sha256: entry.sha256 },
                ChecksumSHA256: Buffer.from(entry.sha256, "hex").toString("base64"),
            });
        }
        // The key goes to the SDK as it is ("/"-separated, unencoded): the SDK encodes the request path.
        assert.deepEqual([...bucket.objects.keys()].sort(), ["a/b/c/deep.json", "assets/app.1a2b3c4d.js", "assets/app.5e6f7a8b.css", "docs/my file é.txt", "empty.txt", "index.html", "robots.txt"]);
        const empty = puts.find((p) => p.Key === "empty.txt")!;
        assert.deepEqual([empty.ContentLength, asBuffer(empty.Body).length, empty.ChecksumSHA256], [0, 0, sha256(Buffer.alloc(0), "base64")]);
        assert.deepEqual([bucket.objects.get("index.html")!.contentType, bucket.objects.get("index.html")!.cacheControl], ["text/html; charset=utf-8", "no-cache"]);
        assert.deepEqual([bucket.objects.get("assets/app.1a2b3c4d.js")!.contentType, bucket.objects.get("assets/app.1a2b3c4d.js")!.cacheControl], ["text/javascript; charset=utf-8", "public, max-age=31536000, immutable"]);
        assert.equal(puts[puts.length - 1].Key, "index.html", "the entry point goes up last");
        assert.equal(bucket.mock.calls().length, manifest.length, "nothing but the uploads: no list, no head, no invalidation on a first deploy");
    });

    it("retries S3's SlowDown (503) and CloudFront's throttling (400, 429) with back-off, then succeeds", async () => {
        const bucket = mockedBucket();
        const cdn = mockedDistribution();
        await runSync(planSync(undefined, manifest, now), io(bucket, cdn));

        fs.writeFileSync(path.join(dir, "robots.txt"), "User-agent: *\nDisallow: /x\n");
        const plan = planSync(planSync(undefined, manifest, now).state, siteManifest(listSiteFiles(dir)), now);
        bucket.mock.resetHistory();
        let slowDowns = 2;
        bucket.fault = (command) => (command === "PutObject" && slowDowns-- > 0 ? s3Error("SlowDown", 503) : undefined);
        const cloudFrontFaults = [new TooManyInvalidationsInProgress({ message: "too many (mock)", $metadata: { httpStatusCode: 400 } }), cloudFrontError("Throttling", 400), cloudFrontError("TooManyRequests", 429)];
        cdn.fault = () => cloudFrontFaults.shift();
        const retry = fastRetry();
        await runSync(plan, io(bucket, cdn, retry));

        assert.deepEqual(
            inputsOf(bucket.mock, PutObjectCommand).map((p) => p.Key),
            ["robots.txt", "robots.txt", "robots.txt"],
            "the same PutObject, three times",
        );
        assert.equal(bucket.objects.get("robots.txt")!.body.toString(), "User-agent: *\nDisallow: /x\n");
        const invalidations = inputsOf(cdn.mock, CreateInvalidationCommand);
        assert.equal(invalidations.length, 4, "three throttled, one accepted");
        assert.deepEqual([...cdn.invalidations.values()].map((i) => i.paths), [["/robots.txt"]]);
        // S3: 50, 100; CloudFront: 50, 100, 200 (full jitter at 0.5 of a doubling ceiling).
        assert.deepEqual(retry.waits, [50, 100, 50, 100, 200]);
    });

    it("gives up on throttling after the policy's tries, naming the call and the SDK's error", async () => {
        const bucket = mockedBucket();
        bucket.fault = (command, key) => (command === "PutObject" && key === "robots.txt" ? s3Error("SlowDown", 503) : undefined);
        const err = (await runSync(planSync(undefined, manifest, now), io(bucket, undefined, fastRetry(3))).catch((e: unknown) => e)) as Error & { cause?: unknown };
        assert.equal(err.message, "upload robots.txt: SlowDown (mock) (after 3 tries)");
        assert.ok(err.cause instanceof S3ServiceException && err.cause.name === "SlowDown");
        assert.equal(inputsOf(bucket.mock, PutObjectCommand).filter((p) => p.Key === "robots.txt").length, 3);
        assert.ok(!inputsOf(bucket.mock, PutObjectCommand).some((p) => p.Key === "index.html"), "the entry point never goes up over missing files");
    });

    it("a re-run after a partial failure converges: the failed uploads go again, the invalidation is asked for again under the same caller reference and made once", async () => {
        const bucket = mockedBucket();
        const cdn = mockedDistribution();
        const v1 = planSync(undefined, manifest, now);
        await runSync(v1, io(bucket, cdn));

        fs.writeFileSync(path.join(dir, "robots.txt"), "changed");
        fs.rmSync(path.join(dir, "assets/app.1a2b3c4d.js"));
        fs.writeFileSync(path.join(dir, "assets/app.9f9f9f9f.js"), "console.log(2)");
        fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><script src=assets/app.9f9f9f9f.js></script>");
        const v2files = siteManifest(listSiteFiles(dir));
        // Pulumi keeps the outputs of the last successful sync: every try plans from v1's state.
        const state: SyncState = v1.state;

        // Try 1: the new chunk is refused for good; nothing after it goes up.
        bucket.mock.resetHistory();
        bucket.fault = (command, key) => (command === "PutObject" && key === "assets/app.9f9f9f9f.js" ? s3Error("AccessDenied", 403) : undefined);
        await assert.rejects(runSync(planSync(state, v2files, now), io(bucket, cdn)), /upload assets\/app.9f9f9f9f.js: AccessDenied/);
        assert.ok(!inputsOf(bucket.mock, PutObjectCommand).some((p) => p.Key === "index.html"), "index.html waits for its chunk");
        assert.equal(bucket.objects.get("index.html")!.body.toString(), "<!doctype html><script src=assets/app.1a2b3c4d.js></script>", "the live site is still v1's");
        assert.equal(inputsOf(cdn.mock, CreateInvalidationCommand).length, 0);

        // Try 2: the uploads work, CloudFront refuses.
        bucket.fault = () => undefined;
        cdn.fault = () => cloudFrontError("AccessDenied", 403);
        await assert.rejects(runSync(planSync(state, v2files, now), io(bucket, cdn)), /invalidate 1 CloudFront paths: AccessDenied/);
        const reference = inputsOf(cdn.mock, CreateInvalidationCommand)[0].InvalidationBatch!.CallerReference;

        // Try 3: everything works; it uploads the plan again (S3 PUTs are idempotent) and converges.
        cdn.fault = () => undefined;
        bucket.mock.resetHistory();
        const plan = planSync(state, v2files, now);
        await runSync(plan, io(bucket, cdn));
        assert.deepEqual(inputsOf(bucket.mock, PutObjectCommand).map((p) => p.Key), ["assets/app.9f9f9f9f.js", "robots.txt", "index.html"]);
        for (const f of v2files) assert.equal(sha256(bucket.objects.get(f.key)!.body, "hex"), f.sha256, f.key);
        assert.ok(bucket.objects.has("assets/app.1a2b3c4d.js"), "the old chunk stays for the grace period");
        assert.equal(inputsOf(cdn.mock, CreateInvalidationCommand).at(-1)!.InvalidationBatch!.CallerReference, reference);
        assert.equal(reference, callerReference(plan));
        assert.deepEqual([...cdn.invalidations.values()].map((i) => i.paths), [["/robots.txt"]], "one invalidation, of the changed cacheable path only");

        // A fourth run of the same plan (say, Pulumi lost the outputs) changes nothing in the bucket and makes no second invalidation.
        await runSync(plan, io(bucket, cdn));
        assert.equal(cdn.invalidations.size, 1);
    });

    it("uploads only what changed, invalidates only changed cacheable paths (percent-encoded), and sends nothing when nothing changed", async () => {
        const bucket = mockedBucket();
        const cdn = mockedDistribution();
        const first = planSync(undefined, manifest, now);
        await runSync(first, io(bucket, cdn));

        fs.writeFileSync(path.join(dir, "docs/my file é.txt"), "v2");
        fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><p>v2");
        fs.writeFileSync(path.join(dir, "new.txt"), "new");
        bucket.mock.resetHistory();
        const second = planSync(first.state, siteManifest(listSiteFiles(dir)), now);
        await runSync(second, io(bucket, cdn));
        assert.deepEqual(inputsOf(bucket.mock, PutObjectCommand).map((p) => p.Key), ["docs/my file é.txt", "new.txt", "index.html"]);
        assert.deepEqual(inputsOf(cdn.mock, CreateInvalidationCommand), [
            { DistributionId: DISTRIBUTION, InvalidationBatch: { CallerReference: callerReference(second), Paths: { Quantity: 1, Items: ["/docs/my%20file%20%C3%A9.txt"] } } },
        ]);

        bucket.mock.resetHistory();
        cdn.mock.resetHistory();
        await runSync(planSync(second.state, siteManifest(listSiteFiles(dir)), now), io(bucket, cdn));
        assert.deepEqual([bucket.mock.calls().length, cdn.mock.calls().length], [0, 0], "no S3 or CloudFront call");
    });

    it("deletes removed files only after the grace period, in DeleteObjects batches, retrying keys S3 reports as throttled", async () => {
        const bucket = mockedBucket();
        const first = planSync(undefined, manifest, now);
        await runSync(first, io(bucket));
        fs.rmSync(path.join(dir, "docs"), { recursive: true });
        fs.rmSync(path.join(dir, "empty.txt"));
        const files = siteManifest(listSiteFiles(dir));

        bucket.mock.resetHistory();
        const removed = planSync(first.state, files, now);
        await runSync(removed, io(bucket));
        assert.equal(inputsOf(bucket.mock, DeleteObjectsCommand).length, 0, "kept for the grace period");
        assert.ok(bucket.objects.has("docs/my file é.txt") && bucket.objects.has("empty.txt"));

        const tooSoon = planSync(removed.state, files, new Date(now.getTime() + week - 1000));
        await runSync(tooSoon, io(bucket));
        assert.equal(inputsOf(bucket.mock, DeleteObjectsCommand).length, 0, "a second short of a week");

        let once = true;
        bucket.deleteError = (key) => (key === "empty.txt" && once ? ((once = false), "SlowDown") : undefined);
        await runSync(planSync(tooSoon.state, files, new Date(now.getTime() + week)), io(bucket));
        assert.deepEqual(
            inputsOf(bucket.mock, DeleteObjectsCommand).map((d) => d.Delete),
            [
                { Objects: [{ Key: "docs/my file é.txt" }, { Key: "empty.txt" }], Quiet: true },
                { Objects: [{ Key: "empty.txt" }], Quiet: true },
            ],
        );
        assert.deepEqual([...bucket.objects.keys()].sort(), files.map((f) => f.key).sort());

        bucket.deleteError = (key) => (key === "robots.txt" ? "AccessDenied" : undefined);
        assert.deepEqual(await s3Store(bucket.client, BUCKET).deleteObjects(["robots.txt"]), [{ key: "robots.txt", code: "AccessDenied", message: "AccessDenied (mock)" }], "per-key errors are read back");
    });

    it("sends a file above the multipart threshold in parts (CreateMultipartUpload, UploadPart with checksums, CompleteMultipartUpload), and aborts a failed one", async () => {
        // A sparse file just over the default threshold: three parts of the default shape (8 + 8 + 1 MiB and a bit).
        const size = DEFAULT_UPLOAD_SHAPE.multipartThreshold + MiB + 123;
        fs.mkdirSync(path.join(dir, "media"));
        const file = path.join(dir, "media", "video clip.bin");
        fs.writeFileSync(file, "");
        fs.truncateSync(file, size);
        fs.writeFileSync(path.join(dir, "media", "marker"), "x");
        const fd = fs.openSync(file, "r+");
        fs.writeSync(fd, Buffer.from("start"), 0, 5, 0);
        fs.writeSync(fd, Buffer.from("end"), 0, 3, size - 3);
        fs.closeSync(fd);
        const files = siteManifest(listSiteFiles(dir));
        const entry = files.find((f) => f.key === "media/video clip.bin")!;
        assert.equal(entry.size, size);

        const bucket = mockedBucket();
        await runSync(planSync(undefined, files, now), io(bucket));
        assert.ok(!inputsOf(bucket.mock, PutObjectCommand).some((p) => p.Key === entry.key), "no single PUT of it");
        assert.deepEqual(inputsOf(bucket.mock, CreateMultipartUploadCommand), [
            { Bucket: BUCKET, Key: entry.key, ContentType: entry.contentType, CacheControl: entry.cacheControl, Metadata: { sha256: entry.sha256 }, ChecksumAlgorithm: "SHA256" },
        ]);
        const parts = inputsOf(bucket.mock, UploadPartCommand);
        assert.deepEqual(
            parts.map((p) => [p.Bucket, p.Key, p.UploadId, p.PartNumber, p.ContentLength]),
            [
                [BUCKET, entry.key, "upload-1", 1, 8 * MiB],
                [BUCKET, entry.key, "upload-1", 2, 8 * MiB],
                [BUCKET, entry.key, "upload-1", 3, MiB + 123],
            ],
        );
        const completes = inputsOf(bucket.mock, CompleteMultipartUploadCommand);
        assert.equal(completes.length, 1);
        assert.deepEqual(
            completes[0].MultipartUpload!.Parts!.map((p: CompletedPart) => p.ChecksumSHA256),
            parts.map((p) => p.ChecksumSHA256),
        );
        assert.equal(sha256(bucket.objects.get(entry.key)!.body, "hex"), entry.sha256, "the object is the file");
        assert.equal(bucket.uploads.size, 0);

        // A part that fails for good: the upload is aborted (its parts are billed until then), nothing completed.
        const failing = mockedBucket();
        failing.fault = (command) => (command === "UploadPart-2" ? s3Error("AccessDenied", 403) : undefined);
        await assert.rejects(runSync(planSync(undefined, files, now), io(failing)), /upload part 2 of 3 of media\/video clip.bin: AccessDenied/);
        assert.deepEqual(inputsOf(failing.mock, AbortMultipartUploadCommand), [{ Bucket: BUCKET, Key: entry.key, UploadId: "upload-1" }]);
        assert.equal(inputsOf(failing.mock, CompleteMultipartUploadCommand).length, 0);
        assert.equal(failing.uploads.size, 0, "no upload left in progress");

        // A throttled part is retried on its own; the upload goes on.
        const throttled = mockedBucket();
        let once = true;
        throttled.fault = (command) => (command === "UploadPart-3" && once ? ((once = false), s3Error("SlowDown", 503)) : undefined);
        await runSync(planSync(undefined, files, now), io(throttled));
        assert.deepEqual(inputsOf(throttled.mock, UploadPartCommand).map((p) => p.PartNumber), [1, 2, 3, 3]);
        assert.equal(inputsOf(throttled.mock, AbortMultipartUploadCommand).length, 0);
        assert.equal(sha256(throttled.objects.get(entry.key)!.body, "hex"), entry.sha256);
    });

    it("refuses a multipart upload S3 gave no upload id for, and aborts when CompleteMultipartUpload fails", async () => {
        const silent = mockedBucket();
        silent.mock.on(CreateMultipartUploadCommand).resolves({});
        await assert.rejects(s3Store(silent.client, BUCKET).createMultipartUpload(manifest[0]), /S3 gave no upload id for/);

        const bucket = mockedBucket();

        const shape = { multipartThreshold: 6 * MiB, partSize: 5 * MiB };
        writeSite(dir, { "big.bin": crypto.randomBytes(7 * MiB) });
        const files = siteManifest(listSiteFiles(dir));
        bucket.fault = (command) => (command === "CompleteMultipartUpload" ? s3Error("InvalidPart", 400) : undefined);
        await assert.rejects(runSync(planSync(undefined, files, now), { ...io(bucket), shape }), /complete the multipart upload of big.bin: InvalidPart/);
        assert.deepEqual(inputsOf(bucket.mock, AbortMultipartUploadCommand).map((a) => [a.Key, a.UploadId]), [["big.bin", "upload-1"]]);
    });

    it("gives both clients the stack's credentials profile, and none without one", () => {
        assert.equal((s3Client("eu-west-1", "deploy") as S3Client).config.profile, "deploy");
        assert.equal((cloudFrontClient("eu-west-1", "deploy") as CloudFrontClient).config.profile, "deploy");
        assert.equal((s3Client("eu-west-1") as S3Client).config.profile, undefined);
    });

    it("builds real clients: S3 in the bucket's region, CloudFront in it too (its endpoint is global), one SDK attempt per call", async () => {
        const s3 = s3Client("eu-west-1");
        assert.ok(s3 instanceof S3Client);
        assert.equal(await (s3 as S3Client).config.region(), "eu-west-1");
        assert.equal(await (s3 as S3Client).config.maxAttempts(), 1);
        const cf = cloudFrontClient("eu-west-1");
        assert.ok(cf instanceof CloudFrontClient);
        assert.equal(await (cf as CloudFrontClient).config.region(), "eu-west-1", "a region, whatever AWS_REGION says: without one the SDK throws 'Region is missing'");
        assert.equal(await (cf as CloudFrontClient).config.maxAttempts(), 1);
    });
});

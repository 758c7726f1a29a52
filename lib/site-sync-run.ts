/**
 * Carries out a sync plan (lib/site-sync.ts) against a bucket and a
 * distribution, through two small ports: `SiteStore` (the S3 calls) and
 * `SiteCdn` (CloudFront's CreateInvalidation). The AWS SDK adapters of the
 * ports are in lib/site-sync-aws.ts (tested on the real clients with
 * aws-sdk-client-mock); the runner's own tests give in-memory ports.
 *
 * - uploads run `concurrency` at a time, every file before the entry points
 *   (index.html last), so a browser never gets an index.html whose chunks
 *   are not there yet; a file that changed on disk since the plan fails the
 *   sync rather than uploading bytes the manifest does not describe;
 * - files above the multipart threshold go up in parts (S3 takes at most
 *   5 GiB in one PUT), each part with its SHA-256 checksum; a failed
 *   multipart upload is aborted, so no orphan parts are billed;
 * - every call is retried on throttling and on transient failures, with
 *   exponential back-off and full jitter;
 * - the invalidation's caller reference is derived from its paths and the
 *   manifest, so a re-run after a failure asks CloudFront for the same
 *   invalidation again and CloudFront does not create a second one;
 * - deletions run last, in batches of 1,000 (DeleteObjects' limit), and a
 *   key the batch reports as failed is retried.
 *
 * Everything is idempotent: a sync that fails part-way leaves the state of
 * the last successful one, and the next run plans from it again and
 * converges.
 *
 * This module imports only lib/site-sync.ts (see that module on why).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_UPLOAD_SHAPE, isCacheable, ManifestEntry, outcomeOf, partsOf, SyncOutcome, SyncPlan, UploadShape } from "./site-sync";

/** The S3 calls a sync makes. Each throws the SDK's error on failure. */
export interface SiteStore {
    /** PutObject with the entry's headers and its SHA-256 checksum. */
    putObject(entry: ManifestEntry, body: Buffer): Promise<void>;
    /** CreateMultipartUpload with the entry's headers (checksum algorithm SHA256); returns the upload id. */
    createMultipartUpload(entry: ManifestEntry): Promise<string>;
    /** UploadPart with the part's SHA-256 checksum (base64); returns the part's ETag and checksum. */
    uploadPart(key: string, uploadId: string, partNumber: number, body: Buffer, checksumSha256: string): Promise<{ etag: string; checksumSha256: string }>;
    completeMultipartUpload(key: string, uploadId: string, parts: { partNumber: number; etag: string; checksumSha256: string }[]): Promise<void>;
    abortMultipartUpload(key: string, uploadId: string): Promise<void>;
    /** DeleteObjects (at most 1,000 keys, quiet); returns the keys S3 could not delete, with its error code. */
    deleteObjects(keys: string[]): Promise<{ key: string; code: string; message?: string }[]>;
}

/** CloudFront's CreateInvalidation for the site's distribution; returns the invalidation's id. */
export interface SiteCdn {
    createInvalidation(paths: string[], callerReference: string): Promise<string>;
}

/** How failed calls are retried. */
export interface RetryPolicy {
    /** Tries of one call, the first included. */
    attempts: number;
    /** Back-off before the second try; doubles each time, up to `maxDelayMs`. */
    baseDelayMs: number;
    maxDelayMs: number;
    sleep(ms: number): Promise<void>;
    /** A number in [0, 1), for the jitter. */
    random(): number;
}

export const DEFAULT_RETRY: RetryPolicy = {
    attempts: 8,
    baseDelayMs: 200,
    maxDelayMs: 20_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
};

/** Progress of the uploads, after each file. */
export interface SyncProgress {
    files: number;
    totalFiles: number;
    bytes: number;
    totalBytes: number;
}

export interface SyncIo {
    /** The site directory the manifest's keys are relative to. */
    directory: string;
    store: SiteStore;
    /** Absent: the plan's invalidations are skipped (a bucket with no distribution). */
    cdn?: SiteCdn;
    /** Uploads at a time. Default 8. */
    concurrency?: number;
    retry?: RetryPolicy;
    shape?: UploadShape;
    progress?: (p: SyncProgress) => void;
}

/**
 * S3 and CloudFront error codes that mean "try again later". Arrays, not
 * Sets: Pulumi serializes the provider's closure, and a serialized Set is a
 * plain object whose `has` throws "Method Set.prototype.has called on
 * incompatible receiver" (so every failure in a deploy would have thrown
 * that TypeError instead of being retried or reported).
 */
const RETRYABLE_CODES: readonly string[] = [
    "SlowDown",
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "ProvisionedThroughputExceededException",
    "TooManyInvalidationsInProgress",
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "ServiceUnavailable",
    "TimeoutError",
];
const RETRYABLE_STATUS: readonly number[] = [429, 500, 502, 503, 504];
const RETRYABLE_NETWORK: readonly string[] = ["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH"];

/** Whether an SDK or network error is worth another try: throttling, a 5xx, a timeout, a dropped connection. */
export function isRetryable(err: unknown): boolean {
    if (err === null || typeof err !== "object") return false;
    const e = err as { name?: unknown; Code?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown }; $retryable?: unknown };
    if (e.$retryable !== undefined && e.$retryable !== null && e.$retryable !== false) return true;
    for (const code of [e.name, e.Code, e.code]) {
        if (typeof code === "string" && (RETRYABLE_CODES.includes(code) || RETRYABLE_NETWORK.includes(code))) return true;
    }
    const status = e.$metadata?.httpStatusCode;
    return typeof status === "number" && RETRYABLE_STATUS.includes(status);
}

/** Runs `call`, again after a back-off while it fails with a retryable error, at most `policy.attempts` times. */
export async function withRetry<T>(what: string, call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            if (attempt >= policy.attempts || !isRetryable(err)) {
                const message = err instanceof Error ? err.message : String(err);
                throw Object.assign(new Error(`${what}: ${message}${attempt > 1 ? ` (after ${attempt} tries)` : ""}`), { cause: err });
            }
            // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").
            const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            await policy.sleep(Math.floor(policy.random() * ceiling));
        }
    }
}

/** Runs `work` over `items`, `limit` at a time; the first failure stops new work and is thrown once the running ones end. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    let failure: { err: unknown } | undefined;
    const worker = async (): Promise<void> => {
        while (failure === undefined && next < items.length) {
            const item = items[next++];
            try {
                await work(item);
            } catch (err) {
                failure ??= { err };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    if (failure !== undefined) throw failure.err;
}

const sha256 = (data: Buffer): Buffer => crypto.createHash("sha256").update(data).digest();

/** The file of an entry, refused when it is not what the manifest says any more. */
function fileOf(directory: string, entry: ManifestEntry): string {
    const file = path.join(directory, ...entry.key.split("/"));
    const size = fs.statSync(file).size;
    if (size !== entry.size) {
        throw new Error(`${entry.key} changed since the plan (${size} bytes, the plan has ${entry.size}); run the deploy again`);
    }
    return file;
}

function checkHash(entry: ManifestEntry, hex: string): void {
    if (hex !== entry.sha256) throw new Error(`${entry.key} changed since the plan (its SHA-256 differs); run the deploy again`);
}

async function uploadOne(io: SyncIo, entry: ManifestEntry, retry: RetryPolicy, shape: UploadShape): Promise<void> {
    const file = fileOf(io.directory, entry);
    const parts = partsOf(entry.size, shape);
    if (parts === undefined) {
        const body = fs.readFileSync(file);
        checkHash(entry, sha256(body).toString("hex"));
        await withRetry(`upload ${entry.key}`, () => io.store.putObject(entry, body), retry);
        return;
    }
    const uploadId = await withRetry(`start the multipart upload of ${entry.key}`, () => io.store.createMultipartUpload(entry), retry);
    try {
        const whole = crypto.createHash("sha256");
        const done: { partNumber: number; etag: string; checksumSha256: string }[] = [];
        const fd = fs.openSync(file, "r");
        try {
            for (let i = 0; i < parts.length; i++) {
                const [start, end] = parts[i];
                const body = Buffer.allocUnsafe(end - start);
                let read = 0;
                while (read < body.length) {
                    const n = fs.readSync(fd, body, read, body.length - read, start + read);
                    if (n === 0) throw new Error(`${entry.key} changed since the plan (shorter than ${entry.size} bytes); run the deploy again`);
                    read += n;
                }
                whole.update(body);
                const checksum = sha256(body).toString("base64");
                const part = await withRetry(`upload part ${i + 1} of ${parts.length} of ${entry.key}`, () => io.store.uploadPart(entry.key, uploadId, i + 1, body, checksum), retry);
                done.push({ partNumber: i + 1, etag: part.etag, checksumSha256: part.checksumSha256 });
            }
        } finally {
            fs.closeSync(fd);
        }
        checkHash(entry, whole.digest("hex"));
        await withRetry(`complete the multipart upload of ${entry.key}`, () => io.store.completeMultipartUpload(entry.key, uploadId, done), retry);
    } catch (err) {
        // Parts of an upload never completed are billed until aborted.
        await withRetry(`abort the multipart upload of ${entry.key}`, () => io.store.abortMultipartUpload(entry.key, uploadId), retry).catch(() => undefined);
        throw err;
    }
}

/** The caller reference of an invalidation: the same paths for the same manifest give the same one (CloudFront then creates no second invalidation). */
export function callerReference(plan: SyncPlan): string {
    const digest = crypto.createHash("sha256");
    for (const f of plan.state.files) digest.update(`${f.key}\0${f.sha256}\0${f.cacheControl}\n`);
    digest.update(plan.invalidate.join("\n"));
    return `shoestring-${digest.digest("hex").slice(0, 32)}`;
}

/** Deletes keys in batches of 1,000, retrying the keys a batch could not delete. */
export async function deleteKeys(store: SiteStore, keys: readonly string[], retry: RetryPolicy = DEFAULT_RETRY): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
        let batch = keys.slice(i, i + 1000);
        for (let attempt = 1; batch.length > 0; attempt++) {
            const failed = await withRetry(`delete ${batch.length} objects`, () => store.deleteObjects(batch), retry);
            if (failed.length === 0) break;
            const again = failed.filter((f) => isRetryable({ name: f.code }));
            if (again.length < failed.length || attempt >= retry.attempts) {
                throw new Error(`could not delete ${failed.map((f) => `${f.key} (${f.code}${f.message ? `: ${f.message}` : ""})`).join(", ")}`);
            }
            await retry.sleep(Math.floor(retry.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1))));
            batch = again.map((f) => f.key);
        }
    }
}

/** Carries out a plan: uploads, then the invalidation, then the deletions. */
export async function runSync(plan: SyncPlan, io: SyncIo): Promise<SyncOutcome> {
    const retry = io.retry ?? DEFAULT_RETRY;
    const shape = io.shape ?? DEFAULT_UPLOAD_SHAPE;
    const concurrency = io.concurrency ?? 8;
    const totalBytes = plan.upload.reduce((sum, e) => sum + e.size, 0);
    const progress: SyncProgress = { files: 0, totalFiles: plan.upload.length, bytes: 0, totalBytes };
    const one = async (entry: ManifestEntry): Promise<void> => {
        await uploadOne(io, entry, retry, shape);
        progress.files++;
        progress.bytes += entry.size;
        io.progress?.({ ...progress });
    };
    // The entry points go up once everything they may name is there.
    const rest = plan.upload.filter((e) => isCacheable(e.cacheControl));
    const entryPoints = plan.upload.filter((e) => !isCacheable(e.cacheControl));
    await pool(rest, concurrency, one);
    await pool(entryPoints, concurrency, one);

    if (plan.invalidate.length > 0 && io.cdn) {
        const cdn = io.cdn;
        const reference = callerReference(plan);
        await withRetry(`invalidate ${plan.invalidate.length} CloudFront paths`, () => cdn.createInvalidation(plan.invalidate, reference), retry);
    }
    await deleteKeys(io.store, plan.delete, retry);
    return outcomeOf(plan);
}

/**
 * A progress reporter for a long upload: a line at most every `everyMs`
 * (and the last one always), as "12 of 3,000 files, 1.2 of 45.0 MB".
 */
export function progressLine(print: (line: string) => void, everyMs = 2000, now: () => number = Date.now): (p: SyncProgress) => void {
    let last = -Infinity;
    const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
    return (p) => {
        const t = now();
        if (p.files < p.totalFiles && t - last < everyMs) return;
        last = t;
        print(`site sync: ${p.files.toLocaleString("en-US")} of ${p.totalFiles.toLocaleString("en-US")} files, ${mb(p.bytes)} of ${mb(p.totalBytes)} MB`);
    };
}

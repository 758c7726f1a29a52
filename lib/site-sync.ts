/**
 * The sync plan of a static site: from the manifest of the last deploy and
 * the manifest of this one, which objects to upload, which removed objects
 * to keep a while longer, which to delete, and which CloudFront paths to
 * invalidate. Pure: no AWS call, no clock (the time is passed in), no file.
 *
 * The plan runs in the site's sync resource (components/site-sync.ts, in
 * `pulumi up`) and in the offline mocks (what a first deploy would do), so
 * the record shows the same plan the deploy carries out.
 *
 * This module imports nothing of the project: the sync resource's provider
 * is serialized by Pulumi with every function it reaches, and stays small.
 */

/** The type token of the sync resource (components/site-sync.ts): `pulumi-nodejs:dynamic/<module>:<type>`. */
export const SITE_SYNC_TYPE = "pulumi-nodejs:dynamic/shoestring:SiteSync";

/** One file of the site as the bucket should hold it. */
export interface ManifestEntry {
    /** Object key: the path below the site directory, "/"-separated. */
    key: string;
    /** Bytes. */
    size: number;
    /** SHA-256 of the content, hex. */
    sha256: string;
    contentType: string;
    cacheControl: string;
}

/** A file the site no longer has, still in the bucket until its grace period ends. */
export interface RetiredEntry extends ManifestEntry {
    /** When a deploy first found it gone (ISO 8601). */
    retiredAt: string;
}

/** What the sync resource keeps in its state between deploys. */
export interface SyncState {
    files: ManifestEntry[];
    retired: RetiredEntry[];
}

/** How long removed files stay, and when paths are invalidated by one wildcard. */
export interface SyncOptions {
    /**
     * Seconds a removed file stays in the bucket, so a browser still running
     * the previous deploy can load its chunks (SST issue 5673). The delete
     * happens at the first deploy after that time.
     */
    graceSeconds: number;
    /** Above this many paths, one `/*` is invalidated instead (it counts as one path). */
    maxInvalidationPaths: number;
}

/** A week: longer than any browser session on one page. */
export const DEFAULT_GRACE_SECONDS = 7 * 24 * 3600;
/** CloudFront takes at most 3,000 file paths in progress per distribution; a wildcard path counts as one path for billing. */
export const DEFAULT_MAX_INVALIDATION_PATHS = 100;

export const DEFAULT_SYNC_OPTIONS: SyncOptions = { graceSeconds: DEFAULT_GRACE_SECONDS, maxInvalidationPaths: DEFAULT_MAX_INVALIDATION_PATHS };

/** S3's largest object: 5 TiB (a single PUT takes at most 5 GiB; above that, multipart only). */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;
/** S3's largest single PUT. */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;
/** S3's most parts of one multipart upload. */
export const MAX_PARTS = 10_000;
/** S3's smallest part (all but the last). */
export const MIN_PART_BYTES = 5 * 1024 ** 2;

/** How a file of a size goes up. */
export interface UploadShape {
    /** Above this size, multipart (never above 5 GiB: a single PUT cannot). */
    multipartThreshold: number;
    /** Preferred part size (raised when the file would need more than 10,000 parts). */
    partSize: number;
}

export const DEFAULT_UPLOAD_SHAPE: UploadShape = { multipartThreshold: 16 * 1024 ** 2, partSize: 8 * 1024 ** 2 };

/** The plan of one deploy. */
export interface SyncPlan {
    /** New files and files whose content or headers changed, entry points last (see `uploadOrder`). */
    upload: ManifestEntry[];
    /** Files already in the bucket as they should be. */
    unchanged: number;
    /** Keys whose grace period is over: deleted after the uploads. */
    delete: string[];
    /** CloudFront paths to invalidate: changed files a cache may hold. Empty when nothing cacheable changed. */
    invalidate: string[];
    /** The state after the deploy. */
    state: SyncState;
}

/** What a sync did, kept in the resource's outputs. */
export interface SyncOutcome {
    uploadedFiles: number;
    uploadedBytes: number;
    unchangedFiles: number;
    deletedFiles: number;
    /** Removed files kept for their grace period. */
    retiredFiles: number;
    invalidationPaths: string[];
}

/** Bytes of a list of entries. */
export function bytesOf(entries: readonly ManifestEntry[]): number {
    return entries.reduce((sum, e) => sum + e.size, 0);
}

function sameObject(a: ManifestEntry, b: ManifestEntry): boolean {
    return a.sha256 === b.sha256 && a.size === b.size && a.contentType === b.contentType && a.cacheControl === b.cacheControl;
}

/**
 * Whether a response with this Cache-Control may sit in a shared cache
 * (CloudFront) past the deploy: not when it says no-cache, no-store,
 * private, or a zero max-age / s-maxage (RFC 9111 sections 5.2.2.4, 5.2.2.5,
 * 5.2.2.7, 5.2.2.1, 5.2.2.10). `immutable` and any positive max-age may.
 */
export function isCacheable(cacheControl: string): boolean {
    const directives = cacheControl
        .toLowerCase()
        .split(",")
        .map((d) => d.trim());
    if (directives.some((d) => d === "no-cache" || d === "no-store" || d === "private")) return false;
    const age = (name: string): number | undefined => {
        const found = directives.find((d) => d.startsWith(`${name}=`));
        return found === undefined ? undefined : Number(found.slice(name.length + 1).replace(/"/g, ""));
    };
    const shared = age("s-maxage") ?? age("max-age");
    return shared === undefined || !(shared <= 0);
}

/**
 * The CloudFront path of a key: "/" then each segment percent-encoded, as
 * CreateInvalidation wants non-ASCII and unsafe characters (spaces, "#",
 * "?", "%") encoded; "/" between segments stays.
 */
export function invalidationPath(key: string): string {
    return `/${key.split("/").map(encodeURIComponent).join("/")}`;
}

/**
 * The order uploads run in: every file before the entry points (no-cache
 * files such as index.html), so a browser that loads the new index.html
 * finds the chunks it names already there. Keys in plain code-unit order
 * within each group.
 */
export function uploadOrder(entries: readonly ManifestEntry[]): ManifestEntry[] {
    const byKey = (a: ManifestEntry, b: ManifestEntry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const rest = entries.filter((e) => isCacheable(e.cacheControl)).sort(byKey);
    const entryPoints = entries.filter((e) => !isCacheable(e.cacheControl)).sort(byKey);
    return [...rest, ...entryPoints];
}

/** The keys a manifest lists twice, or that S3 cannot take (empty, longer than 1,024 UTF-8 bytes), or files it cannot hold. */
export function manifestProblems(files: readonly ManifestEntry[]): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const f of files) {
        if (seen.has(f.key)) problems.push(`${f.key}: listed twice`);
        seen.add(f.key);
        if (f.key.length === 0) problems.push("an empty key");
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html: at most 1,024 bytes of UTF-8.
        else if (Buffer.byteLength(f.key, "utf8") > 1024) problems.push(`${f.key}: the key is longer than S3's 1,024 bytes`);
        if (!Number.isSafeInteger(f.size) || f.size < 0) problems.push(`${f.key}: size ${f.size} is not a byte count`);
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html: 5 TB at most, by multipart.
        else if (f.size > MAX_OBJECT_BYTES) problems.push(`${f.key}: ${f.size} bytes is over S3's largest object (5 TiB)`);
        if (!/^[0-9a-f]{64}$/.test(f.sha256)) problems.push(`${f.key}: sha256 "${f.sha256}" is not 64 hex digits`);
    }
    return problems;
}

/**
 * Plans one deploy. `previous` is the state of the last successful sync
 * (undefined on the first); `now` is the deploy's time.
 *
 * - a file is uploaded when it is new, or its content, content type or
 *   cache control changed; nothing else is;
 * - a file the site no longer has is kept (retired) for the grace period,
 *   then deleted at the next deploy; one that comes back is live again (and
 *   uploaded only if it differs from what the bucket still holds);
 * - a changed file is invalidated when the copy a cache may hold was served
 *   cacheable; new files (nothing cached), entry points (never cached) and
 *   deletions (old copies may serve the grace period) are not. More paths
 *   than `maxInvalidationPaths` become one `/*`.
 *
 * Throws on a manifest S3 cannot take (see `manifestProblems`).
 */
export function planSync(previous: SyncState | undefined, files: readonly ManifestEntry[], now: Date, options: SyncOptions = DEFAULT_SYNC_OPTIONS): SyncPlan {
    const problems = manifestProblems(files);
    if (problems.length > 0) {
        throw new Error(`the site's files cannot be uploaded: ${problems.join("; ")}`);
    }
    const live = new Map((previous?.files ?? []).map((f) => [f.key, f]));
    const retired = new Map((previous?.retired ?? []).map((f) => [f.key, f]));
    const wanted = new Set(files.map((f) => f.key));

    const upload: ManifestEntry[] = [];
    const changedCacheable: string[] = [];
    for (const file of files) {
        // What the bucket holds under the key: the live object, else a retired one.
        const held = live.get(file.key) ?? retired.get(file.key);
        if (held === undefined) {
            upload.push(file);
        } else if (!sameObject(held, file)) {
            upload.push(file);
            if (isCacheable(held.cacheControl)) changedCacheable.push(invalidationPath(file.key));
        }
    }

    const stamp = now.toISOString();
    const nextRetired: RetiredEntry[] = [];
    const deletions: string[] = [];
    const consider = (entry: RetiredEntry): void => {
        if (wanted.has(entry.key)) return;
        const age = (now.getTime() - Date.parse(entry.retiredAt)) / 1000;
        if (age >= options.graceSeconds) deletions.push(entry.key);
        else nextRetired.push(entry);
    };
    for (const entry of retired.values()) consider(entry);
    for (const entry of live.values()) {
        if (!wanted.has(entry.key) && !retired.has(entry.key)) nextRetired.push({ ...entry, retiredAt: stamp });
    }
    nextRetired.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    deletions.sort();

    const invalidate = changedCacheable.length > options.maxInvalidationPaths ? ["/*"] : changedCacheable.sort();
    return {
        upload: uploadOrder(upload),
        unchanged: files.length - upload.length,
        delete: deletions,
        invalidate,
        state: { files: [...files], retired: nextRetired },
    };
}

/** The outputs a plan leaves, once carried out. */
export function outcomeOf(plan: SyncPlan): SyncOutcome {
    return {
        uploadedFiles: plan.upload.length,
        uploadedBytes: bytesOf(plan.upload),
        unchangedFiles: plan.unchanged,
        deletedFiles: plan.delete.length,
        retiredFiles: plan.state.retired.length,
        invalidationPaths: plan.invalidate,
    };
}

/** Whether two manifests ask for the same bucket contents (same keys, content and headers): no deploy step is due. */
export function sameManifest(a: readonly ManifestEntry[], b: readonly ManifestEntry[]): boolean {
    if (a.length !== b.length) return false;
    const byKey = new Map(a.map((f) => [f.key, f]));
    return b.every((f) => {
        const other = byKey.get(f.key);
        return other !== undefined && sameObject(other, f);
    });
}

/** The parts of a multipart upload: [start, end) byte ranges, or undefined for a single PUT. */
export function partsOf(size: number, shape: UploadShape = DEFAULT_UPLOAD_SHAPE): [number, number][] | undefined {
    if (size <= Math.min(shape.multipartThreshold, MAX_PUT_BYTES)) return undefined;
    if (size > MAX_OBJECT_BYTES) throw new Error(`${size} bytes is over S3's largest object (5 TiB)`);
    const mib = 1024 ** 2;
    // At most 10,000 parts: raise the part size (in whole MiB) when the file needs it.
    const partSize = Math.max(shape.partSize, MIN_PART_BYTES, Math.ceil(size / MAX_PARTS / mib) * mib);
    const parts: [number, number][] = [];
    for (let start = 0; start < size; start += partSize) parts.push([start, Math.min(size, start + partSize)]);
    return parts;
}

/** The headers S3 stores with an object, as PutObject / CreateMultipartUpload name them. */
export interface ObjectHeaders {
    ContentType: string;
    CacheControl: string;
    /** The manifest's hash, so a later reader can tell the object's content without downloading it. */
    Metadata: { sha256: string };
}

export function objectHeaders(entry: ManifestEntry): ObjectHeaders {
    return { ContentType: entry.contentType, CacheControl: entry.cacheControl, Metadata: { sha256: entry.sha256 } };
}

/** Base64 of a hex SHA-256, as S3's x-amz-checksum-sha256 header wants it. */
export function checksumOf(sha256Hex: string): string {
    return Buffer.from(sha256Hex, "hex").toString("base64");
}

/**
 * The outputs of a sync that has not run yet, as a first deploy leaves
 * them: every file uploaded, nothing deleted, nothing invalidated. The
 * offline mocks answer with these, so the record reads like a deploy's.
 */
export function firstSyncOutputs(inputs: Record<string, unknown>): SyncOutcome & { retired: RetiredEntry[] } {
    // Not planSync: a manifest S3 would refuse is the AWS rules' to report (aws-s3-site-files), after the run.
    const files = Array.isArray(inputs.files) ? (inputs.files as ManifestEntry[]) : [];
    return { uploadedFiles: files.length, uploadedBytes: bytesOf(files), unchangedFiles: 0, deletedFiles: 0, retiredFiles: 0, invalidationPaths: [], retired: [] };
}

/**
 * SiteSync: one resource that keeps a bucket's copy of a static site in step
 * with a directory, by content hash. StaticSite (components/static-site.ts)
 * makes one; it is the only custom resource in this folder that is not a
 * provider's, and it belongs to no other component.
 *
 * Why a dynamic provider running the AWS SDK v3 S3 and CloudFront clients
 * (pulumi.dynamic.ResourceProvider), rather than the alternatives:
 *
 * - one `aws.s3.BucketObjectv2` per file (what StaticSite did before): a
 *   resource, a state entry and a provider call per file. The offline plan of
 *   `cheap` with a 3,000-file site took 21.9 s and 1.9 GB against 1.0 s and
 *   174 MB with the sample (issue 14), and `pulumi up` makes 3,000 calls.
 * - `@pulumi/synced-folder`: a *remote* component (its package installs a
 *   provider plugin binary, `pulumi.resource: true`), so under
 *   `pulumi.runtime.setMocks` it registers as one opaque resource with no
 *   children: the offline record, the cost model and the policy pack would
 *   see no file. Its two modes are the two bad ends: `managedObjects: true`
 *   (the default) makes one `aws.s3.BucketObject` per file, the cost above;
 *   `managedObjects: false` shells out to the `aws s3 sync` CLI, which must
 *   be installed where `pulumi up` runs, syncs by size and time rather than
 *   content, deletes removed files at once (no grace period) and never
 *   invalidates. Its plugin is also a binary downloaded at install, which
 *   these build machines cannot fetch.
 * - this resource: one state entry whatever the file count; its inputs are
 *   the manifest (key, size, SHA-256, content type, cache control of every
 *   file), so the offline record shows exactly what would be uploaded and
 *   the cost model and policy pack read it; the provider runs in-process
 *   (its code is serialized into the state by Pulumi), uploads only what
 *   changed, keeps removed files for a grace period, invalidates only
 *   cacheable changed paths, and reports progress. A plan with no change
 *   makes no provider call at all (the diff says "no changes").
 *
 * Progress: a dynamic provider's console output reaches `pulumi up`'s
 * output (pulumi/pulumi#18253), so the sync prints a line every two
 * seconds: "site sync: 1,200 of 3,000 files, 45.1 of 112.0 MB".
 *
 * Deploying needs `@aws-sdk/client-s3` and `@aws-sdk/client-cloudfront`
 * (loaded by the provider only, see lib/site-sync-aws.ts); planning offline
 * does not.
 *
 * Upgrading a stack that holds the old per-file objects: Pulumi deletes
 * resources the program no longer has at the end of an update, after this
 * resource has uploaded, so the old `site/<key>` BucketObjectv2 entries
 * would delete the files just synced. The program refuses such a stack
 * until they are out of the state (lib/site-upload-guard.ts, which prints
 * the `pulumi state delete` commands; the site's config.json stays a
 * BucketObjectv2 and is not one of them).
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_SYNC_OPTIONS, ManifestEntry, planSync, RetiredEntry, sameManifest, SyncOutcome, SyncState } from "../lib/site-sync";
import { cloudFrontCdn, cloudFrontClient, s3Client, s3Store } from "../lib/site-sync-aws";
import { deleteKeys, progressLine, runSync } from "../lib/site-sync-run";

export interface SiteSyncArgs {
    /** The bucket's name. */
    bucket: pulumi.Input<string>;
    /** The bucket's region (the S3 client's). */
    region: pulumi.Input<string>;
    /**
     * The credentials profile the sync's clients use: the stack's
     * `aws:profile`, so they act as the AWS provider does (unset: the SDK's
     * default chain, as the provider's). Changing it alone uploads nothing.
     */
    profile?: pulumi.Input<string>;
    /** The distribution that serves the bucket, whose cached copies of changed files are invalidated. */
    distributionId?: pulumi.Input<string>;
    /** The site directory the manifest's keys are relative to (not compared: another checkout of the same files changes nothing). */
    directory: string;
    /** What the bucket should hold: lib/site-files.ts siteManifest. */
    files: ManifestEntry[];
    /** Seconds a removed file stays (lib/site-sync.ts DEFAULT_GRACE_SECONDS). */
    graceSeconds?: number;
    /** Above this many changed cacheable paths, one `/*` is invalidated. */
    maxInvalidationPaths?: number;
}

/** The provider's view of the inputs, resolved. */
interface Inputs {
    bucket: string;
    region: string;
    profile?: string;
    distributionId?: string;
    directory: string;
    files: ManifestEntry[];
    graceSeconds: number;
    maxInvalidationPaths: number;
}

/** The state: the inputs, the files kept for their grace period, and what the last sync did. */
type Outputs = Inputs & SyncOutcome & { retired: RetiredEntry[] };

async function sync(inputs: Inputs, previous: SyncState | undefined): Promise<Outputs> {
    const plan = planSync(previous, inputs.files, new Date(), { graceSeconds: inputs.graceSeconds, maxInvalidationPaths: inputs.maxInvalidationPaths });
    const store = s3Store(s3Client(inputs.region, inputs.profile), inputs.bucket);
    const cdn = inputs.distributionId ? cloudFrontCdn(cloudFrontClient(inputs.region, inputs.profile), inputs.distributionId) : undefined;
    console.log(`site sync: ${plan.upload.length} to upload, ${plan.unchanged} unchanged, ${plan.delete.length} to delete, ${plan.state.retired.length} kept for the grace period, ${plan.invalidate.length} paths to invalidate`);
    const outcome = await runSync(plan, { directory: inputs.directory, store, cdn, progress: progressLine((line) => console.log(line)) });
    return { ...inputs, ...outcome, retired: plan.state.retired };
}

/** Pulumi serializes this object, and every function it reaches, into the state. Exported for its tests. */
export const siteSyncProvider: pulumi.dynamic.ResourceProvider<Inputs, Outputs> = {
    async diff(_id, olds, news) {
        const replaces = olds.bucket !== news.bucket || olds.region !== news.region ? ["bucket"] : [];
        const changes =
            replaces.length > 0 ||
            olds.distributionId !== news.distributionId ||
            olds.graceSeconds !== news.graceSeconds ||
            olds.maxInvalidationPaths !== news.maxInvalidationPaths ||
            !sameManifest(olds.files ?? [], news.files);
        return { changes, replaces, deleteBeforeReplace: false };
    },
    async create(inputs) {
        return { id: `${inputs.bucket}/site`, outs: await sync(inputs, undefined) };
    },
    async update(_id, olds, news) {
        return { outs: await sync(news, { files: olds.files ?? [], retired: olds.retired ?? [] }) };
    },
    async delete(_id, props) {
        const keys = [...(props.files ?? []), ...(props.retired ?? [])].map((f) => f.key);
        try {
            await deleteKeys(s3Store(s3Client(props.region, props.profile), props.bucket), keys);
        } catch (err) {
            // The bucket went first (or by hand): nothing of the site is left to delete.
            if ((err as { cause?: { name?: string } }).cause?.name !== "NoSuchBucket") throw err;
        }
    },
};

/** The site's files in its bucket, in one resource (see the module's comment). */
export class SiteSync extends pulumi.dynamic.Resource {
    declare readonly bucket: pulumi.Output<string>;
    declare readonly files: pulumi.Output<ManifestEntry[]>;
    declare readonly retired: pulumi.Output<RetiredEntry[]>;
    declare readonly uploadedFiles: pulumi.Output<number>;
    declare readonly uploadedBytes: pulumi.Output<number>;
    declare readonly invalidationPaths: pulumi.Output<string[]>;

    constructor(name: string, args: SiteSyncArgs, opts?: pulumi.CustomResourceOptions) {
        const inputs = {
            ...args,
            graceSeconds: args.graceSeconds ?? DEFAULT_SYNC_OPTIONS.graceSeconds,
            maxInvalidationPaths: args.maxInvalidationPaths ?? DEFAULT_SYNC_OPTIONS.maxInvalidationPaths,
            // Outputs the provider fills in, declared so the SDK exposes them.
            retired: undefined,
            uploadedFiles: undefined,
            uploadedBytes: undefined,
            unchangedFiles: undefined,
            deletedFiles: undefined,
            retiredFiles: undefined,
            invalidationPaths: undefined,
        };
        super(siteSyncProvider as pulumi.dynamic.ResourceProvider, name, inputs, opts, "shoestring", "SiteSync");
    }
}

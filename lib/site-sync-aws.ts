/**
 * The AWS SDK v3 adapters of the sync's ports (lib/site-sync-run.ts):
 * `SiteStore` on `@aws-sdk/client-s3`, `SiteCdn` on
 * `@aws-sdk/client-cloudfront`.
 *
 * The SDK is loaded when a deploy first needs it (the dynamic provider's
 * process, in `pulumi up`), never by the program or the offline engine, and
 * it is typed here by the few shapes used, so the program type-checks and
 * plans without it. The clients make one attempt per call: the retries are
 * lib/site-sync-run.ts's, tested there, and not multiplied by the SDK's.
 */
import type { ManifestEntry } from "./site-sync";
import { checksumOf, objectHeaders } from "./site-sync";
import type { SiteCdn, SiteStore } from "./site-sync-run";

/** What the adapters need of an SDK client: `send`. */
export interface SdkClient {
    send(command: unknown): Promise<unknown>;
}

/** The command classes used, by name (what `require("@aws-sdk/client-s3")` exports). */
type Commands = Record<string, new (input: unknown) => unknown>;

/** The packages the deploy needs, named in the error when one is missing. */
export const SDK_PACKAGES = ["@aws-sdk/client-s3", "@aws-sdk/client-cloudfront"] as const;

function load(name: (typeof SDK_PACKAGES)[number]): Commands {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(name) as Commands;
    } catch (err) {
        throw new Error(`the site sync needs ${name} to deploy; add it to the project's dependencies (npm i ${SDK_PACKAGES.join(" ")}): ${(err as Error).message}`);
    }
}

/** An S3 client for a region, one attempt per call. */
export function s3Client(region: string | undefined, profile?: string): SdkClient {
    const sdk = load("@aws-sdk/client-s3");
    return new sdk.S3Client({ region, maxAttempts: 1, ...(profile ? { profile } : {}) }) as SdkClient;
}

/**
 * A CloudFront client, one attempt per call. CloudFront's endpoint is global
 * (cloudfront.amazonaws.com, signed for us-east-1, whatever the region), but
 * the SDK still wants a region to pick the partition by and throws "Region is
 * missing" without one; the provider's process has no AWS_REGION unless the
 * shell that ran `pulumi up` set it (the stack's aws:region is Pulumi config,
 * not environment), so the bucket's region is passed.
 */
export function cloudFrontClient(region: string | undefined, profile?: string): SdkClient {
    const sdk = load("@aws-sdk/client-cloudfront");
    return new sdk.CloudFrontClient({ region, maxAttempts: 1, ...(profile ? { profile } : {}) }) as SdkClient;
}

/** The sync's S3 calls on a bucket, through a client and the S3 package's command classes. */
export function s3Store(client: SdkClient, bucket: string, commands: Commands = load("@aws-sdk/client-s3")): SiteStore {
    const send = (name: string, input: Record<string, unknown>): Promise<unknown> => client.send(new commands[name](input));
    const headers = (entry: ManifestEntry) => objectHeaders(entry);
    return {
        async putObject(entry, body) {
            await send("PutObjectCommand", { Bucket: bucket, Key: entry.key, Body: body, ContentLength: entry.size, ...headers(entry), ChecksumSHA256: checksumOf(entry.sha256) });
        },
        async createMultipartUpload(entry) {
            const out = (await send("CreateMultipartUploadCommand", { Bucket: bucket, Key: entry.key, ...headers(entry), ChecksumAlgorithm: "SHA256" })) as { UploadId?: string };
            if (!out.UploadId) throw new Error(`S3 gave no upload id for ${entry.key}`);
            return out.UploadId;
        },
        async uploadPart(key, uploadId, partNumber, body, checksumSha256) {
            const out = (await send("UploadPartCommand", { Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body, ContentLength: body.length, ChecksumSHA256: checksumSha256 })) as { ETag?: string; ChecksumSHA256?: string };
            return { etag: out.ETag ?? "", checksumSha256: out.ChecksumSHA256 ?? checksumSha256 };
        },
        async completeMultipartUpload(key, uploadId, parts) {
            await send("CompleteMultipartUploadCommand", {
                Bucket: bucket,
                Key: key,
                UploadId: uploadId,
                MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, ChecksumSHA256: p.checksumSha256 })) },
            });
        },
        async abortMultipartUpload(key, uploadId) {
            await send("AbortMultipartUploadCommand", { Bucket: bucket, Key: key, UploadId: uploadId });
        },
        async deleteObjects(keys) {
            const out = (await send("DeleteObjectsCommand", { Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } })) as { Errors?: { Key?: string; Code?: string; Message?: string }[] };
            return (out.Errors ?? []).map((e) => ({ key: e.Key ?? "", code: e.Code ?? "Unknown", ...(e.Message ? { message: e.Message } : {}) }));
        },
    };
}

/** CreateInvalidation on a distribution, through a client and the CloudFront package's command classes. */
export function cloudFrontCdn(client: SdkClient, distributionId: string, commands: Commands = load("@aws-sdk/client-cloudfront")): SiteCdn {
    return {
        async createInvalidation(paths, callerReference) {
            const out = (await client.send(
                new commands.CreateInvalidationCommand({ DistributionId: distributionId, InvalidationBatch: { CallerReference: callerReference, Paths: { Quantity: paths.length, Items: paths } } }),
            )) as { Invalidation?: { Id?: string } };
            return out.Invalidation?.Id ?? "";
        },
    };
}

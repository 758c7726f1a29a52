/**
 * S3: object keys and sizes (PutObject), for objects the program uploads:
 * one object resource each, or a site's files in its sync's manifest.
 */
import { MAX_OBJECT_BYTES, SITE_SYNC_TYPE } from "../../site-sync";
import { AwsRule } from "../types";
import { isKnown } from "../util";

/** "The object key name is a sequence of Unicode characters with UTF-8 encoding of up to 1,024 bytes long." */
export const OBJECT_KEY_MAX_BYTES = 1024;

export const objectKey: AwsRule = {
    id: "aws-s3-object-key",
    description: "An object key is 1 to 1,024 bytes of UTF-8.",
    level: "error",
    effect: "refused",
    types: ["aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucketObject:BucketObject"],
    properties: ["key"],
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html",
    nearest: { terraform: "aws_s3_object key: NoZeroValues (non-empty only)" },
    check(resource) {
        const key = resource.inputs.key;
        if (!isKnown(key) || typeof key !== "string") {
            return [];
        }
        const bytes = Buffer.byteLength(key, "utf8");
        return bytes === 0 || bytes > OBJECT_KEY_MAX_BYTES ? [{ property: "key", value: key, message: `is ${bytes} bytes; S3 keys are 1 to ${OBJECT_KEY_MAX_BYTES} bytes of UTF-8` }] : [];
    },
};

/** A key's problem, as objectKey words it, or undefined. */
function keyProblem(key: string): string | undefined {
    const bytes = Buffer.byteLength(key, "utf8");
    return bytes === 0 || bytes > OBJECT_KEY_MAX_BYTES ? `is ${bytes} bytes; S3 keys are 1 to ${OBJECT_KEY_MAX_BYTES} bytes of UTF-8` : undefined;
}

export const siteFiles: AwsRule = {
    id: "aws-s3-site-files",
    description: "Each file a site sync uploads has a key of 1 to 1,024 bytes of UTF-8 and at most 5 TiB (multipart above 5 GiB).",
    level: "error",
    effect: "refused",
    types: [SITE_SYNC_TYPE],
    properties: ["files"],
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html; https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html",
    nearest: { terraform: "aws_s3_object key: NoZeroValues (non-empty only); no size check" },
    check(resource) {
        const files = resource.inputs.files;
        if (!isKnown(files) || !Array.isArray(files)) {
            return [];
        }
        return (files as { key?: unknown; size?: unknown }[]).flatMap((file, i) => {
            const found = [];
            if (typeof file.key === "string") {
                const problem = keyProblem(file.key);
                if (problem) found.push({ property: `files[${i}].key`, value: file.key, message: problem });
            }
            if (typeof file.size === "number" && file.size > MAX_OBJECT_BYTES) {
                found.push({ property: `files[${i}].size`, value: file.size, message: `is over S3's largest object, 5 TiB (${MAX_OBJECT_BYTES} bytes)` });
            }
            return found;
        });
    },
};

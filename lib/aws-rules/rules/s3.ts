/**
 * S3: object keys (PutObject), for objects the program uploads.
 */
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

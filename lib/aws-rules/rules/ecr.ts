/**
 * ECR: image tags pushed to a repository.
 */
import { AwsRule } from "../types";
import { isKnown, list } from "../util";

/**
 * A tag Docker can push and ECR accepts: Docker's grammar ("a tag name may
 * contain lowercase and uppercase letters, digits, underscores, periods and
 * hyphens. A tag name may not start with a period or a hyphen and may contain
 * a maximum of 128 characters", https://docs.docker.com/reference/cli/docker/image/tag/),
 * within ECR's 1 to 300 characters (PutImage imageTag).
 */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export const imageTag: AwsRule = {
    id: "aws-ecr-image-tag",
    description: "An image pushed to ECR has a tag Docker and ECR accept (letters, digits, _ . -; at most 128; not starting with . or -).",
    level: "error",
    effect: "refused",
    types: ["docker-build:index:Image"],
    properties: ["tags"],
    source: "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html",
    nearest: {},
    check(image) {
        return list(image.inputs.tags).flatMap((ref, i) => {
            if (typeof ref !== "string" || !isKnown(ref) || !ref.includes(".dkr.ecr.")) {
                return [];
            }
            const tag = /:([^/:@]+)$/.exec(ref)?.[1];
            return tag !== undefined && !IMAGE_TAG.test(tag) ? [{ property: `tags[${i}]`, value: ref, message: `tag "${tag}" is not one Docker can push to ECR` }] : [];
        });
    },
};

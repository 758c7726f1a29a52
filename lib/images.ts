/**
 * Image references: where a public image really comes from, and how to pull
 * it through the account's ECR pull-through cache instead.
 *
 * Docker's official images are replicated to ECR Public
 * (public.ecr.aws/docker/library/...), so a Docker Hub official image can be
 * pulled from ECR Public, and ECR Public through a pull-through cache rule:
 * no Docker Hub rate limits, no dependency on a public registry at task start.
 */

/** The upstream registry the pull-through cache rule mirrors. */
export const ECR_PUBLIC = "public.ecr.aws";

/** The repository prefix the cache rule uses in the private registry. */
export const PULL_THROUGH_PREFIX = "ecr-public";

/**
 * The ECR Public reference of a Docker Hub official image (`nginx:1.27`,
 * `library/nginx`, `docker.io/library/nginx:1.27`), or the reference
 * unchanged when it is not one.
 */
export function officialImageOnEcrPublic(ref: string): string {
    const match = /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?([a-z0-9]+(?:[._-][a-z0-9]+)*)([:@].+)?$/.exec(ref);
    if (!match || (ref.includes("/") && !/(^|\/)library\//.test(ref))) {
        return ref;
    }
    return `${ECR_PUBLIC}/docker/library/${match[1]}${match[2] ?? ""}`;
}

/**
 * Rewrites an image reference to go through the pull-through cache in
 * `registry` (`<account>.dkr.ecr.<region>.amazonaws.com`). Images that are
 * not on ECR Public (private ECR images, other registries) are returned as
 * they are.
 */
export function throughPullThroughCache(ref: string, registry: string, prefix: string = PULL_THROUGH_PREFIX): string {
    const upstream = officialImageOnEcrPublic(ref);
    if (!upstream.startsWith(`${ECR_PUBLIC}/`)) {
        return ref;
    }
    return `${registry}/${prefix}/${upstream.slice(ECR_PUBLIC.length + 1)}`;
}

/** The registry host of an ECR repository URL or image reference. */
export function registryOf(ref: string): string {
    return ref.split("/")[0];
}

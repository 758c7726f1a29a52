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

/** A base image a Dockerfile pulls through `${REGISTRY}`, pinned by tag and digest. */
export interface PinnedBaseImage {
    /** The repository under the registry (`docker/library/node`). */
    repository: string;
    tag: string;
    /** `sha256:<64 hex>`: the image index (multi-architecture manifest list) the tag pointed at when pinned. */
    digest: string;
}

/** The FROM lines of a Dockerfile that pull through `${REGISTRY}`: those pinned by tag and digest, and the others as written. */
export function registryBaseImages(dockerfile: string): { pinned: PinnedBaseImage[]; unpinned: string[] } {
    const pinned: PinnedBaseImage[] = [];
    const unpinned: string[] = [];
    for (const line of dockerfile.split(/\r?\n/)) {
        const from = /^\s*FROM\s+(?:--platform=\S+\s+)?(\$\{?REGISTRY\}?\/\S+)/i.exec(line);
        if (!from) {
            continue;
        }
        const match = /^\$\{?REGISTRY\}?\/([a-z0-9]+(?:[._/-][a-z0-9]+)*):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})@(sha256:[0-9a-f]{64})$/.exec(from[1]);
        if (match) {
            pinned.push({ repository: match[1], tag: match[2], digest: match[3] });
        } else {
            unpinned.push(from[1]);
        }
    }
    return { pinned, unpinned };
}

/**
 * An image reference in its three parts, as the distribution reference
 * grammar reads them: the registry host (the first component, when there is
 * another and it has a "." or a ":" or is `localhost`), the repository path,
 * and what follows it (`:tag`, `@digest`, or both), each as written.
 */
export function splitImageReference(ref: string): { registry?: string; repository: string; suffix: string } {
    const slash = ref.indexOf("/");
    const first = slash < 0 ? "" : ref.slice(0, slash);
    const registry = slash > 0 && (first.includes(".") || first.includes(":") || first === "localhost") ? first : undefined;
    const rest = registry === undefined ? ref : ref.slice(slash + 1);
    const at = rest.indexOf("@");
    const beforeDigest = at < 0 ? rest : rest.slice(0, at);
    const colon = beforeDigest.lastIndexOf(":");
    const end = colon > beforeDigest.lastIndexOf("/") ? colon : at < 0 ? rest.length : at;
    return { ...(registry === undefined ? {} : { registry }), repository: rest.slice(0, end), suffix: rest.slice(end) };
}

/**
 * The reference with its repository path in lower case (Docker and OCI
 * repository names are lower case: the distribution spec's
 * `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*`);
 * the registry host and the tag keep their case.
 */
export function withLowerCaseRepository(ref: string): string {
    const { registry, repository, suffix } = splitImageReference(ref);
    return `${registry === undefined ? "" : `${registry}/`}${repository.toLowerCase()}${suffix}`;
}

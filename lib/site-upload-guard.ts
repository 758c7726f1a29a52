/**
 * The first update after the site's files moved from one S3 object resource
 * per file to one site sync (components/site-sync.ts). Pulumi deletes the
 * resources a program no longer registers at the end of the update, after
 * the sync has uploaded: the old per-file objects would take the synced
 * files with them and leave the site empty. So a deployed stack whose site
 * was uploaded file by file is refused, in one message saying how to move it
 * (drop the old objects from the state, keeping them in the bucket), until
 * the stack consents with `site.objectsMoved`.
 *
 * Read from the stack's own outputs of its last update (config.ts
 * `deployedOutputs`): `axes.frontend` says it had a static site, `siteUpload`
 * says how its files went up (absent before the sync).
 */

/** How the site's files go up: one sync of the whole directory. */
export const SITE_UPLOAD = "sync";

/** The outputs of the last update the guard reads. */
export interface DeployedSite {
    axes?: unknown;
    siteUpload?: unknown;
}

/** A deployed stack that would lose its site's files, with the way out. */
export class SiteUploadMoveError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SiteUploadMoveError";
    }
}

/**
 * Refuses the update that would delete a deployed site's files: the stack
 * had a static site uploaded file by file, the update syncs it, and the
 * old objects are still in the state (`objectsMoved` not set).
 */
export function checkSiteUpload(ns: string, stack: string, deployed: DeployedSite, request: { frontend: string; objectsMoved: boolean }): void {
    const deployedFrontend = (deployed.axes as { frontend?: unknown } | undefined)?.frontend;
    if (request.frontend !== "static" || deployedFrontend !== "static" || deployed.siteUpload === SITE_UPLOAD || request.objectsMoved) {
        return;
    }
    throw new SiteUploadMoveError(
        [
            `stack ${stack}: its site's files were uploaded as one S3 object resource each by an earlier version; this one uploads them in one sync, and Pulumi would delete the old objects after the sync, emptying the site.`,
            `Move them first: drop them from the state, keeping them in the bucket (the sync takes them over), then set ${ns}:site.objectsMoved:`,
            `  pulumi stack --stack ${stack} --show-urns | grep -o 'urn:pulumi:[^ ]*aws:s3/bucketObjectv2:BucketObjectv2::site/[^ ]*' | grep -v '::site/config\\.json$' | xargs -n 1 pulumi state delete --stack ${stack} --yes`,
            `  pulumi config set --path ${ns}:site.objectsMoved true --stack ${stack}`,
        ].join("\n"),
    );
}

/**
 * Where Amazon Aurora DSQL is offered, as far as AWS's own pages confirm it.
 *
 * Pure data: no imports, no I/O.
 *
 * The SDKs say nothing about it: they resolve every Region to
 * `dsql.<region>.api.aws` without listing any (endpoint rule set of
 * `@aws-sdk/client-dsql` 3.1048.0, read again 2026-12-02), and botocore's
 * endpoints.json (boto/botocore at 0e6e240, 2026-08-07) has no `dsql` entry
 * in any partition. AWS's own pages list the Regions, and this file keeps
 * those, each with its source. A Region outside the list is "not confirmed",
 * not "not offered": the newest stored copies read are from September 2026,
 * and AWS has added Regions since GA every few months.
 */

/** A Region where AWS documents Aurora DSQL, and where that is written. */
export interface DsqlRegionFact {
    /** The page that shows it. */
    source: string;
}

const GENERAL_REFERENCE = "https://docs.aws.amazon.com/general/latest/gr/dsql.html";
const FAQ = "https://aws.amazon.com/rds/aurora/dsql/faqs/";
const BACKUP = "https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-aurora.html";
const RELEASE_NOTES = "https://docs.aws.amazon.com/aurora-dsql/latest/userguide/release-notes.html";

/**
 * Regions where Aurora DSQL is confirmed offered.
 *
 * - The nine of the first "Amazon Aurora DSQL endpoints and quotas" table
 *   (AWS General Reference, `dsql.<region>.api.aws`, stored copy read
 *   2026-12-01; the page carries no date), which the FAQ repeats: "generally
 *   available in 9 AWS Regions ... for single-Region and multi-Region"
 *   (Japanese copy of the FAQ).
 * - us-west-1, which "Amazon Aurora DSQL backups" (AWS Backup Developer
 *   Guide, read 2026-12-01) names in its restore triplet "US East (N.
 *   Virginia); US East (Ohio); US West (N. California)". No other page read
 *   lists it: the user guide's Region table (below) does not.
 * - The Region expansions of "Release notes for Aurora DSQL" (Aurora DSQL
 *   User Guide, stored copies read 2026-12-02, newest entry 2026-09-15):
 *   "Aurora DSQL available in Europe (Frankfurt)" (2025-10-23); "available
 *   with single-Region clusters in Asia Pacific (Melbourne), Asia Pacific
 *   (Sydney), Canada (Central), and Canada West (Calgary)" (2026-02-11);
 *   "Single-Region clusters are now available in Asia Pacific (Hong Kong),
 *   Asia Pacific (Mumbai), Asia Pacific (Singapore), Europe (Stockholm), and
 *   South America (São Paulo)" (2026-05-11). The user guide's "Region
 *   availability for Aurora DSQL" table (what-is-aurora-dsql.html, stored
 *   markdown copy read 2026-12-02) lists the same nineteen with their
 *   endpoints (dsql.eu-central-1.api.aws, dsql.ap-southeast-2.api.aws,
 *   dsql.ca-central-1.api.aws, dsql.sa-east-1.api.aws, ...), and the newer
 *   copy of the General Reference table (gr/dsql.md, read 2026-12-02) begins
 *   with the same rows.
 *
 * Not listed: Europe (Spain), eu-south-2. The release notes of 2026-07-31 say
 * "Multi-Region clusters are now available in Europe (Stockholm), Europe
 * (Spain), Asia Pacific (Mumbai), and Asia Pacific (Singapore)", but no page
 * read says single-Region clusters (what the stacks create) are offered there,
 * and it has no row in the Region table read.
 */
export const DSQL_CONFIRMED_REGIONS: Readonly<Record<string, DsqlRegionFact>> = Object.freeze({
    "us-east-1": { source: GENERAL_REFERENCE },
    "us-east-2": { source: GENERAL_REFERENCE },
    "us-west-2": { source: GENERAL_REFERENCE },
    "ap-northeast-1": { source: GENERAL_REFERENCE },
    "ap-northeast-2": { source: GENERAL_REFERENCE },
    "ap-northeast-3": { source: GENERAL_REFERENCE },
    "eu-west-1": { source: GENERAL_REFERENCE },
    "eu-west-2": { source: GENERAL_REFERENCE },
    "eu-west-3": { source: GENERAL_REFERENCE },
    "us-west-1": { source: BACKUP },
    "eu-central-1": { source: RELEASE_NOTES },
    "ap-southeast-2": { source: RELEASE_NOTES },
    "ap-southeast-4": { source: RELEASE_NOTES },
    "ca-central-1": { source: RELEASE_NOTES },
    "ca-west-1": { source: RELEASE_NOTES },
    "ap-east-1": { source: RELEASE_NOTES },
    "ap-south-1": { source: RELEASE_NOTES },
    "ap-southeast-1": { source: RELEASE_NOTES },
    "eu-north-1": { source: RELEASE_NOTES },
    "sa-east-1": { source: RELEASE_NOTES },
});

/**
 * Regions where AWS says Aurora DSQL is not offered, with the page that says
 * so. None is known: AWS lists where a service is, not where it is not, and
 * the lists above are not complete enough to read absence from them.
 */
export const DSQL_NOT_OFFERED_REGIONS: Readonly<Record<string, DsqlRegionFact>> = Object.freeze({});

/** The pages the facts come from, for messages. */
export const DSQL_REGION_SOURCES = [GENERAL_REFERENCE, FAQ, BACKUP, RELEASE_NOTES] as const;

/** What is known about Aurora DSQL in a Region. */
export type DsqlAvailability = "offered" | "not-offered" | "unconfirmed";

/** Whether Aurora DSQL is confirmed offered in `region`, known not to be, or neither. */
export function dsqlAvailability(
    region: string,
    offered: Readonly<Record<string, DsqlRegionFact>> = DSQL_CONFIRMED_REGIONS,
    notOffered: Readonly<Record<string, DsqlRegionFact>> = DSQL_NOT_OFFERED_REGIONS,
): DsqlAvailability {
    if (Object.prototype.hasOwnProperty.call(offered, region)) {
        return "offered";
    }
    return Object.prototype.hasOwnProperty.call(notOffered, region) ? "not-offered" : "unconfirmed";
}

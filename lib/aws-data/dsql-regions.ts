/**
 * Where Amazon Aurora DSQL is offered, as far as AWS's own pages confirm it.
 *
 * Pure data: no imports, no I/O.
 *
 * No complete, dated list was found: the user guide's "Region availability"
 * section was not readable in the stored copies, the SDKs resolve every
 * Region to `dsql.<region>.api.aws` without listing any (endpoint rule set
 * of `@aws-sdk/client-dsql` 3.1048.0), and botocore's endpoints.json (boto/botocore
 * at 0e6e240, 2026-08-07) has no `dsql` entry in any partition. So this file
 * keeps what is confirmed, with its source, and says nothing about the rest:
 * a Region outside the list is "not confirmed", not "not offered".
 */

/** A Region where AWS documents Aurora DSQL, and where that is written. */
export interface DsqlRegionFact {
    /** The page that shows it. */
    source: string;
}

const GENERAL_REFERENCE = "https://docs.aws.amazon.com/general/latest/gr/dsql.html";
const FAQ = "https://aws.amazon.com/rds/aurora/dsql/faqs/";
const BACKUP = "https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-aurora.html";

/**
 * Regions where Aurora DSQL is confirmed offered.
 *
 * - The nine of "Amazon Aurora DSQL endpoints and quotas" (AWS General
 *   Reference, `dsql.<region>.api.aws`, stored copy read 2026-12-01; the page
 *   carries no date), which the FAQ repeats: "generally available in 9 AWS
 *   Regions ... for single-Region and multi-Region" (Japanese copy of the FAQ).
 * - us-west-1 and eu-central-1, which "Amazon Aurora DSQL backups" (AWS Backup
 *   Developer Guide, read 2026-12-01) names in its restore triplets "US East
 *   (N. Virginia); US East (Ohio); US West (N. California)" and "Europe
 *   (Ireland); Europe (London); Europe (Paris); Europe (Frankfurt)": a later
 *   expansion than the endpoint table, which shows that table is not current.
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
    "eu-central-1": { source: BACKUP },
});

/**
 * Regions where AWS says Aurora DSQL is not offered, with the page that says
 * so. None is known: AWS lists where a service is, not where it is not, and
 * the lists above are not complete enough to read absence from them.
 */
export const DSQL_NOT_OFFERED_REGIONS: Readonly<Record<string, DsqlRegionFact>> = Object.freeze({});

/** The pages the facts come from, for messages. */
export const DSQL_REGION_SOURCES = [GENERAL_REFERENCE, FAQ, BACKUP] as const;

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

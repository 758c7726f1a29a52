/**
 * Availability Zone IDs per commercial AWS Region.
 *
 * Pure data: no imports, no I/O. AZ IDs (for example `use1-az1`) name the same
 * physical zone in every account, unlike zone names (`us-east-1a`), which older
 * accounts in older Regions map independently.
 */

/**
 * The AZ IDs of every Availability Zone the AWS "AWS Availability Zones" page lists,
 * keyed by Region code, in the page's order.
 *
 * Source: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 * (read 2026-12-01, from a stored copy of the page's source). Its tables have the
 * columns "AZ ID | Region | Geography".
 *
 * Notes the page itself makes, kept here because the list alone does not say them:
 * - us-east-1 has a further row "Coming in 2026 | us-east-1 | Maryland, United States
 *   of America" with no AZ ID yet; it is not listed below.
 * - us-west-1 is marked "†": "Newer accounts can access two Availability Zones in US
 *   West (N. California)." All three IDs exist, but an account sees only two.
 * - ca-central-1 has no `cac1-az3`; its IDs are az1, az2 and az4.
 * - "Constrained Availability Zones": "we might restrict you from creating zonal
 *   resources in a constrained Availability Zone, unless you already have resources in
 *   that Availability Zone. Eventually, we might also remove the constrained
 *   Availability Zone from the list of Availability Zones for new accounts." The page
 *   names no constrained zone. Secondary sources (not AWS) say `apne1-az3` (Tokyo) is
 *   one, and `use1-az3` is widely reported as old and missing newer services (no
 *   Fargate ARM64, no MSK, no HTTP API VPC links); treat both with care.
 * - Opt-in Regions (af-south-1, ap-east-1, ap-east-2, ap-south-2, ap-southeast-3..7,
 *   ca-west-1, eu-central-2, eu-south-1, eu-south-2, il-central-1, me-central-1,
 *   me-south-1, mx-central-1) must be enabled before use; that fact comes from the
 *   AWS Regions page, not this one.
 *
 * China and GovCloud partitions are not on this page and are not listed.
 */
export const AVAILABILITY_ZONE_IDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
    // North America
    "us-east-1": Object.freeze(["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"]),
    "us-east-2": Object.freeze(["use2-az1", "use2-az2", "use2-az3"]),
    "us-west-1": Object.freeze(["usw1-az1", "usw1-az2", "usw1-az3"]),
    "us-west-2": Object.freeze(["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"]),
    "ca-central-1": Object.freeze(["cac1-az1", "cac1-az2", "cac1-az4"]),
    "ca-west-1": Object.freeze(["caw1-az1", "caw1-az2", "caw1-az3"]),
    "mx-central-1": Object.freeze(["mxc1-az1", "mxc1-az2", "mxc1-az3"]),
    // Africa
    "af-south-1": Object.freeze(["afs1-az1", "afs1-az2", "afs1-az3"]),
    // Asia Pacific
    "ap-east-1": Object.freeze(["ape1-az1", "ape1-az2", "ape1-az3"]),
    "ap-east-2": Object.freeze(["ape2-az1", "ape2-az2", "ape2-az3"]),
    "ap-northeast-1": Object.freeze(["apne1-az1", "apne1-az2", "apne1-az3", "apne1-az4"]),
    "ap-northeast-2": Object.freeze(["apne2-az1", "apne2-az2", "apne2-az3", "apne2-az4"]),
    "ap-northeast-3": Object.freeze(["apne3-az1", "apne3-az2", "apne3-az3"]),
    "ap-south-1": Object.freeze(["aps1-az1", "aps1-az2", "aps1-az3"]),
    "ap-south-2": Object.freeze(["aps2-az1", "aps2-az2", "aps2-az3"]),
    "ap-southeast-1": Object.freeze(["apse1-az1", "apse1-az2", "apse1-az3"]),
    "ap-southeast-2": Object.freeze(["apse2-az1", "apse2-az2", "apse2-az3"]),
    "ap-southeast-3": Object.freeze(["apse3-az1", "apse3-az2", "apse3-az3"]),
    "ap-southeast-4": Object.freeze(["apse4-az1", "apse4-az2", "apse4-az3"]),
    "ap-southeast-5": Object.freeze(["apse5-az1", "apse5-az2", "apse5-az3"]),
    "ap-southeast-6": Object.freeze(["apse6-az1", "apse6-az2", "apse6-az3"]),
    "ap-southeast-7": Object.freeze(["apse7-az1", "apse7-az2", "apse7-az3"]),
    // Europe
    "eu-central-1": Object.freeze(["euc1-az1", "euc1-az2", "euc1-az3"]),
    "eu-central-2": Object.freeze(["euc2-az1", "euc2-az2", "euc2-az3"]),
    "eu-north-1": Object.freeze(["eun1-az1", "eun1-az2", "eun1-az3"]),
    "eu-south-1": Object.freeze(["eus1-az1", "eus1-az2", "eus1-az3"]),
    "eu-south-2": Object.freeze(["eus2-az1", "eus2-az2", "eus2-az3"]),
    "eu-west-1": Object.freeze(["euw1-az1", "euw1-az2", "euw1-az3"]),
    "eu-west-2": Object.freeze(["euw2-az1", "euw2-az2", "euw2-az3", "euw2-az4"]),
    "eu-west-3": Object.freeze(["euw3-az1", "euw3-az2", "euw3-az3"]),
    // Middle East
    "il-central-1": Object.freeze(["ilc1-az1", "ilc1-az2", "ilc1-az3"]),
    "me-central-1": Object.freeze(["mec1-az1", "mec1-az2", "mec1-az3"]),
    "me-south-1": Object.freeze(["mes1-az1", "mes1-az2", "mes1-az3"]),
    // South America
    "sa-east-1": Object.freeze(["sae1-az1", "sae1-az2", "sae1-az3"]),
});

/**
 * The AZ IDs of a Region, or `undefined` for a Region {@link AVAILABILITY_ZONE_IDS}
 * does not list (an unknown code, or a China or GovCloud Region).
 *
 * Source: as {@link AVAILABILITY_ZONE_IDS},
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 * (read 2026-12-01).
 */
export function zoneIdsOf(region: string): readonly string[] | undefined {
    return Object.prototype.hasOwnProperty.call(AVAILABILITY_ZONE_IDS, region) ? AVAILABILITY_ZONE_IDS[region] : undefined;
}

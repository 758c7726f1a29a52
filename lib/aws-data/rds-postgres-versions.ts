/**
 * The major versions of PostgreSQL that Amazon RDS offers for a new instance
 * under standard support, and the ones it offers only under paid Extended
 * Support.
 *
 * Pure data: no imports, no I/O.
 *
 * The live list is the RDS API's DescribeDBEngineVersions (`aws rds
 * describe-db-engine-versions --engine postgres`), which needs an account.
 * Offline, the machine-readable list at hand is aws-cdk-lib's
 * `PostgresEngineVersion` (aws-cdk-lib 2.276.0, a dependency already:
 * `aws-rds/lib/instance-engine.d.ts`), which has a `VER_<major>` for 9.6 to
 * 18 and the minors under each; its test (test/lib/aws-data/) fails when a
 * new aws-cdk-lib knows a major this file does not. RDS retires majors
 * (9.6 and 10 are gone) that the CDK keeps, so the release calendar decides
 * which of them are still offered (stored copies read 2026-12-02):
 *
 * - 18: "RDS for PostgreSQL 18 supported extensions" (the extension versions
 *   page), and `VER_18` to `VER_18_3` in the CDK.
 * - 11 and 12: past the RDS end of standard support (February 29, 2024 and
 *   February 28, 2025, "Amazon RDS Extended Support charges"); RDS still
 *   creates them, enrolled in Extended Support and billed per vCPU-hour on
 *   top ("You can create new databases with major engine versions that have
 *   reached the RDS end of standard support date", "Overview of Amazon RDS
 *   Extended Support").
 *
 * Minor versions are not listed: RDS adds some and retires others every
 * quarter, so a `major.minor` is taken for any major listed here, and RDS is
 * the judge of the minor.
 */

/** A major version and the page that says RDS offers it. */
export interface PostgresMajorFact {
    /** The page or package that lists it. */
    source: string;
}

const CALENDAR = "https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html";
const EXTENSIONS = "https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-extensions.html";
const EXTENDED_SUPPORT_CHARGES = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-charges.html";
const CDK = "aws-cdk-lib 2.276.0, aws-rds PostgresEngineVersion";

/** Majors RDS offers for a new instance under standard support, oldest first. */
export const RDS_POSTGRES_MAJORS: Readonly<Record<string, PostgresMajorFact>> = Object.freeze({
    "13": { source: `${CALENDAR}; ${CDK}` },
    "14": { source: `${CALENDAR}; ${CDK}` },
    "15": { source: `${CALENDAR}; ${CDK}` },
    "16": { source: `${CALENDAR}; ${CDK}` },
    "17": { source: `${CALENDAR}; ${CDK}` },
    "18": { source: `${EXTENSIONS}; ${CDK}` },
});

/** Majors RDS creates only under Extended Support (billed on top), with the day standard support ended. */
export const RDS_POSTGRES_EXTENDED_SUPPORT_ONLY: Readonly<Record<string, PostgresMajorFact & { standardSupportEnded: string }>> = Object.freeze({
    "11": { standardSupportEnded: "2024-02-29", source: EXTENDED_SUPPORT_CHARGES },
    "12": { standardSupportEnded: "2025-02-28", source: EXTENDED_SUPPORT_CHARGES },
});

/** The pages the facts come from, for messages and tests. */
export const RDS_POSTGRES_SOURCES = [CALENDAR, EXTENSIONS, EXTENDED_SUPPORT_CHARGES, CDK] as const;

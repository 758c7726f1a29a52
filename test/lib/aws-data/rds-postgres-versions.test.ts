import assert from "node:assert/strict";
import { PostgresEngineVersion } from "aws-cdk-lib/aws-rds";
import { RDS_POSTGRES_EXTENDED_SUPPORT_ONLY, RDS_POSTGRES_MAJORS, RDS_POSTGRES_SOURCES } from "../../../lib/aws-data/rds-postgres-versions";
import { postgresMajorProblem } from "../../../lib/config-schema";

/** The majors aws-cdk-lib's PostgresEngineVersion has a `VER_<major>` for (9.6 has none, only `VER_9_6_24`). */
function cdkMajors(): string[] {
    return Object.keys(PostgresEngineVersion)
        .map((name) => /^VER_(\d+)$/.exec(name)?.[1])
        .filter((major): major is string => major !== undefined)
        .sort((a, b) => Number(a) - Number(b));
}

describe("lib/aws-data/rds-postgres-versions", () => {
    it("lists 13 to 18 as offered and 11, 12 as Extended Support only, each with a source", () => {
        assert.deepEqual(Object.keys(RDS_POSTGRES_MAJORS), ["13", "14", "15", "16", "17", "18"]);
        assert.deepEqual(Object.keys(RDS_POSTGRES_EXTENDED_SUPPORT_ONLY), ["11", "12"]);
        for (const [major, fact] of Object.entries({ ...RDS_POSTGRES_MAJORS, ...RDS_POSTGRES_EXTENDED_SUPPORT_ONLY })) {
            assert.ok(RDS_POSTGRES_SOURCES.some((source) => fact.source.includes(source)), `${major}: ${fact.source}`);
        }
        assert.ok(Object.values(RDS_POSTGRES_EXTENDED_SUPPORT_ONLY).every((f) => /^\d{4}-\d{2}-\d{2}$/.test(f.standardSupportEnded)));
    });

    it("agrees with aws-cdk-lib's PostgresEngineVersion: every major listed is one it knows, and its newest is offered (a new major after an upgrade fails here)", () => {
        const known = cdkMajors();
        assert.ok(known.length >= 8, known.join(", "));
        for (const major of [...Object.keys(RDS_POSTGRES_MAJORS), ...Object.keys(RDS_POSTGRES_EXTENDED_SUPPORT_ONLY)]) {
            assert.ok(known.includes(major), `aws-cdk-lib knows PostgreSQL ${major}`);
            assert.equal((PostgresEngineVersion as unknown as Record<string, PostgresEngineVersion>)[`VER_${major}`].postgresMajorVersion, major);
        }
        assert.ok(Object.hasOwn(RDS_POSTGRES_MAJORS, known[known.length - 1]), `the newest major aws-cdk-lib knows (${known[known.length - 1]}) is listed; add it with its source`);
        // Those the CDK keeps and RDS retired: neither offered nor under Extended Support.
        for (const retired of known.filter((m) => Number(m) < 11)) {
            assert.ok(postgresMajorProblem(retired)?.includes("is not a PostgreSQL major version RDS offers"), retired);
        }
    });

    it("takes a version by its major: a minor under an offered major passes, any under another does not", () => {
        assert.equal(postgresMajorProblem("16"), undefined);
        assert.equal(postgresMajorProblem("16.99"), undefined);
        assert.match(postgresMajorProblem("19") ?? "", /^"19" is not a PostgreSQL major version RDS offers; allowed: 13, 14, 15, 16, 17, 18/);
        assert.match(postgresMajorProblem("12.22") ?? "", /^"12\.22" is PostgreSQL 12, past RDS standard support since 2025-02-28/);
        // Inherited object keys are no versions.
        assert.match(postgresMajorProblem("constructor") ?? "", /is not a PostgreSQL major version/);
    });
});

import assert from "node:assert/strict";
import { DSQL_CONFIRMED_REGIONS, DSQL_NOT_OFFERED_REGIONS, DSQL_REGION_SOURCES, dsqlAvailability } from "../../../lib/aws-data/dsql-regions";
import { zoneIdsOf } from "../../../lib/aws-data/availability-zones";

describe("lib/aws-data/dsql-regions", () => {
    it("confirms the General Reference's nine Regions, US West (N. California) from AWS Backup and the release notes' ten expansions, each from one of the sources", () => {
        assert.deepEqual(Object.keys(DSQL_CONFIRMED_REGIONS).sort(), [
            "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-4",
            "ca-central-1", "ca-west-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        ]);
        // Frankfurt (2025-10-23), Sydney and Canada Central (2026-02-11), São Paulo (2026-05-11): the release notes say so.
        for (const region of ["eu-central-1", "ap-southeast-2", "ca-central-1", "sa-east-1"]) {
            assert.equal(DSQL_CONFIRMED_REGIONS[region].source, "https://docs.aws.amazon.com/aurora-dsql/latest/userguide/release-notes.html", region);
        }
        for (const [region, fact] of Object.entries({ ...DSQL_CONFIRMED_REGIONS, ...DSQL_NOT_OFFERED_REGIONS })) {
            assert.ok(zoneIdsOf(region), `${region} is a commercial Region`);
            assert.ok((DSQL_REGION_SOURCES as readonly string[]).includes(fact.source), `${region}: ${fact.source}`);
        }
    });

    it("says offered, not offered or unconfirmed; a Region outside both lists is unconfirmed, not refused", () => {
        assert.equal(dsqlAvailability("us-west-2"), "offered");
        assert.equal(dsqlAvailability("ap-southeast-2"), "offered");
        // Cape Town is on no page read; Spain only for multi-Region clusters.
        assert.equal(dsqlAvailability("af-south-1"), "unconfirmed");
        assert.equal(dsqlAvailability("eu-south-2"), "unconfirmed");
        assert.equal(dsqlAvailability("af-south-1", DSQL_CONFIRMED_REGIONS, { "af-south-1": { source: "x" } }), "not-offered");
        assert.equal(dsqlAvailability("us-west-2", DSQL_CONFIRMED_REGIONS, { "us-west-2": { source: "x" } }), "offered");
        // Inherited object keys are no Regions.
        assert.equal(dsqlAvailability("constructor"), "unconfirmed");
    });
});

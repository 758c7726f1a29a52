import assert from "node:assert/strict";
import { DSQL_CONFIRMED_REGIONS, DSQL_NOT_OFFERED_REGIONS, DSQL_REGION_SOURCES, dsqlAvailability } from "../../../lib/aws-data/dsql-regions";
import { zoneIdsOf } from "../../../lib/aws-data/availability-zones";

describe("lib/aws-data/dsql-regions", () => {
    it("confirms the General Reference's nine Regions and the two AWS Backup names, each from one of the sources", () => {
        assert.deepEqual(Object.keys(DSQL_CONFIRMED_REGIONS).sort(), ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "us-east-1", "us-east-2", "us-west-1", "us-west-2"]);
        for (const [region, fact] of Object.entries({ ...DSQL_CONFIRMED_REGIONS, ...DSQL_NOT_OFFERED_REGIONS })) {
            assert.ok(zoneIdsOf(region), `${region} is a commercial Region`);
            assert.ok((DSQL_REGION_SOURCES as readonly string[]).includes(fact.source), `${region}: ${fact.source}`);
        }
    });

    it("says offered, not offered or unconfirmed; a Region outside both lists is unconfirmed, not refused", () => {
        assert.equal(dsqlAvailability("us-west-2"), "offered");
        assert.equal(dsqlAvailability("ap-southeast-2"), "unconfirmed");
        assert.equal(dsqlAvailability("ap-southeast-2", DSQL_CONFIRMED_REGIONS, { "ap-southeast-2": { source: "x" } }), "not-offered");
        assert.equal(dsqlAvailability("us-west-2", DSQL_CONFIRMED_REGIONS, { "us-west-2": { source: "x" } }), "offered");
        // Inherited object keys are no Regions.
        assert.equal(dsqlAvailability("constructor"), "unconfirmed");
    });
});

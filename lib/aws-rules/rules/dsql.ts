/**
 * Aurora DSQL: a cluster in a Region where AWS offers the service.
 */
import { DSQL_CONFIRMED_REGIONS, DSQL_NOT_OFFERED_REGIONS, dsqlAvailability } from "../../aws-data/dsql-regions";
import { AwsRule } from "../types";

export const dsqlClusterRegion: AwsRule = {
    id: "aws-dsql-cluster-region",
    description: "An Aurora DSQL cluster is in a Region where AWS confirms the service (a warning elsewhere: the confirmed list, lib/aws-data/dsql-regions.ts, is not complete).",
    level: "warning",
    effect: "refused",
    types: ["aws:dsql/cluster:Cluster"],
    properties: ["region"],
    source: "https://docs.aws.amazon.com/general/latest/gr/dsql.html",
    nearest: {},
    check(cluster) {
        const region = cluster.region;
        const availability = dsqlAvailability(region);
        if (!region || availability === "offered") {
            return [];
        }
        const confirmed = Object.keys(DSQL_CONFIRMED_REGIONS).join(", ");
        return [
            {
                property: "region",
                value: region,
                message:
                    availability === "not-offered"
                        ? `Aurora DSQL is not offered in ${region} (${DSQL_NOT_OFFERED_REGIONS[region].source}); CreateCluster has no endpoint there. Regions where it is: ${confirmed}`
                        : `Aurora DSQL is not confirmed offered in ${region}: AWS's pages confirm it in ${confirmed} (read 2026-12-02); check the Region table of https://docs.aws.amazon.com/aurora-dsql/latest/userguide/what-is-aurora-dsql.html, as CreateCluster fails where the service is not`,
            },
        ];
    },
};

/**
 * The AWS provider: a region AWS has. Its other inputs are the provider's own
 * settings, not sent to AWS.
 */
import { zoneIdsOf } from "../../aws-data/availability-zones";
import { AwsRule } from "../types";
import { isKnown } from "../util";

export const providerRegion: AwsRule = {
    id: "aws-provider-region",
    description: "An explicit provider's region is an AWS commercial region.",
    level: "error",
    effect: "refused",
    types: ["pulumi:providers:aws"],
    properties: ["region"],
    source: "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html",
    nearest: { terraform: "provider region validation unless skip_region_validation" },
    check(provider) {
        const region = provider.inputs.region;
        if (!isKnown(region) || zoneIdsOf(String(region)) !== undefined) {
            return [];
        }
        return [{ property: "region", value: region, message: "is not an AWS commercial region this project knows (lib/aws-data/availability-zones.ts)" }];
    },
};

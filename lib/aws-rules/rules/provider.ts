/**
 * The AWS provider: a region AWS has, and default tags AWS takes on every
 * resource. Its other inputs are the provider's own settings, not sent to AWS.
 */
import { zoneIdsOf } from "../../aws-data/availability-zones";
import { tagProblem } from "../../tags";
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

export const providerDefaultTags: AwsRule = {
    id: "aws-provider-default-tags",
    description: "An explicit provider's default tags are tags AWS accepts: keys of 1-128 and values of at most 256 letters, digits, spaces and _ . : / = + - @, no aws: prefix.",
    level: "error",
    effect: "refused",
    types: ["pulumi:providers:aws"],
    properties: ["defaultTags"],
    source: "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions",
    nearest: { terraform: "provider default_tags (tags_all) validation of each resource's tags" },
    check(provider) {
        const encoded = provider.inputs.defaultTags;
        if (!isKnown(encoded) || encoded === undefined) {
            return [];
        }
        // A provider's object inputs are sent as JSON text.
        const defaults = (typeof encoded === "string" ? JSON.parse(encoded) : encoded) as { tags?: Record<string, unknown> };
        return Object.entries(defaults.tags ?? {}).flatMap(([key, value]) => {
            const problem = tagProblem(key, String(value));
            return problem ? [{ property: `defaultTags.tags.${key}`, value, message: problem }] : [];
        });
    },
};

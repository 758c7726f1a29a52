/**
 * API Gateway (HTTP APIs): where VPC links can be placed.
 */
import { vpcLinkSupportsZone, HTTP_API_VPC_LINK_SUPPORTED_ZONES } from "../../aws-data/vpc-link-zones";
import { AwsRule } from "../types";
import { isKnown, list } from "../util";

export const vpcLinkZones: AwsRule = {
    id: "aws-apigatewayv2-vpc-link-zones",
    description: "An HTTP API VPC link has subnets only in availability zones where the region offers VPC links.",
    level: "error",
    types: ["aws:apigatewayv2/vpcLink:VpcLink"],
    properties: ["subnetIds"],
    readsSubnets: true,
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-links-v2.html",
    nearest: {},
    check(link, context) {
        return list(link.inputs.subnetIds).flatMap((id, i) => {
            const facts = typeof id === "string" && isKnown(id) ? context.lookups.subnets[id] : undefined;
            if (!facts || vpcLinkSupportsZone(link.region, facts.availabilityZoneId) !== false) {
                return [];
            }
            const zones = HTTP_API_VPC_LINK_SUPPORTED_ZONES[link.region] ?? [];
            return [{ property: `subnetIds[${i}]`, value: id, message: `subnet ${String(id)} is in ${facts.availabilityZoneId}, where ${link.region} has no HTTP API VPC links (AWS answers "BadRequestException ... where service is not available"); use subnets in ${zones.join(", ")}` }];
        });
    },
};

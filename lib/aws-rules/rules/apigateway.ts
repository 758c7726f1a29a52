/**
 * API Gateway (HTTP APIs): where VPC links can be placed.
 */
import { vpcLinkSupportsZone, HTTP_API_VPC_LINK_SUPPORTED_ZONES } from "../../aws-data/vpc-link-zones";
import { AwsRule } from "../types";
import { isKnown, list, obj } from "../util";

export const vpcLinkZones: AwsRule = {
    id: "aws-apigatewayv2-vpc-link-zones",
    description: "An HTTP API VPC link has subnets only in availability zones where the region offers VPC links.",
    level: "error",
    effect: "refused",
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

export const cloudMapIntegrationHasPort: AwsRule = {
    id: "aws-apigatewayv2-cloud-map-port",
    description: "An HTTP API private integration with a Cloud Map service reaches instances that register a port: the service has SRV records and ECS registers its tasks with a container port.",
    level: "error",
    effect: "broken",
    types: ["aws:apigatewayv2/integration:Integration"],
    properties: ["integrationUri"],
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html",
    nearest: {},
    check(integration, context) {
        if (integration.inputs.connectionType !== "VPC_LINK" || !isKnown(integration.inputs.integrationUri)) {
            return [];
        }
        const discovery = context.resources.find((r) => r.type === "aws:servicediscovery/service:Service" && r.outputs?.arn === integration.inputs.integrationUri);
        if (!discovery) {
            return [];
        }
        const records = list(obj(discovery.inputs.dnsConfig).dnsRecords).map(obj);
        if (records.length > 0 && !records.some((r) => r.type === "SRV")) {
            return [{ property: "integrationUri", value: integration.inputs.integrationUri, message: `Cloud Map service ${discovery.name} has only ${records.map((r) => String(r.type)).join(", ")} records, which carry no port; API Gateway then cannot reach the tasks (use SRV records, with ECS serviceRegistries giving containerName and containerPort)` }];
        }
        const registering = context.resources.filter((r) => r.type === "aws:ecs/service:Service" && obj(r.inputs.serviceRegistries).registryArn === discovery.outputs?.arn);
        return registering
            .filter((s) => obj(s.inputs.serviceRegistries).containerPort === undefined && obj(s.inputs.serviceRegistries).port === undefined)
            .map((s) => ({ property: "integrationUri", value: integration.inputs.integrationUri, message: `ECS service ${s.name} registers in ${discovery.name} without a container port, so its instances carry none for API Gateway` }));
    },
};

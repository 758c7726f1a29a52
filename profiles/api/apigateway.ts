/**
 * `api: apigateway`: an API Gateway HTTP API with a VPC link to the
 * backend's Cloud Map service (no load balancer: $0 at idle), on the API
 * host name with the regional certificate when the stack has a domain. It
 * routes no frontend.
 */
import { ApiGatewayRouter } from "../../components/api-gateway-router";
import { ApiEntryModule, AxisError } from "../parts";

export const apigateway: ApiEntryModule = {
    summary: "an HTTP API with a VPC link to Cloud Map",
    open(shared, request) {
        const { settings, network, cluster, domain, certificates } = shared;
        if (request.site) {
            throw new AxisError("api", "apigateway", "routes only the API; serve the frontend at the edge (frontend \"static\")");
        }
        return {
            backend: { discoveryNamespaceId: cluster.namespace.id, dependsOn: [], admit: () => undefined },
            connect(backend, corsOrigins) {
                if (!backend.discoveryService) {
                    throw new AxisError("api", "apigateway", "the backend service has no Cloud Map service to link to");
                }
                const api = new ApiGatewayRouter("api", {
                    vpcId: network.vpcId,
                    subnets: network.subnets,
                    discoveryServiceArn: backend.discoveryService.arn,
                    corsOrigins,
                    customDomain: domain && certificates.regional ? { domainName: domain.settings.apiHost, certificateArn: certificates.regional.certificateArn } : undefined,
                    logRetentionDays: settings.logRetentionDays,
                });
                backend.allowFrom("api-gateway", api.securityGroup.id);
                return { url: api.url, aliasTarget: api.aliasTarget ?? { dnsName: "", zoneId: "" } };
            },
        };
    },
};

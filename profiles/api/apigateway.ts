/**
 * `api: apigateway`: an API Gateway HTTP API (no load balancer: $0 at
 * idle) with a VPC link to the backend's Cloud Map service (compute `ecs`)
 * or a Lambda proxy integration (compute `lambda`), on the API host name
 * with the regional certificate when the stack has a domain. It routes no
 * frontend.
 */
import { ApiGatewayRouter } from "../../components/api-gateway-router";
import { ApiBackend } from "../../components/api-gateway-router";
import { ApiEntryModule, AxisError, networkOf } from "../parts";

export const apigateway: ApiEntryModule = {
    summary: "an HTTP API with a VPC link to Cloud Map",
    open(shared, request) {
        const { settings, ecs, domain, certificates } = shared;
        if (request.site) {
            throw new AxisError("api", "apigateway", "routes only the API; serve the frontend at the edge (frontend \"static\")");
        }
        return {
            // ECS tasks register in the cluster's Cloud Map namespace; a function needs nothing.
            backend: { discoveryNamespaceId: ecs?.cluster.namespace.id, dependsOn: [], admit: () => undefined },
            connect(backend, corsOrigins) {
                let target: ApiBackend;
                if (backend.kind === "lambda") {
                    target = { kind: "lambda", functionArn: backend.function.functionArn, functionName: backend.function.functionName };
                } else {
                    if (!backend.service.discoveryService) {
                        throw new AxisError("api", "apigateway", "the backend service has no Cloud Map service to link to");
                    }
                    const network = networkOf(shared, "api", "apigateway");
                    target = { kind: "cloudMap", vpcId: network.vpcId, subnets: network.subnets, discoveryServiceArn: backend.service.discoveryService.arn };
                }
                const api = new ApiGatewayRouter("api", {
                    backend: target,
                    corsOrigins,
                    customDomain: domain && certificates.regional ? { domainName: domain.settings.apiHost, certificateArn: certificates.regional.certificateArn } : undefined,
                    logRetentionDays: settings.logRetentionDays,
                });
                if (backend.kind === "ecs" && api.securityGroup) {
                    backend.service.allowFrom("api-gateway", api.securityGroup.id);
                }
                return { url: api.url, aliasTarget: api.aliasTarget ?? { dnsName: "", zoneId: "" } };
            },
        };
    },
};

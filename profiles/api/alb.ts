/**
 * `api: alb`: one Application Load Balancer in front of the backend (paths
 * `/api/*`) and, when the frontend runs behind it, the site (every other
 * path), each on its own host name when the stack has a domain. HTTPS with
 * the regional certificate when it has one; plain HTTP on the load
 * balancer's own name otherwise.
 */
import * as pulumi from "@pulumi/pulumi";
import { AlbRouter, AlbTarget } from "../../components/alb-router";
import { ApiEntryModule, AxisError, networkOf, ServiceAttachment } from "../parts";

export const alb: ApiEntryModule = {
    summary: "one Application Load Balancer for the API and a site behind it",
    open(shared, request) {
        const { settings, domain, certificates } = shared;
        const network = networkOf(shared, "api", "alb");
        const targets: Record<string, AlbTarget> = {
            backend: { port: settings.backend.port, healthCheckPath: settings.backend.healthCheckPath, hosts: domain ? [domain.settings.apiHost] : undefined, pathPatterns: ["/api/*"] },
        };
        if (request.site) {
            targets.frontend = { port: request.site.port, healthCheckPath: request.site.healthCheckPath, hosts: domain ? [domain.settings.siteHost] : undefined, pathPatterns: ["/*"] };
        }
        const router = new AlbRouter("load-balancer", { vpcId: network.vpcId, subnetIds: network.subnetIds, certificateArn: certificates.regional?.certificateArn, targets });
        const aliasTarget = { dnsName: router.dnsName, zoneId: router.zoneId };
        const urlOf = (host: string | undefined) => (host ? pulumi.output(`https://${host}`) : pulumi.interpolate`http://${router.dnsName}`);
        const attachment = (target: string): ServiceAttachment => ({
            targetGroupArn: router.targetGroups[target].arn,
            dependsOn: [router],
            admit: (service) => service.allowFrom("load-balancer", router.securityGroup.id),
        });
        const backendAttachment = attachment("backend");
        return {
            backend: backendAttachment,
            site: request.site ? { url: urlOf(domain?.settings.siteHost), aliasTarget, attachment: attachment("frontend") } : undefined,
            connect(backend) {
                if (backend.kind !== "ecs") {
                    throw new AxisError("api", "alb", `routes to ECS services only, not compute "${backend.kind}"`);
                }
                backendAttachment.admit(backend.service);
                return { url: urlOf(domain?.settings.apiHost), aliasTarget };
            },
        };
    },
};

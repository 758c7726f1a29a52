/**
 * `frontend: container`: the site in an nginx container on Fargate, behind
 * the API entry's route for it (the load balancer's `/*`). The runtime
 * config is baked into the image.
 */
import { ContainerSite } from "../../components/container-site";
import { AxisError, ecsOf, FrontendModule } from "../parts";

export const container: FrontendModule = {
    summary: "nginx on Fargate behind the API entry",
    hosting: "entry",
    routeRequest: (settings) => ({ port: settings.site.port, healthCheckPath: settings.site.healthCheckPath }),
    open(shared, route) {
        if (!route) {
            throw new AxisError("frontend", "container", "needs an API entry that routes the site to it (api \"alb\")");
        }
        const { settings, siteRepository, cache } = shared;
        const { serviceDefaults } = ecsOf(shared, "frontend", "container");
        return {
            url: route.url,
            finish(runtimeConfig) {
                const frontend = new ContainerSite(
                    "frontend",
                    {
                        ...serviceDefaults,
                        repositoryUrl: siteRepository.repositoryUrl,
                        context: settings.site.context,
                        dockerfile: settings.site.dockerfile,
                        runtimeConfig,
                        pullThroughCache: cache?.mirrorUrl,
                        port: settings.site.port,
                        cpu: settings.site.cpu,
                        memory: settings.site.memory,
                        architecture: settings.site.architecture,
                        desiredCount: settings.site.desiredCount,
                        maxCount: settings.site.maxCount,
                        targetGroupArn: route.attachment.targetGroupArn,
                    },
                    { dependsOn: route.attachment.dependsOn },
                );
                route.attachment.admit(frontend.service);
                return { aliasTarget: route.aliasTarget, services: { frontend: frontend.service.serviceName }, logGroups: { frontend: frontend.service.logGroup.name } };
            },
        };
    },
};

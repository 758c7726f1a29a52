/**
 * `frontend: static`: the site's files in a private S3 bucket behind
 * CloudFront, on the site host name with a us-east-1 certificate when the
 * stack has a domain. The runtime config is written next to the files.
 */
import { StaticSite } from "../../components/static-site";
import { FrontendModule } from "../parts";

export const staticSite: FrontendModule = {
    summary: "private S3 bucket behind CloudFront",
    hosting: "edge",
    routeRequest: () => undefined,
    open(shared) {
        const { settings, domain, certificates } = shared;
        const site = new StaticSite("site", {
            directory: settings.site.directory,
            awsProfile: settings.awsProfile,
            domain: domain && certificates.edge ? { hostName: domain.settings.siteHost, certificateArn: certificates.edge.certificateArn } : undefined,
        });
        return {
            url: site.url,
            finish(runtimeConfig) {
                site.writeRuntimeConfig(runtimeConfig);
                return { aliasTarget: site.aliasTarget, services: {} };
            },
        };
    },
};

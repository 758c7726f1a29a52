/**
 * Wires a stack: the shared parts, then the chosen axis values (one module
 * each, listed in profiles/values.ts), in one sequence. Creates no AWS
 * resource itself: every resource belongs to a component.
 *
 * Shared parts (network, cluster, database, table, repositories, DNS,
 * certificates) are built with the same names in every profile, so their
 * URNs, and the data behind them, survive a profile swap. Each public host
 * name has one alias record whose target follows the profile.
 */
import * as pulumi from "@pulumi/pulumi";
import { renderRuntimeConfig } from "../lib/runtime-config";
import { Settings } from "../lib/settings";
import { SITE_UPLOAD } from "../lib/site-upload-guard";
import { buildSharedParts } from "./shared";
import { AXIS_VALUES } from "./values";

/** The stack outputs. */
export interface StackOutputs {
    profile: string;
    axes: Settings["axes"];
    region: string;
    paused: boolean;
    frontendUrl: pulumi.Output<string>;
    apiUrl: pulumi.Output<string>;
    healthCheckUrl: pulumi.Output<string>;
    /** For `aws ecs execute-command --cluster` (compute `ecs`). */
    clusterName?: pulumi.Output<string>;
    /** ECS service names by short name (`backend` on ECS, and `frontend` for the container frontend). */
    services: Record<string, pulumi.Output<string>>;
    /** The backend's Lambda function (compute `lambda`). */
    functionName?: pulumi.Output<string>;
    /** CloudWatch Logs log groups by short name, as `services`: `backend` (the service's or the function's), and `frontend` for the container frontend. For `npm run ops -- logs`. */
    logGroups: Record<string, pulumi.Output<string>>;
    /** The database kind, read back by the next update to refuse a swap that would delete it. */
    databaseKind: Settings["axes"]["database"];
    /** Whether the data is protected (`protectData`), read back by the same guard. */
    dataProtected: boolean;
    /** How the static site's files go up (`sync`), read back by the site upload guard (lib/site-upload-guard.ts). */
    siteUpload?: typeof SITE_UPLOAD;
    databaseEndpoint?: pulumi.Output<string>;
    tableName: pulumi.Output<string>;
    backendRepositoryUrl: pulumi.Output<string>;
}

/** Builds the app for the stack's settings and returns the stack outputs. */
export function deploy(settings: Settings): StackOutputs {
    const api = AXIS_VALUES.api[settings.axes.api];
    const frontend = AXIS_VALUES.frontend[settings.axes.frontend];
    const compute = AXIS_VALUES.compute[settings.axes.compute];

    const shared = buildSharedParts(settings, { frontend, compute, database: AXIS_VALUES.database[settings.axes.database] });
    // The API entry's first half exists before the services that attach to it.
    const entry = api.open(shared, { site: frontend.routeRequest(settings) });
    // The frontend's URL is the backend's CORS origin.
    const site = frontend.open(shared, entry.site);
    const backend = compute.build(shared, site.url, entry.backend);
    const apiEndpoint = entry.connect(backend, [site.url]);
    const served = site.finish(apiEndpoint.url.apply((url) => renderRuntimeConfig({ apiUrl: url })));

    // One record per public host name, whatever the profile.
    if (shared.domain) {
        shared.domain.zone.alias("api-record", shared.domain.settings.apiHost, apiEndpoint.aliasTarget);
        shared.domain.zone.alias("site-record", shared.domain.settings.siteHost, served.aliasTarget);
    }

    return {
        profile: settings.profile,
        axes: settings.axes,
        region: settings.region,
        paused: settings.paused,
        frontendUrl: site.url,
        apiUrl: apiEndpoint.url,
        healthCheckUrl: pulumi.interpolate`${apiEndpoint.url}${settings.backend.healthCheckPath}`,
        ...(shared.ecs ? { clusterName: shared.ecs.cluster.clusterName } : {}),
        services: { ...(backend.kind === "ecs" ? { backend: backend.service.serviceName } : {}), ...served.services },
        ...(backend.kind === "lambda" ? { functionName: backend.function.functionName } : {}),
        logGroups: { backend: backend.kind === "ecs" ? backend.service.logGroup.name : backend.function.logGroup.name, ...served.logGroups },
        databaseKind: settings.axes.database,
        dataProtected: settings.protectData,
        ...(settings.axes.frontend === "static" ? { siteUpload: SITE_UPLOAD } : {}),
        ...(shared.database ? { databaseEndpoint: shared.database.endpoint } : {}),
        tableName: shared.table.tableName,
        backendRepositoryUrl: shared.backendRepository.repositoryUrl,
    };
}

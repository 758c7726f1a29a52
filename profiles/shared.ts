/**
 * The parts every profile builds the same way: network, cluster, table,
 * database, image repositories, the pull-through cache, the domain and the
 * certificates. Same names in every profile, so their URNs, and the data
 * behind them, survive a profile swap. The network is built only when
 * something runs in it, the cluster only for ECS services.
 */
import * as pulumi from "@pulumi/pulumi";
import { AppSecrets } from "../components/app-secrets";
import { Certificate } from "../components/certificate";
import { Cluster } from "../components/cluster";
import { Domain } from "../components/domain";
import { ImageRepository } from "../components/image-repository";
import { Network } from "../components/network";
import { PullThroughCache } from "../components/pull-through-cache";
import { Table } from "../components/table";
import { ECR_PUBLIC } from "../lib/images";
import { dnsLabel } from "../lib/naming";
import { scheduleCrons } from "../lib/schedule";
import { Settings } from "../lib/settings";
import { ComputeModule, DatabaseModule, FrontendModule, SharedParts } from "./parts";

/** The axis values the shared parts depend on. */
export interface SharedPartsValues {
    /** Where the site host is served, which decides the certificates. */
    frontend: FrontendModule;
    /** Whether the backend runs in the VPC, and on ECS. */
    compute: ComputeModule;
    database: DatabaseModule;
}

/** Builds the shared parts for the stack's axis values. */
export function buildSharedParts(settings: Settings, values: SharedPartsValues): SharedParts {
    const { axes, paused } = settings;
    const protect = settings.protectData;
    const network = values.compute.inVpc || values.database.inVpc ? new Network("network", { ...settings.network, region: settings.region }) : undefined;
    const cluster =
        axes.compute === "ecs" && network
            ? new Cluster("cluster", {
                  vpcId: network.vpcId,
                  defaultCapacity: axes.capacity,
                  namespaceName: `${dnsLabel(settings.stack)}.${dnsLabel(settings.project)}.internal`,
              })
            : undefined;
    const table = new Table("table", { protect, pointInTimeRecovery: settings.pointInTimeRecovery });
    const database = values.database.build(settings, network);
    // Awake hours: the same wake and sleep times for every service (and the RDS instance, profiles/database/rds.ts).
    const schedule = settings.schedule ? { timezone: settings.schedule.timezone, ...scheduleCrons(settings.schedule) } : undefined;
    const backendRepository = new ImageRepository("backend-repository", { protect });
    const siteRepository = new ImageRepository("site-repository", { protect });
    const cache = settings.pullThroughCache ? new PullThroughCache("pull-through-cache") : undefined;
    const baseImageRegistry: pulumi.Input<string> = cache ? cache.mirrorUrl : ECR_PUBLIC;
    const domain = settings.domain ? { settings: settings.domain, zone: new Domain("domain", { zone: settings.domain.zone }) } : undefined;
    // Only a stack whose backend has secrets gets the component (and its lookups).
    const { secrets: references, storedSecrets: stored } = settings.backend;
    const backendSecrets =
        Object.keys(references).length + Object.keys(stored).length > 0
            ? new AppSecrets("backend-secrets", { region: settings.region, stored, references, parameterPath: settings.backend.secretParameterPath })
            : undefined;

    // Regional for the API entry's hosts, us-east-1 for a site at the edge (CloudFront).
    const certificates: SharedParts["certificates"] = {};
    if (domain) {
        const regionalHosts = [domain.settings.apiHost, ...(values.frontend.hosting === "entry" ? [domain.settings.siteHost] : [])];
        certificates.regional = new Certificate("regional-certificate", { domainName: regionalHosts[0], subjectAlternativeNames: regionalHosts.slice(1), validationRecords: domain.zone });
        if (values.frontend.hosting === "edge") {
            certificates.edge = new Certificate("edge-certificate", { domainName: domain.settings.siteHost, validationRecords: domain.zone, region: "us-east-1" });
        }
    }

    return {
        settings,
        network,
        ecs:
            cluster && network
                ? {
                      cluster,
                      serviceDefaults: {
                          clusterArn: cluster.clusterArn,
                          clusterName: cluster.clusterName,
                          vpcId: network.vpcId,
                          subnetIds: network.subnetIds,
                          assignPublicIp: network.assignPublicIp,
                          capacity: axes.capacity,
                          paused,
                          schedule,
                          logRetentionDays: settings.logRetentionDays,
                          permissionsBoundary: settings.permissionsBoundary,
                          exec: settings.ecsExec,
                          serviceConnectNamespace: cluster.namespace.arn,
                          pullThroughRepositoryArns: cache ? [cache.repositoryArnPattern] : [],
                      },
                  }
                : undefined,
        table,
        database,
        backendRepository,
        backendSecrets,
        siteRepository,
        cache,
        baseImageRegistry,
        domain,
        certificates,
    };
}

/**
 * The parts every profile builds the same way: network, cluster, table,
 * database, image repositories, the pull-through cache, the domain and the
 * certificates. Same names in every profile, so their URNs, and the data
 * behind them, survive a profile swap.
 */
import * as pulumi from "@pulumi/pulumi";
import { Certificate } from "../components/certificate";
import { Cluster } from "../components/cluster";
import { Database } from "../components/database";
import { DatabaseSchedule } from "../components/database-schedule";
import { Domain } from "../components/domain";
import { ImageRepository } from "../components/image-repository";
import { Network } from "../components/network";
import { PullThroughCache } from "../components/pull-through-cache";
import { Table } from "../components/table";
import { ECR_PUBLIC } from "../lib/images";
import { dnsLabel } from "../lib/naming";
import { keepStoppedCrons, scheduleCrons } from "../lib/schedule";
import { Settings } from "../lib/settings";
import { FrontendModule, SharedParts } from "./parts";

/** Builds the shared parts; `frontend` says where the site host is served, which decides the certificates. */
export function buildSharedParts(settings: Settings, frontend: FrontendModule): SharedParts {
    const { axes, paused } = settings;
    const protect = settings.protectData;
    const network = new Network("network", { ...settings.network, region: settings.region });
    const cluster = new Cluster("cluster", {
        vpcId: network.vpcId,
        defaultCapacity: axes.capacity,
        namespaceName: `${dnsLabel(settings.stack)}.${dnsLabel(settings.project)}.internal`,
    });
    const table = new Table("table", { protect, pointInTimeRecovery: settings.pointInTimeRecovery });
    const database = new Database("database", {
        ...settings.database,
        vpcId: network.vpcId,
        subnetIds: network.subnetIds,
        stopped: paused,
        scheduled: settings.schedule !== undefined,
        protect,
    });
    // Awake hours: the same wake and sleep times for the database and every service.
    const schedule = settings.schedule ? { timezone: settings.schedule.timezone, ...scheduleCrons(settings.schedule) } : undefined;
    if (settings.schedule && schedule) {
        new DatabaseSchedule("database-schedule", {
            ...schedule,
            keepStopped: keepStoppedCrons(settings.schedule),
            instanceIdentifier: database.instance.identifier,
            instanceArn: database.instance.arn,
            paused,
            permissionsBoundary: settings.permissionsBoundary,
        });
    }
    const backendRepository = new ImageRepository("backend-repository", { protect });
    const siteRepository = new ImageRepository("site-repository", { protect });
    const cache = settings.pullThroughCache ? new PullThroughCache("pull-through-cache") : undefined;
    const baseImageRegistry: pulumi.Input<string> = cache ? cache.mirrorUrl : ECR_PUBLIC;
    const domain = settings.domain ? { settings: settings.domain, zone: new Domain("domain", { zone: settings.domain.zone }) } : undefined;

    // Regional for the API entry's hosts, us-east-1 for a site at the edge (CloudFront).
    const certificates: SharedParts["certificates"] = {};
    if (domain) {
        const regionalHosts = [domain.settings.apiHost, ...(frontend.hosting === "entry" ? [domain.settings.siteHost] : [])];
        certificates.regional = new Certificate("regional-certificate", { domainName: regionalHosts[0], subjectAlternativeNames: regionalHosts.slice(1), validationRecords: domain.zone });
        if (frontend.hosting === "edge") {
            certificates.edge = new Certificate("edge-certificate", { domainName: domain.settings.siteHost, validationRecords: domain.zone, region: "us-east-1" });
        }
    }

    return {
        settings,
        network,
        cluster,
        table,
        database,
        backendRepository,
        siteRepository,
        cache,
        baseImageRegistry,
        domain,
        certificates,
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
    };
}

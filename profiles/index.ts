/**
 * Wires the components together for the stack's axes. Creates no AWS
 * resource itself: every resource belongs to a component.
 *
 * Shared parts (network, cluster, database, table, repositories, DNS) are
 * built with the same names in every profile, so their URNs, and the data
 * behind them, survive a profile swap. Each public host name has one alias
 * record whose target follows the profile.
 */
import * as pulumi from "@pulumi/pulumi";
import { AlbRouter, AlbTarget } from "../components/alb-router";
import { ApiGatewayRouter } from "../components/api-gateway-router";
import { Certificate } from "../components/certificate";
import { Cluster } from "../components/cluster";
import { ContainerImage } from "../components/container-image";
import { ContainerSite } from "../components/container-site";
import { Database } from "../components/database";
import { Domain } from "../components/domain";
import { FargateService } from "../components/fargate-service";
import { ImageRepository } from "../components/image-repository";
import { Network } from "../components/network";
import { PullThroughCache } from "../components/pull-through-cache";
import { StaticSite } from "../components/static-site";
import { Table } from "../components/table";
import { ECR_PUBLIC } from "../lib/images";
import { dnsLabel } from "../lib/naming";
import { renderRuntimeConfig } from "../lib/runtime-config";
import { Settings } from "../lib/settings";

/** The stack outputs. */
export interface StackOutputs {
    profile: string;
    axes: Settings["axes"];
    region: string;
    paused: boolean;
    frontendUrl: pulumi.Output<string>;
    apiUrl: pulumi.Output<string>;
    healthCheckUrl: pulumi.Output<string>;
    /** For `aws ecs execute-command --cluster`. */
    clusterName: pulumi.Output<string>;
    /** ECS service names by short name (`backend`, and `frontend` for the container frontend). */
    services: Record<string, pulumi.Output<string>>;
    databaseEndpoint: pulumi.Output<string>;
    tableName: pulumi.Output<string>;
    backendRepositoryUrl: pulumi.Output<string>;
}

/** Builds the app for the stack's settings and returns the stack outputs. */
export function deploy(settings: Settings): StackOutputs {
    const { axes, domain, paused } = settings;
    const protect = settings.protectData;

    // --- shared by every profile -------------------------------------------
    const network = new Network("network", settings.network ?? {});
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
        protect,
    });
    const backendRepository = new ImageRepository("backend-repository", { protect });
    const siteRepository = new ImageRepository("site-repository", { protect });
    const cache = settings.pullThroughCache ? new PullThroughCache("pull-through-cache") : undefined;
    const baseImageRegistry: pulumi.Input<string> = cache ? cache.mirrorUrl : ECR_PUBLIC;
    const dns = domain ? new Domain("domain", { zone: domain.zone }) : undefined;

    const serviceDefaults = {
        clusterArn: cluster.clusterArn,
        clusterName: cluster.clusterName,
        vpcId: network.vpcId,
        subnetIds: network.subnetIds,
        assignPublicIp: network.assignPublicIp,
        capacity: axes.capacity,
        paused,
        logRetentionDays: settings.logRetentionDays,
        permissionsBoundary: settings.permissionsBoundary,
        exec: settings.ecsExec,
        serviceConnectNamespace: cluster.namespace.arn,
        pullThroughRepositoryArns: cache ? [cache.repositoryArnPattern] : [],
    };

    // --- certificates: regional for the ALB / API domain, us-east-1 for CloudFront
    const regionalHosts = domain ? [domain.apiHost, ...(axes.frontend === "container" ? [domain.siteHost] : [])] : [];
    const regionalCertificate =
        domain && dns ? new Certificate("regional-certificate", { domainName: regionalHosts[0], subjectAlternativeNames: regionalHosts.slice(1), validationRecords: dns }) : undefined;
    const edgeCertificate =
        domain && dns && axes.frontend === "static" ? new Certificate("edge-certificate", { domainName: domain.siteHost, validationRecords: dns, region: "us-east-1" }) : undefined;

    // --- the API entry, first half: the load balancer exists before its services
    let alb: AlbRouter | undefined;
    if (axes.api === "alb") {
        const targets: Record<string, AlbTarget> = {
            backend: { port: settings.backend.port, healthCheckPath: settings.backend.healthCheckPath, hosts: domain ? [domain.apiHost] : undefined, pathPatterns: ["/api/*"] },
        };
        if (axes.frontend === "container") {
            targets.frontend = { port: settings.site.port, healthCheckPath: settings.site.healthCheckPath, hosts: domain ? [domain.siteHost] : undefined, pathPatterns: ["/*"] };
        }
        alb = new AlbRouter("load-balancer", { vpcId: network.vpcId, subnetIds: network.subnetIds, certificateArn: regionalCertificate?.certificateArn, targets });
    }

    // --- the frontend: static site (its URL is needed for CORS) or container
    let staticSite: StaticSite | undefined;
    let frontendUrl: pulumi.Output<string>;
    if (axes.frontend === "static") {
        staticSite = new StaticSite("site", {
            directory: settings.site.directory,
            domain: domain && edgeCertificate ? { hostName: domain.siteHost, certificateArn: edgeCertificate.certificateArn } : undefined,
        });
        frontendUrl = staticSite.url;
    } else {
        frontendUrl = domain ? pulumi.output(`https://${domain.siteHost}`) : pulumi.interpolate`http://${alb!.dnsName}`;
    }

    // --- the backend --------------------------------------------------------
    const backendImage: pulumi.Input<string> =
        settings.backend.source.kind === "image"
            ? cache
                ? cache.rewrite(settings.backend.source.image)
                : settings.backend.source.image
            : new ContainerImage("backend-image", {
                  repositoryUrl: backendRepository.repositoryUrl,
                  context: settings.backend.source.context,
                  dockerfile: settings.backend.source.dockerfile,
                  architecture: settings.backend.architecture,
                  buildArgs: { REGISTRY: baseImageRegistry },
                  pullThroughCache: cache?.mirrorUrl,
              }).imageRef;
    const secret = database.secretArn;
    const backend = new FargateService("backend", {
        ...serviceDefaults,
        image: backendImage,
        port: settings.backend.port,
        cpu: settings.backend.cpu,
        memory: settings.backend.memory,
        architecture: settings.backend.architecture,
        desiredCount: settings.backend.desiredCount,
        maxCount: settings.backend.maxCount,
        environment: {
            ...settings.backend.environment,
            PORT: String(settings.backend.port),
            FRONTEND_URL: frontendUrl,
            TABLE_NAME: table.tableName,
            DB_HOST: database.address,
            DB_PORT: database.port.apply(String),
            DB_NAME: database.dbName,
            DB_USER: database.username,
            // RDS rotates the managed password every 7 days and ECS injects
            // secrets only when a task starts, so the app reads the password
            // itself, with its task role, when it connects.
            DB_SECRET_ARN: secret,
        },
        taskPolicyStatements: [
            { Sid: "DatabasePassword", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secret] },
            {
                Sid: "AppTable",
                Effect: "Allow",
                Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"],
                Resource: [table.tableArn, pulumi.interpolate`${table.tableArn}/index/*`],
            },
        ],
        discoveryNamespaceId: axes.api === "apigateway" ? cluster.namespace.id : undefined,
        targetGroupArn: alb?.targetGroups.backend.arn,
    }, { dependsOn: alb ? [alb] : [] });
    database.allowFrom("backend", backend.securityGroup.id);

    // --- the API entry, second half ----------------------------------------
    let apiUrl: pulumi.Output<string>;
    let apiTarget: { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> };
    if (alb) {
        backend.allowFrom("load-balancer", alb.securityGroup.id);
        apiUrl = domain ? pulumi.output(`https://${domain.apiHost}`) : pulumi.interpolate`http://${alb.dnsName}`;
        apiTarget = { dnsName: alb.dnsName, zoneId: alb.zoneId };
    } else {
        const api = new ApiGatewayRouter("api", {
            vpcId: network.vpcId,
            subnets: network.subnets,
            discoveryServiceArn: backend.discoveryService!.arn,
            corsOrigins: [frontendUrl],
            customDomain: domain && regionalCertificate ? { domainName: domain.apiHost, certificateArn: regionalCertificate.certificateArn } : undefined,
            logRetentionDays: settings.logRetentionDays,
        });
        backend.allowFrom("api-gateway", api.securityGroup.id);
        apiUrl = api.url;
        apiTarget = api.aliasTarget ?? { dnsName: "", zoneId: "" };
    }
    const runtimeConfig = apiUrl.apply((url) => renderRuntimeConfig({ apiUrl: url }));

    // --- the frontend, second half: it learns the API URL --------------------
    const services: Record<string, pulumi.Output<string>> = { backend: backend.serviceName };
    let siteTarget: { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> };
    if (staticSite) {
        staticSite.writeRuntimeConfig(runtimeConfig);
        siteTarget = staticSite.aliasTarget;
    } else {
        const frontend = new ContainerSite("frontend", {
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
            targetGroupArn: alb!.targetGroups.frontend.arn,
        }, { dependsOn: [alb!] });
        frontend.service.allowFrom("load-balancer", alb!.securityGroup.id);
        services.frontend = frontend.service.serviceName;
        siteTarget = { dnsName: alb!.dnsName, zoneId: alb!.zoneId };
    }

    // --- one record per public host name, whatever the profile ---------------
    if (domain && dns) {
        dns.alias("api-record", domain.apiHost, apiTarget);
        dns.alias("site-record", domain.siteHost, siteTarget);
    }

    return {
        profile: settings.profile,
        axes,
        region: settings.region,
        paused,
        frontendUrl,
        apiUrl,
        healthCheckUrl: pulumi.interpolate`${apiUrl}${settings.backend.healthCheckPath}`,
        clusterName: cluster.clusterName,
        services,
        databaseEndpoint: database.address,
        tableName: table.tableName,
        backendRepositoryUrl: backendRepository.repositoryUrl,
    };
}

/**
 * What the axis values of a profile share and hand each other.
 *
 * A profile is built in one sequence (profiles/index.ts): the shared parts,
 * then the chosen API entry and frontend, each an axis value module
 * (profiles/api/*.ts, profiles/frontend/*.ts) that implements its axis's
 * interface below. A value says what it needs (a route through the API
 * entry, a certificate where its host is served) and provides what the
 * others need (URLs, alias targets, how a service attaches to it, where the
 * runtime config goes), so no value knows which other values it runs with.
 */
import * as pulumi from "@pulumi/pulumi";
import { AppSecrets } from "../components/app-secrets";
import { Certificate } from "../components/certificate";
import { Cluster } from "../components/cluster";
import { Domain } from "../components/domain";
import * as aws from "@pulumi/aws";
import { FargateService, FargateServiceArgs } from "../components/fargate-service";
import { LambdaFunction } from "../components/lambda-function";
import { ImageRepository } from "../components/image-repository";
import { Network } from "../components/network";
import { PullThroughCache } from "../components/pull-through-cache";
import { Table } from "../components/table";
import { StatefulDatabaseKind } from "../lib/axes";
import { DatabaseVariable } from "../lib/config-schema";
import { DomainSettings, Settings } from "../lib/settings";

/** Where an alias record of a public host name points. */
export interface AliasTarget {
    dnsName: pulumi.Input<string>;
    zoneId: pulumi.Input<string>;
}

/** The service arguments every ECS service of the stack shares. */
export type ServiceDefaults = Pick<
    FargateServiceArgs,
    "clusterArn" | "clusterName" | "vpcId" | "subnetIds" | "assignPublicIp" | "capacity" | "paused" | "schedule" | "logRetentionDays" | "permissionsBoundary" | "exec" | "serviceConnectNamespace" | "pullThroughRepositoryArns"
>;

/** The ECS parts: the cluster and what every service on it shares (compute `ecs`). */
export interface EcsParts {
    cluster: Cluster;
    serviceDefaults: ServiceDefaults;
}

/** The database as the backend sees it. */
export interface DatabaseAccess {
    kind: StatefulDatabaseKind;
    /** How the backend connects: host, port, database, user, how it authenticates (and the password's secret, when there is one). */
    variables: Record<Exclude<DatabaseVariable, "DB_SECRET_ARN">, pulumi.Input<string>> & Partial<Record<"DB_SECRET_ARN", pulumi.Input<string>>>;
    /** What the backend's role needs to connect. */
    policyStatements: pulumi.Input<aws.iam.PolicyStatement>[];
    /** The host name (the stack output `databaseEndpoint`). */
    endpoint: pulumi.Output<string>;
    /** Lets a security group reach it, for a database inside the VPC. */
    admit?(name: string, securityGroupId: pulumi.Input<string>): void;
}

/** The parts every profile builds the same way, with the same names, so their URNs (and data) survive a profile swap. */
export interface SharedParts {
    settings: Settings;
    /** The VPC, when something runs in it (ECS services, an RDS instance). */
    network?: Network;
    /** The cluster and service defaults, with compute `ecs`. */
    ecs?: EcsParts;
    table: Table;
    /** The database, unless `database.kind` is `none`. */
    database?: DatabaseAccess;
    backendRepository: ImageRepository;
    /** The backend's secrets (stored and referenced), when it has any. */
    backendSecrets?: AppSecrets;
    siteRepository: ImageRepository;
    /** The ECR pull-through cache of public base images, when `pullThroughCache` is on. */
    cache?: PullThroughCache;
    /** Where Dockerfiles pull their base images from: the cache, or ECR Public. */
    baseImageRegistry: pulumi.Input<string>;
    /** The domain and its hosted zone, when the stack has one. */
    domain?: { settings: DomainSettings; zone: Domain };
    /** The regional certificate (API host, and the site host when the API entry serves it) and the us-east-1 one (the site host at the edge). */
    certificates: { regional?: Certificate; edge?: Certificate };
}

/** The VPC, for an axis value that runs in it. */
export function networkOf(shared: SharedParts, axis: string, value: string): Network {
    if (!shared.network) {
        throw new AxisError(axis, value, "runs in a VPC, but the stack has none (compute \"lambda\" with a database outside the VPC builds none)");
    }
    return shared.network;
}

/** The ECS parts, for an axis value that runs ECS services. */
export function ecsOf(shared: SharedParts, axis: string, value: string): EcsParts {
    if (!shared.ecs) {
        throw new AxisError(axis, value, "runs ECS services, which need compute \"ecs\"");
    }
    return shared.ecs;
}

/** The backend as the API entry reaches it. */
export type Backend = { kind: "ecs"; service: FargateService } | { kind: "lambda"; function: LambdaFunction };

/** How an ECS service attaches to the API entry in front of it. */
export interface ServiceAttachment {
    /** The target group to register the tasks in (a load balancer). */
    targetGroupArn?: pulumi.Input<string>;
    /** The Cloud Map namespace to register the tasks in (an HTTP API's VPC link). */
    discoveryNamespaceId?: pulumi.Input<string>;
    /** What the service waits for (a target group must have its listener before a service uses it). */
    dependsOn: pulumi.Resource[];
    /** Opens the service's security group to the entry, once the service exists. */
    admit(service: FargateService): void;
}

/** A frontend served through the API entry asks it for a route. */
export interface SiteRouteRequest {
    port: number;
    healthCheckPath: string;
}

/** The route an API entry made for a frontend behind it. */
export interface SiteRoute {
    /** The site's public URL. */
    url: pulumi.Output<string>;
    aliasTarget: AliasTarget;
    attachment: ServiceAttachment;
}

/** The API entry once its first half exists: services can attach to it. */
export interface OpenedApiEntry {
    backend: ServiceAttachment;
    /** The frontend's route, when one was asked for. */
    site?: SiteRoute;
    /** Finishes the entry in front of the running backend: the API's URL and alias target. */
    connect(backend: Backend, corsOrigins: pulumi.Input<string>[]): { url: pulumi.Output<string>; aliasTarget: AliasTarget };
}

/** An `api` axis value: how requests reach the backend. */
export interface ApiEntryModule {
    /** What it builds, in a few words (the README's architecture diagram shows it). */
    readonly summary: string;
    /** Builds what must exist before the services (a load balancer and its target groups). */
    open(shared: SharedParts, request: { site?: SiteRouteRequest }): OpenedApiEntry;
}

/** The frontend once its first half exists: its URL is known (the backend's CORS origin). */
export interface OpenedFrontend {
    url: pulumi.Output<string>;
    /**
     * Delivers the runtime config (the API's URL); returns the site host's
     * alias target, any ECS service it runs, and that service's log group
     * (both by the service's short name; a frontend that runs no service
     * may leave `logGroups` out).
     */
    finish(runtimeConfig: pulumi.Output<string>): { aliasTarget: AliasTarget; services: Record<string, pulumi.Output<string>>; logGroups?: Record<string, pulumi.Output<string>> };
}

/** A `frontend` axis value: how the single-page app is served. */
export interface FrontendModule {
    /** What it builds, in a few words (the README's architecture diagram shows it). */
    readonly summary: string;
    /** Where its host is served: through the regional API entry, or at the edge (CloudFront, with a us-east-1 certificate). */
    readonly hosting: "entry" | "edge";
    /** The route it needs through the API entry, if it is served there. */
    routeRequest(settings: Settings): SiteRouteRequest | undefined;
    /** Builds what the backend needs first (the site's URL). */
    open(shared: SharedParts, route: SiteRoute | undefined): OpenedFrontend;
}

/** A `compute` axis value: where the backend runs. */
export interface ComputeModule {
    /** What it builds, in a few words (the README's architecture diagram shows it). */
    readonly summary: string;
    /** Whether it runs in the VPC (then the stack builds one). */
    readonly inVpc: boolean;
    /** Builds the backend; `frontendUrl` is its CORS origin, `attachment` how an ECS service joins the API entry. */
    build(shared: SharedParts, frontendUrl: pulumi.Output<string>, attachment: ServiceAttachment): Backend;
}

/** A `database` axis value (`database.kind`): which database the backend gets. */
export interface DatabaseModule {
    /** What it builds, in a few words (the README's architecture diagram shows it). */
    readonly summary: string;
    /** Whether it lives in the VPC (then the stack builds one, and the backend must run there too). */
    readonly inVpc: boolean;
    /** Builds the database, or nothing (`none`). */
    build(settings: Settings, network: Network | undefined): DatabaseAccess | undefined;
}

/** An error in how axis values were combined, named after the values. */
export class AxisError extends Error {
    constructor(axis: string, value: string, message: string) {
        super(`${axis} "${value}": ${message}`);
        this.name = "AxisError";
    }
}

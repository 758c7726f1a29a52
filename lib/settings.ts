/**
 * The stack's settings: the config, checked by its schema
 * (lib/config-schema.ts), with what follows from it (the axes of the
 * profile, host names, absolute paths) and the checks across keys and on
 * the files it names.
 *
 * `parseSettings` goes from raw config strings (as the Pulumi runtime holds
 * them) to typed settings; besides them it reads only the files and
 * directories the config names (build contexts, Dockerfiles, the site's
 * directory), where their paths are resolved. It runs before any resource is
 * registered, and every error names the config key, the bad value and what is
 * allowed. `config.ts` is the only module that reads `pulumi.Config`; it hands
 * the raw values here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { Axes, Profile, PROFILES } from "./axes";
import { DSQL_CONFIRMED_REGIONS, DSQL_NOT_OFFERED_REGIONS, DsqlRegionFact, dsqlAvailability } from "./aws-data/dsql-regions";
import { AVAILABILITY_ZONE_IDS, zoneIdsOf } from "./aws-data/availability-zones";
import { BackendConfig, CONFIG_KEYS, DatabaseConfig, HOSTED_ZONE_ID, PROJECT_CONFIG_SCHEMA, ProjectConfig, REGION_SCHEMA, ScheduleConfig, shown, SiteConfig } from "./config-schema";
import { newVpcSubnets } from "./network-layout";
import { RUNTIME_CONFIG_FILE } from "./runtime-config";
import { parameterNameProblem, parseSecretReference, SecretReference, storedParameterValueProblem } from "./secret-references";
import { AwakeWindow, parseWindows, Schedule } from "./schedule";

export { Architecture, ARCHITECTURES, CONFIG_KEYS, LOG_RETENTION_DAYS } from "./config-schema";

/** Size, placement and scaling of one Fargate service. */
export type ServiceSettings = Pick<BackendConfig, "cpu" | "memory" | "architecture" | "port" | "healthCheckPath" | "desiredCount"> & {
    /** Autoscaling maximum; autoscaling is on when it exceeds `desiredCount`. */
    maxCount: number;
};

/** Where a container image comes from: a reference, or a Docker build context. */
export type ImageSource =
    | { kind: "image"; image: string }
    | { kind: "build"; context: string; dockerfile: string };

/** The backend API container. */
export interface BackendSettings extends ServiceSettings {
    source: ImageSource;
    /** Extra plain environment variables (never credentials, never the program's own). */
    environment: Record<string, string>;
    /** Secrets that exist already, by variable name (`backend.secrets`). */
    secrets: Record<string, SecretReference>;
    /**
     * Values the program stores as SSM SecureString parameters and gives the
     * app as secrets: `backend.environment` when Pulumi holds the `backend`
     * key as a secret (it says so per key, not per value).
     */
    storedSecrets: Record<string, string>;
    /** Where `storedSecrets` are stored: `/<project>/<stack>/backend`. */
    secretParameterPath: string;
}

/** The frontend: built files for the static site, a Docker build for the container (paths absolute). */
export interface SiteSettings extends ServiceSettings {
    /** Directory of built files, uploaded to S3 (frontend `static`). */
    directory: string;
    /** The old per-file objects of a site deployed by an earlier version are out of the state (lib/site-upload-guard.ts). */
    objectsMoved: boolean;
    /** Docker build context and Dockerfile of the nginx image (frontend `container`). */
    context: string;
    dockerfile: string;
}

/** The Postgres database. */
/** The database fields; its kind is `axes.database`. */
export type DatabaseSettings = Omit<DatabaseConfig, "kind">;

/** The public hostnames, when the stack has a domain. */
export interface DomainSettings {
    /** The frontend's host name (the domain itself, or `<siteSubdomain>.<domain>`). */
    siteHost: string;
    /** The API's host name (`<apiSubdomain>.<domain>`). */
    apiHost: string;
    /** The Route 53 hosted zone: its name, looked up at deploy time, or its id. */
    zone: { name: string } | { id: string };
}

/** Where the stack runs. */
export type NetworkSettings = { kind: "default" } | { kind: "new" } | { kind: "existing"; vpcId: string; subnetIds: string[] };

/** Everything the program needs to know, typed and checked. */
export interface Settings {
    project: string;
    stack: string;
    region: string;
    profile: Profile;
    axes: Axes;
    /** Scale every service to 0 and stop the database. */
    paused: boolean;
    /** Awake hours: every service at 0 and the database stopped outside them (`paused` wins). */
    schedule?: Schedule;
    domain?: DomainSettings;
    backend: BackendSettings;
    site: SiteSettings;
    database: DatabaseSettings;
    logRetentionDays: number;
    /** Route public images through an ECR pull-through cache of ECR Public. */
    pullThroughCache: boolean;
    /** Protect stateful resources (database, table, repositories) from deletion. */
    protectData: boolean;
    /** DynamoDB point-in-time recovery of the app's table. */
    pointInTimeRecovery: boolean;
    /** ECS Exec into the services' containers (their root filesystems stay writable while it is on). */
    ecsExec: boolean;
    /** The default VPC, a VPC the stack creates, or an existing VPC and its subnets. */
    network: NetworkSettings;
    /** `aws:profile`: the credentials profile of the AWS provider, which the site sync's own clients use too. */
    awsProfile?: string;
    /**
     * The permissions boundary every role the program creates carries (the
     * bootstrap's `workloadBoundaryArn`; its deploy role creates no role without it).
     */
    permissionsBoundary?: string;
}

/** A config problem, reported before anything is registered. */
export class ConfigError extends Error {
    constructor(
        readonly key: string,
        message: string,
    ) {
        super(`config ${key}: ${message}`);
        this.name = "ConfigError";
    }
}

/** What `parseSettings` reads. */
export interface RawConfig {
    project: string;
    stack: string;
    /** Directory relative paths in config are resolved against (the project). */
    projectDir: string;
    /** Every config value of the stack, fully qualified key -> raw string. */
    values: Record<string, string>;
    /** The keys whose values Pulumi holds as secrets (`secure:` in the stack file). */
    secretKeys?: readonly string[];
}

/** The JSON Schema type of each key, to turn the runtime's strings back into YAML values. */
let keyTypes: Record<string, unknown> | undefined;
function keyType(name: string): unknown {
    keyTypes ??= Object.fromEntries(
        Object.entries((z.toJSONSchema(PROJECT_CONFIG_SCHEMA, { io: "input" }) as { properties: Record<string, { type?: unknown }> }).properties).map(([k, v]) => [k, v.type]),
    );
    return keyTypes[name];
}

/**
 * A key's value as the stack file held it. The runtime hands every value
 * over as text: maps and lists as JSON, booleans as "true"/"false". Text
 * that does not read back is left as it is, for the schema to refuse.
 */
function yamlValue(name: string, raw: string): unknown {
    const type = keyType(name);
    if (type === "object" || type === "array") {
        try {
            return JSON.parse(raw);
        } catch {
            return raw;
        }
    }
    if (type === "boolean" && (raw === "true" || raw === "false")) {
        return raw === "true";
    }
    return raw;
}

/** A config key with a path into its value, as `pulumi config set --path` writes it (`shoestring:backend.cpu`, `shoestring:subnetIds[0]`). */
function keyPath(ns: string, path: PropertyKey[]): string {
    const [top, ...rest] = path;
    return rest.reduce<string>((k, p) => (typeof p === "number" ? `${k}[${p}]` : `${k}.${String(p)}`), `${ns}:${String(top)}`);
}

/** The config key an issue is about, and its message. */
function configErrorOf(ns: string, issue: z.core.$ZodIssue): ConfigError {
    if (issue.code === "unrecognized_keys") {
        const unknown = issue.keys[0];
        if (issue.path.length === 0) {
            return new ConfigError(`${ns}:${unknown}`, `unknown key; known keys: ${CONFIG_KEYS.map((k) => `${ns}:${k}`).join(", ")}`);
        }
        return new ConfigError(keyPath(ns, [...issue.path, unknown]), issue.message);
    }
    return new ConfigError(keyPath(ns, issue.path), issue.message);
}

/** Parses and checks the stack config. Throws `ConfigError` on the first problem. */
export function parseSettings(raw: RawConfig): Settings {
    const ns = raw.project;
    const key = (name: string) => `${ns}:${name}`;

    const region = raw.values["aws:region"];
    if (region === undefined) {
        throw new ConfigError("aws:region", `not set; set it with \`pulumi config set aws:region us-west-2\``);
    }
    const regionCheck = REGION_SCHEMA.safeParse(region);
    if (!regionCheck.success) {
        throw new ConfigError("aws:region", regionCheck.error.issues[0].message);
    }
    // The program knows the zones (and so the subnets, VPC link zones and prices) of the commercial regions only.
    if (zoneIdsOf(region) === undefined) {
        throw new ConfigError("aws:region", `${shown(region)} is not a commercial AWS region this program knows (GovCloud and China are other partitions, not supported); known: ${Object.keys(AVAILABILITY_ZONE_IDS).sort().join(", ")}`);
    }

    const input: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw.values)) {
        if (k.startsWith(`${ns}:`)) {
            input[k.slice(ns.length + 1)] = yamlValue(k.slice(ns.length + 1), v);
        }
    }
    const parsed = PROJECT_CONFIG_SCHEMA.safeParse(input);
    if (!parsed.success) {
        throw configErrorOf(ns, parsed.error.issues[0]);
    }
    const config = parsed.data;

    const preset = PROFILES[config.profile];
    const axes: Axes = {
        api: config.api ?? preset.api,
        frontend: config.frontend ?? preset.frontend,
        capacity: config.capacity ?? preset.capacity,
        compute: config.compute ?? preset.compute,
        database: config.database.kind ?? preset.database,
    };
    if (axes.frontend === "container" && axes.api !== "alb") {
        throw new ConfigError(key("frontend"), `"container" needs a load balancer in front of it, so it needs ${key("api")} "alb" (got "${axes.api}"); use frontend "static" with "apigateway"`);
    }
    if (axes.frontend === "static" && axes.api === "alb" && config.domain === undefined) {
        throw new ConfigError(key("api"), `"alb" with frontend "static" needs ${key("domain")}: without a domain the load balancer serves plain HTTP, which browsers block from an HTTPS CloudFront page; set a domain, or use api "apigateway"`);
    }

    checkCompute(ns, config, axes, region);
    checkDatabaseRegion(ns, axes.database, region);

    return {
        project: raw.project,
        stack: raw.stack,
        region,
        profile: config.profile,
        axes,
        paused: config.paused,
        schedule: scheduleSettings(config.schedule),
        domain: domainSettings(ns, config, input),
        backend: backendSettings(key("backend"), config.backend, raw.projectDir, region, `/${raw.project}/${raw.stack}/backend`, raw.secretKeys?.includes(key("backend")) ?? false),
        site: siteSettings(key("site"), config.site, raw.projectDir, axes),
        database: (({ kind: _kind, ...rest }) => rest)(config.database),
        logRetentionDays: config.logRetentionDays,
        pullThroughCache: config.pullThroughCache,
        protectData: config.protectData,
        pointInTimeRecovery: config.pointInTimeRecovery,
        ecsExec: config.ecsExec,
        network: networkSettings(ns, config, region),
        permissionsBoundary: config.permissionsBoundary,
        ...(raw.values["aws:profile"] ? { awsProfile: raw.values["aws:profile"] } : {}),
    };
}

/**
 * Lambda's limits on what the backend may be: behind the HTTP API (an
 * Application Load Balancer can invoke Lambda, but the ALB profile is the
 * container design), with a database it reaches without a VPC (a function
 * outside a VPC has internet access; one inside a VPC without a NAT gateway
 * reaches neither Secrets Manager nor the RDS API), an image in the
 * region's ECR, and at most 10,240 MB of memory.
 */
function checkCompute(ns: string, config: ProjectConfig, axes: Axes, region: string): void {
    if (axes.compute !== "lambda") {
        return;
    }
    if (config.schedule !== undefined) {
        throw new ConfigError(`${ns}:schedule`, `awake hours scale ECS services and stop an RDS instance, and compute "lambda" has neither (it costs nothing while idle); remove ${ns}:schedule, or use compute "ecs"`);
    }
    if (axes.api !== "apigateway") {
        throw new ConfigError(`${ns}:compute`, `"lambda" runs behind the HTTP API, so it needs ${ns}:api "apigateway" (got "${axes.api}"); use compute "ecs" with the load balancer`);
    }
    if (axes.database !== "dsql" && axes.database !== "none") {
        throw new ConfigError(`${ns}:compute`, `"lambda" runs outside any VPC and cannot reach database "${axes.database}" (a private RDS instance); use ${ns}:database.kind "dsql" or "none", or compute "ecs"`);
    }
    const image = config.backend.image;
    // Lambda CreateFunction, Code.ImageUri: "URI of a container image in the Amazon ECR registry".
    if (image !== undefined && !new RegExp(`^\\d{12}\\.dkr\\.ecr\\.${region}\\.amazonaws\\.com/`).test(image)) {
        throw new ConfigError(`${ns}:backend.image`, `${shown(image)} is not in this region's Amazon ECR, the only registry Lambda runs images from; push it to <account>.dkr.ecr.${region}.amazonaws.com/<repository>, or build it from backend.context`);
    }
    // Lambda quotas: function memory 128 MB to 10,240 MB.
    if (config.backend.memory > LAMBDA_MAX_MEMORY_MB) {
        throw new ConfigError(`${ns}:backend.memory`, `${config.backend.memory} MiB is more than a Lambda function may have; allowed with compute "lambda": at most ${LAMBDA_MAX_MEMORY_MB}`);
    }
}

/**
 * Aurora DSQL only where AWS offers it: `dsql` is refused in a Region AWS
 * says it is not offered in (lib/aws-data/dsql-regions.ts). A Region merely
 * outside the confirmed list passes, as that list is not complete; the
 * plan's rule aws-dsql-cluster-region warns there instead.
 */
export function checkDatabaseRegion(ns: string, database: Axes["database"], region: string, notOffered: Readonly<Record<string, DsqlRegionFact>> = DSQL_NOT_OFFERED_REGIONS): void {
    if (database !== "dsql" || dsqlAvailability(region, DSQL_CONFIRMED_REGIONS, notOffered) !== "not-offered") {
        return;
    }
    throw new ConfigError(
        `${ns}:database.kind`,
        `"dsql" is not offered in ${region} (${notOffered[region].source}); use database.kind "none" or "rds" (with compute "ecs"), or a Region where Aurora DSQL is offered: ${Object.keys(DSQL_CONFIRMED_REGIONS).join(", ")}`,
    );
}

/** Most memory a Lambda function may have, MB (Lambda quotas). */
export const LAMBDA_MAX_MEMORY_MB = 10240;

/** The network kind; `existing` with both network keys, at least two distinct subnets; the others with neither. */
function networkSettings(ns: string, config: ProjectConfig, region: string): NetworkSettings {
    const { vpcId, subnetIds } = config;
    const kind = config.network ?? (vpcId !== undefined || subnetIds !== undefined ? "existing" : "default");
    const layout = kind === "new" ? newVpcSubnets(region) : [];
    if (typeof layout === "string") {
        throw new ConfigError(`${ns}:network`, `"new" cannot lay out a VPC here: ${layout}`);
    }
    if (kind !== "existing") {
        for (const [k, v] of [["vpcId", vpcId], ["subnetIds", subnetIds]] as const) {
            if (v !== undefined) {
                throw new ConfigError(`${ns}:${k}`, `is set but ${ns}:network is "${kind}"; set network "existing" to use your own VPC, or remove ${ns}:${k}`);
            }
        }
        return { kind };
    }
    if (vpcId === undefined) {
        throw new ConfigError(`${ns}:vpcId`, `null is not a VPC id (vpc-...); network "existing" needs both vpcId and subnetIds (or use network "default" or "new")`);
    }
    if (subnetIds === undefined || subnetIds.length < 2 || new Set(subnetIds).size !== subnetIds.length) {
        throw new ConfigError(`${ns}:subnetIds`, `${shown(subnetIds)} must list at least two distinct subnet ids (subnet-...) in different availability zones, with a route to an internet gateway`);
    }
    return { kind, vpcId, subnetIds };
}

/** Host names and the hosted zone; the subdomains and zone only with a domain. */
function domainSettings(ns: string, config: ProjectConfig, input: Record<string, unknown>): DomainSettings | undefined {
    const name = config.domain;
    for (const dependent of ["hostedZone", "apiSubdomain", "siteSubdomain"]) {
        if (name === undefined && input[dependent] !== undefined) {
            throw new ConfigError(`${ns}:${dependent}`, `is set but ${ns}:domain is not; set the domain, or remove ${ns}:${dependent}`);
        }
    }
    if (name === undefined) {
        return undefined;
    }
    let zone: DomainSettings["zone"] = { name };
    if (config.hostedZone !== undefined) {
        const zoneName = config.hostedZone;
        if (HOSTED_ZONE_ID.test(zoneName)) {
            zone = { id: zoneName };
        } else {
            if (name !== zoneName && !name.endsWith(`.${zoneName}`)) {
                throw new ConfigError(`${ns}:hostedZone`, `"${zoneName}" does not contain the domain "${name}"; give the zone the domain lives in (its name, or its id Z...)`);
            }
            zone = { name: zoneName };
        }
    }
    const zoneName = "name" in zone ? zone.name : undefined;
    for (const [k, prefix] of [["siteSubdomain", config.siteSubdomain], ["apiSubdomain", config.apiSubdomain]] as const) {
        const problem = subdomainProblem(prefix, name, zoneName, k === "siteSubdomain");
        if (problem) {
            throw new ConfigError(`${ns}:${k}`, problem);
        }
    }
    const siteHost = config.siteSubdomain === "" ? name : `${config.siteSubdomain}.${name}`;
    const apiHost = `${config.apiSubdomain}.${name}`;
    if (siteHost === apiHost) {
        throw new ConfigError(`${ns}:apiSubdomain`, `"${config.apiSubdomain}" gives the API the same host name as the site (${siteHost}); pick different subdomains`);
    }
    return { siteHost, apiHost, zone };
}

/** Most characters of a host name (Route 53 and ACM: 253, without the final dot). */
const MAX_HOST_NAME = 253;

/**
 * Why a subdomain prefix (checked as DNS labels) is not one, or undefined.
 * A prefix goes before the domain (`<prefix>.<domain>`), so it must not
 * itself end with the domain, nor with its hosted zone or the domain's
 * parent (`www.example.com` with domain `app.example.com`): each is a full
 * host name, written where only its first labels belong. The host name it
 * makes must fit in 253 characters. `allowEmpty`: `""` means the domain itself.
 */
export function subdomainProblem(prefix: string, domain: string, zoneName: string | undefined, allowEmpty: boolean): string | undefined {
    if (prefix === "") {
        return undefined;
    }
    const instead = (p: string) => (p !== "" ? `write ${shown(p)}` : allowEmpty ? `write "" for the domain itself` : `write a prefix of its own (like "api")`);
    if (prefix === domain || prefix.endsWith(`.${domain}`)) {
        const rest = prefix.slice(0, Math.max(0, prefix.length - domain.length - 1));
        return `${shown(prefix)} is a full host name, and the prefix goes before ${domain} (it would make ${prefix}.${domain}); ${instead(rest)}`;
    }
    const labels = domain.split(".");
    const parents = [zoneName, labels.length > 2 ? labels.slice(1).join(".") : undefined].filter((p): p is string => p !== undefined && p !== domain);
    const parent = parents.find((p) => prefix === p || prefix.endsWith(`.${p}`));
    if (parent !== undefined) {
        const rest = prefix.slice(0, Math.max(0, prefix.length - parent.length - 1));
        return `${shown(prefix)} is a full host name in ${parent}, and the prefix goes before ${domain} (it would make ${prefix}.${domain}); ${rest !== "" ? `write ${shown(rest)} for ${rest}.${domain}` : instead("")}, or set the domain to ${parent}`;
    }
    const host = `${prefix}.${domain}`;
    if (host.length > MAX_HOST_NAME) {
        const room = MAX_HOST_NAME - domain.length - 1;
        return `${shown(prefix)} makes the host name ${host.length} characters long with ${domain}; allowed: at most ${MAX_HOST_NAME}, ${room > 0 ? `so at most ${room} for the prefix` : "which leaves no room for a prefix: use a shorter domain"}`;
    }
    return undefined;
}

/** The schedule's windows, normalized (the schema has checked them). */
function scheduleSettings(schedule: ScheduleConfig | undefined): Schedule | undefined {
    if (schedule === undefined) {
        return undefined;
    }
    const windows = parseWindows(schedule.awake);
    return { timezone: schedule.timezone, windows: windows.filter((w): w is AwakeWindow => "days" in w) };
}

function serviceSettings(service: BackendConfig | SiteConfig): ServiceSettings {
    const { cpu, memory, architecture, port, healthCheckPath, desiredCount } = service;
    return { cpu, memory, architecture, port, healthCheckPath, desiredCount, maxCount: service.maxCount ?? desiredCount };
}

/** `secret`: Pulumi holds the backend key as a secret, so its environment is stored under `parameterPath`. */
function backendSettings(k: string, backend: BackendConfig, projectDir: string, region: string, parameterPath: string, secret: boolean): BackendSettings {
    const source: ImageSource =
        backend.image !== undefined ? { kind: "image", image: backend.image } : { kind: "build", ...buildContext(k, projectDir, backend.context ?? "app/backend", backend.dockerfile ?? "Dockerfile") };
    const secrets: Record<string, SecretReference> = {};
    for (const [name, value] of Object.entries(backend.secrets)) {
        const reference = parseSecretReference(value, region);
        if ("problem" in reference) {
            throw new ConfigError(`${k}.secrets.${name}`, reference.problem);
        }
        secrets[name] = reference;
    }
    for (const [name, value] of Object.entries(secret ? backend.environment : {})) {
        const problem = parameterNameProblem(`${parameterPath}/${name}`, region, true) ?? storedParameterValueProblem(value);
        if (problem) {
            // The value stays out of the message: it is a secret.
            throw new ConfigError(`${k}.environment.${name}`, problem);
        }
    }
    return { ...serviceSettings(backend), source, environment: secret ? {} : backend.environment, secrets, storedSecrets: secret ? backend.environment : {}, secretParameterPath: parameterPath };
}

function siteSettings(k: string, site: SiteConfig, projectDir: string, axes: Axes): SiteSettings {
    const directory = path.resolve(projectDir, site.directory);
    if (axes.frontend === "static") {
        if (!isDirectory(directory)) {
            throw new ConfigError(`${k}.directory`, `"${directory}" is not a directory; build the frontend first, or point ${k}.directory at its built files`);
        }
        if (!fs.existsSync(path.join(directory, "index.html"))) {
            throw new ConfigError(`${k}.directory`, `"${directory}" has no index.html; point it at the built site's root`);
        }
        if (fs.existsSync(path.join(directory, RUNTIME_CONFIG_FILE))) {
            throw new ConfigError(`${k}.directory`, `"${directory}" has a ${RUNTIME_CONFIG_FILE}; remove it: the deploy writes it, with the API's URL`);
        }
    }
    const build = axes.frontend === "container" ? buildContext(k, projectDir, site.context, site.dockerfile) : { context: path.resolve(projectDir, site.context), dockerfile: site.dockerfile };
    return { ...serviceSettings(site), directory, objectsMoved: site.objectsMoved, ...build };
}

const isDirectory = (p: string) => fs.existsSync(p) && fs.statSync(p).isDirectory();

function buildContext(k: string, projectDir: string, contextPath: string, dockerfile: string): { context: string; dockerfile: string } {
    const context = path.resolve(projectDir, contextPath);
    if (!isDirectory(context)) {
        throw new ConfigError(`${k}.context`, `"${context}" is not a directory; give the Docker build context, or set ${k}.image to a prebuilt image`);
    }
    const file = path.resolve(context, dockerfile);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
        throw new ConfigError(`${k}.dockerfile`, `"${dockerfile}" is not a file in ${context}${fs.existsSync(file) ? " (it is a directory)" : ""}; give the Dockerfile's path relative to the context`);
    }
    return { context, dockerfile };
}

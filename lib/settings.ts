/**
 * The stack's settings: their types, defaults and validation.
 *
 * `parseSettings` is a pure function from raw config strings (as the Pulumi
 * runtime holds them) to typed settings. It runs before any resource is
 * registered, and every error names the config key, the bad value and what is
 * allowed. `config.ts` is the only module that reads `pulumi.Config`; it hands
 * the raw values here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describeMemoryFor, FARGATE_SIZES, isValidFargateSize } from "./fargate";
import { API_ENTRIES, Axes, CAPACITIES, FRONTENDS, Profile, PROFILE_NAMES, PROFILES } from "./axes";

/** CPU architecture of a Fargate task. ARM64 runs on Fargate Spot too (since 2024). */
export const ARCHITECTURES = ["x86_64", "arm64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Size, placement and scaling of one Fargate service. */
export interface ServiceSettings {
    /** CPU units (1024 = 1 vCPU). */
    cpu: number;
    /** Memory in MiB; must pair with `cpu`. */
    memory: number;
    architecture: Architecture;
    /** The container port. */
    port: number;
    /** Path the load balancer or container health check requests. */
    healthCheckPath: string;
    /** Tasks to run (the autoscaling minimum when `maxCount` is higher). */
    desiredCount: number;
    /** Autoscaling maximum; autoscaling is on when it exceeds `desiredCount`. */
    maxCount: number;
}

/** Where a container image comes from: a reference, or a Docker build context. */
export type ImageSource =
    | { kind: "image"; image: string }
    | { kind: "build"; context: string; dockerfile: string };

/** The backend API container. */
export interface BackendSettings extends ServiceSettings {
    source: ImageSource;
    /** Extra plain environment variables (never credentials). */
    environment: Record<string, string>;
}

/** The frontend: built files for the static site, a Docker build for the container. */
export interface SiteSettings extends ServiceSettings {
    /** Directory of built files, uploaded to S3 (frontend `static`). */
    directory: string;
    /** Docker build context and Dockerfile of the nginx image (frontend `container`). */
    context: string;
    dockerfile: string;
}

/** The Postgres database. */
export interface DatabaseSettings {
    instanceClass: string;
    /** GiB of gp3 storage. */
    allocatedStorage: number;
    /** Postgres major (or major.minor) version. */
    engineVersion: string;
    dbName: string;
    username: string;
    /** Days of automated backups (0 turns them off). */
    backupRetentionDays: number;
}

/** The public hostnames, when the stack has a domain. */
export interface DomainSettings {
    /** The frontend's host name (the domain itself, or `<siteSubdomain>.<domain>`). */
    siteHost: string;
    /** The API's host name (`<apiSubdomain>.<domain>`). */
    apiHost: string;
    /** The Route 53 hosted zone: its name, looked up at deploy time, or its id. */
    zone: { name: string } | { id: string };
}

/** Everything the program needs to know, typed and checked. */
export interface Settings {
    project: string;
    stack: string;
    region: string;
    profile: Profile;
    axes: Axes;
    /** Scale every service to 0 and stop the database. */
    paused: boolean;
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
    /** Use this VPC and these subnets instead of the default VPC. */
    network?: { vpcId: string; subnetIds: string[] };
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
}

/** The keys of the project namespace this program understands. */
export const CONFIG_KEYS = [
    "profile",
    "api",
    "frontend",
    "capacity",
    "paused",
    "domain",
    "hostedZone",
    "apiSubdomain",
    "siteSubdomain",
    "backend",
    "site",
    "database",
    "logRetentionDays",
    "pullThroughCache",
    "protectData",
    "vpcId",
    "subnetIds",
    "permissionsBoundary",
    "pointInTimeRecovery",
    "ecsExec",
] as const;

const SERVICE_KEYS = ["cpu", "memory", "architecture", "port", "healthCheckPath", "desiredCount", "maxCount"];

/** Default backend: the sample app's API, built from `app/backend`. */
const BACKEND_DEFAULTS = { cpu: 256, memory: 512, architecture: "x86_64", port: 4567, healthCheckPath: "/api/health-check", desiredCount: 1, context: "app/backend", dockerfile: "Dockerfile" };
/** Default frontend: the sample app's site. */
const SITE_DEFAULTS = { cpu: 256, memory: 512, architecture: "x86_64", port: 8080, healthCheckPath: "/healthz", desiredCount: 1, directory: "app/frontend/site", context: "app/frontend", dockerfile: "Dockerfile" };
/** Default database: the smallest current-generation Postgres instance. */
const DATABASE_DEFAULTS: DatabaseSettings = { instanceClass: "db.t4g.micro", allocatedStorage: 20, engineVersion: "16", dbName: "app", username: "app", backupRetentionDays: 1 };

const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Parses and checks the stack config. Throws `ConfigError` on the first problem. */
export function parseSettings(raw: RawConfig): Settings {
    const ns = raw.project;
    const key = (name: string) => `${ns}:${name}`;
    const value = (name: string): string | undefined => raw.values[key(name)];

    for (const k of Object.keys(raw.values)) {
        if (k.startsWith(`${ns}:`) && !(CONFIG_KEYS as readonly string[]).includes(k.slice(ns.length + 1))) {
            throw new ConfigError(k, `unknown key; known keys: ${CONFIG_KEYS.map(key).join(", ")}`);
        }
    }

    const region = raw.values["aws:region"];
    if (!region) {
        throw new ConfigError("aws:region", `not set; set it with \`pulumi config set aws:region us-west-2\``);
    }
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
        throw new ConfigError("aws:region", `"${region}" is not an AWS region name (like us-west-2)`);
    }

    const profile = oneOf(key("profile"), value("profile") ?? "cheap", PROFILE_NAMES);
    const preset = PROFILES[profile];
    const axes: Axes = {
        api: oneOf(key("api"), value("api") ?? preset.api, API_ENTRIES),
        frontend: oneOf(key("frontend"), value("frontend") ?? preset.frontend, FRONTENDS),
        capacity: oneOf(key("capacity"), value("capacity") ?? preset.capacity, CAPACITIES),
    };
    if (axes.frontend === "container" && axes.api !== "alb") {
        throw new ConfigError(key("frontend"), `"container" needs a load balancer in front of it, so it needs ${key("api")} "alb" (got "${axes.api}"); use frontend "static" with "apigateway"`);
    }

    if (axes.frontend === "static" && axes.api === "alb" && value("domain") === undefined) {
        throw new ConfigError(key("api"), `"alb" with frontend "static" needs ${key("domain")}: without a domain the load balancer serves plain HTTP, which browsers block from an HTTPS CloudFront page; set a domain, or use api "apigateway"`);
    }
    const backendRaw = object(key("backend"), value("backend"));
    const siteRaw = object(key("site"), value("site"));
    const backend = parseBackend(key("backend"), backendRaw, raw.projectDir);
    const site = parseSite(key("site"), siteRaw, raw.projectDir, axes);
    const database = parseDatabase(key("database"), object(key("database"), value("database")));

    const retention = integer(key("logRetentionDays"), value("logRetentionDays") ?? "7");
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
        throw new ConfigError(key("logRetentionDays"), `${retention} is not a retention CloudWatch Logs accepts; allowed: ${LOG_RETENTION_DAYS.join(", ")}`);
    }

    const vpcId = value("vpcId");
    const subnetIdsRaw = value("subnetIds");
    let network: Settings["network"];
    if (vpcId !== undefined || subnetIdsRaw !== undefined) {
        if (vpcId === undefined || !/^vpc-[0-9a-f]{8,17}$/.test(vpcId)) {
            throw new ConfigError(key("vpcId"), `${JSON.stringify(vpcId ?? null)} is not a VPC id (vpc-...); set both vpcId and subnetIds, or neither to use the default VPC`);
        }
        const subnetIds = stringList(key("subnetIds"), subnetIdsRaw);
        if (subnetIds.length < 2 || subnetIds.some((s) => !/^subnet-[0-9a-f]{8,17}$/.test(s))) {
            throw new ConfigError(key("subnetIds"), `${JSON.stringify(subnetIds)} must list at least two subnet ids (subnet-...) in different availability zones, with a route to an internet gateway`);
        }
        network = { vpcId, subnetIds };
    }

    const permissionsBoundary = value("permissionsBoundary");
    if (permissionsBoundary !== undefined && !/^arn:aws(-[a-z]+)*:iam::\d{12}:policy\/[\w+=,.@/-]{1,512}$/.test(permissionsBoundary)) {
        throw new ConfigError(key("permissionsBoundary"), `${JSON.stringify(permissionsBoundary)} is not an IAM policy ARN (arn:aws:iam::<account>:policy/<path><name>); use the bootstrap stack's output workloadBoundaryArn`);
    }

    return {
        project: raw.project,
        stack: raw.stack,
        region,
        profile,
        axes,
        paused: boolean(key("paused"), value("paused") ?? "false"),
        domain: parseDomain(raw.project, value),
        backend,
        site,
        database,
        logRetentionDays: retention,
        pullThroughCache: boolean(key("pullThroughCache"), value("pullThroughCache") ?? "true"),
        protectData: boolean(key("protectData"), value("protectData") ?? "true"),
        pointInTimeRecovery: boolean(key("pointInTimeRecovery"), value("pointInTimeRecovery") ?? "true"),
        ecsExec: boolean(key("ecsExec"), value("ecsExec") ?? "true"),
        network,
        permissionsBoundary,
    };
}

function parseDomain(ns: string, value: (name: string) => string | undefined): DomainSettings | undefined {
    const domain = value("domain");
    for (const dependent of ["hostedZone", "apiSubdomain", "siteSubdomain"]) {
        if (domain === undefined && value(dependent) !== undefined) {
            throw new ConfigError(`${ns}:${dependent}`, `is set but ${ns}:domain is not; set the domain, or remove ${ns}:${dependent}`);
        }
    }
    if (domain === undefined) {
        return undefined;
    }
    const checkName = (k: string, name: string): string => {
        const labels = name.split(".");
        if (name.length > 253 || labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) {
            throw new ConfigError(k, `"${name}" is not a domain name; use lower-case labels of letters, digits and hyphens separated by dots, like app.example.com`);
        }
        return name;
    };
    const checkLabel = (k: string, label: string, allowEmpty: boolean): string => {
        if (!(allowEmpty && label === "") && !label.split(".").every((l) => DOMAIN_LABEL.test(l))) {
            throw new ConfigError(k, `"${label}" is not a DNS label; use lower-case letters, digits and hyphens${allowEmpty ? ', or "" for the domain itself' : ""}`);
        }
        return label;
    };
    const name = checkName(`${ns}:domain`, domain);
    const apiSub = checkLabel(`${ns}:apiSubdomain`, value("apiSubdomain") ?? "api", false);
    const siteSub = checkLabel(`${ns}:siteSubdomain`, value("siteSubdomain") ?? "", true);
    const zoneRaw = value("hostedZone");
    let zone: DomainSettings["zone"] = { name };
    if (zoneRaw !== undefined) {
        if (/^Z[A-Z0-9]{4,31}$/.test(zoneRaw)) {
            zone = { id: zoneRaw };
        } else {
            const zoneName = checkName(`${ns}:hostedZone`, zoneRaw);
            if (name !== zoneName && !name.endsWith(`.${zoneName}`)) {
                throw new ConfigError(`${ns}:hostedZone`, `"${zoneRaw}" does not contain the domain "${name}"; give the zone the domain lives in (its name, or its id Z...)`);
            }
            zone = { name: zoneName };
        }
    }
    const siteHost = siteSub === "" ? name : `${siteSub}.${name}`;
    const apiHost = `${apiSub}.${name}`;
    if (siteHost === apiHost) {
        throw new ConfigError(`${ns}:apiSubdomain`, `"${apiSub}" gives the API the same host name as the site (${siteHost}); pick different subdomains`);
    }
    return { siteHost, apiHost, zone };
}

function parseService(k: string, raw: Record<string, unknown>, defaults: { cpu: number; memory: number; architecture: string; port: number; healthCheckPath: string; desiredCount: number }): ServiceSettings {
    const cpu = integerField(k, raw, "cpu", defaults.cpu);
    if (!FARGATE_SIZES.has(cpu)) {
        throw new ConfigError(`${k}.cpu`, `${cpu} is not a Fargate CPU value; allowed: ${[...FARGATE_SIZES.keys()].join(", ")}`);
    }
    const memory = integerField(k, raw, "memory", defaults.memory);
    if (!isValidFargateSize(cpu, memory)) {
        throw new ConfigError(`${k}.memory`, `${memory} MiB does not pair with cpu ${cpu} on Fargate; allowed with cpu ${cpu}: ${describeMemoryFor(cpu)} MiB`);
    }
    const architecture = oneOf(`${k}.architecture`, stringField(k, raw, "architecture", defaults.architecture), ARCHITECTURES);
    const port = integerField(k, raw, "port", defaults.port);
    if (port < 1 || port > 65535) {
        throw new ConfigError(`${k}.port`, `${port} is not a TCP port; allowed: 1 to 65535`);
    }
    const healthCheckPath = stringField(k, raw, "healthCheckPath", defaults.healthCheckPath);
    if (!/^\/[\x21-\x7e]*$/.test(healthCheckPath) || healthCheckPath.length > 1024) {
        throw new ConfigError(`${k}.healthCheckPath`, `"${healthCheckPath}" must be a URL path starting with "/", without spaces (like /api/health-check)`);
    }
    const desiredCount = integerField(k, raw, "desiredCount", defaults.desiredCount);
    if (desiredCount < 0) {
        throw new ConfigError(`${k}.desiredCount`, `${desiredCount} is negative; allowed: 0 or more (use ${k.split(":")[0]}:paused to stop everything)`);
    }
    const maxCount = integerField(k, raw, "maxCount", desiredCount);
    if (maxCount < desiredCount) {
        throw new ConfigError(`${k}.maxCount`, `${maxCount} is below desiredCount ${desiredCount}; allowed: ${desiredCount} or more`);
    }
    return { cpu, memory, architecture, port, healthCheckPath, desiredCount, maxCount };
}

function parseBackend(k: string, raw: Record<string, unknown>, projectDir: string): BackendSettings {
    knownFields(k, raw, [...SERVICE_KEYS, "image", "context", "dockerfile", "environment"]);
    const service = parseService(k, raw, BACKEND_DEFAULTS);
    let source: ImageSource;
    if (raw.image !== undefined) {
        if (raw.context !== undefined || raw.dockerfile !== undefined) {
            throw new ConfigError(`${k}.image`, `${JSON.stringify(raw.image)} is set together with context/dockerfile (${JSON.stringify(raw.context ?? raw.dockerfile)}); set either image or context/dockerfile, not both`);
        }
        const image = stringField(k, raw, "image", "");
        if (!/^[a-z0-9][a-z0-9._\-/:@]*$/i.test(image) || image.includes("//")) {
            throw new ConfigError(`${k}.image`, `"${image}" is not an image reference (like public.ecr.aws/docker/library/nginx:1.27)`);
        }
        source = { kind: "image", image };
    } else {
        source = { kind: "build", ...buildContext(k, raw, projectDir, BACKEND_DEFAULTS) };
    }
    const environment = raw.environment ?? {};
    if (typeof environment !== "object" || environment === null || Array.isArray(environment)) {
        throw new ConfigError(`${k}.environment`, `must be a map of names to strings`);
    }
    const env: Record<string, string> = {};
    for (const [name, v] of Object.entries(environment)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || typeof v !== "string") {
            throw new ConfigError(`${k}.environment.${name}`, `must be a variable name mapped to a string`);
        }
        if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)$/.test(name) || /\b(AKIA|ASIA)[A-Z0-9]{16}\b/.test(v)) {
            throw new ConfigError(`${k}.environment.${name}`, `looks like an AWS credential; the task role gives the container its credentials, remove it`);
        }
        env[name] = v;
    }
    return { ...service, source, environment: env };
}

function parseSite(k: string, raw: Record<string, unknown>, projectDir: string, axes: Axes): SiteSettings {
    knownFields(k, raw, [...SERVICE_KEYS, "directory", "context", "dockerfile"]);
    const service = parseService(k, raw, SITE_DEFAULTS);
    const directory = path.resolve(projectDir, stringField(k, raw, "directory", SITE_DEFAULTS.directory));
    if (axes.frontend === "static") {
        if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
            throw new ConfigError(`${k}.directory`, `"${directory}" is not a directory; build the frontend first, or point ${k}.directory at its built files`);
        }
        if (!fs.existsSync(path.join(directory, "index.html"))) {
            throw new ConfigError(`${k}.directory`, `"${directory}" has no index.html; point it at the built site's root`);
        }
    }
    const build = axes.frontend === "container" ? buildContext(k, raw, projectDir, SITE_DEFAULTS) : { context: path.resolve(projectDir, stringField(k, raw, "context", SITE_DEFAULTS.context)), dockerfile: stringField(k, raw, "dockerfile", SITE_DEFAULTS.dockerfile) };
    return { ...service, directory, ...build };
}

function buildContext(k: string, raw: Record<string, unknown>, projectDir: string, defaults: { context: string; dockerfile: string }): { context: string; dockerfile: string } {
    const context = path.resolve(projectDir, stringField(k, raw, "context", defaults.context));
    const dockerfile = stringField(k, raw, "dockerfile", defaults.dockerfile);
    if (!fs.existsSync(context) || !fs.statSync(context).isDirectory()) {
        throw new ConfigError(`${k}.context`, `"${context}" is not a directory; give the Docker build context, or set ${k}.image to a prebuilt image`);
    }
    if (!fs.existsSync(path.resolve(context, dockerfile))) {
        throw new ConfigError(`${k}.dockerfile`, `"${dockerfile}" does not exist in ${context}`);
    }
    return { context, dockerfile };
}

function parseDatabase(k: string, raw: Record<string, unknown>): DatabaseSettings {
    knownFields(k, raw, Object.keys(DATABASE_DEFAULTS));
    const instanceClass = stringField(k, raw, "instanceClass", DATABASE_DEFAULTS.instanceClass);
    if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(instanceClass)) {
        throw new ConfigError(`${k}.instanceClass`, `"${instanceClass}" is not an RDS instance class (like db.t4g.micro)`);
    }
    const allocatedStorage = integerField(k, raw, "allocatedStorage", DATABASE_DEFAULTS.allocatedStorage);
    if (allocatedStorage < 20 || allocatedStorage > 65536) {
        throw new ConfigError(`${k}.allocatedStorage`, `${allocatedStorage} GiB is outside what gp3 storage allows for Postgres: 20 to 65536`);
    }
    const engineVersion = stringField(k, raw, "engineVersion", DATABASE_DEFAULTS.engineVersion);
    if (!/^\d{2}(\.\d+)?$/.test(engineVersion)) {
        throw new ConfigError(`${k}.engineVersion`, `"${engineVersion}" is not a Postgres version (like 16 or 16.4)`);
    }
    const ident = (field: "dbName" | "username"): string => {
        const v = stringField(k, raw, field, DATABASE_DEFAULTS[field]);
        if (!/^[a-z][a-z0-9_]{0,62}$/.test(v) || ["postgres", "admin", "rdsadmin"].includes(v)) {
            throw new ConfigError(`${k}.${field}`, `"${v}" must start with a lower-case letter, use a-z, 0-9 and _, and not be a reserved name`);
        }
        return v;
    };
    const backupRetentionDays = integerField(k, raw, "backupRetentionDays", DATABASE_DEFAULTS.backupRetentionDays);
    if (backupRetentionDays < 0 || backupRetentionDays > 35) {
        throw new ConfigError(`${k}.backupRetentionDays`, `${backupRetentionDays} is outside 0 to 35`);
    }
    return { instanceClass, allocatedStorage, engineVersion, dbName: ident("dbName"), username: ident("username"), backupRetentionDays };
}

// --- small readers; each names the key it reads in its error --------------

function oneOf<T extends string>(k: string, v: string, allowed: readonly T[]): T {
    if (!(allowed as readonly string[]).includes(v)) {
        throw new ConfigError(k, `"${v}" is not allowed; allowed: ${allowed.join(", ")}`);
    }
    return v as T;
}

function boolean(k: string, v: string): boolean {
    if (v !== "true" && v !== "false") {
        throw new ConfigError(k, `"${v}" is not a boolean; allowed: true, false`);
    }
    return v === "true";
}

function integer(k: string, v: string): number {
    if (!/^-?\d+$/.test(v.trim())) {
        throw new ConfigError(k, `"${v}" is not a whole number`);
    }
    return Number(v);
}

function object(k: string, v: string | undefined): Record<string, unknown> {
    if (v === undefined) {
        return {};
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(v);
    } catch {
        throw new ConfigError(k, `"${v}" is not an object; set it as a YAML map in the stack file, or with \`pulumi config set --path\``);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new ConfigError(k, `${v} is not an object; set it as a YAML map in the stack file`);
    }
    return parsed as Record<string, unknown>;
}

function stringList(k: string, v: string | undefined): string[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(v ?? "null");
    } catch {
        parsed = null;
    }
    if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === "string")) {
        throw new ConfigError(k, `${v ?? "(unset)"} is not a list of strings`);
    }
    return parsed as string[];
}

function knownFields(k: string, raw: Record<string, unknown>, allowed: string[]): void {
    for (const field of Object.keys(raw)) {
        if (!allowed.includes(field)) {
            throw new ConfigError(`${k}.${field}`, `unknown field; known fields: ${allowed.join(", ")}`);
        }
    }
}

function stringField(k: string, raw: Record<string, unknown>, field: string, fallback: string): string {
    const v = raw[field];
    if (v === undefined) {
        return fallback;
    }
    if (typeof v !== "string") {
        throw new ConfigError(`${k}.${field}`, `${JSON.stringify(v)} is not a string`);
    }
    return v;
}

function integerField(k: string, raw: Record<string, unknown>, field: string, fallback: number): number {
    const v = raw[field];
    if (v === undefined) {
        return fallback;
    }
    if (typeof v === "number" && Number.isInteger(v)) {
        return v;
    }
    if (typeof v === "string" && /^-?\d+$/.test(v)) {
        return Number(v);
    }
    throw new ConfigError(`${k}.${field}`, `${JSON.stringify(v)} is not a whole number`);
}

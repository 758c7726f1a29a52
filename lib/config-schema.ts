/**
 * The stack config's schema: every key of the project namespace, its type,
 * default, what it does and what is allowed, in one declaration (zod).
 *
 * It is the single source of the validation (`parseSettings` in
 * lib/settings.ts), of the settings' types, of the README's config
 * reference and of the JSON Schema of `Pulumi.<stack>.yaml`
 * (`schemas/pulumi-stack.schema.json`, for editors). Each check's message
 * names the bad value and what is allowed; lib/settings.ts adds the key.
 *
 * The schema describes values as a stack file holds them (YAML); the
 * Pulumi runtime hands them over as strings, which lib/settings.ts turns
 * back into the types the schema expects before checking.
 */
import { z } from "zod";
import { API_ENTRIES, CAPACITIES, COMPUTES, DATABASES, FRONTENDS, PROFILE_NAMES, STATEFUL_DATABASES } from "./axes";
import { describeMemoryFor, FARGATE_SIZES, isValidFargateSize } from "./fargate";
import { splitImageReference, withLowerCaseRepository } from "./images";
import { RDS_POSTGRES_EXTENDED_SUPPORT_ONLY, RDS_POSTGRES_MAJORS } from "./aws-data/rds-postgres-versions";
import { DEFAULT_TIMEZONE, parseWindows, timezoneProblem } from "./schedule";

/** CPU architecture of a Fargate task. ARM64 runs on Fargate Spot too (since 2024). */
export const ARCHITECTURES = ["x86_64", "arm64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy, `retentionInDays`). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/**
 * Most tasks the program lets one ECS service run: the default "Tasks per
 * service" quota, 5,000 (quota code L-4637F321; Amazon ECS service quotas,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html).
 * Far above what a small app needs; it stops a typo (1e20) from being priced.
 */
export const MAX_TASKS_PER_SERVICE = 5000;

/**
 * Environment variables the program gives the backend itself (see
 * profiles/backend.ts, which is typed by this list): refused in
 * `backend.environment` and `backend.secrets`, where they would be shadowed.
 * `SECRETS_FROM` tells the app on Lambda where its secrets are; the two
 * `AWS_LWA_` variables set the Lambda Web Adapter's port and readiness
 * path from `backend.port` and `backend.healthCheckPath`.
 */
export const BACKEND_PROGRAM_VARIABLES = ["PORT", "FRONTEND_URL", "TABLE_NAME", "AWS_REGION", "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_AUTH", "DB_SECRET_ARN", "SECRETS_FROM", "AWS_LWA_PORT", "AWS_LWA_READINESS_CHECK_PATH"] as const;
export type BackendProgramVariable = (typeof BACKEND_PROGRAM_VARIABLES)[number];
/** The variables that say how to reach the database, set only when the stack has one. */
export const DATABASE_VARIABLES = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_AUTH", "DB_SECRET_ARN"] as const satisfies readonly BackendProgramVariable[];
export type DatabaseVariable = (typeof DATABASE_VARIABLES)[number];

/** One lower-case DNS label (RFC 1035, as Route 53 and ACM take them). */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * An image reference by the distribution reference grammar
 * (github.com/distribution/reference, `reference.go`): an optional registry
 * host (with port), lower-case path components, then a tag, a digest, or
 * both.
 */
const IMAGE_REFERENCE = /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

/**
 * Why a string is not an image reference: upper case in the repository path
 * (with the reference in lower case, when that is one), or the grammar.
 */
function imageReferenceProblem(input: unknown): string {
    if (typeof input === "string") {
        const lower = withLowerCaseRepository(input);
        if (lower !== input && IMAGE_REFERENCE.test(lower)) {
            return `${shown(input)} has upper case in its repository path "${splitImageReference(input).repository}": Docker and OCI repository names are lower case; write ${shown(lower)}`;
        }
    }
    return `${shown(input)} is not an image reference: a registry host, lower-case repository path and a tag or digest (like public.ecr.aws/docker/library/nginx:1.27)`;
}

/** A value as a message shows it: text quoted, the rest as JSON. */
export function shown(value: unknown): string {
    return value === undefined ? "(unset)" : JSON.stringify(value);
}

/** "is not text" for a number or boolean YAML read unquoted, with the fix. */
function notText(input: unknown): string {
    if (typeof input === "number" || typeof input === "boolean") {
        return `${String(input)} is not a string: YAML reads it unquoted as a ${typeof input}; quote it ("${String(input)}")`;
    }
    return `${shown(input)} is not a string`;
}

/** A string, with its checks. */
function text(): z.ZodString {
    return z.string({ error: (iss) => notText(iss.input) });
}

/** One of a list of words. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
    return z.enum(values, { error: (iss) => `${shown(iss.input)} is not allowed; allowed: ${values.join(", ")}` });
}

/** `true` or `false` (a YAML boolean; the text "true"/"false" too). */
function flag() {
    return z.boolean({ error: (iss) => `${shown(iss.input)} is not a boolean; allowed: true, false` });
}

/**
 * A whole number: a YAML integer, or its digits as text (what `pulumi
 * config set --path` stores), within bounds; `outside` says what is
 * allowed when it is not.
 */
function wholeNumber(bounds: { min: number; max?: number }, outside: (n: number) => string) {
    const allowed = bounds.max === undefined ? `${bounds.min} or more` : `${bounds.min} to ${bounds.max}`;
    // A whole number too large for a double to hold exactly (YAML's 1e20) is refused by z.int() as too big: it is out of bounds, not fractional.
    const notWhole = (iss: { input?: unknown }) => (Number.isInteger(iss.input) ? outside(iss.input as number) : `${shown(iss.input)} is not a whole number; allowed: ${allowed}`);
    return z
        .union([z.int({ error: notWhole }), z.string({ error: notWhole }).regex(/^-?\d+$/, { error: notWhole })], { error: notWhole })
        .transform(Number)
        .refine((n) => n >= bounds.min && (bounds.max === undefined || n <= bounds.max), { error: (iss) => outside(iss.input as number) })
        .meta({ minimum: bounds.min, ...(bounds.max === undefined ? {} : { maximum: bounds.max }) });
}

/**
 * A Postgres version. YAML reads an unquoted `16` as a number, which is
 * taken as its text; an unquoted `16.10` it reads as the number 16.1, so a
 * version with a minor must be quoted.
 */
function postgresVersion() {
    const notVersion = (input: unknown) => `${shown(input)} is not a Postgres version (like "16" or "16.4")`;
    return z
        .union([z.string(), z.number()], { error: (iss) => notVersion(iss.input) })
        .superRefine((v, ctx) => {
            if (typeof v === "number" && !Number.isInteger(v)) {
                ctx.addIssue({ code: "custom", message: `${v} is a number to YAML, which drops a minor version's trailing zeros (16.10 becomes 16.1); quote the version ("${v}", or what you meant)` });
            }
        })
        .transform(String)
        .refine((v) => /^\d{2}(\.\d+)?$/.test(v), { error: (iss) => notVersion(iss.input) })
        .superRefine((v, ctx) => {
            const problem = postgresMajorProblem(v);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        });
}

/** The majors RDS offers, as a message lists them. */
const OFFERED_MAJORS = Object.keys(RDS_POSTGRES_MAJORS).join(", ");

/**
 * Why RDS would not create this version (checked well-formed), or
 * undefined: its major must be one RDS offers under standard support
 * (lib/aws-data/rds-postgres-versions.ts); its minor RDS judges.
 */
export function postgresMajorProblem(version: string): string | undefined {
    const major = version.split(".")[0];
    if (Object.hasOwn(RDS_POSTGRES_MAJORS, major)) {
        return undefined;
    }
    if (Object.hasOwn(RDS_POSTGRES_EXTENDED_SUPPORT_ONLY, major)) {
        const fact = RDS_POSTGRES_EXTENDED_SUPPORT_ONLY[major];
        return `${shown(version)} is PostgreSQL ${major}, past RDS standard support since ${fact.standardSupportEnded}: RDS creates it only under Extended Support, billed per vCPU-hour on top (${fact.source}); allowed: ${OFFERED_MAJORS}`;
    }
    return `${shown(version)} is not a PostgreSQL major version RDS offers; allowed: ${OFFERED_MAJORS}, each optionally with a minor ("16.4")`;
}

/** What a service's size and scaling fields default to. */
interface ServiceDefaults {
    cpu: number;
    memory: number;
    port: number;
    healthCheckPath: string;
    desiredCount: number;
}

/** Size, placement and scaling of one Fargate service, with its defaults. */
function serviceFields(defaults: ServiceDefaults) {
    return {
        cpu: wholeNumber({ min: 256, max: 16384 }, (n) => `${n} is not a Fargate CPU value; allowed: ${[...FARGATE_SIZES.keys()].join(", ")}`)
            .refine((n) => FARGATE_SIZES.has(n), { error: (iss) => `${shown(iss.input)} is not a Fargate CPU value; allowed: ${[...FARGATE_SIZES.keys()].join(", ")}` })
            .default(defaults.cpu)
            .meta({ description: "CPU units of a task (1024 = 1 vCPU).", enum: [...FARGATE_SIZES.keys()] }),
        memory: wholeNumber({ min: 512, max: 122880 }, (n) => `${n} MiB is not a Fargate memory size; allowed: 512 to 122880, paired with cpu`)
            .default(defaults.memory)
            .meta({ description: `Memory of a task in MiB; must pair with \`cpu\`: ${[...FARGATE_SIZES.keys()].map((cpu) => `with ${cpu}, ${describeMemoryFor(cpu)}`).join("; ")}.` }),
        architecture: oneOf(ARCHITECTURES).default("x86_64").meta({ description: "CPU architecture of the task; built images are built for it." }),
        port: wholeNumber({ min: 1, max: 65535 }, (n) => `${n} is not a TCP port; allowed: 1 to 65535`)
            .default(defaults.port)
            .meta({ description: "The container port." }),
        healthCheckPath: text()
            .refine((p) => /^\/[\x21-\x7e]*$/.test(p) && p.length <= 1024, { error: (iss) => `${shown(iss.input)} must be a URL path starting with "/", without spaces, at most 1024 characters (like /api/health-check)` })
            .default(defaults.healthCheckPath)
            .meta({ description: "Path that answers 200 when the service is up: the load balancer's health check (api `alb`), the Lambda Web Adapter's readiness check (compute `lambda`), and the `healthCheckUrl` output. Starts with `/`, printable ASCII without spaces, at most 1024 characters." }),
        desiredCount: wholeNumber({ min: 0, max: MAX_TASKS_PER_SERVICE }, (n) =>
            n < 0 ? `${n} is negative; allowed: 0 to ${MAX_TASKS_PER_SERVICE} (use paused to stop everything)` : `${n} is more tasks than the default quota of one ECS service; allowed: 0 to ${MAX_TASKS_PER_SERVICE}`,
        )
            .default(defaults.desiredCount)
            .meta({ description: "Tasks to run; the autoscaling minimum when `maxCount` is higher (use `paused` to stop everything)." }),
        maxCount: wholeNumber({ min: 0, max: MAX_TASKS_PER_SERVICE }, (n) => `${n} is outside 0 to ${MAX_TASKS_PER_SERVICE} (tasks per ECS service)`)
            .optional()
            .meta({ description: "Autoscaling maximum (default: `desiredCount`). Above `desiredCount`, target tracking on average CPU (60%) scales between the two." }),
    };
}

/** The checks across a service's fields: memory pairs with cpu, maxCount not below desiredCount. */
function checkService(service: { cpu: number; memory: number; desiredCount: number; maxCount?: number }, ctx: z.RefinementCtx): void {
    if (!isValidFargateSize(service.cpu, service.memory)) {
        ctx.addIssue({ code: "custom", path: ["memory"], message: `${service.memory} MiB does not pair with cpu ${service.cpu} on Fargate; allowed with cpu ${service.cpu}: ${describeMemoryFor(service.cpu)} MiB` });
    }
    if (service.maxCount !== undefined && service.maxCount < service.desiredCount) {
        ctx.addIssue({ code: "custom", path: ["maxCount"], message: `${service.maxCount} is below desiredCount ${service.desiredCount}; allowed: ${service.desiredCount} or more` });
    }
}

/** An object whose unknown fields are refused with the list of known ones. */
function fields<T extends z.ZodRawShape>(shape: T) {
    return z.strictObject(shape, {
        error: (iss) => (iss.code === "unrecognized_keys" ? `unknown field; known fields: ${Object.keys(shape).join(", ")}` : `${shown(iss.input)} is not an object; set it as a YAML map in the stack file, or with \`pulumi config set --path\``),
    });
}

/** Problems with a variable name the app is given, in `environment` or `secrets`. */
function variableNameIssues(names: string[], ctx: z.RefinementCtx): void {
    for (const name of names) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
            ctx.addIssue({ code: "custom", path: [name], message: `${shown(name)} is not a variable name; use letters, digits and _, not starting with a digit` });
        } else if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)$/.test(name)) {
            ctx.addIssue({ code: "custom", path: [name], message: "looks like an AWS credential; the task role gives the container its credentials, remove it" });
        } else if ((BACKEND_PROGRAM_VARIABLES as readonly string[]).includes(name)) {
            ctx.addIssue({ code: "custom", path: [name], message: `is set by the program (${BACKEND_PROGRAM_VARIABLES.join(", ")}); remove it, or give the app another name` });
        }
    }
}

const variables = (what: string) =>
    z.record(z.string(), z.string({ error: (iss) => `must be a variable name mapped to a string; ${notText(iss.input)}` }), { error: (iss) => `${shown(iss.input)} must be a map of names to ${what}` });

const environment = variables("strings")
    .superRefine((env, ctx) => {
        variableNameIssues(Object.keys(env), ctx);
        for (const [name, value] of Object.entries(env)) {
            if (/\b(AKIA|ASIA)[A-Z0-9]{16}\b/.test(value)) {
                // The value is left out of the message: it may be a real key.
                ctx.addIssue({ code: "custom", path: [name], message: "looks like an AWS credential; the task role gives the container its credentials, remove it" });
            }
        }
    })
    .default({})
    .meta({
        description: `Extra environment variables. The program sets ${BACKEND_PROGRAM_VARIABLES.join(", ")} itself; they are refused here. AWS credentials (the three AWS_ variables, values that look like access key ids) are refused: the task role provides credentials. When any value is a Pulumi secret (\`secure:\`), Pulumi marks the whole \`backend\` key secret, and then every value here is stored as an SSM SecureString parameter (\`/<project>/<stack>/backend/<NAME>\`) and given to the app as a secret, never as plain text.`,
    });

const secrets = variables("secret references")
    .superRefine((refs, ctx) => variableNameIssues(Object.keys(refs), ctx))
    .default({})
    .meta({
        description:
            "Secrets the app gets as variables, name -> where the secret is: `ssm:<parameter name>` or `secretsmanager:<secret name>` in the stack's region, or the parameter's or secret's ARN. ECS injects them when a task starts; on Lambda the app reads them at start (`SECRETS_FROM`, see the README). The execution or function role may read exactly these. They must exist before `pulumi up` (a secret by name is looked up then).",
    });

export const BACKEND_SCHEMA = fields({
    ...serviceFields({ cpu: 256, memory: 512, port: 4567, healthCheckPath: "/api/health-check", desiredCount: 1 }),
    image: text()
        .regex(IMAGE_REFERENCE, { error: (iss) => imageReferenceProblem(iss.input) })
        .optional()
        .meta({ description: "Run this prebuilt image instead of building one; not together with `context` or `dockerfile`. An image reference: optional registry host, lower-case repository path, a tag or a digest (like `public.ecr.aws/docker/library/nginx:1.27`)." }),
    context: text().optional().meta({ description: "Docker build context, relative to the project directory (default `app/backend`). An existing directory." }),
    dockerfile: text().optional().meta({ description: "The Dockerfile, relative to `context` (default `Dockerfile`). An existing file." }),
    environment,
    secrets,
}).superRefine((backend, ctx) => {
    checkService(backend, ctx);
    for (const name of Object.keys(backend.secrets).filter((n) => n in backend.environment)) {
        ctx.addIssue({ code: "custom", path: ["secrets", name], message: `is also in backend.environment; give the variable one source, remove it from one of them` });
    }
    if (backend.image !== undefined && (backend.context !== undefined || backend.dockerfile !== undefined)) {
        ctx.addIssue({ code: "custom", path: ["image"], message: `${shown(backend.image)} is set together with context/dockerfile (${shown(backend.context ?? backend.dockerfile)}); set either image or context/dockerfile, not both` });
    }
});

export const SITE_SCHEMA = fields({
    ...serviceFields({ cpu: 256, memory: 512, port: 8080, healthCheckPath: "/healthz", desiredCount: 1 }),
    objectsMoved: flag()
        .default(false)
        .meta({ description: "Set once, after moving a site deployed by an earlier version (one S3 object resource per file) to the site sync: its old objects are out of the state, so the update cannot delete the synced files. The update refuses such a stack until then, and says how." }),
    directory: text().default("app/frontend/site").meta({ description: "The built site, uploaded to S3 (frontend `static`), relative to the project directory: an existing directory with `index.html` at its root and no `config.json` (the deploy writes it)." }),
    context: text().default("app/frontend").meta({ description: "Docker build context of the nginx image (frontend `container`), relative to the project directory. An existing directory." }),
    dockerfile: text().default("Dockerfile").meta({ description: "The Dockerfile, relative to `context` (frontend `container`). An existing file." }),
}).superRefine(checkService);

/** Names Postgres or RDS keep for themselves (RDS CreateDBInstance: MasterUsername; DBName). */
const RESERVED_DATABASE_NAMES = ["postgres", "admin", "rdsadmin"];
const identifier = (fallback: string, description: string) =>
    text()
        .refine((v) => /^[a-z][a-z0-9_]{0,62}$/.test(v) && !RESERVED_DATABASE_NAMES.includes(v), { error: (iss) => `${shown(iss.input)} must start with a lower-case letter, use a-z, 0-9 and _, at most 63 characters, and not be ${RESERVED_DATABASE_NAMES.join(", ")}` })
        .default(fallback)
        .meta({ description });

export const DATABASE_SCHEMA = fields({
    kind: oneOf(DATABASES)
        .optional()
        .meta({ description: "Which database (default: the profile's): `rds`, one RDS for PostgreSQL instance (the fields below); `dsql`, an Aurora DSQL cluster (IAM authentication only, no VPC, storage billed and nothing else at idle); `none`, only the DynamoDB table. Changing it on a deployed stack deletes the old database: refused unless `replaces` names it." }),
    replaces: oneOf(STATEFUL_DATABASES)
        .optional()
        .meta({ description: "The deployed database kind a change of `kind` may delete (default: none may be): the explicit consent to lose it. An RDS instance leaves a final snapshot; a protected one (`protectData`) must first be deployed unprotected." }),
    instanceClass: text()
        .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: (iss) => `${shown(iss.input)} is not an RDS instance class (like db.t4g.micro)` })
        .default("db.t4g.micro")
        .meta({ description: "RDS instance class: `db.<family>.<size>`, lower-case." }),
    allocatedStorage: wholeNumber({ min: 20, max: 65536 }, (n) => `${n} GiB is outside what gp3 storage allows for Postgres: 20 to 65536`)
        .default(20)
        .meta({ description: "GiB of gp3 storage (billed even while stopped)." }),
    engineVersion: postgresVersion()
        .default("16")
        .meta({ description: `Postgres version: a major version RDS offers under standard support (${Object.keys(RDS_POSTGRES_MAJORS).join(", ")}; lib/aws-data/rds-postgres-versions.ts), optionally with a minor (\`16\`, or \`"16.4"\` quoted: YAML reads an unquoted 16.10 as 16.1).` }),
    dbName: identifier("app", `Name of the database created in the instance: starts with a lower-case letter; a-z, 0-9 and _; at most 63 characters; not ${RESERVED_DATABASE_NAMES.join(", ")}.`),
    username: identifier("app", "Master user name (the password is generated by AWS); the same rule as `dbName`."),
    backupRetentionDays: wholeNumber({ min: 0, max: 35 }, (n) => `${n} is outside 0 to 35`)
        .default(1)
        .meta({ description: "Days of automated backups; 0 turns them off." }),
});

/** Awake hours: a time zone and the weekly windows (checked and expanded by lib/schedule.ts). */
export const SCHEDULE_SCHEMA = fields({
    timezone: text()
        .superRefine((tz, ctx) => {
            const problem = timezoneProblem(tz);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .default(DEFAULT_TIMEZONE)
        .meta({ description: "IANA time zone of the windows' times (like `Europe/Berlin`); daylight saving time is followed." }),
    awake: z
        .array(text(), { error: (iss) => `${shown(iss.input)} is not a list of windows (like ["Mon-Fri 08:00-19:00"])` })
        .superRefine((windows, ctx) => {
            const parsed = parseWindows(windows);
            for (const problem of parsed.flatMap((p) => ("index" in p ? [p] : []))) {
                ctx.addIssue({ code: "custom", path: problem.index < 0 ? [] : [problem.index], message: problem.message });
            }
        })
        .meta({ description: 'Weekly windows in which everything runs, each `"<days> <HH:MM>-<HH:MM>"`: days `Mon` to `Sun` as a day, a range or a comma list (`Mon-Fri`, `Sat,Sun`, `Mon-Wed,Fri`), ending after it starts on the same day; windows of a day neither overlap nor touch.' }),
});

/** A domain name Route 53 and ACM take: two or more lower-case labels, at most 253 characters. */
const isDomainName = (name: string) => name.length <= 253 && name.split(".").length >= 2 && name.split(".").every((l) => DNS_LABEL.test(l));
/** A Route 53 hosted zone id. */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{4,31}$/;
const subdomain = (allowEmpty: boolean) =>
    text().refine((label) => (allowEmpty && label === "") || label.split(".").every((l) => DNS_LABEL.test(l)), {
        error: (iss) => `${shown(iss.input)} is not a DNS label; use lower-case letters, digits and hyphens${allowEmpty ? ', or "" for the domain itself' : ""}`,
    });

/** The project namespace's keys (`shoestring:<key>`). */
export const PROJECT_CONFIG_SCHEMA = z.strictObject({
    profile: oneOf(PROFILE_NAMES).default("cheap").meta({ description: "The preset of the five axes (api, frontend, capacity, compute, database kind)." }),
    api: oneOf(API_ENTRIES).optional().meta({ description: "How requests reach the backend (default: the profile's)." }),
    frontend: oneOf(FRONTENDS).optional().meta({ description: "How the frontend is served (default: the profile's); `container` needs `api` `alb`." }),
    capacity: oneOf(CAPACITIES).optional().meta({ description: "Capacity provider of every ECS service and of the cluster's default strategy (default: the profile's)." }),
    compute: oneOf(COMPUTES).optional().meta({ description: "Where the backend runs (default: the profile's): `ecs`, an ECS service on Fargate; `lambda`, the same image on AWS Lambda behind the HTTP API (needs `api` `apigateway` and a database reachable without a VPC: `dsql` or `none`)." }),
    paused: flag().default(false).meta({ description: "Scale every ECS service to 0 and stop the database." }),
    schedule: SCHEDULE_SCHEMA.optional().meta({
        description:
            "Awake hours (default: none, always on): every ECS service scales to 0 outside them (Application Auto Scaling scheduled actions) and the database is stopped (EventBridge Scheduler), woken at each window's start. `paused` wins: nothing wakes while it is set, and after unpausing things start at the next window's start.",
    }),
    domain: text()
        .refine(isDomainName, { error: (iss) => `${shown(iss.input)} is not a domain name; use lower-case labels of letters, digits and hyphens separated by dots, like app.example.com` })
        .optional()
        .meta({ description: "The public domain (default: none, AWS endpoints): at least two lower-case labels of letters, digits and hyphens, at most 253 characters. The site is served at it (or at `<siteSubdomain>.<domain>`), the API at `<apiSubdomain>.<domain>`. A Route 53 public hosted zone for it must exist. Required when `api` is `alb` and `frontend` is `static`." }),
    hostedZone: text()
        .refine((zone) => HOSTED_ZONE_ID.test(zone) || isDomainName(zone), { error: (iss) => `${shown(iss.input)} is neither a hosted zone id (Z and 4 to 31 upper-case letters or digits) nor a domain name (lower-case labels separated by dots)` })
        .optional()
        .meta({ description: "The Route 53 hosted zone for certificate validation and alias records (default: the public zone named as `domain`): its name (equal to `domain` or a parent of it) or its id (`Z` and 4 to 31 upper-case letters or digits). Only with `domain`." }),
    apiSubdomain: subdomain(false).default("api").meta({ description: "Prefix of the API's host name: one or more lower-case DNS labels, not the full host name, not the site's. Only with `domain`." }),
    siteSubdomain: subdomain(true).default("").meta({ description: 'Prefix of the site\'s host name: `""` (the domain itself), or one or more lower-case DNS labels, not the full host name. Only with `domain`.' }),
    backend: BACKEND_SCHEMA.prefault({}).meta({ description: "The backend container (fields below)." }),
    site: SITE_SCHEMA.prefault({}).meta({ description: "The frontend (fields below)." }),
    database: DATABASE_SCHEMA.prefault({}).meta({ description: "The database (fields below)." }),
    logRetentionDays: wholeNumber({ min: 1, max: 3653 }, (n) => `${n} is not a retention CloudWatch Logs accepts; allowed: ${LOG_RETENTION_DAYS.join(", ")}`)
        .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), { error: (iss) => `${shown(iss.input)} is not a retention CloudWatch Logs accepts; allowed: ${LOG_RETENTION_DAYS.join(", ")}` })
        .default(7)
        .meta({ description: "Days to keep container logs and API Gateway access logs.", enum: [...LOG_RETENTION_DAYS] }),
    pullThroughCache: flag().default(true).meta({ description: "Create an ECR pull-through cache rule for ECR Public and pull base images through it; a public `backend.image` (ECR Public, or a Docker Hub official image) is rewritten to go through it too." }),
    protectData: flag().default(true).meta({ description: "Protect the database, the table and the image repositories from deletion (Pulumi `protect`, RDS and DynamoDB deletion protection)." }),
    network: oneOf(["default", "new", "existing"])
        .optional()
        .meta({
            description:
                "Where the stack runs: `default`, the account's default VPC and its default subnets; `new`, a VPC the stack creates (free: two public subnets in zones with HTTP API VPC links, an internet gateway, no NAT gateway); `existing`, the VPC `vpcId` and the subnets `subnetIds` (default: `existing` when `vpcId` is set, else `default`).",
        }),
    vpcId: text()
        .regex(/^vpc-[0-9a-f]{8,17}$/, { error: (iss) => `${shown(iss.input)} is not a VPC id: vpc- and 8 to 17 lower-case hex digits` })
        .optional()
        .meta({ description: "The VPC of network `existing`: `vpc-` and 8 to 17 lower-case hex digits. Set together with `subnetIds`." }),
    subnetIds: z
        .array(text().regex(/^subnet-[0-9a-f]{8,17}$/, { error: (iss) => `${shown(iss.input)} is not a subnet id: subnet- and 8 to 17 lower-case hex digits` }), { error: (iss) => `${shown(iss.input)} is not a list of strings` })
        .superRefine((ids, ctx) => {
            ids.forEach((id, i) => {
                const first = ids.indexOf(id);
                if (first < i) {
                    ctx.addIssue({ code: "custom", path: [i], message: `${shown(id)} is listed twice (also subnetIds[${first}]); list each subnet once, at least two in different availability zones` });
                }
            });
        })
        .optional()
        .meta({ description: "Subnets for the tasks, the load balancer, the VPC link and the database: at least two `subnet-` ids (8 to 17 lower-case hex digits) of public subnets (routed to an internet gateway) in different availability zones, each once. Network `existing` only, set together with `vpcId`." }),
    permissionsBoundary: text()
        .regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:policy\/[\w+=,.@/-]{1,512}$/, { error: (iss) => `${shown(iss.input)} is not an IAM policy ARN (arn:aws:iam::<account>:policy/<path><name>); use the bootstrap stack's output workloadBoundaryArn` })
        .optional()
        .meta({ description: "The permissions boundary every IAM role the program creates carries (default: none): an IAM policy ARN (`arn:aws:iam::<account>:policy/...`). Set it to the bootstrap's output `workloadBoundaryArn` when deploying with the bootstrap's deploy role, which creates no role without it." }),
    pointInTimeRecovery: flag().default(true).meta({ description: "DynamoDB point-in-time recovery of the app's table (restore to any second of the last 35 days); billed by the table's size, so nothing while it is empty." }),
    ecsExec: flag().default(true).meta({ description: "ECS Exec into the services' containers, each session logged. While it is on the root filesystem stays writable (its agent writes into the container); `false` makes it read-only, with an empty `/tmp` the app may write." }),
});

export type ProjectConfig = z.output<typeof PROJECT_CONFIG_SCHEMA>;
export type BackendConfig = z.output<typeof BACKEND_SCHEMA>;
export type SiteConfig = z.output<typeof SITE_SCHEMA>;
export type DatabaseConfig = z.output<typeof DATABASE_SCHEMA>;
export type ScheduleConfig = z.output<typeof SCHEDULE_SCHEMA>;

/** The keys of the project namespace this program understands. */
export const CONFIG_KEYS = Object.keys(PROJECT_CONFIG_SCHEMA.shape) as (keyof ProjectConfig)[];

/** The region key's check (`aws:region`, the provider's namespace). */
export const REGION_SCHEMA = text()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: (iss) => `${shown(iss.input)} is not an AWS region name (like us-west-2)` })
    .meta({ description: "The AWS region of the stack (required; the stack files set `us-west-2`): a region name such as `us-west-2`." });

/** A JSON Schema node, as far as the stack file schema and the README reference read it. */
export interface JsonSchema {
    type?: string | string[];
    description?: string;
    default?: unknown;
    enum?: unknown[];
    minimum?: number;
    maximum?: number;
    pattern?: string;
    properties?: Record<string, JsonSchema>;
    patternProperties?: Record<string, JsonSchema>;
    additionalProperties?: boolean | JsonSchema;
    items?: JsonSchema;
    anyOf?: JsonSchema[];
    required?: string[];
    [key: string]: unknown;
}

/**
 * A whole number's JSON Schema: an integer within its bounds (and its
 * values, when it has a list), or the digits as text (which the program
 * checks the same way).
 */
function wholeNumberJson(node: JsonSchema): void {
    const [integer, digits] = node.anyOf ?? [];
    if (node.anyOf?.length !== 2 || integer.type !== "integer" || digits.type !== "string") return;
    integer.minimum = node.minimum;
    integer.maximum = node.maximum;
    if (integer.maximum === undefined) delete integer.maximum;
    if (node.enum) integer.enum = node.enum;
    delete node.minimum;
    delete node.maximum;
    delete node.enum;
}

/** Writes the defaults the schema fills in (read from parsing an empty config) where the JSON Schema lacks them. */
function withDefaults(node: JsonSchema, value: unknown): void {
    if (value !== undefined && node.default === undefined && (typeof value !== "object" || value === null)) node.default = value;
    if (node.properties && value !== null && typeof value === "object") {
        for (const [k, child] of Object.entries(node.properties)) withDefaults(child, (value as Record<string, unknown>)[k]);
    }
}

/** Walks every node of a JSON Schema. */
function eachNode(node: JsonSchema, visit: (n: JsonSchema) => void): void {
    visit(node);
    for (const child of [...Object.values(node.properties ?? {}), ...(node.anyOf ?? []), ...(node.items ? [node.items] : [])]) eachNode(child, visit);
    if (typeof node.additionalProperties === "object") eachNode(node.additionalProperties, visit);
}

/** The project namespace's keys as JSON Schema, with their defaults. */
export function projectConfigJsonSchema(): JsonSchema {
    const json = z.toJSONSchema(PROJECT_CONFIG_SCHEMA, { io: "input", target: "draft-7" }) as JsonSchema;
    delete json.$schema;
    eachNode(json, wholeNumberJson);
    withDefaults(json, PROJECT_CONFIG_SCHEMA.parse({}));
    return json;
}

/** A value Pulumi keeps encrypted in the stack file (`pulumi config set --secret`). */
const SECURE_VALUE: JsonSchema = { type: "object", properties: { secure: { type: "string" } }, required: ["secure"], additionalProperties: false };

/**
 * The JSON Schema of a `Pulumi.<stack>.yaml` of this project: its `config`
 * block holds the project's keys (qualified, `shoestring:profile`) and
 * `aws:region`; keys of other namespaces (providers, `pulumi:`) pass;
 * unknown keys of the project's namespace are refused. Any key may hold a
 * secret instead (`secure:`). The rest of the stack file is left open.
 */
export function stackFileJsonSchema(project: string): JsonSchema {
    const keys = projectConfigJsonSchema();
    const region = z.toJSONSchema(REGION_SCHEMA, { io: "input", target: "draft-7" }) as JsonSchema;
    delete region.$schema;
    const orSecret = (node: JsonSchema): JsonSchema => ({ anyOf: [node, SECURE_VALUE], ...(node.description ? { description: node.description } : {}) });
    const escaped = project.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return {
        $schema: "http://json-schema.org/draft-07/schema#",
        title: `Pulumi.<stack>.yaml of the ${project} project`,
        type: "object",
        properties: {
            config: {
                type: "object",
                description: `Stack config: the ${project} keys (see the README's config reference), aws:region, and keys of other namespaces.`,
                properties: {
                    "aws:region": orSecret(region),
                    ...Object.fromEntries(Object.entries(keys.properties ?? {}).map(([k, node]) => [`${project}:${k}`, orSecret(node)])),
                },
                patternProperties: { [`^(?!${escaped}:)[^:]+:.+$`]: {} },
                additionalProperties: false,
            },
        },
    };
}

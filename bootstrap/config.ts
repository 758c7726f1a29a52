/**
 * The bootstrap stack's config, read once and checked before any resource
 * is registered.
 *
 * This is the only module of the bootstrap program that reads the Pulumi
 * config; `parseBootstrapConfig` is the pure part, so it can be tested on
 * plain values. Every error names the key, the bad value and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";

/** The checked config. */
export interface BootstrapConfig {
    /** The AWS region of the stack (`aws:region`). */
    region: string;
    /** The GitHub repository owner (user or organization), as GitHub spells it. */
    owner: string;
    /** The GitHub repository name, as GitHub spells it. */
    name: string;
    /** `owner/name`. */
    repository: string;
    /** The branch `pulumi up` deploys from. */
    branch: string;
    /**
     * The GitHub environment the deploy job runs in: the deploy role trusts
     * only jobs of that environment, whose protection rules (required
     * reviewers, deployment branch `branch`) GitHub enforces.
     */
    environment: string;
    /** ARN of an existing GitHub OIDC provider in the account, to reuse instead of creating one. */
    existingProviderArn?: string;
    /** The S3 bucket of a self-managed Pulumi state backend (`PULUMI_BACKEND_URL=s3://<bucket>`), if any. */
    stateBucket?: string;
    /** The shoestring program's Pulumi project name: the value of the `shoestring:project` tag the deploy role requires. */
    project: string;
    /** Route 53 hosted zone ids of the stacks' domain names. */
    hostedZoneIds: string[];
}

/** A config value that is missing or not allowed. The message names the key. */
export class BootstrapConfigError extends Error {
    constructor(
        readonly key: string,
        message: string,
    ) {
        super(`config ${key}: ${message}`);
        this.name = "BootstrapConfigError";
    }
}

/** The keys of the project's namespace, with their defaults (`undefined`: none). */
export const CONFIG_KEYS = {
    repository: undefined,
    branch: "main",
    environment: "production",
    existingProviderArn: undefined,
    stateBucket: undefined,
    project: "shoestring",
    hostedZoneIds: undefined,
} as const;

/**
 * A GitHub owner (user or organization): letters, digits and single hyphens,
 * not starting or ending with a hyphen, at most 39 characters.
 */
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** A GitHub repository name: letters, digits, ".", "_" and "-", at most 100 characters. */
const GITHUB_REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** An AWS region name, like us-west-2 or us-gov-west-1. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The ARN of GitHub's OIDC provider in an account. */
const GITHUB_PROVIDER_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

/** An S3 bucket name (general purpose buckets). */
const GITHUB_ENVIRONMENT = /^[A-Za-z0-9_.-]{1,255}$/;

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** A Pulumi project name: letters, digits, "_", "." and "-" (Pulumi.yaml reference, `name`), at most 100 characters. */
const PULUMI_PROJECT = /^[A-Za-z0-9_.-]{1,100}$/;

/** A Route 53 hosted zone id (the API's ResourceId: at most 32 characters; zone ids are upper-case letters and digits starting with Z). */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/**
 * Why a branch name is not a valid git ref name (`git check-ref-format
 * --branch`), or undefined when it is. The name is the branch alone, as in
 * `refs/heads/<name>`.
 */
export function gitBranchProblem(branch: string): string | undefined {
    if (branch === "") {
        return "it is empty";
    }
    if (branch === "@") {
        return 'it is "@"';
    }
    if (/^refs\//.test(branch)) {
        return 'give the branch name alone, without "refs/heads/"';
    }
    if (branch.startsWith("-")) {
        return 'it starts with "-"';
    }
    // eslint-disable-next-line no-control-regex
    const bad = /[\x00-\x20\x7f~^:?*[\\]/.exec(branch);
    if (bad) {
        return bad[0] === " " ? "it contains a space" : `it contains ${JSON.stringify(bad[0])}`;
    }
    if (branch.includes("..")) {
        return 'it contains ".."';
    }
    if (branch.includes("@{")) {
        return 'it contains "@{"';
    }
    if (branch.startsWith("/") || branch.endsWith("/") || branch.includes("//")) {
        return 'it has an empty path component (a leading, trailing or doubled "/")';
    }
    if (branch.endsWith(".")) {
        return 'it ends with "."';
    }
    for (const component of branch.split("/")) {
        if (component.startsWith(".")) {
            return `its component "${component}" starts with "."`;
        }
        if (component.endsWith(".lock")) {
            return `its component "${component}" ends with ".lock"`;
        }
    }
    return undefined;
}

/**
 * Checks the config values (fully qualified keys, as
 * `pulumi.runtime.allConfig()` returns them) of project `project`.
 */
export function parseBootstrapConfig(values: Record<string, string>, project: string): BootstrapConfig {
    const key = (k: keyof typeof CONFIG_KEYS) => `${project}:${k}`;
    const known = Object.keys(CONFIG_KEYS).map((k) => `${project}:${k}`);
    for (const k of Object.keys(values)) {
        if (k.startsWith(`${project}:`) && !known.includes(k)) {
            throw new BootstrapConfigError(k, `unknown key; known keys: ${known.join(", ")}`);
        }
    }

    const region = values["aws:region"];
    if (region === undefined || region === "") {
        throw new BootstrapConfigError("aws:region", "not set; set it with `pulumi config set aws:region us-west-2`");
    }
    if (!REGION.test(region)) {
        throw new BootstrapConfigError("aws:region", `"${region}" is not an AWS region name (like us-west-2)`);
    }

    const repository = values[key("repository")];
    if (repository === undefined || repository === "") {
        throw new BootstrapConfigError(key("repository"), "not set; set it to the GitHub repository allowed to deploy, as owner/name: `pulumi config set repository example-org/shoestring`");
    }
    const parts = repository.split("/");
    if (parts.length !== 2) {
        throw new BootstrapConfigError(
            key("repository"),
            `"${repository}" is not owner/name; give exactly one GitHub owner and one repository name separated by "/", like example-org/shoestring (no URL, no wildcard)`,
        );
    }
    const [owner, name] = parts;
    if (!GITHUB_OWNER.test(owner)) {
        throw new BootstrapConfigError(
            key("repository"),
            `"${repository}": the owner "${owner}" is not a GitHub user or organization name; allowed: letters, digits and single hyphens, not at the start or end, at most 39 characters (no wildcard)`,
        );
    }
    if (!GITHUB_REPOSITORY_NAME.test(name) || name === "." || name === "..") {
        throw new BootstrapConfigError(
            key("repository"),
            `"${repository}": the name "${name}" is not a GitHub repository name; allowed: letters, digits, ".", "_" and "-", at most 100 characters, not "." or ".." (no wildcard)`,
        );
    }
    if (name.toLowerCase().endsWith(".git")) {
        throw new BootstrapConfigError(key("repository"), `"${repository}": give the repository name without ".git"`);
    }

    const branch = values[key("branch")] ?? CONFIG_KEYS.branch;
    const problem = gitBranchProblem(branch);
    if (problem !== undefined) {
        throw new BootstrapConfigError(
            key("branch"),
            `"${branch}" is not a valid git branch name: ${problem}. Allowed: a name git accepts (git check-ref-format --branch), such as main or release/v1: no spaces, control characters, ~ ^ : ? * [ \\, "..", "@{", no component starting with "." or ending with ".lock"`,
        );
    }

    const environment = values[key("environment")] ?? CONFIG_KEYS.environment;
    if (!GITHUB_ENVIRONMENT.test(environment)) {
        throw new BootstrapConfigError(
            key("environment"),
            `"${environment}" is not an environment name this program trusts; allowed: 1 to 255 letters, digits, ".", "_" and "-" (GitHub puts the name in the token's subject after "environment:")`,
        );
    }

    const existingProviderArn = values[key("existingProviderArn")];
    if (existingProviderArn !== undefined && !GITHUB_PROVIDER_ARN.test(existingProviderArn)) {
        throw new BootstrapConfigError(
            key("existingProviderArn"),
            `"${existingProviderArn}" is not the ARN of GitHub's OIDC provider; allowed: arn:aws:iam::<12-digit account>:oidc-provider/token.actions.githubusercontent.com (or leave it unset to create the provider)`,
        );
    }

    const stateBucket = values[key("stateBucket")];
    if (stateBucket !== undefined && (!BUCKET.test(stateBucket) || stateBucket.includes(".."))) {
        throw new BootstrapConfigError(
            key("stateBucket"),
            `"${stateBucket}" is not an S3 bucket name; give the bucket alone (not s3://...): 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit`,
        );
    }

    const programProject = values[key("project")] ?? CONFIG_KEYS.project;
    if (!PULUMI_PROJECT.test(programProject)) {
        throw new BootstrapConfigError(key("project"), `"${programProject}" is not a Pulumi project name; allowed: 1 to 100 letters, digits, "_", "." and "-" (the \`name\` in the shoestring program's Pulumi.yaml)`);
    }

    const hostedZoneIds = parseHostedZoneIds(values[key("hostedZoneIds")], key("hostedZoneIds"));

    return { region, owner, name, repository, branch, environment, existingProviderArn, stateBucket, project: programProject, hostedZoneIds };
}

/** A JSON list of hosted zone ids (as `pulumi config set --path 'hostedZoneIds[0]' Z...` writes it), or one id. */
function parseHostedZoneIds(raw: string | undefined, configKey: string): string[] {
    if (raw === undefined || raw === "") {
        return [];
    }
    let ids: unknown;
    try {
        ids = raw.trim().startsWith("[") ? JSON.parse(raw) : [raw];
    } catch {
        throw new BootstrapConfigError(configKey, `"${raw}" is not a JSON list of hosted zone ids, like ["Z0123456789ABCDEFGHIJ"]`);
    }
    if (!Array.isArray(ids)) {
        throw new BootstrapConfigError(configKey, `"${raw}" is not a list of hosted zone ids`);
    }
    for (const id of ids) {
        if (typeof id !== "string" || !HOSTED_ZONE_ID.test(id)) {
            throw new BootstrapConfigError(
                configKey,
                `${JSON.stringify(id)} is not a Route 53 hosted zone id; allowed: "Z" then upper-case letters and digits, at most 32 characters, without the "/hostedzone/" prefix (find it with \`aws route53 list-hosted-zones-by-name\`)`,
            );
        }
    }
    return [...new Set(ids as string[])];
}

/** Reads and checks the current stack's config. */
export function loadBootstrapConfig(): BootstrapConfig {
    return parseBootstrapConfig(pulumi.runtime.allConfig(), pulumi.getProject());
}

// @ts-check
"use strict";

/**
 * The app's secrets on Lambda. ECS injects a task's secrets as ordinary
 * environment variables, but Lambda has no `secrets`: the function gets one
 * plain variable, SECRETS_FROM, a compact JSON object {"NAME":"<ARN>",...} of
 * SSM parameter ARNs (arn:<partition>:ssm:<region>:<account>:parameter/<path>)
 * and Secrets Manager secret ARNs. `loadSecrets` reads each of them, in
 * parallel and in the ARN's own Region, and sets env[NAME] before anything
 * reads the settings. Without SECRETS_FROM (ECS, local) it does nothing.
 *
 * Errors name the variable and the ARN's service, never a secret's value nor
 * the ARN itself (a secret's name is treated like the settings treat
 * DB_SECRET_ARN).
 */

const VARIABLE = "SECRETS_FROM";

/** A portable environment variable name. */
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A value that was read but cannot be used; its message is ours and safe to print. */
class UnusableValue extends Error {}

/** @typedef {"ssm" | "secretsmanager"} SecretService */

/**
 * @typedef {object} SecretReference
 * @property {string} name The variable to set.
 * @property {string} arn
 * @property {SecretService} service
 * @property {string} region The Region in the ARN; the value is read there.
 */

/**
 * Clients by Region, injectable for tests. Each factory is called at most
 * once per Region and service in one `loadSecrets` call.
 *
 * @typedef {object} SecretClients
 * @property {(region: string) => import("@aws-sdk/client-ssm").SSMClient} [ssm]
 * @property {(region: string) => import("@aws-sdk/client-secrets-manager").SecretsManagerClient} [secretsManager]
 */

/**
 * Reads the secrets SECRETS_FROM names and sets them in `env`. Throws, naming
 * the variable, when SECRETS_FROM is malformed, names a variable already set,
 * points at anything but an SSM parameter or a Secrets Manager secret, or
 * when a value cannot be read; then `env` is left unchanged.
 *
 * @param {NodeJS.ProcessEnv} env
 * @param {SecretClients} [clients]
 * @returns {Promise<string[]>} The names set, in SECRETS_FROM's order.
 */
async function loadSecrets(env, clients = {}) {
    const raw = env[VARIABLE];
    if (raw === undefined || raw === "") return [];
    const references = parseSecretsFrom(raw, env);

    const ssm = perRegion(clients.ssm ?? defaultSsm);
    const secretsManager = perRegion(clients.secretsManager ?? defaultSecretsManager);
    const results = await Promise.allSettled(references.map((reference) => read(reference, ssm, secretsManager)));

    /** @type {string[]} */
    const failures = [];
    results.forEach((result, i) => {
        const reference = /** @type {SecretReference} */ (references[i]);
        if (result.status === "rejected") failures.push(`${reference.name} (${reference.service}: ${reasonOf(result.reason)})`);
    });
    if (failures.length > 0) throw new Error(`${VARIABLE}: could not read ${failures.join(", ")}`);

    results.forEach((result, i) => {
        if (result.status === "fulfilled") env[/** @type {SecretReference} */ (references[i]).name] = result.value;
    });
    return references.map((reference) => reference.name);
}

/**
 * @param {string} raw
 * @param {NodeJS.ProcessEnv} env
 * @returns {SecretReference[]}
 */
function parseSecretsFrom(raw, env) {
    /** @type {unknown} */
    let parsed;
    try {
        parsed = JSON.parse(raw);
    } catch {
        // JSON.parse's message quotes the input, so it is not passed on.
        throw new Error(`${VARIABLE} is not valid JSON`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new Error(`${VARIABLE} must be a JSON object of variable names to ARNs`);
    }
    return Object.entries(parsed).map(([name, arn]) => {
        if (!NAME_PATTERN.test(name)) throw new Error(`${VARIABLE}: ${JSON.stringify(name)} is not a variable name`);
        if (env[name] !== undefined) throw new Error(`${VARIABLE}: ${name} is already set in the environment`);
        if (typeof arn !== "string") throw new Error(`${VARIABLE}: ${name} must be an ARN string`);
        return { name, arn, ...parseArn(name, arn) };
    });
}

/**
 * arn:<partition>:<service>:<region>:<account>:<resource>
 *
 * @param {string} name For the error message.
 * @param {string} arn
 * @returns {{ service: SecretService, region: string }}
 */
function parseArn(name, arn) {
    const [prefix, partition, service, region, account, ...resource] = arn.split(":");
    if (prefix !== "arn" || !partition || !service || account === undefined || resource.length === 0) {
        throw new Error(`${VARIABLE}: ${name} is not an ARN`);
    }
    if (service !== "ssm" && service !== "secretsmanager") {
        throw new Error(`${VARIABLE}: ${name} is an ARN of ${service}; only ssm parameters and secretsmanager secrets are read`);
    }
    if (!region) throw new Error(`${VARIABLE}: ${name} is an ARN of ${service} without a Region`);
    if (service === "ssm" && !/^parameter\/./.test(resource.join(":"))) {
        throw new Error(`${VARIABLE}: ${name} is an ssm ARN but not a parameter's`);
    }
    // Secret names cannot contain ":"; more fields are ECS's json-key:version-stage:version-id
    // form, which only ECS resolves.
    if (service === "secretsmanager" && (resource[0] !== "secret" || resource.length !== 2 || !resource[1])) {
        throw new Error(`${VARIABLE}: ${name} is a secretsmanager ARN but not a secret's (a JSON key or version suffix is ECS-only)`);
    }
    return { service, region };
}

/**
 * @param {SecretReference} reference
 * @param {(region: string) => import("@aws-sdk/client-ssm").SSMClient} ssm
 * @param {(region: string) => import("@aws-sdk/client-secrets-manager").SecretsManagerClient} secretsManager
 * @returns {Promise<string>}
 */
async function read(reference, ssm, secretsManager) {
    if (reference.service === "ssm") {
        const { GetParameterCommand } = require("@aws-sdk/client-ssm");
        // GetParameter takes the parameter's name or its full ARN as Name:
        // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
        const output = await ssm(reference.region).send(new GetParameterCommand({ Name: reference.arn, WithDecryption: true }));
        const value = output.Parameter?.Value;
        if (typeof value !== "string") throw new UnusableValue("no value");
        return value;
    }
    const { GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
    const output = await secretsManager(reference.region).send(new GetSecretValueCommand({ SecretId: reference.arn }));
    if (typeof output.SecretString !== "string") throw new UnusableValue("no SecretString (binary secrets are not supported)");
    return output.SecretString;
}

/**
 * What went wrong, without the error's text (an SDK message may quote the
 * request): the error's name, e.g. ParameterNotFound or AccessDeniedException,
 * and a system error's code (ENOTFOUND, ECONNREFUSED...).
 *
 * @param {unknown} error
 * @returns {string}
 */
function reasonOf(error) {
    if (error instanceof UnusableValue) return error.message;
    const { name, code } = /** @type {{ name?: unknown, code?: unknown }} */ (error ?? {});
    const label = typeof name === "string" && name !== "" ? name : "Error";
    return typeof code === "string" && code !== "" ? `${label} ${code}` : label;
}

/**
 * @template T
 * @param {(region: string) => T} create
 * @returns {(region: string) => T}
 */
function perRegion(create) {
    /** @type {Map<string, T>} */
    const clients = new Map();
    return (region) => {
        let client = clients.get(region);
        if (client === undefined) {
            client = create(region);
            clients.set(region, client);
        }
        return client;
    };
}

/** @param {string} region */
function defaultSsm(region) {
    const { SSMClient } = require("@aws-sdk/client-ssm");
    return new SSMClient({ region });
}

/** @param {string} region */
function defaultSecretsManager(region) {
    const { SecretsManagerClient } = require("@aws-sdk/client-secrets-manager");
    return new SecretsManagerClient({ region });
}

module.exports = { SECRETS_FROM: VARIABLE, loadSecrets };

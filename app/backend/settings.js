// @ts-check
"use strict";

/**
 * The backend's environment contract, read in one place. Everything but PORT
 * is optional: an absent dependency is reported as "none", never guessed.
 *
 *   PORT            TCP port (default 4567)
 *   FRONTEND_URL    the one origin CORS allows
 *   TABLE_NAME      DynamoDB table (absent: no table)
 *   AWS_REGION      set by Lambda itself and by the program on ECS;
 *                   AWS_DEFAULT_REGION is the fallback
 *   DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_AUTH = secret | dsql
 *   DB_SECRET_ARN   (secret) the RDS-managed master user secret
 *   DB_TLS_CA_FILE  CA bundle that verifies the server certificate
 *   SECRETS_FROM    Lambda only: a compact JSON object {"NAME":"<ARN>",...} of SSM
 *                   parameter and Secrets Manager secret ARNs (never values);
 *                   secrets.js reads each, in the ARN's Region, and sets NAME
 *                   before these settings are read. A NAME already set is
 *                   refused. On ECS the secrets arrive as ordinary variables
 *                   (the container definition's `secrets`) and it is unset.
 */

const DEFAULT_PORT = 4567;

/**
 * Where the image puts the RDS global CA bundle (see the Dockerfile). It
 * verifies RDS for PostgreSQL and Aurora PostgreSQL in every commercial
 * Region:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html
 */
const RDS_CA_BUNDLE = "/etc/ssl/rds/global-bundle.pem";

/** Aurora DSQL's fixed role and database for admin tokens. */
const DSQL_USER = "admin";
const DSQL_DATABASE = "postgres";

/** @typedef {"secret" | "dsql"} DatabaseAuth */

/**
 * @typedef {object} DatabaseSettings
 * @property {string} host
 * @property {number} port
 * @property {string} name Database name (DSQL: always "postgres").
 * @property {string | undefined} user Role; for "secret" the secret's username when unset
 *   (DSQL: always "admin").
 * @property {DatabaseAuth} auth
 * @property {string | undefined} secretArn Secrets Manager secret with the password. RDS
 *   rotates it every 7 days, so it is read (with the task role) when a connection opens
 *   and again after an authentication failure, never once at start.
 * @property {string | undefined} tlsCaFile CA bundle for the server certificate; undefined
 *   means Node.js's built-in CA store.
 */

/**
 * @typedef {object} Settings
 * @property {number} port TCP port to listen on.
 * @property {string | undefined} frontendUrl Origin allowed by CORS.
 * @property {string | undefined} tableName DynamoDB table, when one is configured.
 * @property {string | undefined} region AWS Region for the SDK clients.
 * @property {DatabaseSettings | undefined} database Present only when DB_HOST is set.
 */

/**
 * Reads settings from the environment. Database values are optional: the
 * health check must answer without them. A malformed value throws, naming
 * the variable (never its value when it may be a secret's name).
 *
 * @param {NodeJS.ProcessEnv} env
 * @returns {Settings}
 */
function readSettings(env) {
    const port = parsePort("PORT", env.PORT, DEFAULT_PORT);
    return {
        port,
        frontendUrl: env.FRONTEND_URL || undefined,
        tableName: env.TABLE_NAME || undefined,
        region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
        database: env.DB_HOST ? readDatabase(env, env.DB_HOST) : undefined,
    };
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {string} host
 * @returns {DatabaseSettings}
 */
function readDatabase(env, host) {
    const auth = env.DB_AUTH || "secret";
    if (auth !== "secret" && auth !== "dsql") {
        throw new Error(`DB_AUTH must be "secret" or "dsql", got ${JSON.stringify(auth)}`);
    }
    const port = parsePort("DB_PORT", env.DB_PORT, 5432);
    const tlsCaFile = env.DB_TLS_CA_FILE || undefined;
    if (auth === "dsql") {
        // IAM authentication only: the admin role with a fresh token per connection.
        // https://docs.aws.amazon.com/aurora-dsql/latest/userguide/SECTION_authentication-token.html
        return { host, port, name: DSQL_DATABASE, user: DSQL_USER, auth, secretArn: undefined, tlsCaFile };
    }
    if (!env.DB_SECRET_ARN) throw new Error("DB_SECRET_ARN is required when DB_AUTH is secret");
    return {
        host,
        port,
        name: env.DB_NAME || "postgres",
        user: env.DB_USER || undefined,
        auth,
        secretArn: env.DB_SECRET_ARN,
        tlsCaFile: tlsCaFile ?? RDS_CA_BUNDLE,
    };
}

/**
 * @param {string} name
 * @param {string | undefined} value
 * @param {number} fallback
 * @returns {number}
 */
function parsePort(name, value, fallback) {
    if (value === undefined || value === "") return fallback;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`${name} must be a port number (0-65535), got ${JSON.stringify(value)}`);
    }
    return port;
}

module.exports = { DEFAULT_PORT, RDS_CA_BUNDLE, DSQL_USER, DSQL_DATABASE, readSettings };

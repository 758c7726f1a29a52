// @ts-check
"use strict";

/**
 * The PostgreSQL side of the sample data: RDS for PostgreSQL, Aurora
 * PostgreSQL Serverless v2 or Aurora DSQL, through one node-postgres pool.
 *
 * The SQL is kept to what runs on both PostgreSQL and Aurora DSQL
 * (https://docs.aws.amazon.com/aurora-dsql/latest/userguide/working-with-postgresql-compatibility-unsupported-features.html):
 * no foreign keys, sequences, triggers, TRUNCATE or temporary tables; ids are
 * made by the app; each statement runs on its own (autocommit), so DDL never
 * shares a transaction with other DDL or with DML, and a write touches one row.
 * The whole set is SCHEMA, INSERT_VISIT, LIST_VISITS and PING below.
 */

const fs = require("node:fs");
const pg = require("pg");

/** One statement per entry, each its own transaction; created lazily, once per process. */
const SCHEMA = [
    "CREATE TABLE IF NOT EXISTS visits (id uuid PRIMARY KEY, created_at timestamptz NOT NULL, runtime text NOT NULL)",
];
const INSERT_VISIT = "INSERT INTO visits (id, created_at, runtime) VALUES ($1, $2, $3)";
const LIST_VISITS = "SELECT id, created_at, runtime FROM visits ORDER BY created_at DESC, id LIMIT $1";
const PING = "SELECT 1";

/** SQLSTATE invalid_password: the secret was rotated since it was read. */
const INVALID_PASSWORD = "28P01";

/**
 * Errors that mean "not reachable yet" rather than "broken": a stopped or
 * paused database refuses or drops connections, or accepts them only after
 * it has resumed (Aurora Serverless v2 takes about 15 s:
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html).
 */
const WAKING_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "EPIPE"]);
/** SQLSTATE cannot_connect_now (starting up, shutting down, in recovery). */
const WAKING_SQLSTATES = new Set(["57P03"]);

/** @typedef {"ok" | "waking" | "error"} DependencyState */

/**
 * @typedef {object} Visit
 * @property {string} id A UUID made by the app.
 * @property {string} at ISO 8601 time.
 * @property {string} runtime Where it was served: "lambda", "ecs" or "local".
 */

/**
 * @typedef {object} Signer
 * @property {() => Promise<string>} getDbConnectAdminAuthToken
 */

/**
 * @typedef {object} SecretsReader
 * @property {(input: { SecretId: string }) => Promise<{ SecretString?: string }>} getSecretValue
 */

/**
 * @typedef {object} DatabaseOptions
 * @property {string} [region]
 * @property {SecretsReader} [secrets] Reads the secret; defaults to a Secrets Manager client
 *   on the default credential chain (the task or function role).
 * @property {Signer} [signer] Makes DSQL tokens; defaults to `@aws-sdk/dsql-signer`.
 * @property {number} [connectionTimeoutMillis] Default 5000: a resuming database is
 *   reported as waking instead of holding the request.
 * @property {(sql: string) => void} [observe] Called with every statement sent.
 */

/**
 * @typedef {object} Database
 * @property {() => Promise<DependencyState>} check Creates the schema if needed and pings.
 * @property {(visit: Visit) => Promise<void>} addVisit
 * @property {(limit: number) => Promise<Visit[]>} listVisits
 * @property {() => Promise<void>} close
 */

/**
 * A failure that says how a dependency is doing, without its details.
 */
class DependencyError extends Error {
    /**
     * @param {DependencyState} state
     * @param {unknown} cause
     */
    constructor(state, cause) {
        super(`dependency ${state}`, { cause });
        this.name = "DependencyError";
        /** @type {DependencyState} */
        this.state = state;
    }
}

/**
 * How a failed database call should be reported.
 *
 * @param {unknown} error
 * @returns {"waking" | "error"}
 */
function classify(error) {
    if (error instanceof DependencyError) return error.state === "waking" ? "waking" : "error";
    const e = /** @type {{ code?: unknown, message?: unknown }} */ (error ?? {});
    const code = typeof e.code === "string" ? e.code : "";
    if (WAKING_CODES.has(code) || WAKING_SQLSTATES.has(code)) return "waking";
    // SQLSTATE class 08: connection exceptions.
    if (/^08[0-9A-Z]{3}$/.test(code)) return "waking";
    const message = typeof e.message === "string" ? e.message : "";
    // node-postgres' connectionTimeoutMillis and a connection dropped mid-query.
    if (/timeout expired|connection timeout|Connection terminated unexpectedly/i.test(message)) return "waking";
    return "error";
}

/**
 * TLS is always on, and the server certificate always verified (hostname
 * included). RDS for PostgreSQL 15+ refuses plain connections by default
 * (rds.force_ssl=1:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/ssl-certificate-rotation-postgresql.html).
 *
 * @param {string | undefined} caFile
 * @returns {import("node:tls").ConnectionOptions}
 */
function tlsOptions(caFile) {
    return caFile ? { rejectUnauthorized: true, ca: fs.readFileSync(caFile, "utf8") } : { rejectUnauthorized: true };
}

/**
 * The password of the RDS-managed master user secret, cached between
 * connections. RDS rotates it every 7 days
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html),
 * so an authentication failure drops the cache.
 *
 * @param {SecretsReader} secrets
 * @param {string} secretArn
 */
function secretCache(secrets, secretArn) {
    /** @type {Promise<{ username: string | undefined, password: string }> | undefined} */
    let cached;
    return {
        get() {
            if (cached === undefined) {
                const reading = secrets.getSecretValue({ SecretId: secretArn }).then((output) => {
                    const value = JSON.parse(output.SecretString ?? "{}");
                    if (typeof value.password !== "string") throw new Error("the database secret has no password");
                    return { username: typeof value.username === "string" ? value.username : undefined, password: value.password };
                });
                cached = reading;
                // A failed read is not cached: the next connection tries again.
                reading.catch(() => {
                    if (cached === reading) cached = undefined;
                });
            }
            return cached;
        },
        drop() {
            cached = undefined;
        },
    };
}

/** @returns {SecretsReader} */
function defaultSecrets(/** @type {string | undefined} */ region) {
    /** @type {import("@aws-sdk/client-secrets-manager").SecretsManagerClient | undefined} */
    let client;
    return {
        async getSecretValue(input) {
            const sdk = require("@aws-sdk/client-secrets-manager");
            client ??= new sdk.SecretsManagerClient(region ? { region } : {});
            return client.send(new sdk.GetSecretValueCommand(input));
        },
    };
}

/**
 * @param {string} hostname
 * @param {string | undefined} region
 * @returns {Signer}
 */
function defaultSigner(hostname, region) {
    const { DsqlSigner } = require("@aws-sdk/dsql-signer");
    return new DsqlSigner(region ? { hostname, region } : { hostname });
}

/**
 * Opens nothing until first used.
 *
 * @param {import("./settings").DatabaseSettings} settings
 * @param {DatabaseOptions} [options]
 * @returns {Database}
 */
function createDatabase(settings, options = {}) {
    const observe = options.observe ?? (() => {});
    const secret = settings.auth === "secret" && settings.secretArn ? secretCache(options.secrets ?? defaultSecrets(options.region), settings.secretArn) : undefined;
    /** @type {Signer | undefined} */
    let signer = options.signer;

    /** @type {Promise<pg.Pool> | undefined} */
    let poolPromise;
    /** @type {pg.Pool | undefined} */
    let openPool;
    /** @type {Promise<void> | undefined} */
    let schema;

    /** @returns {Promise<pg.Pool>} */
    function pool() {
        poolPromise ??= (async () => {
            const user = settings.user ?? (secret ? (await secret.get()).username : undefined);
            /** @type {() => Promise<string>} */
            const password = secret
                ? async () => (await secret.get()).password
                : // A fresh token for every new connection: tokens expire (15 minutes by default),
                  // an open connection stays valid.
                  async () => {
                      signer ??= defaultSigner(settings.host, options.region);
                      return signer.getDbConnectAdminAuthToken();
                  };
            const created = new pg.Pool({
                host: settings.host,
                port: settings.port,
                database: settings.name,
                user,
                password,
                ssl: tlsOptions(settings.tlsCaFile),
                max: 4,
                idleTimeoutMillis: 30_000,
                connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
            });
            // An idle connection that the server closes (pause, failover, rotation) must not
            // crash the process; the pool drops it and the next request opens another.
            created.on("error", () => {});
            openPool = created;
            return created;
        })().catch((error) => {
            poolPromise = undefined;
            throw error;
        });
        return poolPromise;
    }

    /**
     * A pooled connection. After an authentication failure on the secret path the cached
     * secret is dropped, re-read and the connection tried once more.
     *
     * @returns {Promise<pg.PoolClient>}
     */
    async function connect() {
        const p = await pool();
        try {
            return await p.connect();
        } catch (error) {
            if (!secret || /** @type {{ code?: unknown }} */ (error).code !== INVALID_PASSWORD) throw error;
            secret.drop();
            return p.connect();
        }
    }

    /**
     * @template T
     * @param {(client: pg.PoolClient) => Promise<T>} work
     * @returns {Promise<T>}
     */
    async function withClient(work) {
        const client = await connect();
        let broken = false;
        try {
            return await work(client);
        } catch (error) {
            // No SQLSTATE: the connection itself failed; do not hand it out again.
            broken = typeof (/** @type {{ code?: unknown }} */ (error).code) !== "string" || classify(error) === "waking";
            throw error;
        } finally {
            client.release(broken);
        }
    }

    /**
     * @param {pg.PoolClient} client
     * @param {string} sql
     * @param {unknown[]} [values]
     */
    function run(client, sql, values) {
        observe(sql);
        return client.query(sql, values);
    }

    /** @returns {Promise<void>} */
    function ensureSchema() {
        schema ??= (async () => {
            for (const statement of SCHEMA) await withClient((client) => run(client, statement));
        })().catch((error) => {
            schema = undefined;
            throw error;
        });
        return schema;
    }

    /**
     * @template T
     * @param {() => Promise<T>} work
     * @returns {Promise<T>}
     */
    async function guarded(work) {
        try {
            return await work();
        } catch (error) {
            throw new DependencyError(classify(error), error);
        }
    }

    return {
        async check() {
            try {
                await ensureSchema();
                await withClient((client) => run(client, PING));
                return "ok";
            } catch (error) {
                return classify(error);
            }
        },
        addVisit(visit) {
            return guarded(async () => {
                await ensureSchema();
                await withClient((client) => run(client, INSERT_VISIT, [visit.id, visit.at, visit.runtime]));
            });
        },
        listVisits(limit) {
            return guarded(async () => {
                await ensureSchema();
                const result = await withClient((client) => run(client, LIST_VISITS, [limit]));
                return result.rows.map((row) => ({
                    id: String(row.id),
                    at: row.created_at instanceof Date ? row.created_at.toISOString() : String(row.created_at),
                    runtime: String(row.runtime),
                }));
            });
        },
        async close() {
            const p = openPool;
            openPool = undefined;
            poolPromise = undefined;
            schema = undefined;
            if (p) await p.end();
        },
    };
}

module.exports = { SCHEMA, INSERT_VISIT, LIST_VISITS, PING, DependencyError, classify, createDatabase };

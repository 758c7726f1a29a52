// @ts-check
"use strict";

/**
 * Sample API backend: plain Node.js and node-postgres, one image for ECS and
 * AWS Lambda (through the Lambda Web Adapter, which forwards to the same port).
 *
 * Routing lives in `handle`, a function of (method, path, headers, env,
 * services) with every dependency passed in, so it can be tested without a
 * socket; `createServer` only adapts it to node:http. Run directly
 * (`node server.js`) it first reads the secrets SECRETS_FROM names (Lambda
 * only; see secrets.js), then listens on PORT (default 4567) and drains
 * in-flight requests on SIGTERM.
 *
 * Endpoints:
 *   GET  /api/health-check  static; ECS and the adapter's readiness probe use it,
 *                           so a paused database never makes a task unhealthy
 *   GET  /api/ready         each dependency ok / waking / error / none; 200 only
 *                           when every configured one is ok, else 503 + Retry-After
 *   POST /api/visits        records a visit in the database and the table
 *   GET  /api/visits        the latest visits from both
 */

const http = require("node:http");
const crypto = require("node:crypto");

const { DEFAULT_PORT, readSettings } = require("./settings");
const { loadSecrets } = require("./secrets");
const { createDatabase } = require("./database");
const { createTable } = require("./table");

/**
 * Grace period for in-flight requests after SIGTERM. Fargate Spot gives two
 * minutes' notice, but ECS kills the container after its stopTimeout
 * (30 s by default), so stay well inside that.
 */
const SHUTDOWN_TIMEOUT_MS = 10_000;

const HEALTH_CHECK_PATH = "/api/health-check";
const READY_PATH = "/api/ready";
const VISITS_PATH = "/api/visits";

/** How many visits GET /api/visits returns from each store. */
const VISITS_LIMIT = 10;

/** Seconds a client should wait before asking again while a dependency wakes up. */
const RETRY_AFTER_SECONDS = 5;

/** Methods the API answers; HEAD is served like GET without a body. */
const ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS";
const READ_METHODS = "GET, HEAD";

/** @typedef {import("./database").DependencyState | "none"} DependencyStatus */

/**
 * @typedef {object} Services
 * @property {import("./database").Database | undefined} database
 * @property {import("./table").Table | undefined} table
 * @property {string} runtime Where this process runs: "lambda", "ecs" or "local".
 * @property {() => Date} now
 * @property {() => string} newId
 * @property {() => Promise<void>} close
 */

/**
 * @typedef {object} HandlerResponse
 * @property {number} status
 * @property {Record<string, string>} headers
 * @property {string} body Empty for 204 responses.
 */

/**
 * Lambda sets AWS_LAMBDA_FUNCTION_NAME; the ECS agent sets the task metadata endpoint.
 *
 * @param {NodeJS.ProcessEnv} env
 * @returns {string}
 */
function runtimeOf(env) {
    if (env.AWS_LAMBDA_FUNCTION_NAME) return "lambda";
    if (env.ECS_CONTAINER_METADATA_URI_V4) return "ecs";
    return "local";
}

/**
 * The dependencies the environment configures, none of them opened yet.
 *
 * @param {NodeJS.ProcessEnv} env
 * @param {Partial<Services>} [overrides]
 * @returns {Services}
 */
function createServices(env, overrides = {}) {
    const settings = readSettings(env);
    const database = "database" in overrides ? overrides.database : settings.database ? createDatabase(settings.database, { region: settings.region }) : undefined;
    const table = "table" in overrides ? overrides.table : settings.tableName ? createTable(settings.tableName, { region: settings.region }) : undefined;
    return {
        database,
        table,
        runtime: overrides.runtime ?? runtimeOf(env),
        now: overrides.now ?? (() => new Date()),
        newId: overrides.newId ?? (() => crypto.randomUUID()),
        close: overrides.close ?? (async () => database?.close()),
    };
}

/** Services for an environment without any dependency. */
const NO_SERVICES = createServices({}, { database: undefined, table: undefined });

/**
 * The single origin allowed to call the API from a browser, derived from
 * FRONTEND_URL. Only http(s) URLs count, so an opaque "null" origin can
 * never match.
 *
 * @param {string | undefined} frontendUrl
 * @returns {string | undefined}
 */
function allowedOrigin(frontendUrl) {
    if (!frontendUrl) return undefined;
    try {
        const url = new URL(frontendUrl);
        return url.protocol === "https:" || url.protocol === "http:" ? url.origin : undefined;
    } catch {
        return undefined;
    }
}

/**
 * CORS headers for a request. The Origin is echoed only when it is exactly
 * the configured frontend origin; never "*".
 *
 * @param {string | string[] | undefined} origin
 * @param {NodeJS.ProcessEnv} env
 * @returns {Record<string, string>}
 */
function corsHeaders(origin, env) {
    // Responses differ by Origin, so shared caches must key on it.
    /** @type {Record<string, string>} */
    const headers = { Vary: "Origin" };
    const allowed = allowedOrigin(env.FRONTEND_URL);
    if (allowed !== undefined && typeof origin === "string" && origin === allowed) {
        headers["Access-Control-Allow-Origin"] = origin;
    }
    return headers;
}

/**
 * @param {number} status
 * @param {unknown} payload
 * @param {Record<string, string>} extraHeaders
 * @returns {HandlerResponse}
 */
function json(status, payload, extraHeaders) {
    return {
        status,
        headers: {
            "Content-Type": "application/json; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            ...extraHeaders,
        },
        body: JSON.stringify(payload),
    };
}

/**
 * Answers for a request that no dependency can change.
 *
 * @param {string} verb Upper-case method.
 * @param {string} allow Methods the path accepts.
 * @param {Record<string, string>} cors
 * @returns {HandlerResponse | undefined}
 */
function methodNotAllowed(verb, allow, cors) {
    if (allow.split(", ").includes(verb)) return undefined;
    return json(405, { success: false, error: "Method Not Allowed" }, { ...cors, Allow: allow });
}

/**
 * 503 with Retry-After when a dependency is waking, 500 when one failed.
 *
 * @param {Record<string, DependencyStatus>} statuses
 * @param {Record<string, string>} cors
 * @returns {HandlerResponse}
 */
function dependencyFailure(statuses, cors) {
    const waking = Object.values(statuses).includes("waking");
    return waking
        ? json(503, { success: false, error: "Service Unavailable", ...statuses }, { ...cors, "Retry-After": String(RETRY_AFTER_SECONDS) })
        : json(500, { success: false, error: "Internal Server Error", ...statuses }, cors);
}

/**
 * Runs one dependency call, turning its failure into a status.
 *
 * @template T
 * @param {string} name For the log line (which never carries the error's text).
 * @param {(() => Promise<T>) | undefined} work Undefined when the dependency is not configured.
 * @returns {Promise<{ status: DependencyStatus, value?: T }>}
 */
async function attempt(name, work) {
    if (work === undefined) return { status: "none" };
    try {
        return { status: "ok", value: await work() };
    } catch (error) {
        const state = /** @type {{ state?: unknown }} */ (error).state === "waking" ? "waking" : "error";
        const cause = /** @type {{ cause?: { code?: unknown } }} */ (error).cause;
        console.error(`${name}: ${state}${typeof cause?.code === "string" ? ` (${cause.code})` : ""}`);
        return { status: state };
    }
}

/**
 * @param {Services} services
 * @param {Record<string, string>} cors
 * @returns {Promise<HandlerResponse>}
 */
async function ready(services, cors) {
    const [database, table] = await Promise.all([
        services.database ? services.database.check() : Promise.resolve(/** @type {DependencyStatus} */ ("none")),
        services.table ? services.table.check() : Promise.resolve(/** @type {DependencyStatus} */ ("none")),
    ]);
    const allOk = [database, table].every((status) => status === "ok" || status === "none");
    return allOk
        ? json(200, { success: true, database, table }, cors)
        : json(503, { success: false, database, table }, { ...cors, "Retry-After": String(RETRY_AFTER_SECONDS) });
}

/**
 * @param {Services} services
 * @param {Record<string, string>} cors
 * @returns {Promise<HandlerResponse>}
 */
async function addVisit(services, cors) {
    /** @type {import("./database").Visit} */
    const visit = { id: services.newId(), at: services.now().toISOString(), runtime: services.runtime };
    const { database, table } = services;
    const [db, tb] = await Promise.all([
        attempt("database", database && (() => database.addVisit(visit))),
        attempt("table", table && (() => table.addVisit(visit))),
    ]);
    const statuses = { database: db.status, table: tb.status };
    if (db.status !== "ok" && db.status !== "none") return dependencyFailure(statuses, cors);
    if (tb.status !== "ok" && tb.status !== "none") return dependencyFailure(statuses, cors);
    return json(201, { success: true, visit, ...statuses }, cors);
}

/**
 * @param {Services} services
 * @param {Record<string, string>} cors
 * @returns {Promise<HandlerResponse>}
 */
async function listVisits(services, cors) {
    const { database, table } = services;
    const [db, tb] = await Promise.all([
        attempt("database", database && (() => database.listVisits(VISITS_LIMIT))),
        attempt("table", table && (() => table.listVisits(VISITS_LIMIT))),
    ]);
    const statuses = { database: db.status, table: tb.status };
    if ((db.status !== "ok" && db.status !== "none") || (tb.status !== "ok" && tb.status !== "none")) return dependencyFailure(statuses, cors);
    return json(
        200,
        {
            success: true,
            database: db.status === "ok" ? { status: "ok", visits: db.value } : { status: "none" },
            table: tb.status === "ok" ? { status: "ok", visits: tb.value } : { status: "none" },
        },
        cors,
    );
}

/**
 * Routes one request. Reads only its arguments; I/O happens only through
 * `services`.
 *
 * @param {string} method HTTP method, e.g. "GET".
 * @param {string} path Request target; a query string is ignored.
 * @param {import("node:http").IncomingHttpHeaders} headers Lower-case request headers.
 * @param {NodeJS.ProcessEnv} [env] Defaults to process.env; only CORS reads it.
 * @param {Services} [services] Defaults to none configured.
 * @returns {Promise<HandlerResponse>}
 */
async function handle(method, path, headers, env = process.env, services = NO_SERVICES) {
    const cors = corsHeaders(headers.origin, env);
    const pathname = path.split("?")[0];
    const verb = method.toUpperCase();

    if (verb === "OPTIONS") {
        // Preflight for any path. Without an allowed origin the browser gets no
        // Access-Control-* headers and blocks the real request itself.
        /** @type {Record<string, string>} */
        const preflight = { ...cors };
        if (cors["Access-Control-Allow-Origin"] !== undefined) {
            preflight["Access-Control-Allow-Methods"] = ALLOWED_METHODS;
            preflight["Access-Control-Allow-Headers"] = "Content-Type";
            preflight["Access-Control-Max-Age"] = "600";
        }
        return { status: 204, headers: preflight, body: "" };
    }

    if (pathname === HEALTH_CHECK_PATH) {
        // Deliberately static: nothing from the environment or a dependency ends up in here.
        return methodNotAllowed(verb, READ_METHODS, cors) ?? json(200, { success: true, ver: 1 }, cors);
    }

    if (pathname === READY_PATH) {
        return methodNotAllowed(verb, READ_METHODS, cors) ?? ready(services, cors);
    }

    if (pathname === VISITS_PATH) {
        const refused = methodNotAllowed(verb, "GET, HEAD, POST", cors);
        if (refused) return refused;
        return verb === "POST" ? addVisit(services, cors) : listVisits(services, cors);
    }

    return json(404, { success: false, error: "Not Found" }, cors);
}

/**
 * @typedef {object} ServerOptions
 * @property {NodeJS.ProcessEnv} [env] Environment used for CORS and the services; defaults to process.env.
 * @property {Services} [services] Defaults to the ones `env` configures.
 */

/**
 * Wraps `handle` in an http.Server (not yet listening).
 *
 * @param {ServerOptions} [options]
 * @returns {import("node:http").Server}
 */
function createServer(options = {}) {
    const env = options.env ?? process.env;
    const services = options.services ?? createServices(env);
    return http.createServer((req, res) => {
        // Request bodies are never used; drain them so keep-alive keeps working.
        req.resume();
        const method = req.method ?? "GET";
        handle(method, req.url ?? "/", req.headers, env, services).then(
            (response) => {
                const body = method.toUpperCase() === "HEAD" ? "" : response.body;
                res.writeHead(response.status, {
                    ...response.headers,
                    ...(response.status === 204 ? {} : { "Content-Length": String(Buffer.byteLength(response.body)) }),
                });
                res.end(body);
            },
            () => {
                const failure = json(500, { success: false, error: "Internal Server Error" }, corsHeaders(req.headers.origin, env));
                res.writeHead(failure.status, { ...failure.headers, "Content-Length": String(Buffer.byteLength(failure.body)) });
                res.end(failure.body);
            },
        );
    });
}

/**
 * Stops accepting connections and resolves once in-flight requests finish,
 * or after `timeoutMs`, when remaining connections are cut.
 *
 * @param {import("node:http").Server} server
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>} true if everything drained in time.
 */
function shutdown(server, timeoutMs = SHUTDOWN_TIMEOUT_MS) {
    return new Promise((resolve) => {
        const timer = setTimeout(() => {
            server.closeAllConnections();
            resolve(false);
        }, timeoutMs);
        timer.unref();
        server.close(() => {
            clearTimeout(timer);
            resolve(true);
        });
        // Idle keep-alive sockets would otherwise hold close() open.
        server.closeIdleConnections();
    });
}

/**
 * Entry point when run as `node server.js`. The secrets are read before the
 * settings and before listening: one that cannot be read fails the start
 * (Lambda reports an init error; the adapter's readiness check never passes),
 * and the health check is only served once the app can serve requests.
 *
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<void>}
 */
async function main(env) {
    const loaded = await loadSecrets(env);
    // Names only, never values.
    if (loaded.length > 0) console.log(`SECRETS_FROM: set ${loaded.join(", ")}`);
    const settings = readSettings(env);
    const services = createServices(env);
    const server = createServer({ env, services });

    server.listen(settings.port, () => {
        const address = server.address();
        const port = typeof address === "object" && address !== null ? address.port : settings.port;
        // Report which settings are present, never their values.
        console.log(
            `backend listening on port ${port} ` +
                `(table: ${settings.tableName ? "configured" : "none"}, ` +
                `database: ${settings.database ? settings.database.auth : "none"}, ` +
                `runtime: ${services.runtime}, ` +
                `cors origin: ${allowedOrigin(settings.frontendUrl) ?? "none"})`,
        );
    });

    let stopping = false;
    /** @param {NodeJS.Signals} signal */
    const onSignal = (signal) => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal} received, draining connections`);
        void shutdown(server)
            .then(async (drained) => {
                await services.close().catch(() => {});
                return drained;
            })
            .then((drained) => {
                console.log(drained ? "shutdown complete" : "shutdown timed out, connections closed");
                process.exitCode = drained ? 0 : 1;
            });
    };
    // The container runs node as PID 1, which gets no default signal handling.
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
}

if (require.main === module) {
    main(process.env).catch((error) => {
        // One line: the messages of secrets.js and settings.js name the variable, never a secret's value.
        console.error(`backend failed to start: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
    });
}

module.exports = {
    DEFAULT_PORT,
    HEALTH_CHECK_PATH,
    READY_PATH,
    VISITS_PATH,
    RETRY_AFTER_SECONDS,
    readSettings,
    allowedOrigin,
    createServices,
    handle,
    createServer,
    shutdown,
};

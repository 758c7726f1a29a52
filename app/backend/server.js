// @ts-check
"use strict";

/**
 * Sample API backend: plain Node.js, no dependencies.
 *
 * Routing lives in `handle`, a pure function of (method, path, headers, env),
 * so it can be tested without a socket; `createServer` only adapts it to
 * node:http. Run directly (`node server.js`) it listens on PORT (default 4567)
 * and drains in-flight requests on SIGTERM.
 */

const http = require("node:http");

const DEFAULT_PORT = 4567;

/**
 * Grace period for in-flight requests after SIGTERM. Fargate Spot gives two
 * minutes' notice, but ECS kills the container after its stopTimeout
 * (30 s by default), so stay well inside that.
 */
const SHUTDOWN_TIMEOUT_MS = 10_000;

const HEALTH_CHECK_PATH = "/api/health-check";

/** Methods the API answers; HEAD is served like GET without a body. */
const ALLOWED_METHODS = "GET, HEAD, OPTIONS";

/**
 * @typedef {object} DatabaseSettings
 * @property {string} host
 * @property {number} port
 * @property {string | undefined} name
 * @property {string | undefined} user
 * @property {string | undefined} secretArn Secrets Manager secret with the password. RDS
 *   rotates it every 7 days, so read it (with the task role) each time a connection
 *   pool opens and again after an authentication failure, never once at start.
 */

/**
 * @typedef {object} Settings
 * @property {number} port TCP port to listen on.
 * @property {string | undefined} frontendUrl Origin allowed by CORS.
 * @property {string | undefined} tableName DynamoDB table, when one is configured.
 * @property {DatabaseSettings | undefined} database Present only when DB_HOST is set.
 */

/**
 * @typedef {object} HandlerResponse
 * @property {number} status
 * @property {Record<string, string>} headers
 * @property {string} body Empty for 204 responses.
 */

/**
 * Reads settings from the environment. Database values are optional: the
 * health check must answer without them.
 *
 * @param {NodeJS.ProcessEnv} env
 * @returns {Settings}
 */
function readSettings(env) {
    const port = parsePort("PORT", env.PORT, DEFAULT_PORT);
    const database = env.DB_HOST
        ? {
              host: env.DB_HOST,
              port: parsePort("DB_PORT", env.DB_PORT, 5432),
              name: env.DB_NAME || undefined,
              user: env.DB_USER || undefined,
              secretArn: env.DB_SECRET_ARN || undefined,
          }
        : undefined;
    return {
        port,
        frontendUrl: env.FRONTEND_URL || undefined,
        tableName: env.TABLE_NAME || undefined,
        database,
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
 * Routes one request. Pure apart from reading its arguments.
 *
 * @param {string} method HTTP method, e.g. "GET".
 * @param {string} path Request target; a query string is ignored.
 * @param {import("node:http").IncomingHttpHeaders} headers Lower-case request headers.
 * @param {NodeJS.ProcessEnv} [env] Defaults to process.env.
 * @returns {HandlerResponse}
 */
function handle(method, path, headers, env = process.env) {
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
        if (verb !== "GET" && verb !== "HEAD") {
            return json(405, { success: false, error: "Method Not Allowed" }, { ...cors, Allow: ALLOWED_METHODS });
        }
        // Deliberately static: nothing from the environment ends up in here.
        return json(200, { success: true, ver: 1 }, cors);
    }

    return json(404, { success: false, error: "Not Found" }, cors);
}

/**
 * @typedef {object} ServerOptions
 * @property {NodeJS.ProcessEnv} [env] Environment used for CORS; defaults to process.env.
 */

/**
 * Wraps `handle` in an http.Server (not yet listening).
 *
 * @param {ServerOptions} [options]
 * @returns {import("node:http").Server}
 */
function createServer(options = {}) {
    const env = options.env ?? process.env;
    return http.createServer((req, res) => {
        // Request bodies are never used; drain them so keep-alive keeps working.
        req.resume();
        const method = req.method ?? "GET";
        const response = handle(method, req.url ?? "/", req.headers, env);
        const body = method.toUpperCase() === "HEAD" ? "" : response.body;
        res.writeHead(response.status, {
            ...response.headers,
            ...(response.status === 204 ? {} : { "Content-Length": String(Buffer.byteLength(response.body)) }),
        });
        res.end(body);
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
 * Entry point when run as `node server.js`.
 *
 * @param {NodeJS.ProcessEnv} env
 * @returns {void}
 */
function main(env) {
    const settings = readSettings(env);
    const server = createServer({ env });

    server.listen(settings.port, () => {
        const address = server.address();
        const port = typeof address === "object" && address !== null ? address.port : settings.port;
        // Report which settings are present, never their values.
        console.log(
            `backend listening on port ${port} ` +
                `(table: ${settings.tableName ? "configured" : "none"}, ` +
                `database: ${settings.database ? "configured" : "none"}, ` +
                `cors origin: ${allowedOrigin(settings.frontendUrl) ?? "none"})`,
        );
    });

    let stopping = false;
    /** @param {NodeJS.Signals} signal */
    const onSignal = (signal) => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal} received, draining connections`);
        void shutdown(server).then((drained) => {
            console.log(drained ? "shutdown complete" : "shutdown timed out, connections closed");
            process.exitCode = drained ? 0 : 1;
        });
    };
    // The container runs node as PID 1, which gets no default signal handling.
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
}

if (require.main === module) {
    main(process.env);
}

module.exports = {
    DEFAULT_PORT,
    HEALTH_CHECK_PATH,
    readSettings,
    allowedOrigin,
    handle,
    createServer,
    shutdown,
};

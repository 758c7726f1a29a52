// @ts-check
"use strict";

/**
 * A backend of your own, as small as shoestring takes one: plain Node.js,
 * no dependencies, no state. It listens on PORT (8000 unless the program
 * sets it), answers GET /healthz with 200 and {"success":true} (the load
 * balancer's health check, the Lambda Web Adapter's readiness check and the
 * deploy workflow's smoke check ask for it), and GET /api/hello with the
 * GREETING variable and whether the API_TOKEN secret is set (never its
 * value). CORS allows the one origin of FRONTEND_URL.
 *
 * On ECS, API_TOKEN arrives as an ordinary variable (the container's
 * `secrets`). Lambda has no `secrets`: the function gets SECRETS_FROM, a
 * JSON object of names to ARNs, and the app reads each value itself
 * (app/backend/secrets.js does it with the AWS SDK). This example has no
 * SDK, so there it only reports which names SECRETS_FROM lists.
 */

const http = require("node:http");

const DEFAULT_PORT = 8000;
const HEALTH_CHECK_PATH = "/healthz";
const HELLO_PATH = "/api/hello";

/**
 * @typedef {object} Reply
 * @property {number} status
 * @property {Record<string, string>} headers
 * @property {string} body
 */

/**
 * The origin CORS allows: FRONTEND_URL's, when it is an http(s) URL.
 *
 * @param {string | undefined} frontendUrl
 * @returns {string | undefined}
 */
function allowedOrigin(frontendUrl) {
    try {
        const url = new URL(frontendUrl ?? "");
        return url.protocol === "https:" || url.protocol === "http:" ? url.origin : undefined;
    } catch {
        return undefined;
    }
}

/**
 * The names SECRETS_FROM lists (Lambda only), never the ARNs.
 *
 * @param {string | undefined} raw
 * @returns {string[]}
 */
function secretsFromNames(raw) {
    if (!raw) return [];
    try {
        const parsed = JSON.parse(raw);
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? Object.keys(parsed) : [];
    } catch {
        return [];
    }
}

/**
 * Answers one request; reads nothing but its arguments.
 *
 * @param {string} method
 * @param {string} target The request target; a query string is ignored.
 * @param {string | undefined} origin The request's Origin header.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Reply}
 */
function handle(method, target, origin, env) {
    const allowed = allowedOrigin(env.FRONTEND_URL);
    /** @type {Record<string, string>} */
    const headers = { Vary: "Origin", "Cache-Control": "no-store" };
    if (allowed !== undefined && origin === allowed) headers["Access-Control-Allow-Origin"] = allowed;
    const path = target.split("?")[0];
    const json = (/** @type {number} */ status, /** @type {unknown} */ payload) => ({ status, headers: { ...headers, "Content-Type": "application/json; charset=utf-8" }, body: JSON.stringify(payload) });

    if (method === "OPTIONS") {
        if (headers["Access-Control-Allow-Origin"]) {
            headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS";
            headers["Access-Control-Max-Age"] = "600";
        }
        return { status: 204, headers, body: "" };
    }
    if (method !== "GET" && method !== "HEAD") return json(405, { error: "Method Not Allowed" });
    // Static: no dependency may make the health check fail. The deploy
    // workflow's smoke check wants 200 and "success": true.
    if (path === HEALTH_CHECK_PATH) return json(200, { success: true });
    if (path === HELLO_PATH) {
        return json(200, {
            greeting: env.GREETING ?? null,
            apiTokenSet: typeof env.API_TOKEN === "string" && env.API_TOKEN !== "",
            secretsFrom: secretsFromNames(env.SECRETS_FROM),
        });
    }
    return json(404, { error: "Not Found" });
}

/**
 * An http.Server around `handle` (not yet listening).
 *
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {import("node:http").Server}
 */
function createServer(env = process.env) {
    return http.createServer((req, res) => {
        req.resume();
        const method = (req.method ?? "GET").toUpperCase();
        const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
        const reply = handle(method, req.url ?? "/", origin, env);
        res.writeHead(reply.status, reply.headers);
        res.end(method === "HEAD" ? "" : reply.body);
    });
}

if (require.main === module) {
    const port = Number(process.env.PORT || DEFAULT_PORT);
    const server = createServer();
    server.listen(port, () => console.log(`own-app listening on port ${port}`));
    // Tasks are replaced and Spot tasks interrupted (SIGTERM, then SIGKILL after
    // the stop timeout): finish in-flight requests, then exit. As PID 1, node
    // gets no default signal handling.
    const stop = () => {
        server.close(() => process.exit(0));
        server.closeIdleConnections();
        setTimeout(() => process.exit(1), 10_000).unref();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
}

module.exports = { DEFAULT_PORT, HEALTH_CHECK_PATH, HELLO_PATH, handle, createServer };

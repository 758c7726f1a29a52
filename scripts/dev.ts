/**
 * Local development: the sample backend (app/backend) against a throwaway
 * PostgreSQL, and the site (app/frontend/site) with a config.json pointing
 * it at that backend, so the page works at once.
 *
 *   npm run dev                                      API on 4567, site on 8080
 *   npm run dev -- --api-port 5000 --site-port 5001  other ports (0: any free one)
 *   npm run dev -- --no-database                     no PostgreSQL (database: none)
 *
 * The database is a new cluster in a temporary directory on a free port,
 * TLS only (scripts/postgres.ts), with a role and database "shoestring"; the
 * backend verifies the server certificate against the cluster's own CA
 * (DB_TLS_CA_FILE). The backend takes the password the way it takes the RDS
 * secret, through the secret reader, which here answers locally instead of
 * calling Secrets Manager. There is no local DynamoDB: the table is "none"
 * unless TABLE_NAME (and AWS_REGION) name a real one, reached with the usual
 * AWS credentials. Ctrl-C stops everything and deletes the cluster.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { parseArgs } from "node:util";

import { createDatabase } from "../app/backend/database";
import { createServer as createBackend, createServices, shutdown } from "../app/backend/server";
import { readSettings } from "../app/backend/settings";
import { RUNTIME_CONFIG_FILE, renderRuntimeConfig } from "../lib/runtime-config";
import { contentTypeFor } from "../lib/site-files";
import { PostgresNotInstalled, startPostgres, type PostgresServer } from "./postgres";

const ROOT = path.resolve(__dirname, "..");
export const SITE_DIR = path.join(ROOT, "app", "frontend", "site");
/** The ports the backend and the site's nginx listen on in their images. */
export const DEFAULT_API_PORT = 4567;
export const DEFAULT_SITE_PORT = 8080;
const HOST = "127.0.0.1";

/** The role and database the backend uses, like the deployed stacks' defaults. */
export const DATABASE_NAME = "shoestring";
/** What DB_SECRET_ARN says locally; only the local secret reader answers to it. */
export const LOCAL_SECRET_ID = "shoestring-dev-local";

export interface DevOptions {
    /** Default 4567; 0 picks a free port. A default port in use falls back to a free one. */
    apiPort?: number;
    /** Default 8080; 0 picks a free port. */
    sitePort?: number;
    /** Start a local PostgreSQL (default true). */
    database?: boolean;
    /** Default app/frontend/site. */
    siteDir?: string;
    /** Where TABLE_NAME and AWS_REGION come from (default process.env). */
    env?: NodeJS.ProcessEnv;
    /** One line of output (default console.log). */
    log?: (line: string) => void;
    /** Finds and starts PostgreSQL (default scripts/postgres.ts). */
    startPostgres?: typeof startPostgres;
}

export interface DevServer {
    /** The backend's base URL, as config.json gives it to the page. */
    apiUrl: string;
    /** The site's origin, the one the backend allows for CORS. */
    siteUrl: string;
    /** The local PostgreSQL, when there is one. */
    database: { host: string; port: number; name: string; version: string; dir: string } | undefined;
    /** The environment the backend was given (its settings). */
    backendEnv: NodeJS.ProcessEnv;
    /** Stops the servers and the database, and deletes the cluster. */
    stop(): Promise<void>;
}

/** Headers that keep every local file fresh: an edited file shows on the next reload. */
function headers(contentType: string, length: number): Record<string, string> {
    return { "Content-Type": contentType, "Content-Length": String(length), "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" };
}

/** The file a URL path names inside root: no dotfiles, nothing outside, a directory's index.html. */
function siteFile(root: string, pathname: string): { file: string; key: string } | undefined {
    const segments = pathname.split("/").filter((segment) => segment !== "");
    if (segments.some((segment) => segment.startsWith(".") || segment.includes("\\") || segment.includes("\0"))) return undefined;
    let key = segments.join("/");
    let file = path.join(root, ...segments);
    try {
        if (fs.statSync(file).isDirectory()) {
            key = key ? `${key}/index.html` : "index.html";
            file = path.join(file, "index.html");
        }
        return fs.statSync(file).isFile() ? { file, key } : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Serves the site directory as the deployed site does (nginx.conf, the
 * static site's CloudFront): real files, config.json from `runtimeConfig`
 * (from memory: never written into the directory, and it wins over a file of
 * that name), 404 for a missing asset, index.html for any other path.
 */
export function createSiteServer(siteDir: string, runtimeConfig: () => string | undefined): http.Server {
    const root = path.resolve(siteDir);
    return http.createServer((req, res) => {
        req.resume();
        const send = (status: number, contentType: string, body: string | Buffer, extra: Record<string, string> = {}): void => {
            res.writeHead(status, { ...headers(contentType, Buffer.byteLength(body)), ...extra });
            res.end(req.method === "HEAD" ? undefined : body);
        };
        const text = "text/plain; charset=utf-8";
        if (req.method !== "GET" && req.method !== "HEAD") return send(405, text, "Method Not Allowed\n", { Allow: "GET, HEAD" });
        let pathname: string;
        try {
            pathname = decodeURIComponent(new URL(req.url ?? "/", "http://site.invalid").pathname);
        } catch {
            return send(400, text, "Bad Request\n");
        }
        if (pathname === `/${RUNTIME_CONFIG_FILE}`) {
            const config = runtimeConfig();
            return config === undefined ? send(503, text, "Starting\n", { "Retry-After": "1" }) : send(200, contentTypeFor(RUNTIME_CONFIG_FILE), config);
        }
        const found = siteFile(root, pathname);
        if (found) return send(200, contentTypeFor(found.key), fs.readFileSync(found.file));
        // A missing asset must not turn into the page (nginx.conf does the same).
        if (pathname.startsWith("/assets/")) return send(404, text, "Not Found\n");
        return send(200, contentTypeFor("index.html"), fs.readFileSync(path.join(root, "index.html")));
    });
}

/** Listens on HOST; a default port that is taken falls back to a free one, a chosen one is an error. */
async function listen(server: http.Server, port: number | undefined, fallback: number, option: string, log: (line: string) => void): Promise<number> {
    const attempt = (p: number) =>
        new Promise<number>((resolve, reject) => {
            const onError = (error: Error) => reject(error);
            server.once("error", onError);
            server.listen(p, HOST, () => {
                server.off("error", onError);
                resolve((server.address() as AddressInfo).port);
            });
        });
    try {
        return await attempt(port ?? fallback);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
        if (port !== undefined) throw new Error(`port ${port} is in use: choose another with ${option} <port> (0 for any free one)`);
        const free = await attempt(0);
        log(`port ${fallback} is in use; using ${free} instead (${option} chooses one)`);
        return free;
    }
}

/** The secret reader the backend's database uses, answering with the local role's password. */
function localSecret(user: string, password: string) {
    return {
        async getSecretValue(input: { SecretId: string }) {
            if (input.SecretId !== LOCAL_SECRET_ID) throw new Error(`no local secret ${input.SecretId}`);
            return { SecretString: JSON.stringify({ username: user, password }) };
        },
    };
}

/** Starts the database (unless told not to), the backend and the site, and prints where they are. */
export async function startDev(options: DevOptions = {}): Promise<DevServer> {
    const log = options.log ?? ((line: string) => console.log(line));
    const env = options.env ?? process.env;
    const siteDir = options.siteDir ?? SITE_DIR;
    if (!fs.existsSync(path.join(siteDir, "index.html"))) throw new Error(`${siteDir} has no index.html`);

    let pg: PostgresServer | undefined;
    let site: http.Server | undefined;
    let api: http.Server | undefined;
    let closeServices: (() => Promise<void>) | undefined;
    // Whatever ends the process (an uncaught error included) takes the cluster with it.
    const onExit = () => pg?.stopSync();
    process.on("exit", onExit);

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
        (stopping ??= (async () => {
            try {
                if (api) await shutdown(api, 2000);
                if (site) {
                    site.closeAllConnections();
                    await new Promise((resolve) => site?.close(resolve));
                }
                await closeServices?.().catch(() => {});
            } finally {
                try {
                    await pg?.stop();
                } finally {
                    process.off("exit", onExit);
                }
            }
        })());

    try {
        // The password never leaves this process: the backend gets it from the local secret reader.
        const password = crypto.randomBytes(18).toString("hex");
        if (options.database ?? true) {
            pg = await (options.startPostgres ?? startPostgres)({ prefix: "shoestring-dev-", certificateDays: 30 });
            await pg.sql(`CREATE ROLE ${DATABASE_NAME} LOGIN PASSWORD '${password}'`);
            await pg.sql(`CREATE DATABASE ${DATABASE_NAME} OWNER ${DATABASE_NAME}`);
        }

        let apiUrl: string | undefined;
        site = createSiteServer(siteDir, () => (apiUrl === undefined ? undefined : renderRuntimeConfig({ apiUrl })));
        const sitePort = await listen(site, options.sitePort, DEFAULT_SITE_PORT, "--site-port", log);
        const siteUrl = `http://${HOST}:${sitePort}`;

        const backendEnv: NodeJS.ProcessEnv = { FRONTEND_URL: siteUrl };
        if (env.TABLE_NAME) backendEnv.TABLE_NAME = env.TABLE_NAME;
        const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
        if (region) backendEnv.AWS_REGION = region;
        if (pg) {
            Object.assign(backendEnv, { DB_HOST: pg.host, DB_PORT: String(pg.port), DB_NAME: DATABASE_NAME, DB_AUTH: "secret", DB_SECRET_ARN: LOCAL_SECRET_ID, DB_TLS_CA_FILE: pg.caFile });
        }
        const settings = readSettings(backendEnv);
        const database = settings.database ? createDatabase(settings.database, { region: settings.region, secrets: localSecret(DATABASE_NAME, password) }) : undefined;
        const services = createServices(backendEnv, { database });
        closeServices = services.close;
        api = createBackend({ env: backendEnv, services });
        api.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => res.on("finish", () => log(`api  ${req.method} ${req.url} ${res.statusCode}`)));
        const apiPort = await listen(api, options.apiPort, DEFAULT_API_PORT, "--api-port", log);
        backendEnv.PORT = String(apiPort);
        apiUrl = `http://${HOST}:${apiPort}`;

        log(
            pg
                ? `Database  ${pg.version} on ${pg.host}:${pg.port}, database and role ${DATABASE_NAME}, TLS only (throwaway cluster in ${pg.dir}, deleted on exit)`
                : "Database  none (--no-database): /api/ready reports database: none",
        );
        log(
            settings.tableName
                ? `Table     DynamoDB table ${settings.tableName}${settings.region ? ` in ${settings.region}` : ""}, with your AWS credentials`
                : "Table     none: there is no local DynamoDB (set TABLE_NAME and AWS_REGION to use a deployed table with your AWS credentials)",
        );
        log(`API       ${apiUrl}  (app/backend, runtime local; CORS allows ${siteUrl})`);
        log(`Site      ${siteUrl}  (${path.relative(ROOT, siteDir) || siteDir}; /${RUNTIME_CONFIG_FILE} points the page at ${apiUrl})`);
        log(`Open ${siteUrl} in a browser. Ctrl-C stops everything${pg ? " and deletes the database" : ""}.`);

        return {
            apiUrl,
            siteUrl,
            database: pg ? { host: pg.host, port: pg.port, name: DATABASE_NAME, version: pg.version, dir: pg.dir } : undefined,
            backendEnv,
            stop,
        };
    } catch (error) {
        await stop().catch(() => {});
        throw error;
    }
}

const USAGE = `usage: npm run dev [-- --api-port <port>] [--site-port <port>] [--no-database]

Runs the sample backend against a throwaway local PostgreSQL and serves the
site with a config.json pointing at it. Ports default to ${DEFAULT_API_PORT} (API) and
${DEFAULT_SITE_PORT} (site); 0 picks a free one. Ctrl-C stops everything.`;

function parsePort(option: string, value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535) throw new Error(`${option} must be a port number (0-65535), got ${JSON.stringify(value)}`);
    return port;
}

/** The command: prints one line starting with "error:" and exits 1 when it cannot start. */
export async function main(argv: string[]): Promise<void> {
    let dev: DevServer;
    try {
        const { values } = parseArgs({ args: argv, options: { "api-port": { type: "string" }, "site-port": { type: "string" }, "no-database": { type: "boolean" }, help: { type: "boolean", short: "h" } }, strict: true });
        if (values.help) {
            console.log(USAGE);
            return;
        }
        dev = await startDev({ apiPort: parsePort("--api-port", values["api-port"]), sitePort: parsePort("--site-port", values["site-port"]), database: !values["no-database"] });
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "";
        const hint = error instanceof PostgresNotInstalled ? " Or start without one: npm run dev -- --no-database" : code.startsWith("ERR_PARSE_ARGS") ? " (npm run dev -- --help)" : "";
        console.error(`error: ${(error as Error).message}${hint}`);
        process.exitCode = 1;
        return;
    }
    let signalled = 0;
    const onSignal = (signal: NodeJS.Signals) => {
        signalled += 1;
        if (signalled > 1) process.exit(1); // the "exit" handler still deletes the cluster
        console.log(`${signal}: stopping`);
        dev.stop().then(
            () => console.log("stopped"),
            (error: Error) => {
                console.error(`error: ${error.message}`);
                process.exitCode = 1;
            },
        );
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
}

if (require.main === module) void main(process.argv.slice(2));

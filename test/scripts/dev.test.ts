import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

import { createSiteServer, main, SITE_DIR, startDev, type DevServer } from "../../scripts/dev";
import { findPostgresBin, PostgresNotInstalled } from "../../scripts/postgres";

const ROOT = path.resolve(__dirname, "..", "..");
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the API's answers are untyped JSON

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
    });
}

/** Runs the dev command until its output says it is ready; resolves with the output so far. */
function untilReady(child: ChildProcess, output: { text: string }): Promise<string> {
    return new Promise((resolve, reject) => {
        const onData = (chunk: Buffer) => {
            output.text += chunk.toString("utf8");
            if (/^Open \S+ in a browser/m.test(output.text)) resolve(output.text);
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", (chunk: Buffer) => (output.text += chunk.toString("utf8")));
        child.once("exit", (code) => reject(new Error(`the dev command exited (${code}) before it was ready:\n${output.text}`)));
    });
}

function exited(child: ChildProcess): Promise<number | null> {
    return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("npm run dev", () => {
    it("is scripts/dev.ts, run through tsx", () => {
        const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
        assert.equal(scripts.dev, "node -r tsx/cjs scripts/dev.ts");
    });

    describe("against a real local PostgreSQL", function () {
        this.timeout(120_000);
        let child: ChildProcess | undefined;

        before(function () {
            if (findPostgresBin() === undefined) {
                console.log("      skipped: PostgreSQL is not installed (sudo apt-get install postgresql; .ci/run installs it)");
                this.skip();
            }
        });

        after(async () => {
            if (child && child.exitCode === null) {
                child.kill("SIGINT");
                await exited(child);
            }
        });

        it("starts the backend and the site so that the page's API calls succeed, and Ctrl-C stops everything and deletes the cluster", async () => {
            const env = { ...process.env };
            delete env.TABLE_NAME;
            child = spawn(process.execPath, ["-r", "tsx/cjs", "scripts/dev.ts", "--api-port", "0", "--site-port", "0"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
            const output = { text: "" };
            const started = await untilReady(child, output);

            const apiUrl = /^API\s+(http:\/\/\S+)/m.exec(started)?.[1];
            const siteUrl = /^Site\s+(http:\/\/\S+)/m.exec(started)?.[1];
            const clusterDir = /throwaway cluster in (\S+),/.exec(started)?.[1];
            const dbPort = Number(/ on 127\.0\.0\.1:(\d+),/.exec(started)?.[1]);
            assert.ok(apiUrl && siteUrl && clusterDir && dbPort, started);
            assert.match(started, /^Database {2}PostgreSQL \d+/m);
            assert.match(started, /^Table {5}none: there is no local DynamoDB/m);
            assert.ok(fs.existsSync(path.join(clusterDir, "data")), "the cluster is in the directory it names");

            // What the browser loads: the page, its assets, then /config.json.
            const page = await fetch(`${siteUrl}/`);
            assert.equal(page.status, 200);
            assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
            const html = await page.text();
            const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
            assert.equal(assets.length, 2, "the script and the stylesheet");
            for (const asset of assets) assert.equal((await fetch(`${siteUrl}${asset}`)).status, 200, asset);
            const config = await fetch(`${siteUrl}/config.json`);
            assert.equal(config.status, 200);
            assert.deepEqual(await config.json(), { apiUrl });
            assert.equal(fs.existsSync(path.join(SITE_DIR, "config.json")), false, "config.json is never written into the site");

            // What the page then calls, from the site's origin (CORS).
            const call = async (method: string, route: string) => {
                const response = await fetch(`${apiUrl}${route}`, { method, headers: { Origin: siteUrl } });
                assert.equal(response.headers.get("access-control-allow-origin"), siteUrl, `${method} ${route} allows the site`);
                return { status: response.status, body: (await response.json()) as Json };
            };
            assert.deepEqual(await call("GET", "/api/ready"), { status: 200, body: { success: true, database: "ok", table: "none" } });
            const before = await call("GET", "/api/visits");
            assert.equal(before.status, 200);
            assert.deepEqual(before.body.database, { status: "ok", visits: [] });
            const recorded = await call("POST", "/api/visits");
            assert.equal(recorded.status, 201);
            assert.equal(recorded.body.database, "ok");
            assert.equal(recorded.body.visit.runtime, "local");
            const after = await call("GET", "/api/visits");
            assert.deepEqual(after.body.database, { status: "ok", visits: [recorded.body.visit] });
            assert.deepEqual(after.body.table, { status: "none" });
            assert.match(output.text, /^api {2}POST \/api\/visits 201$/m, "requests are logged");

            // Ctrl-C.
            child.kill("SIGINT");
            assert.equal(await exited(child), 0, output.text);
            assert.match(output.text, /^SIGINT: stopping\nstopped$/m);
            assert.equal(fs.existsSync(clusterDir), false, "the cluster's directory is deleted");
            assert.equal(await listening(dbPort), false, "PostgreSQL is stopped");
            assert.equal(await listening(Number(new URL(apiUrl).port)), false, "the API is stopped");
            assert.equal(await listening(Number(new URL(siteUrl).port)), false, "the site is stopped");
        });
    });

    describe("without PostgreSQL", () => {
        it("says in one line how to install it, and exits 1", () => {
            const result = spawnSync(process.execPath, ["-r", "tsx/cjs", "scripts/dev.ts", "--api-port", "0", "--site-port", "0"], { cwd: ROOT, env: { ...process.env, PG_BIN: path.join(os.tmpdir(), "no-postgresql-here") }, encoding: "utf8", timeout: 30_000 });
            assert.equal(result.status, 1);
            assert.equal(result.stdout, "");
            const lines = result.stderr.trimEnd().split("\n");
            assert.equal(lines.length, 1, result.stderr);
            assert.match(lines[0], /^error: PostgreSQL is not installed .*sudo apt-get install postgresql.*brew install postgresql@16.* --no-database$/);
        });

        it("starts nothing when PostgreSQL cannot start", async () => {
            const exitHandlers = process.listenerCount("exit");
            await assert.rejects(
                startDev({ apiPort: 0, sitePort: 0, log: () => {}, startPostgres: async () => Promise.reject(new PostgresNotInstalled()) }),
                PostgresNotInstalled,
            );
            assert.equal(process.listenerCount("exit"), exitHandlers, "no exit handler is left behind");
        });

        it("--no-database runs the backend with database and table none", async () => {
            const lines: string[] = [];
            const dev: DevServer = await startDev({ apiPort: 0, sitePort: 0, database: false, env: {}, log: (line) => lines.push(line) });
            try {
                assert.equal(dev.database, undefined);
                assert.deepEqual(dev.backendEnv, { FRONTEND_URL: dev.siteUrl, PORT: new URL(dev.apiUrl).port });
                assert.deepEqual(await (await fetch(`${dev.siteUrl}/config.json`)).json(), { apiUrl: dev.apiUrl });
                const ready = await fetch(`${dev.apiUrl}/api/ready`);
                assert.deepEqual([ready.status, await ready.json()], [200, { success: true, database: "none", table: "none" }]);
                const recorded = await fetch(`${dev.apiUrl}/api/visits`, { method: "POST" });
                assert.equal(recorded.status, 201);
                assert.match(lines.join("\n"), /^Database {2}none \(--no-database\)/m);
            } finally {
                await dev.stop();
            }
            assert.equal(await listening(Number(new URL(dev.apiUrl).port)), false);
        });
    });

    it("passes TABLE_NAME and AWS_REGION on to the backend, and says which table it uses", async () => {
        const lines: string[] = [];
        const dev = await startDev({ apiPort: 0, sitePort: 0, database: false, env: { TABLE_NAME: "shoestring-dev-visits", AWS_DEFAULT_REGION: "eu-central-1" }, log: (line) => lines.push(line) });
        await dev.stop();
        assert.equal(dev.backendEnv.TABLE_NAME, "shoestring-dev-visits");
        assert.equal(dev.backendEnv.AWS_REGION, "eu-central-1");
        assert.match(lines.join("\n"), /^Table {5}DynamoDB table shoestring-dev-visits in eu-central-1/m);
    });

    it("refuses a chosen port that is taken, naming the option", async () => {
        const blocker = net.createServer();
        await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
        const taken = (blocker.address() as AddressInfo).port;
        try {
            await assert.rejects(startDev({ apiPort: taken, sitePort: 0, database: false, env: {}, log: () => {} }), new RegExp(`^Error: port ${taken} is in use: choose another with --api-port`));
            assert.equal(await listening(taken), true, "the other server is untouched");
        } finally {
            blocker.close();
        }
    });

    it("prints an error line and sets exit code 1 for a bad option", async () => {
        const errors: string[] = [];
        const original = console.error;
        const exitCode = process.exitCode;
        console.error = (line: string) => errors.push(line);
        try {
            await main(["--api-port", "99999"]);
            assert.equal(process.exitCode, 1);
        } finally {
            console.error = original;
            process.exitCode = exitCode;
        }
        assert.deepEqual(errors, ['error: --api-port must be a port number (0-65535), got "99999"']);
    });
});

describe("the local site server", () => {
    let dir: string;
    let base: string;
    let server: ReturnType<typeof createSiteServer>;
    let config: string | undefined;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "shoestring-site-"));
        fs.mkdirSync(path.join(dir, "assets"));
        fs.mkdirSync(path.join(dir, "docs"));
        fs.writeFileSync(path.join(dir, "index.html"), "<p>home</p>");
        fs.writeFileSync(path.join(dir, "assets", "app.0123abcd.js"), "void 0;");
        fs.writeFileSync(path.join(dir, "docs", "index.html"), "<p>docs</p>");
        fs.writeFileSync(path.join(dir, ".env"), "SECRET=1");
        fs.writeFileSync(path.join(dir, "config.json"), '{"apiUrl":"https://stale.example.com"}');
        fs.writeFileSync(path.join(path.dirname(dir), `${path.basename(dir)}-outside.txt`), "outside");
        server = createSiteServer(dir, () => config);
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(() => {
        server.close();
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(path.join(path.dirname(dir), `${path.basename(dir)}-outside.txt`), { force: true });
    });

    const get = async (route: string, init?: RequestInit) => {
        const response = await fetch(`${base}${route}`, init);
        return { status: response.status, type: response.headers.get("content-type"), cache: response.headers.get("cache-control"), body: await response.text() };
    };

    it("answers 503 for config.json until the API is listening, then serves it from memory over the file", async () => {
        config = undefined;
        assert.equal((await get("/config.json")).status, 503);
        config = '{"apiUrl":"http://127.0.0.1:1"}\n';
        assert.deepEqual(await get("/config.json"), { status: 200, type: "application/json; charset=utf-8", cache: "no-cache", body: config });
    });

    it("serves files with their type, never cached, and a directory's index.html", async () => {
        assert.deepEqual(await get("/assets/app.0123abcd.js"), { status: 200, type: "text/javascript; charset=utf-8", cache: "no-cache", body: "void 0;" });
        assert.equal((await get("/docs/")).body, "<p>docs</p>");
        assert.equal((await get("/")).body, "<p>home</p>");
    });

    it("answers client-side routes with index.html, but a missing asset with 404", async () => {
        assert.deepEqual(await get("/about"), { status: 200, type: "text/html; charset=utf-8", cache: "no-cache", body: "<p>home</p>" });
        assert.equal((await get("/assets/app.ffffffff.js")).status, 404);
    });

    it("serves no dotfile and nothing outside the directory", async () => {
        assert.equal((await get("/.env")).body, "<p>home</p>");
        assert.equal((await get(`/%2e%2e/${path.basename(dir)}-outside.txt`)).body, "<p>home</p>");
        assert.equal((await get(`/..%2f${path.basename(dir)}-outside.txt`)).body, "<p>home</p>");
    });

    it("answers only GET and HEAD", async () => {
        const posted = await get("/", { method: "POST" });
        assert.equal(posted.status, 405);
        const head = await fetch(`${base}/`, { method: "HEAD" });
        assert.equal(head.status, 200);
        assert.equal(head.headers.get("content-length"), String("<p>home</p>".length));
    });
});

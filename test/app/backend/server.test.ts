import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

import { createServer, handle, shutdown } from "../../../app/backend/server";

const FRONTEND = "https://app.example.com";
const SERVER_JS = path.join(__dirname, "../../../app/backend/server.js");

const SECRETS = {
    DB_HOST: "db.internal.example",
    DB_PORT: "6543",
    DB_NAME: "shoestring_db",
    DB_USER: "app_user_x",
    DB_SECRET_ARN: "arn:aws:secretsmanager:us-west-2:123456789012:secret:rds!db-1-AbCdEf",
};

interface RawResponse {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
}

/** One request over a fresh connection (no keep-alive, so close() is prompt). */
function request(port: number, method: string, urlPath: string, headers: http.OutgoingHttpHeaders = {}): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method, path: urlPath, headers, agent: false }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (body += chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on("error", reject);
        req.end();
    });
}

describe("app/backend/server", () => {
    describe("handle", () => {
        const env = { FRONTEND_URL: FRONTEND };

        it("answers the health check with the fixed JSON body", async () => {
            const res = await handle("GET", "/api/health-check", {}, env);
            assert.equal(res.status, 200);
            assert.match(res.headers["Content-Type"] ?? "", /^application\/json/);
            assert.deepEqual(JSON.parse(res.body), { success: true, ver: 1 });
        });

        it("ignores the query string and accepts HEAD", async () => {
            assert.equal((await handle("GET", "/api/health-check?probe=1", {}, env)).status, 200);
            assert.equal((await handle("HEAD", "/api/health-check", {}, env)).status, 200);
        });

        it("answers the health check with an empty environment", async () => {
            const res = await handle("GET", "/api/health-check", {}, {});
            assert.equal(res.status, 200);
            assert.equal(res.headers["Access-Control-Allow-Origin"], undefined);
        });

        it("echoes the Origin only when it is the configured frontend", async () => {
            const allowed = await handle("GET", "/api/health-check", { origin: FRONTEND }, env);
            assert.equal(allowed.headers["Access-Control-Allow-Origin"], FRONTEND);
            assert.equal(allowed.headers["Vary"], "Origin");

            for (const origin of ["https://evil.example.com", "http://app.example.com", "https://app.example.com:8443", "null"]) {
                const res = await handle("GET", "/api/health-check", { origin }, env);
                assert.equal(res.headers["Access-Control-Allow-Origin"], undefined, origin);
            }
            assert.equal((await handle("GET", "/api/health-check", {}, env)).headers["Access-Control-Allow-Origin"], undefined);
        });

        it("matches FRONTEND_URL by origin, tolerating a trailing slash", async () => {
            const res = await handle("GET", "/api/health-check", { origin: FRONTEND }, { FRONTEND_URL: `${FRONTEND}/` });
            assert.equal(res.headers["Access-Control-Allow-Origin"], FRONTEND);
        });

        it("never allows an origin when FRONTEND_URL is unset or not http(s)", async () => {
            for (const frontendUrl of [undefined, "", "not a url", "file:///tmp/x"]) {
                for (const origin of [FRONTEND, "null", "*"]) {
                    const res = await handle("GET", "/api/health-check", { origin }, { FRONTEND_URL: frontendUrl });
                    assert.equal(res.headers["Access-Control-Allow-Origin"], undefined, `${frontendUrl} / ${origin}`);
                }
            }
        });

        it("answers a preflight from the frontend with 204 and CORS headers", async () => {
            const res = await handle("OPTIONS", "/api/health-check", { origin: FRONTEND, "access-control-request-method": "GET" }, env);
            assert.equal(res.status, 204);
            assert.equal(res.body, "");
            assert.equal(res.headers["Access-Control-Allow-Origin"], FRONTEND);
            assert.match(res.headers["Access-Control-Allow-Methods"] ?? "", /\bGET\b/);
            assert.match(res.headers["Access-Control-Allow-Headers"] ?? "", /Content-Type/);
        });

        it("answers a preflight from another origin without CORS headers", async () => {
            const res = await handle("OPTIONS", "/anything", { origin: "https://evil.example.com" }, env);
            assert.equal(res.status, 204);
            const corsHeaders = Object.keys(res.headers).filter((name) => name.startsWith("Access-Control-"));
            assert.deepEqual(corsHeaders, []);
        });

        it("returns JSON 404 for unknown paths, with CORS for the frontend", async () => {
            for (const target of ["/", "/api", "/api/health-check/extra", "/API/HEALTH-CHECK"]) {
                const res = await handle("GET", target, { origin: FRONTEND }, env);
                assert.equal(res.status, 404, target);
                assert.deepEqual(JSON.parse(res.body), { success: false, error: "Not Found" });
                assert.equal(res.headers["Access-Control-Allow-Origin"], FRONTEND);
            }
        });

        it("returns 405 with Allow for other methods on the health check", async () => {
            const res = await handle("POST", "/api/health-check", {}, env);
            assert.equal(res.status, 405);
            assert.match(res.headers["Allow"] ?? "", /\bGET\b/);
            assert.equal(JSON.parse(res.body).success, false);
        });

        it("never puts database or table settings in a response", async () => {
            const secretEnv = { ...env, ...SECRETS, TABLE_NAME: "shoestring-items-t4bl3" };
            const secretValues = Object.values(SECRETS).concat(secretEnv.TABLE_NAME);
            for (const [method, target] of [
                ["GET", "/api/health-check"],
                ["HEAD", "/api/health-check"],
                ["OPTIONS", "/api/health-check"],
                ["POST", "/api/health-check"],
                ["GET", "/api/config"],
                ["GET", "/missing"],
            ] as const) {
                const res = await handle(method, target, { origin: FRONTEND }, secretEnv);
                const serialized = JSON.stringify(res);
                for (const secret of secretValues) {
                    assert.ok(!serialized.includes(secret), `${method} ${target} leaks ${secret}`);
                }
            }
        });
    });

    describe("createServer", () => {
        let server: http.Server;
        let port: number;

        before(async () => {
            server = createServer({ env: { FRONTEND_URL: FRONTEND, ...SECRETS } });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            port = (server.address() as AddressInfo).port;
        });

        after(async () => {
            if (server.listening) await shutdown(server, 1000);
            assert.equal(server.listening, false);
        });

        it("serves the health check over a real socket", async () => {
            const res = await request(port, "GET", "/api/health-check", { Origin: FRONTEND });
            assert.equal(res.status, 200);
            assert.deepEqual(JSON.parse(res.body), { success: true, ver: 1 });
            assert.equal(res.headers["access-control-allow-origin"], FRONTEND);
            assert.equal(res.headers["content-length"], String(Buffer.byteLength(res.body)));
        });

        it("sends no body for HEAD and 404 for unknown paths", async () => {
            const head = await request(port, "HEAD", "/api/health-check");
            assert.equal(head.status, 200);
            assert.equal(head.body, "");
            const missing = await request(port, "GET", "/nope", { Origin: "https://evil.example.com" });
            assert.equal(missing.status, 404);
            assert.equal(missing.headers["access-control-allow-origin"], undefined);
        });

        it("shuts down and stops listening", async () => {
            const drained = await shutdown(server, 1000);
            assert.equal(drained, true);
            assert.equal(server.listening, false);
            await assert.rejects(request(port, "GET", "/api/health-check"), /ECONNREFUSED/);
        });
    });

    describe("as a process", () => {
        it("listens on PORT and exits cleanly on SIGTERM", async function () {
            this.timeout(15_000);
            const child = spawn(process.execPath, [SERVER_JS], {
                env: { PATH: process.env.PATH, PORT: "0", FRONTEND_URL: FRONTEND, ...SECRETS },
                stdio: ["ignore", "pipe", "pipe"],
            });
            let stdout = "";
            child.stdout.setEncoding("utf8");
            const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
            try {
                const port = await new Promise<number>((resolve, reject) => {
                    child.stdout.on("data", (chunk: string) => {
                        stdout += chunk;
                        const match = /listening on port (\d+)/.exec(stdout);
                        if (match) resolve(Number(match[1]));
                    });
                    child.on("exit", (code) => reject(new Error(`server exited early (${code}): ${stdout}`)));
                });
                const res = await request(port, "GET", "/api/health-check");
                assert.equal(res.status, 200);

                child.kill("SIGTERM");
                assert.equal(await exited, 0);
                assert.match(stdout, /SIGTERM received/);
                assert.match(stdout, /shutdown complete/);
                for (const secret of Object.values(SECRETS)) {
                    assert.ok(!stdout.includes(secret), `log leaks ${secret}`);
                }
            } finally {
                if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
            }
        });

        /** Runs server.js until it exits on its own (or is killed after 10 s). */
        async function runToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
            const child = spawn(process.execPath, [SERVER_JS], { env: { PATH: process.env.PATH, PORT: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
            child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
            const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
            const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
            clearTimeout(timer);
            return { code, stdout, stderr };
        }

        it("fails at start, in one line and before listening, when SECRETS_FROM cannot be used", async function () {
            this.timeout(15_000);
            const arn = "arn:aws:ssm:us-west-2:123456789012:parameter/hush-hush";
            for (const [env, line] of [
                [{ SECRETS_FROM: `{"API_TOKEN":"${arn}"` }, "backend failed to start: SECRETS_FROM is not valid JSON"],
                [{ API_TOKEN: "by-hand", SECRETS_FROM: JSON.stringify({ API_TOKEN: arn }) }, "backend failed to start: SECRETS_FROM: API_TOKEN is already set in the environment"],
            ] as const) {
                const { code, stdout, stderr } = await runToExit(env);
                assert.equal(code, 1, stderr);
                assert.equal(stderr, `${line}\n`);
                assert.doesNotMatch(stdout, /listening/);
                assert.ok(!`${stdout}${stderr}`.includes("hush-hush"), "the ARN is not printed");
            }
        });

        it("reads SECRETS_FROM before it listens, in the ARN's Region, and logs only the names", async function () {
            this.timeout(15_000);
            const value = "tok-from-fake-ssm-not-for-logs";
            const arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/own-app/api-token";
            // A stand-in for SSM's JSON API; AWS_ENDPOINT_URL_SSM sends the SDK here.
            const requests: { target: string; scope: string; body: unknown }[] = [];
            const fake = http.createServer((req, res) => {
                let body = "";
                req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
                req.on("end", () => {
                    requests.push({ target: String(req.headers["x-amz-target"]), scope: /Credential=[^/]+\/\d+\/([^/]+\/[^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? "", body: JSON.parse(body) });
                    res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1" });
                    res.end(JSON.stringify({ Parameter: { Name: "/own-app/api-token", Type: "SecureString", Value: value, Version: 1 } }));
                });
            });
            await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
            const child = spawn(process.execPath, [SERVER_JS], {
                env: {
                    PATH: process.env.PATH,
                    PORT: "0",
                    AWS_REGION: "us-west-2",
                    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
                    AWS_SECRET_ACCESS_KEY: "not-a-real-key",
                    AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
                    SECRETS_FROM: JSON.stringify({ API_TOKEN: arn }),
                },
                stdio: ["ignore", "pipe", "pipe"],
            });
            let output = "";
            child.stdout.setEncoding("utf8");
            child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
            try {
                const port = await new Promise<number>((resolve, reject) => {
                    child.stdout.on("data", (chunk: string) => {
                        output += chunk;
                        const match = /listening on port (\d+)/.exec(output);
                        if (match) resolve(Number(match[1]));
                    });
                    child.on("exit", (code) => reject(new Error(`server exited early (${code}): ${output}`)));
                });
                assert.deepEqual(requests, [{ target: "AmazonSSM.GetParameter", scope: "eu-west-1/ssm", body: { Name: arn, WithDecryption: true } }]);
                assert.match(output, /^SECRETS_FROM: set API_TOKEN$/m);
                assert.ok(output.indexOf("SECRETS_FROM: set") < output.indexOf("listening on port"));
                assert.ok(!output.includes(value), "the value is not logged");
                assert.equal((await request(port, "GET", "/api/health-check")).status, 200);
            } finally {
                if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
                await new Promise((resolve) => fake.close(resolve));
            }
        });

        it("fails at start in one line when a setting is malformed", async function () {
            this.timeout(15_000);
            const { code, stdout, stderr } = await runToExit({ PORT: "99999" });
            assert.equal(code, 1, stderr);
            assert.equal(stderr, 'backend failed to start: PORT must be a port number (0-65535), got "99999"\n');
            assert.doesNotMatch(stdout, /listening/);
        });
    });
});

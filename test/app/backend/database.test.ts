import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";

import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { Client } from "pg";

import { classify, createDatabase, SCHEMA, type Database } from "../../../app/backend/database";
import { createServices, handle } from "../../../app/backend/server";
import { readSettings } from "../../../app/backend/settings";
import { startPostgres, type PostgresServer } from "./postgres";

const SECRET_ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:rds!db-test-AbCdEf";
const APP_ROLE = "app_user";
const APP_DB = "shoestring";
const PASSWORD_A = "password-A-0123456789";
const PASSWORD_B = "password-B-9876543210";

const secrets = mockClient(SecretsManagerClient);
const secretReads = (): number => secrets.commandCalls(GetSecretValueCommand).length;
const secretSays = (password: string): void => {
    secrets.reset();
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: JSON.stringify({ username: APP_ROLE, password }) });
};

/** A port where nothing listens. */
function closedPort(): Promise<number> {
    return new Promise((resolve) => {
        const server = net.createServer().listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("app/backend/database against a real PostgreSQL (TLS required)", () => {
    let pg: PostgresServer;
    const opened: Database[] = [];

    /** The env the program sets for the secret path, against the test server. */
    const secretEnv = (): NodeJS.ProcessEnv => ({ DB_HOST: pg.host, DB_PORT: String(pg.port), DB_NAME: APP_DB, DB_AUTH: "secret", DB_SECRET_ARN: SECRET_ARN, DB_TLS_CA_FILE: pg.caFile, AWS_REGION: "us-west-2" });
    const open = (env: NodeJS.ProcessEnv, options: Parameters<typeof createDatabase>[1] = {}): Database => {
        const settings = readSettings(env).database;
        assert.ok(settings);
        const database = createDatabase(settings, { region: "us-west-2", ...options });
        opened.push(database);
        return database;
    };

    before(async () => {
        pg = await startPostgres();
        await pg.sql(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${PASSWORD_A}'`);
        await pg.sql(`CREATE DATABASE ${APP_DB} OWNER ${APP_ROLE}`);
    });

    beforeEach(() => secretSays(PASSWORD_A));

    afterEach(async () => {
        await Promise.all(opened.splice(0).map((database) => database.close()));
    });

    after(async () => {
        secrets.restore();
        await pg?.stop();
    });

    describe("TLS", () => {
        it("refuses a plain-text connection", async () => {
            const client = new Client({ host: pg.host, port: pg.port, user: APP_ROLE, password: PASSWORD_A, database: APP_DB, ssl: false });
            await assert.rejects(client.connect(), /pg_hba\.conf rejects connection .*no encryption/);
        });

        it("fails verification without the server's CA, or with another CA", async () => {
            const client = new Client({ host: pg.host, port: pg.port, user: APP_ROLE, password: PASSWORD_A, database: APP_DB, ssl: { rejectUnauthorized: true } });
            await assert.rejects(client.connect(), (error: NodeJS.ErrnoException) => /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(error.code ?? ""));
            assert.equal(await open({ ...secretEnv(), DB_TLS_CA_FILE: pg.otherCaFile }).check(), "error");
        });

        it("connects with the CA, over TLS", async () => {
            const database = open(secretEnv());
            assert.equal(await database.check(), "ok");
            const rows = await pg.sql("SELECT ssl FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE usename = $1", [APP_ROLE]);
            assert.ok(rows.length > 0, "the pool keeps a connection open");
            assert.ok(rows.every((row) => row.ssl === true));
        });
    });

    describe("data", () => {
        it("writes a visit and reads it back, newest first, with the username from the secret", async () => {
            const database = open(secretEnv());
            const older = { id: "00000000-0000-4000-8000-000000000001", at: "2026-01-01T00:00:00.000Z", runtime: "ecs" };
            const newer = { id: "00000000-0000-4000-8000-000000000002", at: "2026-01-02T00:00:00.000Z", runtime: "lambda" };
            await database.addVisit(older);
            await database.addVisit(newer);
            const visits = await database.listVisits(10);
            assert.deepEqual(visits.slice(0, 2), [newer, older]);
            assert.deepEqual(await database.listVisits(1), [newer]);
            const rows = await pg.sql("SELECT usename FROM pg_stat_activity WHERE datname = $1", [APP_DB]);
            assert.ok(rows.some((row) => row.usename === APP_ROLE));
        });

        it("serves POST and GET /api/visits through handle", async () => {
            const env = secretEnv();
            const services = createServices(env, { database: open(env), table: undefined, newId: () => "00000000-0000-4000-8000-0000000000aa", now: () => new Date("2027-05-05T05:05:05.000Z"), runtime: "ecs" });
            const created = await handle("POST", "/api/visits", {}, env, services);
            assert.equal(created.status, 201);
            assert.deepEqual(JSON.parse(created.body), { success: true, visit: { id: "00000000-0000-4000-8000-0000000000aa", at: "2027-05-05T05:05:05.000Z", runtime: "ecs" }, database: "ok", table: "none" });
            const listed = await handle("GET", "/api/visits", {}, env, services);
            assert.equal(listed.status, 200);
            const body = JSON.parse(listed.body);
            assert.equal(body.database.status, "ok");
            assert.deepEqual(body.database.visits[0], { id: "00000000-0000-4000-8000-0000000000aa", at: "2027-05-05T05:05:05.000Z", runtime: "ecs" });
            assert.deepEqual(body.table, { status: "none" });
        });

        it("creates the schema lazily, once, even under concurrent first requests", async () => {
            const app = new Client({ host: pg.host, port: pg.port, user: APP_ROLE, password: PASSWORD_A, database: APP_DB, ssl: { ca: fs.readFileSync(pg.caFile, "utf8") } });
            await app.connect();
            try {
                await app.query("DROP TABLE IF EXISTS visits");
                const statements: string[] = [];
                const database = open(secretEnv(), { observe: (sql) => statements.push(sql) });
                assert.deepEqual(statements, [], "nothing is sent before the first use");
                assert.equal((await app.query("SELECT to_regclass('public.visits') AS t")).rows[0].t, null);

                const visit = { id: "00000000-0000-4000-8000-000000000003", at: "2026-02-02T00:00:00.000Z", runtime: "local" };
                await Promise.all([database.check(), database.addVisit(visit), database.listVisits(5), database.check()]);
                await database.listVisits(5);

                assert.deepEqual(statements.filter((sql) => /^CREATE\b/.test(sql)), SCHEMA);
                assert.equal(SCHEMA.length, 1);
                assert.equal((await app.query("SELECT to_regclass('public.visits') AS t")).rows[0].t, "visits");
                for (const statement of SCHEMA) assert.match(statement, /^CREATE TABLE IF NOT EXISTS /, "safe to run again from another process");
            } finally {
                await app.end();
            }
        });
    });

    describe("readiness", () => {
        it("reports ok for a reachable database, none for a missing table, with 200", async () => {
            const env = secretEnv();
            const res = await handle("GET", "/api/ready", {}, env, createServices(env, { database: open(env), table: undefined }));
            assert.equal(res.status, 200);
            assert.deepEqual(JSON.parse(res.body), { success: true, database: "ok", table: "none" });
            assert.equal(res.headers["Retry-After"], undefined);
        });

        it("reports error, with 503 and Retry-After, when the password is wrong", async () => {
            secretSays("not-the-password");
            const env = secretEnv();
            const res = await handle("GET", "/api/ready", {}, env, createServices(env, { database: open(env), table: undefined }));
            assert.equal(res.status, 503);
            assert.deepEqual(JSON.parse(res.body), { success: false, database: "error", table: "none" });
            assert.equal(res.headers["Retry-After"], "5");
        });

        it("reports none for both when nothing is configured", async () => {
            const res = await handle("GET", "/api/ready", {}, {}, createServices({}));
            assert.equal(res.status, 200);
            assert.deepEqual(JSON.parse(res.body), { success: true, database: "none", table: "none" });
        });
    });

    describe("secret rotation", () => {
        afterEach(async () => {
            await pg.sql(`ALTER ROLE ${APP_ROLE} PASSWORD '${PASSWORD_A}'`);
        });

        it("reads the secret once, then re-reads it exactly once after the password changed", async () => {
            const database = open(secretEnv());
            await database.addVisit({ id: "00000000-0000-4000-8000-000000000010", at: "2026-03-01T00:00:00.000Z", runtime: "ecs" });
            await database.listVisits(1);
            assert.equal(secretReads(), 1, "cached between requests");

            // Rotation: the role gets password B, the secret says B, and the open
            // connections go (as they do when the database restarts or pauses).
            await pg.sql(`ALTER ROLE ${APP_ROLE} PASSWORD '${PASSWORD_B}'`);
            secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: JSON.stringify({ username: APP_ROLE, password: PASSWORD_B }) });
            await pg.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [APP_ROLE]);
            await sleep(200);

            const visits = await database.listVisits(10);
            assert.ok(visits.some((visit) => visit.id === "00000000-0000-4000-8000-000000000010"));
            assert.equal(secretReads(), 2, "one re-read after the authentication failure");
            assert.equal(await database.check(), "ok");
            assert.equal(secretReads(), 2);
        });

        it("retries only once: a secret that is still wrong is an error, and the next request reads it again", async () => {
            const database = open(secretEnv());
            await pg.sql(`ALTER ROLE ${APP_ROLE} PASSWORD '${PASSWORD_B}'`);
            assert.equal(await database.check(), "error");
            assert.equal(secretReads(), 2, "the first read and one re-read");
            secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: JSON.stringify({ username: APP_ROLE, password: PASSWORD_B }) });
            assert.equal(await database.check(), "ok");
            assert.equal(secretReads(), 3, "the cached password fails once more, and one re-read gets the new one");
        });
    });

    describe("Aurora DSQL path", () => {
        const TOKEN = "dsql-token-example";
        before(async () => {
            // DSQL's admin may create tables; here the postgres database's public schema needs a grant.
            await pg.sql(`CREATE ROLE admin LOGIN PASSWORD '${TOKEN}'`);
            await pg.sql("GRANT CREATE ON SCHEMA public TO admin");
        });

        it("connects as admin to postgres with a fresh token for every new connection, and never reads a secret", async () => {
            let tokens = 0;
            const signer = {
                async getDbConnectAdminAuthToken() {
                    tokens += 1;
                    return TOKEN;
                },
            };
            const env = { DB_HOST: pg.host, DB_PORT: String(pg.port), DB_AUTH: "dsql", DB_USER: "ignored", DB_TLS_CA_FILE: pg.caFile };
            const database = open(env, { signer });
            assert.equal(tokens, 0, "no token before the first connection");
            assert.equal(await database.check(), "ok");
            assert.equal(tokens, 1);
            assert.equal(await database.check(), "ok");
            assert.equal(tokens, 1, "a pooled connection needs no new token");

            const rows = await pg.sql("SELECT usename, datname, ssl FROM pg_stat_activity JOIN pg_stat_ssl USING (pid) WHERE usename = 'admin'");
            assert.deepEqual(rows.map((r) => [r.usename, r.datname, r.ssl]), [["admin", "postgres", true]]);

            await pg.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'admin'");
            await sleep(200);
            assert.equal(await database.check(), "ok");
            assert.equal(tokens, 2, "a new connection, a new token");
            assert.equal(secretReads(), 0);
        });
    });

    describe("waking", () => {
        it("reports a refused connection as waking, and the data endpoints answer 503 with Retry-After", async () => {
            const env = { ...secretEnv(), DB_PORT: String(await closedPort()) };
            const services = createServices(env, { database: open(env), table: undefined });
            const ready = await handle("GET", "/api/ready", {}, env, services);
            assert.equal(ready.status, 503);
            assert.equal(ready.headers["Retry-After"], "5");
            assert.deepEqual(JSON.parse(ready.body), { success: false, database: "waking", table: "none" });
            for (const method of ["POST", "GET"]) {
                const res = await handle(method, "/api/visits", {}, env, services);
                assert.equal(res.status, 503, method);
                assert.equal(res.headers["Retry-After"], "5", method);
                assert.equal(JSON.parse(res.body).database, "waking", method);
            }
            assert.equal(await handle("GET", "/api/health-check", {}, env, services).then((r) => r.status), 200, "the health check does not depend on it");
        });

        it("reports a server that accepts but does not answer (a resuming Aurora) as waking, within the connection timeout", async () => {
            const sockets: net.Socket[] = [];
            const silent = net.createServer((socket) => sockets.push(socket));
            await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
            try {
                const env = { ...secretEnv(), DB_PORT: String((silent.address() as net.AddressInfo).port) };
                const started = Date.now();
                assert.equal(await open(env, { connectionTimeoutMillis: 300 }).check(), "waking");
                assert.ok(Date.now() - started < 5000);
            } finally {
                for (const socket of sockets) socket.destroy();
                silent.close();
            }
        });

        it("classifies errors: connection failures and cannot_connect_now wake, others are errors", () => {
            const err = (code: string, message = "x") => Object.assign(new Error(message), { code });
            assert.equal(classify(err("ECONNREFUSED")), "waking");
            assert.equal(classify(err("ETIMEDOUT")), "waking");
            assert.equal(classify(err("57P03", "the database system is starting up")), "waking");
            assert.equal(classify(err("08006")), "waking");
            assert.equal(classify(new Error("timeout expired")), "waking");
            assert.equal(classify(err("28P01", "password authentication failed")), "error");
            assert.equal(classify(err("42P01", "relation does not exist")), "error");
            assert.equal(classify(new Error("the database secret has no password")), "error");
        });
    });
});

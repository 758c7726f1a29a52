/**
 * A real PostgreSQL server for the backend's tests, in a temporary directory
 * on a free port, that only accepts TLS: a CA and a server certificate (for
 * 127.0.0.1 and localhost) made with openssl, ssl=on, and a pg_hba.conf
 * whose only accepting lines are hostssl with scram-sha-256 (plain TCP is
 * rejected, and there is no Unix socket). PostgreSQL refuses to run as root,
 * so as root the server runs as the postgres user, which owns the directory.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "pg";

const INSTALL_HINT = "PostgreSQL is not installed: the backend's database tests need initdb and pg_ctl. Install it with `apt-get install postgresql` (Debian/Ubuntu), or set PG_BIN to the directory that holds initdb.";
const START_TIMEOUT_S = 30;

export interface PostgresServer {
    host: string;
    port: number;
    /** The CA that signed the server certificate (PEM file). */
    caFile: string;
    /** Another CA, which did not sign it. */
    otherCaFile: string;
    superuser: { user: string; password: string };
    /** A superuser connection over verified TLS. */
    admin(): Promise<Client>;
    /** Runs one statement as the superuser. */
    sql(statement: string, values?: unknown[]): Promise<Array<Record<string, unknown>>>;
    stop(): Promise<void>;
}

/** The directory with initdb: PG_BIN, the newest /usr/lib/postgresql/<n>/bin, or PATH. */
export function findPostgresBin(): string | undefined {
    const candidates: string[] = [];
    if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
    const debian = "/usr/lib/postgresql";
    if (fs.existsSync(debian)) {
        for (const version of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, version, "bin"));
    }
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(dir);
    return candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl")));
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

function openssl(cwd: string, args: string[]): void {
    const result = spawnSync("openssl", args, { cwd, encoding: "utf8" });
    if (result.error || result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.error?.message ?? result.stderr}`);
}

/** A CA (ca.pem), a server certificate it signed (server.pem, server.key) and an unrelated CA (other-ca.pem). */
function makeCertificates(dir: string): void {
    const days = ["-days", "2"];
    openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=shoestring test CA", ...days]);
    openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem", "-subj", "/CN=unrelated test CA", ...days]);
    openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
    fs.writeFileSync(path.join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
    openssl(dir, ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-extfile", "server.ext", ...days]);
}

/**
 * Starts the server. Throws one clear line when PostgreSQL is missing, and
 * the server's log when it does not start within 30 seconds.
 */
export async function startPostgres(): Promise<PostgresServer> {
    const bin = findPostgresBin();
    if (bin === undefined) throw new Error(INSTALL_HINT);

    const asRoot = process.getuid?.() === 0;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shoestring-pg-"));
    const data = path.join(dir, "data");
    const log = path.join(dir, "server.log");
    const password = `test-${Math.random().toString(36).slice(2)}`;
    const port = await freePort();

    /** Runs a PostgreSQL program as the server's user: postgres when we are root. */
    const pgRun = (program: string, args: string[], timeoutMs: number): void => {
        const command = path.join(bin, program);
        const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
        const result = spawnSync(file, argv, { cwd: dir, encoding: "utf8", timeout: timeoutMs, env: { ...process.env, LC_ALL: "C" } });
        if (result.error || result.status !== 0) {
            const serverLog = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").slice(-20).join("\n") : "";
            const why = result.error ? result.error.message : `exit ${result.status}`;
            throw new Error(`${program} failed (${why}) in ${dir}:\n${result.stderr ?? ""}${result.stdout ?? ""}${serverLog}`);
        }
    };

    try {
        makeCertificates(dir);
        fs.writeFileSync(path.join(dir, "pwfile"), `${password}\n`);
        if (asRoot) {
            const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
            const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
            for (const entry of [dir, ...fs.readdirSync(dir).map((name) => path.join(dir, name))]) fs.chownSync(entry, uid, gid);
        }
        // PostgreSQL refuses a key that others can read.
        fs.chmodSync(path.join(dir, "server.key"), 0o600);

        pgRun("initdb", ["-D", data, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${path.join(dir, "pwfile")}`, "--no-locale", "-E", "UTF8"], 60_000);
        fs.appendFileSync(
            path.join(data, "postgresql.conf"),
            [
                `port = ${port}`,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "ssl = on",
                `ssl_cert_file = '${path.join(dir, "server.pem")}'`,
                `ssl_key_file = '${path.join(dir, "server.key")}'`,
                "password_encryption = 'scram-sha-256'",
                "fsync = off",
                "",
            ].join("\n"),
        );
        fs.writeFileSync(
            path.join(data, "pg_hba.conf"),
            ["# TLS only: plain TCP is rejected outright.", "hostnossl all all 0.0.0.0/0 reject", "hostnossl all all ::/0 reject", "hostssl all all 127.0.0.1/32 scram-sha-256", "hostssl all all ::1/128 scram-sha-256", ""].join("\n"),
        );
        pgRun("pg_ctl", ["-D", data, "-l", log, "-w", "-t", String(START_TIMEOUT_S), "start"], (START_TIMEOUT_S + 10) * 1000);
    } catch (error) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw error;
    }

    const caFile = path.join(dir, "ca.pem");
    const superuser = { user: "postgres", password };
    const admin = async (): Promise<Client> => {
        const client = new Client({ host: "127.0.0.1", port, user: superuser.user, password, database: "postgres", ssl: { ca: fs.readFileSync(caFile, "utf8"), rejectUnauthorized: true } });
        await client.connect();
        return client;
    };
    return {
        host: "127.0.0.1",
        port,
        caFile,
        otherCaFile: path.join(dir, "other-ca.pem"),
        superuser,
        admin,
        async sql(statement, values) {
            const client = await admin();
            try {
                return (await client.query(statement, values)).rows;
            } finally {
                await client.end();
            }
        },
        async stop() {
            try {
                pgRun("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "20", "stop"], 30_000);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        },
    };
}

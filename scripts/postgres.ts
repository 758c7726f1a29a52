/**
 * A throwaway PostgreSQL server, for the backend's tests and for `npm run dev`:
 * a new cluster in a temporary directory on a free port, that only accepts
 * TLS: a CA and a server certificate (for 127.0.0.1 and localhost) made with
 * openssl, ssl=on, and a pg_hba.conf whose only accepting lines are hostssl
 * with scram-sha-256 (plain TCP is rejected, and there is no Unix socket).
 * PostgreSQL refuses to run as root, so as root the server runs as the
 * postgres user, which owns the directory. Stopping it deletes the directory.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "pg";

export const INSTALL_HINT =
    "PostgreSQL is not installed (no initdb and pg_ctl found): install it with `sudo apt-get install postgresql` (Debian/Ubuntu) or `brew install postgresql@16` (macOS), or set PG_BIN to the directory that holds initdb.";
const START_TIMEOUT_S = 30;

/** Thrown when no initdb and pg_ctl are found; its message is INSTALL_HINT. */
export class PostgresNotInstalled extends Error {
    constructor() {
        super(INSTALL_HINT);
        this.name = "PostgresNotInstalled";
    }
}

export interface PostgresServer {
    host: string;
    port: number;
    /** What pg_ctl --version says, e.g. "PostgreSQL 15.14". */
    version: string;
    /** The temporary directory: data, log, certificates. Gone once stopped. */
    dir: string;
    /** The server's log file (inside dir). */
    log: string;
    /** The CA that signed the server certificate (PEM file). */
    caFile: string;
    superuser: { user: string; password: string };
    /** A superuser connection over verified TLS. */
    admin(): Promise<Client>;
    /** Runs one statement as the superuser. */
    sql(statement: string, values?: unknown[]): Promise<Array<Record<string, unknown>>>;
    /** Stops the server and deletes its directory; a second call does nothing. */
    stop(): Promise<void>;
    /** The same, synchronously (for a process "exit" handler). */
    stopSync(): void;
}

export interface PostgresOptions {
    /** Prefix of the temporary directory's name (default "shoestring-pg-"). */
    prefix?: string;
    /** Days the certificates are valid (default 2). */
    certificateDays?: number;
}

/**
 * The directory with initdb and pg_ctl: PG_BIN when it is set (and then
 * nothing else), else the newest /usr/lib/postgresql/<n>/bin (Debian,
 * Ubuntu), the newest Homebrew postgresql@<n> (keg-only, so not on PATH), or
 * PATH.
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const holdsServer = (dir: string) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"));
    if (env.PG_BIN) return holdsServer(env.PG_BIN) ? env.PG_BIN : undefined;
    const candidates: string[] = [];
    const newestFirst = (names: string[], version: (name: string) => number) => names.filter((name) => !Number.isNaN(version(name))).sort((a, b) => version(b) - version(a));
    const debian = "/usr/lib/postgresql";
    if (fs.existsSync(debian)) {
        for (const name of newestFirst(fs.readdirSync(debian), Number)) candidates.push(path.join(debian, name, "bin"));
    }
    for (const brew of ["/opt/homebrew/opt", "/usr/local/opt"]) {
        if (!fs.existsSync(brew)) continue;
        const kegs = fs.readdirSync(brew).filter((name) => name.startsWith("postgresql@"));
        for (const name of newestFirst(kegs, (keg) => Number(keg.slice("postgresql@".length)))) candidates.push(path.join(brew, name, "bin"));
    }
    for (const dir of (env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(dir);
    return candidates.find(holdsServer);
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

export function openssl(cwd: string, args: string[]): void {
    const result = spawnSync("openssl", args, { cwd, encoding: "utf8" });
    if (result.error || result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.error?.message ?? result.stderr}`);
}

/** A CA (ca.pem) and a server certificate it signed (server.pem, server.key). */
function makeCertificates(dir: string, validDays: number): void {
    const days = ["-days", String(validDays)];
    openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=shoestring local CA", ...days]);
    openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
    fs.writeFileSync(path.join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
    openssl(dir, ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-extfile", "server.ext", ...days]);
}

/**
 * Starts the server. Throws PostgresNotInstalled when PostgreSQL is missing,
 * and the server's log when it does not start within 30 seconds.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
    const bin = findPostgresBin();
    if (bin === undefined) throw new PostgresNotInstalled();

    const asRoot = process.getuid?.() === 0;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix ?? "shoestring-pg-"));
    const data = path.join(dir, "data");
    const log = path.join(dir, "server.log");
    const password = `pg-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
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

    const reported = /\(PostgreSQL\)\s*(\S+)/.exec(spawnSync(path.join(bin, "pg_ctl"), ["--version"], { encoding: "utf8", timeout: 10_000 }).stdout ?? "")?.[1];
    const version = reported ? `PostgreSQL ${reported}` : "PostgreSQL";
    try {
        makeCertificates(dir, options.certificateDays ?? 2);
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
    let stopped = false;
    const stopSync = (): void => {
        if (stopped) return;
        stopped = true;
        try {
            pgRun("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "20", "stop"], 30_000);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    };
    return {
        host: "127.0.0.1",
        port,
        version,
        dir,
        log,
        caFile,
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
            stopSync();
        },
        stopSync,
    };
}

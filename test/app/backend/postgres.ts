/**
 * A real PostgreSQL server for the backend's tests: the throwaway, TLS-only
 * server of scripts/postgres.ts (the one `npm run dev` starts too), plus a
 * second CA that did not sign its certificate.
 */
import * as path from "node:path";

import { openssl, startPostgres as startServer, type PostgresServer as Server } from "../../../scripts/postgres";

export { findPostgresBin } from "../../../scripts/postgres";

export interface PostgresServer extends Server {
    /** Another CA, which did not sign the server certificate. */
    otherCaFile: string;
}

/**
 * Starts the server. Throws one clear line when PostgreSQL is missing, and
 * the server's log when it does not start within 30 seconds.
 */
export async function startPostgres(): Promise<PostgresServer> {
    const server = await startServer();
    try {
        openssl(server.dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem", "-subj", "/CN=unrelated test CA", "-days", "2"]);
    } catch (error) {
        await server.stop();
        throw error;
    }
    return { ...server, otherCaFile: path.join(server.dir, "other-ca.pem") };
}

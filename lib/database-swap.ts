/**
 * The guard against losing a database to a config change: a change of
 * `database.kind` on a deployed stack deletes the old database, so it is
 * refused, before any AWS resource is registered, unless the stack names
 * the deployed kind in `database.replaces`.
 *
 * What was deployed comes from the stack's own outputs of its last update
 * (`databaseKind`, `dataProtected`), which the program reads back.
 */
import { DatabaseKind, DATABASES } from "./axes";
import { ConfigError } from "./settings";

/** The outputs of the last update that the guard reads. */
export interface DeployedOutputs {
    databaseKind?: unknown;
    dataProtected?: unknown;
}

/** What the next update asks for. */
export interface DatabaseRequest {
    kind: DatabaseKind;
    /** `database.replaces`: the deployed kind the change may delete. */
    replaces?: string;
}

/** Throws a `ConfigError` when the change would delete a deployed database without consent; returns the kind it deletes, if any. */
export function checkDatabaseSwap(ns: string, deployed: DeployedOutputs, request: DatabaseRequest): DatabaseKind | undefined {
    const previous = deployed.databaseKind;
    if (typeof previous !== "string" || !(DATABASES as readonly string[]).includes(previous) || previous === request.kind || previous === "none") {
        return undefined;
    }
    const key = `${ns}:database.replaces`;
    if (request.replaces !== previous) {
        throw new ConfigError(
            key,
            `the stack's deployed database is "${previous}"; ${ns}:database.kind "${request.kind}" would delete it and its data. Set ${key} to "${previous}" to allow that${previous === "rds" ? " (RDS keeps a final snapshot)" : " (Aurora DSQL keeps no final snapshot: back it up first)"}, or set ${ns}:database.kind back to "${previous}"`,
        );
    }
    if (deployed.dataProtected === true) {
        throw new ConfigError(`${ns}:protectData`, `the deployed "${previous}" database is protected, and Pulumi deletes no protected resource; first run \`pulumi up\` with ${ns}:protectData false and ${ns}:database.kind "${previous}", then change the kind`);
    }
    return previous as DatabaseKind;
}

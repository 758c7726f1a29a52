/**
 * `database.kind: dsql`: an Aurora DSQL cluster. IAM authentication only:
 * the backend signs a short-lived token with its role for each connection,
 * so there is no password anywhere. Public endpoint over TLS: reachable
 * from Lambda outside a VPC and from tasks with a public IP, without NAT
 * gateways or interface endpoints.
 */
import { DsqlCluster } from "../../components/dsql-cluster";
import { DatabaseModule } from "../parts";

/** The port, database and role every Aurora DSQL cluster has. */
export const DSQL_CONNECTION = { port: 5432, database: "postgres", user: "admin" } as const;

export const dsql: DatabaseModule = {
    summary: "Aurora DSQL, IAM authentication",
    inVpc: false,
    build(settings) {
        const cluster = new DsqlCluster("dsql", { region: settings.region, protect: settings.protectData });
        return {
            kind: "dsql",
            variables: {
                DB_HOST: cluster.endpoint,
                DB_PORT: String(DSQL_CONNECTION.port),
                DB_NAME: DSQL_CONNECTION.database,
                DB_USER: DSQL_CONNECTION.user,
                DB_AUTH: "dsql",
            },
            // The admin role's token (dsql:DbConnectAdmin), on this cluster only.
            policyStatements: [{ Sid: "DatabaseConnect", Effect: "Allow", Action: ["dsql:DbConnectAdmin"], Resource: [cluster.arn] }],
            endpoint: cluster.endpoint,
        };
    },
};

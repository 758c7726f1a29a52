/**
 * The list of axis values: each value's name and its module. Adding a value
 * is one module file and one entry here (with its name in lib/axes.ts, which
 * the settings check and the type of this list ask for).
 */
import { ApiEntry, Compute, DatabaseKind, Frontend } from "../lib/axes";
import { alb } from "./api/alb";
import { apigateway } from "./api/apigateway";
import { ecs } from "./compute/ecs";
import { lambda } from "./compute/lambda";
import { dsql } from "./database/dsql";
import { none } from "./database/none";
import { rds } from "./database/rds";
import { container } from "./frontend/container";
import { staticSite } from "./frontend/static";
import { ApiEntryModule, ComputeModule, DatabaseModule, FrontendModule } from "./parts";

export const AXIS_VALUES: {
    api: Record<ApiEntry, ApiEntryModule>;
    frontend: Record<Frontend, FrontendModule>;
    compute: Record<Compute, ComputeModule>;
    database: Record<DatabaseKind, DatabaseModule>;
} = {
    api: { alb, apigateway },
    frontend: { container, static: staticSite },
    compute: { ecs, lambda },
    database: { rds, dsql, none },
};

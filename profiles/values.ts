/**
 * The list of axis values: each value's name and its module. Adding a value
 * is one module file and one entry here (with its name in lib/axes.ts, which
 * the settings check and the type of this list ask for).
 */
import { ApiEntry, Frontend } from "../lib/axes";
import { alb } from "./api/alb";
import { apigateway } from "./api/apigateway";
import { container } from "./frontend/container";
import { staticSite } from "./frontend/static";
import { ApiEntryModule, FrontendModule } from "./parts";

export const AXIS_VALUES: { api: Record<ApiEntry, ApiEntryModule>; frontend: Record<Frontend, FrontendModule> } = {
    api: { alb, apigateway },
    frontend: { container, static: staticSite },
};

/**
 * Architecture profiles: named presets of three independent axes.
 *
 * A stack picks a profile with one config line (`shoestring:profile`) and may
 * override any single axis (`shoestring:api`, `shoestring:frontend`,
 * `shoestring:capacity`, `shoestring:compute`, `shoestring:database.kind`).
 */

/** How requests reach the backend. */
export const API_ENTRIES = ["alb", "apigateway"] as const;
export type ApiEntry = (typeof API_ENTRIES)[number];

/** How the frontend is served. */
export const FRONTENDS = ["container", "static"] as const;
export type Frontend = (typeof FRONTENDS)[number];

/** Which Fargate capacity the services run on. */
export const CAPACITIES = ["fargate", "spot"] as const;
export type Capacity = (typeof CAPACITIES)[number];

/** Where the backend runs. */
export const COMPUTES = ["ecs", "lambda"] as const;
export type Compute = (typeof COMPUTES)[number];

/** Which database the backend gets. */
export const DATABASES = ["rds", "dsql", "none"] as const;
export type DatabaseKind = (typeof DATABASES)[number];
/** The database kinds that hold data (all but `none`). */
export const STATEFUL_DATABASES = ["rds", "dsql"] as const satisfies readonly DatabaseKind[];
export type StatefulDatabaseKind = (typeof STATEFUL_DATABASES)[number];

/** The axes a profile fixes. */
export interface Axes {
    /** `alb`: one Application Load Balancer; `apigateway`: an HTTP API with a VPC link to Cloud Map. */
    api: ApiEntry;
    /** `container`: nginx on Fargate behind the ALB; `static`: private S3 bucket behind CloudFront. */
    frontend: Frontend;
    /** `fargate`: on-demand; `spot`: Fargate Spot (about 70% cheaper, may be interrupted with 2 minutes' notice). */
    capacity: Capacity;
    /** `ecs`: an ECS service on Fargate (`capacity` applies); `lambda`: the same image on AWS Lambda, through the Lambda Web Adapter. */
    compute: Compute;
    /** `rds`: one RDS for PostgreSQL instance; `dsql`: an Aurora DSQL cluster (IAM only, nothing billed at idle but storage); `none`: only the DynamoDB table. */
    database: DatabaseKind;
}

export const PROFILES = {
    /** The by-the-book design: ALB + two Fargate containers, about $1.60/day in 2023 prices. */
    homework: { api: "alb", frontend: "container", capacity: "fargate", compute: "ecs", database: "rds" },
    /** The shoestring design: API Gateway + CloudFront/S3 + Fargate Spot, able to pause. */
    cheap: { api: "apigateway", frontend: "static", capacity: "spot", compute: "ecs", database: "rds" },
    /** Idle costs nothing: API Gateway + CloudFront/S3 + the backend on Lambda + Aurora DSQL. */
    serverless: { api: "apigateway", frontend: "static", capacity: "spot", compute: "lambda", database: "dsql" },
} as const satisfies Record<string, Axes>;

export type Profile = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as [Profile, ...Profile[]];

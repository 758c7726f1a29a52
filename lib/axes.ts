/**
 * Architecture profiles: named presets of three independent axes.
 *
 * A stack picks a profile with one config line (`shoestring:profile`) and may
 * override any single axis (`shoestring:api`, `shoestring:frontend`,
 * `shoestring:capacity`).
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

/** The axes a profile fixes. */
export interface Axes {
    /** `alb`: one Application Load Balancer; `apigateway`: an HTTP API with a VPC link to Cloud Map. */
    api: ApiEntry;
    /** `container`: nginx on Fargate behind the ALB; `static`: private S3 bucket behind CloudFront. */
    frontend: Frontend;
    /** `fargate`: on-demand; `spot`: Fargate Spot (about 70% cheaper, may be interrupted with 2 minutes' notice). */
    capacity: Capacity;
}

export const PROFILES = {
    /** The by-the-book design: ALB + two Fargate containers, about $1.60/day in 2023 prices. */
    homework: { api: "alb", frontend: "container", capacity: "fargate" },
    /** The shoestring design: API Gateway + CloudFront/S3 + Fargate Spot, able to pause. */
    cheap: { api: "apigateway", frontend: "static", capacity: "spot" },
} as const satisfies Record<string, Axes>;

export type Profile = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as [Profile, ...Profile[]];

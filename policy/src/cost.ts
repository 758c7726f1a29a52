/**
 * Cost: a daily budget for the whole stack (running and paused), checked
 * with the project's cost model; NAT gateways called out; every log group
 * with a retention, so logs do not pile up on the bill forever.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { CostEstimate, estimateCost, unpricedIn } from "../../cost/model";
import { DEFAULT_SHEET, loadSheet } from "../../cost/prices";
import { RecordedResource, StackRecord, UNKNOWN as RECORD_UNKNOWN } from "../../offline/record";
import { defaultProviderRegion, isKnown, read, regionOfArns } from "./util";

export interface BudgetConfig {
    /** Dollars a day the stack may cost running (24 h, idle traffic). */
    runningUsdPerDay?: number;
    /** Dollars a day the stack may cost paused. */
    pausedUsdPerDay?: number;
    /** Price sheet (cost/sheets). Default: the current one. */
    sheet?: string;
    /** The stack's region, when it cannot be read from the resources. */
    region?: string;
    /** How many of the largest line items to name. Default 3. */
    topItems?: number;
}

// The policy SDK's unknown markers (see @pulumi/policy/proxy), and how to reach
// the plain object behind its unknown-checking proxy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
const UNKNOWN_MARKERS = new Set(["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"].map((k) => proxy[k]));
const PROXY_TARGET = String(proxy.getSpecialProxyTarget);

/** A resource's properties as plain JSON, with unknowns as the record's `<unknown>`. */
export function plainProps(value: unknown): unknown {
    if (UNKNOWN_MARKERS.has(value)) {
        return RECORD_UNKNOWN;
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const target = (value as Record<string, unknown>)[PROXY_TARGET] ?? value;
    if (Array.isArray(target)) {
        return target.map(plainProps);
    }
    return Object.fromEntries(Object.entries(target as Record<string, unknown>).map(([k, v]) => [k, plainProps(v)]));
}

/** The stack's region: configured, an explicit AWS provider's, or the region in its resources' ARNs. */
function stackRegion(resources: PolicyResource[], configured?: string): string | undefined {
    if (configured) return configured;
    const fromProvider = defaultProviderRegion(resources);
    if (fromProvider) return fromProvider;
    return regionOfArns(resources);
}

/** Prices the resources a stack policy sees, with the project's cost model. */
export function estimateStackCost(resources: PolicyResource[], config: BudgetConfig): CostEstimate {
    const region = stackRegion(resources, config.region);
    if (!region) {
        throw new Error("cannot tell the stack's region from its resources: set the budget policy's region in the policy config");
    }
    const record: StackRecord = {
        // Stryker disable next-line StringLiteral: the cost model does not read the project
        project: "",
        stack: "",
        config: { "aws:region": region },
        outputs: {},
        resources: resources.map(
            (r): RecordedResource => {
                const props = plainProps(r.props) as Record<string, unknown>;
                // Stryker disable next-line BooleanLiteral,ArrowFunction,ArrayDeclaration: the cost model reads only a resource's urn, type, name, inputs and outputs
                return { urn: r.urn, type: r.type, name: r.name, custom: true, inputs: props, outputs: props, dependencies: r.dependencies.map((d) => d.urn), propertyDependencies: {}, protect: r.opts.protect, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], aliases: [] };
            },
        ),
    };
    return estimateCost(record, loadSheet(config.sheet ?? DEFAULT_SHEET));
}

export const dailyBudget: StackValidationPolicy = {
    name: "daily-budget",
    description: "The stack's daily cost, running and paused, stays within the budget in the policy config (priced with the project's cost model).",
    remediationSteps: "Bring the largest items down (Spot capacity, scale to zero, API Gateway and CloudFront instead of a load balancer and a container), or raise runningUsdPerDay / pausedUsdPerDay in the policy config if the cost is intended.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            runningUsdPerDay: { type: "number", minimum: 0 },
            pausedUsdPerDay: { type: "number", minimum: 0 },
            sheet: { type: "string" },
            region: { type: "string" },
            topItems: { type: "integer", minimum: 1, default: 3 },
        },
    },
    validateStack: (args, report) => {
        const config = args.getConfig<BudgetConfig>();
        if (config.runningUsdPerDay === undefined && config.pausedUsdPerDay === undefined) {
            return;
        }
        const cost = estimateStackCost(args.resources, config);
        const top = config.topItems ?? 3;
        const money = (usd: number) => `$${usd.toFixed(2)}`;
        const check = (scenario: "running" | "paused", total: number, budget: number | undefined) => {
            if (budget === undefined || total <= budget) return;
            const largest = [...cost.items]
                .filter((i) => i[scenario] > 0)
                .sort((a, b) => b[scenario] - a[scenario])
                .slice(0, top)
                .map((i) => `${i.what} ${money(i[scenario])}/day`);
            report(`the stack costs ${money(total)}/day ${scenario}, over the budget of ${money(budget)}/day (prices ${cost.sheet.name}, ${cost.region}). Largest items: ${largest.join("; ")}. ${dailyBudget.remediationSteps}`);
        };
        // What the sheet cannot price would pass the budget unseen: it is a violation of the budget's own level, never a silent pass.
        // Only what the budgeted totals miss counts: a line unpriced under traffic alone leaves them whole.
        const unpriced = [...new Set([...(config.runningUsdPerDay !== undefined ? unpricedIn(cost, "running") : []), ...(config.pausedUsdPerDay !== undefined ? unpricedIn(cost, "paused") : [])])];
        if (unpriced.length > 0) {
            const budgets = [config.runningUsdPerDay !== undefined ? `${money(config.runningUsdPerDay)}/day running` : undefined, config.pausedUsdPerDay !== undefined ? `${money(config.pausedUsdPerDay)}/day paused` : undefined].filter(Boolean).join(", ");
            const where = cost.regionCovered ? `sheet ${cost.sheet.name} has no price in ${cost.region} for` : `sheet ${cost.sheet.name} has no prices for ${cost.region} (it covers ${cost.sheet.regions.join(", ")}), so it cannot price`;
            report(
                `the budget (${budgets}) cannot be checked: ${where} ${unpriced.length} item(s): ${unpriced.map((i) => i.what).join("; ")}. What is priced comes to ${money(cost.totals.runningDay)}/day running, ${money(cost.totals.pausedDay)}/day paused. Use a sheet that prices them (policy config "sheet"), or change what is unpriced.`,
            );
        }
        check("running", cost.totals.runningDay, config.runningUsdPerDay);
        check("paused", cost.totals.pausedDay, config.pausedUsdPerDay);
    },
};

export const natGatewayAdvisory: ResourceValidationPolicy = {
    name: "nat-gateway-cost",
    description: "A NAT gateway costs about $1.08/day plus $0.045/GB, paused or not: say so before it is created.",
    remediationSteps: "Run tasks in public subnets with a public IP (and a security group that admits only the load balancer or VPC link), or use VPC endpoints for the AWS services the tasks call.",
    enforcementLevel: "advisory",
    validateResource: (args, report) => {
        if (args.type === "aws:ec2/natGateway:NatGateway") {
            report(`NAT gateway ${args.name} bills about $1.08/day before data. ${natGatewayAdvisory.remediationSteps}`);
        }
    },
};

export const logGroupRetention: ResourceValidationPolicy = {
    name: "log-group-retention",
    description: "Every CloudWatch log group keeps logs for a set number of days, not forever.",
    remediationSteps: "Set retentionInDays on the log group (shoestring: shoestring:logRetentionDays, default 7).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== "aws:cloudwatch/logGroup:LogGroup") {
            return;
        }
        const days = read(() => args.props.retentionInDays as unknown);
        if (isKnown(days) && !(typeof days === "number" && days > 0)) {
            report(`log group ${args.name} keeps logs forever. ${logGroupRetention.remediationSteps}`);
        }
    },
};

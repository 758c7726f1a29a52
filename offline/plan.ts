/**
 * The offline plan of a stack: its record, its daily cost running and
 * paused, and optionally the swap plan to another config, with the cost
 * delta. The command line renders it as text, markdown or JSON.
 */
import { CostEstimate, CostOptions, DEFAULT_TRAFFIC, estimateCost, round } from "../cost/model";
import { loadSheet, PriceSheet } from "../cost/prices";
import { PROFILE_NAMES, Profile } from "../lib/axes";
import { Finding } from "../lib/aws-rules";
import { PolicyDiagnostic } from "./analyzer-wire";
import { awsSummary, checkAws, prepareAwsChecks } from "./aws-checks";
import { diffRecords, SwapPlan } from "./diff";
import { checkPolicies, policySummary } from "./policy-cli";
import { StackRecord } from "./record";
import { listStacks, PROJECT_DIR, runStack } from "./stack";

/** The version of the JSON document `--format json` prints. */
export const PLAN_FORMAT_VERSION = 1;

export interface PlanRequest {
    stack: string;
    /** Config overrides for this run (`--set`). */
    config?: Record<string, unknown>;
    /** A stack (its config) or a profile to compare with (`--diff`). */
    diff?: string;
    /** Price sheet name. */
    sheet?: string;
    /** The project directory. */
    dir?: string;
    /** Also run the policy pack (with the stack's policy config) on the record. */
    policy?: boolean;
    /** API requests a day in the traffic scenario (default: the model's 10,000). */
    requestsPerDay?: number;
    /** Take the always-free allowances off. */
    freeTier?: boolean;
}

export interface Plan {
    version: number;
    stack: string;
    record: StackRecord;
    cost: CostEstimate;
    /** Why the running cost comes from another run, when it does. */
    costNote?: string;
    /**
     * The AWS rules' and AWS's CloudFormation validator's findings: errors
     * (`refused` by AWS, or deploying `broken`) and warnings (deploys, unsafe).
     */
    aws: { errors: number; refused: number; broken: number; warnings: number; findings: Finding[] };
    /** The policy pack's verdict, with `policy: true`. */
    policy?: { pack: string; configFile?: string; mandatory: number; advisory: number; acknowledged: number; lines: string[]; diagnostics: PolicyDiagnostic[] };
    swap?: {
        /** What was compared: `stack <name>` or `profile <name>`. */
        target: string;
        plan: SwapPlan;
        cost: CostEstimate;
        delta: { runningDay: number; pausedDay: number };
    };
}

/** Runs the stack (and its comparison) offline and prices it. */
export async function buildPlan(request: PlanRequest): Promise<Plan> {
    const sheet = loadSheet(request.sheet);
    const pricing: CostOptions = { freeTier: request.freeTier ?? false, traffic: { ...DEFAULT_TRAFFIC, ...(request.requestsPerDay === undefined ? {} : { requestsPerDay: request.requestsPerDay }) } };
    // AWS's validator builds (about a second) while the program runs.
    prepareAwsChecks();
    const options = { dir: request.dir, config: request.config ?? {} };
    const record = await runStack(request.stack, options);
    const { cost, note } = await costOf(record, sheet, request.stack, options, pricing);
    const findings = await checkAws(record);
    const plan: Plan = { version: PLAN_FORMAT_VERSION, stack: request.stack, record, cost, costNote: note, aws: { ...awsSummary(findings), findings } };
    if (request.policy) {
        const report = await checkPolicies(request.stack, record);
        plan.policy = { pack: `${report.pack.name}@${report.pack.version}`, configFile: report.configFile, ...policySummary(report.diagnostics), diagnostics: report.diagnostics };
    }
    if (request.diff) {
        const dir = request.dir ?? PROJECT_DIR;
        const isStack = listStacks(dir).includes(request.diff);
        const isProfile = (PROFILE_NAMES as string[]).includes(request.diff);
        if (!isStack && !isProfile) {
            throw new Error(`--diff "${request.diff}" is neither a stack (${listStacks(dir).join(", ")}) nor a profile (${PROFILE_NAMES.join(", ")})`);
        }
        // A stack file wins: it carries the profile and the rest of its config.
        // The target runs as the next update of this stack: it reads back this record's outputs as deployed.
        const deployed = { deployedOutputs: record.outputs };
        const targetOptions = isStack ? { dir: request.dir, configFrom: request.diff, config: options.config, ...deployed } : { ...options, config: { ...options.config, profile: request.diff as Profile }, ...deployed };
        const target = await runStack(request.stack, targetOptions);
        const targetCost = (await costOf(target, sheet, request.stack, targetOptions, pricing)).cost;
        plan.swap = {
            target: `${isStack ? "stack" : "profile"} ${request.diff}`,
            plan: diffRecords(record, target),
            cost: targetCost,
            delta: {
                runningDay: round(targetCost.totals.runningDay - cost.totals.runningDay),
                pausedDay: round(targetCost.totals.pausedDay - cost.totals.pausedDay),
            },
        };
    }
    return plan;
}

/**
 * Prices a record. A paused stack's record has its services at 0, so its
 * running cost comes from the same stack run with `paused: false`.
 */
async function costOf(record: StackRecord, sheet: PriceSheet, stack: string, options: { dir?: string; config?: Record<string, unknown>; configFrom?: string }, pricing: CostOptions): Promise<{ cost: CostEstimate; note?: string }> {
    const paused = Object.entries(record.config).some(([key, value]) => key.endsWith(":paused") && value === "true");
    if (!paused) {
        return { cost: estimateCost(record, sheet, pricing) };
    }
    const running = await runStack(stack, { ...options, config: { ...(options.config ?? {}), paused: false } });
    const cost = estimateCost(running, sheet, pricing);
    return { cost, note: "the stack is paused: the running figures are for the same stack with paused: false" };
}

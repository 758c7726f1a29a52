#!/usr/bin/env node
/**
 * The offline plan of a stack: what `pulumi up` would create, without an AWS
 * account, the Pulumi CLI or Docker.
 *
 *   npm run plan -- --stack cheap [--format text|json] [--set key=value ...] [--unset key ...]
 */
// First, so AWS's validator builds while the rest loads and the program runs.
import "./start-aws-checks";
import { OfflineRunError } from "./engine";
import { buildPlan, Plan } from "./plan";
import { renderMarkdown, renderText } from "./render";
import { addSet, addUnset, CONFIG_FLAGS_HELP, readArgs } from "./args";

/** What the command line asks for. */
export interface PlanOptions {
    stack: string;
    format: "text" | "json" | "markdown";
    /** A stack or profile to compare with. */
    diff?: string;
    /** The price sheet. */
    sheet?: string;
    /** Also run the policy pack. */
    policy?: boolean;
    /** Config overrides in order, keyed with paths as `pulumi config set --path` (`undefined` removes; see offline/args.ts). */
    config: Record<string, unknown>;
    /** API requests a day in the traffic scenario. */
    requestsPerDay?: number;
    /** Take the always-free allowances off. */
    freeTier?: boolean;
    /** `--help`: print the usage, run nothing. */
    help?: true;
}

export const USAGE = "usage: npm run plan -- --stack <name> [--diff <stack-or-profile>] [--format text|markdown|json] [--sheet <price-sheet>] [--traffic <requests-per-day>] [--free-tier] [--policy] [--set <key>=<value> ...] [--unset <key> ...]";

/** What `--help` prints: the usage, and what each option does. */
export const HELP = [
    USAGE,
    "",
    "The offline plan of a stack: what `pulumi up` would create, its cost, and what AWS would refuse; no AWS account, Pulumi CLI or Docker.",
    "",
    "  --stack, -s <name>        the stack (Pulumi.<name>.yaml)",
    "  --diff <stack|profile>    the swap plan to another stack's config or a profile",
    "  --format <format>         text (default), markdown or json",
    "  --sheet <price-sheet>     the price sheet (cost/sheets/)",
    "  --traffic <n>             API requests a day in the traffic scenario (default 10000)",
    "  --free-tier               take the always-free allowances off",
    "  --policy                  also run the policy pack",
    `  ${CONFIG_FLAGS_HELP}`,
    "  --help, -h                print this and exit",
].join("\n");

/** Parses the command line; throws a one-line error on a bad one. */
export function parseArgs(argv: string[]): PlanOptions {
    const options: PlanOptions = { stack: "", format: "text", config: {} };
    for (const { arg, flag, value } of readArgs(argv, USAGE)) {
        switch (flag) {
            case "--stack":
            case "-s":
                options.stack = value();
                break;
            case "--format": {
                const format = value();
                if (format !== "text" && format !== "json" && format !== "markdown") {
                    throw new Error(`--format "${format}" is not known; allowed: text, markdown, json`);
                }
                options.format = format;
                break;
            }
            case "--diff":
                options.diff = value();
                break;
            case "--sheet":
                options.sheet = value();
                break;
            case "--policy":
                options.policy = true;
                break;
            case "--traffic": {
                const requests = value();
                if (!/^\d+$/.test(requests) || Number(requests) > 1e12) {
                    throw new Error(`--traffic "${requests}" is not a number of requests a day; give a whole number from 0 to 1000000000000`);
                }
                options.requestsPerDay = Number(requests);
                break;
            }
            case "--free-tier":
                options.freeTier = true;
                break;
            case "--set":
                addSet(options.config, value());
                break;
            case "--unset":
                addUnset(options.config, value());
                break;
            case "--help":
            case "-h":
                return { ...options, help: true };
            default:
                throw new Error(`unknown argument "${arg}"; ${USAGE}`);
        }
    }
    if (!options.stack) {
        throw new Error(`--stack is required; ${USAGE}`);
    }
    return options;
}

/** Renders a plan in the chosen format. */
export function renderPlan(plan: Plan, format: PlanOptions["format"]): string {
    switch (format) {
        case "json":
            return JSON.stringify(plan, null, 2);
        case "markdown":
            return renderMarkdown(plan);
        default:
            return renderText(plan);
    }
}

async function main(): Promise<void> {
    const options = parseArgs(process.argv.slice(2));
    if (options.help) {
        process.stdout.write(HELP + "\n");
        return;
    }
    const plan = await buildPlan({ stack: options.stack, config: options.config, diff: options.diff, sheet: options.sheet, policy: options.policy, requestsPerDay: options.requestsPerDay, freeTier: options.freeTier });
    process.stdout.write(renderPlan(plan, options.format) + "\n");
    if (plan.aws.errors > 0) {
        // As `pulumi up` would fail: the plan is printed, the command fails.
        process.stderr.write(`error: stack ${plan.stack}: ${plan.aws.refused} request(s) AWS would refuse, ${plan.aws.broken} that would deploy broken; see "AWS:" above\n`);
        process.exitCode = 1;
    }
}

if (require.main === module) {
    main().catch((err: unknown) => {
        const message = err instanceof OfflineRunError || err instanceof Error ? err.message : String(err);
        process.stderr.write(`error: ${message.split("\n")[0]}\n`);
        process.exitCode = 1;
    });
}

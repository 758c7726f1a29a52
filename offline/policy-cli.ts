#!/usr/bin/env node
/**
 * The policy pack against a stack, offline: what `pulumi preview
 * --policy-pack policy --policy-pack-config policy/config/<stack>.json`
 * would report, without an AWS account or the Pulumi CLI. The stack runs
 * through the offline engine (as a preview); the compiled pack
 * (`dist/policy/index.js`) is asked over the Analyzer gRPC protocol.
 *
 *   npm run policy -- --stack cheap [--config <file>] [--set key=value ...] [--unset key ...] [--format text|json]
 *
 * Exit code 1 when a mandatory policy is violated (or on an error), else 0.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { startPolicyPack } from "./analyzer";
import { PolicyDiagnostic } from "./analyzer-wire";
import { PolicyPackConfig, readPolicyConfig } from "./policy-config";
import { AWS_RULES } from "../lib/aws-rules";
import { ACKNOWLEDGED } from "../policy/src/acknowledge";
import { resourceOfUrn, StackRecord } from "./record";
import { PROJECT_DIR, runStack } from "./stack";
import { addSet, addUnset, CONFIG_FLAGS_HELP, readArgs } from "./args";

/** What the command line asks for. */
export interface PolicyCliOptions {
    stack: string;
    format: "text" | "json";
    /** The policy config file (`--policy-pack-config`). Default: `policy/config/<stack>.json`, when it exists. */
    configFile?: string;
    /** Stack config overrides in order, keyed with paths as `pulumi config set --path` (`undefined` removes; see offline/args.ts). */
    config: Record<string, unknown>;
    /** Another pack's entry (a .js file, or .ts run through tsx). Default: the compiled `dist/policy/index.js`. */
    pack?: string;
    /** `--help`: print the usage, run nothing. */
    help?: true;
}

export const USAGE = "usage: npm run policy -- --stack <name> [--config <policy-config.json>] [--set <key>=<value> ...] [--unset <key> ...] [--format text|json] [--pack <entry>]";

/** What `--help` prints: the usage, and what each option does. */
export const HELP = [
    USAGE,
    "",
    "The policy pack against a stack, offline: what `pulumi preview --policy-pack policy` would report. Exit status 1 when a mandatory policy is violated.",
    "",
    "  --stack, -s <name>        the stack (Pulumi.<name>.yaml)",
    "  --config <file>           the policy config (default policy/config/<stack>.json, when it exists)",
    "  --format <format>         text (default) or json",
    "  --pack <entry>            another pack's entry (default dist/policy/index.js)",
    `  ${CONFIG_FLAGS_HELP}`,
    "  --help, -h                print this and exit",
].join("\n");

/** Parses the command line; throws a one-line error on a bad one. */
export function parseArgs(argv: string[]): PolicyCliOptions {
    const options: PolicyCliOptions = { stack: "", format: "text", config: {} };
    for (const { arg, flag, value } of readArgs(argv, USAGE)) {
        switch (flag) {
            case "--stack":
            case "-s":
                options.stack = value();
                break;
            case "--config":
            case "--policy-pack-config":
                options.configFile = value();
                break;
            case "--format": {
                const format = value();
                if (format !== "text" && format !== "json") {
                    throw new Error(`--format "${format}" is not known; allowed: text, json`);
                }
                options.format = format;
                break;
            }
            case "--set":
                addSet(options.config, value());
                break;
            case "--unset":
                addUnset(options.config, value());
                break;
            case "--pack":
            case "--policy-pack":
                options.pack = value();
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

// ---------------------------------------------------------------------------------------------
// Grouping and rendering (pure)
// ---------------------------------------------------------------------------------------------

export { resourceOfUrn };

/** Violations by enforcement level, in the order they were reported. */
export interface GroupedDiagnostics {
    mandatory: PolicyDiagnostic[];
    advisory: PolicyDiagnostic[];
    /** Violations the policy config acknowledges as trade-offs, with the reason (reported as advisory, not counted as violations). */
    acknowledged: PolicyDiagnostic[];
    /** Changes remediation policies made (not violations). */
    remediations: PolicyDiagnostic[];
}

export function groupDiagnostics(diagnostics: PolicyDiagnostic[]): GroupedDiagnostics {
    const acknowledged = (d: PolicyDiagnostic) => d.message.startsWith(ACKNOWLEDGED);
    return {
        mandatory: diagnostics.filter((d) => d.enforcementLevel === "mandatory" && !acknowledged(d)),
        advisory: diagnostics.filter((d) => d.enforcementLevel === "advisory" && !acknowledged(d)),
        acknowledged: diagnostics.filter(acknowledged),
        remediations: diagnostics.filter((d) => d.enforcementLevel === "remediate"),
    };
}

/** One violation: the policy and the resource, then the message, indented. */
export function renderDiagnostic(d: PolicyDiagnostic): string[] {
    const resource = d.urn ? resourceOfUrn(d.urn) : undefined;
    const where = resource ? `${resource.type} (${resource.name})` : "(stack)";
    const message = d.message
        .split("\n")
        .map((line) => line.trimEnd())
        .filter((line) => line !== "");
    return [`  ${d.policyName}  ${where}`, ...message.map((line) => `      ${line}`)];
}

/** "N mandatory, M advisory violations, K acknowledged trade-offs". */
export function summaryLine(grouped: Pick<GroupedDiagnostics, "mandatory" | "advisory"> & Partial<Pick<GroupedDiagnostics, "acknowledged">>): string {
    const acknowledged = grouped.acknowledged?.length ? `, ${grouped.acknowledged.length} acknowledged trade-off${grouped.acknowledged.length === 1 ? "" : "s"}` : "";
    return `${grouped.mandatory.length} mandatory, ${grouped.advisory.length} advisory violations${acknowledged}`;
}

/** One acknowledged trade-off: the policy, the resource and the reason, on one line. */
export function renderAcknowledged(d: PolicyDiagnostic): string {
    const resource = d.urn ? resourceOfUrn(d.urn) : undefined;
    const reason = d.message.slice(ACKNOWLEDGED.length).split("\n")[0].trim();
    return `  ${d.policyName}  ${resource ? `${resource.type} (${resource.name})` : "(stack)"}: ${reason}`;
}

/**
 * The counts and the report lines (mandatory first, then advisory, then
 * remediations; the summary line last), for any command that shows policy results.
 */
export function policySummary(diagnostics: PolicyDiagnostic[]): { mandatory: number; advisory: number; acknowledged: number; lines: string[] } {
    const grouped = groupDiagnostics(diagnostics);
    const lines: string[] = [];
    const section = (title: string, items: PolicyDiagnostic[]): void => {
        if (items.length > 0) {
            lines.push(`${title} (${items.length}):`, ...items.flatMap(renderDiagnostic));
        }
    };
    section("mandatory violations", grouped.mandatory);
    section("advisory violations", grouped.advisory);
    section("remediations", grouped.remediations);
    if (grouped.acknowledged.length > 0) {
        lines.push(`acknowledged trade-offs (${grouped.acknowledged.length}):`, ...grouped.acknowledged.map(renderAcknowledged));
    }
    lines.push(summaryLine(grouped));
    return { mandatory: grouped.mandatory.length, advisory: grouped.advisory.length, acknowledged: grouped.acknowledged.length, lines };
}

/** 1 when a mandatory policy is violated, else 0. */
export function exitCodeFor(diagnostics: PolicyDiagnostic[]): 0 | 1 {
    return groupDiagnostics(diagnostics).mandatory.length > 0 ? 1 : 0;
}

/** What one run found, for rendering. */
export interface PolicyReport {
    stack: string;
    pack: { name: string; version: string };
    /** The policy config file used, if any (as given, or relative to the project). */
    configFile?: string;
    diagnostics: PolicyDiagnostic[];
}

export function renderText(report: PolicyReport): string {
    const config = report.configFile ? ` with ${report.configFile}` : " (no policy config)";
    const header = `Policy pack ${report.pack.name}@${report.pack.version}${config}, stack ${report.stack}:`;
    return [header, ...policySummary(report.diagnostics).lines].join("\n");
}

export function renderJson(report: PolicyReport): string {
    const { mandatory, advisory, acknowledged } = policySummary(report.diagnostics);
    return JSON.stringify(
        {
            stack: report.stack,
            policyPack: report.pack,
            configFile: report.configFile ?? null,
            summary: { mandatory, advisory, acknowledged },
            diagnostics: report.diagnostics.map((d) => ({ ...d, resource: d.urn ? resourceOfUrn(d.urn) : null })),
        },
        null,
        2,
    );
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

/** The compiled pack. */
export function defaultPackEntry(dir: string = PROJECT_DIR): string {
    return path.join(dir, "dist", "policy", "index.js");
}

/** `policy/config/<stack>.json`, when it exists. */
export function defaultConfigFile(stack: string, dir: string = PROJECT_DIR): string | undefined {
    const file = path.join(dir, "policy", "config", `${stack}.json`);
    return fs.existsSync(file) ? file : undefined;
}

/**
 * Runs a policy pack (by default the compiled shoestring pack, with the
 * stack's policy config file) against a record, and reports its verdict.
 */
export async function checkPolicies(stack: string, record: StackRecord, options: { pack?: string; configFile?: string } = {}): Promise<PolicyReport> {
    const packEntry = options.pack ? path.resolve(options.pack) : defaultPackEntry();
    if (!fs.existsSync(packEntry)) {
        throw new Error(options.pack ? `policy pack ${options.pack} does not exist` : `the compiled policy pack ${path.relative(process.cwd(), packEntry) || packEntry} is missing; run \`npm run build\` first`);
    }
    // The policy SDK reads the pack's version from the package.json in its
    // working directory: policy/ for the compiled pack, else the entry's directory.
    const cwd = packEntry === defaultPackEntry() ? path.join(PROJECT_DIR, "policy") : undefined;
    const configFile = options.configFile ?? defaultConfigFile(stack);
    const config: PolicyPackConfig = configFile ? readPolicyConfig(configFile) : {};
    // Started step by step (as runPolicyPack does) to pass the lookups only to a pack that has the policy.
    const pack = await startPolicyPack(packEntry, { cwd });
    try {
        const info = await pack.getAnalyzerInfo();
        await pack.configure(withLookups(config, record, info.policies.map((p) => p.name)));
        const diagnostics = await pack.analyzeRecord(record);
        return {
            stack,
            pack: { name: info.name, version: info.version },
            configFile: configFile ? displayPath(configFile) : undefined,
            diagnostics,
        };
    } finally {
        await pack.close();
    }
}

/**
 * The config with what the program looked up: the record's subnets (from
 * the offline aws:ec2/getSubnet) as the `subnets` of every policy that judges
 * subnets by their zones, so the pack judges the same zones as the plan.
 * Under `pulumi preview` nothing passes them, and those policies skip subnets
 * they have no facts on. A `subnets` set in the config file wins; policies the
 * pack does not have get nothing.
 */
export function withLookups(config: PolicyPackConfig, record: StackRecord, packPolicies?: string[]): PolicyPackConfig {
    const subnets = record.lookups?.subnets ?? {};
    if (Object.keys(subnets).length === 0) {
        return config;
    }
    const result = { ...config };
    // The pack names each AWS rule's policy by the rule's id.
    const subnetPolicies = AWS_RULES.filter((r) => r.readsSubnets === true).map((r) => r.id);
    for (const policy of subnetPolicies.filter((p) => packPolicies === undefined || packPolicies.includes(p))) {
        const entry = config[policy];
        const current = typeof entry === "string" ? { enforcementLevel: entry } : { ...entry };
        if (current.enforcementLevel !== "disabled" && current.subnets === undefined) {
            result[policy] = { ...current, subnets };
        }
    }
    return result;
}

/** Runs the command; never throws (an error is one `error: ...` line and exit code 1). */
export async function runPolicyCli(argv: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    try {
        const options = parseArgs(argv);
        if (options.help) {
            return { stdout: HELP + "\n", stderr: "", exitCode: 0 };
        }

        // The stack first: a bad stack or config is reported before the pack starts.
        const record = await runStack(options.stack, { config: options.config, preview: true });
        const report = await checkPolicies(options.stack, record, { pack: options.pack, configFile: options.configFile });
        const stdout = options.format === "json" ? renderJson(report) : renderText(report);
        return { stdout: stdout + "\n", stderr: "", exitCode: exitCodeFor(report.diagnostics) };
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return { stdout: "", stderr: `error: ${message.split("\n")[0]}\n`, exitCode: 1 };
    }
}

function displayPath(file: string): string {
    const relative = path.relative(process.cwd(), path.resolve(file));
    return relative && !relative.startsWith("..") ? relative : file;
}

if (require.main === module) {
    runPolicyCli(process.argv.slice(2)).then(({ stdout, stderr, exitCode }) => {
        process.stdout.write(stdout);
        process.stderr.write(stderr);
        process.exitCode = exitCode;
    });
}

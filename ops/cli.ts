#!/usr/bin/env node
/**
 * Operations on a deployed stack:
 *
 *   npm run ops -- exec   --stack cheap [--service backend]   a shell in the newest running task (ECS Exec)
 *   npm run ops -- pause  --stack cheap [--refresh]           shoestring:paused true, then pulumi up
 *   npm run ops -- resume --stack cheap [--refresh]           shoestring:paused false, then pulumi up
 *   npm run ops -- status --stack cheap                       what runs now against the config
 *   npm run ops -- logs   --stack cheap [--service backend] [--since 10m] [--follow]
 *                                                             a service's log events (CloudWatch Logs)
 *
 * On a stack whose backend runs on Lambda, `status` shows the function and
 * the database kind, `exec` refuses (there is no task), and `pause` says
 * what it would stop, which with Aurora DSQL or no database is nothing.
 *
 * Region and names come from the stack's outputs. Every failure is one line
 * on stderr starting with `error:`. Exit status: 0 fine, 1 error, 2 `status`
 * found a mismatch (the shell's own exit status for `exec`).
 */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { ECSClient } from "@aws-sdk/client-ecs";
import { RDSClient } from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { loadStackConfig, PROJECT_DIR } from "../offline/stack";
import { firstLine, OpsError } from "./errors";
import { Runner, runExec } from "./exec";
import { FunctionSource, sdkFunctionSource } from "./lambda";
import { parseSince, runLogs } from "./logs";
import { automationOutputs, readOutputs, selectStack, StackOutputsSource } from "./outputs";
import { DailyCost, setPaused, StackOpener } from "./pause";
import { runStatus } from "./status";

export const COMMANDS = ["exec", "pause", "resume", "status", "logs"] as const;
export type Command = (typeof COMMANDS)[number];

export interface OpsArgs {
    command: Command;
    stack: string;
    /** `exec` and `logs` only: the service's short name. */
    service: string;
    /** `pause`/`resume` only: refresh before the update. */
    refresh: boolean;
    /** `logs` only: where to start (`10m`, an ISO time); absent for the default. */
    since?: string;
    /** `logs` only: keep polling for new events. */
    follow?: boolean;
}

export const USAGE = "usage: npm run ops -- <exec|pause|resume|status|logs> --stack <name> [--service backend] [--refresh] [--since 10m] [--follow]";

/** Each command's usage line and what it does, for `--help`. */
export const COMMAND_HELP: Record<Command, { usage: string; what: string }> = {
    exec: { usage: "npm run ops -- exec --stack <name> [--service backend]", what: "a shell in the newest running task of a service (ECS Exec); --service is a service of the stack's services output (default backend)" },
    pause: { usage: "npm run ops -- pause --stack <name> [--refresh]", what: "set shoestring:paused true, then pulumi up (--refresh: refresh first); says what stops and the cost before and after" },
    resume: { usage: "npm run ops -- resume --stack <name> [--refresh]", what: "set shoestring:paused false, then pulumi up (--refresh: refresh first)" },
    status: { usage: "npm run ops -- status --stack <name>", what: "what runs now against the config; exit status 2 on a mismatch" },
    logs: { usage: "npm run ops -- logs --stack <name> [--service backend] [--since 10m] [--follow]", what: "a service's or the function's log events since a time (30s, 15m, 2h, 1d or an ISO time; default 10m), oldest first; --follow keeps polling until Ctrl-C" },
};

/** What `--help` prints: every command, or the one asked about. */
export function helpText(which: Command | "all"): string {
    if (which !== "all") {
        const { usage, what } = COMMAND_HELP[which];
        return `usage: ${usage}\n\n${which}: ${what}.`;
    }
    return [USAGE, "", "Operations on a deployed stack (region and names from its outputs; AWS credentials from aws sso login or AWS_PROFILE):", "", ...COMMANDS.map((c) => `  ${c.padEnd(7)} ${COMMAND_HELP[c].what}`), "", "`npm run ops -- <command> --help` shows one command."].join("\n");
}

/** `--help` on the command line: which help to print. */
export interface OpsHelp {
    help: Command | "all";
}

export const NO_CREDENTIALS = "no AWS credentials: log in with `aws sso login` (or set AWS_PROFILE); shoestring never uses access keys";

/** Exit status when `status` finds that what runs differs from the config. */
export const EXIT_MISMATCH = 2;

/**
 * Parses the command line; throws a one-line error on a bad one. Pure.
 * With `--help` (or `-h`) anywhere, only the help asked for: the command's
 * named before or after it, else every command's.
 */
export function parseArgs(argv: string[]): OpsArgs | OpsHelp {
    if (argv.includes("--help") || argv.includes("-h")) {
        const command = argv.find((a): a is Command => (COMMANDS as readonly string[]).includes(a));
        return { help: command ?? "all" };
    }
    return parseCommand(argv);
}

function parseCommand(argv: string[]): OpsArgs {
    let command: Command | undefined;
    let stack = "";
    let service: string | undefined;
    let refresh = false;
    let since: string | undefined;
    let follow = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        const value = (): string => {
            if (eq > 0) {
                return arg.slice(eq + 1);
            }
            const next = argv[++i];
            if (next === undefined || next.startsWith("-")) {
                throw new Error(`${flag} needs a value; ${USAGE}`);
            }
            return next;
        };
        switch (flag) {
            case "--stack":
            case "-s":
                stack = value();
                break;
            case "--service":
                service = value();
                break;
            case "--refresh":
                refresh = true;
                break;
            case "--since":
                since = value();
                parseSince(since);
                break;
            case "--follow":
            case "-f":
                follow = true;
                break;
            default:
                if (arg.startsWith("-")) {
                    throw new Error(`unknown argument "${arg}"; ${USAGE}`);
                }
                if (command !== undefined) {
                    throw new Error(`one command at a time ("${command}" and "${arg}"); ${USAGE}`);
                }
                if (!(COMMANDS as readonly string[]).includes(arg)) {
                    throw new Error(`unknown command "${arg}"; known: ${COMMANDS.join(", ")}; ${USAGE}`);
                }
                command = arg as Command;
        }
    }
    if (command === undefined) {
        throw new Error(`a command is required; ${USAGE}`);
    }
    if (!stack) {
        throw new Error(`--stack is required; ${USAGE}`);
    }
    if (service !== undefined && command !== "exec" && command !== "logs") {
        throw new Error(`--service is only for exec and logs; ${USAGE}`);
    }
    if (refresh && command !== "pause" && command !== "resume") {
        throw new Error(`--refresh is only for pause and resume; ${USAGE}`);
    }
    if ((since !== undefined || follow) && command !== "logs") {
        throw new Error(`${since !== undefined ? "--since" : "--follow"} is only for logs; ${USAGE}`);
    }
    return { command, stack, service: service ?? "backend", refresh, ...(since !== undefined ? { since } : {}), ...(follow ? { follow } : {}) };
}

/** Whether an AWS SDK error means there are no usable credentials (none, expired, or rejected). */
export function isCredentialsError(err: unknown): boolean {
    if (!(err instanceof Error)) {
        return false;
    }
    const names = ["CredentialsProviderError", "TokenProviderError", "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch"];
    return names.includes(err.name) || /credential|token is expired|sso session|security token/i.test(err.message);
}

/** Asks STS who we are; throws one line when there are no usable credentials. */
export async function checkCredentials(sts: STSClient): Promise<string> {
    try {
        const identity = await sts.send(new GetCallerIdentityCommand({}));
        return identity.Arn ?? "";
    } catch (err) {
        throw new OpsError(isCredentialsError(err) ? NO_CREDENTIALS : `could not check AWS credentials with STS: ${firstLine(err)}`);
    }
}

/** What the commands use from outside; tests replace all of it. */
export interface OpsDeps {
    /** The project directory. Default: this project. */
    dir?: string;
    outputs?: StackOutputsSource;
    open?: StackOpener;
    cost?: DailyCost;
    isOnPath?: (command: string) => boolean;
    run?: Runner;
    /** Lambda, for the status of a function. Default: `@aws-sdk/client-lambda` in the stack's region. */
    functions?: (region: string) => FunctionSource;
    stdout?: (text: string) => void;
    stderr?: (text: string) => void;
}

/** Runs one command line; resolves with the exit status. Never throws. */
export async function runOps(argv: string[], deps: OpsDeps = {}): Promise<number> {
    const stdout = deps.stdout ?? ((text: string) => void process.stdout.write(text));
    const stderr = deps.stderr ?? ((text: string) => void process.stderr.write(text));
    const say = (line: string): void => stdout(line + "\n");
    const note = (line: string): void => stderr(line + "\n");
    const clients: { destroy(): void }[] = [];
    const client = <T extends { destroy(): void }>(c: T): T => {
        clients.push(c);
        return c;
    };
    try {
        const parsed = parseArgs(argv);
        if ("help" in parsed) {
            stdout(helpText(parsed.help) + "\n");
            return 0;
        }
        const args = parsed;
        const dir = deps.dir ?? PROJECT_DIR;
        // An unknown stack or bad stack name fails here, before any AWS or Pulumi call.
        const stackConfig = loadStackConfig(args.stack, { dir });
        await checkCredentials(client(new STSClient({ region: stackConfig.config["aws:region"] })));

        if (args.command === "pause" || args.command === "resume") {
            await setPaused({ stack: args.stack, paused: args.command === "pause", refresh: args.refresh, open: deps.open ?? ((s) => selectStack(s, dir)), cost: deps.cost, say, onOutput: stdout });
            return 0;
        }
        const outputs = await readOutputs(deps.outputs ?? automationOutputs(dir), args.stack);
        if (args.command === "exec") {
            const ecs = client(new ECSClient({ region: outputs.region }));
            return await runExec({ outputs, service: args.service, ecs, isOnPath: deps.isOnPath, run: deps.run, note });
        }
        if (args.command === "logs") {
            const logs = client(new CloudWatchLogsClient({ region: outputs.region }));
            return await runLogs({ outputs, service: args.service, since: args.since, follow: args.follow, logs, say, note }).catch((err: unknown) => {
                // Credentials can expire while following.
                throw isCredentialsError(err) && !(err instanceof OpsError) ? new OpsError(NO_CREDENTIALS) : err;
            });
        }
        const functions = outputs.functionName !== undefined ? (deps.functions ?? sdkFunctionSource)(outputs.region) : undefined;
        if (functions) {
            clients.push({ destroy: () => functions.destroy?.() });
        }
        const report = await runStatus({
            outputs,
            ...(outputs.clusterName !== undefined ? { ecs: client(new ECSClient({ region: outputs.region })) } : {}),
            ...(outputs.databaseKind === "rds" ? { rds: client(new RDSClient({ region: outputs.region })) } : {}),
            ...(functions ? { functions } : {}),
        });
        report.lines.forEach(say);
        if (report.mismatches.length === 0) {
            say("as configured");
            return 0;
        }
        report.mismatches.forEach((m) => say(`mismatch: ${m}`));
        return EXIT_MISMATCH;
    } catch (err) {
        stderr(`error: ${firstLine(err)}\n`);
        return 1;
    } finally {
        clients.forEach((c) => c.destroy());
    }
}

if (require.main === module) {
    // The SDK's multi-line notice about Node versions of future SDK releases
    // would bury the one-line answer; the pinned SDK supports Node 20.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    void runOps(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}

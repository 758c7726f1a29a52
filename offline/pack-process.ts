/**
 * A policy pack's process, started as the Pulumi CLI starts one: `node
 * [nodeArgs] <entry>` in the pack's directory; the pack prints its gRPC port
 * as the first line of its stdout, and an `AnalyzerClient` connects to it.
 *
 * The last 64 KiB of the pack's stderr are kept, for the errors that name
 * why a pack failed (the gist of it on one line: its last lines that are not
 * stack frames). Every pack still running when this process exits is killed;
 * closing one ends it with SIGTERM, then SIGKILL after 5 s.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";

import { grpc } from "./analyzer-wire";

/** How to start a pack. */
export interface StartOptions {
    /** Arguments for `node` before the entry. Default: `--require tsx/cjs` for a `.ts` entry, none otherwise. */
    nodeArgs?: string[];
    /**
     * The pack's working directory. The policy SDK reads the pack's version
     * from `package.json` there. Default: the entry's directory.
     */
    cwd?: string;
    /** Milliseconds to wait for the pack to print its port. Default: 30 000. */
    timeoutMs?: number;
    /** Extra environment variables for the pack. */
    env?: Record<string, string>;
}

/** A started pack's process and a client connected to it. */
export interface PackProcess {
    /** The entry, resolved. */
    readonly entry: string;
    readonly port: number;
    readonly pid: number;
    readonly client: AnalyzerClient;
    /** What the pack wrote to stderr so far (the last 64 KiB). */
    stderr(): string;
    /** Whether the process has ended (exited or killed). */
    exited(): boolean;
    /** Closes the client and ends the process: SIGTERM, then SIGKILL after 5 s. */
    close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const OUTPUT_LIMIT = 64 * 1024;

/** Packs started by this process, ended when it exits. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", () => {
            for (const child of running) {
                child.kill("SIGKILL");
            }
        });
    }
}

/** How many policy packs this process started and has not closed (or seen exit). */
export function runningPackCount(): number {
    return running.size;
}

function keepTail(buffer: string, chunk: string): string {
    const joined = buffer + chunk;
    return joined.length > OUTPUT_LIMIT ? joined.slice(joined.length - OUTPUT_LIMIT) : joined;
}

/** The gist of a process's output on one line: its last few lines that are not stack frames. */
export function summarize(output: string): string {
    return output
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith("at ") && !/^Node\.js v\d/.test(line) && !/^\^+$/.test(line))
        .slice(-3)
        .join(" | ");
}

class RunningProcess implements PackProcess {
    private readonly ended: Promise<void>;

    constructor(
        readonly entry: string,
        readonly port: number,
        private readonly child: ChildProcess,
        readonly client: AnalyzerClient,
        private err: string,
    ) {
        child.stderr?.on("data", (chunk: Buffer) => (this.err = keepTail(this.err, chunk.toString())));
        this.ended = this.exited() ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
    }

    get pid(): number {
        return this.child.pid ?? -1;
    }

    stderr(): string {
        return this.err;
    }

    exited(): boolean {
        return this.child.exitCode !== null || this.child.signalCode !== null;
    }

    async close(): Promise<void> {
        this.client.close();
        running.delete(this.child);
        if (!this.exited()) {
            this.child.kill("SIGTERM");
            const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
            await this.ended;
            clearTimeout(timer);
        }
    }
}

/**
 * Starts a pack's process: `node [nodeArgs] <entry>` in the pack's
 * directory, waits for the port it prints, and connects a client.
 */
export async function startPackProcess(packEntry: string, options: StartOptions = {}): Promise<PackProcess> {
    const entry = path.resolve(packEntry);
    if (!fs.existsSync(entry)) {
        throw new Error(`policy pack ${entry} does not exist`);
    }
    const nodeArgs = options.nodeArgs ?? (/\.[cm]?tsx?$/.test(entry) ? ["--require", "tsx/cjs"] : []);
    const cwd = options.cwd ?? path.dirname(entry);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    installExitHook();
    const child = spawn(process.execPath, [...nodeArgs, entry], {
        cwd,
        env: { ...process.env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    child.once("exit", () => running.delete(child));

    let stderr = "";
    const onStderr = (chunk: Buffer): void => {
        stderr = keepTail(stderr, chunk.toString());
    };
    child.stderr!.on("data", onStderr);

    const label = path.relative(process.cwd(), entry) || entry;
    let port: number;
    try {
        port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            const done = (err?: Error, value?: number): void => {
                clearTimeout(timer);
                child.stdout!.off("data", onStdout);
                child.off("exit", onExit);
                child.off("error", onError);
                if (err) reject(err);
                else resolve(value!);
            };
            const lastLines = (): string => {
                const summary = summarize(stderr) || summarize(stdout);
                return summary ? `: ${summary}` : "";
            };
            const onStdout = (chunk: Buffer): void => {
                stdout += chunk.toString();
                const newline = stdout.indexOf("\n");
                if (newline < 0) {
                    return;
                }
                const first = stdout.slice(0, newline).trim();
                if (!/^\d+$/.test(first)) {
                    done(new Error(`policy pack ${label} printed "${first}" where its port was expected`));
                    return;
                }
                done(undefined, Number(first));
            };
            const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
                done(new Error(`policy pack ${label} exited (${signal ?? `code ${code}`}) before printing its port${lastLines()}`));
            const onError = (err: Error): void => done(new Error(`policy pack ${label} could not start: ${err.message}`));
            const timer = setTimeout(() => done(new Error(`policy pack ${label} printed no port within ${timeoutMs} ms${lastLines()}`)), timeoutMs);
            child.stdout!.on("data", onStdout);
            child.once("exit", onExit);
            child.once("error", onError);
        });
    } catch (err) {
        running.delete(child);
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGKILL");
        }
        throw err;
    }
    child.stderr!.off("data", onStderr);
    // Keep draining stdout (policies may log), so the pack never blocks on a full pipe.
    child.stdout!.on("data", () => undefined);

    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    return new RunningProcess(entry, port, child, client, stderr);
}

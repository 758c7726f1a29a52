/**
 * `logs`: a service's log events from CloudWatch Logs, oldest first, as
 * `timestamp stream message` lines; with `--follow`, then the new ones as
 * they arrive, until Ctrl-C.
 *
 * The log group comes from the stack output `logGroups` (by the service's
 * short name, as `services`): the ECS service's, or the Lambda function's.
 * Events are read with FilterLogEvents from `--since` on (default 10
 * minutes ago), every page. Following polls every 2 seconds from a little
 * before the newest event seen, because CloudWatch Logs can take seconds to
 * make an event readable and events of another stream (another task,
 * another Lambda instance) may arrive with an earlier timestamp; event ids
 * keep an event from being printed twice.
 *
 * The program creates each log group with the stack, so a group that does
 * not exist means the stack is not (or no longer) deployed there: one line,
 * exit 1. A group with no events in the window is a note on stderr, exit 0.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand, FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { OpsError } from "./errors";
import { DeployedStack } from "./outputs";

/** How far back `logs` starts without `--since`. */
export const DEFAULT_SINCE = "10m";

/** How long `--follow` waits between two polls. */
export const POLL_INTERVAL_MS = 2000;

/**
 * How far before the newest event seen each poll starts again, for events
 * that CloudWatch Logs makes readable late; an event older than that when
 * it arrives is not shown.
 */
export const LATE_EVENTS_MS = 30_000;

export const SINCE_FORMATS = "a duration (30s, 15m, 2h, 1d) or an ISO 8601 time (2026-12-01T09:30:00Z; without Z or an offset, local time)";

/** Where `--since` starts: some time before now, or at a given time (ms since the epoch). */
export type Since = { agoMs: number } | { at: number };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+)([smhd])$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Reads a `--since` value; throws one line naming it and what is allowed. Pure. */
export function parseSince(value: string): Since {
    const duration = DURATION.exec(value);
    if (duration) {
        return { agoMs: Number(duration[1]) * UNIT_MS[duration[2]] };
    }
    if (ISO_TIME.test(value)) {
        // A date alone is midnight local time, like a time without an offset (Date.parse would take it as UTC).
        const at = Date.parse(value.includes("T") ? value : `${value}T00:00`);
        if (!Number.isNaN(at)) {
            return { at };
        }
    }
    throw new OpsError(`--since "${value}" is neither a duration nor a time: use ${SINCE_FORMATS}`);
}

/** The first millisecond to read, at `now`; never before the epoch. Pure. */
export function startTime(since: Since, now: number): number {
    return Math.max(0, "at" in since ? since.at : now - since.agoMs);
}

/** The log group of a service of the stack; throws one line when the outputs have none for it. */
export function logGroupOf(outputs: Pick<DeployedStack, "stack" | "logGroups">, service: string): string {
    const { stack, logGroups } = outputs;
    if (logGroups === undefined || Object.keys(logGroups).length === 0) {
        throw new OpsError(`stack ${stack}'s outputs lack logGroups: run \`pulumi up --stack ${stack}\` to update them`);
    }
    const group = logGroups[service];
    if (group === undefined) {
        const known = Object.keys(logGroups).sort();
        const hint = service === "frontend" ? " (a static frontend is files on S3 behind CloudFront, which writes no logs here)" : "";
        throw new OpsError(`unknown service "${service}" in stack ${stack}; known: ${known.join(", ")}${hint}`);
    }
    return group;
}

/** One log event, as `logs` prints it. */
export interface LogEvent {
    eventId: string;
    timestamp: number;
    stream: string;
    message: string;
}

function toLogEvent(event: FilteredLogEvent): LogEvent {
    const timestamp = event.timestamp ?? 0;
    const stream = event.logStreamName ?? "-";
    const message = event.message ?? "";
    return { eventId: event.eventId ?? `${stream}/${timestamp}/${message}`, timestamp, stream, message };
}

/** Every event of the group from `start` on (FilterLogEvents, all pages), oldest first; events of one timestamp keep CloudWatch's order. */
export async function fetchEvents(logs: CloudWatchLogsClient, group: string, start: number, signal?: AbortSignal): Promise<LogEvent[]> {
    const events: LogEvent[] = [];
    let nextToken: string | undefined;
    do {
        const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: start, nextToken }), { abortSignal: signal });
        events.push(...(page.events ?? []).map(toLogEvent));
        // A token that comes back unchanged would never end.
        nextToken = page.nextToken !== nextToken ? page.nextToken : undefined;
    } while (nextToken);
    return events.sort((a, b) => a.timestamp - b.timestamp);
}

/** `timestamp stream message`, the timestamp in UTC; the message without its line break. */
export function formatEvent(event: LogEvent): string {
    return `${new Date(event.timestamp).toISOString()} ${event.stream} ${event.message.replace(/\r?\n$/, "")}`;
}

/**
 * What has been printed while following: where the next poll starts, and
 * the ids of the events from there on, so none is printed twice.
 */
export class LogCursor {
    private newest = -Infinity;
    private readonly printed = new Map<string, number>();

    constructor(
        private readonly start: number,
        private readonly lateMs: number = LATE_EVENTS_MS,
    ) {}

    /** Where the next poll starts: `start`, then a little before the newest event seen. */
    get from(): number {
        return Math.max(this.start, this.newest - this.lateMs);
    }

    /** The events not printed yet, oldest first; they count as printed from now on. */
    take(events: LogEvent[]): LogEvent[] {
        const fresh = events.filter((e) => e.timestamp >= this.start && !this.printed.has(e.eventId));
        for (const event of fresh) {
            this.printed.set(event.eventId, event.timestamp);
            this.newest = Math.max(this.newest, event.timestamp);
        }
        // Ids older than where the next poll starts cannot come back.
        const from = this.from;
        for (const [id, timestamp] of this.printed) {
            if (timestamp < from) {
                this.printed.delete(id);
            }
        }
        return fresh.sort((a, b) => a.timestamp - b.timestamp);
    }

    /** How many ids it keeps (for tests: they are dropped once they cannot come back). */
    get size(): number {
        return this.printed.size;
    }
}

/** Waits `ms`, or less when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        if (signal.aborted) {
            resolve();
            return;
        }
        const done = (): void => {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener("abort", done, { once: true });
    });
}

/** A signal that aborts on the first Ctrl-C (SIGINT); a second one ends the process as usual. */
export function untilInterrupted(): { signal: AbortSignal; dispose(): void } {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once("SIGINT", stop);
    return { signal: controller.signal, dispose: () => void process.off("SIGINT", stop) };
}

export interface FollowOptions {
    logs: CloudWatchLogsClient;
    group: string;
    /** The first millisecond to read. */
    start: number;
    print: (event: LogEvent) => void;
    /** Ends the loop (Ctrl-C): a wait or a request under way stops at once. */
    signal: AbortSignal;
    /** Default: a timer that the signal cuts short. */
    sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
    /** Default `POLL_INTERVAL_MS`. */
    intervalMs?: number;
    /** Default `LATE_EVENTS_MS`. */
    lateMs?: number;
}

/** Prints the events from `start` on, then polls for new ones until the signal aborts. */
export async function followEvents(options: FollowOptions): Promise<void> {
    const { signal } = options;
    const wait = options.sleep ?? sleep;
    const cursor = new LogCursor(options.start, options.lateMs);
    while (!signal.aborted) {
        let events: LogEvent[];
        try {
            events = await fetchEvents(options.logs, options.group, cursor.from, signal);
        } catch (err) {
            if (signal.aborted) {
                return;
            }
            throw err;
        }
        cursor.take(events).forEach((event) => options.print(event));
        await wait(options.intervalMs ?? POLL_INTERVAL_MS, signal);
    }
}

export interface LogsOptions {
    outputs: DeployedStack;
    /** The service's short name: a key of the `logGroups` output. Default `backend`. */
    service?: string;
    /** Default `DEFAULT_SINCE`. */
    since?: string;
    follow?: boolean;
    logs: CloudWatchLogsClient;
    /** Where the log lines go (stdout in the command line). */
    say: (line: string) => void;
    /** Where notes go (stderr in the command line). */
    note?: (line: string) => void;
    /** Default `Date.now`. */
    now?: () => number;
    /** `--follow` stops when it aborts. Default: on Ctrl-C. */
    signal?: AbortSignal;
    /** `--follow`'s wait between polls. Default: a timer. */
    sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Why a log group cannot be read, in one line; other errors as they are. */
export function logsError(err: unknown, outputs: Pick<DeployedStack, "stack" | "region">, group: string): unknown {
    if (err instanceof Error && err.name === "ResourceNotFoundException") {
        return new OpsError(`log group ${group} does not exist in ${outputs.region}: stack ${outputs.stack} is not deployed there (or the group was deleted); \`pulumi up --stack ${outputs.stack}\` creates it`);
    }
    return err;
}

/** Prints the service's log events (and follows them); resolves with the exit status. */
export async function runLogs(options: LogsOptions): Promise<number> {
    const { outputs, logs, say } = options;
    const group = logGroupOf(outputs, options.service ?? "backend");
    const start = startTime(parseSince(options.since ?? DEFAULT_SINCE), (options.now ?? Date.now)());
    const since = new Date(start).toISOString();
    const print = (event: LogEvent): void => say(formatEvent(event));
    try {
        if (!options.follow) {
            const events = await fetchEvents(logs, group, start);
            events.forEach(print);
            if (events.length === 0) {
                options.note?.(`no log events in ${group} since ${since}`);
            }
            return 0;
        }
        const stop = options.signal ? { signal: options.signal, dispose: (): void => undefined } : untilInterrupted();
        options.note?.(`following ${group} since ${since} (Ctrl-C to stop)`);
        try {
            await followEvents({ logs, group, start, print, signal: stop.signal, sleep: options.sleep });
        } finally {
            stop.dispose();
        }
        return 0;
    } catch (err) {
        throw logsError(err, outputs, group);
    }
}

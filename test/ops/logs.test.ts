import assert from "node:assert/strict";
import { CloudWatchLogsClient, FilteredLogEvent, FilterLogEventsCommand, ResourceNotFoundException } from "@aws-sdk/client-cloudwatch-logs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { NO_CREDENTIALS, OpsDeps, parseArgs, runOps } from "../../ops/cli";
import { OpsError } from "../../ops/errors";
import { fetchEvents, followEvents, formatEvent, LogCursor, LogEvent, logGroupOf, parseSince, runLogs, SINCE_FORMATS, sleep, startTime } from "../../ops/logs";
import { DeployedStack, parseOutputs, RawOutputs } from "../../ops/outputs";
import { deployedOutputs, fakeSource } from "./fakes";

const logsMock = mockClient(CloudWatchLogsClient);
const stsMock = mockClient(STSClient);
const logs = new CloudWatchLogsClient({ region: "us-west-2" });

const NOW = Date.parse("2026-12-01T10:00:00Z");
const GROUP = "/ecs/shoestring-dev/backend";
const STREAM = "backend/backend/0f3c9a1e";

const event = (eventId: string, timestamp: number, message = `event ${eventId}`, logStreamName = STREAM): FilteredLogEvent => ({ eventId, timestamp, message, logStreamName, ingestionTime: timestamp + 500 });
const line = (e: FilteredLogEvent): string => `${new Date(e.timestamp ?? 0).toISOString()} ${e.logStreamName} ${e.message}`;
const notFound = (): ResourceNotFoundException => new ResourceNotFoundException({ message: "The specified log group does not exist.", $metadata: {} });

/** The startTime of each FilterLogEvents call, and its nextToken. */
const calls = (): { startTime?: number; nextToken?: string; logGroupName?: string }[] =>
    logsMock.commandCalls(FilterLogEventsCommand).map((c) => {
        const { startTime: start, nextToken, logGroupName } = c.args[0].input;
        return { logGroupName, startTime: start, nextToken };
    });

describe("ops/logs", () => {
    let dev: RawOutputs;
    let cheap: RawOutputs;
    let serverless: RawOutputs;
    let devStack: DeployedStack;

    before(async () => {
        dev = await deployedOutputs("dev");
        cheap = await deployedOutputs("cheap");
        serverless = await deployedOutputs("serverless");
        devStack = parseOutputs("dev", dev);
    });

    beforeEach(() => {
        logsMock.reset();
        stsMock.reset();
        stsMock.on(GetCallerIdentityCommand).resolves({ Account: "123456789012", Arn: "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/me" });
    });

    describe("--since", () => {
        for (const [value, ms] of [["30s", 30_000], ["15m", 900_000], ["2h", 7_200_000], ["1d", 86_400_000], ["0s", 0], ["90m", 5_400_000]] as const) {
            it(`${value} is ${ms} ms before now`, () => {
                assert.deepEqual(parseSince(value), { agoMs: ms });
                assert.equal(startTime(parseSince(value), NOW), NOW - ms);
            });
        }

        it("takes an ISO 8601 time, with Z, an offset, or in local time without one", () => {
            assert.equal(startTime(parseSince("2026-12-01T09:30:00Z"), NOW), Date.parse("2026-12-01T09:30:00Z"));
            assert.equal(startTime(parseSince("2026-12-01T09:30:00.250Z"), NOW), Date.parse("2026-12-01T09:30:00.250Z"));
            assert.equal(startTime(parseSince("2026-12-01T10:30+01:00"), NOW), Date.parse("2026-12-01T09:30:00Z"));
            assert.equal(startTime(parseSince("2026-12-01T09:30"), NOW), new Date(2026, 11, 1, 9, 30).getTime());
            assert.equal(startTime(parseSince("2026-12-01"), NOW), new Date(2026, 11, 1).getTime(), "a date alone is local midnight too");
        });

        it("never starts before the epoch", () => {
            assert.equal(startTime(parseSince("100000d"), NOW), 0);
        });

        for (const bad of ["15", "15min", "-5m", "1.5h", "m", "yesterday", "2026-13-01T00:00:00Z", "2026-12-01 09:30", "", "1w"]) {
            it(`refuses ${JSON.stringify(bad)} in one line naming it and what is allowed`, () => {
                assert.throws(
                    () => parseSince(bad),
                    (err: Error) => err instanceof OpsError && err.message === `--since "${bad}" is neither a duration nor a time: use ${SINCE_FORMATS}` && !err.message.includes("\n"),
                );
            });
        }
    });

    describe("which log group", () => {
        it("the backend's, or the frontend's on the container frontend", () => {
            assert.equal(logGroupOf(devStack, "backend"), GROUP);
            assert.equal(logGroupOf(devStack, "frontend"), "/ecs/shoestring-dev/frontend");
        });

        it("on Lambda, the function's, and no frontend", () => {
            const outputs = parseOutputs("serverless", serverless);
            assert.equal(logGroupOf(outputs, "backend"), "/lambda/shoestring-serverless/backend");
            assert.throws(() => logGroupOf(outputs, "frontend"), /^OpsError: unknown service "frontend" in stack serverless; known: backend \(a static frontend is files on S3 behind CloudFront, which writes no logs here\)$/);
        });

        it("names the services it knows for an unknown one", () => {
            assert.throws(() => logGroupOf(devStack, "worker"), /^OpsError: unknown service "worker" in stack dev; known: backend, frontend$/);
        });

        it("outputs of an update from before logGroups: one line saying to update them", () => {
            const { logGroups: _, ...old } = cheap;
            const outputs = parseOutputs("cheap", old);
            assert.equal(outputs.logGroups, undefined, "the other commands still read the stack");
            assert.throws(() => logGroupOf(outputs, "backend"), (err: Error) => err instanceof OpsError && err.message === "stack cheap's outputs lack logGroups: run `pulumi up --stack cheap` to update them");
        });
    });

    describe("fetchEvents", () => {
        it("reads every page with nextToken, from startTime, and returns the events oldest first", async () => {
            logsMock
                .on(FilterLogEventsCommand)
                .resolvesOnce({ events: [event("b", 2000), event("a", 1000, "first", "backend/backend/other")], nextToken: "t1" })
                .resolvesOnce({ events: [], nextToken: "t2" })
                .resolvesOnce({ events: [event("c", 1500)] });
            const events = await fetchEvents(logs, GROUP, 900);
            assert.deepEqual(events.map((e) => e.eventId), ["a", "c", "b"]);
            assert.deepEqual(calls(), [
                { logGroupName: GROUP, startTime: 900, nextToken: undefined },
                { logGroupName: GROUP, startTime: 900, nextToken: "t1" },
                { logGroupName: GROUP, startTime: 900, nextToken: "t2" },
            ]);
        });

        it("keeps CloudWatch's order for events of one timestamp", async () => {
            logsMock.on(FilterLogEventsCommand).resolves({ events: [event("y", 1000), event("x", 1000), event("w", 999)] });
            assert.deepEqual((await fetchEvents(logs, GROUP, 0)).map((e) => e.eventId), ["w", "y", "x"]);
        });

        it("stops on a token that comes back unchanged", async () => {
            logsMock.on(FilterLogEventsCommand).resolves({ events: [event("a", 1000)], nextToken: "same" });
            await fetchEvents(logs, GROUP, 0);
            assert.equal(calls().length, 2);
        });
    });

    it("prints `timestamp stream message`, without the message's line break", () => {
        const e: LogEvent = { eventId: "1", timestamp: Date.parse("2026-12-01T09:59:01.042Z"), stream: STREAM, message: "GET /api/health-check 200\n" };
        assert.equal(formatEvent(e), `2026-12-01T09:59:01.042Z ${STREAM} GET /api/health-check 200`);
    });

    describe("runLogs", () => {
        const run = async (options: Partial<Parameters<typeof runLogs>[0]> = {}): Promise<{ code: number; out: string[]; notes: string[] }> => {
            const out: string[] = [];
            const notes: string[] = [];
            const code = await runLogs({ outputs: devStack, logs, say: (l) => out.push(l), note: (l) => notes.push(l), now: () => NOW, ...options });
            return { code, out, notes };
        };

        it("reads the backend's group from 10 minutes ago by default, and prints its events in time order", async () => {
            const events = [event("2", NOW - 60_000, "listening on 4567"), event("1", NOW - 120_000, "starting")];
            logsMock.on(FilterLogEventsCommand).resolves({ events });
            const result = await run();
            assert.equal(result.code, 0);
            assert.deepEqual(result.out, [line(events[1]), line(events[0])]);
            assert.deepEqual(result.notes, []);
            assert.deepEqual(calls(), [{ logGroupName: GROUP, startTime: NOW - 600_000, nextToken: undefined }]);
        });

        it("--since sets startTime", async () => {
            logsMock.on(FilterLogEventsCommand).resolves({ events: [] });
            await run({ since: "2h" });
            await run({ since: "2026-12-01T08:00:00Z" });
            assert.deepEqual(calls().map((c) => c.startTime), [NOW - 7_200_000, Date.parse("2026-12-01T08:00:00Z")]);
        });

        it("--service picks the service's group", async () => {
            logsMock.on(FilterLogEventsCommand).resolves({ events: [] });
            await run({ service: "frontend" });
            assert.equal(calls()[0].logGroupName, "/ecs/shoestring-dev/frontend");
        });

        it("a group with nothing logged in the window: a note, exit 0", async () => {
            logsMock.on(FilterLogEventsCommand).resolves({ events: [] });
            const result = await run({ since: "30s" });
            assert.equal(result.code, 0);
            assert.deepEqual(result.out, []);
            assert.deepEqual(result.notes, [`no log events in ${GROUP} since 2026-12-01T09:59:30.000Z`]);
        });

        it("no log group yet: one line saying so", async () => {
            logsMock.on(FilterLogEventsCommand).rejects(notFound());
            await assert.rejects(run(), (err: Error) => err instanceof OpsError && err.message === `log group ${GROUP} does not exist in us-west-2: stack dev is not deployed there (or the group was deleted); \`pulumi up --stack dev\` creates it`);
        });

        it("a bad --since fails before any call", async () => {
            await assert.rejects(run({ since: "soon" }), /--since "soon" is neither a duration nor a time/);
            assert.equal(calls().length, 0);
        });

        it("--follow prints, then polls until stopped, with the injected wait", async () => {
            const first = event("1", NOW - 5000);
            const second = event("2", NOW + 1000);
            logsMock.on(FilterLogEventsCommand).resolvesOnce({ events: [first] }).resolvesOnce({ events: [first, second] });
            const controller = new AbortController();
            const waits: number[] = [];
            const result = await run({
                follow: true,
                signal: controller.signal,
                sleep: async (ms) => {
                    waits.push(ms);
                    if (waits.length === 2) {
                        controller.abort();
                    }
                },
            });
            assert.equal(result.code, 0);
            assert.deepEqual(result.out, [line(first), line(second)]);
            assert.deepEqual(result.notes, [`following ${GROUP} since 2026-12-01T09:50:00.000Z (Ctrl-C to stop)`]);
            assert.deepEqual(waits, [2000, 2000]);
            assert.equal(calls().length, 2);
        });
    });

    describe("followEvents", () => {
        /** Follows with a wait that records each poll's moment and stops after `polls` polls. */
        async function follow(polls: number, lateMs = 10_000): Promise<{ printed: string[]; waits: number }> {
            const controller = new AbortController();
            const printed: string[] = [];
            let waits = 0;
            await followEvents({
                logs,
                group: GROUP,
                start: 1000,
                lateMs,
                print: (e) => printed.push(e.eventId),
                signal: controller.signal,
                sleep: async (_ms, signal) => {
                    assert.equal(signal, controller.signal);
                    if (++waits === polls) {
                        controller.abort();
                    }
                },
            });
            return { printed, waits };
        }

        it("prints each event once across polls, telling events of one timestamp apart by id", async () => {
            logsMock
                .on(FilterLogEventsCommand)
                .resolvesOnce({ events: [event("a", 20_000), event("b", 30_000)] })
                // b again, and c with b's timestamp: c is new.
                .resolvesOnce({ events: [event("b", 30_000), event("c", 30_000)] })
                // Nothing new.
                .resolvesOnce({ events: [event("b", 30_000), event("c", 30_000)] })
                .resolvesOnce({ events: [event("c", 30_000), event("d", 31_000)] });
            const { printed } = await follow(4);
            assert.deepEqual(printed, ["a", "b", "c", "d"]);
        });

        it("starts at --since, then a little before the newest event seen", async () => {
            logsMock
                .on(FilterLogEventsCommand)
                .resolvesOnce({ events: [] })
                .resolvesOnce({ events: [event("a", 5000)] })
                .resolvesOnce({ events: [event("a", 5000), event("b", 40_000)] })
                .resolvesOnce({ events: [] });
            await follow(4);
            assert.deepEqual(calls().map((c) => c.startTime), [1000, 1000, 1000, 30_000]);
        });

        it("prints an event that arrives late, with an earlier timestamp than one already printed", async () => {
            logsMock
                .on(FilterLogEventsCommand)
                .resolvesOnce({ events: [event("a", 20_000, "task 1")] })
                .resolvesOnce({ events: [event("late", 15_000, "task 2", "backend/backend/task2"), event("a", 20_000, "task 1")] });
            const { printed } = await follow(2);
            assert.deepEqual(printed, ["a", "late"]);
        });

        it("follows every page of a poll", async () => {
            logsMock
                .on(FilterLogEventsCommand)
                .resolvesOnce({ events: [event("a", 2000)], nextToken: "more" })
                .resolvesOnce({ events: [event("b", 3000)] })
                .resolvesOnce({ events: [event("c", 4000)] });
            const { printed } = await follow(2);
            assert.deepEqual(printed, ["a", "b", "c"]);
            assert.deepEqual(calls().map((c) => c.nextToken), [undefined, "more", undefined]);
        });

        it("stops without another call once the signal aborts during the wait", async () => {
            logsMock.on(FilterLogEventsCommand).resolves({ events: [event("a", 2000)] });
            const { waits } = await follow(1);
            assert.equal(waits, 1);
            assert.equal(calls().length, 1);
        });

        it("a request cut short by the signal ends quietly; other failures are thrown", async () => {
            const controller = new AbortController();
            logsMock.on(FilterLogEventsCommand).callsFake(() => {
                controller.abort();
                throw Object.assign(new Error("Request aborted"), { name: "AbortError" });
            });
            await followEvents({ logs, group: GROUP, start: 0, print: () => assert.fail("nothing to print"), signal: controller.signal, sleep: async () => undefined });

            logsMock.reset();
            logsMock.on(FilterLogEventsCommand).rejects(notFound());
            await assert.rejects(followEvents({ logs, group: GROUP, start: 0, print: () => undefined, signal: new AbortController().signal }), /log group does not exist/);
        });
    });

    it("the cursor forgets ids that can no longer come back", () => {
        const cursor = new LogCursor(0, 1000);
        const e = (eventId: string, timestamp: number): LogEvent => ({ eventId, timestamp, stream: STREAM, message: "" });
        assert.deepEqual(cursor.take([e("a", 100), e("b", 5000)]).map((x) => x.eventId), ["a", "b"]);
        assert.equal(cursor.from, 4000);
        assert.equal(cursor.size, 1, "a is before 4000");
        assert.deepEqual(cursor.take([e("b", 5000), e("c", 4500)]).map((x) => x.eventId), ["c"]);
    });

    it("the default wait ends early when the signal aborts", async () => {
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(), 10);
        await sleep(60_000, controller.signal);
        assert.ok(Date.now() - started < 5000);
        await sleep(60_000, controller.signal);
    });

    describe("npm run ops -- logs", () => {
        async function ops(argv: string[], deps: OpsDeps = {}): Promise<{ code: number; stdout: string; stderr: string }> {
            let stdout = "";
            let stderr = "";
            const code = await runOps(argv, { outputs: fakeSource({ dev, cheap, serverless }), ...deps, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
            return { code, stdout, stderr };
        }

        it("reads the flags", () => {
            assert.deepEqual(parseArgs(["logs", "--stack", "dev", "--service", "frontend", "--since", "2h", "--follow"]), { command: "logs", stack: "dev", service: "frontend", refresh: false, since: "2h", follow: true });
            assert.deepEqual(parseArgs(["logs", "-s", "cheap", "--since=15m", "-f"]), { command: "logs", stack: "cheap", service: "backend", refresh: false, since: "15m", follow: true });
            assert.deepEqual(parseArgs(["logs", "--stack", "cheap"]), { command: "logs", stack: "cheap", service: "backend", refresh: false });
        });

        for (const [args, message] of [
            [["logs", "--stack", "cheap", "--since", "5 minutes"], /^OpsError: --since "5 minutes" is neither a duration nor a time: use a duration \(30s, 15m, 2h, 1d\) or an ISO 8601 time/],
            [["logs", "--stack", "cheap", "--since"], /--since needs a value/],
            [["status", "--stack", "cheap", "--since", "1h"], /--since is only for logs/],
            [["exec", "--stack", "cheap", "--follow"], /--follow is only for logs/],
            [["logs", "--stack", "cheap", "--refresh"], /--refresh is only for pause and resume/],
        ] as [string[], RegExp][]) {
            it(`refuses ${JSON.stringify(args)}`, () => assert.throws(() => parseArgs(args), message));
        }

        it("prints the events on stdout, exit 0", async () => {
            const events = [event("1", Date.now() - 1000, "GET /api/health-check 200\n")];
            logsMock.on(FilterLogEventsCommand).resolves({ events });
            const run = await ops(["logs", "--stack", "cheap"]);
            assert.equal(run.code, 0, run.stderr);
            assert.equal(run.stdout, `${line({ ...events[0], message: "GET /api/health-check 200" })}\n`);
            assert.equal(run.stderr, "");
            assert.equal(calls()[0].logGroupName, "/ecs/shoestring-cheap/backend");
        });

        it("on Lambda, the function's log group", async () => {
            logsMock.on(FilterLogEventsCommand).resolves({ events: [] });
            const run = await ops(["logs", "--stack", "serverless", "--since", "1h"]);
            assert.equal(run.code, 0, run.stderr);
            assert.equal(calls()[0].logGroupName, "/lambda/shoestring-serverless/backend");
            assert.match(run.stderr, /^no log events in \/lambda\/shoestring-serverless\/backend since \S+Z\n$/);
        });

        it("--service frontend on a stack with a static frontend: one line, exit 1, no call", async () => {
            const run = await ops(["logs", "--stack", "cheap", "--service", "frontend"]);
            assert.equal(run.code, 1);
            assert.match(run.stderr, /^error: unknown service "frontend" in stack cheap; known: backend \(a static frontend[^\n]*\n$/);
            assert.equal(calls().length, 0);
        });

        it("no log group yet: one line, exit 1", async () => {
            logsMock.on(FilterLogEventsCommand).rejects(notFound());
            const run = await ops(["logs", "--stack", "dev"]);
            assert.equal(run.code, 1);
            assert.equal(run.stderr, `error: log group ${GROUP} does not exist in us-west-2: stack dev is not deployed there (or the group was deleted); \`pulumi up --stack dev\` creates it\n`);
            assert.equal(run.stdout, "");
        });

        it("no credentials: one line, exit 1, before reading the logs", async () => {
            stsMock.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
            const run = await ops(["logs", "--stack", "dev", "--follow"]);
            assert.equal(run.code, 1);
            assert.equal(run.stderr, `error: ${NO_CREDENTIALS}\n`);
            assert.equal(calls().length, 0);
        });

        it("credentials that expire while reading: the same one line, exit 1", async () => {
            logsMock.on(FilterLogEventsCommand).rejects(Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredTokenException" }));
            const run = await ops(["logs", "--stack", "dev"]);
            assert.equal(run.code, 1);
            assert.equal(run.stderr, `error: ${NO_CREDENTIALS}\n`);
        });

        it("a stack updated before logGroups: one line, exit 1", async () => {
            const { logGroups: _, ...old } = dev;
            const run = await ops(["logs", "--stack", "dev"], { outputs: fakeSource({ dev: old }) });
            assert.equal(run.code, 1);
            assert.equal(run.stderr, "error: stack dev's outputs lack logGroups: run `pulumi up --stack dev` to update them\n");
        });
    });
});

import assert from "node:assert/strict";
import {
    AwakeWindow,
    awakeFraction,
    awakeHoursPerWeek,
    cronDays,
    formatWindow,
    keepStoppedCrons,
    parseWindow,
    parseWindows,
    scheduleCrons,
    timezoneProblem,
    WEEK_MINUTES,
} from "../../lib/schedule";

const windows = (...texts: string[]): AwakeWindow[] => {
    const parsed = parseWindows(texts);
    assert.ok(parsed.every((w) => "days" in w), JSON.stringify(parsed));
    return parsed as AwakeWindow[];
};
const problems = (...texts: string[]) => {
    const parsed = parseWindows(texts);
    assert.ok(parsed.every((p) => "index" in p), JSON.stringify(parsed));
    return parsed as { index: number; message: string }[];
};

describe("lib/schedule", () => {
    describe("parseWindow", () => {
        it("reads days as a day, a range or a comma list, in any case, and times in minutes", () => {
            assert.deepEqual(parseWindow("Mon-Fri 08:00-19:00"), { days: ["Mon", "Tue", "Wed", "Thu", "Fri"], start: 480, end: 1140 });
            assert.deepEqual(parseWindow("sat 10:30-14:15"), { days: ["Sat"], start: 630, end: 855 });
            assert.deepEqual(parseWindow("  Fri,Mon-Tue  00:00-23:59 "), { days: ["Mon", "Tue", "Fri"], start: 0, end: 1439 });
            assert.deepEqual(parseWindow("Sat-Sun 09:00-10:00"), { days: ["Sat", "Sun"], start: 540, end: 600 });
        });

        it("refuses what is not a window, naming what is wrong and what is allowed", () => {
            assert.match(parseWindow("Mon-Fri") as string, /is not an awake window; write "<days> <HH:MM>-<HH:MM>"/);
            assert.match(parseWindow("Mo 08:00-09:00") as string, /"Mo" .* is not a day or a range of days; allowed: Mon, Tue, Wed, Thu, Fri, Sat, Sun/);
            assert.match(parseWindow("Fri-Mon 08:00-09:00") as string, /runs backwards; .*write Fri-Sun,Mon\)/);
            assert.match(parseWindow("Sun-Mon 08:00-09:00") as string, /write Sun,Mon\)/);
            assert.match(parseWindow("Fri-Tue 08:00-09:00") as string, /write Fri-Sun,Mon-Tue\)/);
            assert.match(parseWindow("Mon,Mon-Tue 08:00-09:00") as string, /Mon is named twice/);
            assert.match(parseWindow("Mon 8:00-9:00") as string, /is not a time range; write HH:MM-HH:MM/);
            assert.match(parseWindow("Mon 08:00-24:00") as string, /00:00 to 23:59/);
            assert.match(parseWindow("Mon 08:60-09:00") as string, /is not a time range/);
            assert.match(parseWindow("Mon 08:00") as string, /is not a time range/);
        });

        it("refuses a range with an end that is no day, or with more than two ends", () => {
            for (const text of ["Mo-Fri 08:00-09:00", "Mon-Fr 08:00-09:00", "Mon-Wed-Fri 08:00-09:00"]) {
                assert.match(parseWindow(text) as string, /is not a day or a range of days/, text);
            }
        });

        it("refuses a time with more digits or text around it, and more than two times", () => {
            for (const text of ["Mon 108:00-09:00", "Mon 08:00-09:000", "Mon 08:00-09:00h", "Mon 08:00-09:00-10:00"]) {
                assert.match(parseWindow(text) as string, /is not a time range; write HH:MM-HH:MM/, text);
            }
        });

        it("refuses a window that ends at or before its start (one crossing midnight), saying how to split it", () => {
            assert.match(parseWindow("Fri 22:00-02:00") as string, /ends at 02:00, not after its start 22:00; .*split one across midnight into two/);
            assert.match(parseWindow("Fri 10:00-10:00") as string, /not after its start/);
        });
    });

    describe("parseWindows", () => {
        it("returns the windows when every one is good", () => {
            assert.deepEqual(windows("Mon-Fri 08:00-12:00", "Mon-Fri 13:00-18:00", "Sat 10:00-14:00").map(formatWindow), ["Mon-Fri 08:00-12:00", "Mon-Fri 13:00-18:00", "Sat 10:00-14:00"]);
        });

        it("refuses windows of one day that overlap or touch, naming both and the day, at the later one's index", () => {
            const found = problems("Mon-Fri 08:00-19:00", "Fri 18:00-20:00", "Sat 10:00-12:00", "Sat 12:00-13:00");
            assert.deepEqual(found.map((p) => p.index), [1, 3]);
            assert.match(found[0].message, /"Fri 18:00-20:00" overlaps "Mon-Fri 08:00-19:00" on Fri/);
            assert.match(found[1].message, /"Sat 12:00-13:00" touches "Sat 10:00-12:00" on Sat/);
        });

        it("refuses a window listed later that ends as an earlier one starts, naming every day they share", () => {
            const found = problems("Mon-Fri 10:00-12:00", "Tue-Wed 08:00-10:00");
            assert.deepEqual(found.map((p) => p.index), [1]);
            assert.match(found[0].message, /^"Tue-Wed 08:00-10:00" touches "Mon-Fri 10:00-12:00" on Tue, Wed; windows of one day must leave a gap/);
        });

        it("lets windows of one day with a gap between them through, whichever is listed first", () => {
            assert.equal(windows("Mon 10:00-12:00", "Mon 08:00-09:00").length, 2);
            assert.equal(windows("Mon 08:00-09:00", "Mon 10:00-12:00").length, 2);
        });

        it("compares with the windows that parsed, whatever failed before", () => {
            const found = problems("nonsense", "Mon 08:00-10:00", "Mon 09:00-11:00");
            assert.deepEqual(found.map((p) => p.index), [0, 2]);
            assert.match(found[1].message, /overlaps "Mon 08:00-10:00"/);
        });

        it("lets the same times on other days through", () => {
            assert.equal(windows("Mon 08:00-10:00", "Tue 08:00-10:00").length, 2);
        });

        it("refuses an empty list", () => {
            assert.deepEqual(problems().map((p) => p.index), [-1]);
            assert.match(problems()[0].message, /lists no window/);
        });
    });

    describe("formatWindow", () => {
        it("writes a window's days Monday first, runs as ranges and the rest as a comma list", () => {
            assert.equal(formatWindow(parseWindow("Fri,Mon-Wed 08:00-09:30") as AwakeWindow), "Mon-Wed,Fri 08:00-09:30");
            assert.equal(formatWindow(parseWindow("Sun,Tue 00:05-23:59") as AwakeWindow), "Tue,Sun 00:05-23:59");
        });
    });

    describe("timezoneProblem", () => {
        it("takes IANA names, UTC and Etc zones", () => {
            for (const tz of ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+9", "Asia/Kolkata", "Pacific/Tahiti"]) {
                assert.equal(timezoneProblem(tz), undefined, tz);
            }
        });

        it("refuses unknown names, abbreviations and wrong case, with the spelling to use", () => {
            assert.match(timezoneProblem("Mars/Olympus") ?? "", /is not an IANA time zone name/);
            assert.match(timezoneProblem("Berlin") ?? "", /is not an IANA time zone name/);
            assert.match(timezoneProblem("CET") ?? "", /is not an IANA Area\/Location name/);
            assert.match(timezoneProblem("GMT") ?? "", /use UTC/);
            assert.match(timezoneProblem("Europe/berlin") ?? "", /use Europe\/Berlin/);
            assert.match(timezoneProblem("europe/berlin") ?? "", /Area\/Location/);
            assert.match(timezoneProblem("america/Argentina/Buenos_Aires") ?? "", /Area\/Location/);
        });

        it("tells an abbreviation of a place's zone to name the place, and one of UTC to use UTC", () => {
            assert.equal(timezoneProblem("CET"), '"CET" is not an IANA Area/Location name, a place whose clock to follow (like Europe/Berlin, America/New_York or UTC)');
            assert.equal(timezoneProblem("GMT"), '"GMT" is not an IANA Area/Location name (use UTC)');
        });
    });

    describe("awake hours", () => {
        it("counts Mon-Fri 08:00-19:00 as 55 hours a week, and adds windows", () => {
            assert.equal(awakeHoursPerWeek({ windows: windows("Mon-Fri 08:00-19:00") }), 55);
            assert.equal(awakeHoursPerWeek({ windows: windows("Mon-Fri 08:00-19:00", "Sat 10:00-14:30") }), 59.5);
            assert.equal(awakeHoursPerWeek({ windows: [] }), 0);
        });

        it("gives the fraction of the week awake", () => {
            assert.equal(awakeFraction({ windows: windows("Mon-Sun 00:00-12:00") }), 0.5);
            assert.equal(awakeFraction({ windows: windows("Mon-Fri 08:00-19:00") }), (55 * 60) / WEEK_MINUTES);
        });
    });

    describe("cron expressions", () => {
        it("names days Sunday first, as cron counts them, consecutive days as ranges", () => {
            assert.equal(cronDays(["Mon", "Tue", "Wed", "Thu", "Fri"]), "MON-FRI");
            assert.equal(cronDays(["Sat", "Sun"]), "SUN,SAT");
            assert.equal(cronDays(["Mon", "Tue"]), "MON,TUE");
            assert.equal(cronDays(["Mon", "Wed", "Thu", "Fri", "Sun"]), "SUN,MON,WED-FRI");
            assert.equal(cronDays(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]), "SUN-SAT");
        });

        it("wakes at each start and sleeps at each end, one expression per distinct time", () => {
            assert.deepEqual(scheduleCrons({ windows: windows("Mon-Fri 08:00-19:00") }), { wake: ["cron(0 8 ? * MON-FRI *)"], sleep: ["cron(0 19 ? * MON-FRI *)"] });
            assert.deepEqual(scheduleCrons({ windows: windows("Sat 08:30-14:00", "Mon-Fri 08:30-19:45", "Sun 10:00-14:00") }), {
                wake: ["cron(30 8 ? * MON-SAT *)", "cron(0 10 ? * SUN *)"],
                sleep: ["cron(0 14 ? * SUN,SAT *)", "cron(45 19 ? * MON-FRI *)"],
            });
        });

        it("lists the wake and sleep times in the order of the day, whatever the order of the windows", () => {
            assert.deepEqual(scheduleCrons({ windows: windows("Sat 10:00-14:00", "Mon-Fri 08:00-19:00", "Sun 09:00-12:00") }), {
                wake: ["cron(0 8 ? * MON-FRI *)", "cron(0 9 ? * SUN *)", "cron(0 10 ? * SAT *)"],
                sleep: ["cron(0 12 ? * SUN *)", "cron(0 14 ? * SAT *)", "cron(0 19 ? * MON-FRI *)"],
            });
        });

        it("repeats the stop every sleeping hour, clear of the next wake, days with the same hours together", () => {
            assert.deepEqual(keepStoppedCrons({ windows: windows("Mon-Fri 08:00-19:00") }), ["cron(20 0-7,19-23 ? * MON-FRI *)", "cron(20 * ? * SUN,SAT *)"]);
            // 07:20 is 25 minutes before a 07:45 wake, inside the margin: that hour is left out.
            assert.deepEqual(keepStoppedCrons({ windows: windows("Mon-Sun 07:45-19:00") }), ["cron(20 0-6,19-23 ? * SUN-SAT *)"]);
            assert.deepEqual(keepStoppedCrons({ windows: windows("Mon-Sun 00:00-23:59") }), []);
            assert.deepEqual(keepStoppedCrons({ windows: [] }), ["cron(20 * ? * SUN-SAT *)"]);
        });

        it("stops at an hour that keeps exactly the margin before a wake, or falls exactly on a sleep", () => {
            // 07:20 is 30 minutes before a 07:50 wake; 19:20 is the moment the window ends.
            assert.deepEqual(keepStoppedCrons({ windows: windows("Mon-Sun 07:50-19:20") }), ["cron(20 0-7,19-23 ? * SUN-SAT *)"]);
        });

        it("gives days with different sleeping hours their own expressions, a lone hour written once", () => {
            // Monday sleeps at 1, 2 and 3; Tuesday at 1 and 23.
            assert.deepEqual(keepStoppedCrons({ windows: windows("Mon 00:00-00:30", "Mon 04:00-23:59", "Tue 00:00-00:30", "Tue 02:00-23:00") }), [
                "cron(20 1-3 ? * MON *)",
                "cron(20 1,23 ? * TUE *)",
                "cron(20 * ? * SUN,WED-SAT *)",
            ]);
        });
    });
});

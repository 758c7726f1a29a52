/**
 * Awake hours: the weekly windows in which the stack's services run and its
 * database is available, and the cron expressions the two AWS schedulers
 * need to wake it up and put it to sleep.
 *
 * A window is written `"<days> <HH:MM>-<HH:MM>"`: days `Mon` to `Sun`, as a
 * day (`Sat`), a range (`Mon-Fri`) or a comma list of both (`Mon-Wed,Fri`);
 * the end after the start on the same day. Times are in the schedule's
 * time zone, an IANA name (`Europe/Berlin`).
 *
 * Both schedulers take the same six-field cron syntax,
 * `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, with
 * day-of-week `1-7` or `SUN-SAT` (Sunday first) and `?` in day-of-month
 * when day-of-week is given, evaluated in a time zone of their own field:
 * - Application Auto Scaling scheduled actions, `Schedule` with `Timezone`
 *   ("Schedule recurring scaling actions using Application Auto Scaling",
 *   https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html,
 *   which refers to the EventBridge cron reference,
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions);
 * - EventBridge Scheduler schedules, `ScheduleExpression` with
 *   `ScheduleExpressionTimezone` ("Schedule types in EventBridge
 *   Scheduler", https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based).
 *
 * Pure: no Pulumi imports. The config schema checks windows with it, the
 * components get its cron expressions, and the cost model can read the
 * awake hours of a week.
 */

/** The days of a window, Monday first (as people write weeks). */
export const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export type Day = (typeof DAYS)[number];

/** The same days as cron's day-of-week names, which count from Sunday (SUN = 1 ... SAT = 7). */
const CRON_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

/** Minutes in a day and in a week. */
const DAY_MINUTES = 24 * 60;
export const WEEK_MINUTES = 7 * DAY_MINUTES;

/** One awake window, normalized: its days (Monday first, each once) and its times in minutes after midnight. */
export interface AwakeWindow {
    days: Day[];
    /** Minutes after midnight the window starts (inclusive). */
    start: number;
    /** Minutes after midnight it ends (exclusive), after `start`. */
    end: number;
}

/** A parsed schedule: the time zone its times are in, and its windows. */
export interface Schedule {
    /** An IANA time zone name (`UTC`, `Europe/Berlin`). */
    timezone: string;
    windows: AwakeWindow[];
}

/** The time zone of a schedule that names none. */
export const DEFAULT_TIMEZONE = "UTC";

/** `HH:MM` of minutes after midnight. */
export function clock(minutes: number): string {
    return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** A window as it is written (`Mon-Fri 08:00-19:00`), days compressed to ranges. */
export function formatWindow(window: AwakeWindow): string {
    const indexes = window.days.map((d) => DAYS.indexOf(d));
    return `${ranges(indexes).map(([a, b]) => (a === b ? DAYS[a] : `${DAYS[a]}-${DAYS[b]}`)).join(",")} ${clock(window.start)}-${clock(window.end)}`;
}

/** Runs of consecutive numbers in a sorted list, as [first, last] pairs. */
function ranges(sorted: number[]): [number, number][] {
    const runs: [number, number][] = [];
    for (const n of sorted) {
        const last = runs[runs.length - 1];
        if (last && n === last[1] + 1) {
            last[1] = n;
        } else {
            runs.push([n, n]);
        }
    }
    return runs;
}

/** A day name in any case (`mon`, `MON`, `Mon`), or undefined. */
function dayOf(text: string): Day | undefined {
    return DAYS.find((d) => d.toLowerCase() === text.toLowerCase());
}

/** `HH:MM` (00:00 to 23:59) as minutes after midnight, or undefined. */
function minutesOf(text: string): number | undefined {
    const match = /^(\d{2}):(\d{2})$/.exec(text);
    if (!match) return undefined;
    const [hours, minutes] = [Number(match[1]), Number(match[2])];
    return hours <= 23 && minutes <= 59 ? hours * 60 + minutes : undefined;
}

const WINDOW_FORM = `"<days> <HH:MM>-<HH:MM>" with days Mon to Sun as a day, a range or a comma list (like "Mon-Fri 08:00-19:00" or "Sat,Sun 10:00-14:00")`;

/** Parses one window; a string says what is wrong with it. */
export function parseWindow(text: string): AwakeWindow | string {
    const parts = text.trim().split(/\s+/);
    if (parts.length !== 2) {
        return `${JSON.stringify(text)} is not an awake window; write ${WINDOW_FORM}`;
    }
    const [dayText, timeText] = parts;
    const days = new Set<number>();
    for (const item of dayText.split(",")) {
        const [first, last, ...rest] = item.split("-");
        const from = dayOf(first);
        const to = last === undefined ? from : dayOf(last);
        if (from === undefined || to === undefined || rest.length > 0) {
            return `${JSON.stringify(item)} in ${JSON.stringify(text)} is not a day or a range of days; allowed: ${DAYS.join(", ")}, a range like Mon-Fri, a comma list like Mon-Wed,Fri`;
        }
        const [a, b] = [DAYS.indexOf(from), DAYS.indexOf(to)];
        if (b < a) {
            return `${JSON.stringify(item)} in ${JSON.stringify(text)} runs backwards; a range runs from Mon towards Sun (write ${DAYS[a]}${a < 6 ? "-Sun" : ""},Mon${b > 0 ? `-${DAYS[b]}` : ""})`;
        }
        for (let d = a; d <= b; d++) {
            if (days.has(d)) {
                return `${DAYS[d]} is named twice in ${JSON.stringify(text)}; name each day once`;
            }
            days.add(d);
        }
    }
    const times = timeText.split("-");
    const [start, end] = times.map(minutesOf);
    if (times.length !== 2 || start === undefined || end === undefined) {
        return `${JSON.stringify(timeText)} in ${JSON.stringify(text)} is not a time range; write HH:MM-HH:MM, 24-hour clock, 00:00 to 23:59 (like 08:00-19:00)`;
    }
    if (end <= start) {
        return `${JSON.stringify(text)} ends at ${clock(end)}, not after its start ${clock(start)}; a window ends on the day it starts (split one across midnight into two, like "Fri 20:00-23:59" and "Sat 00:00-02:00")`;
    }
    return { days: [...days].sort((x, y) => x - y).map((d) => DAYS[d]), start, end };
}

/** A problem with one of a schedule's windows: its index in the list, and what is wrong. */
export interface WindowProblem {
    index: number;
    message: string;
}

/**
 * Parses a schedule's windows: each window's own problems, then windows of
 * the same day that overlap or touch (one would put the stack to sleep as
 * the other wakes it). Returns the windows, or every problem found.
 */
export function parseWindows(texts: readonly string[]): AwakeWindow[] | WindowProblem[] {
    const problems: WindowProblem[] = [];
    const windows: AwakeWindow[] = [];
    const written: string[] = [];
    texts.forEach((text, index) => {
        const parsed = parseWindow(text);
        if (typeof parsed === "string") {
            problems.push({ index, message: parsed });
            return;
        }
        for (const [other, earlier] of windows.entries()) {
            const shared = parsed.days.filter((d) => earlier.days.includes(d));
            if (shared.length > 0 && parsed.start <= earlier.end && earlier.start <= parsed.end) {
                const how = parsed.start < earlier.end && earlier.start < parsed.end ? "overlaps" : "touches";
                problems.push({ index, message: `${JSON.stringify(text)} ${how} ${JSON.stringify(written[other])} on ${shared.join(", ")}; windows of one day must leave a gap between them (join them into one window)` });
                return;
            }
        }
        windows.push(parsed);
        written.push(text);
    });
    if (texts.length === 0) {
        problems.push({ index: -1, message: "lists no window; give at least one (like \"Mon-Fri 08:00-19:00\"), or remove schedule to run always" });
    }
    return problems.length > 0 ? problems : windows;
}

/**
 * Whether a time zone name is one both schedulers take: an IANA name
 * (Application Auto Scaling takes "the canonical names of the IANA time
 * zones supported by Joda-Time"; Scheduler, IANA names), spelt as IANA
 * spells it, as this runtime's ICU knows them: `UTC`, or `Area/Location`
 * (`Europe/Berlin`, `Etc/GMT+9`). Undefined when it is; else what is wrong.
 *
 * ICU's own canonical list (`Intl.supportedValuesOf`) keeps some names
 * IANA has renamed (`Asia/Calcutta` for `Asia/Kolkata`), so a name is not
 * refused for missing from it; an abbreviation (`CET`, `EST`) is, being
 * no location.
 */
export function timezoneProblem(name: string): string | undefined {
    let resolved: string;
    try {
        resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    } catch {
        return `${JSON.stringify(name)} is not an IANA time zone name (like Europe/Berlin, America/New_York or UTC)`;
    }
    // Stryker disable next-line Regex: Intl has taken the name, and it takes none that goes on past an Area/Location in a character outside the class, so the $ changes nothing (the ^ is tested)
    if (name !== "UTC" && !/^[A-Z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+)+$/.test(name)) {
        return `${JSON.stringify(name)} is not an IANA Area/Location name${resolved === "UTC" ? " (use UTC)" : ", a place whose clock to follow (like Europe/Berlin, America/New_York or UTC)"}`;
    }
    if (resolved.toLowerCase() === name.toLowerCase() && resolved !== name) {
        return `${JSON.stringify(name)} is not spelt as IANA spells it; use ${resolved}`;
    }
    return undefined;
}

/** Minutes awake in a week. */
export function awakeMinutesPerWeek(schedule: Pick<Schedule, "windows">): number {
    return schedule.windows.reduce((sum, w) => sum + w.days.length * (w.end - w.start), 0);
}

/** Hours awake in a week (Mon-Fri 08:00-19:00 is 55). */
export function awakeHoursPerWeek(schedule: Pick<Schedule, "windows">): number {
    return awakeMinutesPerWeek(schedule) / 60;
}

/** The fraction of a week the stack is awake, 0 to 1 (what a running day costs times this is what a scheduled day costs). */
export function awakeFraction(schedule: Pick<Schedule, "windows">): number {
    return awakeMinutesPerWeek(schedule) / WEEK_MINUTES;
}

/** Cron's day-of-week field for a set of days: names, Sunday first, consecutive days as ranges (`MON-FRI`, `SUN,SAT`). */
export function cronDays(days: readonly Day[]): string {
    const indexes = [...new Set(days.map((d) => (DAYS.indexOf(d) + 1) % 7))].sort((a, b) => a - b);
    return ranges(indexes)
        .map(([a, b]) => (a === b ? CRON_DAYS[a] : b === a + 1 ? `${CRON_DAYS[a]},${CRON_DAYS[b]}` : `${CRON_DAYS[a]}-${CRON_DAYS[b]}`))
        .join(",");
}

/** `cron(M H ? * DAYS *)`: at a time of day on some days of every week. */
export function weeklyCron(minutes: number, days: readonly Day[]): string {
    return `cron(${minutes % 60} ${Math.floor(minutes / 60)} ? * ${cronDays(days)} *)`;
}

/**
 * The moments a schedule changes state, grouped into as few cron
 * expressions as there are distinct times: windows that start at the same
 * time share one wake expression whatever their days, and those that end at
 * the same time one sleep expression. Times ascending.
 */
export function scheduleCrons(schedule: Pick<Schedule, "windows">): { wake: string[]; sleep: string[] } {
    const at = (key: "start" | "end") => {
        const byTime = new Map<number, Day[]>();
        for (const w of schedule.windows) {
            byTime.set(w[key], [...(byTime.get(w[key]) ?? []), ...w.days]);
        }
        return [...byTime.entries()].sort(([a], [b]) => a - b).map(([minutes, days]) => weeklyCron(minutes, days));
    };
    return { wake: at("start"), sleep: at("end") };
}

/** Minutes a database stop attempt keeps clear of the next wake (RDS refuses a start while it is stopping). */
export const STOP_MARGIN_MINUTES = 30;

/** The minute past the hour of the repeated stop attempts. */
export const KEEP_STOPPED_MINUTE = 20;

/**
 * Cron expressions of a stop attempt every hour the stack sleeps: at
 * `KEEP_STOPPED_MINUTE` past each hour that is outside every window and at
 * least `STOP_MARGIN_MINUTES` before the next one starts, days with the same
 * hours sharing one expression. AWS starts an instance that has been stopped
 * for 7 days by itself; these put it back to sleep within the hour.
 */
export function keepStoppedCrons(schedule: Pick<Schedule, "windows">): string[] {
    const asleepHours = (day: Day): number[] => {
        // The last attempt (23:20) keeps its margin before midnight, so only the day's own windows count.
        const today = schedule.windows.filter((w) => w.days.includes(day));
        const hours: number[] = [];
        for (let hour = 0; hour < 24; hour++) {
            const t = hour * 60 + KEEP_STOPPED_MINUTE;
            if (today.every((w) => t + STOP_MARGIN_MINUTES <= w.start || t >= w.end)) {
                hours.push(hour);
            }
        }
        return hours;
    };
    const byHours = new Map<string, { hours: number[]; days: Day[] }>();
    for (const day of DAYS) {
        const hours = asleepHours(day);
        if (hours.length === 0) continue;
        const key = hours.join(",");
        byHours.set(key, { hours, days: [...(byHours.get(key)?.days ?? []), day] });
    }
    return [...byHours.values()].map(({ hours, days }) => `cron(${KEEP_STOPPED_MINUTE} ${hours.length === 24 ? "*" : ranges(hours).map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(",")} ? * ${cronDays(days)} *)`);
}

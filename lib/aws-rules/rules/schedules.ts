/**
 * Schedules: Application Auto Scaling scheduled actions and EventBridge
 * Scheduler schedules. Both take `cron(...)`, `rate(...)` or `at(...)`
 * expressions in a time zone of their own field; the APIs accept any text
 * up to their length limits at the SDK and refuse a bad expression only
 * when called, so the syntax is checked here.
 */
import { timezoneProblem } from "../../schedule";
import { AwsRule, Problem, RuleResource } from "../types";
import { isKnown, obj, ofType, parseJson, referenced } from "../util";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** One cron field: its name, range, names for its values (counted from `min`) and the special wildcards it takes. */
interface CronField {
    name: string;
    min: number;
    max: number;
    names?: string[];
    special: ("?" | "L" | "W" | "#")[];
}

/** The six fields, as the EventBridge cron reference both services follow lists them (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions). */
const CRON_FIELDS: CronField[] = [
    { name: "Minutes", min: 0, max: 59, special: [] },
    { name: "Hours", min: 0, max: 23, special: [] },
    { name: "Day-of-month", min: 1, max: 31, special: ["?", "L", "W"] },
    { name: "Month", min: 1, max: 12, names: MONTHS, special: [] },
    { name: "Day-of-week", min: 1, max: 7, names: WEEKDAYS, special: ["?", "L", "#"] },
    { name: "Year", min: 1970, max: 2199, special: [] },
];

/** Whether text is one value of the field: a number in its range, or one of its names. */
function isValue(field: CronField, text: string): boolean {
    if (field.names?.includes(text.toUpperCase())) return true;
    if (!/^\d+$/.test(text)) return false;
    const n = Number(text);
    return n >= field.min && n <= field.max;
}

/** Why one item of a field (between commas) is not valid, or undefined. */
function itemProblem(field: CronField, item: string): string | undefined {
    const bad = `${field.name} "${item}" is not valid; allowed: ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""}, with , - * /${field.special.length > 0 ? ` ${field.special.join(" ")}` : ""}`;
    if (item === "*") return undefined;
    if (field.special.includes("L") && (item === "L" || (field.name === "Day-of-month" && item === "LW") || (field.name === "Day-of-week" && item.endsWith("L") && isValue(field, item.slice(0, -1))))) return undefined;
    if (field.special.includes("W") && item.endsWith("W") && isValue(field, item.slice(0, -1))) return undefined;
    if (field.special.includes("#")) {
        const hash = /^(.+)#([1-5])$/.exec(item);
        if (hash) return isValue(field, hash[1]) ? undefined : bad;
    }
    const [range, step, ...more] = item.split("/");
    if (more.length > 0 || (step !== undefined && !/^\d+$/.test(step))) return bad;
    if (range === "*" && step !== undefined) return undefined;
    const [from, to, ...rest] = range.split("-");
    if (rest.length > 0 || !isValue(field, from) || (to !== undefined && !isValue(field, to))) return bad;
    return undefined;
}

/** Why an expression is not one the schedulers take (`cron(...)`, `rate(...)` or `at(...)`), or undefined. */
export function scheduleExpressionProblem(expression: string): string | undefined {
    const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
    if (rate) {
        const n = Number(rate[1]);
        const plural = rate[2].endsWith("s");
        const unit = plural ? rate[2].slice(0, -1) : rate[2];
        return n < 1 ? `${expression}: a rate is a positive whole number` : (n === 1) === plural ? `${expression}: write 1 ${unit} or n ${unit}s` : undefined;
    }
    if (/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/.test(expression)) {
        return undefined;
    }
    const cron = /^cron\((.*)\)$/.exec(expression);
    if (!cron) {
        return `${JSON.stringify(expression)} is not cron(fields), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)`;
    }
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) {
        return `${JSON.stringify(expression)} has ${fields.length} fields; cron takes six: Minutes Hours Day-of-month Month Day-of-week Year`;
    }
    for (const [i, field] of CRON_FIELDS.entries()) {
        const text = fields[i];
        if (text === "?") {
            if (!field.special.includes("?")) return `${JSON.stringify(expression)}: ${field.name} "?" is not valid; ? is for Day-of-month or Day-of-week`;
            continue;
        }
        for (const item of text.split(",")) {
            const problem = itemProblem(field, item);
            if (problem) return `${JSON.stringify(expression)}: ${problem}`;
        }
    }
    if ((fields[2] === "?") === (fields[4] === "?")) {
        return `${JSON.stringify(expression)}: exactly one of Day-of-month and Day-of-week must be ? (the other gives the days)`;
    }
    return undefined;
}

/**
 * PutScheduledAction `ScheduledActionName`: 1 to 256 characters, printable
 * ASCII without `:`, `/` and `|`, not starting or ending with a space
 * (its pattern `(?!((^[ ]+.*)|(.*([\u0000-\u001f]|[\u007f-\uffff]|:|\/|\|)+.*)|(.*[ ]+$))).+`).
 */
export const SCHEDULED_ACTION_NAME = /^(?! )[\x20-\x7e]{1,256}(?<! )$/;

const AAS_SOURCE = "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html";

/** An expression and its time zone, checked together: the same two findings for either service. */
function expressionProblems(resource: RuleResource, expressionKey: string, timezoneKey: string): Problem[] {
    const problems: Problem[] = [];
    const expression = resource.inputs[expressionKey];
    const timezone = resource.inputs[timezoneKey];
    if (isKnown(expression)) {
        const why = typeof expression === "string" ? scheduleExpressionProblem(expression) : "not a string";
        if (why) problems.push({ property: expressionKey, value: expression, message: why });
    }
    if (isKnown(timezone)) {
        const why = typeof timezone === "string" ? timezoneProblem(timezone) : "not a string";
        if (why) problems.push({ property: timezoneKey, value: timezone, message: why });
    }
    return problems;
}

export const scheduledActionName: AwsRule = {
    id: "aws-appautoscaling-scheduled-action-name",
    description: "A scheduled action's name is 1 to 256 printable ASCII characters without : / |, not starting or ending with a space.",
    level: "error",
    effect: "refused",
    types: ["aws:appautoscaling/scheduledAction:ScheduledAction"],
    properties: ["name"],
    source: AAS_SOURCE,
    nearest: { terraform: "aws_appautoscaling_scheduled_action name: no validation (AWS refuses it)" },
    check(action) {
        const name = action.inputs.name;
        if (!isKnown(name) || (typeof name === "string" && SCHEDULED_ACTION_NAME.test(name) && !/[:/|]/.test(name))) {
            return [];
        }
        return [{ property: "name", value: name, message: "Application Auto Scaling accepts 1 to 256 printable ASCII characters without : / |, not starting or ending with a space" }];
    },
};

export const scheduledActionSchedule: AwsRule = {
    id: "aws-appautoscaling-scheduled-action-schedule",
    description: "A scheduled action's schedule is cron(6 fields), rate(...) or at(...), in a canonical IANA time zone.",
    level: "error",
    effect: "refused",
    types: ["aws:appautoscaling/scheduledAction:ScheduledAction"],
    properties: ["schedule", "timezone"],
    source: "https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html",
    nearest: { terraform: "aws_appautoscaling_scheduled_action schedule, timezone: no validation (AWS refuses them)" },
    check(action) {
        return expressionProblems(action, "schedule", "timezone");
    },
};

export const scheduledActionTarget: AwsRule = {
    id: "aws-appautoscaling-scheduled-action-target",
    description: "A scheduled action is for a scalable target the program registers (same namespace, resource and dimension), with 0 <= min <= max.",
    level: "error",
    effect: "refused",
    types: ["aws:appautoscaling/scheduledAction:ScheduledAction"],
    properties: ["scalableTargetAction", "resourceId", "scalableDimension", "serviceNamespace"],
    source: AAS_SOURCE,
    nearest: {},
    check(action, context) {
        const problems: Problem[] = [];
        const { minCapacity, maxCapacity } = obj(action.inputs.scalableTargetAction);
        if (isKnown(action.inputs.scalableTargetAction) && minCapacity === undefined && maxCapacity === undefined) {
            problems.push({ property: "scalableTargetAction", message: "sets neither minCapacity nor maxCapacity; the action would change nothing" });
        }
        for (const [key, value] of [["minCapacity", minCapacity], ["maxCapacity", maxCapacity]] as const) {
            if (isKnown(value) && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) {
                problems.push({ property: `scalableTargetAction.${key}`, value, message: "a capacity is a whole number, 0 or more" });
            }
        }
        if (typeof minCapacity === "number" && typeof maxCapacity === "number" && minCapacity > maxCapacity) {
            problems.push({ property: "scalableTargetAction", value: { minCapacity, maxCapacity }, message: "minCapacity is above maxCapacity" });
        }
        const targets = referenced(action, "resourceId", ofType(context, "aws:appautoscaling/target:Target"), ["resourceId"]);
        const same = targets.filter((t) => ["serviceNamespace", "scalableDimension"].every((k) => !isKnown(action.inputs[k]) || !isKnown(t.inputs[k]) || t.inputs[k] === action.inputs[k]));
        if (same.length === 0) {
            problems.push({ property: "resourceId", value: action.inputs.resourceId, message: "no scalable target of the program has this resource, namespace and dimension; PutScheduledAction needs the target registered first (ObjectNotFoundException)" });
        }
        return problems;
    },
};

/** `arn:<partition>:scheduler:::aws-sdk:<service>:<apiAction>`, a universal target (the action camelCase). */
export const UNIVERSAL_TARGET = /^arn:aws(-[a-z]+)*:scheduler:::aws-sdk:([a-z0-9-]+):([a-z][A-Za-z0-9]*)$/;

/** Read-only API prefixes Scheduler refuses as universal targets ("Unsupported actions"). */
export const UNSUPPORTED_TARGET_PREFIXES = ["get", "describe", "list", "poll", "receive", "search", "scan", "query", "select", "read", "lookup", "discover", "validate", "batchGet", "batchDescribe", "batchRead", "transactGet", "adminGet", "adminList", "testMigration", "retrieve", "testConnection", "translateDocument", "isAuthorized", "invokeModel"];

export const scheduleExpression: AwsRule = {
    id: "aws-scheduler-schedule-expression",
    description: "A schedule's expression is cron(6 fields), rate(...) or at(...), in an IANA time zone.",
    level: "error",
    effect: "refused",
    types: ["aws:scheduler/schedule:Schedule"],
    properties: ["scheduleExpression", "scheduleExpressionTimezone"],
    source: "https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html",
    nearest: { cfnLint: "E3031 (length only, from the schema)" },
    check(schedule) {
        return expressionProblems(schedule, "scheduleExpression", "scheduleExpressionTimezone");
    },
};

export const universalTarget: AwsRule = {
    id: "aws-scheduler-universal-target",
    description: "A universal target is arn:aws:scheduler:::aws-sdk:<service>:<apiAction> for an action Scheduler may call, with a JSON object as input.",
    level: "error",
    effect: "refused",
    types: ["aws:scheduler/schedule:Schedule"],
    properties: ["target"],
    source: "https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html",
    nearest: {},
    check(schedule) {
        const target = obj(schedule.inputs.target);
        const arn = target.arn;
        if (!isKnown(arn) || typeof arn !== "string" || !arn.includes(":aws-sdk:")) {
            return [];
        }
        const problems: Problem[] = [];
        const match = UNIVERSAL_TARGET.exec(arn);
        if (!match) {
            problems.push({ property: "target.arn", value: arn, message: "a universal target is arn:aws:scheduler:::aws-sdk:<service>:<apiAction>, the service in lower case and the action in camelCase" });
        } else if (UNSUPPORTED_TARGET_PREFIXES.some((p) => match[3].startsWith(p))) {
            problems.push({ property: "target.arn", value: arn, message: `Scheduler does not call read-only actions (${match[3]})` });
        }
        const input = target.input;
        if (isKnown(input)) {
            const parsed = parseJson(input);
            if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
                problems.push({ property: "target.input", value: input, message: "a universal target's input is a JSON object of the API's request parameters" });
            } else if (match?.[2] === "rds" && /^(start|stop)DBInstance$/.test(match[3]) && typeof (parsed as Record<string, unknown>).DbInstanceIdentifier !== "string") {
                problems.push({ property: "target.input", value: input, message: `${match[3]} needs the instance's DbInstanceIdentifier` });
            }
        }
        return problems;
    },
};

/**
 * Renders a plan for people: plain text for a terminal, markdown for a pull
 * request comment (with a Mermaid diagram of the architecture).
 */
import { Finding } from "../lib/aws-rules";
import { CostEstimate, LineItem, Scenario, unpricedIn } from "../cost/model";
import { ResourceChange } from "./diff";
import { Plan } from "./plan";
import { RecordedResource, ROOT_STACK_TYPE, StackRecord } from "./record";
import { describeCounts, renderOutputs, renderTree, summarize } from "./tree";

/** Dollars, with enough places for cents-a-day items. */
export function usd(value: number | undefined): string {
    if (value === undefined) {
        return "n/a";
    }
    const places = value !== 0 && Math.abs(value) < 0.01 ? 4 : 2;
    const sign = value < 0 ? "-" : "";
    return `${sign}$${Math.abs(value).toFixed(places)}`;
}

function unitPrice(item: LineItem): string {
    if (item.unitPrice === undefined) {
        return "not in sheet";
    }
    const per = item.period === "usage" ? item.unit : `${item.unit}-${item.period}`;
    return `$${item.unitPrice}/${per}`;
}

const q = (n: number) => `${Number(n.toPrecision(4))}`;

function quantity(item: LineItem): string {
    if (item.period === "usage") {
        return item.trafficQuantity > 0 ? `usage (${q(item.trafficQuantity)}/day in traffic)` : "usage";
    }
    return item.quantity === item.pausedQuantity ? `${q(item.quantity)} ${item.unit}` : `${q(item.quantity)} ${item.unit} (paused ${q(item.pausedQuantity)})`;
}

/** `10,000`: a count as people read it. */
const count = (n: number) => n.toLocaleString("en-US");

/** The traffic scenario's name: its daily load. */
const trafficLabel = (cost: CostEstimate) => `${count(cost.traffic.requestsPerDay)} requests/day`;

/** The cost table's header: one $/day column per scenario the estimate has. */
export function costHeader(cost: CostEstimate): string[] {
    return ["Item", "Quantity", "Unit price", "$/day idle", "$/day paused", ...(cost.schedule ? ["$/day scheduled"] : []), `$/day at ${trafficLabel(cost)}`];
}

/** Line items as rows: what, quantity, unit price, then $/day idle, paused, scheduled (with a schedule) and with traffic. */
export function costRows(cost: CostEstimate): string[][] {
    const day = (i: LineItem, value: number | undefined) => (i.unitPrice === undefined && (i.period !== "usage" || i.trafficQuantity > 0) ? "unpriced" : usd(value ?? 0));
    return cost.items.map((i) => [i.what, quantity(i), unitPrice(i), day(i, i.running), day(i, i.paused), ...(cost.schedule ? [day(i, i.scheduled)] : []), day(i, i.traffic)]);
}

/** The totals of every scenario on one line. */
export function costSummary(cost: CostEstimate): string {
    const t = cost.totals;
    // With unpriced lines a total is what is priced, and says so: each scenario by the lines it would bill.
    const both = (scenario: Scenario, day: number, month: number) => {
        const more = unpricedIn(cost, scenario).length > 0 ? " + unpriced" : "";
        return `${usd(day)}/day${more} (${usd(month)}/month${more})`;
    };
    return [
        `idle ${both("running", t.runningDay, t.runningMonth)}`,
        `paused ${both("paused", t.pausedDay, t.pausedMonth)}`,
        ...(cost.schedule && t.scheduledDay !== undefined && t.scheduledMonth !== undefined ? [`scheduled (${q(cost.schedule.hoursPerWeek)} awake hours a week) ${both("scheduled", t.scheduledDay, t.scheduledMonth)}`] : []),
        `at ${trafficLabel(cost)} ${both("traffic", t.trafficDay, t.trafficMonth)}`,
    ].join(", ");
}

function costFooter(cost: CostEstimate): string[] {
    const lines = [
        `Prices: sheet ${cost.sheet.name} (${cost.sheet.date}), region ${cost.region}. Idle: deployed and reachable, no traffic (usage-priced items $0). ${cost.freeTier ? "Always-free allowances taken off (this stack alone using them)." : "No free tier (pass --free-tier to take the always-free allowances off)."}`,
    ];
    if (cost.schedule) {
        lines.push(`Scheduled: awake ${cost.schedule.awake.join(", ")} (${cost.schedule.timezone}), ${q(cost.schedule.hoursPerWeek)} of 168 hours a week, asleep as when paused the rest; a week's cost per day.`);
    }
    if (!cost.regionCovered) {
        lines.push(`The sheet has no prices for ${cost.region} (it covers ${cost.sheet.regions.join(", ")}): every line is unpriced.`);
    } else if (cost.unpriced.length > 0) {
        lines.push(`Not in the sheet, left out of the totals (which are what is priced, + unpriced): ${cost.unpriced.map((i) => i.what).join("; ")}.`);
    }
    const a = cost.assumptions;
    const t = cost.traffic;
    lines.push(`Assumed: ${a.logGbPerGroup} GB per log group, ${a.imageVersionsKept} images of ${a.imageGb} GB per pushed repository, ${a.pullThroughCacheGb} GB of cached base images, ${a.siteDeploysPerMonth} site deploys a month.`);
    lines.push(
        `Traffic: ${count(t.requestsPerDay)} API requests a day of ${t.requestMs} ms and ${t.responseKb} KB each, ${t.tableReadsPerRequest} table read and ${t.tableWritesPerRequest} write units and ${t.dsqlDpusPerRequest} DSQL DPUs per request, ${t.coldStartsPerDay} Lambda cold starts of ${t.initMs} ms, ${t.logBytesPerRequest} log bytes per request per log group; ${count(t.pageViewsPerDay)} page views of ${t.pageViewKb} KB in ${t.requestsPerPageView} requests (${t.originRequestsPerPageView} reaching the bucket).`,
    );
    return lines;
}

function table(header: string[], rows: string[][]): string {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function markdownTable(header: string[], rows: string[][], rightAligned = header.map((_, i) => i > 0)): string {
    const escape = (cell: string) => cell.replace(/\|/g, "\\|");
    return [`| ${header.join(" | ")} |`, `|${rightAligned.map((r) => (r ? "---:" : "---")).join("|")}|`, ...rows.map((r) => `| ${r.map(escape).join(" | ")} |`)].join("\n");
}

function describeStack(record: StackRecord, outputs: Record<string, unknown>, cost?: CostEstimate): string {
    const axes = outputs.axes as Record<string, string> | undefined;
    const profile = typeof outputs.profile === "string" ? outputs.profile : "?";
    const awake = cost?.schedule ? `, awake ${cost.schedule.awake.join(", ")} (${cost.schedule.timezone})` : "";
    return (axes ? `profile ${profile} (api ${axes.api}, frontend ${axes.frontend}, capacity ${axes.capacity}, compute ${axes.compute}, database ${axes.database})` : `project ${record.project}`) + awake;
}

function changeLine(c: ResourceChange): string {
    const loud =
        c.stateful && (c.kind === "delete" || c.kind === "replace")
            ? "  <-- STATEFUL: DATA LOSS" + (c.finalSnapshot ? ` (final snapshot ${c.finalSnapshot} kept)` : "") + (c.protect ? " (protected: the update will be refused)" : "")
            : "";
    const why = c.reasons.length > 0 ? ` (${c.reasons.join(", ")})` : "";
    return `${c.kind.padEnd(8)} ${c.type} ${c.name}${why}${loud}`;
}

/** The plan as text for a terminal. */
export function renderText(plan: Plan): string {
    const { record, cost } = plan;
    const counts = summarize(record);
    const out = [
        `Stack ${record.stack}, ${describeStack(record, record.outputs, cost)}, offline: ${describeCounts(counts)}`,
        "",
        renderTree(record),
        "",
        "Outputs:",
        renderOutputs(record.outputs),
        "",
        `Cost: ${costSummary(cost)}`,
        ...(plan.costNote ? [`(${plan.costNote})`] : []),
        "",
        table(costHeader(cost), costRows(cost)),
        "",
        ...costFooter(cost),
    ];
    out.push("", ...awsLines(plan));
    if (plan.policy) {
        out.push("", `Policy pack ${plan.policy.pack}${plan.policy.configFile ? ` with ${plan.policy.configFile}` : ""}:`, ...plan.policy.lines);
    }
    if (plan.swap) {
        const { plan: swap, delta } = plan.swap;
        const c = swap.counts;
        out.push(
            "",
            `Swap plan: stack ${record.stack} to ${plan.swap.target}: ${c.create} to create, ${c.delete} to delete, ${c.update} to update in place, ${c.replace} to replace, ${c.same} unchanged`,
            swap.statefulLosses.length > 0
                ? `WARNING: ${swap.statefulLosses.length} stateful resource(s) would be deleted or replaced: ${swap.statefulLosses.map((s) => s.name).join(", ")}`
                : "No stateful resource is deleted or replaced.",
            ...swap.changes.filter((ch) => ch.kind !== "same").map(changeLine),
            `Cost after the swap: ${costSummary(plan.swap.cost)}; change ${usd(delta.runningDay)}/day idle, ${usd(delta.pausedDay)}/day paused`,
        );
    }
    return out.join("\n");
}

/** The AWS findings, one line each, errors first. */
export function awsLines(plan: Plan): string[] {
    const { refused, broken, warnings, findings } = plan.aws;
    if (findings.length === 0) {
        return ["AWS: no request AWS would refuse (AWS rules and CloudFormation validator)."];
    }
    const order = (f: Finding) => (f.level === "warning" ? 2 : f.effect === "broken" ? 1 : 0);
    const tag = (f: Finding) => (f.level === "warning" ? "warn   " : f.effect === "broken" ? "BROKEN " : "REFUSED");
    return [
        `AWS: ${refused} request(s) AWS would refuse, ${broken} that would deploy broken, ${warnings} warning(s):`,
        ...[...findings].sort((a, b) => order(a) - order(b)).map((f) => `  ${tag(f)} ${f.resource} ${f.property}${f.value !== undefined ? ` = ${JSON.stringify(f.value)}` : ""}: ${f.message} (rule ${f.rule}, ${f.source})`),
    ];
}

/** A stack's cost as a markdown section: summary line, table, footnotes. */
export function renderCostMarkdown(plan: Plan, heading = "###"): string {
    const { record, cost } = plan;
    return [
        `${heading} Stack \`${record.stack}\`: ${describeStack(record, record.outputs, cost)}`,
        "",
        `${costSummary(cost)}.${plan.costNote ? ` _(${plan.costNote})_` : ""}`,
        "",
        markdownTable(costHeader(cost), costRows(cost)),
        "",
        ...costFooter(cost).map((l) => `_${l}_`),
    ].join("\n");
}

/** The plan as markdown, for a pull request comment or a job summary. */
export function renderMarkdown(plan: Plan): string {
    const { record } = plan;
    const counts = summarize(record);
    const out = [
        `## Offline plan: stack \`${record.stack}\``,
        "",
        `${describeStack(record, record.outputs)}: ${describeCounts(counts)}.`,
        "",
        renderCostMarkdown(plan, "###"),
        "",
        `### AWS: ${plan.aws.errors === 0 ? "nothing AWS would refuse" : `**${plan.aws.refused} request(s) AWS would refuse, ${plan.aws.broken} that would deploy broken**`}`,
        "",
        ...(plan.aws.findings.length > 0
            ? [markdownTable(["Level", "Rule", "Resource", "Property", "What AWS allows", "Source"], plan.aws.findings.map((f) => [f.level === "error" ? `error (${f.effect ?? "refused"})` : f.level, f.rule, f.resource, f.property, f.message.replace(/\n/g, " "), f.source]), [false, false, false, false, false, false]), ""]
            : []),
    ];
    if (plan.policy) {
        const p = plan.policy;
        out.push(
            `### Policy: ${p.mandatory === 0 ? "passes" : `**fails: ${p.mandatory} mandatory violation(s)**`}`,
            "",
            `Policy pack \`${p.pack}\`${p.configFile ? ` with \`${p.configFile}\`` : ""}: ${p.mandatory} mandatory, ${p.advisory} advisory violations.`,
            "",
            ...(p.diagnostics.length > 0
                ? [markdownTable(["Level", "Policy", "Resource", "Message"], p.diagnostics.filter((d) => d.enforcementLevel !== "remediate").map((d) => [d.enforcementLevel, d.policyName, d.urn ? d.urn.split("::").pop() ?? "" : "", d.message.replace(/\n/g, " ")]), [false, false, false, false]), ""]
                : []),
        );
    }
    if (plan.swap) {
        const { plan: swap, delta } = plan.swap;
        const c = swap.counts;
        out.push(`### Swap plan: to ${plan.swap.target}`, "");
        out.push(
            swap.statefulLosses.length > 0
                ? `> **Warning: ${swap.statefulLosses.length} stateful resource(s) would be deleted or replaced:** ${swap.statefulLosses.map((s) => `\`${s.name}\` (${s.type}${s.finalSnapshot ? `; final snapshot \`${s.finalSnapshot}\` kept` : ""})`).join(", ")}`
                : "No stateful resource is deleted or replaced.",
            "",
            `${c.create} to create, ${c.delete} to delete, ${c.update} to update in place, ${c.replace} to replace, ${c.same} unchanged. Cost after: ${costSummary(plan.swap.cost)}; change ${usd(delta.runningDay)}/day idle, ${usd(delta.pausedDay)}/day paused.`,
            "",
            markdownTable(
                ["Change", "Type", "Name", "Why"],
                swap.changes.filter((ch) => ch.kind !== "same").map((ch) => [ch.stateful && ch.kind !== "create" && ch.kind !== "update" ? `**${ch.kind} (stateful)**` : ch.kind, `\`${ch.type}\``, ch.name, ch.reasons.join(", ")]),
                [false, false, false, false],
            ),
            "",
        );
    }
    out.push("### Architecture", "", "```mermaid", mermaid(record), "```", "", "<details><summary>Resources</summary>", "", "```", renderTree(record), "```", "", "</details>", "");
    return out.join("\n");
}

/**
 * Where a component stands between a caller and what it calls: the host
 * names first, then the entries requests reach, the services behind them,
 * and what the services use (data, images, the cluster, certificates).
 * A type not listed stands with the last.
 */
export const CALL_TIERS: Readonly<Record<string, number>> = {
    "shoestring:aws:Domain": 0,
    "shoestring:aws:AliasRecord": 0,
    "shoestring:aws:AlbRouter": 1,
    "shoestring:aws:ApiGatewayRouter": 1,
    "shoestring:aws:StaticSite": 1,
    "shoestring:aws:FargateService": 2,
    "shoestring:aws:LambdaFunction": 2,
    "shoestring:aws:ContainerSite": 2,
    "shoestring:aws:DatabaseSchedule": 2,
    "shoestring:aws:Database": 3,
    "shoestring:aws:DsqlCluster": 3,
    "shoestring:aws:Table": 3,
};
/** The tier of every type CALL_TIERS does not list. */
const LAST_TIER = 4;

/** The component types requests from the internet reach first. */
const ENTRY_TYPES = ["shoestring:aws:AlbRouter", "shoestring:aws:ApiGatewayRouter", "shoestring:aws:StaticSite"];

/**
 * A Mermaid flowchart of the stack's top-level components, each arrow from
 * caller to callee (internet -> entry -> service -> data), one way only.
 *
 * The arrows come from the dependencies Pulumi records, which point from
 * dependent to dependency; that is the call direction except where a
 * callee refers back to its caller (the database's security group admits
 * the backend's, the service registers with the load balancer). So each
 * arrow is turned to point down the tiers of CALL_TIERS (a dependency on a
 * component of an earlier tier is drawn from that component); between two
 * components of one tier it stays as recorded, and a pair recorded both
 * ways keeps the arrow from the name that sorts first.
 */
export function mermaid(record: StackRecord): string {
    const root = record.resources.find((r) => r.type === ROOT_STACK_TYPE);
    const byUrn = new Map(record.resources.map((r) => [r.urn, r]));
    const topOf = (resource: RecordedResource | undefined): RecordedResource | undefined => {
        let current = resource;
        while (current && current.parent && current.parent !== root?.urn) {
            current = byUrn.get(current.parent);
        }
        return current && current.parent === root?.urn ? current : undefined;
    };
    const tops = record.resources.filter((r) => r.parent !== undefined && r.parent === root?.urn);
    const id = (r: RecordedResource) => r.name.replace(/[^A-Za-z0-9]/g, "_");
    const tier = (r: RecordedResource) => CALL_TIERS[r.type] ?? LAST_TIER;
    const lines = ["flowchart LR", "  internet((Internet))"];
    for (const top of tops) {
        lines.push(`  ${id(top)}["${top.name}<br/><small>${top.type.split(":").pop()}</small>"]`);
    }
    const edges = new Map<string, [string, string]>();
    for (const resource of record.resources) {
        const dependent = topOf(resource);
        for (const dep of resource.dependencies) {
            const dependency = topOf(byUrn.get(dep));
            if (!dependent || !dependency || dependent === dependency) {
                continue;
            }
            const [from, to] = tier(dependency) < tier(dependent) ? [dependency, dependent] : [dependent, dependency];
            edges.set(`${id(from)} --> ${id(to)}`, [id(from), id(to)]);
        }
    }
    for (const [key, [from, to]] of [...edges]) {
        if (from > to && edges.has(`${to} --> ${from}`)) {
            edges.delete(key);
        }
    }
    const entries = tops.filter((t) => ENTRY_TYPES.includes(t.type));
    return [...lines, ...entries.map((e) => `  internet --> ${id(e)}`), ...[...edges.keys()].sort().map((e) => `  ${e}`)].join("\n");
}

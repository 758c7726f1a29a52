// Shared helpers for the benchmarks: argument parsing, timing, statistics and
// the machine description, so both runners report the same way.
"use strict";
const os = require("node:os");
const { spawnSync } = require("node:child_process");

function parseArgs(argv, defaults, usage = "usage: [--runs <n>] [--json]") {
    const opts = { ...defaults };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--help" || a === "-h") {
            console.log(usage);
            process.exit(0);
        }
        if (a === "--json") opts.json = true;
        else if (a === "--runs") opts.runs = Number(argv[++i]);
        else if (a === "--stacks") opts.stacks = String(argv[++i] || "").split(",").filter(Boolean);
        else throw new Error(`unknown argument: ${a}`);
    }
    if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error("--runs needs a positive integer");
    return opts;
}

// Runs one command to completion and returns its wall time in seconds. Stdout
// is discarded so that terminal rendering is not part of what is measured.
function timeRun(cmd, args, cwd) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.error || r.status !== 0) {
        const why = r.error ? r.error.message : `exit ${r.status}${r.signal ? ` (${r.signal})` : ""}`;
        throw new Error(`${cmd} ${args.join(" ")} failed: ${why}\n${(r.stderr || "").trim()}`);
    }
    return seconds;
}

function stats(times) {
    const s = [...times].sort((a, b) => a - b);
    const mid = s.length >> 1;
    const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    return { runs: s.length, min: s[0], median, max: s[s.length - 1], times };
}

function machine() {
    const cpus = os.cpus();
    return {
        cpus: cpus.length,
        cpuModel: cpus[0] ? cpus[0].model.trim() : "unknown",
        node: process.version,
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        platform: `${os.platform()} ${os.arch()}`,
        date: new Date().toISOString(),
    };
}

const f = (x) => x.toFixed(3);

function printHeader(title, m) {
    console.log(title);
    console.log(`machine: ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}`);
    console.log(`date:    ${m.date}`);
}

function printRow(label, st) {
    console.log(`${label.padEnd(10)} runs ${st.runs}  min ${f(st.min)} s  median ${f(st.median)} s  max ${f(st.max)} s`);
}

module.exports = { parseArgs, timeRun, stats, machine, printHeader, printRow };

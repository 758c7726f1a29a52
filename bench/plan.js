#!/usr/bin/env node
// Benchmark of the offline plan: wall time of `node dist/offline/cli.js
// --stack <s> --format json` per stack, from a cold process each run, because
// that is what a person or CI waits for (module loading included).
// Usage: node bench/plan.js [--stacks cheap,dev] [--runs 5] [--json]
// It times the compiled tool and builds nothing: run `npm run build` first.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { parseArgs, timeRun, stats, machine, printHeader, printRow } = require("./lib");

const TARGET = "target: under 3 s per stack";
const root = path.resolve(__dirname, "..");
const cli = path.join(root, "dist", "offline", "cli.js");

function main() {
    const opts = parseArgs(process.argv.slice(2), { runs: 5, stacks: ["cheap", "dev"], json: false }, "usage: npm run bench -- [--runs <n>] [--stacks cheap,dev] [--json]");
    if (!fs.existsSync(cli)) {
        console.error(`missing ${path.relative(root, cli)}: run \`npm run build\` first`);
        return 2;
    }
    const results = {};
    for (const stack of opts.stacks) {
        const times = [];
        for (let i = 0; i < opts.runs; i++) {
            times.push(timeRun(process.execPath, [cli, "--stack", stack, "--format", "json"], root));
        }
        results[stack] = stats(times);
    }
    const m = machine();
    if (opts.json) {
        console.log(JSON.stringify({ benchmark: "offline plan", target: TARGET, machine: m, stacks: results }, null, 2));
        return 0;
    }
    printHeader("offline plan (node dist/offline/cli.js --stack <s> --format json)", m);
    console.log(TARGET);
    for (const [stack, st] of Object.entries(results)) printRow(stack, st);
    return 0;
}

try {
    process.exitCode = main();
} catch (err) {
    console.error(err.message);
    process.exitCode = 1;
}

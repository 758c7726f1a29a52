#!/usr/bin/env node
// Mutation testing of the pure modules (StrykerJS): each target of
// mutation.json is mutated alone and run against only its own tests, and
// each gets a report in reports/mutation/<target>.json plus a line in
// reports/mutation/summary.md.
//
//   npm run mutation                   every target
//   npm run mutation -- cost-model     some targets
//   npm run mutation -- --check        also exit 1 when a target scores below the threshold
//
// Every mutant runs in a fresh mocha process (Stryker's command runner):
// nothing a test keeps per process (a cached stack record, a temporary
// directory) carries over from one mutant to the next, code run in a
// before() hook counts like any other, and mutants of module-level tables
// and constants take effect (they are evaluated once per process). The
// tests run from the TypeScript sources through tsx, never the compiled
// dist/ copy, so they see the mutant.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const CONFIG = JSON.parse(fs.readFileSync(path.join(ROOT, "mutation.json"), "utf8"));
const REPORTS = path.join(ROOT, "reports", "mutation");
const MOCHA = path.join("node_modules", "mocha", "bin", "mocha.js");

function parseArgs(argv) {
    const names = [];
    let check = false;
    for (const arg of argv) {
        if (arg === "--check") {
            check = true;
        } else if (arg === "--help" || arg === "-h") {
            console.log(`usage: npm run mutation -- [--check] [target ...]\ntargets: ${Object.keys(CONFIG.targets).join(", ")}`);
            process.exit(0);
        } else if (arg in CONFIG.targets) {
            names.push(arg);
        } else {
            throw new Error(`unknown target "${arg}"; targets: ${Object.keys(CONFIG.targets).join(", ")}`);
        }
    }
    return { names: names.length ? names : Object.keys(CONFIG.targets), check };
}

/** The score Stryker reports: killed and timed-out mutants over all that were tested or had no test (ignored and invalid ones left out). */
function score(results) {
    const count = (status) => results.filter((m) => m.status === status).length;
    const detected = count("Killed") + count("Timeout");
    const undetected = count("Survived") + count("NoCoverage");
    const total = detected + undetected;
    return { total, killed: count("Killed"), timeout: count("Timeout"), survived: count("Survived"), noCoverage: count("NoCoverage"), ignored: count("Ignored"), errors: count("CompileError") + count("RuntimeError"), score: total ? (100 * detected) / total : 100 };
}

async function runTarget(name, target) {
    // ESM-only in recent versions; loaded here so `--help` works without it.
    const { Stryker } = await import("@stryker-mutator/core");
    const tests = target.tests.join(" ");
    const stryker = new Stryker({
        mutate: target.mutate,
        testRunner: "command",
        commandRunner: { command: `node ${MOCHA} --no-config -r tsx/cjs --timeout 60000 --bail ${tests}` },
        coverageAnalysis: "off",
        concurrency: Math.max(1, os.availableParallelism ? os.availableParallelism() : os.cpus().length),
        timeoutMS: 60000,
        reporters: ["json", "progress"],
        jsonReporter: { fileName: path.join("reports", "mutation", `${name}.json`) },
        tempDirName: path.join(".stryker-tmp", name),
        cleanTempDir: "always",
        ignorePatterns: ["dist", "reports", ".stryker-tmp", "bench"],
        disableTypeChecks: false,
        logLevel: "warn",
        fileLogLevel: "off",
        allowConsoleColors: false,
    });
    const started = Date.now();
    const results = await stryker.runMutationTest();
    return { name, ...score(results), seconds: Math.round((Date.now() - started) / 1000), survivors: results.filter((m) => m.status === "Survived" || m.status === "NoCoverage").map((m) => `${path.relative(ROOT, m.fileName)}:${m.location.start.line} ${m.mutatorName} ${m.status}${m.replacement ? ` -> ${m.replacement.split("\n")[0].slice(0, 60)}` : ""}`) };
}

function summaryTable(rows) {
    const lines = ["| Target | Mutants | Killed | Timeout | Survived | No coverage | Ignored | Score | Seconds |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"];
    for (const r of rows) {
        lines.push(`| ${r.name} | ${r.total} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.ignored} | ${r.score.toFixed(1)}% | ${r.seconds} |`);
    }
    return lines.join("\n");
}

async function main() {
    const { names, check } = parseArgs(process.argv.slice(2));
    fs.mkdirSync(REPORTS, { recursive: true });
    const summaryFile = path.join(REPORTS, "summary.json");
    const previous = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, "utf8")) : {};
    const rows = [];
    for (const name of names) {
        console.log(`mutation: ${name} (${CONFIG.targets[name].mutate.join(", ")})`);
        const row = await runTarget(name, CONFIG.targets[name]);
        rows.push(row);
        previous[name] = row;
        fs.writeFileSync(summaryFile, JSON.stringify(previous, null, 2) + "\n");
        console.log(`mutation: ${name}: ${row.score.toFixed(1)}% (${row.killed + row.timeout} of ${row.total} detected) in ${row.seconds} s`);
    }
    const all = Object.values(previous);
    fs.writeFileSync(path.join(REPORTS, "summary.md"), `# Mutation scores\n\nThreshold: ${CONFIG.threshold}%. Rerun with \`npm run mutation\`.\n\n${summaryTable(all)}\n\n## Surviving mutants\n\n${all.map((r) => `### ${r.name}\n\n${r.survivors.map((s) => `- ${s}`).join("\n") || "none"}`).join("\n\n")}\n`);
    console.log(summaryTable(rows));
    const below = rows.filter((r) => r.score < CONFIG.threshold);
    if (check && below.length > 0) {
        console.error(`mutation: below ${CONFIG.threshold}%: ${below.map((r) => `${r.name} ${r.score.toFixed(1)}%`).join(", ")}`);
        process.exitCode = 1;
    }
}

main().catch((err) => {
    console.error(`error: ${err.message}`);
    process.exitCode = 1;
});

#!/usr/bin/env node
// Benchmark of the offline plan of `cheap` by the size of its static site:
// the sample site against generated sites of 3,000 and 20,000 files, each
// run a cold `node dist/offline/cli.js --stack cheap --format json` with
// `--set site.directory=<dir>`, the sites in turn (sample, 3k, sample, 3k,
// ...) so a drift of the machine's speed hits both alike. Reports each
// one's wall time and peak memory (the process's maximum resident set,
// from process.resourceUsage() at exit), and the 3k/sample ratios.
//
// Exit 1 when the 3,000-file site's median time or peak memory is more
// than 2x the sample's, or the 20,000-file site does not plan (issue 14,
// acceptance 1). Run `npm run build` first (`npm run bench:site` does).
// Usage: node bench/site.js [--runs 5] [--json]
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const crypto = require("node:crypto");
const { spawnSync } = require("node:child_process");
const { parseArgs, stats, machine, printHeader } = require("./lib");

const root = path.resolve(__dirname, "..");
const cli = path.join(root, "dist", "offline", "cli.js");
const SAMPLE = path.join(root, "app", "frontend", "site");
const LIMIT = 2;

/** A built site of `count` files: index.html, content-hashed chunks and styles in assets/, a few images, nested pages. */
function generateSite(dir, count) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "assets"), { recursive: true });
    fs.copyFileSync(path.join(SAMPLE, "index.html"), path.join(dir, "index.html"));
    for (let i = 1; i < count; i++) {
        const body = `/* chunk ${i} */ export const v${i} = ${JSON.stringify("x".repeat(200 + (i % 1800)))};\n`;
        const hash = crypto.createHash("sha256").update(body).digest("hex").slice(0, 8);
        const kind = i % 10;
        let file;
        if (kind < 7) file = path.join("assets", `chunk-${i}.${hash}.js`);
        else if (kind < 8) file = path.join("assets", `style-${i}.${hash}.css`);
        else if (kind < 9) file = path.join("img", `photo ${i}.${hash}.webp`);
        else file = path.join("docs", `section-${i % 37}`, `page-${i}.html`);
        fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), body);
    }
    return dir;
}

/** One cold plan: wall seconds and peak resident memory in MB. */
function planOnce(directory) {
    const report = path.join(os.tmpdir(), `shoestring-bench-peak-${process.pid}.txt`);
    fs.rmSync(report, { force: true });
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["-r", path.join(__dirname, "peak.js"), cli, "--stack", "cheap", "--format", "json", "--set", `site.directory=${directory}`], {
        cwd: root,
        stdio: ["ignore", "ignore", "pipe"],
        encoding: "utf8",
        env: { ...process.env, SHOESTRING_BENCH_PEAK: report },
        maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.error || r.status !== 0) {
        const why = r.error ? r.error.message : `exit ${r.status}${r.signal ? ` (${r.signal})` : ""}`;
        throw new Error(`the plan with ${directory} failed: ${why}\n${(r.stderr || "").trim().split("\n").slice(-20).join("\n")}`);
    }
    const peakKb = Number(fs.readFileSync(report, "utf8").trim());
    fs.rmSync(report, { force: true });
    return { seconds, peakMb: peakKb / 1024 };
}

function countFiles(dir) {
    let n = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.startsWith(".")) continue;
        n += entry.isDirectory() ? countFiles(path.join(dir, entry.name)) : 1;
    }
    return n;
}

const f3 = (x) => x.toFixed(3);
const f0 = (x) => x.toFixed(0);

function main() {
    const opts = parseArgs(process.argv.slice(2), { runs: 5, json: false }, "usage: npm run bench:site -- [--runs <n>] [--json]");
    if (!fs.existsSync(cli)) {
        console.error(`missing ${path.relative(root, cli)}: run \`npm run build\` first`);
        return 2;
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "shoestring-bench-site-"));
    try {
        const sites = {
            sample: SAMPLE,
            "3k": generateSite(path.join(work, "site-3k"), 3000),
            "20k": generateSite(path.join(work, "site-20k"), 20000),
        };
        const runs = { sample: [], "3k": [], "20k": [] };
        // One warm-up each (disk cache, compiled code cache), not counted.
        planOnce(sites.sample);
        planOnce(sites["3k"]);
        for (let i = 0; i < opts.runs; i++) {
            runs.sample.push(planOnce(sites.sample));
            runs["3k"].push(planOnce(sites["3k"]));
        }
        // The 20,000-file site: it must plan; timed once or twice, not compared.
        for (let i = 0; i < Math.min(2, opts.runs); i++) runs["20k"].push(planOnce(sites["20k"]));

        const summary = Object.fromEntries(
            Object.entries(runs).map(([name, list]) => [name, { files: countFiles(sites[name]), seconds: stats(list.map((r) => r.seconds)), peakMb: stats(list.map((r) => r.peakMb)) }]),
        );
        // Ratios pair by pair (each 3k run against the sample run just before it), then their median.
        const pairs = runs["3k"].map((r, i) => ({ time: r.seconds / runs.sample[i].seconds, memory: r.peakMb / runs.sample[i].peakMb }));
        const ratio = { time: stats(pairs.map((p) => p.time)), memory: stats(pairs.map((p) => p.memory)) };
        const ok = ratio.time.median <= LIMIT && ratio.memory.median <= LIMIT && runs["20k"].length > 0;
        const m = machine();
        if (opts.json) {
            console.log(JSON.stringify({ benchmark: "offline plan of cheap by site size", limit: `3k/sample at most ${LIMIT}x in time and peak memory`, machine: m, sites: summary, ratio, ok }, null, 2));
        } else {
            printHeader("offline plan of cheap by site size (node dist/offline/cli.js --stack cheap --format json --set site.directory=<dir>)", m);
            console.log(`limit:   the 3,000-file site at most ${LIMIT}x the sample's median time and peak memory; the 20,000-file site plans`);
            for (const [name, s] of Object.entries(summary)) {
                console.log(
                    `${name.padEnd(7)} ${String(s.files).padStart(6)} files  runs ${s.seconds.runs}  time median ${f3(s.seconds.median)} s (min ${f3(s.seconds.min)}, max ${f3(s.seconds.max)})  peak memory median ${f0(s.peakMb.median)} MB (min ${f0(s.peakMb.min)}, max ${f0(s.peakMb.max)})`,
                );
            }
            console.log(`3k/sample  time ${ratio.time.median.toFixed(2)}x (min ${ratio.time.min.toFixed(2)}, max ${ratio.time.max.toFixed(2)})  peak memory ${ratio.memory.median.toFixed(2)}x (min ${ratio.memory.min.toFixed(2)}, max ${ratio.memory.max.toFixed(2)})  ${ok ? "within" : "OVER"} the limit`);
        }
        return ok ? 0 : 1;
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

try {
    process.exitCode = main();
} catch (err) {
    console.error(err.message);
    process.exitCode = 1;
}

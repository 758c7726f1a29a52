#!/usr/bin/env node
// Benchmark of `cdk synth` for bench/cdk/app.js, an AWS CDK v2 app comparable
// to the homework (dev) stack, to put the offline plan's time in context.
// Usage: node bench/cdk.js [--runs 5] [--json]
// aws-cdk-lib is large and only this benchmark needs it, so it is not a project
// dependency: it is installed on demand into os.tmpdir()/shoestring-bench-cdk
// and reused on later runs (reinstalled when bench/cdk/package.json changes).
// The app is run as `node app.js`, i.e. synthesis itself without the CDK CLI.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { parseArgs, timeRun, stats, machine, printHeader, printRow } = require("./lib");

const src = path.join(__dirname, "cdk");
const dir = path.join(os.tmpdir(), "shoestring-bench-cdk");
const outdir = path.join(dir, "cdk.out");

// Copies the app in and installs its pinned dependencies unless the same
// package.json was installed before. Returns false if the install failed.
function prepare() {
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(src, "app.js"), path.join(dir, "app.js")); // always: picks up edits
    const wanted = fs.readFileSync(path.join(src, "package.json"), "utf8");
    const stamp = path.join(dir, ".installed-package.json"); // written only after a good install
    if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === wanted) return true;
    fs.writeFileSync(path.join(dir, "package.json"), wanted);
    console.error(`installing aws-cdk-lib into ${dir} (once; may take a minute or two)...`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    // Install output goes to stderr so that --json keeps stdout clean.
    const r = spawnSync(npm, ["install", "--no-audit", "--no-fund"], { cwd: dir, stdio: ["ignore", 2, 2] });
    if (r.error || r.status !== 0) return false;
    fs.writeFileSync(stamp, wanted);
    return true;
}

// Sum of resources over every CloudFormation template that synth wrote.
function countResources() {
    let total = 0;
    for (const name of fs.readdirSync(outdir).filter((n) => n.endsWith(".template.json"))) {
        const template = JSON.parse(fs.readFileSync(path.join(outdir, name), "utf8"));
        total += Object.keys(template.Resources || {}).length;
    }
    return total;
}

function main() {
    const opts = parseArgs(process.argv.slice(2), { runs: 5, json: false }, "usage: npm run bench:cdk -- [--runs <n>] [--json]");
    if (!prepare()) {
        console.error(`could not install the CDK app's dependencies in ${dir} (is the npm registry reachable?); nothing was measured`);
        return 2;
    }
    const times = [];
    for (let i = 0; i < opts.runs; i++) {
        fs.rmSync(outdir, { recursive: true, force: true }); // each run synthesizes from scratch
        times.push(timeRun(process.execPath, ["app.js"], dir));
    }
    const result = { ...stats(times), resources: countResources() };
    const versions = JSON.parse(fs.readFileSync(path.join(src, "package.json"), "utf8")).dependencies;
    const m = machine();
    if (opts.json) {
        console.log(JSON.stringify({ benchmark: "cdk synth (node app.js)", versions, machine: m, cdk: result }, null, 2));
        return 0;
    }
    printHeader(`cdk synth (node app.js, aws-cdk-lib ${versions["aws-cdk-lib"]})`, m);
    printRow("cdk", result);
    console.log(`resources in the synthesized CloudFormation: ${result.resources}`);
    return 0;
}

try {
    process.exitCode = main();
} catch (err) {
    console.error(err.message);
    process.exitCode = 1;
}

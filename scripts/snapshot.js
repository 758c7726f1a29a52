#!/usr/bin/env node
// Writes the record snapshot of every stack in the repository to
// snapshots/<project>.<stack>.json. It runs the TypeScript sources (through
// tsx, as the tests do), so the bootstrap project runs too. The tests compare
// each stack against its snapshot, so a change to what a stack deploys shows
// up in review.
//
//   npm run snapshot             rewrite the snapshots
//   npm run snapshot -- --check  only compare; exit 1 and list the differences
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const USAGE = "usage: npm run snapshot [-- --check]\n\n  (no option)  rewrite snapshots/ from an offline run of every stack\n  --check      only compare; list each difference and exit 1 when there is one\n  --help, -h   print this and exit";

/** The options, or undefined after printing the usage (`--help`); throws on an unknown argument, before anything runs. */
function parseArgs(argv) {
    if (argv.includes("--help") || argv.includes("-h")) {
        console.log(USAGE);
        return undefined;
    }
    for (const arg of argv) {
        if (arg !== "--check") throw new Error(`unknown argument "${arg}"; ${USAGE.split("\n")[0]}`);
    }
    return { check: argv.includes("--check") };
}

async function main() {
    const options = parseArgs(process.argv.slice(2));
    if (!options) return;
    const check = options.check;
    // Loaded after the arguments, so that --help and a bad argument answer at once.
    const { runStack } = require("../offline/stack");
    const { renderSnapshot, renderUrnList, repositoryStacks, snapshotDifferences, snapshotFile, snapshotOf, unaliasedRenames, urnListFile } = require("../offline/snapshot");
    const root = path.resolve(__dirname, "..");
    let differing = 0;
    for (const target of repositoryStacks(root)) {
        const record = await runStack(target.stack, { dir: target.dir, config: target.config });
        const snapshot = snapshotOf(record);
        if (!target.variant) {
            const listFile = path.join(root, urnListFile(target));
            const listed = fs.existsSync(listFile) ? fs.readFileSync(listFile, "utf8").split("\n") : [];
            for (const urn of unaliasedRenames(listed, record)) {
                console.log(`${urnListFile(target)}: ${urn} is gone without an alias: Pulumi would delete it and create its successor; give the successor aliases: [{ name: "<old name>" }] (or parent/type), unless it is meant to go`);
            }
            if (!check) fs.writeFileSync(listFile, renderUrnList(record));
        }
        const name = snapshotFile(target);
        const file = path.join(root, name);
        const before = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : { project: target.project, stack: target.stack, resources: [] };
        const differences = snapshotDifferences(before, snapshot);
        if (differences.length > 0) {
            differing++;
            console.log(`${name}: ${differences.length} difference(s)\n${differences.map((d) => `  ${d}`).join("\n")}`);
        } else {
            console.log(`${name}: unchanged (${snapshot.resources.length} resources)`);
        }
        if (!check) {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, renderSnapshot(snapshot));
        }
    }
    if (check && differing > 0) process.exitCode = 1;
}

main().catch((err) => {
    console.error(`error: ${err.message}`);
    process.exitCode = 1;
});

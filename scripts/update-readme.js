#!/usr/bin/env node
// Regenerates the README's cost section from the offline plans of the
// project's stacks, and its AWS rules table from the rules (run `npm run
// build` first; `npm run docs` does both).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { buildPlan } = require("../dist/offline/plan");
const { listStacks } = require("../dist/offline/stack");
const { renderAwsRulesSection, renderCostsSection, withAwsRulesSection, withCostsSection } = require("../dist/offline/readme");

async function main() {
    const file = path.join(__dirname, "..", "README.md");
    const plans = [];
    for (const stack of listStacks()) {
        plans.push(await buildPlan({ stack }));
    }
    const readme = withAwsRulesSection(withCostsSection(fs.readFileSync(file, "utf8"), renderCostsSection(plans)), renderAwsRulesSection());
    fs.writeFileSync(file, readme);
    console.log(`README.md: cost section regenerated for ${plans.map((p) => p.stack).join(", ")}, AWS rules table regenerated`);
}

main().catch((err) => {
    console.error(`error: ${err.message}`);
    process.exitCode = 1;
});

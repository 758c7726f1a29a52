#!/usr/bin/env node
// Regenerates the README's cost section and each profile's diagram from the
// offline plans of the project's stacks, its AWS rules table from the rules, and its policy and
// cdk-nag/checkov parity tables from the pack (run `npm run build` first;
// `npm run docs` does both).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { buildPlan } = require("../dist/offline/plan");
const { listStacks } = require("../dist/offline/stack");
const { README_EXTRA_PLANS, renderArchitectureSection, renderAwsRulesSection, renderConfigSection, renderCostsSection, renderParitySection, renderPolicySection, renderProfileDiagramsSection, withArchitectureSection, withAwsRulesSection, withConfigSection, withCostsSection, withParitySection, withPolicySection, withProfileDiagramsSection } = require("../dist/offline/readme");
const { stackFileJsonSchema } = require("../dist/lib/config-schema");
const { AXIS_VALUES } = require("../dist/profiles/values");

async function main() {
    const file = path.join(__dirname, "..", "README.md");
    const plans = [];
    for (const stack of listStacks()) {
        plans.push(await buildPlan({ stack }));
    }
    for (const extra of README_EXTRA_PLANS) {
        plans.push(await buildPlan(extra));
    }
    let readme = withCostsSection(fs.readFileSync(file, "utf8"), renderCostsSection(plans));
    readme = withAwsRulesSection(readme, renderAwsRulesSection());
    readme = withPolicySection(readme, renderPolicySection());
    readme = withParitySection(readme, renderParitySection());
    readme = withConfigSection(readme, renderConfigSection());
    const values = Object.fromEntries(Object.entries(AXIS_VALUES).map(([axis, modules]) => [axis, Object.entries(modules).map(([name, m]) => ({ name, summary: m.summary }))]));
    readme = withArchitectureSection(readme, renderArchitectureSection(values));
    readme = withProfileDiagramsSection(readme, renderProfileDiagramsSection(plans.map((p) => p.record)));
    fs.writeFileSync(file, readme);
    const schemaFile = path.join(__dirname, "..", "schemas", "pulumi-stack.schema.json");
    fs.mkdirSync(path.dirname(schemaFile), { recursive: true });
    fs.writeFileSync(schemaFile, JSON.stringify(stackFileJsonSchema("shoestring"), null, 2) + "\n");
    console.log(`README.md: cost section regenerated for ${plans.map((p) => p.stack).join(", ")}; AWS rules, policy, parity and config tables, architecture diagram, profile diagrams and schemas/pulumi-stack.schema.json regenerated`);
}

main().catch((err) => {
    console.error(`error: ${err.message}`);
    process.exitCode = 1;
});

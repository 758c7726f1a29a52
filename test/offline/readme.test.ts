import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildPlan } from "../../offline/plan";
import { AWS_RULES } from "../../lib/aws-rules";
import { DIAGRAMS_END, DIAGRAMS_START, renderProfileDiagramsSection, withProfileDiagramsSection, README_EXTRA_PLANS, ARCHITECTURE_END, ARCHITECTURE_START, CONFIG_END, CONFIG_START, COSTS_END, COSTS_START, PARITY_END, PARITY_START, POLICIES_END, POLICIES_START, renderArchitectureSection, renderConfigSection, renderCostsSection, renderParitySection, renderPolicySection, withArchitectureSection, withConfigSection, withCostsSection, withParitySection, withPolicySection } from "../../offline/readme";
import { policies } from "../../policy/src";
import { PARITY } from "../../policy/src/parity";
import { listStacks } from "../../offline/stack";
import { AXIS_VALUES } from "../../profiles/values";
import { BACKEND_PROGRAM_VARIABLES, CONFIG_KEYS, stackFileJsonSchema } from "../../lib/config-schema";
import { PROFILE_NAMES } from "../../lib/axes";
import { mermaid } from "../../offline/render";
import { stack } from "../stacks";

const README = path.resolve(__dirname, "../../README.md");

describe("offline/readme", () => {
    it("keeps the README's architecture diagram equal to the list of axis values, each in its step (regenerate with `npm run docs`)", () => {
        const readme = fs.readFileSync(README, "utf8");
        const values = Object.fromEntries(Object.entries(AXIS_VALUES).map(([axis, modules]) => [axis, Object.entries(modules).map(([name, m]) => ({ name, summary: m.summary }))]));
        assert.ok(withArchitectureSection(readme, renderArchitectureSection(values)) === readme, "README.md's architecture diagram is out of date: run `npm run docs`");
        const diagram = readme.slice(readme.indexOf(ARCHITECTURE_START), readme.indexOf(ARCHITECTURE_END));
        for (const [axis, modules] of Object.entries(AXIS_VALUES)) {
            for (const [name, m] of Object.entries(modules)) {
                assert.ok(diagram.includes(`${axis}_${name}["${name}: ${m.summary}"]`), `${axis} ${name} is in the diagram`);
            }
        }
        assert.ok(!/<--|<-->/.test(diagram), "arrows go one way");
        const withToy = { ...values, frontend: [...values.frontend, { name: "toy", summary: "a page" }] };
        assert.ok(withArchitectureSection(readme, renderArchitectureSection(withToy)) !== readme, "a new value leaves the README stale");
    });

    it("keeps the README's diagram of each profile equal to what its stack's offline record draws (regenerate with `npm run docs`)", async () => {
        const readme = fs.readFileSync(README, "utf8");
        const records = await Promise.all(listStacks().map((name) => stack(name)));
        assert.ok(withProfileDiagramsSection(readme, renderProfileDiagramsSection(records)) === readme, "README.md's profile diagrams are out of date: run `npm run docs`");
        const section = readme.slice(readme.indexOf(DIAGRAMS_START), readme.indexOf(DIAGRAMS_END));
        for (const profile of PROFILE_NAMES) {
            const record = records.find((r) => r.outputs.profile === profile);
            assert.ok(record, `a stack file of profile ${profile}`);
            assert.ok(section.includes(`#### Profile \`${profile}\` (stack \`${record.stack}\`)`), profile);
            assert.ok(section.includes("```mermaid\n" + mermaid(record) + "\n```"), `${profile}'s diagram is its record's`);
        }
        assert.match(section, /internet --> api\n/);
        // A record that draws differently leaves the README stale.
        const changed = records.map((r) => (r.outputs.profile === "cheap" ? { ...r, resources: r.resources.filter((x) => x.name !== "table") } : r));
        assert.ok(withProfileDiagramsSection(readme, renderProfileDiagramsSection(changed)) !== readme);
        assert.throws(() => renderProfileDiagramsSection(records.filter((r) => r.outputs.profile !== "serverless")), /no record of profile serverless for the README's diagrams .*; add a stack file with shoestring:profile serverless/);
    });

    it("keeps the README's config reference equal to the config schema, every key and field in it (regenerate with `npm run docs`)", () => {
        const readme = fs.readFileSync(README, "utf8");
        assert.ok(withConfigSection(readme, renderConfigSection()) === readme, "README.md's config reference is out of date: run `npm run docs`");
        const table = readme.slice(readme.indexOf(CONFIG_START), readme.indexOf(CONFIG_END));
        for (const key of ["aws:region", ...CONFIG_KEYS.map((k) => `shoestring:${k}`)]) {
            assert.ok(table.includes(`| \`${key}\` |`), `${key} has a row`);
        }
        for (const field of ["cpu", "memory", "environment", "image", "directory", "engineVersion", "backupRetentionDays"]) {
            assert.ok(table.includes(`| \`${field}\` |`), `${field} has a row`);
        }
        assert.ok(table.includes(BACKEND_PROGRAM_VARIABLES.join(", ")), "the variables the program sets are listed");
        // A schema that changes leaves the committed README stale.
        const changed = stackFileJsonSchema("shoestring");
        const config = changed.properties?.config?.properties ?? {};
        config["shoestring:newKey"] = { type: "string", description: "A key the README does not list yet." };
        assert.ok(withConfigSection(readme, renderConfigSection("shoestring", changed)) !== readme);
    });

    it("keeps the README's cost tables equal to what the plans of the stacks print (regenerate with `npm run docs`)", async () => {
        const readme = fs.readFileSync(README, "utf8");
        const plans = [];
        for (const stack of listStacks()) {
            plans.push(await buildPlan({ stack }));
        }
        for (const extra of README_EXTRA_PLANS) {
            plans.push(await buildPlan(extra));
        }
        assert.deepEqual(plans.map((p) => p.stack), ["cheap", "dev", "serverless", "cheap"]);
        assert.ok(plans[3].cost.schedule, "the last table is the scheduled one");
        const expected = withCostsSection(readme, renderCostsSection(plans));
        assert.ok(expected === readme, "README.md's cost section is out of date: run `npm run docs`");
        assert.match(readme, /#### Stack `cheap`: profile cheap/);
        assert.match(readme, /#### Stack `cheap`: profile cheap \([^)]*\), awake Mon-Fri 08:00-19:00 \(Europe\/Berlin\)/);
        assert.match(readme, /\| Item \| Quantity \| Unit price \| \$\/day idle \| \$\/day paused \| \$\/day scheduled \| \$\/day at 10,000 requests\/day \|/);
    });

    it("keeps the README's policy table equal to the pack: one row per policy but the AWS rule ones, with its level (regenerate with `npm run docs`)", () => {
        const readme = fs.readFileSync(README, "utf8");
        assert.ok(withPolicySection(readme, renderPolicySection()) === readme, "README.md's policy table is out of date: run `npm run docs`");
        const table = readme.slice(readme.indexOf(POLICIES_START), readme.indexOf(POLICIES_END));
        const ruleIds = new Set(AWS_RULES.map((r) => r.id));
        for (const p of policies.filter((p) => !ruleIds.has(p.name))) {
            const row = table.split("\n").find((l) => l.startsWith(`| \`${p.name}\` |`));
            assert.ok(row?.includes(` ${p.enforcementLevel} |`), `${p.name} has a row with its level`);
        }
        assert.match(table, /\| `ecs-service-uses-fargate-spot` \|[^\n]*\| `allowedOnDemandBase` \|/);
    });

    it("keeps the README's cdk-nag/checkov table equal to the mapping, each rule with a policy of the pack or a reason (regenerate with `npm run docs`)", () => {
        const readme = fs.readFileSync(README, "utf8");
        assert.ok(withParitySection(readme, renderParitySection()) === readme, "README.md's parity table is out of date: run `npm run docs`");
        const names = new Set(policies.map((p) => p.name));
        for (const entry of PARITY) {
            assert.ok((entry.policies ?? []).length > 0 || (entry.notApplicable ?? "").length > 20, `${entry.rule}: a policy or the reason it does not apply`);
            for (const name of entry.policies ?? []) {
                assert.ok(names.has(name), `${entry.rule}: ${name} is a policy of the pack`);
            }
        }
        // Every AwsSolutions rule for the programs' resource types (cdk-nag v3.0.1, src/packs/aws-solutions.ts).
        const applicable = ["APIG1", "APIG4", "CFR1", "CFR2", "CFR3", "CFR4", "CFR5", "CFR7", "DDB3", "EC23", "EC27", "ECR1", "ECS2", "ECS4", "ECS7", "ELB2", "IAM4", "IAM5", "RDS2", "RDS3", "RDS10", "RDS11", "RDS13", "S1", "S2", "S5", "S10"];
        assert.deepEqual(PARITY.filter((e) => e.rule.startsWith("AwsSolutions-")).map((e) => e.rule.slice("AwsSolutions-".length)).sort(), [...applicable].sort());
        const table = readme.slice(readme.indexOf(PARITY_START), readme.indexOf(PARITY_END));
        assert.ok(table.includes("| AwsSolutions-RDS11 |"));
    });

    it("replaces only what is between the markers, and refuses a README without them", () => {
        const text = `intro\n${COSTS_START}\nold\n${COSTS_END}\noutro\n`;
        assert.equal(withCostsSection(text, "new"), `intro\n${COSTS_START}\n\nnew\n\n${COSTS_END}\noutro\n`);
        assert.throws(() => withCostsSection("no markers", "new"), /no cost section markers/);
    });
});

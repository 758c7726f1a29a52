import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildPlan } from "../../offline/plan";
import { AWS_RULES } from "../../lib/aws-rules";
import { COSTS_END, COSTS_START, renderAwsRulesSection, renderCostsSection, RULES_END, RULES_START, withAwsRulesSection, withCostsSection } from "../../offline/readme";
import { listStacks } from "../../offline/stack";

const README = path.resolve(__dirname, "../../README.md");

describe("offline/readme", () => {
    it("keeps the README's cost tables equal to what the plans of the stacks print (regenerate with `npm run docs`)", async () => {
        const readme = fs.readFileSync(README, "utf8");
        const plans = [];
        for (const stack of listStacks()) {
            plans.push(await buildPlan({ stack }));
        }
        assert.deepEqual(plans.map((p) => p.stack), ["cheap", "dev"]);
        const expected = withCostsSection(readme, renderCostsSection(plans));
        assert.ok(expected === readme, "README.md's cost section is out of date: run `npm run docs`");
        assert.match(readme, /#### Stack `cheap`: profile cheap/);
    });

    it("keeps the README's AWS rules table equal to the rules, one row per rule with its source (regenerate with `npm run docs`)", () => {
        const readme = fs.readFileSync(README, "utf8");
        assert.ok(withAwsRulesSection(readme, renderAwsRulesSection()) === readme, "README.md's AWS rules table is out of date: run `npm run docs`");
        const table = readme.slice(readme.indexOf(RULES_START), readme.indexOf(RULES_END));
        for (const rule of AWS_RULES) {
            const row = table.split("\n").find((l) => l.startsWith(`| \`${rule.id}\` |`));
            assert.ok(row, `${rule.id} has a row`);
            assert.ok(row.includes(rule.source), `${rule.id} row names its source`);
        }
    });

    it("replaces only what is between the markers, and refuses a README without them", () => {
        const text = `intro\n${COSTS_START}\nold\n${COSTS_END}\noutro\n`;
        assert.equal(withCostsSection(text, "new"), `intro\n${COSTS_START}\n\nnew\n\n${COSTS_END}\noutro\n`);
        assert.throws(() => withCostsSection("no markers", "new"), /no cost section markers/);
    });
});

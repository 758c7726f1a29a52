/**
 * The list of AWS rules (lib/aws-rules/index.ts): every rule a module defines
 * is in it, each is described, sourced and tested next to its module, and the
 * serverless stack's shape passes them all.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { AWS_RULES, AwsRule, RuleContext, runRule, UNKNOWN_VALUE } from "../../../lib/aws-rules";
import { ruleContextOf } from "../../../offline/aws-checks";
import { runProgram } from "../../../offline/engine";
import { renderAwsRulesSection, RULES_END, RULES_START, withAwsRulesSection } from "../../../offline/readme";
import { stack } from "../../stacks";
import { lambdaApi, rule } from "./rules/fixtures";

const ROOT = path.resolve(__dirname, "../../..");
const README = path.join(ROOT, "README.md");

function isRule(value: unknown): value is AwsRule {
    return typeof value === "object" && value !== null && typeof (value as AwsRule).id === "string" && typeof (value as AwsRule).check === "function";
}

/** Each rule module (lib/aws-rules/rules/*.ts and the dependency-order check), its rules and the test file that mirrors it. */
function ruleModules(): { module: string; test: string; rules: AwsRule[] }[] {
    const modules = fs
        .readdirSync(path.join(ROOT, "lib/aws-rules/rules"))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => ({ module: `lib/aws-rules/rules/${f}`, test: `test/lib/aws-rules/rules/${f.replace(/\.ts$/, ".test.ts")}` }));
    modules.push({ module: "lib/aws-rules/dependency-order.ts", test: "test/lib/aws-rules/dependency-order.test.ts" });
    return modules.map((m) => ({ ...m, rules: Object.values(require(path.join(ROOT, m.module)) as Record<string, unknown>).filter(isRule) }));
}

describe("lib/aws-rules", () => {
    it("lists every rule its modules define, once, each tested in the file that mirrors its module", () => {
        const modules = ruleModules();
        const defined = modules.flatMap((m) => m.rules);
        assert.ok(defined.length >= 40, `${defined.length} rules found`);
        assert.deepEqual(AWS_RULES.map((r) => r.id).sort(), defined.map((r) => r.id).sort());
        assert.equal(new Set(AWS_RULES.map((r) => r.id)).size, AWS_RULES.length, "no rule twice");
        for (const m of modules) {
            const tests = fs.readFileSync(path.join(ROOT, m.test), "utf8");
            for (const r of m.rules) {
                assert.ok(tests.includes(`"${r.id}"`), `${r.id} (${m.module}) has a test in ${m.test}`);
            }
        }
    });

    it("gives every rule an id, a description, a source URL, its types and what happens without it", () => {
        for (const r of AWS_RULES) {
            assert.match(r.id, /^aws-[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.ok(r.description.length > 30, r.id);
            assert.match(r.source, /^https:\/\//, r.id);
            assert.ok(r.types.length > 0, r.id);
            assert.ok(r.effect === "refused" || r.effect === "broken", `${r.id} says what happens without it`);
            assert.ok(r.level === "error" || r.level === "warning", `${r.id} is an error or a warning`);
            // The properties it judges, which the coverage test holds against what the program sets (a rule over every resource judges none in particular).
            assert.ok((r.properties.length > 0 || r.types.includes("*")) && r.properties.every((p) => /^[A-Za-z*][\w.[\]*-]*$/.test(p)), `${r.id} names the properties it judges: ${JSON.stringify(r.properties)}`);
        }
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

    it("the shape of the serverless stack passes every rule", async () => {
        const record = await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: lambdaApi() });
        assert.deepEqual(AWS_RULES.flatMap((r) => runRule(r, ruleContextOf(record))).map((f) => `${f.rule} ${f.property}: ${f.message}`), []);
    });

    it("the serverless stack passes the Lambda, API and DSQL rules in its regions, for either architecture and without protection", async () => {
        const ids = ["aws-lambda-environment", "aws-lambda-memory", "aws-lambda-image-uri", "aws-lambda-image-manifest", "aws-lambda-image-architecture", "aws-lambda-timeout-under-integration", "aws-lambda-permission-api-gateway", "aws-apigatewayv2-integration", "aws-apigatewayv2-lambda-invocable", "aws-dsql-cluster-region"];
        const variants: Record<string, unknown>[] = [{}, { "aws:region": "us-east-1" }, { "aws:region": "eu-west-1" }, { backend: { architecture: "arm64" }, protectData: false }];
        for (const config of variants) {
            const context = ruleContextOf(await stack("serverless", config));
            assert.ok(context.resources.some((r) => r.type === "aws:lambda/function:Function") && context.resources.some((r) => r.type === "aws:dsql/cluster:Cluster"), "the stack has a function and a cluster");
            assert.deepEqual(ids.flatMap((id) => runRule(rule(id), context)).map((f) => `${f.rule} ${f.property}: ${f.message}`), [], JSON.stringify(config));
        }
        const arm = ruleContextOf(await stack("serverless", { backend: { architecture: "arm64" } }));
        assert.deepEqual(arm.resources.find((r) => r.type === "aws:lambda/function:Function")?.inputs.architectures, ["arm64"]);
    });

    describe("during a preview, when values are not known yet", () => {
        /** The stacks, with awake hours and app secrets so that every resource type the program makes is among them; built once for the three tests. */
        let built: Promise<[string, RuleContext][]> | undefined;
        const contexts = (): Promise<[string, RuleContext][]> => (built ??= buildContexts());
        const buildContexts = async (): Promise<[string, RuleContext][]> => {
            const schedule = { timezone: "Europe/Berlin", awake: ["Mon-Fri 08:00-19:00"] };
            const secrets = { "backend.secrets": { API_TOKEN: "ssm:/own-app/api-token", STRIPE_KEY: "secretsmanager:prod/stripe" } };
            return [
                ["cheap", ruleContextOf(await stack("cheap", { schedule, ...secrets }, { "backend.environment.SESSION_KEY": "not-a-real-key" }))],
                ["dev", ruleContextOf(await stack("dev", { schedule }))],
                ["serverless", ruleContextOf(await stack("serverless", secrets, { "backend.environment.SESSION_KEY": "not-a-real-key" }))],
            ];
        };
        const findingsOf = (context: RuleContext) => AWS_RULES.flatMap((r) => runRule(r, context)).map((f) => `${f.rule} ${f.resource} ${f.property}: ${f.message}`);

        it("finds nothing on the stacks with every input known", async () => {
            for (const [name, context] of await contexts()) {
                assert.ok(context.resources.length > 20, name);
                assert.deepEqual(findingsOf(context), [], name);
            }
        });

        it("finds nothing when every input of every resource is unknown", async () => {
            for (const [name, context] of await contexts()) {
                const unknown: RuleContext = { ...context, resources: context.resources.map((r) => ({ ...r, outputs: {}, inputs: Object.fromEntries(Object.keys(r.inputs).map((k) => [k, UNKNOWN_VALUE])) })) };
                assert.deepEqual(findingsOf(unknown), [], name);
            }
        });

        it("finds nothing when any one input is unknown", async () => {
            let judged = 0;
            for (const [name, context] of await contexts()) {
                for (const [i, resource] of context.resources.entries()) {
                    // aws-dependency-order reads a value in one resource and finds it in others: an unknown here and the
                    // same value known there is no state a preview has.
                    const rules = AWS_RULES.filter((r) => r.id !== "aws-dependency-order" && (r.types.includes(resource.type) || r.types.includes("*")));
                    for (const key of Object.keys(resource.inputs)) {
                        const resources = [...context.resources];
                        resources[i] = { ...resource, inputs: { ...resource.inputs, [key]: UNKNOWN_VALUE } };
                        const found = rules.flatMap((r) => runRule(r, { ...context, resources })).map((f) => `${f.rule} ${f.property}: ${f.message}`);
                        assert.deepEqual(found, [], `${name}: ${resource.name} (${resource.type}) with ${key} unknown`);
                        judged += rules.length;
                    }
                }
            }
            assert.ok(judged > 500, `${judged} rule runs`);
        });
    });
});

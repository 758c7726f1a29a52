import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkAws } from "../../offline/aws-checks";
import { checkPolicies, defaultPackEntry } from "../../offline/policy-cli";
import { manyMistakes } from "./aws-programs";
import { run as runProgram } from "./programs";

/**
 * The real pack, compiled, run by `npm run policy` over the gRPC Analyzer
 * protocol the Pulumi CLI uses, against the offline record of each stack
 * with its policy config: the verdict `pulumi preview --policy-pack` gives.
 */
const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "dist/offline/policy-cli.js");

interface Report {
    diagnostics: { policyName: string; enforcementLevel: string; message: string; urn?: string }[];
    summary?: { mandatory: number; advisory: number; acknowledged: number };
}

function policy(...args: string[]): { status: number | null; report?: Report; stderr: string } {
    const run = spawnSync(process.execPath, [CLI, ...args, "--format", "json"], { cwd: ROOT, encoding: "utf8", timeout: 120000 });
    return { status: run.status, report: run.stdout ? (JSON.parse(run.stdout) as Report) : undefined, stderr: run.stderr };
}
const levels = (report: Report | undefined, level: string) => (report?.diagnostics ?? []).filter((d) => d.enforcementLevel === level);

describe("the policy pack over the gRPC Analyzer protocol", () => {
    before(() => assert.ok(fs.existsSync(CLI), `${CLI} is missing: npm test builds it`));

    for (const stack of ["cheap", "dev"]) {
        it(`passes stack ${stack} with its config: nothing but acknowledged trade-offs, advisory per violation over the wire, exit 0`, () => {
            const run = policy("--stack", stack);
            assert.equal(run.status, 0, run.stderr);
            const diagnostics = run.report?.diagnostics ?? [];
            assert.ok(diagnostics.length >= 10);
            assert.deepEqual(diagnostics.filter((d) => !d.message.startsWith("[acknowledged] ")), []);
            assert.deepEqual([...new Set(diagnostics.map((d) => d.enforcementLevel))], ["advisory"]);
            assert.equal(run.report?.summary?.acknowledged, diagnostics.length);
        });
    }

    it("reports the Spot rules on stack dev, acknowledged: homework runs on demand by design", () => {
        const run = policy("--stack", "dev");
        const spot = (run.report?.diagnostics ?? []).filter((d) => d.policyName === "ecs-service-uses-fargate-spot");
        assert.ok(spot.length >= 2);
        assert.ok(spot.every((d) => d.message.startsWith("[acknowledged] homework is the by-the-book profile")));
    });

    it("fails stack cheap with a service switched to on-demand: mandatory, exit 1", () => {
        const run = policy("--stack", "cheap", "--set", "capacity=fargate");
        assert.equal(run.status, 1, run.stderr);
        const mandatory = levels(run.report, "mandatory");
        assert.ok(mandatory.length > 0);
        assert.ok(mandatory.every((d) => d.policyName === "ecs-service-uses-fargate-spot"));
        assert.ok(levels(run.report, "advisory").every((d) => d.message.startsWith("[acknowledged] ")), "the rest stays acknowledged");
        assert.ok(mandatory.some((d) => /aws:ecs\/service:Service::backend$/.test(d.urn ?? "")));
    });

    it("fails stack cheap over a tiny budget, naming the largest line items, exit 1", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "budget-")), "tiny.json");
        fs.writeFileSync(file, JSON.stringify({ "daily-budget": { enforcementLevel: "mandatory", runningUsdPerDay: 0.1 } }));
        const run = policy("--stack", "cheap", "--config", file);
        assert.equal(run.status, 1, run.stderr);
        const [budget] = levels(run.report, "mandatory");
        assert.equal(budget.policyName, "daily-budget");
        assert.match(budget.message, /over the budget of \$0\.10\/day/);
        assert.match(budget.message, /Largest items: RDS instance db\.t4g\.micro \(database\) \$0\.38\/day; /);
    });
});

describe("the compiled pack over gRPC and the plan, on one record with many AWS mistakes", () => {
    const pack = defaultPackEntry();
    before(function () {
        if (!fs.existsSync(pack)) {
            throw new Error(`${path.relative(process.cwd(), pack)} is missing: run npm run build`);
        }
    });

    it("report the same (rule, resource) pairs", async function () {
        this.timeout(120000);
        const record = await runProgram(manyMistakes);
        const plan = (await checkAws(record)).map((f) => `${f.rule} ${f.urn}`).sort();
        const report = await checkPolicies("unit", record);
        const fromPack = report.diagnostics
            .filter((d) => d.policyName.startsWith("aws-"))
            .map((d) => {
                const rule = d.policyName.startsWith("aws-cloudformation-") ? /\(rule (cfn-[A-Z]\d+), /.exec(d.message)?.[1] : d.policyName;
                return `${rule} ${d.urn}`;
            })
            .sort();
        assert.ok(plan.length >= 10, plan.join("\n"));
        assert.ok(new Set(plan.map((p) => p.split(" ")[0])).size >= 9, "most rules are hit");
        assert.deepEqual(fromPack, plan);
        const levels = new Map(report.diagnostics.map((d) => [d.policyName, d.enforcementLevel]));
        assert.equal(levels.get("aws-cloudformation-warnings"), "advisory");
        assert.equal(levels.get("aws-ec2-security-group-description"), "mandatory");
    });
});

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "../../offline/cli";
import { Plan } from "../../offline/plan";
import { stack } from "../stacks";

const ROOT = path.resolve(__dirname, "../..");
/** The compiled command, as `npm run plan` and the `shoestring-plan` bin run it (`npm test` builds it first). */
const CLI = path.join(ROOT, "dist/offline/cli.js");

function plan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("offline/cli", () => {
    before(function () {
        if (!fs.existsSync(CLI)) {
            throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does)`);
        }
    });

    describe("parseArgs", () => {
        it("reads the stack, format, diff, sheet and config overrides", () => {
            assert.deepEqual(parseArgs(["--stack", "cheap", "--format=markdown", "--diff", "dev", "--sheet", "writeup-2023", "--set", "paused=true", "--set", "backend={\"cpu\":512}"]), {
                stack: "cheap",
                format: "markdown",
                diff: "dev",
                sheet: "writeup-2023",
                config: { paused: true, backend: { cpu: 512 } },
            });
        });

        it("reads the traffic scenario's requests a day and the free-tier switch", () => {
            assert.deepEqual(parseArgs(["--stack", "serverless", "--traffic", "250000", "--free-tier"]), { stack: "serverless", format: "text", config: {}, requestsPerDay: 250_000, freeTier: true });
            assert.equal(parseArgs(["--stack", "serverless", "--traffic=0"]).requestsPerDay, 0);
        });

        it("reads --set keys with paths and --unset, in order (a key given again moves to the end)", () => {
            const options = parseArgs(["-s", "cheap", "--set", "backend.cpu=512", "--set", "site.environment.FOO=bar", "--set", "schedule.awake[0]=Mon-Fri 08:00-19:00", "--unset", "domain", "--set=backend.memory=1024"]);
            assert.deepEqual(options.config, { "backend.cpu": 512, "site.environment.FOO": "bar", "schedule.awake[0]": "Mon-Fri 08:00-19:00", domain: undefined, "backend.memory": 1024 });
            assert.deepEqual(Object.keys(parseArgs(["-s", "cheap", "--set", "a.b=1", "--unset", "a", "--set", "a.b=2"]).config), ["a", "a.b"]);
            assert.deepEqual(parseArgs(["-s", "cheap", "--set", 'site.environment["A=B"]=x=y']).config, { 'site.environment["A=B"]': "x=y" });
        });

        it("answers --help and -h with the help, whatever else is there", () => {
            assert.equal(parseArgs(["--help"]).help, true);
            assert.equal(parseArgs(["--stack", "cheap", "-h", "--bogus"]).help, true);
            assert.equal(parseArgs(["--stack", "cheap"]).help, undefined);
        });

        for (const [args, message] of [
            [[], /--stack is required/],
            [["--stack", "cheap", "--set", "backend..cpu=1"], /--set config key "backend\.\.cpu" is not a path: an empty name at 8/],
            [["--stack", "cheap", "--unset", "schedule.awake[x]"], /--unset config key "schedule\.awake\[x\]" is not a path/],
            [["--stack", "cheap", "--unset", "paused=true"], /--unset "paused=true" must be a key, like paused or backend\.cpu \(no value\)/],
            [["--stack", "cheap", "--unset"], /--unset needs a value/],
            [["--stack"], /--stack needs a value/],
            [["--stack", "cheap", "--format", "yaml"], /--format "yaml" is not known; allowed: text, markdown, json/],
            [["--stack", "cheap", "--set", "paused"], /--set "paused" must be <key>=<value>/],
            [["--stack", "cheap", "--bogus"], /unknown argument "--bogus"/],
            [["--stack", "cheap", "--traffic", "lots"], /--traffic "lots" is not a number of requests a day; give a whole number from 0 to 1000000000000/],
            [["--stack", "cheap", "--traffic", "1.5"], /--traffic "1.5" is not a number/],
            [["--stack", "cheap", "--traffic"], /--traffic needs a value/],
        ] as [string[], RegExp][]) {
            it(`refuses ${JSON.stringify(args)}`, () => assert.throws(() => parseArgs(args), message));
        }
    });

    it("prints the help on stdout and exits 0, running nothing", () => {
        for (const flag of ["--help", "-h"]) {
            const run = plan(flag);
            assert.equal(run.status, 0, run.stderr);
            assert.equal(run.stderr, "");
            assert.match(run.stdout, /^usage: npm run plan -- --stack <name> .*\[--unset <key> \.\.\.\]\n/);
            assert.match(run.stdout, /--set <key>=<value> sets a key for this run, or with a path one field or item of it/);
        }
    });

    it("sets one field of a key with --set and a path, and removes a key with --unset", async () => {
        const run = plan("--stack", "cheap", "--format", "json", "--set", "backend.cpu=1024", "--set", "backend.memory=3072", "--unset", "domain");
        assert.equal(run.status, 0, run.stderr);
        const printed = JSON.parse(run.stdout) as Plan;
        assert.equal(printed.record.config["shoestring:backend"], '{"cpu":1024,"memory":3072}');
        assert.ok(!("shoestring:domain" in printed.record.config));
        const task = printed.record.resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.name.startsWith("backend"));
        assert.deepEqual([task?.inputs.cpu, task?.inputs.memory], ["1024", "3072"]);
        assert.equal(printed.record.outputs.siteUrl, (await stack("cheap", { domain: undefined })).outputs.siteUrl);
    });

    it("prints every recorded resource and output of stack cheap as JSON", async () => {
        const run = plan("--stack", "cheap", "--format", "json");
        assert.equal(run.status, 0, run.stderr);
        const printed = JSON.parse(run.stdout) as Plan;
        const record = await stack("cheap");
        assert.equal(printed.version, 1);
        assert.deepEqual(printed.record.resources.map((r) => r.urn).sort(), record.resources.map((r) => r.urn).sort());
        assert.deepEqual(printed.record.outputs, record.outputs);
        assert.ok(printed.cost.totals.runningDay > 0);
        assert.equal(printed.cost.sheet.name, "aws-2026-11");
        assert.deepEqual([printed.aws.errors, printed.aws.refused, printed.aws.broken, printed.aws.warnings, printed.aws.findings], [0, 0, 0, 0, []]);
    });

    it("prints the plan, lists what AWS would refuse, and exits 1, as `pulumi up` would fail", () => {
        // An instance class RDS does not offer: the mocks accept it, AWS's validator does not.
        const run = plan("--stack", "cheap", "--set", 'database={"instanceClass":"db.t4g.mega"}');
        assert.equal(run.status, 1, run.stderr);
        assert.match(run.stdout, /^Stack cheap/);
        assert.match(run.stdout, /^AWS: 1 request\(s\) AWS would refuse, 0 that would deploy broken, 0 warning\(s\):$/m);
        assert.match(run.stdout, /^ {2}REFUSED database \(aws:rds\/instance:Instance\) instanceClass = "db\.t4g\.mega": 'db\.t4g\.mega' is not one of \['db\.m1\.large', .*\.\.\. \d+ more\] when Engine is 'postgres' in 'us-west-2'.*\(rule cfn-E3025, /m);
        assert.equal(run.stderr, 'error: stack cheap: 1 request(s) AWS would refuse, 0 that would deploy broken; see "AWS:" above\n');
    });

    it("prints stack dev as a tree, with outputs and a cost table", () => {
        const run = plan("--stack", "dev");
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, /^Stack dev, profile homework \(api alb, frontend container, capacity fargate, compute ecs, database rds\)/);
        assert.match(run.stdout, /├─ load-balancer {2}shoestring:aws:AlbRouter/);
        assert.match(run.stdout, /\napiUrl: "https:\/\/api\.shoestring\.example\.com"\n/);
        assert.match(run.stdout, /\nCost: idle \$\d+\.\d\d\/day \(\$\d+\.\d\d\/month\), paused \$\d+\.\d\d\/day .*, at 10,000 requests\/day \$\d+\.\d\d\/day/);
        assert.match(run.stdout, /Application Load Balancer \(load-balancer\) +1 load balancer +\$0\.0225\/load balancer-hour +\$0\.54 +\$0\.54/);
    });

    it("prices the traffic it is given, with the free allowances when asked, and the awake hours a schedule sets", () => {
        const busy = plan("--stack", "serverless", "--traffic", "100000", "--free-tier");
        assert.equal(busy.status, 0, busy.stderr);
        assert.match(busy.stdout, /, at 100,000 requests\/day \$\d+\.\d\d\/day/);
        assert.match(busy.stdout, /\$\/day at 100,000 requests\/day/);
        assert.match(busy.stdout, /Always-free allowances taken off/);
        const scheduled = plan("--stack", "cheap", "--set", 'schedule={"timezone":"Europe/Berlin","awake":["Mon-Fri 08:00-19:00"]}');
        assert.equal(scheduled.status, 0, scheduled.stderr);
        assert.match(scheduled.stdout, /, scheduled \(55 awake hours a week\) \$0\.\d\d\/day/);
        assert.match(scheduled.stdout, /Scheduled: awake Mon-Fri 08:00-19:00 \(Europe\/Berlin\), 55 of 168 hours a week/);
    });

    it("plans a region the price sheet lacks: every line unpriced, the totals marked so, exit 0", () => {
        const run = plan("--stack", "cheap", "--set", "aws:region=us-east-1", "--sheet", "writeup-2023");
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, /\nCost: idle \$0\.00\/day \+ unpriced \(\$0\.00\/month \+ unpriced\)/);
        assert.match(run.stdout, /\nThe sheet has no prices for us-east-1 \(it covers us-west-2\): every line is unpriced\.\n/);
        assert.match(run.stdout, /RDS instance db\.t4g\.micro \(database\) +1 instance \(paused 0\) +not in sheet +unpriced +unpriced/);
    });

    it("renders the swap plan from cheap to dev as markdown, with the cost delta and a diagram", () => {
        const run = plan("--stack", "cheap", "--diff", "dev", "--format", "markdown");
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, /### Swap plan: to stack dev/);
        assert.match(run.stdout, /No stateful resource is deleted or replaced\./);
        assert.match(run.stdout, /\| create \| `aws:lb\/loadBalancer:LoadBalancer` \| load-balancer \|/);
        assert.match(run.stdout, /change \$\d+\.\d\d\/day idle/);
        assert.match(run.stdout, /```mermaid\nflowchart LR\n/);
        assert.match(run.stdout, /internet --> api/);
    });

    it("adds the policy pack's verdict with --policy: on stack dev, the acknowledged trade-offs with their reasons (the Spot rules among them)", () => {
        const run = plan("--stack", "dev", "--policy", "--format", "json");
        assert.equal(run.status, 0, run.stderr);
        const printed = JSON.parse(run.stdout) as Plan;
        assert.ok(printed.policy);
        assert.equal(printed.policy.pack, "shoestring@0.1.0");
        assert.equal(printed.policy.mandatory, 0);
        assert.equal(printed.policy.advisory, 0);
        assert.ok(printed.policy.acknowledged >= 10);
        assert.ok(printed.policy.lines.includes(`acknowledged trade-offs (${printed.policy.acknowledged}):`));
        assert.ok(printed.policy.lines.some((l) => /^ {2}ecs-service-uses-fargate-spot {2}aws:ecs\/service:Service \(backend\): homework is the by-the-book profile/.test(l)), printed.policy.lines.join("\n"));
        assert.ok(printed.policy.lines.some((l) => /^ {2}rds-multi-az {2}aws:rds\/instance:Instance \(database\): a standby in a second zone doubles/.test(l)));
    });

    for (const [what, args, message] of [
        ["a bad stack name", ["--stack", "../etc"], /^error: bad stack name "\.\.\/etc"/],
        ["a missing stack file", ["--stack", "prod"], /^error: no stack "prod": Pulumi\.prod\.yaml does not exist/],
        ["an unknown price sheet", ["--stack", "cheap", "--sheet", "nope"], /^error: no price sheet "nope"/],
        ["a bad config value", ["--stack", "cheap", "--set", "capacity=ec2"], /^error: config shoestring:capacity: "ec2" is not allowed/],
        ["an unknown --diff target", ["--stack", "cheap", "--diff", "staging"], /^error: --diff "staging" is neither a stack/],
    ] as [string, string[], RegExp][]) {
        it(`fails on ${what} with one line and a non-zero exit`, () => {
            const run = plan(...args);
            assert.equal(run.status, 1);
            assert.equal(run.stdout, "");
            assert.match(run.stderr, message);
            assert.equal(run.stderr.trimEnd().split("\n").length, 1, run.stderr);
        });
    }
});

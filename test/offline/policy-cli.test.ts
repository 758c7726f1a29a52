import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import type { PolicyDiagnostic } from "../../offline/analyzer-wire";
import {
  defaultConfigFile,
  defaultPackEntry,
  exitCodeFor,
  groupDiagnostics,
  parseArgs,
  policySummary,
  renderDiagnostic,
  renderJson,
  renderText,
  resourceOfUrn,
  runPolicyCli,
  HELP,
  USAGE,
} from "../../offline/policy-cli";
import { PROJECT_DIR } from "../../offline/stack";
import { ACKNOWLEDGED } from "../../policy/src/acknowledge";

const BASIC = path.join(__dirname, "..", "fixtures", "policy-packs", "basic", "index.js");

function diagnostic(policyName: string, enforcementLevel: PolicyDiagnostic["enforcementLevel"], urn: string | undefined, detail: string): PolicyDiagnostic {
  const description = `${policyName} description.`;
  return { policyName, policyPackName: "pack", policyPackVersion: "1.0.0", description, message: `${description}\n${detail}`, enforcementLevel, ...(urn ? { urn } : {}) };
}

const BUCKET_URN = "urn:pulumi:dev::shoestring::shoestring:aws:Site$aws:s3/bucket:Bucket::site-bucket";
const KEY_URN = "urn:pulumi:dev::shoestring::aws:iam/accessKey:AccessKey::ci";
const STACK_URN = "urn:pulumi:dev::shoestring::pulumi:pulumi:Stack::shoestring-dev";

const DIAGNOSTICS: PolicyDiagnostic[] = [
  diagnostic("spot", "advisory", BUCKET_URN, "runs on demand"),
  diagnostic("no-keys", "mandatory", KEY_URN, "key ci is long-lived"),
  diagnostic("fix", "remediate", BUCKET_URN, "remediated forceDestroy"),
  diagnostic("budget", "mandatory", STACK_URN, "3.20 USD a day\nover 1.00"),
];

describe("offline/policy-cli", () => {
  describe("parseArgs", () => {
    it("needs a stack, and defaults to text with no config or pack", () => {
      assert.deepEqual(parseArgs(["--stack", "dev"]), { stack: "dev", format: "text", config: {} });
      assert.throws(() => parseArgs([]), /--stack is required/);
    });

    it("reads every option, in both --flag value and --flag=value forms", () => {
      assert.deepEqual(parseArgs(["-s", "cheap", "--config=policy/config/dev.json", "--set", "paused=true", "--set", "profile=homework", "--format", "json", "--pack", "x/index.js"]), {
        stack: "cheap",
        format: "json",
        configFile: "policy/config/dev.json",
        config: { paused: true, profile: "homework" },
        pack: "x/index.js",
      });
      assert.equal(parseArgs(["--stack=dev", "--policy-pack-config", "c.json"]).configFile, "c.json");
      assert.deepEqual(parseArgs(["--stack", "dev", "--set", "limits={\"a\":1}"]).config, { limits: { a: 1 } });
    });

    it("rejects bad command lines with one-line errors", () => {
      assert.throws(() => parseArgs(["--stack"]), /--stack needs a value/);
      assert.throws(() => parseArgs(["--stack", "dev", "--format", "xml"]), /--format "xml" is not known; allowed: text, json/);
      assert.throws(() => parseArgs(["--stack", "dev", "--set", "novalue"]), /--set "novalue" must be <key>=<value>/);
      assert.throws(() => parseArgs(["--stack", "dev", "--frobnicate"]), /unknown argument "--frobnicate"/);
      assert.throws(() => parseArgs(["--stack", "dev", "--set", "backend[x]=1"]), /--set config key "backend\[x\]" is not a path/);
    });

    it("reads --set keys with paths and --unset, in order", () => {
      assert.deepEqual(parseArgs(["--stack", "dev", "--set", "backend.cpu=512", "--unset", "site.environment.FOO", "--unset=domain"]).config, { "backend.cpu": 512, "site.environment.FOO": undefined, domain: undefined });
    });

    it("takes --help and -h as a request for the help, not an error", () => {
      assert.deepEqual(parseArgs(["--help"]), { stack: "", format: "text", config: {}, help: true });
      assert.equal(parseArgs(["-s", "dev", "-h"]).help, true);
      assert.ok(HELP.startsWith(`${USAGE}\n`));
    });
  });

  describe("grouping and rendering", () => {
    it("reads a resource's type and name from its URN", () => {
      assert.deepEqual(resourceOfUrn(BUCKET_URN), { type: "aws:s3/bucket:Bucket", name: "site-bucket" });
      assert.deepEqual(resourceOfUrn(STACK_URN), { type: "pulumi:pulumi:Stack", name: "shoestring-dev" });
      assert.deepEqual(resourceOfUrn("urn:pulumi:dev::p::t::a::b"), { type: "t", name: "a::b" });
    });

    it("groups by enforcement level, keeping the order reported", () => {
      const grouped = groupDiagnostics(DIAGNOSTICS);
      assert.deepEqual(
        grouped.mandatory.map((d) => d.policyName),
        ["no-keys", "budget"],
      );
      assert.deepEqual(
        grouped.advisory.map((d) => d.policyName),
        ["spot"],
      );
      assert.deepEqual(
        grouped.remediations.map((d) => d.policyName),
        ["fix"],
      );
    });

    it("renders a violation as the policy and resource, then the message indented", () => {
      assert.deepEqual(renderDiagnostic(DIAGNOSTICS[3]), ["  budget  pulumi:pulumi:Stack (shoestring-dev)", "      budget description.", "      3.20 USD a day", "      over 1.00"]);
      assert.deepEqual(renderDiagnostic({ ...DIAGNOSTICS[0], urn: undefined })[0], "  spot  (stack)");
    });

    it("summarises mandatory first, then advisory, then remediations, with a count line", () => {
      const summary = policySummary(DIAGNOSTICS);
      assert.equal(summary.mandatory, 2);
      assert.equal(summary.advisory, 1);
      const headings = summary.lines.filter((line) => !line.startsWith(" "));
      assert.deepEqual(headings, ["mandatory violations (2):", "advisory violations (1):", "remediations (1):", "2 mandatory, 1 advisory violations"]);
      assert.ok(summary.lines.includes("  no-keys  aws:iam/accessKey:AccessKey (ci)"));
      assert.ok(summary.lines.includes("      key ci is long-lived"));
      assert.deepEqual(policySummary([]), { mandatory: 0, advisory: 0, acknowledged: 0, lines: ["0 mandatory, 0 advisory violations"] });
    });

    it("lists acknowledged trade-offs on their own, one line each with the reason, and counts them apart from violations", () => {
      const acknowledged = { ...diagnostic("rds-multi-az", "advisory", BUCKET_URN, ""), message: `${ACKNOWLEDGED} one zone: half the price\nrds-multi-az description.\nruns in one zone` };
      const summary = policySummary([...DIAGNOSTICS, acknowledged]);
      assert.equal(summary.advisory, 1, "not an advisory violation");
      assert.equal(summary.acknowledged, 1);
      assert.deepEqual(summary.lines.slice(-2), ["  rds-multi-az  aws:s3/bucket:Bucket (site-bucket): one zone: half the price", "2 mandatory, 1 advisory violations, 1 acknowledged trade-off"]);
      assert.ok(summary.lines.includes("acknowledged trade-offs (1):"));
      assert.equal(exitCodeFor([{ ...acknowledged, enforcementLevel: "mandatory" }]), 0, "an acknowledged violation never fails the run");
    });

    it("exits 1 on a mandatory violation only", () => {
      assert.equal(exitCodeFor(DIAGNOSTICS), 1);
      assert.equal(exitCodeFor(DIAGNOSTICS.filter((d) => d.enforcementLevel !== "mandatory")), 0);
      assert.equal(exitCodeFor([]), 0);
    });

    it("renders text with a header naming the pack, the config and the stack", () => {
      const text = renderText({ stack: "dev", pack: { name: "shoestring", version: "0.1.0" }, configFile: "policy/config/dev.json", diagnostics: DIAGNOSTICS });
      const lines = text.split("\n");
      assert.equal(lines[0], "Policy pack shoestring@0.1.0 with policy/config/dev.json, stack dev:");
      assert.equal(lines[lines.length - 1], "2 mandatory, 1 advisory violations");
      assert.match(renderText({ stack: "dev", pack: { name: "p", version: "1" }, diagnostics: [] }), /^Policy pack p@1 \(no policy config\), stack dev:\n0 mandatory, 0 advisory violations$/);
    });

    it("renders JSON with the summary and each violation's resource", () => {
      const json = JSON.parse(renderJson({ stack: "dev", pack: { name: "p", version: "1" }, diagnostics: DIAGNOSTICS })) as {
        stack: string;
        configFile: string | null;
        summary: { mandatory: number; advisory: number };
        diagnostics: Array<PolicyDiagnostic & { resource: { type: string; name: string } | null }>;
      };
      assert.equal(json.stack, "dev");
      assert.equal(json.configFile, null);
      assert.deepEqual(json.summary, { mandatory: 2, advisory: 1, acknowledged: 0 });
      assert.equal(json.diagnostics.length, 4);
      assert.deepEqual(json.diagnostics[1].resource, { type: "aws:iam/accessKey:AccessKey", name: "ci" });
    });
  });

  describe("defaults", () => {
    it("uses the compiled pack and the stack's policy config file when there is one", () => {
      assert.equal(defaultPackEntry("/p"), path.join("/p", "dist", "policy", "index.js"));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-cli-"));
      try {
        fs.mkdirSync(path.join(dir, "policy", "config"), { recursive: true });
        fs.writeFileSync(path.join(dir, "policy", "config", "dev.json"), "{}");
        assert.equal(defaultConfigFile("dev", dir), path.join(dir, "policy", "config", "dev.json"));
        assert.equal(defaultConfigFile("cheap", dir), undefined);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      assert.equal(PROJECT_DIR, path.resolve(__dirname, "..", ".."));
    });
  });

  describe("runPolicyCli", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-cli-run-"));
    });
    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("runs a stack against a pack and exits 1 on a mandatory violation", async () => {
      const config = path.join(dir, "config.json");
      fs.writeFileSync(config, JSON.stringify({ all: "disabled", "always-mandatory": "mandatory" }));
      const result = await runPolicyCli(["--stack", "dev", "--pack", BASIC, "--config", config]);
      assert.equal(result.stderr, "");
      assert.equal(result.exitCode, 1);
      const lines = result.stdout.trimEnd().split("\n");
      assert.equal(lines[0], `Policy pack fixture-basic@1.2.3 with ${config}, stack dev:`);
      assert.equal(lines[1], "mandatory violations (1):");
      assert.equal(lines[2], "  always-mandatory  pulumi:pulumi:Stack (shoestring-dev)");
      assert.match(lines[4], /^ {6}stack of \d+ resources$/);
      assert.equal(lines[lines.length - 1], "1 mandatory, 0 advisory violations");
    });

    it("prints the help on stdout with exit 0 for --help, starting no pack", async () => {
      for (const flag of ["--help", "-h"]) {
        const result = await runPolicyCli([flag]);
        assert.deepEqual(result, { stdout: HELP + "\n", stderr: "", exitCode: 0 });
      }
      assert.match(HELP, /--unset <key> removes a key, or a field or item with a path/);
    });

    it("runs the stack with a --set path and an --unset", async () => {
      const config = path.join(dir, "only-stack.json");
      fs.writeFileSync(config, JSON.stringify({ all: "disabled", "always-mandatory": "mandatory" }));
      const ok = await runPolicyCli(["--stack", "cheap", "--pack", BASIC, "--config", config, "--set", "backend.cpu=512", "--set", "backend.memory=1024", "--unset", "domain"]);
      assert.equal(ok.stderr, "");
      assert.equal(ok.exitCode, 1, "the fixture's mandatory policy still runs");
      const bad = await runPolicyCli(["--stack", "cheap", "--pack", BASIC, "--set", "backend.cpu=3"]);
      assert.equal(bad.exitCode, 1);
      assert.match(bad.stderr, /^error: .*config shoestring:backend\.cpu: 3 is not a Fargate CPU value/);
    });

    it("fails with one error line on a bad stack, a missing config file or a missing pack", async () => {
      const badStack = await runPolicyCli(["--stack", "no-such-stack", "--pack", BASIC]);
      assert.equal(badStack.exitCode, 1);
      assert.equal(badStack.stdout, "");
      assert.match(badStack.stderr, /^error: no stack "no-such-stack": .*\n$/);

      const missingConfig = await runPolicyCli(["--stack", "dev", "--pack", BASIC, "--config", path.join(dir, "missing.json")]);
      assert.equal(missingConfig.exitCode, 1);
      assert.match(missingConfig.stderr, /^error: policy config .*missing\.json does not exist\n$/);

      const missingPack = await runPolicyCli(["--stack", "dev", "--pack", path.join(dir, "nope.js")]);
      assert.equal(missingPack.exitCode, 1);
      assert.match(missingPack.stderr, /^error: policy pack .*nope\.js does not exist\n$/);

      const badArgs = await runPolicyCli(["--stack"]);
      assert.equal(badArgs.exitCode, 1);
      assert.match(badArgs.stderr, /^error: --stack needs a value/);
    });
  });
});

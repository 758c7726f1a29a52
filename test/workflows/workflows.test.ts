import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { CONFIG_KEYS as BOOTSTRAP_DEFAULTS } from "../../bootstrap/config";

import {
  accessKeyProblems,
  deployProblems,
  expand,
  hardeningProblems,
  loadWorkflow,
  matrixCombos,
  npmRuns,
  npmScriptProblems,
  oidcProblems,
  parseWorkflow,
  previewProblems,
  pullRequestProblems,
  ROOT,
  shellCommands,
  validityProblems,
  type Workflow,
  workflowFiles,
} from "./checks";

const SCRIPTS: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;

function none(problems: string[]): void {
  assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
}

/** A copy of a workflow with `from` replaced by `to` (which must be in it). */
function mutate(wf: Workflow, from: string | RegExp, to: string): Workflow {
  const text = wf.text.replace(from, to);
  assert.notEqual(text, wf.text, `${wf.file} does not contain ${String(from)}`);
  return parseWorkflow(wf.file, text);
}

function some(problems: string[], pattern: RegExp): void {
  assert.ok(problems.some((p) => pattern.test(p)), `expected a problem matching ${pattern}, got:\n${problems.join("\n") || "(none)"}`);
}

describe("GitHub workflows", () => {
  const files = workflowFiles();
  const all = files.map(loadWorkflow);
  const byName = (file: string): Workflow => {
    const wf = all.find((w) => w.file === file);
    assert.ok(wf, `.github/workflows/${file} is missing`);
    return wf;
  };

  it("has the pull request, preview and deploy workflows", () => {
    for (const file of ["pull-request.yml", "preview.yml", "deploy.yml"]) assert.ok(files.includes(file), `.github/workflows/${file} is missing`);
  });

  describe("every workflow", () => {
    for (const file of workflowFiles()) {
      it(`${file} parses as YAML and is valid per @action-validator/core`, () => none(validityProblems(loadWorkflow(file))));
      it(`${file} references no AWS access key`, () => none(accessKeyProblems(loadWorkflow(file))));
      it(`${file} gets AWS credentials only from OIDC and a role in vars.*`, () => none(oidcProblems(loadWorkflow(file))));
      it(`${file} runs only npm scripts that package.json has`, () => none(npmScriptProblems(loadWorkflow(file), SCRIPTS)));
      it(`${file} is hardened: actions pinned by commit SHA, no persisted token, no install scripts or job-wide secrets where credentials are held, the Pulumi CLI pinned`, () => none(hardeningProblems(loadWorkflow(file))));
    }
  });

  it("pull-request.yml: no cloud credentials; npm ci, npm test, plan --policy --format markdown and policy for cheap and dev; job summary; one comment", () => {
    none(pullRequestProblems(byName("pull-request.yml")));
  });

  it("preview.yml: same-repository pull requests only; pulumi preview of cheap and dev with the policy pack and policy/config/<stack>.json", () => {
    none(previewProblems(byName("preview.yml")));
  });

  it("deploy.yml: push to main; pulumi up of cheap with the policy pack; curl of healthCheckUrl and frontendUrl", () => {
    none(deployProblems(byName("deploy.yml")));
  });

  // Each check on a broken copy of a real workflow: the checks above can fail.
  describe("the checks catch", () => {
    it("a workflow the schema refuses, and YAML that does not parse", () => {
      some(validityProblems(mutate(byName("deploy.yml"), "runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    bogus-key: 1")), /bogus-key|Additional property|conditions/);
      some(validityProblems(mutate(byName("deploy.yml"), "jobs:", "jobs: [")), /YAML|Parse/);
    });

    it("an access key in the text, and a secret named like one", () => {
      const deploy = byName("deploy.yml");
      some(accessKeyProblems(mutate(deploy, "role-to-assume:", "aws-access-key-id: x\n          role-to-assume:")), /aws-access-key-id/);
      some(accessKeyProblems(mutate(deploy, "secrets.PULUMI_ACCESS_TOKEN", "secrets.AWS_ACCESS_KEY_ID")), /AWS_ACCESS_KEY_ID/);
      some(accessKeyProblems(mutate(deploy, "secrets.PULUMI_ACCESS_TOKEN", "secrets.DEPLOY_SECRET_KEY")), /secret DEPLOY_SECRET_KEY/);
      some(accessKeyProblems(mutate(deploy, "secrets.PULUMI_ACCESS_TOKEN", "secrets['ci_access_key']")), /secret ci_access_key/);
    });

    it("configure-aws-credentials without id-token: write, or with a role not from vars.*", () => {
      const preview = byName("preview.yml");
      some(oidcProblems(mutate(preview, /^\s+id-token: write\n/m, "\n")), /without id-token: write/);
      some(oidcProblems(mutate(preview, "${{ vars.AWS_PREVIEW_ROLE_ARN }}", "arn:aws:iam::123456789012:role/preview")), /not a vars\.\* value/);
      some(oidcProblems(mutate(preview, "${{ vars.AWS_PREVIEW_ROLE_ARN }}", "${{ secrets.AWS_PREVIEW_ROLE_ARN }}")), /not a vars\.\* value/);
      // The workflow level does not count when the job sets its own permissions.
      some(oidcProblems(mutate(mutate(preview, /^\s+id-token: write\n/m, "\n"), "permissions: {}", "permissions:\n  id-token: write")), /without id-token: write/);
    });

    it("a pull request workflow with credentials, without a stack's plan or policy, summary or single comment", () => {
      const pr = byName("pull-request.yml");
      some(pullRequestProblems(mutate(pr, "  contents: read\n  pull-requests: write\n\nconcurrency", "  contents: read\n  pull-requests: write\n  id-token: write\n\nconcurrency")), /id-token/);
      some(pullRequestProblems(mutate(pr, "      - name: Test\n", "      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: ${{ vars.X }}\n          aws-region: us-west-2\n      - name: Test\n")), /configures AWS credentials/);
      some(pullRequestProblems(mutate(pr, "run: npm ci --no-audit --no-fund", "run: npm install")), /npm ci/);
      some(pullRequestProblems(mutate(pr, "run: npm test", "run: echo skipped")), /npm test/);
      some(pullRequestProblems(mutate(pr, "--stack dev --diff cheap --policy --format markdown", "--stack dev --diff cheap --format markdown")), /--stack dev --policy/);
      some(pullRequestProblems(mutate(pr, "--stack cheap --diff dev --policy --format markdown", "--stack cheap --diff dev --policy --format text")), /--stack cheap --policy --format markdown/);
      some(pullRequestProblems(mutate(pr, "--stack cheap --diff dev --policy", "--stack cheap --policy")), /swap plan of cheap/);
      some(pullRequestProblems(mutate(pr, "run: npm run policy -- --stack dev", "run: npm run policy -- --stack cheap")), /policy -- --stack dev/);
      some(pullRequestProblems(mutate(pr, "run: npm run policy -- --stack cheap", "run: npm run policy -- --stack cheap\n        continue-on-error: true")), /continue-on-error/);
      some(pullRequestProblems(mutate(pr, '>> "$GITHUB_STEP_SUMMARY"', "> summary.md")), /GITHUB_STEP_SUMMARY/);
      some(pullRequestProblems(mutate(pr, "      - name: Policy cheap\n", "      - uses: marocchino/sticky-pull-request-comment@v2\n        with:\n          header: again\n      - name: Policy cheap\n")), /2 steps post/);
      some(pullRequestProblems(mutate(pr, /if: .*github\.event\.pull_request\.head\.repo\.full_name == github\.repository.*\n/, "if: always()\n")), /not skipped for forks/);
      some(pullRequestProblems(mutate(pr, /updateComment/g, "createComment")), /does not update/);
      some(pullRequestProblems(mutate(pr, /<!-- shoestring-plan -->/g, "<!-- plan -->")), /does not update/);
    });

    it("a preview for forks, of one stack only, or with a policy config that does not exist", () => {
      const preview = byName("preview.yml");
      some(previewProblems(mutate(preview, /^ {4}if: github\.event.*\n/m, "")), /no if:/);
      some(previewProblems(mutate(preview, "stack: [cheap, dev]", "stack: [cheap]")), /preview of stack dev/);
      some(previewProblems(mutate(preview, "policy/config/${{ matrix.stack }}.json", "policy/config/${{ matrix.stack }}-preview.json")), /cheap-preview\.json does not exist/);
      some(previewProblems(mutate(preview, "policy/config/${{ matrix.stack }}.json", "policy/config/cheap.json")), /not policy\/config\/dev\.json/);
      some(previewProblems(mutate(preview, "policyPacks: policy", "policy-packs: policy")), /no input "policy-packs"/);
      some(previewProblems(mutate(preview, "policyPacks: policy", "policyPacks: policies")), /policies has no PulumiPolicy\.yaml/);
      some(previewProblems(mutate(preview, "refresh: false", "refresh: true")), /refresh/);
      some(previewProblems(mutate(preview, "comment-on-pr: true", "comment-on-pr: false")), /comment-on-pr/);
    });

    it("a deploy not on main, not of cheap, or without the smoke check of both URLs", () => {
      const deploy = byName("deploy.yml");
      some(deployProblems(mutate(deploy, "branches: [main]", "branches: [master]")), /push to main/);
      some(deployProblems(mutate(deploy, "stack-name: cheap", "stack-name: dev")), /no pulumi up of stack cheap/);
      some(deployProblems(mutate(deploy, "command: up", "command: preview")), /no pulumi up of stack cheap/);
      some(deployProblems(mutate(deploy, "policyPackConfigs: policy/config/cheap.json", "policyPackConfigs: policy/config/prod.json")), /prod\.json does not exist/);
      some(deployProblems(mutate(deploy, /      - uses: docker\/setup-buildx-action@.*\n/, "")), /setup-buildx-action/);
      some(deployProblems(mutate(deploy, "cancel-in-progress: false", "cancel-in-progress: true")), /concurrency/);
      some(deployProblems(mutate(deploy, /curl [^\n]*\\\n\s+--output \/dev\/null "\$FRONTEND_URL"/, 'echo "$FRONTEND_URL"')), /frontendUrl/);
      some(deployProblems(mutate(mutate(deploy, "steps.up.outputs.healthCheckUrl", "steps.up.outputs.apiUrl"), "--stack cheap healthCheckUrl", "--stack cheap apiUrl")), /healthCheckUrl/);
      some(deployProblems(mutate(deploy, /--fail --silent/g, "--silent")), /no curl --fail/);
      some(deployProblems(mutate(deploy, "jq -e '.success == true' health.json > /dev/null", "true")), /success/);
    });

    it("a tag-pinned action, a checkout that keeps its token, install scripts or job-wide secrets in a credentialed job, an unpinned Pulumi CLI", () => {
      const deploy = byName("deploy.yml");
      some(hardeningProblems(mutate(deploy, /pulumi\/actions@[0-9a-f]{40} # v6\.6\.1/, "pulumi/actions@v6")), /"pulumi\/actions@v6" is not pinned/);
      some(hardeningProblems(mutate(deploy, /actions\/checkout@[0-9a-f]{40}/, "actions/checkout@11d5960")), /not pinned to a full commit SHA/);
      some(hardeningProblems(mutate(deploy, "persist-credentials: false", "persist-credentials: true")), /persist-credentials: false/);
      some(hardeningProblems(mutate(deploy, "npm ci --ignore-scripts --no-audit --no-fund", "npm ci --no-audit --no-fund")), /runs install scripts in a job that holds credentials/);
      some(hardeningProblems(mutate(deploy, "    steps:\n", "    env:\n      PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}\n    steps:\n")), /secrets in the job's env/);
      some(hardeningProblems(mutate(deploy, "pulumi-version: 3.248.0", "pulumi-version: latest")), /pulumi-version is "latest"/);
      // The pull request workflow holds no credentials: its npm ci may run scripts.
      none(hardeningProblems(byName("pull-request.yml")));
    });

    it("an npm script package.json does not have", () => {
      const pr = byName("pull-request.yml");
      some(npmScriptProblems(mutate(pr, "npm run --silent plan -- --stack cheap", "npm run --silent plann -- --stack cheap"), SCRIPTS), /npm script plann/);
      some(npmScriptProblems(pr, { test: "mocha" }), /npm script policy/);
    });
  });

  it("deploy.yml runs its job in the environment the bootstrap's deploy role trusts", () => {
    const deploy = byName("deploy.yml");
    const jobs = Object.values(deploy.doc.jobs ?? {}) as { environment?: unknown }[];
    assert.deepEqual(jobs.map((j) => j.environment), [BOOTSTRAP_DEFAULTS.environment]);
  });

  it("has Dependabot keep the pinned actions, the npm packages and every Dockerfile's pinned base images up to date", () => {
    const config = YAML.parse(fs.readFileSync(path.join(ROOT, ".github", "dependabot.yml"), "utf8")) as { version: number; updates: { "package-ecosystem": string; directory?: string; directories?: string[] }[] };
    assert.equal(config.version, 2);
    const watched = config.updates.flatMap((u) => (u.directories ?? [u.directory ?? ""]).map((d) => [u["package-ecosystem"], d]));
    assert.deepEqual(watched.sort(), [["docker", "/app/backend"], ["docker", "/app/frontend"], ["docker", "/examples/own-app/backend"], ["github-actions", "/"], ["npm", "/"]]);
    for (const [, dir] of watched.filter(([ecosystem]) => ecosystem === "docker")) {
      assert.ok(fs.existsSync(path.join(ROOT, dir, "Dockerfile")), `${dir}/Dockerfile`);
    }
  });

  describe("helpers", () => {
    it("reads npm commands", () => {
      assert.deepEqual(npmRuns("npm run --silent plan -- --stack cheap --policy").map((r) => [r.script, r.args]), [["plan", ["--stack", "cheap", "--policy"]]]);
      assert.deepEqual(npmRuns("npm test").map((r) => r.script), ["test"]);
      assert.deepEqual(npmRuns("npm ci"), []);
      assert.deepEqual(shellCommands("a \\\n  b && c; d | e\n# x"), ["a b", "c", "d", "e"]);
    });

    it("expands a matrix", () => {
      const combos = matrixCombos({ strategy: { matrix: { stack: ["cheap", "dev"] } } });
      assert.deepEqual(combos, [{ stack: "cheap" }, { stack: "dev" }]);
      assert.equal(expand("policy/config/${{ matrix.stack }}.json", combos[1]), "policy/config/dev.json");
      assert.deepEqual(matrixCombos({}), [{}]);
    });
  });
});

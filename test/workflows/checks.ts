// Checks of the GitHub Actions workflows in .github/workflows/. Each check
// takes parsed workflows and returns a list of problems (empty when the
// workflow is right), so the tests can run it on the real files and on broken
// copies of them.
import * as fs from "node:fs";
import * as path from "node:path";

import { validateWorkflow } from "@action-validator/core";
import YAML from "yaml";

export const ROOT = path.resolve(__dirname, "..", "..");
export const WORKFLOW_DIR = path.join(ROOT, ".github", "workflows");
export const STACKS = ["cheap", "dev"] as const;

/** The inputs of pulumi/actions@v6: action.yml of pulumi/actions (v6 line), plus the ones its v6 README documents. */
export const PULUMI_ACTION_INPUTS = new Set([
  "command", "stack-name", "pulumi-version", "pulumi-version-file", "work-dir", "comment-on-pr", "comment-on-pr-number",
  "comment-on-summary", "github-token", "cloud-url", "secrets-provider", "parallel", "message", "config-map",
  "expect-no-changes", "diff", "replace", "target", "target-dependents", "policyPacks", "policyPackConfigs", "refresh",
  "upsert", "remove", "edit-pr-comment", "color", "exclude-protected", "plan", "suppress-outputs", "suppress-progress",
  "always-include-summary", "log-verbosity", "log-flow", "debug", "omit-stdout", "continue-on-error",
]);

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: unknown;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  "continue-on-error"?: unknown;
}

export interface Job {
  if?: unknown;
  permissions?: unknown;
  strategy?: { matrix?: unknown };
  concurrency?: unknown;
  env?: Record<string, unknown>;
  steps?: Step[];
}

export interface WorkflowDoc {
  on?: unknown;
  permissions?: unknown;
  env?: Record<string, unknown>;
  jobs?: Record<string, Job>;
}

export interface Workflow {
  file: string;
  text: string;
  doc: WorkflowDoc;
  parseErrors: string[];
}

export function parseWorkflow(file: string, text: string): Workflow {
  const parsed = YAML.parseDocument(text);
  const parseErrors = parsed.errors.map((e) => e.message);
  const value: unknown = parseErrors.length === 0 ? parsed.toJS() : {};
  const doc = value !== null && typeof value === "object" ? (value as WorkflowDoc) : {};
  return { file, text, doc, parseErrors };
}

export function workflowFiles(): string[] {
  if (!fs.existsSync(WORKFLOW_DIR)) return [];
  return fs.readdirSync(WORKFLOW_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
}

export function loadWorkflow(file: string): Workflow {
  return parseWorkflow(file, fs.readFileSync(path.join(WORKFLOW_DIR, file), "utf8"));
}

// ---------------------------------------------------------------- helpers

function jobs(wf: Workflow): [string, Job][] {
  return Object.entries(wf.doc.jobs ?? {});
}

function steps(job: Job): Step[] {
  return Array.isArray(job.steps) ? job.steps : [];
}

function usesAction(step: Step, action: string): boolean {
  return typeof step.uses === "string" && step.uses.toLowerCase().startsWith(`${action.toLowerCase()}@`);
}

function str(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

/** An `if:` condition without `${{ }}` and with single spaces. */
function condition(value: unknown): string {
  return str(value).replace(/^\s*\$\{\{/, "").replace(/\}\}\s*$/, "").replace(/\s+/g, " ").trim();
}

const SAME_REPO = [
  "github.event.pull_request.head.repo.full_name == github.repository",
  "github.repository == github.event.pull_request.head.repo.full_name",
];

function requiresSameRepo(value: unknown): boolean {
  const c = condition(value);
  return SAME_REPO.some((s) => c.includes(s));
}

/** The token permissions a job runs with: its own, or else the workflow's. */
function effectivePermissions(wf: Workflow, job: Job): unknown {
  return job.permissions !== undefined ? job.permissions : wf.doc.permissions;
}

function grants(permissions: unknown, scope: string, level: "write" | "read"): boolean {
  if (permissions === "write-all") return true;
  if (permissions === "read-all") return level === "read";
  if (permissions === null || typeof permissions !== "object") return false;
  const given = (permissions as Record<string, unknown>)[scope];
  return given === "write" || (level === "read" && given === "read");
}

/** Every combination of a job's matrix (a single empty one without a matrix). */
export function matrixCombos(job: Job): Record<string, string>[] {
  const matrix = job.strategy?.matrix;
  if (matrix === null || typeof matrix !== "object") return [{}];
  let combos: Record<string, string>[] = [{}];
  for (const [key, values] of Object.entries(matrix as Record<string, unknown>)) {
    if (key === "include" || key === "exclude" || !Array.isArray(values)) continue;
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: str(v) })));
  }
  const include = (matrix as Record<string, unknown>).include;
  if (Array.isArray(include)) {
    for (const extra of include) {
      if (extra !== null && typeof extra === "object") {
        combos.push(Object.fromEntries(Object.entries(extra as Record<string, unknown>).map(([k, v]) => [k, str(v)])));
      }
    }
  }
  return combos;
}

/** Replaces `${{ matrix.<key> }}` with the combination's value. */
export function expand(text: string, combo: Record<string, string>): string {
  return text.replace(/\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}/g, (whole, key: string) => combo[key] ?? whole);
}

/** The simple commands of a shell script: continuations joined, split at newlines, `;`, `&&`, `||` and `|`. */
export function shellCommands(script: string): string[] {
  return script
    .replace(/[ \t]*\\\r?\n\s*/g, " ")
    .split(/\r?\n|;|&&|\|\||\|/)
    .map((c) => c.trim())
    .filter((c) => c !== "" && !c.startsWith("#"));
}

function tokens(command: string): string[] {
  return command.split(/\s+/).filter(Boolean).map((t) => t.replace(/^["']|["']$/g, ""));
}

export interface NpmRun {
  script: string;
  args: string[];
  command: string;
}

/** `npm run [flags] <script> [-- args]`, `npm run-script ...`, `npm test`, `npm start`, `npm stop`, `npm restart`. */
export function npmRuns(command: string): NpmRun[] {
  const t = tokens(command);
  const i = t.indexOf("npm");
  if (i < 0) return [];
  const rest = t.slice(i + 1);
  const verbAt = rest.findIndex((x) => !x.startsWith("-"));
  if (verbAt < 0) return [];
  const verb = rest[verbAt];
  const after = rest.slice(verbAt + 1);
  if (["test", "t", "tst", "start", "stop", "restart"].includes(verb)) {
    const script = verb === "t" || verb === "tst" ? "test" : verb;
    const dash = after.indexOf("--");
    return [{ script, args: dash < 0 ? [] : after.slice(dash + 1), command }];
  }
  if (verb !== "run" && verb !== "run-script" && verb !== "rum" && verb !== "urn") return [];
  const scriptAt = after.findIndex((x) => !x.startsWith("-"));
  if (scriptAt < 0) return [];
  const afterScript = after.slice(scriptAt + 1);
  const dash = afterScript.indexOf("--");
  return [{ script: after[scriptAt], args: dash < 0 ? afterScript : afterScript.slice(dash + 1), command }];
}

interface RunCommand {
  job: string;
  step: Step;
  command: string;
}

/** Every shell command of a workflow, once per matrix combination, with the matrix expanded. */
function runCommands(wf: Workflow): RunCommand[] {
  const out: RunCommand[] = [];
  for (const [name, job] of jobs(wf)) {
    for (const combo of matrixCombos(job)) {
      for (const step of steps(job)) {
        if (typeof step.run !== "string") continue;
        for (const command of shellCommands(expand(step.run, combo))) out.push({ job: name, step, command });
      }
    }
  }
  return out;
}

function npmRunsOf(wf: Workflow): (NpmRun & { step: Step })[] {
  return runCommands(wf).flatMap((c) => npmRuns(c.command).map((r) => ({ ...r, step: c.step })));
}

/** The value after `--flag` (or in `--flag=value`). */
function flagValue(args: string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) return args[i + 1];
    if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
  }
  return undefined;
}

function triggers(wf: Workflow): string[] {
  const on = wf.doc.on;
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.map(str);
  if (on !== null && typeof on === "object") return Object.keys(on);
  return [];
}

interface PulumiRun {
  job: string;
  step: Step;
  combo: Record<string, string>;
  inputs: Record<string, string>;
}

/** Every pulumi/actions step, once per matrix combination, with its inputs expanded. */
function pulumiRuns(wf: Workflow): PulumiRun[] {
  const out: PulumiRun[] = [];
  for (const [name, job] of jobs(wf)) {
    for (const combo of matrixCombos(job)) {
      for (const step of steps(job)) {
        if (!usesAction(step, "pulumi/actions")) continue;
        const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(str(v), combo)]));
        out.push({ job: name, step, combo, inputs });
      }
    }
  }
  return out;
}

function lines(value: string | undefined): string[] {
  return str(value).split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}

/** Problems with a pulumi/actions step's inputs: unknown input names, a policy pack or config file that does not exist. */
function pulumiInputProblems(wf: Workflow, run: PulumiRun, root: string): string[] {
  const problems: string[] = [];
  const where = `${wf.file} job ${run.job} (${JSON.stringify(run.combo)})`;
  for (const key of Object.keys(run.inputs)) {
    if (!PULUMI_ACTION_INPUTS.has(key)) problems.push(`${where}: pulumi/actions has no input "${key}"`);
  }
  const packs = lines(run.inputs.policyPacks);
  const configs = lines(run.inputs.policyPackConfigs);
  if (packs.length === 0) problems.push(`${where}: no policyPacks`);
  for (const pack of packs) {
    if (!fs.existsSync(path.join(root, pack, "PulumiPolicy.yaml"))) problems.push(`${where}: policy pack ${pack} has no PulumiPolicy.yaml in the repository`);
  }
  if (configs.length !== packs.length) problems.push(`${where}: ${packs.length} policy pack(s) but ${configs.length} policyPackConfigs`);
  const stack = run.inputs["stack-name"];
  for (const config of configs) {
    if (!fs.existsSync(path.join(root, config))) problems.push(`${where}: policy config ${config} does not exist in the repository`);
    if (config !== `policy/config/${stack}.json`) problems.push(`${where}: policy config ${config} is not policy/config/${stack}.json for stack ${stack}`);
  }
  return problems;
}

// ---------------------------------------------------------------- checks

/** Schema errors from @action-validator/core and YAML parse errors. */
export function validityProblems(wf: Workflow): string[] {
  const problems = wf.parseErrors.map((e) => `${wf.file}: YAML: ${e}`);
  const { errors } = validateWorkflow(wf.text);
  for (const error of errors) problems.push(`${wf.file}: ${JSON.stringify(error, null, 2)}`);
  return problems;
}

const KEY_WORDS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "aws-access-key-id", "aws-secret-access-key"];

/** Long-lived AWS keys anywhere in the text, and secrets named like keys. */
export function accessKeyProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  const lower = wf.text.toLowerCase();
  for (const word of KEY_WORDS) {
    if (lower.includes(word.toLowerCase())) problems.push(`${wf.file}: mentions ${word}`);
  }
  const names = [
    ...[...wf.text.matchAll(/\bsecrets\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]),
    ...[...wf.text.matchAll(/\bsecrets\[\s*['"]([^'"]+)['"]\s*\]/g)].map((m) => m[1]),
  ];
  for (const name of names) {
    if (/ACCESS_?KEY|SECRET_?KEY/i.test(name)) problems.push(`${wf.file}: uses secret ${name}`);
  }
  return problems;
}

/** A job that configures AWS credentials gets them from OIDC: id-token: write and a role from vars.*. */
export function oidcProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const [name, job] of jobs(wf)) {
    const configures = steps(job).filter((s) => usesAction(s, "aws-actions/configure-aws-credentials"));
    if (configures.length === 0) continue;
    if (!grants(effectivePermissions(wf, job), "id-token", "write")) problems.push(`${wf.file} job ${name}: configures AWS credentials without id-token: write`);
    for (const step of configures) {
      const role = str(step.with?.["role-to-assume"]);
      if (!/^\$\{\{\s*vars\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$/.test(role)) problems.push(`${wf.file} job ${name}: role-to-assume is ${JSON.stringify(role)}, not a vars.* value`);
    }
  }
  return problems;
}

function postsComment(step: Step): boolean {
  if (usesAction(step, "marocchino/sticky-pull-request-comment") || usesAction(step, "peter-evans/create-or-update-comment")
    || usesAction(step, "thollander/actions-comment-pull-request") || usesAction(step, "mshick/add-pr-comment")) return true;
  if (usesAction(step, "actions/github-script")) return /createComment|updateComment/.test(str(step.with?.script));
  if (usesAction(step, "pulumi/actions")) return str(step.with?.["comment-on-pr"]) === "true";
  return typeof step.run === "string" && /\bgh\s+pr\s+comment\b|\bgh\s+api\b.*comments/.test(step.run);
}

/** The comment step updates its earlier comment instead of adding one. */
function updatesComment(step: Step): boolean {
  if (usesAction(step, "marocchino/sticky-pull-request-comment")) return str(step.with?.header) !== "";
  if (usesAction(step, "actions/github-script")) {
    const script = str(step.with?.script);
    return script.includes("<!-- shoestring-plan -->") && script.includes("updateComment");
  }
  if (typeof step.run === "string") return /--edit-last/.test(step.run);
  return false;
}

/** The pull request workflow: no cloud credentials, tests, the plan and policy of both stacks, a summary and one comment. */
export function pullRequestProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  const on = triggers(wf);
  if (!on.includes("pull_request")) problems.push(`${wf.file}: does not run on pull_request`);
  if (on.includes("pull_request_target")) problems.push(`${wf.file}: runs on pull_request_target`);
  if (/id-token\s*:\s*write/.test(wf.text) || wf.doc.permissions === "write-all") problems.push(`${wf.file}: asks for id-token: write`);
  for (const [name, job] of jobs(wf)) {
    if (grants(effectivePermissions(wf, job), "id-token", "write")) problems.push(`${wf.file} job ${name}: has id-token: write`);
    for (const step of steps(job)) {
      if (usesAction(step, "aws-actions/configure-aws-credentials")) problems.push(`${wf.file} job ${name}: configures AWS credentials`);
    }
  }
  if (/configure-aws-credentials/.test(wf.text)) problems.push(`${wf.file}: mentions configure-aws-credentials`);

  const commands = runCommands(wf).map((c) => c.command);
  if (!commands.some((c) => /^npm\s+ci\b/.test(c))) problems.push(`${wf.file}: does not run npm ci`);
  const runs = npmRunsOf(wf);
  if (!runs.some((r) => r.script === "test")) problems.push(`${wf.file}: does not run npm test`);
  for (const stack of STACKS) {
    const other = STACKS.find((s) => s !== stack);
    const plans = runs.filter((r) => r.script === "plan" && flagValue(r.args, "--stack") === stack);
    if (!plans.some((r) => r.args.includes("--policy") && flagValue(r.args, "--format") === "markdown")) {
      problems.push(`${wf.file}: no "npm run plan -- --stack ${stack} --policy --format markdown"`);
    }
    if (!plans.some((r) => flagValue(r.args, "--diff") === other)) problems.push(`${wf.file}: no swap plan of ${stack} to ${other} (--diff ${other})`);
    const policies = runs.filter((r) => r.script === "policy" && flagValue(r.args, "--stack") === stack);
    if (policies.length === 0) problems.push(`${wf.file}: no "npm run policy -- --stack ${stack}"`);
    for (const p of policies) {
      if (str(p.step["continue-on-error"]) === "true") problems.push(`${wf.file}: the policy step of ${stack} has continue-on-error, so a mandatory violation would not fail the job`);
    }
  }
  const summary = /(>>|tee\s+-a)\s*"?\$\{?GITHUB_STEP_SUMMARY\b/;
  if (!jobs(wf).some(([, job]) => steps(job).some((s) => typeof s.run === "string" && summary.test(s.run)))) {
    problems.push(`${wf.file}: writes nothing to $GITHUB_STEP_SUMMARY`);
  }

  const commenting = jobs(wf).flatMap(([name, job]) => steps(job).filter(postsComment).map((step) => ({ name, job, step })));
  if (commenting.length !== 1) problems.push(`${wf.file}: ${commenting.length} steps post a pull request comment, not exactly 1`);
  for (const { name, job, step } of commenting) {
    if (matrixCombos(job).length > 1) problems.push(`${wf.file} job ${name}: the comment step runs once per matrix entry`);
    if (!updatesComment(step)) problems.push(`${wf.file} job ${name}: the comment step does not update its earlier comment (header or <!-- shoestring-plan --> marker)`);
    if (!requiresSameRepo(step.if) && !requiresSameRepo(job.if) && str(step["continue-on-error"]) !== "true") {
      problems.push(`${wf.file} job ${name}: the comment step is not skipped for forks (no same-repository condition, no continue-on-error)`);
    }
    if (!grants(effectivePermissions(wf, job), "pull-requests", "write")) problems.push(`${wf.file} job ${name}: comments without pull-requests: write`);
  }
  return problems;
}

/** The preview workflow: same-repository pull requests only, pulumi preview of both stacks with the policy pack. */
export function previewProblems(wf: Workflow, root = ROOT): string[] {
  const problems: string[] = [];
  const on = triggers(wf);
  if (!on.includes("pull_request")) problems.push(`${wf.file}: does not run on pull_request`);
  if (on.includes("pull_request_target")) problems.push(`${wf.file}: runs on pull_request_target`);
  for (const [name, job] of jobs(wf)) {
    if (!requiresSameRepo(job.if)) problems.push(`${wf.file} job ${name}: no if: github.event.pull_request.head.repo.full_name == github.repository`);
  }
  const previews = pulumiRuns(wf).filter((r) => r.inputs.command === "preview");
  for (const stack of STACKS) {
    if (!previews.some((r) => r.inputs["stack-name"] === stack)) problems.push(`${wf.file}: no pulumi preview of stack ${stack}`);
  }
  for (const run of previews) {
    problems.push(...pulumiInputProblems(wf, run, root));
    if (run.inputs["comment-on-pr"] !== "true") problems.push(`${wf.file} job ${run.job}: preview without comment-on-pr: true`);
    if ((run.inputs.refresh ?? "false") !== "false") problems.push(`${wf.file} job ${run.job}: refresh is ${run.inputs.refresh}, not false`);
  }
  return problems;
}

/** The variables a shell word refers to, and where they come from (env and assignments), as text. */
function sources(script: string, env: Record<string, unknown>, text: string, seen = new Set<string>()): string {
  let out = text;
  for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = m[1];
    if (seen.has(name)) continue;
    seen.add(name);
    const assigned = [...script.matchAll(new RegExp(`^\\s*(?:export\\s+)?${name}=(.*)$`, "gm"))].map((a) => a[1]);
    const from = [str(env[name]), ...assigned].join("\n");
    out += "\n" + from + "\n" + sources(script, env, from, seen);
  }
  return out;
}

/** The deploy workflow: push to main, pulumi up of cheap with the policy pack, then curl of the health check and the site. */
export function deployProblems(wf: Workflow, root = ROOT): string[] {
  const problems: string[] = [];
  const on = wf.doc.on;
  const push = on !== null && typeof on === "object" && !Array.isArray(on) ? (on as Record<string, unknown>).push : undefined;
  const branches = push !== null && typeof push === "object" ? (push as Record<string, unknown>).branches : undefined;
  if (!Array.isArray(branches) || !branches.map(str).includes("main")) problems.push(`${wf.file}: does not run on push to main`);
  if (!triggers(wf).includes("workflow_dispatch")) problems.push(`${wf.file}: no workflow_dispatch`);

  const ups = pulumiRuns(wf).filter((r) => r.inputs.command === "up" || r.inputs.command === "update");
  const cheap = ups.filter((r) => r.inputs["stack-name"] === "cheap");
  if (cheap.length === 0) problems.push(`${wf.file}: no pulumi up of stack cheap`);
  for (const run of ups) problems.push(...pulumiInputProblems(wf, run, root));

  for (const run of cheap) {
    const job = wf.doc.jobs?.[run.job] ?? {};
    const list = steps(job);
    const at = list.indexOf(run.step);
    if (!list.slice(0, at).some((s) => usesAction(s, "docker/setup-buildx-action"))) problems.push(`${wf.file} job ${run.job}: no docker/setup-buildx-action before pulumi up`);
    const concurrency = job.concurrency;
    if (concurrency === undefined || (typeof concurrency === "object" && concurrency !== null && str((concurrency as Record<string, unknown>)["cancel-in-progress"]) === "true")) {
      problems.push(`${wf.file} job ${run.job}: needs a concurrency group that does not cancel a running update`);
    }
    const upId = run.step.id;
    const reached = new Set<string>();
    for (const step of list.slice(at + 1)) {
      if (typeof step.run !== "string") continue;
      const env = { ...(wf.doc.env ?? {}), ...(job.env ?? {}), ...(step.env ?? {}) };
      for (const command of shellCommands(step.run)) {
        if (!/\bcurl\s/.test(command)) continue;
        if (!/--fail\b|(^|\s)-f(\s|$)/.test(command)) continue;
        const from = sources(step.run, env, command);
        for (const output of ["healthCheckUrl", "frontendUrl"]) {
          const viaStep = upId !== undefined && from.includes(`steps.${upId}.outputs.${output}`);
          const viaCli = new RegExp(`pulumi\\s+stack\\s+output\\b[^\\n]*--stack\\s+cheap\\b[^\\n]*\\b${output}\\b|pulumi\\s+stack\\s+output\\b[^\\n]*\\b${output}\\b[^\\n]*--stack\\s+cheap\\b`).test(from);
          if (viaStep || viaCli) {
            reached.add(output);
            if (output === "healthCheckUrl" && !/success/.test(step.run)) problems.push(`${wf.file}: the health check's answer is not checked for "success": true`);
          }
        }
      }
    }
    for (const output of ["healthCheckUrl", "frontendUrl"]) {
      if (!reached.has(output)) problems.push(`${wf.file} job ${run.job}: no curl --fail of the stack output ${output} after pulumi up`);
    }
  }
  return problems;
}

/** `npm run <script>` (and npm test) name scripts of package.json. */
export function npmScriptProblems(wf: Workflow, scripts: Record<string, string>): string[] {
  return npmRunsOf(wf)
    .filter((r) => !Object.prototype.hasOwnProperty.call(scripts, r.script))
    .map((r) => `${wf.file}: "${r.command}" runs npm script ${r.script}, which package.json does not have`);
}

// ------------------------------------------------------------- hardening
// GitHub's "Security hardening for GitHub Actions": third-party actions
// pinned to a full commit SHA; no token left in the checkout; no install
// scripts and no job-wide secrets where a job holds credentials; the Pulumi
// CLI pinned.

/** A job holds credentials when it may request an OIDC token or reads a secret. */
function holdsCredentials(wf: Workflow, job: Job): boolean {
  return grants(effectivePermissions(wf, job), "id-token", "write") || JSON.stringify(job).includes("secrets.");
}

/** The version of a dependency in package.json, as pinned there. */
function pinnedDependency(name: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  return pkg.dependencies?.[name] ?? "";
}

export function hardeningProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const line of wf.text.split("\n").filter((l) => /^\s*-?\s*uses:/.test(l))) {
    const ref = line.replace(/^\s*-?\s*uses:\s*/, "");
    if (ref.startsWith("./") || ref.startsWith("docker://")) continue;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+){0,2}\s*$/.test(ref)) problems.push(`${wf.file}: "${ref.trim()}" is not pinned to a full commit SHA with a "# vX.Y.Z" comment`);
  }
  if (JSON.stringify(wf.doc.env ?? {}).includes("secrets.")) problems.push(`${wf.file}: secrets in the workflow's env reach every step`);
  for (const [name, job] of jobs(wf)) {
    for (const step of steps(job).filter((s) => usesAction(s, "actions/checkout"))) {
      if (step.with?.["persist-credentials"] !== false) problems.push(`${wf.file} job ${name}: actions/checkout without persist-credentials: false leaves a token in .git/config`);
    }
    if (!holdsCredentials(wf, job)) continue;
    if (JSON.stringify(job.env ?? {}).includes("secrets.")) problems.push(`${wf.file} job ${name}: secrets in the job's env reach every step; give them to the steps that need them`);
    for (const step of steps(job)) {
      for (const command of typeof step.run === "string" ? shellCommands(step.run) : []) {
        if (/^npm (ci|install|i)\b/.test(command) && !command.split(/\s+/).includes("--ignore-scripts")) problems.push(`${wf.file} job ${name}: "${command}" runs install scripts in a job that holds credentials`);
      }
      if (usesAction(step, "pulumi/actions") && str(step.with?.["pulumi-version"]) !== pinnedDependency("@pulumi/pulumi")) {
        problems.push(`${wf.file} job ${name}: pulumi/actions pulumi-version is ${JSON.stringify(step.with?.["pulumi-version"] ?? null)}, not the program's @pulumi/pulumi ${pinnedDependency("@pulumi/pulumi")}`);
      }
    }
  }
  return problems;
}

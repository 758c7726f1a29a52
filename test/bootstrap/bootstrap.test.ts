/**
 * The bootstrap program (bootstrap/): GitHub's OIDC provider and the
 * preview and deploy roles, run offline as its example stack `main`, and
 * checked against the policy pack.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { BootstrapConfigError, gitBranchProblem, parseBootstrapConfig } from "../../bootstrap/config";
import { DEPLOY_POLICY_GROUPS, deployPolicyGroups, deployStatements, LEGACY_ROLE_NAMES, PolicyStatement } from "../../bootstrap/github-oidc";
import { checkAws } from "../../offline/aws-checks";
import { OfflineRunError } from "../../offline/engine";
import { OFFLINE_ACCOUNT_ID } from "../../offline/mocks";
import { ACKNOWLEDGED } from "../../policy/src/acknowledge";
import { defaultPackEntry, checkPolicies } from "../../offline/policy-cli";
import { onlyResource, RecordedResource, resourcesOfType, ROOT_STACK_TYPE, StackRecord } from "../../offline/record";
import { PROJECT_DIR, readProject, runStack } from "../../offline/stack";

const DIR = path.resolve(__dirname, "../../bootstrap");
const PROJECT = "shoestring-bootstrap";
const REPOSITORY = "example-org/shoestring";
const HOST = "token.actions.githubusercontent.com";

const PREVIEW_SUBJECTS = [`repo:${REPOSITORY}:pull_request`];
const DEPLOY_SUBJECTS = [`repo:${REPOSITORY}:environment:production`];

interface PolicyDoc {
    Version: string;
    Statement: PolicyStatement[];
}

const run = (config?: Record<string, unknown>, preview = false) => runStack("main", { dir: DIR, config, preview });

function doc(value: unknown): PolicyDoc {
    assert.equal(typeof value, "string", "a policy document is a JSON string");
    const parsed = JSON.parse(value as string) as PolicyDoc;
    assert.equal(parsed.Version, "2012-10-17");
    assert.ok(Array.isArray(parsed.Statement) && parsed.Statement.length > 0);
    return parsed;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The role of a name, and its trust statement (there is exactly one). */
function trustOf(record: StackRecord, name: string): { role: RecordedResource; statement: PolicyStatement } {
    const role = onlyResource(record, "aws:iam/role:Role", name);
    const { Statement } = doc(role.inputs.assumeRolePolicy);
    assert.equal(Statement.length, 1, `${name} has one trust statement`);
    return { role, statement: Statement[0] };
}

/** Every statement of every policy document in the record (trust and permission policies). */
function allStatements(record: StackRecord): { where: string; statement: PolicyStatement }[] {
    const found: { where: string; statement: PolicyStatement }[] = [];
    for (const r of record.resources) {
        for (const key of ["assumeRolePolicy", "policy"]) {
            if (typeof r.inputs[key] === "string") {
                for (const statement of doc(r.inputs[key]).Statement) {
                    found.push({ where: `${r.type} ${r.name}.${key}`, statement });
                }
            }
        }
    }
    return found;
}

/** The allowed statements of the inline policy of a role. */
function inlineStatements(record: StackRecord, policyName: string): PolicyStatement[] {
    return doc(onlyResource(record, "aws:iam/rolePolicy:RolePolicy", policyName).inputs.policy).Statement;
}

/** The statements of the deploy role's managed policies, in group order. */
function deployRoleStatements(record: StackRecord): PolicyStatement[] {
    return DEPLOY_POLICY_GROUPS.flatMap((group) => doc(onlyResource(record, "aws:iam/policy:Policy", `github-deploy-${group}`).inputs.policy).Statement);
}

async function failure(config: Record<string, unknown>): Promise<OfflineRunError> {
    try {
        await run(config);
    } catch (err) {
        assert.ok(err instanceof OfflineRunError, `expected an OfflineRunError, got ${String(err)}`);
        return err;
    }
    assert.fail(`expected the stack to fail with ${JSON.stringify(config)}`);
}

/** Whether a trust statement's StringEquals / StringLike conditions hold for these claims (IAM: every key, any listed value). */
function trusts(statement: { Condition?: Record<string, Record<string, unknown>> }, claims: Record<string, string>): boolean {
    const like = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(value);
    return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
        Object.entries(keys).every(([key, values]) => {
            const claim = claims[key];
            const wanted = list(values as string | string[]);
            if (claim === undefined) return false;
            if (operator === "StringEquals") return wanted.includes(claim);
            if (operator === "StringLike") return wanted.some((w) => like(w, claim));
            throw new Error(`operator ${operator} is not evaluated here`);
        }),
    );
}

describe("bootstrap", () => {
    let record: StackRecord;

    before(async () => {
        record = await run();
    });

    describe("the project", () => {
        it("is its own Pulumi project with the example stack main", () => {
            assert.equal(readProject(DIR).name, PROJECT);
            assert.equal(record.project, PROJECT);
            assert.equal(record.config["aws:region"], "us-west-2");
            assert.equal(record.config[`${PROJECT}:repository`], REPOSITORY);
            assert.equal(record.config[`${PROJECT}:branch`], "main");
        });

        it("puts every resource under the GithubOidcDeployRoles component", () => {
            const component = onlyResource(record, "shoestring:github:GithubOidcDeployRoles");
            assert.equal(component.custom, false);
            const others = record.resources.filter((r) => r.type !== ROOT_STACK_TYPE && r !== component);
            assert.ok(others.length >= 7);
            for (const r of others) {
                assert.equal(r.parent, component.urn, `${r.type} ${r.name} is a child of the component`);
            }
        });
    });

    describe("the OIDC provider", () => {
        it("is exactly one, for GitHub's issuer and the STS audience", () => {
            const providers = resourcesOfType(record, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.equal(providers.length, 1);
            assert.equal(providers[0].inputs.url, `https://${HOST}`);
            assert.deepEqual(providers[0].inputs.clientIdLists, ["sts.amazonaws.com"]);
            assert.equal(record.outputs.oidcProviderArn, providers[0].outputs.arn);
        });

        it("is reused, not created, with existingProviderArn", async () => {
            const arn = `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:oidc-provider/${HOST}`;
            const reused = await run({ existingProviderArn: arn });
            assert.deepEqual(resourcesOfType(reused, "aws:iam/openIdConnectProvider:OpenIdConnectProvider"), []);
            assert.equal(reused.outputs.oidcProviderArn, arn);
            for (const name of ["github-preview", "github-deploy"]) {
                assert.deepEqual(trustOf(reused, name).statement.Principal, { Federated: arn });
            }
        });
    });

    describe("trust", () => {
        for (const [name, subjects, operator] of [
            ["github-preview", PREVIEW_SUBJECTS, "StringEquals"],
            ["github-deploy", DEPLOY_SUBJECTS, "StringEquals"],
        ] as const) {
            it(`${name} trusts only GitHub's tokens for STS with sub ${subjects.join(", ")} (${operator})`, () => {
                const { role, statement } = trustOf(record, name);
                const provider = onlyResource(record, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
                assert.equal(statement.Effect, "Allow");
                assert.equal(statement.Action, "sts:AssumeRoleWithWebIdentity");
                assert.deepEqual(statement.Principal, { Federated: provider.outputs.arn });
                assert.equal(statement.Condition?.StringEquals?.[`${HOST}:aud`], "sts.amazonaws.com");

                const conditions = statement.Condition ?? {};
                const sub = Object.entries(conditions).flatMap(([op, values]) => (`${HOST}:sub` in values ? [{ op, values: list(values[`${HOST}:sub`]) }] : []));
                assert.equal(sub.length, 1, "sub is conditioned once");
                assert.equal(sub[0].op, operator);
                assert.deepEqual([...sub[0].values].sort(), [...subjects].sort());
                for (const s of sub[0].values) {
                    const [, repository] = /^repo:([^:]+):/.exec(s) ?? [];
                    assert.equal(repository, REPOSITORY, `${s} names this repository`);
                    assert.ok(!repository.includes("*") && !repository.includes("?"), `${s}: no wildcard owner or repository`);
                }
                // Exact subjects only: no pattern (StringLike) anywhere.
                assert.deepEqual(Object.keys(conditions).sort(), ["StringEquals"]);
                assert.equal(role.inputs.maxSessionDuration, 3600);
            });
        }

        it("the deploy role follows shoestring-bootstrap:environment", async () => {
            const other = await run({ environment: "prod-eu" });
            const { statement } = trustOf(other, "github-deploy");
            assert.deepEqual(statement.Condition?.StringEquals?.[`${HOST}:sub`], [`repo:${REPOSITORY}:environment:prod-eu`]);
            assert.deepEqual(other.outputs.deploySubjects, [`repo:${REPOSITORY}:environment:prod-eu`]);
        });

        // The token's claims each run would present, against each trust policy, as IAM evaluates StringEquals and StringLike.
        for (const [what, sub, preview, deploy] of [
            ["a pull request run", `repo:${REPOSITORY}:pull_request`, true, false],
            ["the deploy job in the production environment", `repo:${REPOSITORY}:environment:production`, false, true],
            ["a push to main outside the environment", `repo:${REPOSITORY}:ref:refs/heads/main`, false, false],
            ["a push to another branch", `repo:${REPOSITORY}:ref:refs/heads/feature`, false, false],
            ["a job in another environment", `repo:${REPOSITORY}:environment:staging`, false, false],
            ["a tag", `repo:${REPOSITORY}:ref:refs/tags/v1`, false, false],
            ["another repository's pull request", `repo:${REPOSITORY.split("/")[0]}/other:pull_request`, false, false],
            ["a fork's repository", `repo:someone/${REPOSITORY.split("/")[1]}:pull_request`, false, false],
        ] as [string, string, boolean, boolean][]) {
            it(`${what}: preview ${preview ? "trusted" : "refused"}, deploy ${deploy ? "trusted" : "refused"}`, () => {
                for (const [name, expected] of [["github-preview", preview], ["github-deploy", deploy]] as const) {
                    assert.equal(trusts(trustOf(record, name).statement, { [`${HOST}:aud`]: "sts.amazonaws.com", [`${HOST}:sub`]: sub }), expected, name);
                }
                // A token for another audience is refused whatever its subject.
                assert.equal(trusts(trustOf(record, "github-deploy").statement, { [`${HOST}:aud`]: "other", [`${HOST}:sub`]: `repo:${REPOSITORY}:environment:production` }), false);
            });
        }
    });

    describe("permissions", () => {
        it("has nothing AWS would refuse, and names only IAM actions that exist (a misspelled one is a missing permission)", async () => {
            const findings = await checkAws(record);
            assert.deepEqual(findings.map((f) => `${f.rule} ${f.resource} ${f.property} ${String(f.value)}: ${f.message}`), []);
            const actions = deployRoleStatements(record).flatMap((s) => list(s.Action));
            assert.ok(actions.length > 100, `${actions.length} deploy actions checked`);
        });

        it("creates no access key", () => {
            assert.deepEqual(resourcesOfType(record, "aws:iam/accessKey:AccessKey"), []);
            assert.ok(!record.resources.some((r) => /accessKey|AccessKey/.test(r.type)));
        });

        it('has no "*" or whole-service action, and no NotAction, in any policy', () => {
            const statements = allStatements(record);
            assert.ok(statements.length >= 25, `${statements.length} statements`);
            for (const { where, statement } of statements) {
                assert.ok(!("NotAction" in statement), `${where}: NotAction`);
                for (const action of list(statement.Action)) {
                    assert.notEqual(action, "*", `${where}: ${statement.Sid ?? ""} allows "*"`);
                    assert.doesNotMatch(action, /^[a-z0-9-]+:\*$/, `${where}: ${statement.Sid ?? ""} allows a whole service`);
                }
            }
        });

        it("lets the deploy role pass roles only to ECS tasks, Lambda and EventBridge Scheduler, and only the program's roles", () => {
            const passing = deployRoleStatements(record).filter((s) => list(s.Action).includes("iam:PassRole"));
            assert.equal(passing.length, 1);
            assert.deepEqual(list(passing[0].Action), ["iam:PassRole"]);
            assert.deepEqual(passing[0].Condition, { StringEquals: { "iam:PassedToService": ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com", "scheduler.amazonaws.com"] } });
            // Only roles under the program's IAM path.
            assert.deepEqual(list(passing[0].Resource), [`arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/shoestring/*`]);
            // No other statement of any policy allows iam:PassRole.
            const elsewhere = allStatements(record).filter(({ statement }) => statement.Effect === "Allow" && list(statement.Action).some((a) => a === "iam:PassRole" || a === "iam:Pass*" || a === "iam:*"));
            assert.equal(elsewhere.length, 1);
        });

        it("scopes every IAM write of the deploy role to this account's roles under the program's path, with the boundary", () => {
            const boundary = onlyResource(record, "aws:iam/policy:Policy", "github-workload-boundary");
            for (const statement of deployRoleStatements(record).filter((s) => s.Effect === "Allow" && list(s.Action).some((a) => a.startsWith("iam:") && a !== "iam:CreateServiceLinkedRole"))) {
                for (const resource of list(statement.Resource)) {
                    assert.match(resource, new RegExp(`^arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/(shoestring/\\*|(backend|frontend)-(execution|task)-\\?{7})$`), `${statement.Sid}`);
                }
            }
            const creating = deployRoleStatements(record).filter((s) => s.Effect === "Allow" && list(s.Action).some((a) => ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy"].includes(a)));
            assert.equal(creating.length, 2);
            for (const statement of creating) {
                assert.deepEqual(statement.Condition?.StringEquals, { "iam:PermissionsBoundary": boundary.outputs.arn }, statement.Sid);
            }
            const attach = creating.find((s) => list(s.Action).includes("iam:AttachRolePolicy"));
            assert.deepEqual(attach?.Condition?.ArnEquals, { "iam:PolicyARN": ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"] });
            // The boundary itself, and the roles' boundaries, cannot be changed.
            const denied = deployRoleStatements(record).filter((s) => s.Effect === "Deny");
            assert.deepEqual(denied.map((s) => s.Sid), ["DenyBoundaryChanges", "DenyRoleBoundaryChanges"]);
            assert.deepEqual(list(denied[0].Resource), [boundary.outputs.arn]);
            assert.equal(boundary.inputs.path, "/shoestring/");
            assert.equal(record.outputs.workloadBoundaryArn, boundary.outputs.arn);
        });

        it("gives the deploy role write actions for each service the shoestring program manages, and SSM writes only under the project's path", () => {
            const actions = deployRoleStatements(record)
                .filter((s) => s.Effect === "Allow")
                .flatMap((s) => list(s.Action));
            const services = new Set(actions.map((a) => a.split(":")[0]));
            for (const service of ["ecs", "ecr", "elasticloadbalancing", "apigateway", "cloudfront", "s3", "rds", "dynamodb", "servicediscovery", "route53", "acm", "logs", "iam", "ec2", "application-autoscaling", "secretsmanager", "lambda", "dsql", "scheduler", "ssm"]) {
                assert.ok(services.has(service), `deploy role covers ${service}`);
            }
            // The app's stored secrets live under /<project>/; no other parameter is the deploy role's to write or read.
            const ssm = deployRoleStatements(record).filter((s) => s.Effect === "Allow" && list(s.Action).some((a) => a.startsWith("ssm:") && a !== "ssm:DescribeParameters"));
            assert.deepEqual(ssm.flatMap((s) => list(s.Resource)), ["arn:aws:ssm:us-west-2:123456789012:parameter/shoestring/*"]);
            for (const needed of [
                "ecs:RegisterTaskDefinition",
                "ecs:UpdateService",
                "ecr:PutImage",
                "rds:StopDBInstance",
                "cloudfront:UpdateDistribution",
                "s3:PutObject",
                "ec2:DescribeVpcs",
                "ec2:CreateSecurityGroup",
                "secretsmanager:CreateSecret",
                "servicediscovery:DeregisterInstance",
                "lambda:CreateFunction",
                "lambda:UpdateFunctionCode",
                "lambda:AddPermission",
                "dsql:CreateCluster",
                "dsql:UpdateCluster",
                "scheduler:CreateSchedule",
                "application-autoscaling:PutScheduledAction",
            ]) {
                assert.ok(actions.includes(needed), needed);
            }
            assert.ok(!actions.includes("secretsmanager:GetSecretValue"), "the deploy role does not read secrets");
            const secrets = deployRoleStatements(record).find((s) => list(s.Action).includes("secretsmanager:CreateSecret"));
            assert.deepEqual(list(secrets?.Resource), [`arn:aws:secretsmanager:us-west-2:${OFFLINE_ACCOUNT_ID}:secret:rds!*`]);
        });

        it("keeps each policy under IAM's limits: inline 10,240 characters per role, managed 6,144 each, even with the longest names", async () => {
            const preview = onlyResource(record, "aws:iam/rolePolicy:RolePolicy", "github-preview-policy").inputs.policy as string;
            assert.ok(preview.replace(/\s/g, "").length < 10240, `preview: ${preview.length} characters`);
            for (const group of DEPLOY_POLICY_GROUPS) {
                const policy = onlyResource(record, "aws:iam/policy:Policy", `github-deploy-${group}`).inputs.policy as string;
                assert.ok(policy.length < 6144, `${group}: ${policy.length} characters`);
            }
            // The longest partition and region names, a 63-character state bucket, three zones and a 100-character project.
            const longest = deployStatements({
                partition: "aws-iso-b",
                accountId: OFFLINE_ACCOUNT_ID,
                region: "ap-southeast-7",
                project: "p".repeat(100),
                hostedZoneIds: ["Z".repeat(32), "Y".repeat(32), "X".repeat(32)],
                boundaryArn: `arn:aws-iso-b:iam::${OFFLINE_ACCOUNT_ID}:policy/shoestring/shoestring-workload-boundary`,
                legacyRoleNames: LEGACY_ROLE_NAMES,
                attachablePolicyArns: ["arn:aws-iso-b:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
                stateBucket: "a".repeat(63),
            });
            for (const [group, statements] of Object.entries(deployPolicyGroups(longest))) {
                const size = JSON.stringify({ Version: "2012-10-17", Statement: statements }).length;
                assert.ok(size < 6144, `${group}: ${size} characters`);
            }
            // A role may have 10 managed policies attached (IAM quotas): ReadOnlyAccess and the groups.
            const deployRole = onlyResource(record, "aws:iam/role:Role", "github-deploy");
            const attached = resourcesOfType(record, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === deployRole.outputs.name);
            assert.equal(attached.length, 1 + DEPLOY_POLICY_GROUPS.length);
            assert.deepEqual(resourcesOfType(record, "aws:iam/rolePolicy:RolePolicy").map((p) => p.name), ["github-preview-policy"], "no inline policy on the deploy role");
        });

        it("gives the preview role ReadOnlyAccess and denies it data reads; it may write nothing", () => {
            const attachments = resourcesOfType(record, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
            const preview = onlyResource(record, "aws:iam/role:Role", "github-preview");
            assert.deepEqual(
                attachments.filter((a) => a.inputs.role === preview.outputs.name).map((a) => a.inputs.policyArn),
                ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            );
            const statements = inlineStatements(record, "github-preview-policy");
            assert.deepEqual(statements.filter((s) => s.Effect === "Allow"), [], "no allowed action besides ReadOnlyAccess");
            const denied = statements.filter((s) => s.Effect === "Deny").flatMap((s) => list(s.Action));
            for (const action of ["dynamodb:Scan", "dynamodb:GetItem", "logs:GetLogEvents", "secretsmanager:GetSecretValue", "ssm:GetParameter"]) {
                assert.ok(denied.includes(action), action);
            }
        });

        it("with stateBucket, lets the deploy role use the state bucket and the preview role only its locks", async () => {
            const withBucket = await run({ stateBucket: "example-pulumi-state" });
            const deploy = deployRoleStatements(withBucket).find((s) => s.Sid === "StateBucket");
            assert.deepEqual(list(deploy?.Resource), ["arn:aws:s3:::example-pulumi-state", "arn:aws:s3:::example-pulumi-state/*"]);
            const writes = inlineStatements(withBucket, "github-preview-policy").filter((s) => s.Effect === "Allow" && list(s.Action).includes("s3:PutObject"));
            assert.equal(writes.length, 1);
            assert.deepEqual(list(writes[0].Resource), ["arn:aws:s3:::example-pulumi-state/.pulumi/locks/*"]);
        });
    });

    describe("outputs", () => {
        it("has the provider, both roles, the trusted subjects and the GitHub variables", () => {
            const preview = onlyResource(record, "aws:iam/role:Role", "github-preview");
            const deploy = onlyResource(record, "aws:iam/role:Role", "github-deploy");
            assert.match(String(record.outputs.oidcProviderArn), /^arn:aws:iam:/);
            assert.equal(record.outputs.previewRoleArn, preview.outputs.arn);
            assert.equal(record.outputs.deployRoleArn, deploy.outputs.arn);
            assert.deepEqual(record.outputs.previewSubjects, PREVIEW_SUBJECTS);
            assert.deepEqual(record.outputs.deploySubjects, DEPLOY_SUBJECTS);
            assert.equal(record.outputs.repository, REPOSITORY);
            assert.deepEqual(record.outputs.githubVariables, { AWS_PREVIEW_ROLE_ARN: preview.outputs.arn, AWS_DEPLOY_ROLE_ARN: deploy.outputs.arn, AWS_REGION: "us-west-2" });
        });
    });

    describe("config", () => {
        for (const [key, value, expected] of [
            ["repository", "*/*", /"\*\/\*".*owner "\*"/],
            ["repository", "owner", /"owner" is not owner\/name/],
            ["repository", "example-org/*", /name "\*"/],
            ["repository", "example-org/shoestring/extra", /is not owner\/name/],
            ["repository", "-org/shoestring", /owner "-org"/],
            ["branch", "my branch", /"my branch" is not a valid git branch name: it contains a space/],
            ["environment", "prod:eu", /"prod:eu" is not an environment name/],
            ["branch", "refs/heads/main", /without "refs\/heads\/"/],
            ["branch", "feature..x", /".."/],
            ["existingProviderArn", "arn:aws:iam::123456789012:oidc-provider/example.com", /not the ARN of GitHub's OIDC provider/],
            ["stateBucket", "s3://bucket", /not an S3 bucket name/],
            ["repositry", "x/y", /unknown key/],
        ] as const) {
            it(`refuses ${key} ${JSON.stringify(value)} before any resource is registered, naming the key`, async () => {
                const err = await failure({ [key]: value });
                assert.match(err.message, new RegExp(`^config ${PROJECT}:${key}: `));
                assert.match(err.message, expected);
                assert.deepEqual(
                    err.record.resources.map((r) => r.type),
                    [ROOT_STACK_TYPE],
                );
            });
        }

        it("refuses a missing repository", async () => {
            const err = await failure({ repository: undefined });
            assert.match(err.message, new RegExp(`config ${PROJECT}:repository: not set`));
            assert.deepEqual(err.record.resources.map((r) => r.type), [ROOT_STACK_TYPE]);
        });

        it("defaults the branch to main and accepts GitHub's names", () => {
            const parsed = parseBootstrapConfig({ "aws:region": "eu-west-1", [`${PROJECT}:repository`]: "My-Org/my_repo.js" }, PROJECT);
            assert.deepEqual(parsed, { region: "eu-west-1", owner: "My-Org", name: "my_repo.js", repository: "My-Org/my_repo.js", branch: "main", environment: "production", existingProviderArn: undefined, stateBucket: undefined, project: "shoestring", hostedZoneIds: [] });
            assert.throws(() => parseBootstrapConfig({ [`${PROJECT}:repository`]: "a/b" }, PROJECT), (e: unknown) => e instanceof BootstrapConfigError && e.key === "aws:region");
        });

        it("checks branch names as git does", () => {
            for (const ok of ["main", "release/v1.2", "feature/JIRA-1_x", "dependabot/npm_and_yarn/yaml-2.9.1", "a@b"]) {
                assert.equal(gitBranchProblem(ok), undefined, ok);
            }
            for (const bad of ["", "@", "-x", "a b", "a\tb", "a~1", "a^", "a:b", "a?", "a*", "a[b", "a\\b", "a..b", "a@{1}", "/a", "a/", "a//b", "a.", ".a", "a/.b", "a.lock", "a.lock/b", "refs/heads/main"]) {
                assert.notEqual(gitBranchProblem(bad), undefined, JSON.stringify(bad));
            }
        });
    });

    describe("the policy pack", () => {
        before(function () {
            if (!fs.existsSync(defaultPackEntry())) {
                this.timeout(120_000);
                execFileSync(process.execPath, [path.join(PROJECT_DIR, "scripts", "build.js")], { stdio: "inherit" });
            }
        });

        for (const preview of [true, false]) {
            it(`reports nothing for the bootstrap stack but the trade-offs policy/config/main.json acknowledges (${preview ? "preview" : "update"})`, async () => {
                const stack = preview ? await run(undefined, true) : record;
                const report = await checkPolicies("main", stack);
                assert.equal(report.configFile, path.join("policy", "config", "main.json"));
                const open = report.diagnostics.filter((d) => !d.message.startsWith(ACKNOWLEDGED));
                assert.deepEqual(
                    open.map((d) => `${d.policyName} (${d.enforcementLevel}): ${d.message}`),
                    [],
                );
                assert.ok(report.diagnostics.length >= 2, "the boundary and ReadOnlyAccess are acknowledged, not skipped");
            });
        }
    });
});

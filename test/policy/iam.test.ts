/** The IAM policies over every role and policy document: cases for each, and the trust check on its own. */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type { EnforcementLevel } from "@pulumi/policy";
import { iamAction } from "../../lib/aws-data/iam-actions";
import { onlyResource, StackRecord, UNKNOWN } from "../../offline/record";
import * as iam from "../../policy/src/iam";
import { CASES, describeCases } from "./cases";
import { Violation } from "./harness";
import { ACCOUNT, check, copy, of, policyNamed, policyNamesOf, Program, record } from "./programs";

const doc = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ECS_TRUST = doc([{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }]);

/** A role "app" with one inline policy "app-policy" (a RolePolicy) of these statements. */
const roleWith = (statements: unknown[]) => () => {
    const role = new aws.iam.Role("app", { assumeRolePolicy: ECS_TRUST });
    new aws.iam.RolePolicy("app-policy", { role: role.name, policy: doc(statements) });
};

/** A role "app" with a RolePolicyAttachment "app-managed" of this policy ARN. */
const attached = (policyArn: string) => () => {
    const role = new aws.iam.Role("app", { assumeRolePolicy: ECS_TRUST });
    new aws.iam.RolePolicyAttachment("app-managed", { role: role.name, policyArn });
};

/** A role "trusted" with this trust policy. */
const trusting = (statements: unknown[]) => () => void new aws.iam.Role("trusted", { assumeRolePolicy: doc(statements) });

/** One policy's violations over a program (or a record); each must end with the policy's remediation. */
async function violations(program: Program | StackRecord, name: string): Promise<Violation[]> {
    const found = of(await check("resources" in program ? program : await record(program), [name]), name);
    for (const v of found) {
        assert.ok(v.message.endsWith(` ${policyNamed(name).remediationSteps!}`), `the message ends with the remediation: ${v.message}`);
    }
    return found;
}

/** A violation's message up to the remediation. */
const upToRemediation = (v: Violation) => v.message.slice(0, -policyNamed(v.policy).remediationSteps!.length - 1);

/** One policy's messages over a program, up to the remediation. */
async function messages(program: Program | StackRecord, name: string): Promise<string[]> {
    return (await violations(program, name)).map(upToRemediation);
}

/** The name in a URN (its last `::` part). */
const nameOf = (urn: string | undefined) => urn?.slice(urn.lastIndexOf("::") + 2);

const GITHUB_HOST = "token.actions.githubusercontent.com";
const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB_HOST}`;
const AUDIENCE = { [`${GITHUB_HOST}:aud`]: "sts.amazonaws.com" };
/** A GitHub trust statement with the audience and these subjects (StringLike). */
const githubSubjects = (...subjects: string[]) => ({ Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: AUDIENCE, StringLike: { [`${GITHUB_HOST}:sub`]: subjects } } });

describe("policy/src/iam", () => {
    describeCases(iam);

    it("names every action of its escalation methods as IAM spells it", () => {
        for (const [method, actions] of Object.entries(iam.PRIVILEGE_ESCALATION_METHODS)) {
            for (const action of actions) {
                assert.equal(iamAction(action)?.name, action.split(":")[1], `${method}: ${action}`);
            }
        }
    });

    it("names every credential and data action as IAM spells it", () => {
        for (const action of iam.CREDENTIAL_AND_DATA_ACTIONS) {
            assert.equal(iamAction(action)?.name, action.split(":")[1], action);
        }
    });

    it("reads trust statements: a Deny, a service without deputy risk and a conditioned * pass", () => {
        assert.equal(iam.trustProblem({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }), undefined);
        assert.equal(iam.trustProblem({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), undefined);
        assert.equal(iam.trustProblem({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }), undefined);
        assert.match(iam.trustProblem({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }) ?? "", /any AWS principal/);
    });

    // The levels the pack's README and parity table give each policy.
    const LEVELS: Record<string, EnforcementLevel> = {
        "iam-no-wildcard-permissions": "advisory",
        "iam-no-privilege-escalation": "mandatory",
        "iam-no-unconstrained-secret-reads": "mandatory",
        "iam-no-admin-policies": "mandatory",
        "iam-no-aws-managed-policies": "advisory",
        "iam-trust-conditions": "mandatory",
    };

    it("exports its six policies", () => {
        assert.deepEqual(policyNamesOf(iam).sort(), Object.keys(LEVELS).sort());
    });

    for (const [name, level] of Object.entries(LEVELS)) {
        it(`reports ${name} at level ${level}`, async () => {
            const found = await violations(CASES[name].violating[0].program, name);
            assert.ok(found.length > 0);
            assert.deepEqual(
                found.map((v) => v.level),
                found.map(() => level),
            );
        });
    }

    describe("iam-no-wildcard-permissions: NotAction, several patterns, many actions", () => {
        const name = "iam-no-wildcard-permissions";

        it("reports a NotAction (everything but some actions) as a pattern", async () => {
            assert.deepEqual(await messages(roleWith([{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }]), name), ["role app allows action patterns NotAction in app-policy."]);
        });

        it("names every pattern of a document, once", async () => {
            const statements = [
                { Effect: "Allow", Action: ["s3:Get*", "dynamodb:*"], Resource: `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/t` },
                { Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::b/*" },
            ];
            assert.deepEqual(await messages(roleWith(statements), name), ["role app allows action patterns s3:Get*, dynamodb:* in app-policy."]);
        });

        // Nine DynamoDB actions that take a table (IAM service reference).
        const NINE = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable"];

        it("names up to eight actions on every resource, and counts the rest", async () => {
            assert.deepEqual(await messages(roleWith([{ Effect: "Allow", Action: NINE, Resource: "*" }]), name), [
                'role app allows dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query, dynamodb:Scan, dynamodb:BatchGetItem, dynamodb:BatchWriteItem and 1 more on every resource ("*") in app-policy, though each can be scoped to resources.',
            ]);
        });

        it("names all of eight actions on every resource", async () => {
            assert.deepEqual(await messages(roleWith([{ Effect: "Allow", Action: NINE.slice(0, 8), Resource: "*" }]), name), [
                'role app allows dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query, dynamodb:Scan, dynamodb:BatchGetItem, dynamodb:BatchWriteItem on every resource ("*") in app-policy, though each can be scoped to resources.',
            ]);
        });
    });

    describe("iam-no-privilege-escalation: each method, several, attached policies", () => {
        const name = "iam-no-privilege-escalation";

        // cloudsplaining 0.7.0, cloudsplaining/shared/constants.py PRIVILEGE_ESCALATION_METHODS,
        // plus passing a role to a new ECS task.
        const METHODS: [string, string[]][] = [
            ["CreateAccessKey", ["iam:CreateAccessKey"]],
            ["CreateLoginProfile", ["iam:CreateLoginProfile"]],
            ["UpdateLoginProfile", ["iam:UpdateLoginProfile"]],
            ["AddUserToGroup", ["iam:AddUserToGroup"]],
            ["CreateNewPolicyVersion", ["iam:CreatePolicyVersion"]],
            ["SetExistingDefaultPolicyVersion", ["iam:SetDefaultPolicyVersion"]],
            ["AttachUserPolicy", ["iam:AttachUserPolicy"]],
            ["AttachGroupPolicy", ["iam:AttachGroupPolicy"]],
            ["AttachRolePolicy", ["iam:AttachRolePolicy", "sts:AssumeRole"]],
            ["PutUserPolicy", ["iam:PutUserPolicy"]],
            ["PutGroupPolicy", ["iam:PutGroupPolicy"]],
            ["PutRolePolicy", ["iam:PutRolePolicy", "sts:AssumeRole"]],
            ["UpdateRolePolicyToAssumeIt", ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"]],
            ["CreateEC2WithExistingIP", ["iam:PassRole", "ec2:RunInstances"]],
            ["PassExistingRoleToNewLambdaThenInvoke", ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]],
            ["PassExistingRoleToNewLambdaThenTriggerWithNewDynamo", ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping", "dynamodb:CreateTable", "dynamodb:PutItem"]],
            ["PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo", ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"]],
            ["PassExistingRoleToNewGlueDevEndpoint", ["iam:PassRole", "glue:CreateDevEndpoint"]],
            ["PassExistingRoleToCloudFormation", ["iam:PassRole", "cloudformation:CreateStack"]],
            ["PassExistingRoleToNewDataPipeline", ["iam:PassRole", "datapipeline:CreatePipeline"]],
            ["UpdateExistingGlueDevEndpoint", ["glue:UpdateDevEndpoint"]],
            ["EditExistingLambdaFunctionWithRole", ["lambda:UpdateFunctionCode"]],
            ["PassExistingRoleToNewEcsTask", ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"]],
        ];

        for (const [method, actions] of METHODS) {
            it(`reports ${method}: ${actions.join(" + ")} on every resource`, async () => {
                const found = await violations(roleWith([{ Effect: "Allow", Action: actions, Resource: "*" }]), name);
                assert.equal(found.length, 1);
                assert.equal(nameOf(found[0].urn), "app");
                assert.ok(found[0].message.startsWith("role app can escalate its privileges: "), found[0].message);
                assert.ok(found[0].message.includes(`${method} (${actions.join(" + ")})`), found[0].message);
            });
        }

        it("names every method the role has", async () => {
            assert.deepEqual(await messages(roleWith([{ Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:CreateLoginProfile"], Resource: "*" }]), name), [
                "role app can escalate its privileges: CreateAccessKey (iam:CreateAccessKey); CreateLoginProfile (iam:CreateLoginProfile).",
            ]);
        });

        it("reads a role's attached customer policies with its inline ones", async () => {
            const program = () => {
                const role = new aws.iam.Role("app", { assumeRolePolicy: ECS_TRUST });
                new aws.iam.RolePolicy("app-policy", { role: role.name, policy: doc([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }]) });
                const policy = new aws.iam.Policy("app-extra", { policy: doc([{ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "*" }]) });
                new aws.iam.RolePolicyAttachment("app-extra", { role: role.name, policyArn: policy.arn });
            };
            const found = await violations(program, name);
            assert.deepEqual(
                found.map((v) => nameOf(v.urn)),
                ["app"],
            );
            assert.ok(found[0].message.startsWith("role app can escalate its privileges: PutRolePolicy (iam:PutRolePolicy + sts:AssumeRole)."), found[0].message);
        });
    });

    describe("iam-no-unconstrained-secret-reads: each action, several, actions on * only, Deny", () => {
        const name = "iam-no-unconstrained-secret-reads";

        // cloudsplaining 0.7.0, cloudsplaining/shared/constants.py ACTIONS_THAT_RETURN_CREDENTIALS and
        // READ_ONLY_DATA_EXFILTRATION_ACTIONS, as IAM names them, without ecr:GetAuthorizationToken.
        const ACTIONS = [
            "airflow:CreateCliToken",
            "airflow:CreateWebLoginToken",
            "appsync:CreateApiKey",
            "chime:CreateApiKey",
            "cloud9:CreateEnvironmentToken",
            "codeartifact:GetAuthorizationToken",
            "codepipeline:PollForJobs",
            "cognito-identity:GetOpenIdToken",
            "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
            "cognito-identity:GetCredentialsForIdentity",
            "cognito-idp:GetSigningCertificate",
            "connect:GetFederationToken",
            "ec2:GetPasswordData",
            "ecr-public:GetAuthorizationToken",
            "emr-containers:GetManagedEndpointSessionCredentials",
            "finspace-api:GetProgrammaticAccessCredentials",
            "gamelift:RequestUploadCredentials",
            "gamelift:GetInstanceAccess",
            "grafana:CreateWorkspaceApiKey",
            "iam:CreateAccessKey",
            "iam:CreateLoginProfile",
            "iam:CreateServiceSpecificCredential",
            "iam:ResetServiceSpecificCredential",
            "iam:UpdateAccessKey",
            "license-manager:GetAccessToken",
            "lightsail:GetInstanceAccessDetails",
            "lightsail:DownloadDefaultKeyPair",
            "lightsail:CreateBucketAccessKey",
            "lightsail:GetRelationalDatabaseMasterUserPassword",
            "mediapackage:RotateChannelCredentials",
            "mediapackage:RotateIngestEndpointCredentials",
            "rds-db:connect",
            "redshift:GetClusterCredentials",
            "redshift:GetClusterCredentialsWithIAM",
            "redshift-serverless:GetCredentials",
            "sts:AssumeRole",
            "sts:AssumeRoleWithSAML",
            "sts:AssumeRoleWithWebIdentity",
            "sts:GetFederationToken",
            "sts:GetSessionToken",
            "s3:GetObject",
            "ssm:GetParameter",
            "ssm:GetParameters",
            "ssm:GetParametersByPath",
            "secretsmanager:GetSecretValue",
        ];

        for (const action of ACTIONS) {
            it(`reports ${action} on every resource`, async () => {
                assert.deepEqual(await messages(roleWith([{ Effect: "Allow", Action: action, Resource: "*" }]), name), [`role app allows ${action} on every resource without a condition in app-policy.`]);
            });
        }

        it("names every such action of a document", async () => {
            assert.deepEqual(await messages(roleWith([{ Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: "*" }]), name), ["role app allows ssm:GetParameter, ssm:GetParameters on every resource without a condition in app-policy."]);
        });

        // sts:GetSessionToken takes no resource type (IAM service reference): whatever the statement names, it applies to all.
        const USER = `arn:aws:iam::${ACCOUNT}:user/ci`;

        it("reports an action that only takes * whatever resource the statement names", async () => {
            assert.deepEqual(await messages(roleWith([{ Effect: "Allow", Action: "sts:GetSessionToken", Resource: USER }]), name), ["role app allows sts:GetSessionToken on every resource without a condition in app-policy."]);
        });

        it("does not read a Deny as a grant", async () => {
            assert.deepEqual(await messages(roleWith([{ Effect: "Deny", Action: "sts:GetSessionToken", Resource: USER }]), name), []);
        });
    });

    describe("iam-no-admin-policies and iam-no-aws-managed-policies: each admin policy, roles' managedPolicyArns, partitions, previews", () => {
        const ADMIN = "iam-no-admin-policies";
        const MANAGED = "iam-no-aws-managed-policies";

        // AWS managed policies that allow (nearly) everything, or everything in IAM.
        for (const policy of ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"]) {
            it(`reports ${policy} attached`, async () => {
                const found = await violations(attached(`arn:aws:iam::aws:policy/${policy}`), ADMIN);
                assert.deepEqual(
                    found.map((v) => [nameOf(v.urn), upToRemediation(v)]),
                    [["app-managed", `app-managed attaches arn:aws:iam::aws:policy/${policy}.`]],
                );
            });
        }

        it("names the admin policies in its description", () => {
            assert.ok(policyNamed(ADMIN).description!.endsWith(": AdministratorAccess, PowerUserAccess, IAMFullAccess."), policyNamed(ADMIN).description);
        });

        it("reads a role's managedPolicyArns, AWS managed ones only", async () => {
            const program = () => void new aws.iam.Role("app", { assumeRolePolicy: ECS_TRUST, managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess", `arn:aws:iam::${ACCOUNT}:policy/app`] });
            const r = await record(program);
            const named = async (policy: string) => (await violations(r, policy)).map((v) => [nameOf(v.urn), upToRemediation(v)]);
            assert.deepEqual(await named(ADMIN), [["app", "app attaches arn:aws:iam::aws:policy/AdministratorAccess."]]);
            assert.deepEqual(await named(MANAGED), [["app", "app attaches the AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess."]]);
        });

        for (const arn of ["arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess", "arn:aws-cn:iam::aws:policy/ReadOnlyAccess"]) {
            it(`reports an AWS managed policy of another partition (${arn.split(":")[1]})`, async () => {
                assert.deepEqual(await messages(attached(arn), MANAGED), [`app-managed attaches the AWS managed policy ${arn}.`]);
            });
        }

        it("passes a value that only contains an AWS managed policy's ARN", async () => {
            assert.deepEqual(await messages(attached("x:arn:aws:iam::aws:policy/ReadOnlyAccess"), MANAGED), []);
        });

        it("passes ARNs not known yet (a preview) without failing", async () => {
            const r = copy(await record(attached("arn:aws:iam::aws:policy/AdministratorAccess")));
            onlyResource(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn = UNKNOWN;
            onlyResource(r, "aws:iam/role:Role").inputs.managedPolicyArns = UNKNOWN;
            for (const name of [ADMIN, MANAGED]) {
                assert.deepEqual(await violations(r, name), []);
            }
        });

        it("passes a policyArn that is not a string", async () => {
            const r = copy(await record(attached("arn:aws:iam::aws:policy/AdministratorAccess")));
            onlyResource(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn = ["arn:aws:iam::aws:policy/AdministratorAccess"];
            for (const name of [ADMIN, MANAGED]) {
                assert.deepEqual(await violations(r, name), []);
            }
        });
    });

    describe("iam-trust-conditions: each service, OIDC subjects, condition keys", () => {
        const name = "iam-trust-conditions";

        // Services AWS names in its confused-deputy guidance for service roles, and what each message calls the service.
        const SERVICES: [string, string][] = [
            ["ecs-tasks.amazonaws.com", "ecs-tasks"],
            ["lambda.amazonaws.com", "lambda"],
            ["apigateway.amazonaws.com", "apigateway"],
            ["events.amazonaws.com", "events"],
            ["scheduler.amazonaws.com", "scheduler"],
        ];
        for (const [service, short] of SERVICES) {
            it(`reports ${service} without aws:SourceAccount or aws:SourceArn`, async () => {
                const found = await violations(trusting([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]), name);
                assert.deepEqual(
                    found.map((v) => [nameOf(v.urn), upToRemediation(v)]),
                    [["trusted", `role trusted trusts ${service} without an aws:SourceAccount or aws:SourceArn condition (any account's ${short} could assume it).`]],
                );
            });
        }

        it("reports a GitHub trust without a subject condition", async () => {
            const statement = { Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: AUDIENCE } };
            assert.deepEqual(await messages(trusting([statement]), name), [`role trusted trusts every subject of the OIDC provider ${GITHUB_HOST} (no ${GITHUB_HOST}:sub condition).`]);
        });

        it("names every broad subject", async () => {
            assert.deepEqual(await messages(trusting([githubSubjects("repo:a/*", "repo:b/*")]), name), [`role trusted trusts ${GITHUB_HOST} subjects matching repo:a/*, repo:b/*, which any repository, owner or workflow can present.`]);
        });

        it("passes federated principals that are not OIDC providers", () => {
            for (const federated of [`arn:aws:iam::${ACCOUNT}:saml-provider/corp`, "cognito-identity.amazonaws.com"]) {
                assert.equal(iam.trustProblem({ Effect: "Allow", Principal: { Federated: federated }, Action: "sts:AssumeRoleWithWebIdentity" }), undefined, federated);
            }
        });

        // Subjects GitHub presents are repo:<owner>/<repo>:<context>; a pattern is broad when it lets in
        // any owner, any repository of an owner, or any context of a repository.
        const BROAD = ["*", "repo:*", "repo:octo-org*", "repo:octo-org/*", "repo:o/r:*"];
        // One repository: the pattern is in the context, not the owner or repository.
        const NARROW = ["repo:o/r:pull_request", "repo:o/r:ref:refs/heads/release-*", "repo:o/r:environment:repo:v1*", "repo:o/r:environment:repo:a/*", "repo:o/r:environment:*-prod"];
        for (const subject of BROAD) {
            it(`reports the GitHub subject ${subject}`, () => {
                assert.equal(iam.trustProblem(githubSubjects(subject)), `trusts ${GITHUB_HOST} subjects matching ${subject}, which any repository, owner or workflow can present`);
            });
        }
        for (const subject of NARROW) {
            it(`passes the GitHub subject ${subject}`, () => {
                assert.equal(iam.trustProblem(githubSubjects(subject)), undefined);
            });
        }

        const lambdaWith = (key: string) => ({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { [key]: ACCOUNT } } });
        for (const key of ["aws:SourceAccount", "AWS:SourceArn", "aws:SourceOrgID"]) {
            it(`passes a service trust with ${key}`, () => {
                assert.equal(iam.trustProblem(lambdaWith(key)), undefined);
            });
        }
        // A misspelt key, and a tag named like the key, bound nothing.
        for (const key of ["aws:SourceAccounts", "aws:PrincipalTag/aws:SourceAccount"]) {
            it(`reports a service trust with ${key}`, () => {
                assert.match(iam.trustProblem(lambdaWith(key)) ?? "", /^trusts lambda\.amazonaws\.com without an aws:SourceAccount or aws:SourceArn condition/);
            });
        }
    });
});

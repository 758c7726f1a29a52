/**
 * The backend's secrets, wired: on ECS as container secrets read by the
 * execution role, on Lambda as SECRETS_FROM read by the function role,
 * exactly those and nothing more; values from secret config stored as
 * SecureString parameters and never in the record in plain text.
 */
import assert from "node:assert/strict";
import { OFFLINE_ACCOUNT_ID } from "../../offline/mocks";
import { onlyResource, RecordedResource, resourcesOfType, SECRET, StackRecord } from "../../offline/record";
import { asList, ContainerDefinition, json, stack, Statement } from "../stacks";

const ACCOUNT = OFFLINE_ACCOUNT_ID;
const OTHER_REGION_PARAMETER = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/shared/license`;
const SECRET_ARN = `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:prod/db-AbCdEf`;
const REFERENCES = {
    API_TOKEN: "ssm:/own-app/api-token",
    STRIPE_KEY: "secretsmanager:prod/stripe",
    LICENSE: OTHER_REGION_PARAMETER,
    DB_URL: SECRET_ARN,
};
/** A text that stands for a real secret: it must appear nowhere in the record. */
const SECRET_TEXT = "pa55-w0rd-that-must-never-show";

const container = (record: StackRecord): ContainerDefinition => {
    const task = resourcesOfType(record, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === "backend-task");
    assert.ok(task, "the backend's task definition");
    return json<ContainerDefinition[]>(task.inputs.containerDefinitions)[0];
};
const statements = (policy: RecordedResource): Statement[] => json<{ Statement: Statement[] }>(policy.inputs.policy).Statement;
const grants = (policies: RecordedResource[], action: string): string[] =>
    policies
        .flatMap(statements)
        .filter((s) => s.Effect === "Allow" && asList(s.Action).includes(action))
        .flatMap((s) => asList(s.Resource))
        .sort();
const rolePolicies = (record: StackRecord, role: string) => resourcesOfType(record, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === onlyResource(record, "aws:iam/role:Role", role).outputs.name);

describe("backend secrets", () => {
    describe("on ECS (stack cheap, backend.secrets)", () => {
        let record: StackRecord;
        before(async () => {
            record = await stack("cheap", { "backend.secrets": REFERENCES });
        });

        it("injects each as a container secret by its full ARN, and none as a plain variable", () => {
            const { secrets = [], environment = [] } = container(record);
            const stripe = secrets.find((s) => s.name === "STRIPE_KEY")?.valueFrom;
            assert.match(stripe ?? "", new RegExp(`^arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:prod/stripe-[A-Za-z0-9]{6}$`));
            assert.deepEqual(
                Object.fromEntries(secrets.map((s) => [s.name, s.valueFrom])),
                { API_TOKEN: `arn:aws:ssm:us-west-2:${ACCOUNT}:parameter/own-app/api-token`, STRIPE_KEY: stripe, LICENSE: OTHER_REGION_PARAMETER, DB_URL: SECRET_ARN },
            );
            assert.deepEqual(environment.filter((e) => e.name in REFERENCES), []);
        });

        it("lets the execution role read exactly those, and the task role none of them", () => {
            const { secrets = [] } = container(record);
            const arn = (name: string) => secrets.find((s) => s.name === name)!.valueFrom;
            const execution = rolePolicies(record, "backend-execution");
            assert.deepEqual(grants(execution, "ssm:GetParameters"), [arn("API_TOKEN"), arn("LICENSE")].sort());
            assert.deepEqual(grants(execution, "secretsmanager:GetSecretValue"), [arn("DB_URL"), arn("STRIPE_KEY")].sort());
            // The task role reads the database's own secret (DB_SECRET_ARN), none of the app's.
            const task = rolePolicies(record, "backend-task");
            const taskReads = [...grants(task, "ssm:GetParameters"), ...grants(task, "ssm:GetParameter"), ...grants(task, "secretsmanager:GetSecretValue")];
            assert.deepEqual(taskReads.filter((r) => secrets.some((s) => s.valueFrom === r)), []);
        });

        it("creates no parameter for secrets that exist already", () => {
            assert.deepEqual(resourcesOfType(record, "aws:ssm/parameter:Parameter"), []);
        });
    });

    describe("from secret config (stack cheap, backend.environment set with --secret)", () => {
        let record: StackRecord;
        before(async () => {
            record = await stack("cheap", {}, { "backend.environment.API_TOKEN": SECRET_TEXT });
        });

        it("stores the value as a SecureString parameter under the stack's path and injects it as a secret", () => {
            const parameter = onlyResource(record, "aws:ssm/parameter:Parameter");
            assert.equal(parameter.inputs.name, "/shoestring/cheap/backend/API_TOKEN");
            assert.equal(parameter.inputs.type, "SecureString");
            assert.equal(parameter.inputs.tier, "Standard");
            const { secrets = [], environment = [] } = container(record);
            assert.deepEqual(secrets, [{ name: "API_TOKEN", valueFrom: parameter.outputs.arn }]);
            assert.equal(environment.find((e) => e.name === "API_TOKEN"), undefined);
            assert.deepEqual(grants(rolePolicies(record, "backend-execution"), "ssm:GetParameters"), [parameter.outputs.arn]);
        });

        it("never holds the value in plain text: not in any input or output, the stack outputs or the config", () => {
            assert.equal(onlyResource(record, "aws:ssm/parameter:Parameter").inputs.value, SECRET);
            const places: [string, unknown][] = [
                ...record.resources.flatMap((r): [string, unknown][] => [
                    [`${r.type} ${r.name} inputs`, r.inputs],
                    [`${r.type} ${r.name} outputs`, r.outputs],
                ]),
                ["stack outputs", record.outputs],
                ["config", record.config],
            ];
            const leaks = places.filter(([, value]) => JSON.stringify(value).includes(SECRET_TEXT)).map(([where]) => where);
            assert.deepEqual(leaks, []);
        });
    });

    describe("on Lambda (stack serverless)", () => {
        let record: StackRecord;
        before(async () => {
            record = await stack("serverless", { "backend.secrets": REFERENCES }, { "backend.environment.API_KEY": SECRET_TEXT });
        });
        const fn = () => onlyResource(record, "aws:lambda/function:Function");
        const secretsFrom = () => json<Record<string, string>>((fn().inputs.environment as { variables: Record<string, unknown> }).variables.SECRETS_FROM);

        it("tells the app where each secret is in SECRETS_FROM, ARNs only", () => {
            const variables = (fn().inputs.environment as { variables: Record<string, unknown> }).variables;
            const parameter = onlyResource(record, "aws:ssm/parameter:Parameter");
            assert.deepEqual(Object.keys(secretsFrom()).sort(), ["API_KEY", "API_TOKEN", "DB_URL", "LICENSE", "STRIPE_KEY"]);
            assert.equal(secretsFrom().API_KEY, parameter.outputs.arn);
            assert.equal(secretsFrom().LICENSE, OTHER_REGION_PARAMETER);
            for (const name of Object.keys(REFERENCES)) {
                assert.equal(variables[name], undefined, name);
            }
            assert.ok(!JSON.stringify(record).includes(SECRET_TEXT));
        });

        it("lets the function role read exactly those", () => {
            const arns = secretsFrom();
            const policies = rolePolicies(record, "backend-role");
            assert.deepEqual(grants(policies, "ssm:GetParameter"), [arns.API_KEY, arns.API_TOKEN, arns.LICENSE].sort());
            assert.deepEqual(grants(policies, "secretsmanager:GetSecretValue"), [arns.DB_URL, arns.STRIPE_KEY].sort());
        });
    });

    it("adds nothing to a stack without secrets", async () => {
        const record = await stack("cheap");
        assert.deepEqual(resourcesOfType(record, "shoestring:aws:AppSecrets"), []);
        assert.deepEqual(container(record).secrets, []);
        assert.deepEqual(grants(rolePolicies(record, "backend-execution"), "ssm:GetParameters"), []);
    });
});

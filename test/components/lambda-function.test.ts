import assert from "node:assert/strict";
import { LambdaFunction, LambdaFunctionArgs } from "../../components/lambda-function";
import { onlyResource, StackRecord } from "../../offline/record";
import { json, Statement } from "../stacks";
import { assertOwnsEverything, component, run } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

const TYPE = "shoestring:aws:LambdaFunction";
const IMAGE = `123456789012.dkr.ecr.us-west-2.amazonaws.com/backend-repository@sha256:${"a".repeat(64)}`;
const BOUNDARY = "arn:aws:iam::123456789012:policy/shoestring/shoestring-workload-boundary";
const BASE: LambdaFunctionArgs = { image: IMAGE, architecture: "arm64" };

function lambda(args: Partial<LambdaFunctionArgs>): Promise<StackRecord> {
    return run(() => {
        const fn = new LambdaFunction("backend", { ...BASE, ...args });
        return { functionName: fn.functionName, functionArn: fn.functionArn };
    });
}

const statementsOf = (policy: unknown): Statement[] => json<{ Statement: Statement[] }>(policy).Statement;

describe("components/lambda-function LambdaFunction", () => {
    describe("with defaults", () => {
        let record: StackRecord;
        before(async () => {
            record = await lambda({});
        });

        it("parents every resource to the component, which registers the function's name and ARN", () => {
            const c = component(record, TYPE);
            const children = assertOwnsEverything(record, c);
            assert.deepEqual(children.map((r) => r.type).sort(), ["aws:cloudwatch/logGroup:LogGroup", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:lambda/function:Function"]);
            const fn = onlyResource(record, "aws:lambda/function:Function");
            assert.deepEqual(c.outputs, { functionName: fn.outputs.name, functionArn: fn.outputs.arn });
            assert.match(String(record.outputs.functionArn), /^arn:aws:lambda:us-west-2:123456789012:function:backend-/);
        });

        it("runs the image as an Image package, on its one architecture, as its role", () => {
            const fn = onlyResource(record, "aws:lambda/function:Function");
            assert.equal(fn.inputs.packageType, "Image");
            assert.equal(fn.inputs.imageUri, IMAGE);
            assert.deepEqual(fn.inputs.architectures, ["arm64"], "one architecture: Lambda runs a single-platform image");
            assert.equal(fn.inputs.role, onlyResource(record, "aws:iam/role:Role").outputs.arn);
            assert.equal(fn.inputs.memorySize, 512);
            assert.equal(fn.inputs.handler, undefined, "an image has no handler or runtime");
            assert.equal(fn.inputs.runtime, undefined);
        });

        it("times out below the 30 seconds an HTTP API waits for it", () => {
            const timeout = onlyResource(record, "aws:lambda/function:Function").inputs.timeout as number;
            assert.equal(timeout, 29);
            assert.ok(timeout * 1000 < 30000);
        });

        it("is outside any VPC, reserves no concurrency and sets no environment of its own", () => {
            const fn = onlyResource(record, "aws:lambda/function:Function");
            assert.equal(fn.inputs.vpcConfig, undefined);
            assert.equal(fn.inputs.reservedConcurrentExecutions, undefined);
            assert.equal(fn.inputs.environment, undefined, "no empty variables block");
        });

        it("has a role only Lambda may assume, and only for this account's functions in this region", () => {
            const role = onlyResource(record, "aws:iam/role:Role");
            const trust = statementsOf(role.inputs.assumeRolePolicy);
            assert.equal(trust.length, 1);
            assert.equal(trust[0].Effect, "Allow");
            assert.equal(trust[0].Action, "sts:AssumeRole");
            assert.deepEqual(trust[0].Principal, { Service: "lambda.amazonaws.com" });
            assert.deepEqual(trust[0].Condition, {
                StringEquals: { "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": "arn:aws:lambda:us-west-2:123456789012:function:*" },
            });
            assert.equal(role.inputs.path, "/shoestring/", "under the path the deploy role manages");
            assert.equal(role.inputs.permissionsBoundary, undefined);
        });

        it("logs to its own log group, kept 7 days, which the function's logging config names", () => {
            const logs = onlyResource(record, "aws:cloudwatch/logGroup:LogGroup");
            assert.equal(logs.inputs.name, "/lambda/proj-unit/backend");
            assert.equal(logs.inputs.retentionInDays, 7);
            const fn = onlyResource(record, "aws:lambda/function:Function");
            assert.deepEqual(fn.inputs.loggingConfig, { logFormat: "Text", logGroup: logs.outputs.name });
            assert.ok(fn.dependencies.includes(logs.urn), "the group, with its retention, exists before the function writes to it");
        });

        it("lets its role write its own log streams, and nothing else, before the function exists", () => {
            const policy = onlyResource(record, "aws:iam/rolePolicy:RolePolicy");
            const logs = onlyResource(record, "aws:cloudwatch/logGroup:LogGroup");
            assert.equal(policy.inputs.role, onlyResource(record, "aws:iam/role:Role").outputs.name);
            assert.deepEqual(statementsOf(policy.inputs.policy), [{ Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${String(logs.outputs.arn)}:*` }]);
            assert.ok(onlyResource(record, "aws:lambda/function:Function").dependencies.includes(policy.urn), "no invocation before its role may log");
        });
    });

    describe("with arguments", () => {
        let record: StackRecord;
        before(async () => {
            record = await lambda({
                architecture: "x86_64",
                memory: 1769,
                timeout: 10,
                environment: { PORT: "4567", TABLE_NAME: "table-1" },
                policyStatements: [{ Sid: "AppTable", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: ["arn:aws:dynamodb:us-west-2:123456789012:table/table-1"] }],
                logRetentionDays: 30,
                permissionsBoundary: BOUNDARY,
            });
        });

        it("parents every resource to the component", () => {
            assertOwnsEverything(record, component(record, TYPE));
        });

        it("takes the architecture, memory, timeout and environment", () => {
            const fn = onlyResource(record, "aws:lambda/function:Function");
            assert.deepEqual(fn.inputs.architectures, ["x86_64"]);
            assert.equal(fn.inputs.memorySize, 1769);
            assert.equal(fn.inputs.timeout, 10);
            assert.deepEqual(fn.inputs.environment, { variables: { PORT: "4567", TABLE_NAME: "table-1" } });
        });

        it("puts the boundary on its role, and the app's statements after its logs", () => {
            assert.equal(onlyResource(record, "aws:iam/role:Role").inputs.permissionsBoundary, BOUNDARY);
            const statements = statementsOf(onlyResource(record, "aws:iam/rolePolicy:RolePolicy").inputs.policy);
            assert.deepEqual(
                statements.map((s) => s.Sid),
                ["Logs", "AppTable"],
            );
            assert.ok(!statements.some((s) => [s.Action].flat().includes("logs:CreateLogGroup")), "the program made the group");
        });

        it("keeps its logs as long as asked", () => {
            assert.equal(onlyResource(record, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 30);
        });
    });

    it("sets no environment for an empty one", async () => {
        const record = await lambda({ environment: {} });
        assert.equal(onlyResource(record, "aws:lambda/function:Function").inputs.environment, undefined);
    });

    it("applies transforms to its children before they are registered, and keeps them its children", async () => {
        const record = await lambda({
            transform: {
                logGroup: { retentionInDays: 14 },
                function: (args) => {
                    args.memorySize = 1024;
                },
            },
        });
        const fn = onlyResource(record, "aws:lambda/function:Function");
        assert.equal(fn.inputs.memorySize, 1024);
        assert.equal((fn.inputs.loggingConfig as Obj).logGroup, "/lambda/proj-unit/backend", "the rest stays");
        assert.equal(onlyResource(record, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 14);
        assertOwnsEverything(record, component(record, TYPE));
    });
});

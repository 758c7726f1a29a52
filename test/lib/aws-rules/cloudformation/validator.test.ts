import assert from "node:assert/strict";
import { CloudFormationValidator, cloudFormationValidator } from "../../../../lib/aws-rules/cloudformation/validator";
import { Finding, RuleResource } from "../../../../lib/aws-rules/types";
import { ruleContextOf } from "../../../../offline/aws-checks";
import { StackRecord } from "../../../../offline/record";
import { runStack, StackRunOptions } from "../../../../offline/stack";

// Started before any stack runs, as the offline engine would, so the engine builds meanwhile.
const started = Date.now();
const validator: CloudFormationValidator = cloudFormationValidator();

/** The rules' view of a record, as the plan builds it. */
const ruleResources = (record: StackRecord): RuleResource[] => ruleContextOf(record).resources;

const URN = "urn:pulumi:test::shoestring::";
function resource(type: string, name: string, inputs: Record<string, unknown>): RuleResource {
    return { urn: `${URN}${type}::${name}`, type, name, inputs, dependencies: [], propertyDependencies: {}, region: "us-west-2", custom: true };
}

const describeFinding = (f: Finding) => `${f.rule} ${f.level} ${f.resource} ${f.property}: ${f.message}`;

describe("CloudFormation validator", function () {
    this.timeout(120_000);

    it("rejects a security group description with an apostrophe, on the Pulumi resource and property", async () => {
        const sg = resource("aws:ec2/securityGroup:SecurityGroup", "database-sg", { description: "Postgres: only from the app's tasks", vpcId: "vpc-0123456789abcdef0" });
        const findings = await validator.validate([sg], "us-west-2");
        const found = findings.find((f) => f.rule === "cfn-F3031");
        assert.ok(found, findings.map(describeFinding).join("\n"));
        assert.equal(found.level, "error");
        assert.equal(found.urn, sg.urn);
        assert.equal(found.property, "description");
        assert.equal(found.value, "Postgres: only from the app's tasks");
        assert.equal(found.type, sg.type);
    });

    it("rejects an invalid Fargate cpu/memory pair, and a wrong type deep in containerDefinitions", async () => {
        const task = resource("aws:ecs/taskDefinition:TaskDefinition", "backend-task", {
            family: "app",
            cpu: "256",
            memory: "4096",
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            containerDefinitions: JSON.stringify([{ name: "app", image: "nginx", portMappings: [{ containerPort: "http" }] }]),
        });
        const findings = await validator.validate([task], "us-west-2");
        const size = findings.find((f) => f.rule === "cfn-E3047");
        assert.ok(size, findings.map(describeFinding).join("\n"));
        assert.equal(size.level, "error");
        assert.equal(size.urn, task.urn);
        assert.equal(size.property, "cpu");
        const port = findings.find((f) => f.rule === "cfn-F3012");
        assert.ok(port, findings.map(describeFinding).join("\n"));
        assert.equal(port.property, "containerDefinitions[0].portMappings[0].containerPort");
        assert.match(port.source, /^https:\/\/docs\.aws\.amazon\.com\//);
    });

    it("warns on an unencrypted, public database, and leaves out rules that do not apply to Pulumi", async () => {
        const db = resource("aws:rds/instance:Instance", "database", { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", manageMasterUserPassword: true, publiclyAccessible: true, storageEncrypted: false, skipFinalSnapshot: true });
        const role = resource("aws:ecs/taskDefinition:TaskDefinition", "task", { family: "f", cpu: "256", memory: "512", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", taskRoleArn: "arn:aws:iam::123456789012:role/r", containerDefinitions: "[]" });
        const findings = await validator.validate([db, role], "us-west-2");
        const rules = findings.map((f) => f.rule);
        assert.ok(rules.includes("cfn-W9008") && rules.includes("cfn-W9011"), rules.join(", "));
        assert.ok(findings.filter((f) => f.rule === "cfn-W9011").every((f) => f.level === "warning" && f.property === "publiclyAccessible"));
        // Pulumi sends resolved ARNs; "hardcoded ARN" is not a finding for a Pulumi program.
        assert.ok(!rules.includes("cfn-W9002") && !rules.includes("cfn-W9013"), rules.join(", "));
    });

    const FUNCTION = "aws:lambda/function:Function";
    const lambdaFunction = (name: string, inputs: Record<string, unknown>) => resource(FUNCTION, name, { packageType: "Image", imageUri: "123456789012.dkr.ecr.us-west-2.amazonaws.com/shop:latest", role: "arn:aws:iam::123456789012:role/backend", ...inputs });
    /** The validator's findings on one property of each resource, by resource name. */
    async function findingsOn(resources: RuleResource[], property: RegExp): Promise<Record<string, string[]>> {
        const found = await validator.validate(resources, "us-west-2");
        return Object.fromEntries(resources.map((r) => [r.name, found.filter((f) => f.urn === r.urn && property.test(f.property) && f.level === "error").map((f) => f.rule)]));
    }

    it("refuses a function's memory below 128 MB or above 32,768 and a timeout outside 1-900 s (aws-lambda-memory covers 10,241-32,768)", async () => {
        const memory = await findingsOn([127, 128, 10240, 10241, 32768, 32769].map((m) => lambdaFunction(`m${m}`, { memorySize: m })), /^memorySize$/);
        assert.deepEqual(memory, { m127: ["cfn-F3034"], m128: [], m10240: [], m10241: [], m32768: [], m32769: ["cfn-F3034"] });
        const timeout = await findingsOn([0, 1, 29, 900, 901].map((t) => lambdaFunction(`t${t}`, { timeout: t })), /^timeout$/);
        assert.deepEqual(timeout, { t0: ["cfn-F3034"], t1: [], t29: [], t900: [], t901: ["cfn-E3717"] });
        const architectures = await findingsOn([lambdaFunction("two", { architectures: ["x86_64", "arm64"] }), lambdaFunction("one", { architectures: ["arm64"] })], /^architectures/);
        assert.deepEqual(architectures, { two: ["cfn-F3032"], one: [] });
    });

    /**
     * "Reserved environment variables" of https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
     * ("The keys for these environment variables are reserved and cannot be set in your function configuration"),
     * and settable ones from its "Unreserved environment variables" and elsewhere in the Lambda guide.
     */
    const RESERVED_KEYS = ["_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"];
    const SETTABLE_KEYS = ["LANG", "PATH", "LD_LIBRARY_PATH", "NODE_PATH", "PYTHONPATH", "TZ", "AWS_LAMBDA_EXEC_WRAPPER", "AWS_XRAY_CONTEXT_MISSING", "AWS_LWA_PORT", "DB_HOST"];

    it("refuses every reserved Lambda environment key AWS documents (cfn-lint E3663), and accepts the settable ones", async () => {
        const functions = [...RESERVED_KEYS, ...SETTABLE_KEYS].map((key) => lambdaFunction(key.toLowerCase().replace(/^_+/, "u"), { environment: { variables: { [key]: "x" } } }));
        const found = await findingsOn(functions, /^environment/);
        const refused = [...RESERVED_KEYS, ...SETTABLE_KEYS].filter((key) => found[key.toLowerCase().replace(/^_+/, "u")].includes("cfn-E3663"));
        assert.deepEqual(refused, RESERVED_KEYS);
    });

    it("passes environment keys Lambda refuses but the schema's unanchored pattern matches inside (so aws-lambda-environment checks the grammar)", async () => {
        const found = await findingsOn([lambdaFunction("hyphen", { environment: { variables: { "my-var": "x" } } }), lambdaFunction("digit", { environment: { variables: { "1ST": "x" } } }), lambdaFunction("letter", { environment: { variables: { A: "x" } } })], /^environment/);
        assert.deepEqual(found, { hyphen: [], digit: [], letter: ["cfn-F3002"] });
    });

    it("leaves an HTTP API integration's timeout and payload format unchecked (so aws-apigatewayv2-integration checks them)", async () => {
        const integration = (name: string, inputs: Record<string, unknown>) => resource("aws:apigatewayv2/integration:Integration", name, { apiId: "a1b2c3d4e5", integrationType: "AWS_PROXY", integrationUri: "arn:aws:lambda:us-west-2:123456789012:function:backend", ...inputs });
        const found = await findingsOn([integration("t49", { timeoutMilliseconds: 49 }), integration("t30001", { timeoutMilliseconds: 30001 }), integration("v3", { payloadFormatVersion: "3.0" }), integration("get", { integrationMethod: "GET" })], /.*/);
        assert.deepEqual(found, { t49: [], t30001: [], v3: [], get: [] });
    });

    it("checks an SSM parameter's name length, value and type, tier and data type, and passes a SecureString (aws-ssm-parameter-name and -value check the grammar and the size)", async () => {
        const parameter = (name: string, inputs: Record<string, unknown>) => resource("aws:ssm/parameter:Parameter", name, { type: "SecureString", tier: "Standard", value: "s3cr3t", ...inputs });
        const found = await validator.validate(
            [
                parameter("ok", { name: "/shop/dev/backend/API_TOKEN" }),
                parameter("long", { name: `/${"a".repeat(2048)}` }),
                parameter("empty", { name: "" }),
                parameter("novalue", { name: "/shop/dev/backend/B", value: undefined }),
                parameter("notype", { name: "/shop/dev/backend/C", type: undefined }),
                parameter("typo", { name: "/shop/dev/backend/D", type: "SecretString" }),
                parameter("tier", { name: "/shop/dev/backend/E", tier: "Cheap" }),
                parameter("described", { name: "/shop/dev/backend/F", description: "d".repeat(1025) }),
                // Left to the AWS rules: characters, prefixes, hierarchy depth, the ARN length, the value's size.
                parameter("grammar", { name: "/shop dev/aws/x" }),
                parameter("reserved", { name: "/aws/x" }),
                parameter("deep", { name: `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join("/")}` }),
                parameter("big", { name: "/shop/dev/backend/G", value: "x".repeat(4097) }),
                parameter("blank", { name: "/shop/dev/backend/H", value: "" }),
            ],
            "us-west-2",
        );
        const by = (name: string) => found.filter((f) => f.resource.startsWith(`${name} `)).map((f) => `${f.rule} ${f.property}`);
        assert.deepEqual(by("ok"), [], found.map(describeFinding).join("\n"));
        assert.deepEqual(by("long"), ["cfn-F3033 name"]);
        assert.deepEqual(by("empty"), ["cfn-F3033 name"]);
        assert.deepEqual(by("novalue"), ["cfn-F3003 "]);
        assert.deepEqual(by("notype"), ["cfn-F3003 "]);
        assert.deepEqual(by("typo"), ["cfn-W3030 type"]);
        assert.deepEqual(by("tier"), ["cfn-W3030 tier"]);
        assert.deepEqual(by("described"), ["cfn-F3033 description"]);
        for (const name of ["grammar", "reserved", "deep", "big", "blank"]) {
            assert.deepEqual(by(name), [], name);
        }
    });

    const stacks: Array<[string, string, StackRunOptions]> = [];
    for (const stack of ["cheap", "dev"]) {
        for (const region of [undefined, "us-east-1", "eu-west-1"]) {
            for (const domain of [true, false]) {
                const config: Record<string, unknown> = {};
                if (region) config["aws:region"] = region;
                if (!domain) config.domain = undefined;
                stacks.push([stack, `${region ?? "its own region"}, ${domain ? "with" : "without"} a domain`, { config }]);
            }
        }
    }
    stacks.push(["cheap", "with backend autoscaling", { config: { backend: { maxCount: 3 } } }]);
    for (const region of [undefined, "us-east-1", "eu-west-1"]) {
        stacks.push(["serverless", region ?? "its own region", { config: region ? { "aws:region": region } : {} }]);
    }
    stacks.push(["serverless", "arm64, data unprotected", { config: { backend: { architecture: "arm64" }, protectData: false } }]);
    for (const [stack, variant, options] of stacks) {
        it(`finds no CloudFormation errors in stack ${stack}, ${variant}`, async () => {
            const record = await runStack(stack, options);
            const findings = await validator.validate(ruleResources(record), record.config["aws:region"]);
            const errors = findings.filter((f) => f.level === "error");
            assert.deepEqual(errors.map(describeFinding), []);
        });
    }

    it("builds its engine once, off the main thread, and validates a stack quickly", async () => {
        const record = await runStack("cheap");
        const ran = Date.now();
        const { buildMs } = await validator.ready;
        const waited = Date.now() - ran;
        const report = await validator.report(ruleResources(record), "us-west-2");
        console.log(`      engine build ${buildMs} ms (in the worker, started ${ran - started} ms before this test); waited ${waited} ms after the stack ran; cheap stack: ${Object.keys(report.mapped.template.Resources).length} CloudFormation resources validated in ${report.validateMs} ms`);
        assert.ok(buildMs < 10_000, `engine build took ${buildMs} ms`);
        assert.ok(report.validateMs < 2_000, `validation took ${report.validateMs} ms`);
        assert.ok(Object.keys(report.mapped.template.Resources).length > 30);
    });
});

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

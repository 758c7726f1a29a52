/**
 * Coverage: every (resource type, property) the repository's stacks set is
 * checked by AWS's CloudFormation validator (a mapped property), by an AWS
 * rule, or marked as needing no check with a source. A new property can't
 * slip in unchecked.
 */
import assert from "node:assert/strict";
import { AWS_RULES } from "../../../lib/aws-rules";
import { CLOUDFORMATION_MAPPINGS, cloudFormationCoverage } from "../../../lib/aws-rules/cloudformation/mapping";
import { unconstrained } from "../../../lib/aws-rules/unconstrained";
import { StackRecord } from "../../../offline/record";
import { stack } from "../../stacks";

/** How a property is checked, or undefined. */
function coverage(type: string, property: string): string | undefined {
    const cfn = cloudFormationCoverage(type, property);
    if (cfn?.kind === "mapped") {
        return "CloudFormation validator";
    }
    const top = property.split(/[.[]/)[0];
    const rule = AWS_RULES.find((r) => r.types.includes(type) && r.properties.some((p) => p.split(/[.[]/)[0] === top));
    if (rule) {
        return rule.id;
    }
    if (cfn?.kind === "pulumi-only") {
        return `no CloudFormation twin: ${cfn.reason}`;
    }
    const none = unconstrained(type, property);
    return none ? `no constraint: ${none.reason} (${none.source})` : undefined;
}

/** Every (type, property path) a record sets on a custom resource: nested objects and lists walked, JSON documents as one value. */
function propertiesOf(record: StackRecord): Set<string> {
    const found = new Set<string>();
    const walk = (type: string, value: unknown, path: string): void => {
        if (Array.isArray(value) && value.length > 0) {
            value.forEach((v) => walk(type, v, `${path}[]`));
        } else if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
            for (const [k, v] of Object.entries(value)) {
                walk(type, v, `${path}.${k}`);
            }
        } else {
            found.add(`${type} ${path}`);
        }
    };
    for (const r of record.resources.filter((r) => r.custom)) {
        for (const [key, value] of Object.entries(r.inputs).filter(([k]) => k !== "__defaults")) {
            walk(r.type, value, key);
        }
    }
    return found;
}

const VARIANTS: [string, Record<string, unknown>][] = [];
for (const name of ["cheap", "dev", "serverless"]) {
    for (const region of ["us-west-2", "us-east-1", "eu-west-1"]) {
        VARIANTS.push([name, { "aws:region": region }], [name, { "aws:region": region, domain: undefined }]);
    }
}

describe("lib/aws-rules coverage of what the program sets", () => {
    it("covers every property path of every stack, region and domain choice", async () => {
        const all = new Set<string>();
        for (const [name, config] of VARIANTS) {
            propertiesOf(await stack(name, config)).forEach((p) => all.add(p));
        }
        // A VPC the stack creates (network new), in both profiles.
        for (const name of ["cheap", "dev"]) {
            propertiesOf(await stack(name, { network: "new" })).forEach((p) => all.add(p));
        }
        // The serverless stack on arm64 (the image's platform follows), without data protection (deletion protection off).
        const serverless = await stack("serverless", { backend: { architecture: "arm64" }, protectData: false });
        assert.equal(serverless.resources.find((r) => r.type === "aws:dsql/cluster:Cluster")?.inputs.deletionProtectionEnabled, false);
        propertiesOf(serverless).forEach((p) => all.add(p));
        // Autoscaling is set only with maxCount above desiredCount.
        propertiesOf(await stack("cheap", { backend: { desiredCount: 1, maxCount: 3 } })).forEach((p) => all.add(p));
        // Awake hours: scheduled actions, Scheduler schedules and their role, in both profiles, awake and paused.
        const schedule = { timezone: "Europe/Berlin", awake: ["Mon-Fri 08:00-19:00", "Sat 10:00-14:00"] };
        const scheduled = [await stack("cheap", { schedule }), await stack("dev", { schedule }), await stack("cheap", { schedule, paused: true, backend: { desiredCount: 1, maxCount: 3 } })];
        for (const record of scheduled) {
            propertiesOf(record).forEach((p) => all.add(p));
        }
        // App secrets, referenced and stored (a secret backend key), on ECS and on Lambda.
        const references = { API_TOKEN: "ssm:/own-app/api-token", STRIPE_KEY: "secretsmanager:prod/stripe" };
        for (const name of ["cheap", "serverless"]) {
            propertiesOf(await stack(name, { "backend.secrets": references }, { "backend.environment.SESSION_KEY": "not-a-real-key" })).forEach((p) => all.add(p));
        }
        for (const type of ["aws:appautoscaling/scheduledAction:ScheduledAction", "aws:scheduler/schedule:Schedule", "aws:lambda/function:Function", "aws:lambda/permission:Permission", "aws:dsql/cluster:Cluster", "aws:ssm/parameter:Parameter"]) {
            assert.ok([...all].some((p) => p.startsWith(`${type} `)), `${type} is in the variants`);
        }
        assert.ok(all.size > 300, `${all.size} property paths`);
        const uncovered = [...all].filter((p) => coverage(p.split(" ")[0], p.split(" ")[1]) === undefined);
        assert.deepEqual(uncovered.sort(), []);
    });

    it("checks the Lambda function, its permission and integration with AWS rules, not only with the schema", () => {
        const ruled: [string, string, string][] = [
            ["aws:lambda/function:Function", "environment.variables.DB_HOST", "aws-lambda-environment"],
            ["aws:lambda/function:Function", "memorySize", "aws-lambda-memory"],
            ["aws:lambda/function:Function", "imageUri", "aws-lambda-image-uri"],
            ["aws:lambda/function:Function", "architectures[]", "aws-lambda-image-architecture"],
            ["aws:lambda/function:Function", "timeout", "aws-lambda-timeout-under-integration"],
            ["aws:lambda/permission:Permission", "sourceArn", "aws-lambda-permission-api-gateway"],
            ["aws:apigatewayv2/integration:Integration", "payloadFormatVersion", "aws-apigatewayv2-integration"],
            ["aws:dsql/cluster:Cluster", "region", "aws-dsql-cluster-region"],
        ];
        for (const [type, property, id] of ruled) {
            const top = property.split(/[.[]/)[0];
            assert.ok(AWS_RULES.some((r) => r.id === id && r.types.includes(type) && r.properties.some((p) => p.split(/[.[]/)[0] === top)), `${id} checks ${type} ${property}`);
        }
    });

    it("knows every property by one of its checks: a made-up type's property is uncovered", () => {
        assert.equal(coverage("aws:made/up:Thing", "anything"), undefined);
        assert.equal(coverage("docker-build:index:Image", "tags"), "aws-ecr-image-tag");
        assert.equal(coverage("aws:ec2/securityGroup:SecurityGroup", "description"), "CloudFormation validator");
        assert.match(coverage("docker-build:index:Image", "context") ?? "", /^no constraint: not sent to AWS/);
    });

    it("maps the types a user extending the program adds next to CloudFormation", () => {
        for (const type of ["aws:lambda/function:Function", "aws:lambda/permission:Permission", "aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance", "aws:scheduler/schedule:Schedule", "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet"]) {
            assert.ok(CLOUDFORMATION_MAPPINGS[type], type);
        }
    });
});

/**
 * The AWS rule policies: cases for each, then how they read a stack
 * policy's resources (inputs out of the state, regions), what they report
 * (resource, level, message) and what they compute once per stack. (That the
 * compiled pack over gRPC reports the same AWS rejections as the plan is in
 * grpc.test.ts, with the other tests of the compiled pack; the mutants of
 * policy/src/aws.ts meet only this file.)
 */
import assert from "node:assert/strict";
import type { PolicyProviderResource, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AWS_RULES, AwsRule, Finding, RuleResource } from "../../lib/aws-rules";
import { cloudFormationValidator, VALIDATOR_SOURCE } from "../../lib/aws-rules/cloudformation/validator";
import { StackRecord } from "../../offline/record";
import * as aws from "../../policy/src/aws";
import { database as rdsInstance, execService, securityGroup, US_EAST_1_SUBNET_CONFIG, US_EAST_1_SUBNETS } from "./aws-programs";
import { describeCases } from "./cases";
import { run } from "./programs";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as { unknownStringValue: unknown };

const AWS_POLICIES = [...aws.awsRulePolicies, aws.cloudFormationErrors, aws.cloudFormationWarnings];

const URN = "urn:pulumi:unit::policy-test::";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const VPC_LINK = "aws:apigatewayv2/vpcLink:VpcLink";

/** A resource as a stack policy sees it: its state (inputs and outputs in one map), no provider unless given. */
function resource(type: string, name: string, props: Record<string, unknown>, more: Partial<PolicyResource> = {}): PolicyResource {
    return {
        type,
        name,
        urn: `${URN}${type}::${name}`,
        props,
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
        ...more,
    };
}

/** The default AWS provider the engine sends with the resources (the stack's aws:region). */
const defaultProvider = (region: string): PolicyResource => resource("pulumi:providers:aws", "default_7_48_0", { region, skipCredentialsValidation: false });

/** An explicit provider, as a resource's `provider`. */
const explicitProvider = (region: string): PolicyProviderResource => ({ type: "pulumi:providers:aws", name: "other", urn: `${URN}pulumi:providers:aws::other`, props: { region } });

/** The resources of an offline record as a stack policy gets them: state only, no default provider, no root stack. */
function policyResources(record: StackRecord): PolicyResource[] {
    const managed = record.resources.filter((r) => r.custom);
    const resources = managed.map((r) => resource(r.type, r.name, { ...r.outputs, ...r.inputs }, { urn: r.urn }));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const [i, r] of managed.entries()) {
        resources[i].dependencies = r.dependencies.flatMap((u) => byUrn.get(u) ?? []);
        resources[i].propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, urns]) => [k, urns.flatMap((u) => byUrn.get(u) ?? [])]));
    }
    return resources;
}

interface Reported {
    message: string;
    urn?: string;
}

/** Runs a stack policy with this policy config; returns what it reported. */
async function validate(policy: StackValidationPolicy, resources: PolicyResource[], config: aws.AwsPolicyConfig = {}): Promise<Reported[]> {
    const reported: Reported[] = [];
    await policy.validateStack(
        {
            resources,
            stackTags: new Map(),
            getConfig: <T extends object>() => config as T,
            notApplicable: () => {
                throw new Error("not applicable");
            },
        },
        (message, urn) => reported.push(urn === undefined ? { message } : { message, urn }),
    );
    return reported;
}

const policyNamed = (name: string): StackValidationPolicy => {
    const found = aws.awsRulePolicies.find((p) => p.name === name);
    assert.ok(found, name);
    return found;
};

const ruleNamed = (id: string): AwsRule => {
    const found = AWS_RULES.find((r) => r.id === id);
    assert.ok(found, id);
    return found;
};

/** The rules' view of one resource. */
const converted = (resources: PolicyResource[], name: string, config: aws.AwsPolicyConfig = {}): RuleResource => {
    const found = aws.ruleContextOfResources(resources, config).resources.find((r) => r.name === name);
    assert.ok(found, name);
    return found;
};

/** The inputs the rules see of a resource, in a stack whose default provider is in us-west-2. */
const inputsOf = (r: PolicyResource): Record<string, unknown> => converted([defaultProvider("us-west-2"), r], r.name).inputs;

/** A VPC link in us-east-1's default VPC, one subnet in use1-az3 (where us-east-1 has no VPC links). */
const AZ3 = US_EAST_1_SUBNETS.find((s) => s.availabilityZoneId === "use1-az3")!.subnetId;
const vpcLink = (props: Record<string, unknown> = {}, more: Partial<PolicyResource> = {}): PolicyResource => resource(VPC_LINK, "link", { name: "link", subnetIds: [AZ3], securityGroupIds: [], ...props }, more);

/** What the VPC-link policy reports on that link, judged in us-east-1 or us-west-2 (the zones with VPC links written out). */
function vpcLinkMessage(region: "us-east-1" | "us-west-2"): string {
    const zones = region === "us-east-1" ? "use1-az1, use1-az2, use1-az4, use1-az5, use1-az6" : "usw2-az1, usw2-az2, usw2-az3, usw2-az4";
    const rule = ruleNamed(aws.VPC_LINK_POLICY);
    return `link (${VPC_LINK}) subnetIds[0]: subnet ${AZ3} is in use1-az3, where ${region} has no HTTP API VPC links (AWS answers "BadRequestException ... where service is not available"); use subnets in ${zones} (rule ${rule.id}, ${rule.source}). Change the program so AWS accepts it: ${rule.description} See ${rule.source}.`;
}

/** The VPC-link policy's findings, as messages. */
const vpcLinkFindings = async (resources: PolicyResource[], config: aws.AwsPolicyConfig = {}): Promise<string[]> => (await validate(policyNamed(aws.VPC_LINK_POLICY), resources, { ...US_EAST_1_SUBNET_CONFIG, ...config })).map((r) => r.message);

/** Replaces a method for the length of `body`. */
async function patched<T extends object, K extends keyof T>(target: T, key: K, replacement: T[K], body: () => Promise<void>): Promise<void> {
    const own = Object.prototype.hasOwnProperty.call(target, key);
    const original = target[key];
    target[key] = replacement;
    try {
        await body();
    } finally {
        if (own) {
            target[key] = original;
        } else {
            Reflect.deleteProperty(target, key);
        }
    }
}

const finding = (over: Partial<Finding>): Finding => ({
    rule: "cfn-E3012",
    level: "error",
    urn: `${URN}${SG}::stub`,
    resource: `stub (${SG})`,
    type: SG,
    property: "Properties.GroupDescription",
    message: "stub is not a string",
    source: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html",
    ...over,
});

describe("policy/src/aws", () => {
    describeCases(Object.fromEntries(AWS_POLICIES.map((p) => [p.name, p])));

    describe("the policies", () => {
        it("has one policy per AWS rule, at the rule's level, naming its source", () => {
            assert.deepEqual(aws.awsRulePolicies.map((p) => p.name), AWS_RULES.map((r) => r.id));
            for (const [i, rule] of AWS_RULES.entries()) {
                const policy = aws.awsRulePolicies[i];
                assert.equal(policy.enforcementLevel, rule.level === "error" ? "mandatory" : "advisory", rule.id);
                assert.ok(policy.description!.includes(rule.source) && policy.remediationSteps!.includes(rule.source), rule.id);
            }
            assert.match(aws.awsRulePolicies.find((p) => p.name === aws.VPC_LINK_POLICY)!.description!, /absent unless configured/);
        });

        it("names the policies whose rules read subnets from their config", () => {
            assert.deepEqual(aws.SUBNET_POLICIES, ["aws-apigatewayv2-vpc-link-zones", "aws-ec2-security-groups-in-subnet-vpc", "aws-elbv2-subnets-two-zones", "aws-rds-subnet-group-two-zones"]);
        });

        const rule = (over: Partial<AwsRule>): AwsRule => ({
            id: "aws-test-rule",
            description: "A test rule holds.",
            level: "error",
            effect: "refused",
            types: [SG],
            properties: ["description"],
            source: "https://docs.aws.amazon.com/test",
            check: () => [],
            ...over,
        });

        it("makes an error rule mandatory and a warning rule advisory, with the rule's description, source and config", () => {
            const error = aws.awsRulePolicy(rule({}));
            assert.equal(error.name, "aws-test-rule");
            assert.equal(error.enforcementLevel, "mandatory");
            assert.equal(error.description, "A test rule holds. (AWS rule, https://docs.aws.amazon.com/test).");
            assert.equal(error.remediationSteps, "Change the program so AWS accepts it: A test rule holds. See https://docs.aws.amazon.com/test.");
            assert.deepEqual(error.configSchema, { properties: { region: { type: "string" } } });
            assert.equal(aws.awsRulePolicy(rule({ level: "warning" })).enforcementLevel, "advisory");
            assert.equal(aws.awsRulePolicy(rule({ readsSubnets: false })).description, "A test rule holds. (AWS rule, https://docs.aws.amazon.com/test).");
        });

        it("gives a rule that reads subnets a `subnets` config, and says where the subnets come from", () => {
            const policy = aws.awsRulePolicy(rule({ readsSubnets: true }));
            assert.deepEqual(policy.configSchema, { properties: { region: { type: "string" }, subnets: { type: "object" } } });
            assert.ok(policy.description!.startsWith("A test rule holds. (AWS rule, https://docs.aws.amazon.com/test). Subnet zones come from the policy config's `subnets` (subnet id -> subnetId, vpcId, availabilityZone, availabilityZoneId)"), policy.description);
            assert.ok(policy.description!.endsWith("subnets the policy knows nothing about are not judged."), policy.description);
            assert.deepEqual(policyNamed("aws-elbv2-subnets-two-zones").configSchema, { properties: { region: { type: "string" }, subnets: { type: "object" } } });
            assert.deepEqual(policyNamed("aws-ecs-task-family").configSchema, { properties: { region: { type: "string" } } });
        });

        it("has the CloudFormation validator's errors (mandatory) and warnings (advisory) as two policies", () => {
            assert.equal(aws.cloudFormationErrors.name, "aws-cloudformation-errors");
            assert.equal(aws.cloudFormationErrors.enforcementLevel, "mandatory");
            assert.equal(
                aws.cloudFormationErrors.description,
                "The resources, mapped to CloudFormation, pass AWS's CloudFormation validator (schemas and cfn-lint rules) without errors: patterns, enumerations, lengths and required properties AWS enforces.",
            );
            assert.equal(aws.cloudFormationWarnings.name, "aws-cloudformation-warnings");
            assert.equal(aws.cloudFormationWarnings.enforcementLevel, "advisory");
            assert.equal(aws.cloudFormationWarnings.description, "The resources, mapped to CloudFormation, pass AWS's CloudFormation validator without warnings: settings AWS accepts but cfn-lint calls unsafe or fragile.");
            for (const policy of [aws.cloudFormationErrors, aws.cloudFormationWarnings]) {
                assert.equal(policy.remediationSteps, `Change the property CloudFormation's validator names so it matches AWS's published resource schema (the rule's documentation is in the message; the validator is ${VALIDATOR_SOURCE}).`);
                assert.deepEqual(policy.configSchema, { properties: { region: { type: "string" } } });
            }
        });
    });

    describe("what the policies report", () => {
        it("reports a finding on its resource: what the plan prints, then what to do", async () => {
            const resources = policyResources(await run(() => securityGroup("Postgres: only from the app's tasks")));
            const rule = ruleNamed("aws-ec2-security-group-description");
            assert.deepEqual(await validate(policyNamed(rule.id), resources), [
                {
                    message: `db-sg (aws:ec2/securityGroup:SecurityGroup) description: contains "'"; EC2 accepts only a-z A-Z 0-9 spaces and ._-:/()#,@[]+=&;{}!$* (rule aws-ec2-security-group-description, ${rule.source}). Change the program so AWS accepts it: ${rule.description} See ${rule.source}.`,
                    urn: `${URN}aws:ec2/securityGroup:SecurityGroup::db-sg`,
                },
            ]);
            // Only the policy's own rule: the other rules' policies report nothing here.
            assert.deepEqual(await validate(policyNamed("aws-ecs-task-family"), resources), []);
        });

        it("formats a finding with its resource, property, message, rule and source", () => {
            assert.equal(aws.findingMessage(finding({}), "Fix it."), `stub (${SG}) Properties.GroupDescription: stub is not a string (rule cfn-E3012, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html). Fix it.`);
        });

        it("splits the validator's findings by level: errors are mandatory, warnings advisory", async () => {
            const publicDb = policyResources(await run(() => rdsInstance(true)));
            const warnings = await validate(aws.cloudFormationWarnings, publicDb);
            assert.deepEqual(warnings, [
                {
                    message: `db (aws:rds/instance:Instance) publiclyAccessible: RDS instance has PubliclyAccessible set to true - consider restricting access (Set PubliclyAccessible to false) [CloudFormation AWS::RDS::DBInstance Properties.PubliclyAccessible] (rule cfn-W9011, ${VALIDATOR_SOURCE}). ${aws.cloudFormationWarnings.remediationSteps}`,
                    urn: `${URN}aws:rds/instance:Instance::db`,
                },
            ]);
            assert.deepEqual(await validate(aws.cloudFormationErrors, publicDb), []);
            const apostrophe = policyResources(await run(() => securityGroup("Postgres: only from the app's tasks")));
            assert.equal((await validate(aws.cloudFormationErrors, apostrophe)).length, 1);
            assert.deepEqual(await validate(aws.cloudFormationWarnings, apostrophe), []);
        });

        it("reports a finding on the template as a whole on the stack (no URN)", async () => {
            const validator = cloudFormationValidator();
            const resources = [resource(SG, "template-level", { description: "x" })];
            await patched(validator, "validate", async () => [finding({ urn: "", resource: "", property: "Resources" }), finding({ level: "warning", rule: "cfn-W1001" })], async () => {
                const errors = await validate(aws.cloudFormationErrors, resources);
                assert.deepEqual(errors.map((e) => [e.urn, /\(rule (cfn-\w+),/.exec(e.message)?.[1]]), [[undefined, "cfn-E3012"]]);
                assert.deepEqual((await validate(aws.cloudFormationWarnings, resources)).map((e) => [e.urn, /\(rule (cfn-\w+),/.exec(e.message)?.[1]]), [[`${URN}${SG}::stub`, "cfn-W1001"]]);
            });
        });
    });

    describe("which region a resource is judged in", () => {
        it("judges a VPC link in its own region, else its explicit provider's, else the stack's", async () => {
            const stack = defaultProvider("us-west-2");
            assert.deepEqual(await vpcLinkFindings([stack, vpcLink({ region: "us-east-1" })]), [vpcLinkMessage("us-east-1")]);
            assert.deepEqual(await vpcLinkFindings([stack, vpcLink({}, { provider: explicitProvider("us-east-1") })]), [vpcLinkMessage("us-east-1")]);
            assert.deepEqual(await vpcLinkFindings([stack, vpcLink()]), [vpcLinkMessage("us-west-2")]);
        });

        it("takes a resource's own region, but one unknown during a preview as its provider's; an explicit provider's region, else the stack's", () => {
            const link = vpcLink({ region: proxy.unknownStringValue });
            assert.equal(converted([defaultProvider("us-west-2"), link], "link").region, "us-west-2");
            assert.equal(converted([defaultProvider("us-west-2"), vpcLink({ region: proxy.unknownStringValue }, { provider: explicitProvider("eu-west-1") })], "link").region, "eu-west-1");
            assert.equal(converted([defaultProvider("us-west-2"), vpcLink({ region: "ap-south-1" }, { provider: explicitProvider("eu-west-1") })], "link").region, "ap-south-1");
            assert.equal(converted([defaultProvider("us-west-2"), vpcLink({}, { provider: explicitProvider("eu-west-1") })], "link").region, "eu-west-1");
            assert.equal(converted([defaultProvider("us-west-2"), vpcLink()], "link").region, "us-west-2");
            // A provider whose region is not a string (unknown) leaves the stack's.
            assert.equal(converted([defaultProvider("us-west-2"), vpcLink({}, { provider: { ...explicitProvider("x"), props: {} } })], "link").region, "us-west-2");
        });

        it("takes the stack's region from the default provider, else the policy config, else the ARNs", () => {
            const arn = resource("aws:sqs/queue:Queue", "queue", { arn: "arn:aws:sqs:ap-south-1:123456789012:queue" });
            assert.equal(aws.stackRegionOf([defaultProvider("us-west-2"), arn], "eu-west-1"), "us-west-2");
            assert.equal(aws.stackRegionOf([defaultProvider("us-west-2"), arn]), "us-west-2");
            assert.equal(aws.stackRegionOf([arn], "eu-west-1"), "eu-west-1");
            assert.equal(aws.stackRegionOf([arn]), "ap-south-1");
            assert.equal(aws.stackRegionOf([resource(SG, "sg", { description: "x" })]), "");
            assert.equal(aws.ruleContextOfResources([arn], { region: "eu-west-1" }).region, "eu-west-1");
            assert.equal(converted([arn, vpcLink()], "link", { region: "eu-west-1" }).region, "eu-west-1");
        });

        it("judges a subnet rule in the configured region when no default provider is among the resources", async () => {
            const resources = [vpcLink()];
            assert.deepEqual(await vpcLinkFindings(resources, { region: "us-east-1" }), [vpcLinkMessage("us-east-1")]);
            // The same resources, another config: judged anew, not from the first context.
            assert.deepEqual(await vpcLinkFindings(resources, { region: "us-west-2" }), [vpcLinkMessage("us-west-2")]);
            assert.deepEqual(await validate(policyNamed(aws.VPC_LINK_POLICY), resources, { region: "us-east-1" }), [], "without the subnets config nothing is known of the subnets");
        });

        it("judges the other rules in the configured region too (ECS Exec's log group is in the service's region)", async () => {
            const resources = policyResources(await run(() => execService(true, null)));
            const policy = policyNamed("aws-ecs-exec-session-logging");
            // The role may write the log group in us-west-2, where the ARNs put the stack.
            assert.deepEqual(await validate(policy, resources), []);
            assert.deepEqual(await validate(policy, resources, { region: "us-west-2" }), []);
            const inEuWest1 = await validate(policy, resources, { region: "eu-west-1" });
            assert.equal(inEuWest1.length, 1);
            assert.match(inEuWest1[0].message, /task role task-role lacks logs:CreateLogStream, logs:DescribeLogStreams, logs:PutLogEvents;/);
            assert.equal(inEuWest1[0].urn, `${URN}aws:ecs/service:Service::app`);
        });

        it("validates with CloudFormation in the configured region when no default provider is among the resources", async () => {
            const validator = cloudFormationValidator();
            const regions: string[] = [];
            const resources = [resource(SG, "validated-in", { description: "x" })];
            await patched(
                validator,
                "validate",
                async (_resources: RuleResource[], region: string) => {
                    regions.push(region);
                    return [];
                },
                async () => {
                    await validate(aws.cloudFormationErrors, resources, { region: "eu-west-1" });
                    await validate(aws.cloudFormationWarnings, [...resources], { region: "ap-south-1" });
                    await validate(aws.cloudFormationWarnings, [defaultProvider("us-west-2"), ...resources], { region: "ap-south-1" });
                },
            );
            assert.deepEqual(regions, ["eu-west-1", "ap-south-1", "us-west-2"]);
        });
    });

    describe("a resource's inputs, out of its state", () => {
        it("reads the SDK's input keys of a type, for aws and docker-build, and none for components", () => {
            assert.ok(aws.inputKeysOf("aws:ec2/securityGroup:SecurityGroup")?.has("description"));
            assert.equal(aws.inputKeysOf("aws:ec2/securityGroup:SecurityGroup")?.has("arn"), false);
            assert.ok(aws.inputKeysOf("docker-build:index:Image")?.has("context"));
            assert.equal(aws.inputKeysOf("shoestring:aws:Network"), undefined);
            assert.deepEqual([...(aws.inputKeysOf(VPC_LINK) ?? [])].sort(), ["name", "region", "securityGroupIds", "subnetIds", "tags"]);
        });

        it("reads a type's SDK once", () => {
            const first = aws.inputKeysOf("aws:sns/topic:Topic");
            assert.ok(first?.has("displayName"));
            assert.equal(aws.inputKeysOf("aws:sns/topic:Topic"), first, "the same set, from the cache");
        });

        it("reads no SDK for a token that is not a whole type, nor for the engine's own (pulumi:) types", () => {
            assert.equal(aws.inputKeysOf("X:aws:ec2/securityGroup:SecurityGroup"), undefined);
            assert.equal(aws.inputKeysOf("aws:ec2/securityGroup:SecurityGroup.v2"), undefined);
            assert.equal(aws.inputKeysOf("not a type"), undefined);
            // @pulumi/pulumi has a resource.js; a pulumi: type is not read from it.
            assert.equal(aws.inputKeysOf("pulumi:index:Resource"), undefined);
            assert.equal(aws.inputKeysOf("pulumi:providers:aws"), undefined);
            // A type newer than the installed SDK.
            assert.equal(aws.inputKeysOf("aws:future/widget:Widget"), undefined);
        });

        it("tells provider-managed types from components", () => {
            assert.equal(aws.isCustomType(SG), true);
            assert.equal(aws.isCustomType("docker-build:index:Image"), true);
            assert.equal(aws.isCustomType("pulumi:providers:aws"), true);
            assert.equal(aws.isCustomType("shoestring:aws:Network"), false);
            assert.equal(aws.isCustomType("pulumi:pulumi:Stack"), false);
            assert.equal(aws.isCustomType("random:index/randomId:RandomId"), false);
        });

        it("gives the rules each resource's inputs, state, parent, dependencies and region, without the root stack", () => {
            const stack = resource("pulumi:pulumi:Stack", "policy-test-unit", {});
            const network = resource("shoestring:aws:Network", "network", { vpcId: "vpc-0a0b0c0d0e0f01234" }, { parent: stack });
            const group = resource(SG, "link-sg", { id: "sg-0123456789abcdef0", arn: "arn:aws:ec2:us-west-2:123456789012:security-group/sg-0123456789abcdef0", name: "link-sg-0a1b2c3", description: "VPC link", vpcId: "vpc-0a0b0c0d0e0f01234", region: "us-west-2", tagsAll: {} }, { parent: network });
            const link = vpcLink({ id: "abc123", arn: "arn:aws:apigateway:us-west-2::/vpclinks/abc123", securityGroupIds: ["sg-0123456789abcdef0"] }, { parent: network, dependencies: [group], propertyDependencies: { securityGroupIds: [group], subnetIds: [] } });
            const context = aws.ruleContextOfResources([stack, defaultProvider("us-west-2"), network, group, link], US_EAST_1_SUBNET_CONFIG);
            assert.deepEqual(
                context.resources.map((r) => r.name),
                ["default_7_48_0", "network", "link-sg", "link"],
            );
            assert.equal(context.region, "us-west-2");
            assert.equal(context.lookups.subnets, US_EAST_1_SUBNET_CONFIG.subnets);
            assert.deepEqual(context.resources[1], { urn: network.urn, type: "shoestring:aws:Network", name: "network", inputs: { vpcId: "vpc-0a0b0c0d0e0f01234" }, outputs: { vpcId: "vpc-0a0b0c0d0e0f01234" }, parent: stack.urn, dependencies: [], propertyDependencies: {}, region: "us-west-2", custom: false });
            assert.deepEqual(context.resources[2].inputs, { description: "VPC link", vpcId: "vpc-0a0b0c0d0e0f01234" });
            assert.deepEqual(context.resources[2].outputs, group.props);
            assert.deepEqual(context.resources[3], {
                urn: link.urn,
                type: VPC_LINK,
                name: "link",
                inputs: { name: "link", subnetIds: [AZ3], securityGroupIds: ["sg-0123456789abcdef0"] },
                outputs: link.props,
                parent: network.urn,
                dependencies: [group.urn],
                propertyDependencies: { securityGroupIds: [group.urn], subnetIds: [] },
                region: "us-west-2",
                custom: true,
            });
            assert.equal(context.resources[0].custom, true);
            assert.deepEqual(aws.ruleContextOfResources([link]).lookups, { subnets: {} });
        });

        it("takes a resource without property dependencies as having none", () => {
            const link = vpcLink();
            delete (link as Partial<PolicyResource>).propertyDependencies;
            assert.deepEqual(converted([link], "link").propertyDependencies, {});
        });

        it("leaves out Pulumi's auto-names, and keeps names the program chose", () => {
            const group = (name: unknown) => resource(SG, "db-sg", { name, description: "x" });
            assert.deepEqual(inputsOf(group("db-sg-e0137b8")), { description: "x" });
            for (const chosen of ["db-sg", "db-sg-prod", "db-sg-e0137b", "db-sg-e0137b8f", "db-sg-e0137bg", "db-sg-E0137B8", "api-sg-e0137b8", "other-e0137b8", "e0137b8-db-sg", "db-sg--e0137b8"]) {
                assert.deepEqual(inputsOf(group(chosen)), { name: chosen, description: "x" }, chosen);
            }
            // An auto-name is judged against the resource's own name, in any property.
            assert.deepEqual(inputsOf(resource(SG, "web", { description: "web-1a2b3c4", name: "db-sg-e0137b8" })), { name: "db-sg-e0137b8" });
        });

        it("reads a list as long as an auto-name as a list", () => {
            const subnets = Array.from({ length: 10 }, (_, i) => `subnet-0a0b0c0d0e0f0000${i}`);
            assert.deepEqual(inputsOf(resource("aws:lb/loadBalancer:LoadBalancer", "lb", { subnets, loadBalancerType: "application" })), { subnets, loadBalancerType: "application" });
        });

        it("leaves out the engine's id, even where there are no SDK keys to go by", () => {
            assert.deepEqual(inputsOf(resource("aws:future/widget:Widget", "widget", { id: "w-0123", size: 3 })), { size: 3 });
            assert.deepEqual(inputsOf(resource("shoestring:aws:Network", "network", { id: "net", vpcId: "vpc-1" })), { vpcId: "vpc-1" });
        });

        it("leaves out a region that is the provider's own, and keeps one the program chose", () => {
            const group = (props: Record<string, unknown>, more: Partial<PolicyResource> = {}) => resource(SG, "sg", { description: "x", ...props }, more);
            assert.deepEqual(inputsOf(group({ region: "us-west-2" })), { description: "x" });
            assert.deepEqual(inputsOf(group({ region: "eu-west-1" })), { description: "x", region: "eu-west-1" });
            assert.deepEqual(inputsOf(group({ region: "eu-west-1" }, { provider: explicitProvider("eu-west-1") })), { description: "x" });
            assert.deepEqual(inputsOf(group({ region: "us-west-2" }, { provider: explicitProvider("eu-west-1") })), { description: "x", region: "us-west-2" });
            // Another input with the region's value is the program's.
            assert.deepEqual(inputsOf(group({ description: "us-west-2" })), { description: "us-west-2" });
            // Without SDK keys, a region is kept.
            assert.deepEqual(inputsOf(resource("shoestring:aws:Network", "network", { region: "us-west-2" })), { region: "us-west-2" });
        });

        it("leaves out the values the provider fills in: an RDS instance's port, a custom domain's hosted zone and target", () => {
            const db = resource("aws:rds/instance:Instance", "db", { engine: "postgres", port: 5432, instanceClass: "db.t4g.micro" });
            assert.deepEqual(inputsOf(db), { engine: "postgres", instanceClass: "db.t4g.micro" });
            assert.deepEqual(inputsOf(resource("aws:rds/subnetGroup:SubnetGroup", "db-subnets", { name: "db-subnets", subnetIds: ["subnet-1"] })), { name: "db-subnets", subnetIds: ["subnet-1"] });
            const configuration = { certificateArn: "arn:aws:acm:us-west-2:123456789012:certificate/x", endpointType: "REGIONAL", securityPolicy: "TLS_1_2" };
            const filled = { ...configuration, hostedZoneId: "Z2OJLYMUO9EFXC", targetDomainName: "d-abc123.execute-api.us-west-2.amazonaws.com" };
            const domain = (domainNameConfiguration?: unknown) => resource("aws:apigatewayv2/domainName:DomainName", "api", domainNameConfiguration === undefined ? { domainName: "api.example.com" } : { domainName: "api.example.com", domainNameConfiguration });
            assert.deepEqual(inputsOf(domain(filled)), { domainName: "api.example.com", domainNameConfiguration: configuration });
            assert.deepEqual(inputsOf(domain([filled, { ...filled, endpointType: "EDGE" }])), { domainName: "api.example.com", domainNameConfiguration: [configuration, { ...configuration, endpointType: "EDGE" }] });
            assert.deepEqual(inputsOf(domain(proxy.unknownStringValue)), { domainName: "api.example.com", domainNameConfiguration: "<unknown>" });
            assert.deepEqual(inputsOf(domain(null)), { domainName: "api.example.com", domainNameConfiguration: null });
            assert.deepEqual(inputsOf(domain()), { domainName: "api.example.com" });
            // The state itself is left as it was.
            assert.deepEqual(converted([domain(filled)], "api").outputs, { domainName: "api.example.com", domainNameConfiguration: filled });
        });
    });

    describe("computing once per stack", () => {
        it("builds the rules' view of the resources once for every policy given the same resources and config", async () => {
            let reads = 0;
            const props = {
                vpcId: "vpc-0a0b0c0d0e0f01234",
                get description() {
                    reads++;
                    return "counted";
                },
            };
            const resources = [resource(SG, "counted", props)];
            await validate(policyNamed("aws-ec2-security-group-description"), resources, { region: "us-west-2" });
            await validate(policyNamed("aws-ecs-task-family"), resources, { region: "us-west-2" });
            assert.equal(reads, 1);
            await validate(policyNamed("aws-ecs-task-family"), resources, { region: "eu-west-1" });
            assert.equal(reads, 2, "another config, another view");
        });

        it("runs the rules once for all the rule policies", async () => {
            const rule = ruleNamed("aws-ec2-security-group-description");
            let checks = 0;
            const check = rule.check;
            const resources = [resource(SG, "checked-once", { description: "a'b" })];
            await patched(
                rule,
                "check",
                (r: RuleResource, context) => {
                    checks++;
                    return check.call(rule, r, context);
                },
                async () => {
                    assert.equal((await validate(policyNamed(rule.id), resources)).length, 1);
                    assert.deepEqual(await validate(policyNamed("aws-ecs-task-family"), resources), []);
                    assert.equal((await validate(policyNamed(rule.id), resources)).length, 1);
                },
            );
            assert.equal(checks, 1);
        });

        it("runs the CloudFormation validator once for both its policies, and again after it failed", async () => {
            const validator = cloudFormationValidator();
            let calls = 0;
            const resources = [resource(SG, "validated-once", { description: "x" })];
            await patched(
                validator,
                "validate",
                async () => {
                    calls++;
                    if (calls === 1) {
                        throw new Error("validator down");
                    }
                    return [finding({ urn: resources[0].urn })];
                },
                async () => {
                    await assert.rejects(validate(aws.cloudFormationErrors, resources), /validator down/);
                    for (const policy of [aws.cloudFormationErrors, aws.cloudFormationWarnings, aws.cloudFormationErrors]) {
                        assert.equal((await validate(policy, resources)).length, policy === aws.cloudFormationErrors ? 1 : 0);
                    }
                },
            );
            assert.equal(calls, 2);
        });
    });
});

/**
 * The SSM Parameter Store rules (lib/aws-rules/rules/ssm.ts) on hand-built
 * resources: each refusal PutParameter documents, and the names and values
 * it takes.
 */
import assert from "node:assert/strict";
import { AWS_RULES, AwsRule, Finding, RuleResource, runRule, UNKNOWN_VALUE } from "../../../../lib/aws-rules";
import { SECRET_VALUE } from "../../../../lib/aws-rules/types";
import { PARAMETER_MAX_ARN_LENGTH, parameterArn, parameterArnLength, parameterNameProblems } from "../../../../lib/aws-rules/rules/ssm";

const rule = (id: string): AwsRule => {
    const found = AWS_RULES.find((r) => r.id === id);
    assert.ok(found, id);
    return found;
};

/** An SSM parameter as the rules see it, SecureString in the Standard tier unless told otherwise. */
function parameter(inputs: Record<string, unknown>, region = "us-west-2", name = "api-token"): RuleResource {
    return { urn: `urn:pulumi:dev::shop::aws:ssm/parameter:Parameter::${name}`, type: "aws:ssm/parameter:Parameter", name, inputs: { type: "SecureString", tier: "Standard", value: "s3cr3t", ...inputs }, dependencies: [], propertyDependencies: {}, region, custom: true };
}

function findings(id: string, resource: RuleResource): Finding[] {
    return runRule(rule(id), { resources: [resource], region: resource.region, lookups: { subnets: {} } });
}

const named = (name: unknown, region?: string) => findings("aws-ssm-parameter-name", parameter({ name }, region));

describe("lib/aws-rules/rules/ssm", () => {
    describe("aws-ssm-parameter-name", () => {
        it("passes the names the contract gives and the user guide's valid examples", () => {
            const fifteen = `/Level-1/${Array.from({ length: 13 }, (_, i) => `L${i + 2}`).join("/")}/parameter-name`;
            for (const name of ["/shop/dev/backend/API_TOKEN", "/shoestring/cheap/backend/DB_PASSWORD", "MyParameter1", "/MyParameter2", "/Dev/Production/East/Project-ABC/MyParameter", "a.b_c-d", fifteen, "/Awesome/x", "/x/aws"]) {
                assert.deepEqual(named(name), [], name);
            }
            assert.equal(fifteen.split("/").length - 1, 15);
        });

        it("refuses a space, a character outside a-zA-Z0-9_.-/, and says which", () => {
            for (const [name, shown] of [["/shop dev/x", '" "'], ["/shop/dev/API@TOKEN", '"@"'], ["/shop/dév", '"é"'], ["/shop/dev:x", '":"'], ["/shop/a b", '" "']]) {
                const found = named(name);
                assert.equal(found.length, 1, name);
                assert.deepEqual([found[0].property, found[0].value, found[0].level, found[0].effect], ["name", name, "error", "refused"]);
                assert.ok(found[0].message.includes(`has ${shown}`), found[0].message);
            }
        });

        it("passes spaces around a name, which SSM removes", () => {
            assert.deepEqual(named(" /shop/x "), []);
        });

        it("refuses a hierarchy without its leading slash, and empty levels", () => {
            assert.match(named("MyParameter3/L1")[0]?.message ?? "", /is a hierarchy without its leading "\/": .*\/MyParameter3\/L1/);
            for (const name of ["/shop//x", "/shop/x/", "/"]) {
                assert.match(named(name)[0]?.message ?? "", /has an empty hierarchy level/, name);
            }
        });

        it("refuses 16 levels and the user guide's 17, passes 15", () => {
            const levels = (n: number) => `/${Array.from({ length: n }, (_, i) => `l${i}`).join("/")}`;
            assert.deepEqual(named(levels(15)), []);
            assert.match(named(levels(16))[0]?.message ?? "", /has 16 hierarchy levels; at most 15/);
            assert.equal(named("/Level-1/L2/L3/L4/L5/L6/L7/L8/L9/L10/L11/L12/L13/L14/L15/L16/parameter-name").length, 1);
            // A name without "/" is one level.
            assert.deepEqual(named("a".repeat(900)), []);
        });

        it('refuses names prefixed with "aws" or "ssm" in any case, with or without the leading slash', () => {
            for (const name of ["awsTestParameter", "SSM-testparameter", "/aws/testparam1", "/AWS/x", "/ssm/x", "/Ssmx", "awsx"]) {
                assert.match(named(name)[0]?.message ?? "", /begins with "(aws|ssm)"/i, name);
            }
        });

        it("refuses a name whose ARN is over 1,011 characters, counting the Region's ARN prefix", () => {
            // arn:aws:ssm:us-west-2:123456789012:parameter/ is 45 characters, so 966 of name; ap-southeast-2 is 5 longer.
            assert.equal(parameterArnLength("/ExampleParameterName", "us-east-2"), 65);
            const fits = `/${"a".repeat(966)}`;
            assert.deepEqual(named(fits), []);
            const over = named(`/${"a".repeat(967)}`);
            assert.deepEqual(over.map((f) => f.value), ["1012 characters as an ARN"]);
            assert.match(over[0].message, /makes an ARN of 1012 characters in us-west-2; .* at most 1011/);
            assert.equal(named(fits, "ap-southeast-2").length, 1);
            assert.equal(parameterArnLength(`/${"a".repeat(966)}`, "us-west-2"), PARAMETER_MAX_ARN_LENGTH);
            // Over 2,048 characters is the CloudFormation validator's finding (F3033), not reported twice.
            assert.deepEqual(named(`/${"a".repeat(2048)}`), []);
        });

        it("judges Pulumi's auto-name when no name is set, and leaves unknown or empty names alone", () => {
            const auto = findings("aws-ssm-parameter-name", parameter({ name: undefined }, "us-west-2", "ssm-token"));
            assert.match(auto[0]?.message ?? "", /the auto-name ssm-token-a1b2c3d \(ssm-token, "-" and 7 random characters; no name is set\) begins with "ssm"/);
            assert.deepEqual(findings("aws-ssm-parameter-name", parameter({ name: undefined })), []);
            assert.deepEqual(named(UNKNOWN_VALUE), []);
            // The empty name is the validator's (F3033).
            assert.deepEqual(named(""), []);
            assert.deepEqual(named(42), []);
        });

        it("lists every reason of a name at once", () => {
            assert.equal(parameterNameProblems("aws/a b//c").length, 4);
            assert.deepEqual(parameterNameProblems("/shop/dev/backend/API_TOKEN"), []);
            assert.equal(parameterArn("/shop/x", "cn-north-1", "123456789012"), "arn:aws-cn:ssm:cn-north-1:123456789012:parameter/shop/x");
            assert.equal(parameterArn("x", "us-gov-west-1", "123456789012"), "arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/x");
        });
    });

    describe("aws-ssm-parameter-value", () => {
        const valued = (inputs: Record<string, unknown>) => findings("aws-ssm-parameter-value", parameter({ name: "/shop/dev/backend/API_TOKEN", ...inputs }));

        it("leaves a secret the offline record hides alone", () => {
            assert.deepEqual(valued({ type: "SecureString", value: SECRET_VALUE }), []);
            assert.equal(valued({ type: "String", value: undefined, insecureValue: "x".repeat(4097) }).length, 1, "a plain value is judged");
        });

        it("refuses an empty value, of any type, without showing a value", () => {
            for (const type of ["SecureString", "String"]) {
                const found = valued({ type, value: "" });
                assert.deepEqual(found.map((f) => [f.property, f.value, f.effect]), [["value", "0 characters", "refused"]], type);
                assert.match(found[0].message, /PutParameter refuses an empty value/);
            }
            assert.equal(valued({ value: undefined, insecureValue: "" })[0]?.property, "insecureValue");
            assert.equal(valued({ value: undefined, valueWo: "", valueWoVersion: 1 })[0]?.property, "valueWo");
        });

        it("refuses a Standard value over 4,096 characters (and no tier as Standard), an Advanced or Intelligent-Tiering one over 8,192", () => {
            assert.deepEqual(valued({ value: "x".repeat(4096) }), []);
            const over = valued({ value: "x".repeat(4097) });
            assert.deepEqual(over.map((f) => f.value), ["4097 characters"]);
            assert.match(over[0].message, /the tier is Standard, whose values are at most 4096 characters \(4 KB\).*Set tier Advanced/);
            assert.ok(!over[0].message.includes("xxxx"), "the value is not shown");
            assert.match(valued({ tier: undefined, value: "x".repeat(4097) })[0]?.message ?? "", /no tier is set, so the Region's default tier applies/);
            for (const tier of ["Advanced", "Intelligent-Tiering"]) {
                assert.deepEqual(valued({ tier, value: "x".repeat(8192) }), [], tier);
                assert.match(valued({ tier, value: "x".repeat(8193) })[0]?.message ?? "", /at most 8192 characters \(8 KB\)/, tier);
            }
        });

        it("passes a secret of ordinary size, and leaves unknown values and tiers the validator refuses alone", () => {
            assert.deepEqual(valued({}), []);
            assert.deepEqual(valued({ value: UNKNOWN_VALUE }), []);
            assert.deepEqual(valued({ value: undefined }), []);
            assert.deepEqual(valued({ tier: "Cheap", value: "x".repeat(9000) }), []);
            assert.deepEqual(valued({ tier: UNKNOWN_VALUE, value: "x".repeat(9000) }), []);
        });
    });
});

import assert from "node:assert/strict";
import { PARAMETER_MAX_ARN_LENGTH, parameterArn } from "../../lib/aws-rules/rules/ssm";
import { parameterNameProblem, parseSecretReference, secretNameProblem, STANDARD_PARAMETER_VALUE_MAX_BYTES, storedParameterValueProblem } from "../../lib/secret-references";

const REGION = "us-west-2";

describe("lib/secret-references", () => {
    describe("parseSecretReference", () => {
        it("reads parameters and secrets by name, in the stack's region", () => {
            assert.deepEqual(parseSecretReference("ssm:/team/api-token", REGION), { service: "ssm", by: "name", name: "/team/api-token" });
            assert.deepEqual(parseSecretReference("ssm:plain_name.v2", REGION), { service: "ssm", by: "name", name: "plain_name.v2" });
            assert.deepEqual(parseSecretReference("secretsmanager:prod/stripe+key@x=1", REGION), { service: "secretsmanager", by: "name", name: "prod/stripe+key@x=1" });
        });

        it("reads ARNs with their own region", () => {
            assert.deepEqual(parseSecretReference("arn:aws:ssm:eu-central-1:123456789012:parameter/team/token", REGION), { service: "ssm", by: "arn", arn: "arn:aws:ssm:eu-central-1:123456789012:parameter/team/token", region: "eu-central-1" });
            assert.deepEqual(parseSecretReference("arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:prod/db-AbC123", REGION), {
                service: "secretsmanager",
                by: "arn",
                arn: "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:prod/db-AbC123",
                region: "ap-southeast-2",
            });
        });

        const problem = (value: string): string => {
            const parsed = parseSecretReference(value, REGION);
            assert.ok("problem" in parsed, `${value} should be refused`);
            return parsed.problem;
        };

        it("refuses a value that says nothing of where the secret is", () => {
            assert.match(problem("hunter2"), /does not say where the secret is; allowed: ssm:<parameter name>, secretsmanager:<secret name>/);
            assert.match(problem("SSM:/x"), /does not say where/);
        });

        it("refuses ARNs of other services, other partitions, without the suffix, or with a JSON key", () => {
            assert.match(problem("arn:aws:s3:::bucket/key"), /is not the ARN of an SSM parameter/);
            assert.match(problem("arn:aws-cn:ssm:cn-north-1:123456789012:parameter/x"), /is not the ARN/);
            assert.match(problem("arn:aws:ssm:us-west-2:12345:parameter/x"), /is not the ARN/);
            assert.match(problem("arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db"), /is not the ARN/);
            assert.match(problem("arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf:password::"), /names a JSON key or version/);
        });

        it("checks the names inside references and ARNs", () => {
            assert.match(problem("ssm:team/token"), /is a hierarchy without its leading "\/"/);
            assert.match(problem("arn:aws:ssm:us-west-2:123456789012:parameter/a//b"), /empty hierarchy level/);
            // AWS's own public parameters may be read, not created.
            assert.deepEqual(parseSecretReference("ssm:/aws/service/global-infrastructure/current-region", REGION), { service: "ssm", by: "name", name: "/aws/service/global-infrastructure/current-region" });
            assert.match(problem("secretsmanager:has space"), /is not a secret name/);
            assert.match(problem("secretsmanager:"), /is not a secret name/);
        });
    });

    describe("parameterNameProblem", () => {
        it("takes names of up to 15 levels of letters, digits and _ . -", () => {
            assert.equal(parameterNameProblem("/a/b-c/d_e/f.g", REGION), undefined);
            assert.equal(parameterNameProblem(`/${Array.from({ length: 15 }, (_, i) => `l${i}`).join("/")}`, REGION), undefined);
            assert.match(parameterNameProblem(`/${Array.from({ length: 16 }, (_, i) => `l${i}`).join("/")}`, REGION) ?? "", /16 hierarchy levels; at most 15/);
        });

        it("refuses other characters, the reserved prefixes in any case, and empty levels", () => {
            assert.match(parameterNameProblem("/a b", REGION) ?? "", /a parameter name has only letters, digits/);
            assert.match(parameterNameProblem("/a$b", REGION) ?? "", /a parameter name has only letters, digits/);
            for (const name of ["awsx", "/AWS/x", "ssm-thing", "/SsM/y"]) {
                assert.match(parameterNameProblem(name, REGION, true) ?? "", /names prefixed with "aws" or "ssm" \(case-insensitive\) are reserved/, name);
                assert.equal(parameterNameProblem(name, REGION), undefined, `${name} may be read`);
            }
            assert.equal(parameterNameProblem("/my/aws", REGION, true), undefined);
            assert.match(parameterNameProblem("/a//b", REGION) ?? "", /empty hierarchy level/);
            assert.match(parameterNameProblem("/a/", REGION) ?? "", /empty hierarchy level/);
        });

        it("counts the ARN's prefix into the 1,011 characters", () => {
            const prefix = parameterArn("/", REGION, "123456789012").length - 1;
            const fits = `/${"a".repeat(PARAMETER_MAX_ARN_LENGTH - prefix - 1)}`;
            assert.equal(parameterArn(fits, REGION, "123456789012").length, PARAMETER_MAX_ARN_LENGTH);
            assert.equal(parameterNameProblem(fits, REGION), undefined);
            assert.match(parameterNameProblem(`${fits}a`, REGION) ?? "", /1012-character ARN; names are at most 1011/);
        });
    });

    it("secretNameProblem takes 1 to 512 characters", () => {
        assert.equal(secretNameProblem("a".repeat(512)), undefined);
        assert.match(secretNameProblem("a".repeat(513)) ?? "", /1 to 512/);
    });

    it("storedParameterValueProblem: 1 to 4,096 bytes, never quoting the value", () => {
        assert.equal(storedParameterValueProblem("x".repeat(STANDARD_PARAMETER_VALUE_MAX_BYTES)), undefined);
        assert.match(storedParameterValueProblem("é".repeat(2049)) ?? "", /4098-byte secret; a standard SSM parameter holds at most 4096 bytes/);
        assert.match(storedParameterValueProblem("") ?? "", /empty secret/);
        assert.ok(!(storedParameterValueProblem("z".repeat(5000)) ?? "").includes("zzz"));
    });
});

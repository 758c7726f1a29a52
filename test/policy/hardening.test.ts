/** The hardening policies (cdk-nag's and checkov's checks of the program's resource types): cases for each. */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type { EnforcementLevel } from "@pulumi/policy";
import * as hardening from "../../policy/src/hardening";
import { UNKNOWN } from "../../offline/record";
import { describeCases } from "./cases";
import { HARDENING_CASES } from "./hardening-cases";
import { check, copy, of, policyNamesOf, record, run } from "./programs";

/**
 * The module's policies and the level each reports at, written out (the
 * README's policy table; the rules each stands for are in policy/src/parity.ts):
 * mandatory where no stack may deploy the resource as it is, advisory where
 * a stack may acknowledge the trade-off.
 */
const LEVELS: Record<string, EnforcementLevel> = {
    "rds-multi-az": "advisory", // AwsSolutions-RDS3, CKV_AWS_157
    "rds-deletion-protection": "advisory", // AwsSolutions-RDS10, CKV_AWS_293
    "dsql-deletion-protection": "advisory", // no cdk-nag or checkov rule for Aurora DSQL; mirrors rds-deletion-protection
    "rds-backup-retention": "mandatory", // AwsSolutions-RDS13, CKV_AWS_133
    "rds-iam-authentication": "advisory", // CKV_AWS_161
    "rds-copy-tags-to-snapshot": "advisory", // CKV2_AWS_60
    "rds-auto-minor-version-upgrade": "advisory", // CKV_AWS_226
    "dynamodb-point-in-time-recovery": "advisory", // AwsSolutions-DDB3, CKV_AWS_28
    "ecr-immutable-tags": "advisory", // CKV_AWS_51
    "ecr-scan-on-push": "advisory", // CKV_AWS_163
    "ecs-container-insights": "advisory", // AwsSolutions-ECS4, CKV_AWS_65
    "ecs-container-logging": "mandatory", // AwsSolutions-ECS7
    "ecs-read-only-root-filesystem": "advisory", // CKV_AWS_336
    "ecs-no-privileged-containers": "mandatory", // CKV_AWS_334
    "ecs-no-public-ip": "advisory", // CKV_AWS_333
    "alb-drop-invalid-headers": "advisory", // CKV_AWS_131
    "alb-access-logs": "advisory", // AwsSolutions-ELB2, CKV_AWS_91
    "cloudfront-waf": "advisory", // AwsSolutions-CFR2, CKV_AWS_68
    "cloudfront-access-logging": "advisory", // AwsSolutions-CFR3, CKV_AWS_86
    "cloudfront-origin-https-only": "mandatory", // AwsSolutions-CFR5, CKV2_AWS_54, CKV2_AWS_72
    "cloudfront-security-headers": "advisory", // CKV2_AWS_32
    "api-route-authorization": "advisory", // AwsSolutions-APIG4, CKV_AWS_309
    "security-group-rule-descriptions": "advisory", // AwsSolutions-EC27, CKV_AWS_23
    "s3-tls-only": "mandatory", // AwsSolutions-S10
    "s3-access-logging": "advisory", // AwsSolutions-S1, CKV_AWS_18
};
const NAMES = Object.keys(LEVELS);

const S3_TLS = "s3-tls-only";
const S3_LOGGING = "s3-access-logging";
const TLS_ONLY = (arn: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }] });
const urnOf = (r: { resources: { name: string; urn: string }[] }, name: string) => r.resources.find((x) => x.name === name)!.urn;

describe("policy/src/hardening", () => {
    describeCases(hardening);

    it("exports the 25 hardening policies", () => {
        assert.deepEqual(policyNamesOf(hardening).sort(), [...NAMES].sort());
    });

    describe("reports at its enforcement level", () => {
        for (const name of NAMES) {
            it(name, async () => {
                const found = of(await check(await record(HARDENING_CASES[name].violating[0].program), [name]), name);
                assert.ok(found.length > 0, `${name} reports its first violating case`);
                assert.deepEqual([...new Set(found.map((v) => v.level))], [LEVELS[name]]);
            });
        }
    });

    it("looks only at the resource types it checks", async () => {
        // An IAM role (no description, no multiAz, no settings...) is none of them.
        const r = await run(() => void new aws.iam.Role("role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }));
        assert.deepEqual(await check(r, NAMES), []);
    });

    it("reports each resource property check on the resource, by its name and type", async () => {
        const r = await run(() => {
            new aws.ecr.Repository("good", { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true } });
            new aws.ecr.Repository("bad", { imageTagMutability: "MUTABLE", imageScanningConfiguration: { scanOnPush: true } });
        });
        const found = of(await check(r, ["ecr-immutable-tags"]), "ecr-immutable-tags");
        assert.deepEqual(
            found.map((v) => [v.urn, v.message]),
            [[urnOf(r, "bad"), `bad (aws:ecr/repository:Repository) has mutable tags. ${hardening.ecrImmutableTags.remediationSteps}`]],
        );
    });

    describe("S3 buckets, each with its own policy and logging", () => {
        it("reports the bucket without them, not the one beside it with them", async () => {
            const r = await run(() => {
                const site = new aws.s3.Bucket("site", {});
                new aws.s3.Bucket("assets", {});
                new aws.s3.BucketPolicy("site-policy", { bucket: site.id, policy: site.arn.apply(TLS_ONLY) });
                new aws.s3.BucketLogging("site-logging", { bucket: site.id, targetBucket: "logs", targetPrefix: "site/" });
            });
            const found = await check(r, [S3_TLS, S3_LOGGING]);
            assert.deepEqual(
                found.map((v) => [v.policy, v.urn, v.message]),
                [
                    [S3_TLS, urnOf(r, "assets"), `bucket assets accepts requests without TLS. ${hardening.s3TlsOnly.remediationSteps}`],
                    [S3_LOGGING, urnOf(r, "assets"), `bucket assets writes no access logs. ${hardening.s3AccessLogging.remediationSteps}`],
                ],
            );
        });

        it("finds a new bucket's policy and logging by its name while its id is unknown (a preview)", async () => {
            const r = copy(
                await run(() => {
                    const site = new aws.s3.Bucket("site", { bucket: "shoestring-site" });
                    // By the literal name (no dependency on the bucket's outputs).
                    new aws.s3.BucketPolicy("site-policy", { bucket: "shoestring-site", policy: TLS_ONLY("arn:aws:s3:::shoestring-site") }, { dependsOn: site });
                    new aws.s3.BucketLogging("site-logging", { bucket: "shoestring-site", targetBucket: "logs", targetPrefix: "site/" }, { dependsOn: site });
                }),
            );
            const site = r.resources.find((x) => x.name === "site")!;
            assert.equal(site.outputs.id, "shoestring-site");
            site.outputs.id = UNKNOWN;
            assert.deepEqual(await check(r, [S3_TLS, S3_LOGGING]), []);
        });

        it("waits for a bucket policy that is unknown during a preview, and reports a bucket with none", async () => {
            const r = await run(() => {
                const role = new aws.iam.Role("reader", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
                const site = new aws.s3.Bucket("site", {});
                new aws.s3.Bucket("bare", {});
                // The role's creation date is only known once it exists.
                new aws.s3.BucketPolicy("site-policy", { bucket: site.id, policy: role.createDate.apply(() => TLS_ONLY("arn:aws:s3:::site")) });
            }, true);
            const policy = r.resources.find((x) => x.name === "site-policy")!;
            assert.equal(policy.inputs.policy, UNKNOWN, "the document is unknown in the preview");
            const found = of(await check(r, [S3_TLS]), S3_TLS);
            assert.deepEqual(
                found.map((v) => v.urn),
                [urnOf(r, "bare")],
            );
        });
    });

    describe("deniesInsecureTransport", () => {
        const deny = (statement: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } }, ...statement }] });
        it("is true for a Deny of s3:* or * when aws:SecureTransport is false", () => {
            assert.equal(hardening.deniesInsecureTransport(deny({})), true);
            assert.equal(hardening.deniesInsecureTransport(JSON.stringify(deny({ Action: "*" }))), true);
            assert.equal(hardening.deniesInsecureTransport(deny({ Action: ["s3:GetObject", "s3:*"] })), true);
        });
        it("is false for an Allow, other actions, aws:SecureTransport true, or another condition", () => {
            assert.equal(hardening.deniesInsecureTransport(deny({ Effect: "Allow" })), false);
            assert.equal(hardening.deniesInsecureTransport(deny({ Action: ["s3:GetObject"] })), false);
            assert.equal(hardening.deniesInsecureTransport(deny({ Condition: { Bool: { "aws:SecureTransport": "true" } } })), false);
            assert.equal(hardening.deniesInsecureTransport(deny({ Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0a0b0c0d0e0f01234" } } })), false);
            assert.equal(hardening.deniesInsecureTransport(deny({ Condition: undefined })), false);
        });
    });
});

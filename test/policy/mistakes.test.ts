import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as mistakes from "../../policy/src/mistakes";
import { s3PublicAccessBlocked } from "../../policy/src/security";
import { resourcesOfType, StackRecord } from "../../offline/record";
import { describeCases, loadBalancer } from "./cases";
import { Violation } from "./harness";
import { app, CACHING_OPTIMIZED, check, of, policyNamed, Program, record, run, site, US_EAST_1_CERTIFICATE, US_WEST_2_CERTIFICATE, checkCore } from "./programs";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

/** Runs the whole pack over a program and returns its violations. */
async function violations(program: Program): Promise<Violation[]> {
    return checkCore(await record(program));
}

/** Asserts that the named policies (and only those, when `only`) report, each message naming its remediation. */
function assertReports(found: Violation[], names: string[], only = false): void {
    for (const name of names) {
        const mine = of(found, name);
        assert.ok(mine.length > 0, `${name} is reported; got: ${found.map((v) => v.policy).join(", ") || "nothing"}`);
        for (const v of mine) {
            assert.equal(v.level, "mandatory");
            assert.ok(v.message.includes(policyNamed(name).remediationSteps!), `${name}'s message names its remediation: ${v.message}`);
        }
    }
    if (only) {
        assert.deepEqual([...new Set(found.map((v) => v.policy))].sort(), [...names].sort());
    }
}

const distribution = (r: StackRecord): Obj => resourcesOfType(r, "aws:cloudfront/distribution:Distribution")[0].inputs;

describe("policy/src/mistakes", () => {
    describeCases(mistakes);

    describe("the write-up's mistakes, reproduced and fixed", () => {
        it("the fixed site passes the whole pack (the hardening policies aside)", async () => {
            assert.deepEqual(await violations(site()), []);
        });

        describe("(a) CloudFront on the S3 website endpoint, with a public bucket", () => {
            for (const publicAccess of ["open", "missing"] as const) {
                it(`reports the origin and the bucket (public access block ${publicAccess === "open" ? "all false" : "missing"})`, async () => {
                    const r = await record(site({ origin: "website", publicAccess }));
                    const origin = (distribution(r).origins as Obj[])[0];
                    assert.match(origin.domainName, /^site-[0-9a-f]+\.s3-website-us-west-2\.amazonaws\.com$/);
                    assert.ok(origin.customOriginConfig);
                    const found = await checkCore(r);
                    assertReports(found, ["cloudfront-s3-origin-uses-oac", "s3-public-access-blocked"], true);
                    assert.match(of(found, "cloudfront-s3-origin-uses-oac")[0].message, /^distribution site uses the S3 website endpoint site-[0-9a-f]+\.s3-website-us-west-2\.amazonaws\.com, which forces a public bucket\./);
                    assert.ok(of(found, "s3-public-access-blocked")[0].message.includes(s3PublicAccessBlocked.remediationSteps!));
                });
            }

            it("the fix (REST endpoint, Origin Access Control, private bucket) passes both", async () => {
                const r = await record(site());
                assert.ok((distribution(r).origins as Obj[])[0].originAccessControlId);
                const found = await check(r, ["cloudfront-s3-origin-uses-oac", "s3-public-access-blocked"]);
                assert.deepEqual(found, []);
            });
        });

        describe("(b) an ACM certificate and no alternate domain names", () => {
            it("reports cloudfront-custom-certificate-has-aliases", async () => {
                const found = await violations(site({ aliases: [] }));
                assertReports(found, ["cloudfront-custom-certificate-has-aliases"], true);
                assert.equal(of(found, "cloudfront-custom-certificate-has-aliases").length, 1);
            });

            it("the fix (the host name as alias) passes", async () => {
                const r = await record(site());
                assert.deepEqual(distribution(r).aliases, ["app.example.com"]);
                assert.deepEqual(await check(r, ["cloudfront-custom-certificate-has-aliases"]), []);
            });
        });

        describe("(c) a us-west-2 certificate on CloudFront", () => {
            it("reports cloudfront-certificate-in-us-east-1", async () => {
                const r = await record(site({ certificate: { arn: US_WEST_2_CERTIFICATE } }));
                assert.equal(distribution(r).viewerCertificate.acmCertificateArn, US_WEST_2_CERTIFICATE);
                const found = await checkCore(r);
                assertReports(found, ["cloudfront-certificate-in-us-east-1"], true);
                assert.match(of(found, "cloudfront-certificate-in-us-east-1")[0].message, /^distribution site uses a certificate from us-west-2\./);
            });

            it("the fix (a certificate through a us-east-1 provider) passes", async () => {
                const r = await record(site());
                assert.match(distribution(r).viewerCertificate.acmCertificateArn, /^arn:aws:acm:us-east-1:/);
                assert.deepEqual(await check(r, ["cloudfront-certificate-in-us-east-1"]), []);
                assert.deepEqual(await violations(site({ certificate: { arn: US_EAST_1_CERTIFICATE } })), []);
            });
        });

        describe("(d) no default root object", () => {
            it("reports cloudfront-default-root-object", async () => {
                const r = await record(site({ defaultRootObject: null }));
                assert.equal(distribution(r).defaultRootObject, undefined);
                assertReports(await checkCore(r), ["cloudfront-default-root-object"], true);
            });

            it("the fix (index.html) passes", async () => {
                const r = await record(site());
                assert.equal(distribution(r).defaultRootObject, "index.html");
                assert.deepEqual(await check(r, ["cloudfront-default-root-object"]), []);
            });
        });

        describe("(e) index.html cached", () => {
            it("reports a distribution without an /index.html behaviour", async () => {
                const found = await violations(site({ index: "missing" }));
                assertReports(found, ["cloudfront-index-not-cached"], true);
                assert.match(of(found, "cloudfront-index-not-cached")[0].message, /^distribution site \(aws:cloudfront\/distribution:Distribution\) caches index.html\./);
                assert.ok(of(found, "cloudfront-index-not-cached")[0].urn?.endsWith("::aws:cloudfront/distribution:Distribution::site"), "points at the distribution");
            });

            it("reports a default behaviour whose cache policy has a minimum TTL above 0", async () => {
                const found = await violations(site({ defaultCache: { minTtl: 60, defaultTtl: 86400, maxTtl: 31536000 } }));
                assertReports(found, ["cloudfront-index-not-cached"], true);
                assert.match(of(found, "cloudfront-index-not-cached")[0].message, /serves "\/" \(index.html\) with a minimum TTL of 60 s, which overrides no-cache\./);
            });

            // Known false passes (see the report): the policy knows the TTLs of
            // the managed CachingDisabled policy and of cache policies in the
            // stack, not those of the other managed policies, and then says nothing.
            it("reports the managed CachingOptimized policy (minTtl 1 s) on the default behaviour", async () => {
                assertReports(await violations(site({ defaultCache: { managed: CACHING_OPTIMIZED } })), ["cloudfront-index-not-cached"]);
            });
            it("reports the managed CachingOptimized policy on the /index.html behaviour", async () => {
                assertReports(await violations(site({ index: { managed: CACHING_OPTIMIZED } })), ["cloudfront-index-not-cached"]);
            });

            it("the fix (/index.html with CachingDisabled, default minTtl 0) passes", async () => {
                const r = await record(site());
                const index = (distribution(r).orderedCacheBehaviors as Obj[]).find((b) => b.pathPattern === "/index.html");
                assert.equal(index?.cachePolicyId, mistakes.CACHING_DISABLED);
                assert.equal(resourcesOfType(r, "aws:cloudfront/cachePolicy:CachePolicy")[0].inputs.minTtl, 0);
                assert.deepEqual(await check(r, ["cloudfront-index-not-cached"]), []);
            });
        });

        describe("(g) an execution role without AmazonECSTaskExecutionRolePolicy", () => {
            it("reports ecs-execution-role-can-pull-from-ecr", async () => {
                const r = await record(app({ execution: "nothing" }));
                assert.equal(resourcesOfType(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
                assert.equal(resourcesOfType(r, "aws:iam/role:Role").filter((role) => role.name === "execution").length, 1);
                const found = await checkCore(r);
                assertReports(found, ["ecs-execution-role-can-pull-from-ecr"], true);
                assert.ok(of(found, "ecs-execution-role-can-pull-from-ecr")[0].urn?.endsWith("::aws:ecs/taskDefinition:TaskDefinition::task"));
                assert.match(mistakes.ecsExecutionRoleCanPullFromEcr.remediationSteps!, /arn:aws:iam::aws:policy\/service-role\/AmazonECSTaskExecutionRolePolicy/);
            });

            it("the fix (the managed policy attached) passes the whole pack (the hardening policies aside)", async () => {
                const r = await record(app());
                assert.deepEqual(
                    resourcesOfType(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn),
                    [mistakes.TASK_EXECUTION_POLICY],
                );
                assert.deepEqual(await checkCore(r), []);
            });
        });
    });

    describe("ecs-execution-role-can-pull-from-ecr: other ways to grant the pull", () => {
        const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
        const pull = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: mistakes.ECR_PULL_ACTIONS, Resource: "*" }] });
        const task = (executionRoleArn: pulumi.Input<string>) =>
            new aws.ecs.TaskDefinition("task", { family: "f", taskRoleArn: "arn:aws:iam::123456789012:role/app", executionRoleArn, containerDefinitions: "[]", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512" });
        const pulls = async (program: () => void) => of(await check(await run(program), ["ecs-execution-role-can-pull-from-ecr"]), "ecs-execution-role-can-pull-from-ecr");

        it("accepts the managed policy in the role's managedPolicyArns", async () => {
            assert.deepEqual(await pulls(() => void task(new aws.iam.Role("exec", { assumeRolePolicy: trust, managedPolicyArns: [mistakes.TASK_EXECUTION_POLICY] }).arn)), []);
        });

        it("checks the role the task definition names, not another role's attachment", async () => {
            const found = await pulls(() => {
                const other = new aws.iam.Role("other", { assumeRolePolicy: trust });
                new aws.iam.RolePolicyAttachment("other-managed", { role: other.name, policyArn: mistakes.TASK_EXECUTION_POLICY });
                task(new aws.iam.Role("exec", { assumeRolePolicy: trust }).arn);
            });
            assert.equal(found.length, 1);
            assert.match(found[0].message, /the execution role exec of task/);
        });

        // Known false violations (see the report).
        it("accepts a customer-managed aws.iam.Policy with the ECR actions, attached to the role", async () => {
            assert.deepEqual(
                await pulls(() => {
                    const role = new aws.iam.Role("exec", { assumeRolePolicy: trust });
                    new aws.iam.RolePolicyAttachment("exec-pull", { role: role.name, policyArn: new aws.iam.Policy("pull", { policy: pull }).arn });
                    task(role.arn);
                }),
                [],
            );
        });
        it("accepts the ECR actions in the role's inlinePolicies", async () => {
            assert.deepEqual(await pulls(() => void task(new aws.iam.Role("exec", { assumeRolePolicy: trust, inlinePolicies: [{ name: "pull", policy: pull }] }).arn)), []);
        });
        it("accepts IAM wildcards that cover the actions (ecr:Get*, ecr:BatchGet*)", async () => {
            assert.deepEqual(
                await pulls(() => {
                    const role = new aws.iam.Role("exec", { assumeRolePolicy: trust });
                    new aws.iam.RolePolicy("exec-pull", { role: role.name, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["ecr:Get*", "ecr:BatchGet*"], Resource: "*" }] }) });
                    task(role.arn);
                }),
                [],
            );
        });
    });

    describe("alb-http-redirects-to-https", () => {
        it("passes an HTTPS listener and a TCP listener (not plain HTTP)", async () => {
            const r = await run(() => loadBalancer([{ port: 443, protocol: "HTTPS", action: "forward", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }, { port: 8443, protocol: "TCP", action: "forward" }]));
            assert.deepEqual(await check(r, ["alb-http-redirects-to-https"]), []);
        });

        // Known false pass (see the report): protocol defaults to HTTP on an ALB.
        it("reports a listener that leaves protocol to its default (HTTP) and forwards", async () => {
            const r = await run(() => loadBalancer([{ port: 80, action: "forward" }]));
            assert.equal(of(await check(r, ["alb-http-redirects-to-https"]), "alb-http-redirects-to-https").length, 1);
        });
    });

    describe("which origins count as S3", () => {
        const origin = (domainName: string) => () =>
            void new aws.cloudfront.Distribution("d", {
                enabled: true,
                origins: [{ originId: "o", domainName, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }],
                defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "o", viewerProtocolPolicy: "https-only", cachePolicyId: mistakes.CACHING_DISABLED },
                restrictions: { geoRestriction: { restrictionType: "none" } },
                viewerCertificate: { cloudfrontDefaultCertificate: true },
                defaultRootObject: "index.html",
                customErrorResponses: [403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: "/index.html" })),
                orderedCacheBehaviors: [{ pathPattern: "/index.html", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "o", viewerProtocolPolicy: "https-only", cachePolicyId: mistakes.CACHING_DISABLED }],
            });
        for (const [domain, expected] of [
            ["site.s3-website.eu-central-1.amazonaws.com", /uses the S3 website endpoint/],
            ["site.s3.amazonaws.com", /reads site.s3.amazonaws.com without Origin Access Control/],
            ["site.s3.us-west-2.amazonaws.com", /without Origin Access Control/],
            ["site.s3-us-west-2.amazonaws.com", /without Origin Access Control/],
        ] as const) {
            it(`treats ${domain} as S3`, async () => {
                const found = of(await check(await run(origin(domain)), ["cloudfront-s3-origin-uses-oac"]), "cloudfront-s3-origin-uses-oac");
                assert.equal(found.length, 1);
                assert.match(found[0].message, expected);
            });
        }
        it("does not treat an API or load balancer origin as S3", async () => {
            for (const domain of ["abc.execute-api.us-west-2.amazonaws.com", "lb-123.us-west-2.elb.amazonaws.com"]) {
                assert.deepEqual(await check(await run(origin(domain)), ["cloudfront-s3-origin-uses-oac", "cloudfront-default-root-object", "cloudfront-spa-error-responses", "cloudfront-index-not-cached"]), []);
            }
        });
    });
});

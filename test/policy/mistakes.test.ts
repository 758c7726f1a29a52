import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as mistakes from "../../policy/src/mistakes";
import { s3PublicAccessBlocked } from "../../policy/src/security";
import { RecordedResource, resourcesOfType, StackRecord, UNKNOWN } from "../../offline/record";
import { CASES, describeCases, loadBalancer } from "./cases";
import { Violation } from "./harness";
import { app, CACHING_OPTIMIZED, check, copy, of, policyNamed, policyNamesOf, Program, record, run, site, US_EAST_1_CERTIFICATE, US_WEST_2_CERTIFICATE, checkCore } from "./programs";

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

/** The one resource of a type and name in a record. */
function resource(r: StackRecord, type: string, name: string): RecordedResource {
    const [found, ...more] = resourcesOfType(r, type).filter((x) => x.name === name);
    assert.ok(found && more.length === 0, `one ${type} named ${name}`);
    return found;
}

/** The messages (up to the remediation) of one policy's violations. */
async function messages(r: StackRecord, name: string): Promise<string[]> {
    const text = policyNamed(name).remediationSteps!;
    return of(await check(r, [name]), name).map((v) => (v.message.endsWith(` ${text}`) ? v.message.slice(0, -text.length - 1) : v.message));
}

const CLOUDFRONT_POLICIES = ["cloudfront-s3-origin-uses-oac", "cloudfront-custom-certificate-has-aliases", "cloudfront-certificate-in-us-east-1", "cloudfront-default-root-object", "cloudfront-spa-error-responses", "cloudfront-index-not-cached"];

// --- Cache behaviours beyond what site() builds ---------------------------------

/** The messages of cloudfront-index-not-cached for distribution "site". */
const CACHES_INDEX = "distribution site (aws:cloudfront/distribution:Distribution) caches index.html.";
const minimumTtl = (seconds: number) => `distribution site (aws:cloudfront/distribution:Distribution) serves "/" (index.html) with a minimum TTL of ${seconds} s, which overrides no-cache.`;

/** A cache policy id no AWS managed policy and no resource of the stack has (one made in another stack). */
const OUTSIDE_CACHE_POLICY = "0e0c5a1e-7777-4888-9999-000011112222";
/** The legacy cache settings (no cache policy): forward no query string and no cookies. */
const FORWARD_NOTHING = { queryString: false, cookies: { forward: "none" } };

type CacheSettings = Pick<aws.types.input.cloudfront.DistributionOrderedCacheBehavior, "cachePolicyId" | "forwardedValues" | "minTtl" | "defaultTtl" | "maxTtl" | "responseHeadersPolicyId">;

/** A cache policy resource with these TTLs (each left out to CloudFront's default when absent); its id. */
function ttlPolicy(name: string, ttl: { minTtl?: number; defaultTtl?: number; maxTtl?: number }): pulumi.Output<string> {
    return new aws.cloudfront.CachePolicy(name, {
        ...ttl,
        parametersInCacheKeyAndForwardedToOrigin: { cookiesConfig: { cookieBehavior: "none" }, headersConfig: { headerBehavior: "none" }, queryStringsConfig: { queryStringBehavior: "none" } },
    }).id;
}

/** The site's S3 distribution (REST endpoint with OAC, root object, SPA errors) with these cache behaviours. */
function s3Distribution(fallback: CacheSettings, ordered: ({ pathPattern: string } & CacheSettings)[]): void {
    const bucket = new aws.s3.Bucket("site", {});
    const oac = new aws.cloudfront.OriginAccessControl("site-oac", { originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
    const behaviour = { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "site", viewerProtocolPolicy: "redirect-to-https" };
    new aws.cloudfront.Distribution("site", {
        enabled: true,
        defaultRootObject: "index.html",
        origins: [{ originId: "site", domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
        defaultCacheBehavior: { ...behaviour, ...fallback },
        orderedCacheBehaviors: ordered.map((b) => ({ ...behaviour, ...b })),
        customErrorResponses: [403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: "/index.html" })),
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { cloudfrontDefaultCertificate: true },
    });
}

/** A copy of a record whose cache policies do not carry their ids (the distribution still names them). */
function withoutCachePolicyIds(r: StackRecord): StackRecord {
    const changed = copy(r);
    for (const policy of resourcesOfType(changed, "aws:cloudfront/cachePolicy:CachePolicy")) {
        delete policy.inputs.id;
        delete policy.outputs.id;
    }
    return changed;
}

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

            it("passes no aliases with an empty certificate ARN (no custom certificate)", async () => {
                assert.deepEqual(await check(await record(site({ certificate: { arn: "" }, aliases: [] })), ["cloudfront-custom-certificate-has-aliases"]), []);
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

        it("reports an empty or null executionRoleArn as no execution role", async () => {
            const none = /^task definition task \(aws:ecs\/taskDefinition:TaskDefinition\) has no execution role, so ECS cannot pull its image from ECR\./;
            const empty = await pulls(() => void task(""));
            assert.equal(empty.length, 1);
            assert.match(empty[0].message, none);
            const r = copy(await record(app({ execution: "none" })));
            resource(r, "aws:ecs/taskDefinition:TaskDefinition", "task").inputs.executionRoleArn = null;
            const found = of(await check(r, ["ecs-execution-role-can-pull-from-ecr"]), "ecs-execution-role-can-pull-from-ecr");
            assert.equal(found.length, 1);
            assert.match(found[0].message, none);
        });

        it("judges a role of the stack named by its ARN written out (no dependency on the role)", async () => {
            const found = await pulls(() => {
                new aws.iam.Role("exec", { name: "exec", assumeRolePolicy: trust });
                task("arn:aws:iam::123456789012:role/exec");
            });
            assert.equal(found.length, 1);
            assert.match(found[0].message, /^the execution role exec of task \(aws:ecs\/taskDefinition:TaskDefinition\) cannot pull from ECR\./);
        });

        it("does not take a statement that denies the ECR actions for a grant", async () => {
            const found = await pulls(() => {
                const role = new aws.iam.Role("exec", { assumeRolePolicy: trust });
                new aws.iam.RolePolicy("exec-deny", { role: role.name, policy: JSON.stringify({ Statement: [{ Effect: "Deny", Action: mistakes.ECR_PULL_ACTIONS, Resource: "*" }] }) });
                task(role.arn);
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

        const listener = (props: Omit<aws.lb.ListenerArgs, "loadBalancerArn">) => () => {
            const lb = new aws.lb.LoadBalancer("lb", { loadBalancerType: "application", subnets: ["subnet-0a0b0c0d0e0f0000a", "subnet-0a0b0c0d0e0f0000b"] });
            new aws.lb.Listener("listener", { loadBalancerArn: lb.arn, ...props });
        };
        const targetGroupArn = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/app/0123456789abcdef";
        const verdicts = async (program: () => void) => messages(await run(program), "alb-http-redirects-to-https");

        it("passes a listener with a certificate and no protocol (not plain HTTP)", async () => {
            assert.deepEqual(await verdicts(listener({ port: 443, certificateArn: "arn:aws:acm:us-west-2:123456789012:certificate/aaaaaaaa-1111-4222-8333-444444444444", defaultActions: [{ type: "forward", targetGroupArn }] })), []);
        });

        it("reports an HTTP listener without default actions (nothing redirects)", async () => {
            assert.deepEqual(await verdicts(listener({ port: 80, protocol: "HTTP", defaultActions: [] })), ["listener listener serves plain HTTP."]);
        });

        it("reports a forward action with a redirect block left over (the type decides)", async () => {
            const defaultActions = [{ type: "forward", targetGroupArn, redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];
            assert.deepEqual(await verdicts(listener({ port: 80, protocol: "HTTP", defaultActions })), ["listener listener serves plain HTTP."]);
        });

        // Known false pass (see the report): protocol defaults to HTTP on an ALB.
        it("reports a listener that leaves protocol to its default (HTTP) and forwards", async () => {
            const r = await run(() => loadBalancer([{ port: 80, action: "forward" }]));
            assert.equal(of(await check(r, ["alb-http-redirects-to-https"]), "alb-http-redirects-to-https").length, 1);
        });
    });

    describe("which origins count as S3", () => {
        it("does not read a domainName that is not a string (a malformed input) as an S3 host", async () => {
            const r = copy(await record(site({ origin: "rest-no-oac" })));
            const origin = (distribution(r).origins as Obj[])[0];
            origin.domainName = [origin.domainName];
            assert.deepEqual(await check(r, CLOUDFRONT_POLICIES), []);
        });

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
        it("does not treat an API, a load balancer, or a host that only starts like S3 as S3", async () => {
            for (const domain of ["abc.execute-api.us-west-2.amazonaws.com", "lb-123.us-west-2.elb.amazonaws.com", "site.s3.amazonaws.com.mirror.example.com"]) {
                assert.deepEqual(await check(await run(origin(domain)), ["cloudfront-s3-origin-uses-oac", "cloudfront-default-root-object", "cloudfront-spa-error-responses", "cloudfront-index-not-cached"]), []);
            }
        });
    });
    it("each of the write-up's mistakes blocks the deploy (reported as mandatory)", async () => {
        for (const name of policyNamesOf(mistakes)) {
            const found = of(await check(await record(CASES[name].violating[0].program), [name]), name);
            assert.ok(found.length > 0, `${name} reports its first violating case`);
            assert.deepEqual([...new Set(found.map((v) => v.level))], ["mandatory"], name);
        }
    });

    it("checks CloudFront distributions only, not another type's resource with the same properties", async () => {
        const r = await record(site({ origin: "website", aliases: [], certificate: { arn: US_WEST_2_CERTIFICATE }, defaultRootObject: null, errorResponses: "none", index: "missing" }));
        assert.deepEqual([...new Set((await check(r, CLOUDFRONT_POLICIES)).map((v) => v.policy))].sort(), [...CLOUDFRONT_POLICIES].sort());
        const other = copy(r);
        resource(other, "aws:cloudfront/distribution:Distribution", "site").type = "aws:lightsail/distribution:Distribution";
        assert.deepEqual(await check(other, CLOUDFRONT_POLICIES), []);
    });

    describe("AWS's managed cache policies", () => {
        // Ids, names and TTLs as AWS documents them:
        // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
        const DOCUMENTED = {
            "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": { name: "CachingDisabled", min: 0, max: 0 },
            "658327ea-f89d-4fab-a63d-7e88639e58f6": { name: "CachingOptimized", min: 1, max: 31536000 },
            "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": { name: "CachingOptimizedForUncompressedObjects", min: 1, max: 31536000 },
        };
        const UNCOMPRESSED = "b2884449-e4de-46a7-ac36-70bc7f1ddd6d";

        it("knows the ids, names and TTLs AWS documents", () => {
            assert.deepEqual(mistakes.MANAGED_CACHE_POLICIES, DOCUMENTED);
            assert.equal(mistakes.CACHING_DISABLED, "4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        });

        it("reports CachingOptimizedForUncompressedObjects (minTtl 1 s) on the default behaviour and on /index.html", async () => {
            assert.deepEqual(await messages(await record(site({ defaultCache: { managed: UNCOMPRESSED } })), "cloudfront-index-not-cached"), [minimumTtl(1)]);
            assert.deepEqual(await messages(await record(site({ index: { managed: UNCOMPRESSED } })), "cloudfront-index-not-cached"), [CACHES_INDEX]);
        });

        it("passes CachingDisabled on the default behaviour too", async () => {
            assert.deepEqual(await check(await record(site({ defaultCache: { managed: mistakes.CACHING_DISABLED } })), ["cloudfront-index-not-cached"]), []);
        });
    });

    describe("cloudfront-index-not-cached: which behaviour, and its TTLs", () => {
        const verdicts = async (program: () => void, change?: (r: StackRecord) => StackRecord) => {
            const r = await run(program);
            return messages(change ? change(r) : r, "cloudfront-index-not-cached");
        };
        const ONE_YEAR = { minTtl: 0, defaultTtl: 86400, maxTtl: 31536000 };
        const NO_CACHE = { minTtl: 0, defaultTtl: 0, maxTtl: 0 };
        const ONE_HOUR = { minTtl: 0, defaultTtl: 60, maxTtl: 3600 };

        it("takes a path pattern without the leading slash (index.html) as the index behaviour", async () => {
            assert.deepEqual(await verdicts(() => s3Distribution({ cachePolicyId: mistakes.CACHING_DISABLED }, [{ pathPattern: "index.html", cachePolicyId: mistakes.CACHING_DISABLED }])), []);
        });

        it("judges the /index.html behaviour, not another ordered behaviour before it", async () => {
            const ordered = (index: string) => [{ pathPattern: "/assets/*", cachePolicyId: CACHING_OPTIMIZED }, { pathPattern: "/index.html", cachePolicyId: index }];
            assert.deepEqual(await verdicts(() => s3Distribution({ cachePolicyId: mistakes.CACHING_DISABLED }, ordered(mistakes.CACHING_DISABLED))), []);
            assert.deepEqual(await verdicts(() => s3Distribution({ cachePolicyId: mistakes.CACHING_DISABLED }, ordered(CACHING_OPTIMIZED))), [CACHES_INDEX]);
        });

        it("says nothing of a cache policy from outside the stack (its TTLs are not known)", async () => {
            assert.deepEqual(await verdicts(() => s3Distribution({ cachePolicyId: OUTSIDE_CACHE_POLICY }, [{ pathPattern: "/index.html", cachePolicyId: OUTSIDE_CACHE_POLICY }])), []);
        });

        it("takes a cache policy's maximum TTL left out as CloudFront's default (one year)", async () => {
            assert.deepEqual(await verdicts(() => s3Distribution({ cachePolicyId: mistakes.CACHING_DISABLED }, [{ pathPattern: "/index.html", cachePolicyId: ttlPolicy("index-cache", { minTtl: 0, defaultTtl: 0 }) }])), [CACHES_INDEX]);
        });

        describe("several cache policies in the stack", () => {
            // The long-lived assets policy is created first, so a guess between the two would take it.
            const program = (index: { minTtl: number; defaultTtl: number; maxTtl: number }) => () => {
                const assets = ttlPolicy("assets-cache", ONE_YEAR);
                s3Distribution({ cachePolicyId: mistakes.CACHING_DISABLED }, [
                    { pathPattern: "/assets/*", cachePolicyId: assets },
                    { pathPattern: "/index.html", cachePolicyId: ttlPolicy("index-cache", index) },
                ]);
            };

            it("reads the policy the /index.html behaviour names by id", async () => {
                assert.deepEqual(await verdicts(program(NO_CACHE)), []);
                assert.deepEqual(await verdicts(program(ONE_HOUR)), [CACHES_INDEX]);
            });

            it("without the ids in the state, does not guess between the policies the behaviours were built from", async () => {
                assert.deepEqual(await verdicts(program(ONE_HOUR), withoutCachePolicyIds), []);
                assert.deepEqual(await verdicts(program(NO_CACHE), withoutCachePolicyIds), []);
            });
        });

        describe("cache policies whose ids the state does not carry: the one the behaviour was built from", () => {
            // The /index.html behaviour also takes a response headers policy, as a site's security headers do.
            const program = (fallback: { minTtl: number; defaultTtl: number; maxTtl: number }, index: { minTtl: number; defaultTtl: number; maxTtl: number }) => () => {
                const headers = new aws.cloudfront.ResponseHeadersPolicy("security-headers", { securityHeadersConfig: { contentTypeOptions: { override: true } } });
                s3Distribution({ cachePolicyId: ttlPolicy("site-cache", fallback) }, [{ pathPattern: "/index.html", cachePolicyId: ttlPolicy("index-cache", index), responseHeadersPolicyId: headers.id }]);
            };

            it("reports an /index.html behaviour kept up to an hour, and passes one not cached", async () => {
                assert.deepEqual(await verdicts(program(ONE_YEAR, ONE_HOUR), withoutCachePolicyIds), [CACHES_INDEX]);
                assert.deepEqual(await verdicts(program(ONE_YEAR, NO_CACHE), withoutCachePolicyIds), []);
            });

            it("reports a default behaviour with a minimum TTL of 60 s", async () => {
                assert.deepEqual(await verdicts(program({ ...ONE_YEAR, minTtl: 60 }, NO_CACHE), withoutCachePolicyIds), [minimumTtl(60)]);
            });
        });

        describe("legacy cache settings (forwardedValues and the behaviour's own TTLs)", () => {
            it("reports a default behaviour with a minimum TTL of 60 s", async () => {
                assert.deepEqual(await verdicts(() => s3Distribution({ forwardedValues: FORWARD_NOTHING, minTtl: 60, defaultTtl: 86400, maxTtl: 31536000 }, [{ pathPattern: "/index.html", cachePolicyId: mistakes.CACHING_DISABLED }])), [minimumTtl(60)]);
            });

            it("reports an /index.html behaviour whose maximum TTL is left to its default (one year)", async () => {
                assert.deepEqual(await verdicts(() => s3Distribution({ cachePolicyId: mistakes.CACHING_DISABLED }, [{ pathPattern: "/index.html", forwardedValues: FORWARD_NOTHING, minTtl: 0, defaultTtl: 0 }])), [CACHES_INDEX]);
            });

            it("passes an /index.html behaviour with TTLs 0, beside a cache policy of the stack on the default behaviour", async () => {
                assert.deepEqual(await verdicts(() => s3Distribution({ cachePolicyId: ttlPolicy("site-cache", ONE_YEAR) }, [{ pathPattern: "/index.html", forwardedValues: FORWARD_NOTHING, ...NO_CACHE }])), []);
            });

            // CloudFront takes one or the other: with neither, or with both, the stack does not tell the TTLs.
            it("says nothing of a behaviour with neither a cache policy nor forwardedValues", async () => {
                assert.deepEqual(await verdicts(() => s3Distribution({ cachePolicyId: mistakes.CACHING_DISABLED }, [{ pathPattern: "/index.html" }])), []);
            });
            it("takes the cache policy, not forwardedValues, of a behaviour with both", async () => {
                assert.deepEqual(await verdicts(() => s3Distribution({ cachePolicyId: mistakes.CACHING_DISABLED }, [{ pathPattern: "/index.html", cachePolicyId: OUTSIDE_CACHE_POLICY, forwardedValues: FORWARD_NOTHING }])), []);
            });
        });
    });

    describe("values unknown during a preview: no verdict on them, no crash, the rest still checked", () => {
        it("the origins unknown", async () => {
            const r = copy(await record(site({ defaultRootObject: null })));
            distribution(r).origins = UNKNOWN;
            assert.deepEqual(await check(r, CLOUDFRONT_POLICIES), []);
        });

        it("an origin's domain unknown", async () => {
            const known = await record(site({ origin: "rest-no-oac" }));
            assert.equal(of(await check(known, CLOUDFRONT_POLICIES), "cloudfront-s3-origin-uses-oac").length, 1);
            const r = copy(known);
            (distribution(r).origins as Obj[])[0].domainName = UNKNOWN;
            assert.deepEqual(await check(r, CLOUDFRONT_POLICIES), []);
        });

        it("the custom error responses unknown", async () => {
            const r = copy(await record(site({ errorResponses: "none" })));
            distribution(r).customErrorResponses = UNKNOWN;
            assert.deepEqual(await check(r, ["cloudfront-spa-error-responses"]), []);
        });

        it("the ordered cache behaviours unknown (the default behaviour still judged)", async () => {
            const r = copy(await record(site({ defaultCache: { minTtl: 60, defaultTtl: 86400, maxTtl: 31536000 } })));
            distribution(r).orderedCacheBehaviors = UNKNOWN;
            assert.deepEqual(await messages(r, "cloudfront-index-not-cached"), [minimumTtl(60)]);
        });

        it("an HTTP listener's default actions unknown", async () => {
            const r = copy(await run(() => loadBalancer([{ port: 80, protocol: "HTTP", action: "forward" }])));
            resource(r, "aws:lb/listener:Listener", "listener-80").inputs.defaultActions = UNKNOWN;
            assert.deepEqual(await check(r, ["alb-http-redirects-to-https"]), []);
        });

        it("the execution role's only policy document unknown", async () => {
            const known = await record(app({ execution: { inline: ["logs:CreateLogStream", "logs:PutLogEvents"] } }));
            assert.equal(of(await check(known, ["ecs-execution-role-can-pull-from-ecr"]), "ecs-execution-role-can-pull-from-ecr").length, 1);
            const r = copy(known);
            const policy = resource(r, "aws:iam/rolePolicy:RolePolicy", "execution-inline");
            policy.inputs.policy = UNKNOWN;
            policy.outputs.policy = UNKNOWN;
            assert.deepEqual(await check(r, ["ecs-execution-role-can-pull-from-ecr"]), []);
        });
    });
});

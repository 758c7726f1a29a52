/**
 * The pack as a whole: every policy documented and covered by cases, the
 * project's real stacks under their policy configs, and values unknown
 * during a preview.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type { EnforcementLevel } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import cheapConfig from "../../policy/config/cheap.json";
import devConfig from "../../policy/config/dev.json";
import { policies } from "../../policy/src";
import * as awsModule from "../../policy/src/aws";
import * as costModule from "../../policy/src/cost";
import * as hardeningModule from "../../policy/src/hardening";
import * as iamModule from "../../policy/src/iam";
import { ACKNOWLEDGED, acknowledgementFor, Acknowledgement } from "../../policy/src/acknowledge";
import * as keysModule from "../../policy/src/keys";
import * as mistakesModule from "../../policy/src/mistakes";
import * as securityModule from "../../policy/src/security";
import * as spotModule from "../../policy/src/spot";
import { estimateCost } from "../../cost/model";
import { DEFAULT_SHEET, loadSheet, rdsInstancePrice, regionPrices } from "../../cost/prices";
import { checkAws } from "../../offline/aws-checks";
import { RecordedResource, resourcesOfType, StackRecord, UNKNOWN } from "../../offline/record";
import { stack } from "../stacks";
import { CASES } from "./cases";
import { Violation } from "./harness";
import { app, check, copy, fargateApp, HARDENING_POLICIES, of, PolicyConfig, policyNamesOf, record, run, site, US_WEST_2_CERTIFICATE } from "./programs";


const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
const SPOT_POLICIES = ["ecs-service-uses-fargate-spot", "ecs-cluster-offers-fargate-spot"];

const cheap = cheapConfig as PolicyConfig;
const dev = devConfig as PolicyConfig;

/** A violation, short, for assertion messages. */
const brief = (found: Violation[]) => found.map((v) => `${v.policy} (${v.level}): ${v.message.slice(0, 140)}`).join("\n") || "none";

/** Whether a violation is an acknowledged trade-off (reported as advisory, with the reason). */
const acknowledged = (v: Violation) => v.message.startsWith(ACKNOWLEDGED);
/** The violations that are not acknowledged. */
const unacknowledged = (found: Violation[]) => found.filter((v) => !acknowledged(v));

/** The hardening and IAM policies, which flag most small test programs; these tests look at the others (the hardening ones have their own cases). */
const core = (found: Violation[]) => found.filter((v) => !HARDENING_POLICIES.has(v.policy));

/** Violations as comparable strings. */
const keys = (found: Violation[]) => found.map((v) => `${v.policy}|${v.urn ?? ""}|${v.message}`).sort();

describe("the policy pack", () => {
    it("has unique kebab-case names, each with a description, remediation steps and a default enforcement level", () => {
        assert.ok(policies.length >= 20);
        assert.equal(new Set(policies.map((p) => p.name)).size, policies.length, "names are unique");
        for (const p of policies) {
            assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, p.name);
            assert.ok(typeof p.description === "string" && p.description.length > 20, `${p.name} has a description`);
            assert.ok(typeof p.remediationSteps === "string" && p.remediationSteps.length > 20, `${p.name} has remediation steps`);
            assert.ok(p.enforcementLevel !== undefined && LEVELS.includes(p.enforcementLevel), `${p.name} has a default enforcement level`);
            assert.ok("validateResource" in p || "validateStack" in p, `${p.name} validates something`);
        }
    });

    it("every policy has at least one violating and one passing case", () => {
        const missing = policies.filter((p) => !(CASES[p.name]?.violating.some((c) => c.violations > 0) && CASES[p.name]?.passing.some((c) => c.violations === 0))).map((p) => p.name);
        assert.deepEqual(missing, [], `policies without a violating and a passing case in test/policy/cases.ts`);
        const unknown = Object.keys(CASES).filter((name) => !policies.some((p) => p.name === name));
        assert.deepEqual(unknown, [], "cases for policies the pack does not have");
    });

    it("contains exactly the policies its eight modules export", () => {
        const exported = policyNamesOf(spotModule, keysModule, mistakesModule, securityModule, iamModule, hardeningModule, costModule, awsModule).sort();
        assert.deepEqual(policies.map((p) => p.name).sort(), exported);
    });

    for (const [name, config] of Object.entries({ cheap, dev })) {
        it(`policy/config/${name}.json configures only policies of the pack, with valid levels and settings`, () => {
            for (const [policy, entry] of Object.entries(config)) {
                const found = policies.find((p) => p.name === policy);
                assert.ok(found, `${policy} is a policy of the pack`);
                const level = typeof entry === "string" ? entry : entry.enforcementLevel;
                assert.ok(level === undefined || LEVELS.includes(level), `${policy}: level ${String(level)}`);
                if (typeof entry === "object") {
                    const schema = (found.configSchema?.properties ?? {}) as Record<string, { type: string; minimum?: number }>;
                    for (const [key, value] of Object.entries(entry).filter(([k]) => k !== "enforcementLevel")) {
                        assert.ok(schema[key], `${policy}: ${key} is in its config schema`);
                        if (schema[key].type === "array") {
                            assert.ok(Array.isArray(value), `${policy}.${key} is a list`);
                            continue;
                        }
                        assert.equal(typeof value, schema[key].type === "integer" ? "number" : schema[key].type, `${policy}.${key}`);
                        assert.ok(schema[key].minimum === undefined || (value as number) >= schema[key].minimum!, `${policy}.${key} >= minimum`);
                    }
                }
            }
        });
    }
});

describe("the project's stacks under their policy configs", () => {
    for (const [name, config] of Object.entries({ cheap, dev })) {
        it(`stack ${name} raises nothing but acknowledged trade-offs, each advisory and with its reason`, async () => {
            const found = await check(await stack(name), undefined, config);
            assert.deepEqual(unacknowledged(found), [], brief(unacknowledged(found)));
            assert.ok(found.length >= 10, `${found.length} acknowledged`);
            assert.deepEqual([...new Set(found.map((v) => v.level))], ["advisory"]);
        });

        it(`stack ${name} with awake hours (and paused) raises nothing more: the scheduler role passes the IAM policies`, async () => {
            for (const extra of [{}, { paused: true }]) {
                const found = await check(await stack(name, { schedule: { timezone: "Europe/Berlin", awake: ["Mon-Fri 08:00-19:00"] }, ...extra }), undefined, config);
                assert.deepEqual(unacknowledged(found), [], brief(unacknowledged(found)));
                assert.deepEqual([...new Set(found.map((v) => v.level))], ["advisory"]);
            }
        });

        it(`policy/config/${name}.json acknowledges only violations the stack has (no stale acknowledgement)`, async () => {
            const record = await stack(name);
            const atDefaults = await check(record);
            for (const [policy, entry] of Object.entries(config)) {
                const acknowledgements = (typeof entry === "object" ? (entry as { acknowledged?: Acknowledgement[] }).acknowledged : undefined) ?? [];
                for (const a of acknowledgements) {
                    assert.ok(a.reason.length >= 40, `${policy} ${a.resource}: a reason that says what it saves or risks`);
                    assert.ok(
                        of(atDefaults, policy).some((v) => acknowledgementFor([a], v.urn) !== undefined),
                        `${policy}: the acknowledgement of ${a.resource} matches no violation of stack ${name}`,
                    );
                }
            }
        });
    }

    it("at the pack's default levels, stack cheap has no mandatory violation, and its config acknowledges every advisory", async () => {
        const record = await stack("cheap");
        const atDefaults = await check(record);
        assert.deepEqual(atDefaults.filter((v) => v.level === "mandatory"), [], brief(atDefaults));
        const withConfig = await check(record, undefined, cheap);
        const pairs = (found: Violation[]) => [...new Set(found.map((v) => `${v.policy}|${v.urn}`))].sort();
        assert.deepEqual(pairs(withConfig.filter(acknowledged)), pairs(atDefaults));
    });

    it("stack dev: the Spot rules report its on-demand services, acknowledged", async () => {
        const found = await check(await stack("dev"), undefined, dev);
        const spot = found.filter((v) => SPOT_POLICIES.includes(v.policy));
        assert.ok(spot.length > 0, "dev runs on-demand Fargate, which the Spot rules report");
        assert.ok(spot.every(acknowledged), brief(spot));
        assert.ok(of(found, "ecs-service-uses-fargate-spot").some((v) => v.message.includes("service backend ")));
    });

    it("stack cheap on on-demand Fargate has mandatory ecs-service-uses-fargate-spot violations", async () => {
        const record = await stack("cheap", { capacity: "fargate" });
        const found = await check(record, undefined, cheap);
        const spot = of(found, "ecs-service-uses-fargate-spot");
        assert.ok(spot.length > 0, brief(found));
        assert.ok(spot.every((v) => v.level === "mandatory"));
        assert.ok(spot.every((v) => /[:$]aws:ecs\/service:Service::backend$/.test(v.urn ?? "")), brief(spot));
        assert.deepEqual(unacknowledged(found).filter((v) => v.policy !== "ecs-service-uses-fargate-spot"), [], "nothing else changes");
    });

    it("a budget of $0.10/day fails stack cheap with a mandatory daily-budget violation naming the largest items", async () => {
        const record = await stack("cheap");
        const config = { ...cheap, "daily-budget": { enforcementLevel: "mandatory", runningUsdPerDay: 0.1 } } as PolicyConfig;
        const found = unacknowledged(await check(record, undefined, config));
        assert.equal(found.length, 1, brief(found));
        const [violation] = found;
        assert.equal(violation.policy, "daily-budget");
        assert.equal(violation.level, "mandatory");
        const estimate = estimateCost(record, loadSheet(DEFAULT_SHEET));
        assert.ok(violation.message.startsWith(`the stack costs $${estimate.totals.runningDay.toFixed(2)}/day running, over the budget of $0.10/day`), violation.message);
        const largest = [...estimate.items].sort((a, b) => b.running - a.running).slice(0, 3);
        assert.equal(largest[0].what, "RDS instance db.t4g.micro (database)");
        for (const item of largest) {
            assert.ok(violation.message.includes(`${item.what} $${item.running.toFixed(2)}/day`), `names ${item.what}: ${violation.message}`);
        }
        assert.ok(violation.message.includes(costModule.dailyBudget.remediationSteps!));
    });

    it("stack cheap on database.instanceClass db.r6g.large: the instance line is priced, and the mandatory daily budget fails on it", async () => {
        const record = await stack("cheap", { "database.instanceClass": "db.r6g.large" });
        const estimate = estimateCost(record, loadSheet(DEFAULT_SHEET));
        assert.deepEqual(estimate.unpriced.map((i) => i.what), [], "everything is priced");
        const instance = estimate.items.find((i) => i.what === "RDS instance db.r6g.large (database)");
        assert.ok(instance, `an instance line: ${estimate.items.map((i) => i.what).join("; ")}`);
        assert.ok(instance.unitPrice !== undefined && instance.unitPrice > 0.2, `priced per hour: ${instance.unitPrice}`);
        assert.ok(Math.abs(instance.running - instance.unitPrice * 24) < 0.01, `billed 24 h a day running: ${instance.running}`);
        assert.equal(instance.paused, 0, "stopped when paused");
        assert.deepEqual((await checkAws(record)).filter((f) => f.level === "error"), [], "AWS accepts the class");
        const found = unacknowledged(await check(record, undefined, cheap));
        assert.deepEqual(found.map((v) => `${v.policy} ${v.level}`), ["daily-budget mandatory"], brief(found));
        const money = (usd: number) => `$${usd.toFixed(2)}`;
        assert.ok(estimate.totals.runningDay > 1, `over the $1.00/day of policy/config/cheap.json: ${estimate.totals.runningDay}`);
        assert.ok(
            found[0].message.startsWith(`the stack costs ${money(estimate.totals.runningDay)}/day running, over the budget of $1.00/day (prices aws-2026-11, us-west-2). Largest items: RDS instance db.r6g.large (database) ${money(instance.running)}/day; `),
            found[0].message,
        );
    });

    it("stack cheap on an instance class the sheet has no price for (db.r8g.large): the mandatory daily budget reports it, never a silent pass", async () => {
        const sheet = loadSheet(DEFAULT_SHEET);
        assert.equal(rdsInstancePrice(regionPrices(sheet, "us-west-2"), "db.r8g.large"), undefined, "this test needs a class AWS offers and the sheet does not price");
        const record = await stack("cheap", { "database.instanceClass": "db.r8g.large" });
        const estimate = estimateCost(record, sheet);
        assert.deepEqual(estimate.unpriced.map((i) => i.what), ["RDS instance db.r8g.large (database)"], "the one price the sheet lacks");
        assert.deepEqual((await checkAws(record)).filter((f) => f.level === "error"), [], "AWS accepts the class");
        const found = unacknowledged(await check(record, undefined, cheap));
        assert.deepEqual(found.map((v) => `${v.policy} ${v.level}`), ["daily-budget mandatory"], brief(found));
        assert.match(found[0].message, /^the budget \(\$1\.00\/day running, \$0\.20\/day paused\) cannot be checked: sheet aws-2026-11 has no price in us-west-2 for 1 item\(s\): RDS instance db\.r8g\.large \(database\)\. What is priced comes to \$0\.\d\d\/day running/);
    });
});

/**
 * Replaces the value at a path of a resource's inputs with the record's
 * unknown marker, and in its outputs where the path exists there.
 */
function unknown(r: RecordedResource, ...path: string[]): void {
    const parent = (props: Record<string, unknown>) => path.slice(0, -1).reduce<Record<string, unknown> | undefined>((at, key) => at?.[key] as Record<string, unknown> | undefined, props);
    const last = path[path.length - 1];
    const input = parent(r.inputs);
    assert.ok(input && last in input, `${r.name} has input ${path.join(".")}`);
    input[last] = UNKNOWN;
    const output = parent(r.outputs);
    if (output && last in output) output[last] = UNKNOWN;
}

const only = (r: StackRecord, type: string, name?: string): RecordedResource => {
    const found = resourcesOfType(r, type).filter((x) => name === undefined || x.name === name);
    assert.equal(found.length, 1, `one ${type} ${name ?? ""}`);
    return found[0];
};

/** Asserts no policy failed to run on an unknown (the harness reports those as "can't run" advisories). */
const assertRanEverything = (found: Violation[]) => assert.deepEqual(found.filter((v) => v.message.startsWith("can't run policy")), [], brief(found));

describe("values unknown during a preview", () => {
    it("stack cheap with its computed values unknown: no crash, and no violation", async () => {
        const record = copy(await stack("cheap"));
        only(record, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions = UNKNOWN;
        unknown(only(record, "aws:cloudfront/distribution:Distribution"), "viewerCertificate", "acmCertificateArn");
        only(record, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy = UNKNOWN;
        only(record, "aws:ecs/service:Service").inputs.capacityProviderStrategies = UNKNOWN;
        only(record, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").inputs.capacityProviders = UNKNOWN;
        for (const p of resourcesOfType(record, "aws:iam/rolePolicy:RolePolicy")) p.inputs.policy = UNKNOWN;
        unknown(only(record, "aws:apigatewayv2/stage:Stage"), "accessLogSettings", "destinationArn");
        const found = await check(record, undefined, cheap);
        assertRanEverything(found);
        assert.deepEqual(unacknowledged(found), [], brief(unacknowledged(found)));
    });

    it("stack cheap as a first preview (every input from another resource, and every computed output, unknown): no crash, and no violation", async () => {
        const record = copy(await stack("cheap"));
        let replaced = 0;
        for (const r of record.resources.filter((x) => x.custom)) {
            for (const key of Object.keys(r.propertyDependencies)) {
                r.inputs[key] = UNKNOWN;
                replaced++;
            }
            for (const key of Object.keys(r.outputs)) {
                if (!(key in r.inputs)) r.outputs[key] = UNKNOWN;
            }
        }
        assert.ok(replaced > 50, `${replaced} inputs made unknown`);
        // Nothing in the stack tells its region now: the budget needs it configured (see the cost tests).
        const config = { ...cheap, "daily-budget": { ...(cheap["daily-budget"] as object), region: "us-west-2" } } as PolicyConfig;
        const found = await check(record, undefined, config);
        assertRanEverything(found);
        assert.deepEqual(unacknowledged(found), [], brief(unacknowledged(found)));
    });

    describe("known violations in a resource are still reported next to an unknown value", () => {
        it("a task definition with unknown containerDefinitions and no task role", async () => {
            const known = await record(app({ taskRole: false, environment: [{ name: "AWS_ACCESS_KEY_ID", value: "AKIAIOSFODNN7EXAMPLE" }] }));
            const before = core(await check(known));
            assert.equal(of(before, "no-aws-credentials-in-containers").length, 1);
            const changed = copy(known);
            only(changed, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions = UNKNOWN;
            const after = core(await check(changed));
            assertRanEverything(after);
            assert.equal(of(after, "task-definition-has-task-role").length, 1, brief(after));
            assert.deepEqual(of(after, "no-aws-credentials-in-containers"), [], "the unknown definitions are not judged");
            assert.ok(keys(after).every((k) => keys(before).includes(k)), "nothing new is reported");
        });

        it("a distribution with an unknown certificate ARN and the S3 website endpoint as origin", async () => {
            const known = await record(site({ origin: "website", certificate: { arn: US_WEST_2_CERTIFICATE } }));
            const before = core(await check(known));
            assert.equal(of(before, "cloudfront-certificate-in-us-east-1").length, 1);
            const changed = copy(known);
            unknown(only(changed, "aws:cloudfront/distribution:Distribution"), "viewerCertificate", "acmCertificateArn");
            const after = core(await check(changed));
            assertRanEverything(after);
            assert.equal(of(after, "cloudfront-s3-origin-uses-oac").length, 1, brief(after));
            assert.deepEqual(of(after, "cloudfront-certificate-in-us-east-1"), [], "the unknown ARN's region is not guessed");
            assert.ok(keys(after).every((k) => keys(before).includes(k)), `nothing new is reported:\n${brief(after)}`);
        });

        it("a service with unknown capacityProviderStrategies and launchType FARGATE", async () => {
            const known = await record(app({ launchType: "FARGATE", strategies: [{ capacityProvider: "FARGATE", weight: 1 }] }));
            const changed = copy(known);
            only(changed, "aws:ecs/service:Service").inputs.capacityProviderStrategies = UNKNOWN;
            const after = of(core(await check(changed)), "ecs-service-uses-fargate-spot");
            assert.equal(after.length, 1, brief(after));
            assert.match(after[0].message, /sets launchType FARGATE/);
            assert.equal(of(core(await check(known)), "ecs-service-uses-fargate-spot").length, 3, "the known strategy adds its own two");
        });

        it("a bucket policy and a cache policy id unknown change nothing", async () => {
            const known = await record(site({ index: "missing", defaultRootObject: null }));
            const before = core(await check(known));
            assert.deepEqual([...new Set(before.map((v) => v.policy))].sort(), ["cloudfront-default-root-object", "cloudfront-index-not-cached"]);
            const changed = copy(known);
            only(changed, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy = UNKNOWN;
            unknown(only(changed, "aws:cloudfront/distribution:Distribution"), "defaultCacheBehavior", "cachePolicyId");
            const after = core(await check(changed));
            assertRanEverything(after);
            assert.equal(of(after, "cloudfront-default-root-object").length, 1, brief(after));
            assert.equal(of(after, "cloudfront-index-not-cached").length, 1, "the missing /index.html behaviour is still known");
            assert.deepEqual(keys(after), keys(before));
        });

        // Known false pass (see the report): the S3-origin checks read the
        // origins list as a whole, so one unknown field in it (an OAC created in
        // the same update, a new bucket's domain) hides every S3 origin, and
        // with them the distribution's known mistakes.
        it("an unknown originAccessControlId does not hide the missing default root object, error responses and /index.html behaviour", async () => {
            const known = await record(site({ index: "missing", defaultRootObject: null, errorResponses: "none" }));
            const changed = copy(known);
            (only(changed, "aws:cloudfront/distribution:Distribution").inputs.origins as Record<string, unknown>[])[0].originAccessControlId = UNKNOWN;
            const after = core(await check(changed));
            assert.deepEqual(keys(after), keys(core(await check(known))));
            assert.deepEqual([...new Set(after.map((v) => v.policy))].sort(), ["cloudfront-default-root-object", "cloudfront-index-not-cached", "cloudfront-spa-error-responses"]);
        });
    });

    describe("unknown values the policies treat as set", () => {
        // An unknown value here is a computed value the program passes in: it
        // will be set, so these are reported by design, not guessed.
        it("an unknown certificate ARN on a distribution without aliases is a custom certificate without aliases", async () => {
            const changed = copy(await record(site({ aliases: [] })));
            unknown(only(changed, "aws:cloudfront/distribution:Distribution"), "viewerCertificate", "acmCertificateArn");
            assert.equal(of(await check(changed), "cloudfront-custom-certificate-has-aliases").length, 1);
            const aliases = copy(await record(site()));
            only(aliases, "aws:cloudfront/distribution:Distribution").inputs.aliases = UNKNOWN;
            assert.deepEqual(of(await check(aliases), "cloudfront-custom-certificate-has-aliases"), [], "unknown aliases are not judged");
        });

        it("an unknown provider accessKey is a static key", async () => {
            const r = await run(() => {
                const key = new aws.iam.AccessKey("key", { user: "deployer" });
                new aws.Provider("static", { region: "us-west-2", accessKey: key.createDate, secretKey: key.secret });
            }, true);
            const provider = only(r, "pulumi:providers:aws");
            assert.equal(provider.inputs.accessKey, UNKNOWN);
            assert.equal(provider.inputs.secretKey, UNKNOWN);
            assert.deepEqual(of(await check(r), "no-static-keys-in-provider").map((v) => v.message.split(".")[0]), ["provider static sets accessKey", "provider static sets secretKey"]);
        });

        // Known false violation (see the report): a flag of the public access
        // block that is unknown counts as false.
        it("a public access block whose flag is unknown is not reported as incomplete", async () => {
            const changed = copy(await record(site()));
            only(changed, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs.restrictPublicBuckets = UNKNOWN;
            assert.deepEqual(of(await check(changed), "s3-public-access-blocked"), []);
        });
    });

    describe("a preview run of a small program (runProgram with preview: true)", () => {
        let preview: StackRecord;
        before(async () => {
            preview = await run(() => {
                // Computed values the offline provider leaves unknown in a preview.
                const trust = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
                const later = new aws.iam.Role("later", { assumeRolePolicy: trust }).createDate;
                const bucket = new aws.s3.Bucket("site", {});
                new aws.s3.BucketPublicAccessBlock("site-public-access", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
                new aws.s3.BucketPolicy("site-policy", { bucket: bucket.id, policy: pulumi.jsonStringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: later }] }) });
                new aws.cloudfront.Distribution("site", {
                    enabled: true,
                    aliases: ["app.example.com"],
                    defaultRootObject: "index.html",
                    origins: [{ originId: "site", domainName: pulumi.interpolate`${bucket.bucket}.s3-website-us-west-2.amazonaws.com`, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1.2"] } }],
                    defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "site", viewerProtocolPolicy: "redirect-to-https", cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" },
                    orderedCacheBehaviors: [{ pathPattern: "/index.html", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "site", viewerProtocolPolicy: "redirect-to-https", cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" }],
                    customErrorResponses: [403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: "/index.html" })),
                    restrictions: { geoRestriction: { restrictionType: "none" } },
                    viewerCertificate: { acmCertificateArn: later.apply(() => US_WEST_2_CERTIFICATE), sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
                });
                fargateApp({ taskRole: false, launchType: "FARGATE", environment: [] });
                new aws.ecs.TaskDefinition("keys", {
                    family: "keys",
                    containerDefinitions: pulumi.jsonStringify([{ name: "worker", image: "worker", environment: [{ name: "AWS_SECRET_ACCESS_KEY", value: later }] }]),
                });
                new aws.ecs.Service("later-strategy", { cluster: "cluster", taskDefinition: "keys", launchType: "FARGATE", capacityProviderStrategies: later.apply(() => [{ capacityProvider: "FARGATE_SPOT", weight: 1 }]) });
            }, true);
        });

        it("has unknown values where the program used computed outputs", () => {
            assert.equal(only(preview, "aws:ecs/taskDefinition:TaskDefinition", "keys").inputs.containerDefinitions, UNKNOWN);
            assert.equal((only(preview, "aws:cloudfront/distribution:Distribution").inputs.viewerCertificate as Record<string, unknown>).acmCertificateArn, UNKNOWN);
            assert.equal(only(preview, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy, UNKNOWN);
            assert.equal(only(preview, "aws:ecs/service:Service", "later-strategy").inputs.capacityProviderStrategies, UNKNOWN);
        });

        it("runs every policy without a crash, reporting what is known and nothing that is not", async () => {
            const all = await check(preview);
            assertRanEverything(all);
            const found = core(all);
            const reported = found.map((v) => `${v.policy} ${v.urn?.split("::").pop()}`).sort();
            assert.deepEqual(reported, [
                "cloudfront-s3-origin-uses-oac site",
                "ecs-execution-role-can-pull-from-ecr keys", // no execution role at all: known
                "ecs-service-uses-fargate-spot backend", // its launchType, next to a FARGATE_SPOT strategy
                "ecs-service-uses-fargate-spot later-strategy", // its launchType, next to an unknown strategy
                "task-definition-has-task-role keys",
                "task-definition-has-task-role task",
            ].sort(), brief(found));
            assert.match(of(found, "ecs-service-uses-fargate-spot").find((v) => v.urn?.endsWith("later-strategy"))!.message, /sets launchType FARGATE/);
        });
    });
});

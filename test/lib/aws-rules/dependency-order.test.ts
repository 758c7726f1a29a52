/**
 * aws-dependency-order, read directly: which values identify a resource,
 * where in another resource's inputs they are found, what orders the two,
 * and what the finding says.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runRule } from "../../../lib/aws-rules";
import { dependencyOrder, identities } from "../../../lib/aws-rules/dependency-order";
import { Problem, RuleContext, RuleResource, UNKNOWN_VALUE } from "../../../lib/aws-rules/types";
import { ruleContextOf } from "../../../offline/aws-checks";
import { runProgram } from "../../../offline/engine";
import { assumeEcsTasks, contextOf, findings, ruleResource } from "./rules/fixtures";

const ROLE_ARN = "arn:aws:iam::123456789012:role/shop-task";
const ROLE = "aws:iam/role:Role";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";

/** A role whose ARN AWS made, and a task definition whose inputs are `inputs`. */
function roleAndTask(inputs: Record<string, unknown>, task: Partial<RuleResource> = {}): { role: RuleResource; task: RuleResource; context: RuleContext } {
    const role = ruleResource("role", ROLE, { inputs: { assumeRolePolicy: "{}" }, outputs: { arn: ROLE_ARN } });
    const t = ruleResource("task", TASK, { inputs, ...task });
    return { role, task: t, context: contextOf(role, t) };
}

/** The rule's problems for the task definition carrying `inputs`. */
function problemsFor(inputs: Record<string, unknown>, task: Partial<RuleResource> = {}): Problem[] {
    const { task: t, context } = roleAndTask(inputs, task);
    return dependencyOrder.check(t, context);
}

/** Whether a task definition whose only input is `text` is found to carry the role's ARN. */
const carries = (text: string): boolean => problemsFor({ taskRoleArn: text }).length > 0;

describe("lib/aws-rules/dependency-order", () => {
    describe("identities", () => {
        it("takes each identity output AWS gives (id, arn, name, URLs, endpoints, names in DNS)", () => {
            const keys = ["id", "arn", "name", "repositoryUrl", "dnsName", "apiEndpoint", "address", "endpoint", "executionArn", "invokeUrl", "domainName", "bucketRegionalDomainName", "ref", "identifier"];
            for (const key of keys) {
                const value = `${key}-made-by-aws-0a1b2c3d`;
                assert.deepEqual(identities(ruleResource("r", "aws:x/y:Y", { outputs: { [key]: value } })), [value], key);
            }
        });

        it("takes no other output, however identifying it looks", () => {
            const outputs = { registryId: "123456789012", arnSuffix: "app/shop/0a1b2c3d4e5f", url: "https://shop.example.com", uniqueId: "AROA0A1B2C3D4E5F6G7H", tagsAll: "shop-web-tags-all" };
            assert.deepEqual(identities(ruleResource("r", "aws:x/y:Y", { outputs })), []);
        });

        it("all of them, in order, once each", () => {
            const r = ruleResource("r", "aws:x/y:Y", { outputs: { arn: "arn:aws:x:::y/abcdefgh", id: "id-0123456789", name: "id-0123456789" } });
            assert.deepEqual(identities(r), ["id-0123456789", "arn:aws:x:::y/abcdefgh"]);
        });

        it("takes values of 10 characters or more: shorter ones match other strings by chance", () => {
            const of = (id: string) => identities(ruleResource("r", "aws:x/y:Y", { outputs: { id } }));
            assert.deepEqual(of("abcdefghi"), [], "9 characters");
            assert.deepEqual(of("abcdefghij"), ["abcdefghij"], "10 characters");
            assert.deepEqual(of("abcdefghijk"), ["abcdefghijk"], "11 characters");
        });

        it("takes no unknown value, and no value that is not a string", () => {
            const outputs = { id: UNKNOWN_VALUE, arn: 1234567890123, name: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], endpoint: { length: 12 }, address: null, dnsName: undefined, ref: true };
            assert.deepEqual(identities(ruleResource("r", "aws:x/y:Y", { outputs })), []);
            assert.deepEqual(identities(ruleResource("r", "aws:x/y:Y", { outputs: undefined })), [], "no outputs recorded");
        });

        it("takes no value the program chose itself (an output echoing an input)", () => {
            const bucket = ruleResource("site", "aws:s3/bucket:Bucket", { inputs: { bucket: "shop-site-assets", forceDestroy: false, tags: { a: "b" } }, outputs: { id: "shop-site-assets", arn: "arn:aws:s3:::shop-site-assets" } });
            assert.deepEqual(identities(bucket), ["arn:aws:s3:::shop-site-assets"]);
            const group = ruleResource("logs", "aws:cloudwatch/logGroup:LogGroup", { inputs: { name: "/ecs/shop/web", retentionInDays: 7 }, outputs: { name: "/ecs/shop/web", arn: "arn:aws:logs:us-west-2:123456789012:log-group:/ecs/shop/web" } });
            assert.deepEqual(identities(group), ["arn:aws:logs:us-west-2:123456789012:log-group:/ecs/shop/web"]);
        });

        it("derives a pull-through cache rule's registry prefix, in the rule's region", () => {
            const cache = (fields: Partial<RuleResource>) => identities(ruleResource("cache", "aws:ecr/pullThroughCacheRule:PullThroughCacheRule", fields));
            assert.deepEqual(cache({ region: "eu-west-1", inputs: { ecrRepositoryPrefix: "ecr-public", upstreamRegistryUrl: "public.ecr.aws" }, outputs: { registryId: "123456789012" } }), ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-public"]);
            assert.deepEqual(cache({ region: "us-east-2", inputs: { ecrRepositoryPrefix: "docker-hub" }, outputs: { registryId: "210987654321", id: "docker-hub" } }), ["210987654321.dkr.ecr.us-east-2.amazonaws.com/docker-hub"], "the id echoes the prefix");
        });

        it("derives nothing without both the registry and the prefix", () => {
            const cache = (fields: Partial<RuleResource>) => identities(ruleResource("cache", "aws:ecr/pullThroughCacheRule:PullThroughCacheRule", fields));
            assert.deepEqual(cache({ inputs: { ecrRepositoryPrefix: "ecr-public" }, outputs: undefined }), [], "no outputs recorded");
            assert.deepEqual(cache({ inputs: { ecrRepositoryPrefix: "ecr-public" }, outputs: {} }), [], "no registry");
            assert.deepEqual(cache({ inputs: { ecrRepositoryPrefix: "ecr-public" }, outputs: { registryId: 123456789012 } }), [], "a registry that is no string");
            assert.deepEqual(cache({ inputs: {}, outputs: { registryId: "123456789012" } }), [], "no prefix");
            assert.deepEqual(cache({ inputs: { ecrRepositoryPrefix: ["ecr-public"] }, outputs: { registryId: "123456789012" } }), [], "a prefix that is no string");
            assert.deepEqual(cache({ inputs: {}, outputs: {} }), [], "neither");
        });

        it("derives nothing for other types", () => {
            assert.deepEqual(identities(ruleResource("repo", "aws:ecr/repository:Repository", { inputs: { ecrRepositoryPrefix: "ecr-public" }, outputs: { registryId: "123456789012" } })), []);
        });
    });

    describe("where an identity is found", () => {
        it("in a string input, whole or as part of a longer value (a URL, a path, a JSON document)", () => {
            assert.equal(carries(ROLE_ARN), true);
            assert.equal(carries(`https://console.aws.amazon.com/iam/${ROLE_ARN}/view`), true);
            assert.equal(carries(`${ROLE_ARN}:*`), true);
            assert.equal(carries(JSON.stringify({ Statement: [{ Effect: "Allow", Resource: ROLE_ARN }] })), true);
            assert.equal(carries(`${ROLE_ARN}-`), true, "a trailing hyphen ends the name");
            assert.equal(carries(`${ROLE_ARN}-/x`), true, "a hyphen, then no letter or digit");
            assert.equal(carries(`${ROLE_ARN}.`), true);
        });

        it("not inside a longer name", () => {
            assert.equal(carries(`x${ROLE_ARN}`), false, "a letter before");
            assert.equal(carries(`9${ROLE_ARN}`), false, "a digit before");
            assert.equal(carries(`-${ROLE_ARN}`), false, "a hyphen before");
            assert.equal(carries(`_${ROLE_ARN}`), false, "an underscore before");
            assert.equal(carries(`${ROLE_ARN}x`), false, "a letter after");
            assert.equal(carries(`${ROLE_ARN}_x`), false, "an underscore after");
            assert.equal(carries(`${ROLE_ARN}-2`), false, "another role, shop-task-2");
            assert.equal(carries(`${ROLE_ARN}-web`), false, "another role, shop-task-web");
            assert.equal(carries(`arn:aws:iam::123456789012:role/shop-task-2 and ${ROLE_ARN}x`), false);
        });

        it("at a later mention, after one inside a longer name", () => {
            assert.equal(carries(`${ROLE_ARN}-web,${ROLE_ARN}`), true);
            assert.equal(carries(`x${ROLE_ARN} ${ROLE_ARN}`), true);
        });

        it("in nested objects and arrays, reported at its property path", () => {
            const at = (inputs: Record<string, unknown>) => problemsFor(inputs).map((p) => p.property);
            assert.deepEqual(at({ taskRoleArn: ROLE_ARN }), ["taskRoleArn"]);
            assert.deepEqual(at({ family: "shop-web", volumes: [{ name: "a" }, { name: "b", efsVolumeConfiguration: { authorizationConfig: { iam: ROLE_ARN } } }] }), ["volumes[1].efsVolumeConfiguration.authorizationConfig.iam"]);
            assert.deepEqual(at({ tags: { owner: ROLE_ARN } }), ["tags.owner"]);
            assert.deepEqual(at({ arns: ["arn:aws:iam::123456789012:role/other", ROLE_ARN] }), ["arns[1]"]);
            assert.deepEqual(at({ matrix: [[1, null], [true, ROLE_ARN]] }), ["matrix[1][1]"]);
            assert.deepEqual(at({ containerDefinitions: JSON.stringify([{ name: "web", environment: [{ name: "ROLE", value: ROLE_ARN }] }]) }), ["containerDefinitions"], "a JSON document is searched as its text");
        });

        it("the first property carrying it is the one reported", () => {
            assert.deepEqual(problemsFor({ a: "none", b: { c: ROLE_ARN }, d: ROLE_ARN }).map((p) => p.property), ["b.c"]);
        });

        it("not in numbers, booleans, nulls, or strings that do not carry it", () => {
            assert.deepEqual(problemsFor({ cpu: 256, enabled: true, none: null, missing: undefined, family: "shop-web", list: [1, false, null], object: { n: 1 } }), []);
        });
    });

    describe("what orders a resource after another", () => {
        it("a finding when nothing does: the property, the identity and where it comes from", () => {
            assert.deepEqual(problemsFor({ family: "shop-web", taskRoleArn: ROLE_ARN }), [
                { property: "taskRoleArn", value: ROLE_ARN, message: `carries ${ROLE_ARN}, from role (aws:iam/role:Role), but does not depend on it: the engine may create this first` },
            ]);
        });

        it("a dependency, direct or through the property", () => {
            const role = ruleResource("role", ROLE, { outputs: { arn: ROLE_ARN } });
            assert.deepEqual(problemsFor({ taskRoleArn: ROLE_ARN }, { dependencies: [role.urn] }), []);
            assert.deepEqual(problemsFor({ taskRoleArn: ROLE_ARN }, { propertyDependencies: { taskRoleArn: [role.urn] } }), []);
            assert.equal(problemsFor({ taskRoleArn: ROLE_ARN }, { dependencies: ["urn:pulumi:dev::shop::aws:iam/role:Role::other"] }).length, 1, "on another resource");
        });

        it("a parent component that depends on it, or a resource that does (transitively)", () => {
            const role = ruleResource("role", ROLE, { outputs: { arn: ROLE_ARN } });
            const app = ruleResource("app", "shop:index:App", { custom: false, dependencies: [role.urn] });
            const task = ruleResource("task", TASK, { inputs: { taskRoleArn: ROLE_ARN }, parent: app.urn });
            assert.deepEqual(dependencyOrder.check(task, contextOf(role, app, task)), []);
            const policy = ruleResource("policy", "aws:iam/rolePolicy:RolePolicy", { dependencies: [role.urn] });
            const after = ruleResource("task", TASK, { inputs: { taskRoleArn: ROLE_ARN }, dependencies: [policy.urn] });
            assert.deepEqual(dependencyOrder.check(after, contextOf(role, policy, after)), []);
            const orphan = ruleResource("task", TASK, { inputs: { taskRoleArn: ROLE_ARN }, parent: ruleResource("other", "shop:index:App", { custom: false }).urn });
            assert.equal(dependencyOrder.check(orphan, contextOf(role, orphan)).length, 1, "a parent with no dependency");
        });
    });

    describe("what is not reported", () => {
        it("a resource naming itself", () => {
            const role = ruleResource("role", ROLE, { inputs: { assumeRolePolicy: JSON.stringify({ Statement: [{ Principal: { AWS: ROLE_ARN } }] }) }, outputs: { arn: ROLE_ARN } });
            assert.deepEqual(dependencyOrder.check(role, contextOf(role)), []);
        });

        it("another resource more than once: one finding, for its first identity carried", () => {
            const queue = ruleResource("queue", "aws:sqs/queue:Queue", { outputs: { id: "https://sqs.us-west-2.amazonaws.com/123456789012/jobs", arn: "arn:aws:sqs:us-west-2:123456789012:jobs" } });
            const policy = ruleResource("policy", "aws:sqs/queuePolicy:QueuePolicy", { inputs: { queueUrl: "https://sqs.us-west-2.amazonaws.com/123456789012/jobs", policy: JSON.stringify({ Statement: [{ Resource: "arn:aws:sqs:us-west-2:123456789012:jobs" }] }) } });
            assert.deepEqual(dependencyOrder.check(policy, contextOf(queue, policy)).map((p) => [p.property, p.value]), [["queueUrl", "https://sqs.us-west-2.amazonaws.com/123456789012/jobs"]]);
        });

        it("each resource carried is reported once", () => {
            const a = ruleResource("a", ROLE, { outputs: { arn: "arn:aws:iam::123456789012:role/a-role" } });
            const b = ruleResource("b", ROLE, { outputs: { arn: "arn:aws:iam::123456789012:role/b-role" } });
            const task = ruleResource("task", TASK, { inputs: { taskRoleArn: "arn:aws:iam::123456789012:role/b-role", executionRoleArn: "arn:aws:iam::123456789012:role/a-role" } });
            assert.deepEqual(dependencyOrder.check(task, contextOf(a, b, task)).map((p) => [p.property, p.value]), [
                ["executionRoleArn", "arn:aws:iam::123456789012:role/a-role"],
                ["taskRoleArn", "arn:aws:iam::123456789012:role/b-role"],
            ]);
        });

        it("a value the program chose itself (a bucket's name), though its ARN is", () => {
            const bucket = ruleResource("site", "aws:s3/bucket:Bucket", { inputs: { bucket: "shop-site-assets" }, outputs: { id: "shop-site-assets", bucket: "shop-site-assets", arn: "arn:aws:s3:::shop-site-assets" } });
            const object = ruleResource("index", "aws:s3/bucketObjectv2:BucketObjectv2", { inputs: { bucket: "shop-site-assets", key: "index.html" } });
            assert.deepEqual(dependencyOrder.check(object, contextOf(bucket, object)), []);
            const policy = ruleResource("policy", "aws:s3/bucketPolicy:BucketPolicy", { inputs: { bucket: "shop-site-assets", policy: JSON.stringify({ Statement: [{ Resource: "arn:aws:s3:::shop-site-assets/*" }] }) } });
            assert.deepEqual(dependencyOrder.check(policy, contextOf(bucket, policy)).map((p) => p.value), ["arn:aws:s3:::shop-site-assets"]);
        });

        it("a component's inputs, or a value a component or a provider outputs", () => {
            const app = ruleResource("app", "shop:index:App", { custom: false, inputs: { roleArn: ROLE_ARN }, outputs: { arn: "arn:aws:shop:::app/shop-app" } });
            const role = ruleResource("role", ROLE, { outputs: { arn: ROLE_ARN } });
            assert.deepEqual(dependencyOrder.check(app, contextOf(role, app)), [], "a component is not checked");
            const task = ruleResource("task", TASK, { inputs: { taskRoleArn: "arn:aws:shop:::app/shop-app" } });
            assert.deepEqual(dependencyOrder.check(task, contextOf(app, task)), [], "a component's outputs are not indexed");
            const provider = ruleResource("default", "pulumi:providers:aws", { inputs: { region: "us-west-2" }, outputs: { id: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } });
            const pinned = ruleResource("task", TASK, { inputs: { note: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } });
            assert.deepEqual(dependencyOrder.check(pinned, contextOf(provider, pinned)), [], "a provider's outputs are not indexed");
        });

        it("a resource added to the context after it was read: the index is built once per context", () => {
            const { role, task, context } = roleAndTask({ taskRoleArn: ROLE_ARN });
            assert.equal(dependencyOrder.check(task, context).length, 1);
            const other = ruleResource("other", ROLE, { outputs: { arn: "arn:aws:iam::123456789012:role/other-role" } });
            const later = ruleResource("later", TASK, { inputs: { taskRoleArn: "arn:aws:iam::123456789012:role/other-role" } });
            context.resources.push(other, later);
            assert.deepEqual(dependencyOrder.check(later, context), []);
            assert.equal(dependencyOrder.check(later, contextOf(role, task, other, later)).length, 1, "a new context indexes it");
        });
    });

    it("is an error AWS refuses, for every type, with its source and nearest rule", () => {
        assert.equal(dependencyOrder.id, "aws-dependency-order");
        assert.equal(dependencyOrder.level, "error");
        assert.equal(dependencyOrder.effect, "refused");
        assert.deepEqual(dependencyOrder.types, ["*"]);
        assert.deepEqual(dependencyOrder.properties, []);
        assert.equal(dependencyOrder.source, "https://www.pulumi.com/docs/iac/concepts/resources/options/dependson/");
        assert.deepEqual(dependencyOrder.nearest, { cfnLint: "W3005 (the inverse: an obsolete DependsOn)" });
    });

    it("on a program: a child of a component ordered after the role passes, one not ordered is refused", async () => {
        class App extends pulumi.ComponentResource {
            constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
                super("shop:index:App", name, {}, opts);
            }
        }
        const program = (ordered: boolean) => () => {
            const role = new aws.iam.Role("task-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
            const app = new App("app", { dependsOn: ordered ? [role] : [] });
            role.arn.apply((arn) => new aws.ecs.TaskDefinition("t", { family: "shop-web", containerDefinitions: "[]", taskRoleArn: arn }, { parent: app }));
        };
        const run = async (ordered: boolean) => runRule(dependencyOrder, ruleContextOf(await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: program(ordered) })));
        const bad = await run(false);
        assert.deepEqual(bad.map((f) => [f.resource, f.property, f.level, f.effect]), [["t (aws:ecs/taskDefinition:TaskDefinition)", "taskRoleArn", "error", "refused"]]);
        assert.match(bad[0].message, /^carries arn:aws:iam::123456789012:role\/\S+, from task-role \(aws:iam\/role:Role\), but does not depend on it/);
        assert.deepEqual(await run(true), []);
    });

    it("aws-dependency-order: an ARN copied as a plain string is refused, the same ARN through the output passes", async () => {
        const program = (throughOutput: boolean) => () => {
            const rule = new aws.ecr.PullThroughCacheRule("cache", { ecrRepositoryPrefix: "ecr-public", upstreamRegistryUrl: "public.ecr.aws" });
            const registry = "123456789012.dkr.ecr.us-west-2.amazonaws.com";
            const base = throughOutput ? pulumi.interpolate`${registry}/${rule.ecrRepositoryPrefix}` : `${registry}/ecr-public`;
            new aws.ecs.TaskDefinition("t", { family: "shop-web", containerDefinitions: pulumi.jsonStringify([{ name: "web", image: pulumi.interpolate`${base}/docker/library/nginx:1.29` }]) });
        };
        const bad = await findings("aws-dependency-order", program(false));
        assert.equal(bad.length, 1);
        assert.match(bad[0].message, /carries 123456789012\.dkr\.ecr\.us-west-2\.amazonaws\.com\/ecr-public, from cache .* does not depend on it/);
        assert.deepEqual(await findings("aws-dependency-order", program(true)), []);
        const role = await findings("aws-dependency-order", () => {
            const r = new aws.iam.Role("r", { assumeRolePolicy: assumeEcsTasks });
            r.arn.apply((arn) => new aws.ecs.TaskDefinition("t", { family: "f", containerDefinitions: "[]", taskRoleArn: arn }));
        });
        assert.match(role[0]?.message ?? "", /from r \(aws:iam\/role:Role\)/);
    });
});

import assert from "node:assert/strict";
import * as path from "node:path";
import { AWS_PROVIDER_TYPE, PROFILE_TAG, PROJECT_TAG, projectTags, STACK_TAG, TAGGABLE_TYPES, tagProblem, UNTAGGED_TYPES, withProjectTags } from "../../lib/tags";
import { StackRecord } from "../../offline/record";
import { PROJECT_DIR, runStack } from "../../offline/stack";
import { inputKeysOf } from "../../policy/src/aws";
import { stack } from "../stacks";

/** Whether the type's arguments take `tags` (its input keys, as `@pulumi/aws` declares them). */
const argsTakeTags = (type: string): boolean => inputKeysOf(type)?.has("tags") ?? false;

/**
 * Every stack of the repository: the main project's (with their profiles;
 * cheap also with awake hours, which add the scalable target and the
 * schedules) and the bootstrap's.
 */
const everyStack = async (): Promise<{ record: StackRecord; project: string; profile: string }[]> => [
    { record: await stack("cheap"), project: "shoestring", profile: "cheap" },
    { record: await stack("cheap", { schedule: { timezone: "Europe/Berlin", awake: ["Mon-Fri 08:00-19:00"] } }), project: "shoestring", profile: "cheap" },
    { record: await stack("dev"), project: "shoestring", profile: "homework" },
    { record: await stack("serverless"), project: "shoestring", profile: "serverless" },
    { record: await runStack("main", { dir: path.join(PROJECT_DIR, "bootstrap") }), project: "shoestring-bootstrap", profile: "bootstrap" },
];

describe("project tags", () => {
    it("cover every type of the stacks that takes tags, and only those (the provider's type definitions)", async () => {
        const types = new Set<string>();
        for (const { record } of await everyStack()) {
            for (const r of record.resources) {
                if (r.type.startsWith("aws:")) {
                    types.add(r.type);
                }
            }
        }
        assert.ok(types.size > 30, `${types.size} types`);
        for (const type of types) {
            const takesTags = argsTakeTags(type);
            assert.equal(TAGGABLE_TYPES.has(type) || type in UNTAGGED_TYPES, takesTags, `${type}: takes tags ${takesTags}`);
        }
        for (const type of TAGGABLE_TYPES) {
            assert.ok(argsTakeTags(type), `${type} is listed but takes no tags`);
        }
    });

    it("are on every taggable resource of every stack, with the project, stack and profile names, and in every explicit provider's default tags", async () => {
        for (const { record, project, profile } of await everyStack()) {
            const expected = { [PROJECT_TAG]: project, [STACK_TAG]: record.stack, [PROFILE_TAG]: profile };
            const taggable = record.resources.filter((r) => TAGGABLE_TYPES.has(r.type));
            assert.ok(taggable.length > 5, `${record.stack}: ${taggable.length} taggable resources`);
            for (const r of taggable) {
                assert.deepEqual(r.inputs.tags, expected, `${record.stack}: ${r.type} ${r.name}`);
            }
            for (const provider of record.resources.filter((r) => r.type === AWS_PROVIDER_TYPE)) {
                const defaults = typeof provider.inputs.defaultTags === "string" ? JSON.parse(provider.inputs.defaultTags) : provider.inputs.defaultTags;
                assert.deepEqual(defaults, { tags: expected }, `${record.stack}: provider ${provider.name}`);
            }
            for (const reason of Object.values(UNTAGGED_TYPES)) {
                assert.ok(reason.length > 20, "each untagged type says why");
            }
            for (const r of record.resources.filter((r) => r.type in UNTAGGED_TYPES)) {
                assert.equal(r.inputs.tags, undefined, `${r.name}: ${UNTAGGED_TYPES[r.type]}`);
            }
        }
        assert.ok((await stack("cheap")).resources.some((r) => r.type === AWS_PROVIDER_TYPE), "the cheap stack has an explicit provider to check");
    });

    it("win over a component's tags of the same key, keep its others, and leave untaggable types alone", async () => {
        const tags = projectTags("shoestring", "cheap", "cheap");
        const merged = withProjectTags("aws:s3/bucket:Bucket", { tags: { [PROJECT_TAG]: "other", team: "web" } }, tags).tags as unknown as { apply: (f: (v: unknown) => void) => void };
        const value = await new Promise((resolve) => merged.apply(resolve));
        assert.deepEqual(value, { [PROJECT_TAG]: "shoestring", [STACK_TAG]: "cheap", [PROFILE_TAG]: "cheap", team: "web" });
        assert.deepEqual(withProjectTags("aws:s3/bucketPolicy:BucketPolicy", { policy: "{}" }, tags), { policy: "{}" });
        assert.deepEqual(withProjectTags("aws:rds/instance:Instance", { engine: "postgres" }, tags), { engine: "postgres", tags });
    });

    it("refuse names AWS would refuse as tags", () => {
        assert.equal(tagProblem(PROJECT_TAG, "my-app.v2_x"), undefined);
        assert.match(tagProblem("aws:project", "x") ?? "", /may not start with "aws:"/);
        assert.match(tagProblem(PROJECT_TAG, "a".repeat(257)) ?? "", /at most 256/);
        assert.match(tagProblem("k".repeat(129), "x") ?? "", /1-128/);
        assert.match(tagProblem("", "x") ?? "", /1-128/);
        assert.equal(tagProblem("k".repeat(128), "v".repeat(256)), undefined, "the longest key and value AWS allows");
        assert.equal(tagProblem("team:aws:billing", ""), undefined, "aws: is reserved only as a prefix; an empty value is allowed");
        assert.match(tagProblem(PROJECT_TAG, "semi;colon") ?? "", /letters, digits/);
        assert.throws(() => projectTags("shoestring", "a#b", "cheap"), /project tags: tag value "a#b"/);
    });
});

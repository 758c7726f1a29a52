import assert from "node:assert/strict";
import { PullThroughCache } from "../../components/pull-through-cache";
import { OFFLINE_ACCOUNT_ID } from "../../offline/mocks";
import { onlyResource, StackRecord } from "../../offline/record";
import { assertOwnsEverything, component, run } from "./helpers";

const TYPE = "shoestring:aws:PullThroughCache";
const REGISTRY = `${OFFLINE_ACCOUNT_ID}.dkr.ecr.us-west-2.amazonaws.com`;

describe("components/pull-through-cache PullThroughCache", () => {
    describe("with the default prefix", () => {
        let record: StackRecord;
        before(async () => {
            record = await run(() => {
                const cache = new PullThroughCache("cache");
                return {
                    registry: cache.registry,
                    mirrorUrl: cache.mirrorUrl,
                    repositoryArnPattern: cache.repositoryArnPattern,
                    nginx: cache.rewrite("nginx:1.27"),
                    node: cache.rewrite("public.ecr.aws/docker/library/node:20"),
                    ghcr: cache.rewrite("ghcr.io/x/y:1"),
                    privateEcr: cache.rewrite(`${REGISTRY}/app:1`),
                };
            });
        });

        it("parents the rule to the component, which registers its outputs", () => {
            const cache = component(record, TYPE);
            assertOwnsEverything(record, cache);
            assert.deepEqual(cache.outputs, { registry: REGISTRY, mirrorUrl: `${REGISTRY}/ecr-public` });
        });

        it("mirrors ECR Public under the ecr-public prefix", () => {
            const rule = onlyResource(record, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule");
            assert.equal(rule.inputs.ecrRepositoryPrefix, "ecr-public");
            assert.equal(rule.inputs.upstreamRegistryUrl, "public.ecr.aws");
        });

        it("exposes the registry, mirror URL and the ARN pattern of the cached repositories", () => {
            assert.equal(record.outputs.registry, REGISTRY);
            assert.equal(record.outputs.mirrorUrl, `${REGISTRY}/ecr-public`);
            assert.equal(record.outputs.repositoryArnPattern, `arn:aws:ecr:us-west-2:${OFFLINE_ACCOUNT_ID}:repository/ecr-public/*`);
        });

        it("rewrites Docker Hub official and ECR Public images to go through the cache", () => {
            assert.equal(record.outputs.nginx, `${REGISTRY}/ecr-public/docker/library/nginx:1.27`);
            assert.equal(record.outputs.node, `${REGISTRY}/ecr-public/docker/library/node:20`);
        });

        it("leaves other registries' images unchanged", () => {
            assert.equal(record.outputs.ghcr, "ghcr.io/x/y:1");
            assert.equal(record.outputs.privateEcr, `${REGISTRY}/app:1`);
        });
    });

    describe("with a custom prefix", () => {
        let record: StackRecord;
        before(async () => {
            record = await run(() => {
                const cache = new PullThroughCache("cache", { prefix: "mirror" });
                return { nginx: cache.rewrite("nginx:1.27"), repositoryArnPattern: cache.repositoryArnPattern };
            });
        });

        it("uses the prefix in the rule, the rewritten references and the ARN pattern", () => {
            assert.equal(onlyResource(record, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule").inputs.ecrRepositoryPrefix, "mirror");
            assert.equal(record.outputs.nginx, `${REGISTRY}/mirror/docker/library/nginx:1.27`);
            assert.equal(record.outputs.repositoryArnPattern, `arn:aws:ecr:us-west-2:${OFFLINE_ACCOUNT_ID}:repository/mirror/*`);
        });
    });

    it("applies a transform to the rule before it is registered: arguments merged, or edited by a function", async () => {
        const role = "arn:aws:iam::123456789012:role/ecr-pull-through";
        const merged = await run(() => {
            new PullThroughCache("cache", { transform: { rule: { customRoleArn: role } } });
        });
        const rule = onlyResource(merged, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule");
        assert.equal(rule.inputs.customRoleArn, role);
        assert.equal(rule.inputs.upstreamRegistryUrl, "public.ecr.aws", "the rest stays");
        const edited = await run(() => {
            new PullThroughCache("cache", {
                transform: {
                    rule: (args, opts) => {
                        args.customRoleArn = role;
                        opts.protect = true;
                    },
                },
            });
        });
        const protectedRule = onlyResource(edited, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule");
        assert.equal(protectedRule.inputs.customRoleArn, role);
        assert.equal(protectedRule.protect, true);
        assert.equal(protectedRule.parent, component(edited, TYPE).urn, "still the component's child");
    });
});

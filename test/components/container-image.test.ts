import assert from "node:assert/strict";
import { ContainerImage, ContainerImageArgs } from "../../components/container-image";
import { OFFLINE_ACCOUNT_ID } from "../../offline/mocks";
import { onlyResource, SECRET, StackRecord } from "../../offline/record";
import { assertOwnsEverything, component, run } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

const TYPE = "shoestring:aws:ContainerImage";
const REGISTRY = `${OFFLINE_ACCOUNT_ID}.dkr.ecr.us-west-2.amazonaws.com`;
const REPOSITORY_URL = `${REGISTRY}/backend-repository-0abc123`;
const CONTEXT = "/build/backend";

function image(args: Omit<ContainerImageArgs, "repositoryUrl" | "context">): Promise<StackRecord> {
    return run(() => {
        const img = new ContainerImage("backend-image", { repositoryUrl: REPOSITORY_URL, context: CONTEXT, ...args });
        return { imageRef: img.imageRef };
    });
}

describe("components/container-image ContainerImage", () => {
    describe("for arm64, with defaults", () => {
        let record: StackRecord;
        before(async () => {
            record = await image({ architecture: "arm64" });
        });

        it("parents the image to the component, which registers the digest-pinned reference", () => {
            const img = component(record, TYPE);
            assertOwnsEverything(record, img);
            const built = onlyResource(record, "docker-build:index:Image");
            assert.deepEqual(img.outputs, { imageRef: built.outputs.ref });
            assert.match(String(record.outputs.imageRef), new RegExp(`^${REPOSITORY_URL.replace(/\./g, "\\.")}@sha256:[0-9a-f]{64}$`));
        });

        it("builds for linux/arm64 from the context's Dockerfile", () => {
            const built = onlyResource(record, "docker-build:index:Image");
            assert.deepEqual(built.inputs.platforms, ["linux/arm64"]);
            assert.deepEqual(built.inputs.context, { location: CONTEXT });
            assert.deepEqual(built.inputs.dockerfile, { location: `${CONTEXT}/Dockerfile` });
        });

        it("pushes the latest tag to the repository", () => {
            const built = onlyResource(record, "docker-build:index:Image");
            assert.deepEqual(built.inputs.tags, [`${REPOSITORY_URL}:latest`]);
            assert.equal(built.inputs.push, true);
            assert.equal(built.inputs.buildOnPreview, false);
        });

        it("logs in to the repository's registry with the ECR token, kept a secret", () => {
            const registries = onlyResource(record, "docker-build:index:Image").inputs.registries as Obj[];
            assert.deepEqual(registries, [{ address: REGISTRY, username: "AWS", password: SECRET }]);
        });
    });

    describe("for x86_64, with a Dockerfile, tag and build arguments", () => {
        let record: StackRecord;
        before(async () => {
            record = await image({ architecture: "x86_64", dockerfile: "docker/Dockerfile.prod", tag: "v2", buildArgs: { REGISTRY: "public.ecr.aws", MODE: "prod" } });
        });

        it("parents the image to the component", () => {
            assertOwnsEverything(record, component(record, TYPE));
        });

        it("builds for linux/amd64 with the given Dockerfile and arguments, and pushes the tag", () => {
            const built = onlyResource(record, "docker-build:index:Image");
            assert.deepEqual(built.inputs.platforms, ["linux/amd64"]);
            assert.deepEqual(built.inputs.dockerfile, { location: `${CONTEXT}/docker/Dockerfile.prod` });
            assert.deepEqual(built.inputs.buildArgs, { REGISTRY: "public.ecr.aws", MODE: "prod" });
            assert.deepEqual(built.inputs.tags, [`${REPOSITORY_URL}:v2`]);
        });
    });

    it("applies a transform to the image before it is registered: arguments merged, or edited by a function", async () => {
        const merged = await image({ architecture: "arm64", transform: { image: { target: "runtime" } } });
        const built = onlyResource(merged, "docker-build:index:Image");
        assert.equal(built.inputs.target, "runtime");
        assert.deepEqual(built.inputs.platforms, ["linux/arm64"], "the rest stays");
        const edited = await image({
            architecture: "arm64",
            transform: {
                image: (args, opts) => {
                    args.noCache = true;
                    opts.ignoreChanges = ["tags"];
                },
            },
        });
        const img = onlyResource(edited, "docker-build:index:Image");
        assert.equal(img.inputs.noCache, true);
        assert.deepEqual(img.ignoreChanges, ["tags"]);
        assert.equal(img.parent, component(edited, TYPE).urn, "still the component's child");
    });
});

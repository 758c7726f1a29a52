import assert from "node:assert/strict";
import { ImageRepository, ImageRepositoryArgs } from "../../components/image-repository";
import { OFFLINE_ACCOUNT_ID } from "../../offline/mocks";
import { onlyResource, StackRecord } from "../../offline/record";
import { json } from "../stacks";
import { assertOwnsEverything, component, run } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

const TYPE = "shoestring:aws:ImageRepository";

function repository(args?: ImageRepositoryArgs): Promise<StackRecord> {
    return run(() => {
        const repo = new ImageRepository("images", args);
        return { repositoryUrl: repo.repositoryUrl, registryId: repo.registryId };
    });
}

const rulesOf = (record: StackRecord): Obj[] => json<{ rules: Obj[] }>(onlyResource(record, "aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy).rules;

describe("components/image-repository ImageRepository", () => {
    describe("with defaults", () => {
        let record: StackRecord;
        before(async () => {
            record = await repository();
        });

        it("parents every resource to the component, which registers the repository URL", () => {
            const repo = component(record, TYPE);
            assertOwnsEverything(record, repo);
            const ecr = onlyResource(record, "aws:ecr/repository:Repository");
            assert.deepEqual(repo.outputs, { repositoryUrl: ecr.outputs.repositoryUrl });
            assert.match(String(record.outputs.repositoryUrl), new RegExp(`^${OFFLINE_ACCOUNT_ID}\\.dkr\\.ecr\\.us-west-2\\.amazonaws\\.com/`));
            assert.equal(record.outputs.registryId, OFFLINE_ACCOUNT_ID);
        });

        it("scans images on push and encrypts them", () => {
            const ecr = onlyResource(record, "aws:ecr/repository:Repository");
            assert.deepEqual(ecr.inputs.imageScanningConfiguration, { scanOnPush: true });
            assert.deepEqual(ecr.inputs.encryptionConfigurations, [{ encryptionType: "AES256" }]);
        });

        it("is protected, and does not delete its images with it", () => {
            const ecr = onlyResource(record, "aws:ecr/repository:Repository");
            assert.equal(ecr.protect, true);
            assert.equal(ecr.inputs.forceDelete, false);
        });

        it("expires all but the last 10 images", () => {
            const policy = onlyResource(record, "aws:ecr/lifecyclePolicy:LifecyclePolicy");
            assert.equal(policy.inputs.repository, onlyResource(record, "aws:ecr/repository:Repository").outputs.name);
            const rules = rulesOf(record);
            assert.equal(rules.length, 1);
            assert.deepEqual(rules[0].selection, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 10 });
            assert.deepEqual(rules[0].action, { type: "expire" });
        });
    });

    describe("unprotected, keeping 3 images", () => {
        let record: StackRecord;
        before(async () => {
            record = await repository({ protect: false, keepImages: 3 });
        });

        it("parents every resource to the component", () => {
            assertOwnsEverything(record, component(record, TYPE));
        });

        it("is unprotected and deletes its images with it", () => {
            const ecr = onlyResource(record, "aws:ecr/repository:Repository");
            assert.equal(ecr.protect, false);
            assert.equal(ecr.inputs.forceDelete, true);
        });

        it("keeps the given number of images", () => {
            const rules = rulesOf(record);
            assert.equal(rules[0].selection.countNumber, 3);
            assert.match(String(rules[0].description), /3 images/);
        });
    });

    it("applies transforms to its children before they are registered: arguments merged, or edited by a function", async () => {
        const merged = await repository({ transform: { repository: { imageTagMutability: "IMMUTABLE" } } });
        const ecr = onlyResource(merged, "aws:ecr/repository:Repository");
        assert.equal(ecr.inputs.imageTagMutability, "IMMUTABLE");
        assert.deepEqual(ecr.inputs.imageScanningConfiguration, { scanOnPush: true }, "the rest stays");
        assert.equal(ecr.protect, true);
        const edited = await repository({
            transform: {
                lifecyclePolicy: (args, opts) => {
                    args.policy = JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 }, action: { type: "expire" } }] });
                    opts.retainOnDelete = true;
                },
            },
        });
        const policy = onlyResource(edited, "aws:ecr/lifecyclePolicy:LifecyclePolicy");
        assert.deepEqual(rulesOf(edited).map((r) => r.selection.tagStatus), ["untagged"]);
        assert.equal(policy.retainOnDelete, true);
        assert.equal(policy.parent, component(edited, TYPE).urn, "still the component's child");
    });
});

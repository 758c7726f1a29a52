/**
 * Every stack of the repository registers what its committed snapshot says
 * (snapshots/*.json): a refactor leaves them equal, and a change to what is
 * deployed has to rewrite them (`npm run snapshot`), which shows in review.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../../offline/engine";
import * as fs from "node:fs";
import * as path from "node:path";
import { RecordedResource, StackRecord } from "../../offline/record";
import { renderSnapshot, renderUrnList, repositoryStacks, snapshotDifferences, snapshotFile, snapshotOf, StackSnapshot, unaliasedRenames, urnListFile } from "../../offline/snapshot";
import { PROJECT_DIR, runStack } from "../../offline/stack";
import { recordedResource, stack } from "../stacks";

const ROOT = PROJECT_DIR;

describe("record snapshots", () => {
    for (const target of repositoryStacks(ROOT)) {
        const name = snapshotFile(target);
        it(`${name} is what the stack registers`, async () => {
            const record = target.dir === ROOT ? await stack(target.stack, target.config) : await runStack(target.stack, { dir: target.dir, config: target.config });
            const file = path.join(ROOT, name);
            assert.ok(fs.existsSync(file), `${name} is missing: run npm run snapshot`);
            const committed = JSON.parse(fs.readFileSync(file, "utf8")) as StackSnapshot;
            const differences = snapshotDifferences(committed, snapshotOf(record));
            assert.deepEqual(differences, [], `${name} differs from what the stack registers; if the change is meant, run npm run snapshot and review the diff:\n${differences.slice(0, 40).join("\n")}`);
            assert.equal(fs.readFileSync(file, "utf8"), renderSnapshot(snapshotOf(record)), `${name} is not in the form npm run snapshot writes`);
            if (!target.variant) {
                const list = path.join(ROOT, urnListFile(target));
                const listed = fs.existsSync(list) ? fs.readFileSync(list, "utf8") : "";
                assert.deepEqual(unaliasedRenames(listed.split("\n"), record), [], `${urnListFile(target)}: resources gone without an alias (Pulumi would delete and recreate them); add aliases, or run npm run snapshot if they are meant to go`);
                assert.equal(listed, renderUrnList(record), `${urnListFile(target)} differs from the stack's URNs: run npm run snapshot and review the renames`);
            }
        });
    }

    it("covers every stack file of both projects, and the variants that take other paths", () => {
        const names = repositoryStacks(ROOT).map(snapshotFile);
        for (const file of fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) {
            assert.ok(names.includes(path.join("snapshots", `shoestring.${file.split(".")[1]}.json`)), file);
        }
        assert.ok(names.includes(path.join("snapshots", "shoestring-bootstrap.main.json")));
        assert.ok(names.some((n) => n.includes("+no-domain")));
        const lists = repositoryStacks(ROOT).filter((t) => !t.variant).map(urnListFile);
        assert.deepEqual(fs.readdirSync(path.join(ROOT, "snapshots")).sort(), [...names, ...lists].map((n) => path.basename(n)).sort(), "no stale snapshot files");
    });

    describe("URN lists", () => {
        /** A program with one component whose child is renamed, with or without an alias to its old name. */
        const program = (childName: string, aliases: pulumi.Alias[] = []) => () => {
            class Thing extends pulumi.ComponentResource {
                constructor(name: string) {
                    super("test:index:Thing", name, {}, {});
                    new aws.s3.Bucket(childName, {}, { parent: this, aliases });
                    this.registerOutputs({});
                }
            }
            new Thing("thing");
            return {};
        };
        const run = (p: () => unknown) => runProgram({ project: "p", stack: "s", config: { "aws:region": "us-west-2" }, program: p });

        it("finds a child renamed without an alias, and not one renamed with it", async () => {
            const before = await run(program("files"));
            const listed = renderUrnList(before).split("\n");
            assert.deepEqual(unaliasedRenames(listed, before), [], "nothing gone");
            const renamed = await run(program("site-files"));
            assert.deepEqual(unaliasedRenames(listed, renamed), ["urn:pulumi:s::p::test:index:Thing$aws:s3/bucket:Bucket::files"]);
            const aliased = await run(program("site-files", [{ name: "files" }]));
            assert.deepEqual(unaliasedRenames(listed, aliased), []);
            assert.ok(renderUrnList(aliased) !== renderUrnList(before), "the list still shows the rename, for review");
        });
    });

    describe("differences", () => {
        const resource = (urn: string, inputs: Record<string, unknown> = {}): RecordedResource => recordedResource({ urn, type: "aws:s3/bucket:Bucket", name: urn, inputs, outputs: { id: "made-up" } });
        const record = (...resources: RecordedResource[]): StackRecord => ({ project: "p", stack: "s", config: {}, outputs: {}, resources });

        it("finds none between a record and itself, whatever the order of keys, dependencies, ignored changes or aliases", () => {
            const a = record({ ...resource("a", { x: 1, y: { b: 2, a: 1 } }), dependencies: ["2", "1"], propertyDependencies: { y: ["2", "1"], x: ["3"] }, ignoreChanges: ["tags", "acl"], aliases: ["old-b", "old-a"] });
            const b = record({ ...resource("a", { y: { a: 1, b: 2 }, x: 1 }), dependencies: ["1", "2"], propertyDependencies: { x: ["3"], y: ["1", "2"] }, ignoreChanges: ["acl", "tags"], aliases: ["old-a", "old-b"] });
            assert.deepEqual(snapshotDifferences(snapshotOf(a), snapshotOf(b)), []);
            assert.equal(renderSnapshot(snapshotOf(a)), renderSnapshot(snapshotOf(b)));
        });

        it("ignores made-up outputs and ids, and names each added, removed and changed input, option and dependency", () => {
            const before = record(resource("a", { acl: "private", size: 1, tags: { Name: "a" } }), resource("b"));
            const after = record({ ...resource("a", { size: 2, tags: { Name: "a" }, versioning: true }), outputs: { id: "other" }, protect: true, ignoreChanges: ["tags"], dependencies: ["c"] }, resource("c"));
            assert.deepEqual(snapshotDifferences(snapshotOf(before), snapshotOf(after)), [
                "removed b",
                "changed a.dependencies: [] -> [\"c\"]",
                "changed a.inputs.acl: \"private\" -> (none)",
                "changed a.inputs.size: 1 -> 2",
                "changed a.inputs.versioning: (none) -> true",
                "changed a.options.ignoreChanges: [] -> [\"tags\"]",
                "changed a.options.protect: false -> true",
                "added c",
            ]);
        });

        it("names a value that turns from an object into null or into a string as a whole", () => {
            const before = record(resource("a", { policy: { Version: "2012-10-17" }, tags: { Name: "a" } }));
            const after = record(resource("a", { policy: null, tags: "a" }));
            assert.deepEqual(snapshotDifferences(snapshotOf(before), snapshotOf(after)), ["changed a.inputs.policy: {\"Version\":\"2012-10-17\"} -> null", "changed a.inputs.tags: {\"Name\":\"a\"} -> \"a\""]);
        });

        it("shows a long value by its first 200 characters", () => {
            const line = snapshotDifferences(snapshotOf(record(resource("a", { script: "x".repeat(300) }))), snapshotOf(record(resource("a", { script: "y".repeat(300) }))));
            assert.deepEqual(line, [`changed a.inputs.script: "${"x".repeat(199)} -> "${"y".repeat(199)}`]);
        });

        it("writes the repository's path and paths under it relative to it, and leaves other paths as they are", () => {
            const root = path.join(path.sep, "clone", "repo");
            const inputs = { context: root, dockerfile: path.join(root, "app", "Dockerfile"), sibling: `${root}-old${path.sep}app`, name: "repo" };
            assert.deepEqual(snapshotOf(record(resource("a", inputs)), root).resources[0].inputs, {
                context: "<repository>",
                dockerfile: `<repository>${path.sep}app${path.sep}Dockerfile`,
                name: "repo",
                sibling: `${root}-old${path.sep}app`,
            });
        });

        it("notices the same resources registered in another order", () => {
            assert.deepEqual(snapshotDifferences(snapshotOf(record(resource("a"), resource("b"))), snapshotOf(record(resource("b"), resource("a")))), ["the same resources, registered in another order"]);
        });

        it("says nothing of the order when a resource also changed", () => {
            const before = record(resource("a", { size: 1 }), resource("b"));
            const after = record(resource("b"), resource("a", { size: 2 }));
            assert.deepEqual(snapshotDifferences(snapshotOf(before), snapshotOf(after)), ["changed a.inputs.size: 1 -> 2"]);
        });
    });
});

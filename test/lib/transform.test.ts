import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { transformed } from "../../lib/transform";

describe("lib/transform", () => {
    const parent = {} as pulumi.Resource;
    it("leaves a child alone without a transform", () => {
        const args = { size: 1 };
        const opts = { parent };
        const [name, same, sameOpts] = transformed(undefined, "c", args, opts);
        assert.equal(name, "c");
        assert.equal(same, args, "the very arguments");
        assert.equal(sameOpts, opts, "the very options");
    });

    it("merges arguments over the component's, shallowly", () => {
        const [, args] = transformed<{ size: number; tags?: Record<string, string>; nested: { a: number; b?: number } }>({ size: 2, nested: { a: 9 } }, "c", { size: 1, nested: { a: 1, b: 2 } }, { parent });
        assert.deepEqual(args, { size: 2, nested: { a: 9 } });
    });

    it("lets a function edit arguments and options, on copies, keeping the parent", () => {
        const original = { size: 1 };
        const other = {} as pulumi.Resource;
        const [name, args, opts] = transformed<{ size: number }>(
            (a, o, n) => {
                a.size = a.size + n.length;
                o.protect = true;
                o.ignoreChanges = [...(o.ignoreChanges ?? []), "tags"];
                o.parent = other;
            },
            "child",
            original,
            { parent, ignoreChanges: ["size"] },
        );
        assert.equal(name, "child");
        assert.deepEqual(args, { size: 6 }, "the function sees the component's arguments");
        assert.deepEqual(opts.ignoreChanges, ["size", "tags"], "and its options");
        assert.equal(original.size, 1, "the component's own arguments are not changed");
        assert.equal(opts.protect, true);
        assert.equal(opts.parent, parent);
    });
});

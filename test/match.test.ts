import assert from "node:assert/strict";
import { RecordedResource, StackRecord } from "../offline/record";
import { findResources, hasResourceProperties, Match, mismatch, resourceCountIs } from "./match";
import { recordedResource } from "./stacks";

const resource = (name: string, inputs: Record<string, unknown>): RecordedResource => recordedResource({ type: "aws:s3/bucket:Bucket", name, inputs });
const record: StackRecord = { project: "p", stack: "s", config: {}, outputs: {}, resources: [resource("a", { tags: { team: "web", env: "dev" }, rules: [{ id: 1 }, { id: 2 }] }), resource("b", { tags: { team: "ops" } })] };

describe("test helpers: partial shapes", () => {
    it("matches objects by the keys given, at any depth, and arrays element by element", () => {
        assert.equal(mismatch({ a: { b: 1, c: 2 }, d: 3 }, { a: { b: 1 } }), undefined);
        assert.equal(mismatch({ a: { b: 1 } }, { a: { b: 2 } }), "value.a.b: expected 2, got 1");
        assert.equal(mismatch([1, 2], [1]), "value: expected 1 elements, got 2: [1,2]");
        assert.equal(mismatch([{ x: 1, y: 2 }], [{ x: 1 }]), undefined);
        assert.match(mismatch("a", { a: 1 }) ?? "", /expected an object/);
        assert.match(mismatch({}, [1]) ?? "", /expected an array/);
    });

    it("has matchers for absent keys, any value, patterns, exact values, arrays containing, and predicates", () => {
        assert.equal(mismatch({ a: 1 }, { b: Match.absent() }), undefined);
        assert.match(mismatch({ a: 1 }, { a: Match.absent() }) ?? "", /expected absent/);
        assert.match(mismatch({}, { a: Match.anyValue() }) ?? "", /expected a value/);
        assert.equal(mismatch({ arn: "arn:aws:s3:::b" }, { arn: Match.stringLikeRegexp(/^arn:aws:s3/) }), undefined);
        assert.match(mismatch({ a: { b: 1, c: 2 } }, { a: Match.exact({ b: 1 }) }) ?? "", /expected exactly/);
        assert.equal(mismatch([1, 5, 2, 7], Match.arrayWith([5, 7])), undefined);
        assert.match(mismatch([7, 5], Match.arrayWith([5, 7])) ?? "", /no element matches 7/);
        assert.equal(mismatch(4, Match.satisfies("even", (v) => typeof v === "number" && v % 2 === 0)), undefined);
        assert.match(mismatch(3, Match.satisfies("even", (v) => typeof v === "number" && v % 2 === 0)) ?? "", /expected even, got 3/);
    });

    it("finds resources by partial inputs, and says why none matched", () => {
        assert.deepEqual(findResources(record, "aws:s3/bucket:Bucket", { tags: { team: "web" } }).map((r) => r.name), ["a"]);
        assert.equal(hasResourceProperties(record, "aws:s3/bucket:Bucket", { rules: Match.arrayWith([{ id: 2 }]) }).name, "a");
        assert.throws(() => hasResourceProperties(record, "aws:s3/bucket:Bucket", { tags: { team: "data" } }), /a: inputs.tags.team: expected "data", got "web"; b: inputs.tags.team: expected "data", got "ops"/);
        assert.throws(() => hasResourceProperties(record, "aws:sqs/queue:Queue", {}), /no aws:sqs\/queue:Queue in stack s/);
        resourceCountIs(record, "aws:s3/bucket:Bucket", 2);
        assert.throws(() => resourceCountIs(record, "aws:s3/bucket:Bucket", 1));
    });
});

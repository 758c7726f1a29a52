import assert from "node:assert/strict";
import fc from "fast-check";
import { dnsLabel, taskFamily } from "../../lib/naming";

describe("lib/naming", () => {
    it("dnsLabel: any stack or project name becomes one DNS label (RFC 1035: 1-63 of a-z, 0-9, inner hyphens)", () => {
        fc.assert(fc.property(fc.string({ maxLength: 300 }), (name) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(dnsLabel(name))));
        assert.equal(dnsLabel("My.Stack_1"), "my-stack-1");
        assert.equal(dnsLabel("..."), "app");
        assert.equal(dnsLabel("a".repeat(62) + "-b"), "a".repeat(62), "cut at 63, without a trailing hyphen");
        assert.equal(dnsLabel("a".repeat(61) + "--b"), "a".repeat(61), "without any trailing hyphen");
        assert.equal(dnsLabel("a..b__c"), "a-b-c", "a run of other characters is one hyphen");
    });

    it("dnsLabel keeps a name that already is a label", () => {
        fc.assert(fc.property(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/), (label) => dnsLabel(label) === label));
    });

    it("taskFamily: letters, digits, hyphens and underscores, at most 255 (RegisterTaskDefinition)", () => {
        fc.assert(fc.property(fc.array(fc.string({ minLength: 1, maxLength: 120 }), { minLength: 1, maxLength: 4 }), (parts) => /^[A-Za-z0-9_-]{1,255}$/.test(taskFamily(...parts))));
        assert.equal(taskFamily("shoestring", "cheap.v2", "backend"), "shoestring-cheap-v2-backend");
        assert.equal(taskFamily("a..b", "c"), "a-b-c", "a run of other characters is one hyphen");
        assert.equal(taskFamily("x".repeat(300)).length, 255);
    });
});

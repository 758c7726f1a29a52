import assert from "node:assert/strict";

import {
  specialArchiveSig,
  specialAssetSig,
  specialOutputValueSig,
  specialResourceSig,
  specialSecretSig,
  specialSigKey,
  unknownValue,
} from "@pulumi/pulumi/runtime/rpc";

import { SECRET, UNKNOWN } from "../../offline/record";
import { fromWire, maskedLike, objectFromWire } from "../../offline/wire";

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });
const resourceRef = (urn: string, id?: string) => ({ [specialSigKey]: specialResourceSig, urn, ...(id === undefined ? {} : { id }) });

describe("offline/wire fromWire", () => {
  it("turns the unknown sentinel into <unknown>", () => {
    assert.equal(UNKNOWN, "<unknown>");
    assert.equal(fromWire(unknownValue), "<unknown>");
  });

  it("keeps plain scalars and turns null and undefined into null", () => {
    assert.equal(fromWire("text"), "text");
    assert.equal(fromWire(""), "");
    assert.equal(fromWire(0), 0);
    assert.equal(fromWire(42.5), 42.5);
    assert.equal(fromWire(false), false);
    assert.equal(fromWire(true), true);
    assert.equal(fromWire(null), null);
    assert.equal(fromWire(undefined), null);
  });

  it("unwraps secrets, also nested ones", () => {
    assert.equal(fromWire(secret("s3cr3t")), "s3cr3t");
    assert.deepEqual(fromWire(secret({ password: "pw", port: 5432 })), { password: "pw", port: 5432 });
    assert.equal(fromWire(secret(secret("deep"))), "deep");
    assert.equal(fromWire(secret(unknownValue)), "<unknown>");
  });

  it("turns a resource reference into its URN", () => {
    const urn = "urn:pulumi:s::p::aws:s3/bucket:Bucket::site";
    assert.equal(fromWire(resourceRef(urn, "site-1234")), urn);
    assert.equal(fromWire(resourceRef(urn)), urn);
    assert.equal(fromWire({ [specialSigKey]: specialResourceSig }), "<unknown>");
  });

  it("keeps an asset's or archive's path and text", () => {
    assert.deepEqual(fromWire({ [specialSigKey]: specialAssetSig, path: "/tmp/a.txt" }), { path: "/tmp/a.txt", text: null });
    assert.deepEqual(fromWire({ [specialSigKey]: specialAssetSig, text: "hello" }), { path: null, text: "hello" });
    assert.deepEqual(fromWire({ [specialSigKey]: specialArchiveSig, path: "/tmp/a.zip" }), { path: "/tmp/a.zip", text: null });
  });

  it("reads output values: known ones by value, others as unknown", () => {
    assert.equal(fromWire({ [specialSigKey]: specialOutputValueSig, value: "v", secret: true, dependencies: [] }), "v");
    assert.equal(fromWire({ [specialSigKey]: specialOutputValueSig, dependencies: [] }), "<unknown>");
  });

  it("walks nested arrays and objects", () => {
    const urn = "urn:pulumi:s::p::aws:iam/role:Role::r";
    const wire = {
      list: ["a", unknownValue, secret("b"), [resourceRef(urn), null, 1]],
      map: { inner: { deeper: secret({ x: [unknownValue] }) }, flag: true, nothing: null },
      empty: {},
      none: [],
    };
    assert.deepEqual(fromWire(wire), {
      list: ["a", "<unknown>", "b", [urn, null, 1]],
      map: { inner: { deeper: { x: ["<unknown>"] } }, flag: true, nothing: null },
      empty: {},
      none: [],
    });
  });

  it("does not change its input", () => {
    const wire = { a: secret("x"), b: [unknownValue] };
    const copy = JSON.parse(JSON.stringify(wire));
    fromWire(wire);
    assert.deepEqual(wire, copy);
  });
});

describe("offline/wire objectFromWire", () => {
  it("converts a property map", () => {
    assert.deepEqual(objectFromWire({ a: secret(1), b: unknownValue }), { a: 1, b: "<unknown>" });
  });

  it("gives an empty object for anything that is not a map", () => {
    assert.deepEqual(objectFromWire(undefined), {});
    assert.deepEqual(objectFromWire(null), {});
    assert.deepEqual(objectFromWire(["a"]), {});
    assert.deepEqual(objectFromWire("text"), {});
    assert.deepEqual(objectFromWire(unknownValue), {});
  });
});

describe("offline/wire hiding secrets", () => {
  it("reads every secret as [secret], a secret output value too", () => {
    const wire = { a: secret("s3cr3t"), b: [secret({ user: "u", password: "pw" })], c: "plain", d: { [specialSigKey]: specialOutputValueSig, value: "out", secret: true, dependencies: [] } };
    assert.deepEqual(objectFromWire(wire, true), { a: SECRET, b: [SECRET], c: "plain", d: SECRET });
  });

  it("keeps an unknown secret unknown, and a plain output value plain", () => {
    assert.equal(fromWire(secret(unknownValue), true), UNKNOWN);
    assert.equal(fromWire({ [specialSigKey]: specialOutputValueSig, value: "v", secret: false, dependencies: [] }, true), "v");
  });

  it("maskedLike hides the outputs at the paths the inputs hide, and nothing else", () => {
    const inputs = { value: SECRET, tags: { token: SECRET, team: "t" }, list: ["a", SECRET], name: "n" };
    const outputs = { value: "pw", tags: { token: "tk", team: "t" }, list: ["a", "b"], name: "n", arn: "arn:x", echo: "pw" };
    assert.deepEqual(maskedLike(outputs, inputs), { value: SECRET, tags: { token: SECRET, team: "t" }, list: ["a", SECRET], name: "n", arn: "arn:x", echo: "pw" });
    assert.deepEqual(maskedLike({ value: UNKNOWN }, { value: SECRET }), { value: UNKNOWN });
  });
});

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { OfflineRunError } from "../../offline/engine";
import { listStacks, loadStackConfig, PROJECT_DIR, qualifyKey, readProject, runStack } from "../../offline/stack";
import { SECRET } from "../../offline/record";

const REPO = path.resolve(__dirname, "../..");

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof Error, String(err));
    return err;
  }
  assert.fail("expected an error, nothing was thrown");
}

async function rejected(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail("expected the run to fail");
}

describe("offline/stack", () => {
  describe("on this project", () => {
    it("is the repo root", () => {
      assert.equal(PROJECT_DIR, REPO);
      assert.equal(readProject(REPO).name, "shoestring");
    });

    it("lists the stacks with a stack file", () => {
      const stacks = listStacks(REPO);
      assert.ok(stacks.includes("cheap"), stacks.join(", "));
      assert.ok(stacks.includes("dev"), stacks.join(", "));
      assert.ok(!stacks.includes(""), "Pulumi.yaml is not a stack");
      assert.deepEqual(stacks, [...stacks].sort());
      assert.deepEqual(listStacks(), stacks);
    });

    it("qualifies keys with the project name, but not keys that have a namespace", () => {
      assert.equal(qualifyKey("shoestring", "profile"), "shoestring:profile");
      assert.equal(qualifyKey("shoestring", "aws:region"), "aws:region");
      assert.equal(qualifyKey("shoestring", "shoestring:domain"), "shoestring:domain");
    });

    it("loads a stack file as the runtime would see it", () => {
      const loaded = loadStackConfig("cheap");
      assert.equal(loaded.project, "shoestring");
      assert.equal(loaded.stack, "cheap");
      assert.equal(loaded.entry, path.join(REPO, "index"));
      assert.deepEqual(loaded.config, { "aws:region": "us-west-2", "shoestring:profile": "cheap", "shoestring:domain": "shoestring.example.com" });
      assert.deepEqual(loaded.secretKeys, []);
      assert.equal(loadStackConfig("dev").config["shoestring:profile"], "homework");
    });

    it("applies overrides: qualifies short keys, JSON-encodes objects, removes undefined", () => {
      const loaded = loadStackConfig("cheap", {
        config: { profile: "homework", backend: { cpu: 512, environment: { A: "b" } }, "shoestring:domain": undefined, "aws:region": "eu-west-1", subnetIds: ["subnet-1", "subnet-2"], paused: true, logRetentionDays: 14 },
      });
      assert.deepEqual(loaded.config, {
        "aws:region": "eu-west-1",
        "shoestring:profile": "homework",
        "shoestring:backend": '{"cpu":512,"environment":{"A":"b"}}',
        "shoestring:subnetIds": '["subnet-1","subnet-2"]',
        "shoestring:paused": "true",
        "shoestring:logRetentionDays": "14",
      });
      assert.ok(!("shoestring:domain" in loaded.config));
      assert.ok(!("profile" in loaded.config));
    });

    it("removes a short key given as undefined", () => {
      const loaded = loadStackConfig("cheap", { config: { domain: undefined, profile: undefined } });
      assert.deepEqual(loaded.config, { "aws:region": "us-west-2" });
    });

    it("rejects bad stack names, naming them", () => {
      for (const name of ["../x", "a b", "a/b", ""]) {
        const err = thrown(() => loadStackConfig(name));
        assert.ok(err.message.includes(`"${name}"`), err.message);
        assert.match(err.message, /stack name/);
      }
    });

    it("rejects a stack without a stack file, naming it and the stacks there are", () => {
      const err = thrown(() => loadStackConfig("nosuchstack"));
      assert.match(err.message, /nosuchstack/);
      assert.match(err.message, /Pulumi\.nosuchstack\.yaml/);
      assert.match(err.message, /cheap/);
    });

    it("runs a stack whose config is bad into an OfflineRunError that names the key and value", async () => {
      const err = await rejected(runStack("cheap", { config: { profile: "bogus" } }));
      assert.ok(err instanceof OfflineRunError, String(err));
      assert.match(err.message, /shoestring:profile/);
      assert.match(err.message, /"bogus"/);
      assert.equal(err.record.config["shoestring:profile"], "bogus");
      assert.deepEqual(err.record.resources.map((r) => r.type), ["pulumi:pulumi:Stack"]);
    });
  });

  describe("on a temporary project", () => {
    let dir: string;
    const pulumiSdk = require.resolve("@pulumi/pulumi");

    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "shoestring-stack-"));
      fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        ["name: tmpproj", "runtime: nodejs", "main: prog.js", "config:", "  greeting:", "    type: string", "    default: hello", "  size:", "    type: integer", "    default: 2", "  plain:", "    type: string", ""].join("\n"),
      );
      fs.writeFileSync(
        path.join(dir, "Pulumi.s1.yaml"),
        [
          "config:",
          "  aws:region: eu-west-1",
          "  tmpproj:name: plain-name",
          "  count: 3",
          "  enabled: true",
          "  nested:",
          "    a: 1",
          "    b: [x, y]",
          "  greeting: hi",
          "  tmpproj:password:",
          "    secure: AAABADEADBEEFciphertext==",
          "",
        ].join("\n"),
      );
      fs.writeFileSync(path.join(dir, "Pulumi.empty.yaml"), "");
      fs.writeFileSync(path.join(dir, "Pulumi.bad name.yaml"), "config: {}\n");
      fs.writeFileSync(
        path.join(dir, "prog.js"),
        [
          `const pulumi = require(${JSON.stringify(pulumiSdk)});`,
          "module.exports = () => {",
          "  const config = new pulumi.Config();",
          "  return {",
          "    region: new pulumi.Config('aws').require('region'),",
          "    greeting: config.get('greeting') ?? null,",
          "    count: config.getNumber('count') ?? null,",
          "    nested: config.getObject('nested') ?? null,",
          "    password: config.getSecret('password'),",
          "  };",
          "};",
          "",
        ].join("\n"),
      );
    });

    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("lists its stacks", () => {
      assert.deepEqual(listStacks(dir), ["bad name", "empty", "s1"]);
    });

    it("qualifies keys, JSON-encodes objects and stringifies scalars", () => {
      const loaded = loadStackConfig("s1", { dir });
      assert.equal(loaded.project, "tmpproj");
      assert.equal(loaded.entry, path.join(dir, "prog.js"));
      assert.equal(loaded.config["aws:region"], "eu-west-1");
      assert.equal(loaded.config["tmpproj:name"], "plain-name");
      assert.equal(loaded.config["tmpproj:count"], "3");
      assert.equal(loaded.config["tmpproj:enabled"], "true");
      assert.equal(loaded.config["tmpproj:nested"], '{"a":1,"b":["x","y"]}');
      assert.ok(!("count" in loaded.config));
    });

    it("takes project defaults, with the stack file winning", () => {
      const loaded = loadStackConfig("s1", { dir });
      assert.equal(loaded.config["tmpproj:greeting"], "hi");
      assert.equal(loaded.config["tmpproj:size"], "2");
      assert.ok(!("tmpproj:plain" in loaded.config), "a key without a default is not set");
      const empty = loadStackConfig("empty", { dir });
      assert.deepEqual(empty.config, { "tmpproj:greeting": "hello", "tmpproj:size": "2" });
      assert.deepEqual(empty.secretKeys, []);
    });

    it("marks secure values as secret, without their ciphertext", () => {
      const loaded = loadStackConfig("s1", { dir });
      assert.deepEqual(loaded.secretKeys, ["tmpproj:password"]);
      assert.equal(typeof loaded.config["tmpproj:password"], "string");
      assert.ok(!loaded.config["tmpproj:password"].includes("ciphertext"), loaded.config["tmpproj:password"]);
      assert.ok(!JSON.stringify(loaded.config).includes("AAABADEADBEEF"));
    });

    it("applies overrides on top of the stack file", () => {
      const loaded = loadStackConfig("s1", { dir, config: { count: 4, nested: undefined, "other:key": { z: true }, greeting: undefined } });
      assert.equal(loaded.config["tmpproj:count"], "4");
      assert.ok(!("tmpproj:nested" in loaded.config));
      assert.ok(!("tmpproj:greeting" in loaded.config), "removing a key removes its project default too");
      assert.equal(loaded.config["other:key"], '{"z":true}');
    });

    it("takes keys with paths, as `pulumi config set --path`: one field merged into the stack file's object, an item of its list, in order", () => {
      const loaded = loadStackConfig("s1", { dir, config: { "nested.a": 5, "nested.b[2]": "z", "nested.c.d": true, "tmpproj:extra[0]": "first" } });
      assert.equal(loaded.config["tmpproj:nested"], '{"a":5,"b":["x","y","z"],"c":{"d":true}}');
      assert.equal(loaded.config["tmpproj:extra"], '["first"]');
      const removed = loadStackConfig("s1", { dir, config: { "nested.b[0]": undefined, "nested.a": undefined } });
      assert.equal(removed.config["tmpproj:nested"], '{"b":["y"]}');
      // Later overrides act on what earlier ones left.
      assert.equal(loadStackConfig("s1", { dir, config: { nested: undefined, "nested.a": 2 } }).config["tmpproj:nested"], '{"a":2}');
      assert.ok(!("tmpproj:nested" in loadStackConfig("s1", { dir, config: { "nested.a": 2, nested: undefined } }).config));
      // The stack file is read afresh: nothing carries over to the next load.
      assert.equal(loadStackConfig("s1", { dir }).config["tmpproj:nested"], '{"a":1,"b":["x","y"]}');
    });

    it("refuses a path into a value of the other kind, or past a list's end, naming the key", () => {
      assert.throws(() => loadStackConfig("s1", { dir, config: { "nested.a.x": 1 } }), /^Error: cannot set tmpproj:nested\.a\.x: tmpproj:nested\.a is 1, not a map$/);
      assert.throws(() => loadStackConfig("s1", { dir, config: { "nested.b[5]": "q" } }), /index \[5\] is past the end of tmpproj:nested\.b, which has 2 item\(s\)/);
    });

    it("drops a secret that an override removes from the secret keys", () => {
      assert.deepEqual(loadStackConfig("s1", { dir, config: { password: undefined } }).secretKeys, []);
    });

    it("names a missing stack and the stacks that exist", () => {
      const err = thrown(() => loadStackConfig("s2", { dir }));
      assert.match(err.message, /"s2"/);
      assert.ok(err.message.includes(dir), err.message);
      assert.match(err.message, /s1/);
    });

    it("names a bad stack name even when a file has it", () => {
      const err = thrown(() => loadStackConfig("bad name", { dir }));
      assert.match(err.message, /"bad name"/);
    });

    it("fails without a Pulumi.yaml, naming the directory", () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), "shoestring-noproject-"));
      try {
        const err = thrown(() => loadStackConfig("s1", { dir: empty }));
        assert.ok(err.message.includes(empty), err.message);
        assert.match(err.message, /Pulumi\.yaml/);
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });

    it("runs the project's entry with the stack config, secrets and overrides", async () => {
      const record = await runStack("s1", { dir, config: { count: 7 } });
      assert.equal(record.project, "tmpproj");
      assert.equal(record.stack, "s1");
      assert.equal(record.config["tmpproj:count"], "7");
      assert.deepEqual(record.outputs, { region: "eu-west-1", greeting: "hi", count: 7, nested: { a: 1, b: ["x", "y"] }, password: SECRET });
      assert.deepEqual(record.resources.map((r) => r.urn), ["urn:pulumi:s1::tmpproj::pulumi:pulumi:Stack::tmpproj-s1"]);
    });

    it("sets config as secrets on top of the stack file, marking the whole key, and keeps their values out of the record's config", async () => {
      const loaded = loadStackConfig("s1", { dir, config: { count: 7 }, secrets: { greeting: "psst", "nested.a": 2 } });
      assert.equal(loaded.config["tmpproj:greeting"], "psst");
      assert.deepEqual(JSON.parse(loaded.config["tmpproj:nested"]), { a: 2, b: ["x", "y"] });
      assert.ok(loaded.secretKeys.includes("tmpproj:greeting") && loaded.secretKeys.includes("tmpproj:nested"));
      assert.ok(!loaded.secretKeys.includes("tmpproj:count"));
      const record = await runStack("s1", { dir, secrets: { greeting: "psst" } });
      assert.equal(record.config["tmpproj:greeting"], SECRET);
      // The program exports it through config.get, in plain text, as it would under the CLI: the record shows what the program does.
      assert.equal(record.outputs.greeting, "psst");
    });

    it("refuses an entry module that does not export a function", async () => {
      const other = fs.mkdtempSync(path.join(os.tmpdir(), "shoestring-notfn-"));
      try {
        fs.writeFileSync(path.join(other, "Pulumi.yaml"), "name: notfn\nruntime: nodejs\nmain: entry.js\n");
        fs.writeFileSync(path.join(other, "Pulumi.s.yaml"), "config:\n  aws:region: us-west-2\n");
        fs.writeFileSync(path.join(other, "entry.js"), "module.exports = { answer: 42 };\n");
        const err = await rejected(runStack("s", { dir: other }));
        assert.ok(err instanceof Error);
        assert.ok(err.message.includes(path.join(other, "entry.js")), err.message);
        assert.match(err.message, /export a function/);
      } finally {
        fs.rmSync(other, { recursive: true, force: true });
      }
    });

    it("fails a run without aws:region", async () => {
      const err = await rejected(runStack("empty", { dir }));
      assert.ok(err instanceof Error);
      assert.match(err.message, /aws:region/);
    });
  });
});

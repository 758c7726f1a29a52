import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";

import { PolicyPackProcess, runPolicyPack, startPolicyPack } from "../../offline/analyzer";
import {
  AnalyzerInfo,
  buildAnalyzeRequest,
  buildAnalyzeStackRequest,
  buildConfigureRequest,
  defaultProviderName,
  enforcementLevelName,
  enforcementLevelValue,
  PolicyDiagnostic,
  PolicyInfo,
  resultingState,
  rootStackUrn,
  toStruct,
  toWire,
  withDefaultProviders,
} from "../../offline/analyzer-wire";
import { runningPackCount } from "../../offline/pack-process";
import {
  ENFORCEMENT_LEVELS,
  JsonSchema,
  parsePolicyConfig,
  PolicyPackConfig,
  readPolicyConfig,
  reconcilePolicyConfig,
  validatePolicyProperties,
} from "../../offline/policy-config";
import { runProgram } from "../../offline/engine";
import { RecordedResource, StackRecord, UNKNOWN } from "../../offline/record";
import { UNKNOWN_WIRE } from "../../offline/wire";
import { policies } from "../../policy/src";

const ROOT = path.join(__dirname, "..", "..");
const PACKS = path.join(__dirname, "..", "fixtures", "policy-packs");
const BASIC = path.join(PACKS, "basic", "index.js");
const BUCKET = "aws:s3/bucket:Bucket";

class Box extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Box", name, { size: 1 }, opts);
    new aws.s3.Bucket(`${name}-bucket`, { tags: { owner: "box" } }, { parent: this });
    this.registerOutputs({ ok: true });
  }
}

/**
 * A small stack, run as a preview: a bucket through an explicit us-east-1
 * provider (force-destroyed, protected), a bucket through the default
 * provider that depends on it, a queue policy whose policy is unknown in a
 * preview, and a component with a bucket.
 */
function smallStack(): Promise<StackRecord> {
  return runProgram({
    project: "proj",
    stack: "s1",
    config: { "aws:region": "us-west-2", "aws:skipMetadataApiCheck": "true" },
    preview: true,
    program: () => {
      const east = new aws.Provider("east", { region: "us-east-1" });
      const logs = new aws.s3.Bucket("logs", { forceDestroy: true, tags: { owner: "me" } }, { provider: east, protect: true });
      new aws.s3.Bucket("site", { bucket: logs.bucket.apply((b) => `${b}-site`), tags: { team: "web" } }, { dependsOn: [logs] });
      const queue = new aws.sqs.Queue("q");
      new aws.sqs.QueuePolicy("qp", { queueUrl: queue.url, policy: queue.policy.apply((p) => p ?? "{}") });
      new Box("box");
      return {};
    },
  });
}

function byName(record: StackRecord, name: string): RecordedResource {
  const found = record.resources.find((r) => r.name === name);
  assert.ok(found, `no resource named ${name}`);
  return found;
}

const only = (diagnostics: PolicyDiagnostic[], policy: string): PolicyDiagnostic[] => diagnostics.filter((d) => d.policyName === policy);

/** The JSON a fixture "echo" policy reported (after the description line). */
function echoed<T>(d: PolicyDiagnostic): T {
  return JSON.parse(d.message.slice(d.message.indexOf("\n") + 1)) as T;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof Error);
    return err;
  }
  assert.fail("expected a rejection");
}

/**
 * The real pack's info, as its policy SDK describes it to GetAnalyzerInfo:
 * each policy's config schema through the wire format and back.
 */
function packInfo(): AnalyzerInfo {
  return {
    name: "shoestring",
    version: "0.0.0",
    supportsConfig: true,
    initialConfig: {},
    policies: policies.map((p): PolicyInfo => {
      const info: PolicyInfo = { name: p.name, description: p.description, enforcementLevel: p.enforcementLevel ?? "advisory", type: "validateStack" in p ? "stack" : "resource" };
      if (p.configSchema) {
        info.configSchema = { properties: toStruct(p.configSchema.properties).toJavaScript() as Record<string, JsonSchema>, required: p.configSchema.required ?? [] };
      }
      return info;
    }),
  };
}

const INFO: AnalyzerInfo = {
  name: "pack",
  version: "1.0.0",
  supportsConfig: true,
  policies: [
    { name: "a", description: "A", enforcementLevel: "advisory", type: "resource" },
    {
      name: "b",
      description: "B",
      enforcementLevel: "mandatory",
      type: "stack",
      configSchema: {
        properties: { limit: { type: "number", default: 5 }, mode: { type: "string", enum: ["x", "y"] }, name: { type: "string" } },
        required: ["name"],
      },
    },
  ],
  initialConfig: {},
};

describe("offline/analyzer", () => {
  let record: StackRecord;
  before(async () => {
    record = await smallStack();
  });

  describe("wire values and requests", () => {
    it("turns the record's unknowns into the wire format's unknown sentinel, at any depth", () => {
      assert.equal(UNKNOWN_WIRE, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
      assert.deepEqual(toWire({ a: UNKNOWN, b: [1, UNKNOWN, { c: UNKNOWN }], d: null, e: undefined, f: "x" }), {
        a: UNKNOWN_WIRE,
        b: [1, UNKNOWN_WIRE, { c: UNKNOWN_WIRE }],
        d: null,
        f: "x",
      });
      assert.deepEqual(toStruct({ policy: UNKNOWN }).toJavaScript(), { policy: UNKNOWN_WIRE });
      // The record really has one: the queue policy's policy is not known in a preview.
      assert.equal(byName(record, "qp").inputs.policy, UNKNOWN);
    });

    it("always sets resource options, with custom timeouts (the policy SDK refuses a resource without them)", () => {
      for (const resource of record.resources) {
        const request = buildAnalyzeRequest(record, resource);
        assert.ok(request.hasOptions(), `no options for ${resource.urn}`);
        assert.ok(request.getOptions()!.hasCustomtimeouts(), `no custom timeouts for ${resource.urn}`);
      }
      for (const resource of buildAnalyzeStackRequest(record).getResourcesList()) {
        assert.ok(resource.hasOptions(), `no options for ${resource.getUrn()} in AnalyzeStack`);
      }
    });

    it("sends a resource's inputs, options and explicit provider", () => {
      const logs = byName(record, "logs");
      const request = buildAnalyzeRequest(record, logs);
      assert.equal(request.getType(), BUCKET);
      assert.equal(request.getUrn(), logs.urn);
      assert.equal(request.getName(), "logs");
      assert.equal(request.getProperties()!.toJavaScript().forceDestroy, true);
      const options = request.getOptions()!;
      assert.equal(options.getProtect(), true);
      assert.equal(options.getParent(), rootStackUrn(record));
      const provider = request.getProvider()!;
      assert.equal(provider.getType(), "pulumi:providers:aws");
      assert.equal(provider.getName(), "east");
      assert.equal(provider.getProperties()!.toJavaScript().region, "us-east-1");
      assert.equal(buildAnalyzeRequest(record, byName(record, "q")).hasProvider(), false);
    });

    it("sends AnalyzeStack the resulting state, parent, dependencies and property dependencies", () => {
      const site = byName(record, "site");
      const logs = byName(record, "logs");
      const sent = buildAnalyzeStackRequest(record)
        .getResourcesList()
        .find((r) => r.getUrn() === site.urn)!;
      assert.equal(sent.getParent(), rootStackUrn(record));
      assert.deepEqual(sent.getDependenciesList(), [logs.urn]);
      assert.deepEqual(sent.getPropertydependenciesMap().get("bucket")?.getUrnsList(), [logs.urn]);
      // Inputs overlaid with outputs: the offline provider's arn is there too.
      const props = sent.getProperties()!.toJavaScript();
      assert.deepEqual(props.tags, { team: "web" });
      assert.ok(typeof props.arn === "string" && props.arn.startsWith("arn:aws:s3:::"));
      assert.deepEqual(resultingState(byName(record, "box")), { ok: true });
    });

    it("maps enforcement levels to the proto enum and back", () => {
      for (const level of ENFORCEMENT_LEVELS) {
        assert.equal(enforcementLevelName(enforcementLevelValue(level)), level);
      }
      assert.equal(enforcementLevelValue("advisory"), analyzerpb.EnforcementLevel.ADVISORY);
      assert.equal(enforcementLevelValue("mandatory"), analyzerpb.EnforcementLevel.MANDATORY);
    });

    it("builds a Configure request with properties for every policy", () => {
      const request = buildConfigureRequest({ a: { enforcementLevel: "disabled", properties: {} }, b: { enforcementLevel: "mandatory", properties: { limit: 2 } } });
      const map = request.getPolicyconfigMap();
      assert.equal(map.get("a")!.getEnforcementlevel(), analyzerpb.EnforcementLevel.DISABLED);
      // Set even when empty: the policy SDK reads it without a check.
      assert.deepEqual(map.get("a")!.getProperties()!.toJavaScript(), {});
      assert.deepEqual(map.get("b")!.getProperties()!.toJavaScript(), { limit: 2 });
    });
  });

  describe("default providers", () => {
    it("adds one default provider per package, before its first user, from the package's stack config", () => {
      const withDefaults = withDefaultProviders(record, { aws: "7.48.0" });
      const urn = "urn:pulumi:s1::proj::pulumi:providers:aws::default_7_48_0";
      const providers = withDefaults.resources.filter((r) => r.urn === urn);
      assert.equal(providers.length, 1);
      assert.deepEqual(providers[0].inputs, { region: "us-west-2", skipMetadataApiCheck: "true", version: "7.48.0" });
      const index = withDefaults.resources.indexOf(providers[0]);
      const users = withDefaults.resources.filter((r) => r.provider?.startsWith(`${urn}::`));
      assert.deepEqual(users.map((r) => r.name).sort(), ["box-bucket", "q", "qp", "site"]);
      for (const user of users) {
        assert.ok(withDefaults.resources.indexOf(user) > index, `${user.name} comes before its provider`);
      }
      // Explicit providers stay; nothing else changes.
      assert.equal(byName(withDefaults, "logs").provider, byName(record, "logs").provider);
      assert.equal(withDefaults.resources.length, record.resources.length + 1);
      assert.equal(defaultProviderName("1.2.3-alpha.1"), "default_1_2_3_alpha_1");
    });
  });

  describe("policy config", () => {
    it("parses the --policy-pack-config format and rejects bad levels", () => {
      assert.deepEqual(parsePolicyConfig({ a: "mandatory", b: { enforcementLevel: "advisory", limit: 1 }, c: { limit: 2 } }), {
        a: "mandatory",
        b: { enforcementLevel: "advisory", limit: 1 },
        c: { limit: 2 },
      });
      assert.throws(() => parsePolicyConfig({ a: "fatal" }), /"a": "fatal" is not a valid enforcement level/);
      assert.throws(() => parsePolicyConfig({ a: { enforcementLevel: 3 } }), /"a": 3 is not a valid enforcement level/);
      assert.throws(() => parsePolicyConfig({ a: 1 }), /must be an enforcement level or an object/);
      assert.throws(() => parsePolicyConfig([]), /must be a JSON object/);
    });

    it("reads a config file, naming the file in its errors", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
      try {
        const good = path.join(dir, "good.json");
        fs.writeFileSync(good, JSON.stringify({ a: "disabled" }));
        assert.deepEqual(readPolicyConfig(good), { a: "disabled" });
        const empty = path.join(dir, "empty.json");
        fs.writeFileSync(empty, "  \n");
        assert.deepEqual(readPolicyConfig(empty), {});
        const bad = path.join(dir, "bad.json");
        fs.writeFileSync(bad, "{ a: ");
        assert.throws(() => readPolicyConfig(bad), (err: Error) => err.message.includes(bad) && /not valid JSON/.test(err.message));
        assert.throws(() => readPolicyConfig(path.join(dir, "missing.json")), /missing\.json does not exist/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("reconciles as the CLI does: policy levels, schema defaults, initial config, then the file; `all` sets every level", () => {
      const info: AnalyzerInfo = { ...INFO, initialConfig: { a: { enforcementLevel: "mandatory", properties: {} } } };
      assert.deepEqual(reconcilePolicyConfig(info, { b: { name: "n" } }), {
        a: { enforcementLevel: "mandatory", properties: {} },
        b: { enforcementLevel: "mandatory", properties: { limit: 5, name: "n" } },
      });
      assert.deepEqual(reconcilePolicyConfig(info, { all: "advisory", b: { enforcementLevel: "disabled", name: "n", limit: 1 } }), {
        a: { enforcementLevel: "advisory", properties: {} },
        b: { enforcementLevel: "disabled", properties: { limit: 1, name: "n" } },
      });
    });

    it("rejects a config that names a policy the pack does not have, listing the pack's policies", () => {
      assert.throws(
        () => reconcilePolicyConfig(INFO, { b: { name: "n" }, "no-such-policy": "mandatory" }),
        (err: Error) => err.message.includes('"no-such-policy"') && err.message.includes("pack@1.0.0") && err.message.includes("its policies: a, b"),
      );
    });

    it("checks properties against the policy's schema: required, type and enum", () => {
      assert.throws(() => reconcilePolicyConfig(INFO, {}), /b: name is required/);
      assert.throws(() => reconcilePolicyConfig(INFO, { b: { name: "n", limit: "many" } }), /b: limit: invalid type, expected number, given string/);
      assert.throws(() => reconcilePolicyConfig(INFO, { b: { name: "n", mode: "z" } }), /b: mode: must be one of "x", "y"/);
    });

    it("reports a value of the wrong type once, not also as outside the schema's enum", () => {
      assert.deepEqual(validatePolicyProperties(INFO.policies[1], { name: "n", mode: 3 }), ["b: mode: invalid type, expected string, given integer"]);
    });

    describe("with the pack's own config schemas (the whole JSON Schema, not only required, type and enum)", () => {
      const pack = packInfo();
      const policy = (name: string): PolicyInfo => pack.policies.find((p) => p.name === name)!;
      const invalid = (config: PolicyPackConfig): string => {
        try {
          reconcilePolicyConfig(pack, config);
        } catch (err) {
          assert.ok(err instanceof Error);
          return err.message;
        }
        return assert.fail("expected the config to be refused");
      };

      it("accepts the project's policy configs", () => {
        for (const stack of ["cheap", "dev", "main"]) {
          assert.doesNotThrow(() => reconcilePolicyConfig(pack, readPolicyConfig(path.join(ROOT, "policy", "config", `${stack}.json`))), stack);
        }
      });

      it("checks a minimum: allowedOnDemandBase >= 0, topItems >= 1", () => {
        assert.deepEqual(validatePolicyProperties(policy("ecs-service-uses-fargate-spot"), { allowedOnDemandBase: -1 }), ["ecs-service-uses-fargate-spot: allowedOnDemandBase: must be >= 0"]);
        assert.deepEqual(validatePolicyProperties(policy("daily-budget"), { topItems: 0 }), ["daily-budget: topItems: must be >= 1"]);
        assert.deepEqual(validatePolicyProperties(policy("daily-budget"), { topItems: 2.5 }), ["daily-budget: topItems: invalid type, expected integer, given number"]);
      });

      it("checks the items of an array and their nested properties: acknowledged[n].resource, .reason", () => {
        const acknowledged = [
          { resource: "database", reason: "one zone: half the price" },
          { resource: 3, reason: "restore from a snapshot" },
          { resource: "database", reason: "cheap" },
          "database",
          { resource: "database" },
          { resource: "database", reason: "one zone: half the price", until: "2027" },
        ];
        assert.deepEqual(validatePolicyProperties(policy("rds-multi-az"), { acknowledged }), [
          "rds-multi-az: acknowledged[1].resource: invalid type, expected string, given integer",
          "rds-multi-az: acknowledged[2].reason: must not have fewer than 10 characters",
          "rds-multi-az: acknowledged[3]: invalid type, expected object, given string",
          "rds-multi-az: acknowledged[4].reason is required",
          "rds-multi-az: acknowledged[5].until is not allowed",
        ]);
        assert.deepEqual(validatePolicyProperties(policy("rds-multi-az"), { acknowledged: { resource: "database" } }), ["rds-multi-az: acknowledged: invalid type, expected array, given object"]);
      });

      it("lists every error of every policy in one message", () => {
        const message = invalid({ "ecs-service-uses-fargate-spot": { allowedOnDemandBase: -1, acknowledged: [{ resource: "" }] }, "daily-budget": { runningUsdPerDay: -1 } });
        assert.equal(
          message,
          "policy config for shoestring@0.0.0 is invalid: " +
            // In the schema's property order, which over the wire is alphabetical.
            "ecs-service-uses-fargate-spot: acknowledged[0].reason is required; " +
            "ecs-service-uses-fargate-spot: acknowledged[0].resource: must not have fewer than 1 characters; " +
            "ecs-service-uses-fargate-spot: allowedOnDemandBase: must be >= 0; " +
            "daily-budget: runningUsdPerDay: must be >= 0",
        );
      });
    });

    it("refuses a config schema that is not JSON Schema, naming the policy", () => {
      const info: AnalyzerInfo = { ...INFO, policies: [{ name: "c", description: "C", enforcementLevel: "advisory", type: "resource", configSchema: { properties: { limit: { type: "count" } }, required: [] } }] };
      assert.throws(() => reconcilePolicyConfig(info, {}), /is invalid: c: its config schema is not valid JSON Schema: data\/properties\/limit\/type must be equal to one of the allowed values/);
    });
  });

  describe("against a running pack", () => {
    let pack: PolicyPackProcess;
    before(async () => {
      pack = await startPolicyPack(BASIC);
    });
    after(async () => {
      await pack?.close();
    });
    // Each test sets the config it needs (Configure replaces the whole config).

    it("reads the pack's port from its stdout and connects", async () => {
      assert.ok(pack.port > 0);
      assert.ok(isAlive(pack.pid));
    });

    it("lists the pack's policies (GetAnalyzerInfo)", async () => {
      const info = await pack.getAnalyzerInfo();
      assert.equal(info.name, "fixture-basic");
      assert.equal(info.version, "1.2.3");
      assert.equal(info.supportsConfig, true);
      const byPolicy = Object.fromEntries(info.policies.map((p) => [p.name, p]));
      assert.deepEqual(Object.keys(byPolicy), ["no-force-destroy", "required-tag", "resource-count", "queue-policy", "fix-force-destroy", "echo-resource", "echo-stack", "throws", "always-mandatory"]);
      assert.equal(byPolicy["no-force-destroy"].enforcementLevel, "advisory");
      assert.equal(byPolicy["no-force-destroy"].type, "resource");
      assert.equal(byPolicy["no-force-destroy"].description, "Buckets must not be force-destroyed.");
      assert.equal(byPolicy["resource-count"].type, "stack");
      assert.equal(byPolicy["fix-force-destroy"].enforcementLevel, "disabled");
      assert.deepEqual(byPolicy["required-tag"].configSchema, { properties: { tag: { type: "string", default: "owner" } }, required: [] });
    });

    it("reports a violation with the policy, the resource's URN and the enforcement level", async () => {
      await pack.configure({});
      const diagnostics = await pack.analyzeRecord(record);
      const found = only(diagnostics, "no-force-destroy");
      assert.equal(found.length, 1);
      assert.equal(found[0].urn, byName(record, "logs").urn);
      assert.equal(found[0].enforcementLevel, "advisory");
      assert.equal(found[0].policyPackName, "fixture-basic");
      assert.equal(found[0].policyPackVersion, "1.2.3");
      assert.equal(found[0].description, "Buckets must not be force-destroyed.");
      assert.equal(found[0].message, "Buckets must not be force-destroyed.\nbucket logs has forceDestroy set");
      // The schema's default property reaches the policy, as the CLI sends it.
      assert.deepEqual(
        only(diagnostics, "required-tag").map((d) => d.urn),
        [byName(record, "site").urn],
      );
    });

    it("raises a policy to mandatory through Configure", async () => {
      await pack.configure({ "no-force-destroy": "mandatory" });
      const found = only(await pack.analyzeRecord(record), "no-force-destroy");
      assert.deepEqual(
        found.map((d) => d.enforcementLevel),
        ["mandatory"],
      );
    });

    it("disables a policy through Configure", async () => {
      await pack.configure({ "no-force-destroy": "disabled", "required-tag": { enforcementLevel: "disabled" } });
      const diagnostics = await pack.analyzeRecord(record);
      assert.deepEqual(only(diagnostics, "no-force-destroy"), []);
      assert.deepEqual(only(diagnostics, "required-tag"), []);
    });

    it("passes a policy's config properties", async () => {
      await pack.configure({ "required-tag": { tag: "team" } });
      const found = only(await pack.analyzeRecord(record), "required-tag");
      assert.deepEqual(found.map((d) => d.urn).sort(), [byName(record, "box-bucket").urn, byName(record, "logs").urn].sort());
      assert.ok(found.every((d) => d.message.endsWith('missing tag "team"')));
    });

    it("sets every policy's level with `all`", async () => {
      await pack.configure({ all: "mandatory", throws: "disabled" });
      const diagnostics = await pack.analyzeRecord(record);
      assert.ok(only(diagnostics, "always-mandatory").length === 1);
      assert.ok(diagnostics.every((d) => d.enforcementLevel === "mandatory" || d.policyName === "queue-policy"), JSON.stringify(diagnostics.map((d) => [d.policyName, d.enforcementLevel])));
    });

    it("rejects a config naming a policy the pack does not have", async () => {
      const err = await rejection(pack.configure({ "no-such-policy": "mandatory" }));
      assert.match(err.message, /"no-such-policy"/);
      assert.match(err.message, /its policies: no-force-destroy, required-tag, resource-count/);
    });

    it("sends AnalyzeStack every resource, with parents, dependencies, providers and state", async () => {
      await pack.configure({ "echo-stack": "advisory" });
      const diagnostics = await pack.analyzeRecord(record);
      const [stack] = only(diagnostics, "echo-stack");
      // A stack violation that names no resource goes to the root stack.
      assert.equal(stack.urn, rootStackUrn(record));
      type Seen = { urn: string; type: string; parent: string | null; dependencies: string[]; propertyDependencies: Record<string, string[]>; provider: string | null; protect: boolean; forceDestroy?: boolean };
      const seen = echoed<Seen[]>(stack);
      const expected = withDefaultProviders(record);
      assert.deepEqual(
        seen.map((r) => r.urn),
        expected.resources.map((r) => r.urn),
      );
      const byUrn = new Map(seen.map((r) => [r.urn, r]));
      for (const r of expected.resources) {
        const s = byUrn.get(r.urn)!;
        assert.equal(s.parent, r.parent ?? null, `parent of ${r.name}`);
        assert.deepEqual(s.dependencies, r.dependencies, `dependencies of ${r.name}`);
        assert.deepEqual(s.propertyDependencies, r.propertyDependencies, `property dependencies of ${r.name}`);
        assert.equal(s.protect, r.protect, `protect of ${r.name}`);
      }
      assert.equal(byUrn.get(byName(record, "logs").urn)!.provider, "urn:pulumi:s1::proj::pulumi:providers:aws::east");
      assert.match(byUrn.get(byName(record, "site").urn)!.provider ?? "", /^urn:pulumi:s1::proj::pulumi:providers:aws::default_/);
      assert.equal(byUrn.get(byName(record, "logs").urn)!.forceDestroy, true);

      await pack.configure({ "resource-count": { max: 1 } });
      const [count] = only(await pack.analyzeRecord(record), "resource-count");
      assert.match(count.message, new RegExp(`\\n${expected.resources.length} resources \\(max 1\\)$`));
    });

    it("sends Analyze each resource's options and provider, and reports against the resource analyzed", async () => {
      await pack.configure({ "echo-resource": "advisory" });
      const found = only(await pack.analyzeRecord(record), "echo-resource");
      type Seen = { urn: string; name: string; opts: { protect: boolean; parent?: string; customTimeouts: unknown }; provider: { type: string; name: string; region: string } | null };
      const seen = new Map(found.map((d) => [echoed<Seen>(d).name, { d, s: echoed<Seen>(d) }]));
      assert.deepEqual([...seen.keys()].sort(), ["box-bucket", "logs", "site"]);
      const logs = seen.get("logs")!;
      // The policy named another URN; the CLI (and this runner) report the resource analyzed.
      assert.equal(logs.d.urn, byName(record, "logs").urn);
      assert.equal(logs.s.opts.protect, true);
      assert.deepEqual(logs.s.opts.customTimeouts, { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 });
      assert.deepEqual(logs.s.provider, { type: "pulumi:providers:aws", urn: "urn:pulumi:s1::proj::pulumi:providers:aws::east", name: "east", region: "us-east-1" });
      assert.equal(seen.get("box-bucket")!.s.opts.parent, byName(record, "box").urn);
      assert.equal(seen.get("site")!.s.provider?.region, "us-west-2");
    });

    it("reports a policy that reads an unknown value as an advisory it can't run during preview", async () => {
      await pack.configure({ "queue-policy": "mandatory" });
      const found = only(await pack.analyzeRecord(record), "queue-policy");
      assert.equal(found.length, 1);
      assert.equal(found[0].urn, byName(record, "qp").urn);
      assert.equal(found[0].enforcementLevel, "advisory");
      assert.match(found[0].message, /^can't run policy 'queue-policy' from policy pack 'fixture-basic@v1\.2\.3' during preview: string value at \.policy can't be known during preview$/);
    });

    it("runs remediations first, and analyzes the remediated inputs", async () => {
      await pack.configure({ "fix-force-destroy": "remediate", "echo-stack": "advisory" });
      const diagnostics = await pack.analyzeRecord(record);
      const remediations = only(diagnostics, "fix-force-destroy");
      assert.equal(remediations.length, 1);
      assert.equal(remediations[0].enforcementLevel, "remediate");
      assert.equal(remediations[0].urn, byName(record, "logs").urn);
      assert.match(remediations[0].message, /remediated forceDestroy$/);
      assert.deepEqual(only(diagnostics, "no-force-destroy"), []);
      const seen = echoed<Array<{ urn: string; forceDestroy?: boolean }>>(only(diagnostics, "echo-stack")[0]);
      assert.equal(seen.find((r) => r.urn === byName(record, "logs").urn)!.forceDestroy, false);
    });

    it("can leave components, the root stack and default providers out", async () => {
      await pack.configure({ "echo-stack": "advisory" });
      const diagnostics = await pack.analyzeRecord(record, { resources: "custom", defaultProviders: false });
      const seen = echoed<Array<{ urn: string }>>(only(diagnostics, "echo-stack")[0]);
      assert.deepEqual(
        seen.map((r) => r.urn),
        record.resources.filter((r) => r.custom).map((r) => r.urn),
      );
    });

    it("fails with the policy's error when a policy throws", async () => {
      await pack.configure({ throws: "advisory" });
      const err = await rejection(pack.analyzeRecord(record));
      assert.match(err.message, /policy pack fixture-basic@1\.2\.3: Analyze urn:pulumi:s1::proj::\S+ failed: .*policy 'throws'.*Error: policy bug/);
    });

    it("is answered 'A more recent version of the Pulumi CLI is required' for a resource without options", async () => {
      await pack.configure({});
      const request = buildAnalyzeRequest(record, byName(record, "logs"));
      request.clearOptions();
      const err = await new Promise<Error | null>((resolve) => pack.client.analyze(request, (error) => resolve(error)));
      assert.ok(err);
      assert.match(err.message, /A more recent version of the Pulumi CLI is required/);
    });
  });

  describe("the pack process", () => {
    it("is gone after close", async () => {
      const before = runningPackCount();
      const pack = await startPolicyPack(BASIC);
      assert.equal(runningPackCount(), before + 1);
      assert.ok(isAlive(pack.pid));
      await pack.close();
      assert.equal(isAlive(pack.pid), false);
      assert.equal(runningPackCount(), before);
      await pack.close(); // twice is fine
    });

    it("reports a pack that fails to load, with its error", async () => {
      const err = await rejection(startPolicyPack(path.join(PACKS, "broken", "index.js")));
      assert.match(err.message, /exited \(code 1\) before printing its port: .*Error: fixture pack failed to load/);
      assert.doesNotMatch(err.message, /\n/);
    });

    it("gives up on a pack that prints no port, and ends it", async () => {
      const before = runningPackCount();
      const err = await rejection(startPolicyPack(path.join(PACKS, "silent", "index.js"), { timeoutMs: 300 }));
      assert.match(err.message, /printed no port within 300 ms/);
      assert.equal(runningPackCount(), before);
    });

    it("rejects output that is not a port", async () => {
      const err = await rejection(startPolicyPack(path.join(PACKS, "not-a-port", "index.js")));
      assert.match(err.message, /printed "hello" where its port was expected/);
    });

    it("rejects a missing entry", async () => {
      const err = await rejection(startPolicyPack(path.join(PACKS, "nope", "index.js")));
      assert.match(err.message, /does not exist/);
    });

    it("runs a pack end to end and closes it, also when the config is bad", async () => {
      const before = runningPackCount();
      const run = await runPolicyPack({ record, packEntry: BASIC, config: { "no-force-destroy": "mandatory" } });
      assert.equal(run.info.name, "fixture-basic");
      assert.equal(run.config["no-force-destroy"].enforcementLevel, "mandatory");
      assert.deepEqual(
        only(run.diagnostics, "no-force-destroy").map((d) => d.enforcementLevel),
        ["mandatory"],
      );
      assert.equal(runningPackCount(), before);

      const err = await rejection(runPolicyPack({ record, packEntry: BASIC, config: { "no-such-policy": "advisory" } }));
      assert.match(err.message, /no-such-policy/);
      assert.equal(runningPackCount(), before);
    });
  });
});

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { OfflineRunError, runProgram, type ProgramRun } from "../../offline/engine";
import { OFFLINE_ACCOUNT_ID } from "../../offline/mocks";
import { providerUrn, ROOT_STACK_TYPE, SECRET, type RecordedResource, type StackRecord } from "../../offline/record";

const REGION = { "aws:region": "us-west-2" };

/** A component with one child bucket, and optionally a nested component. */
class Box extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  constructor(name: string, args: { nested?: boolean } = {}, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Box", name, {}, opts);
    this.bucket = new aws.s3.Bucket(`${name}-bucket`, { tags: { owner: name } }, { parent: this });
    if (args.nested) {
      new Inner(`${name}-inner`, { parent: this });
    }
    this.registerOutputs({ bucketName: this.bucket.bucket });
  }
}

class Inner extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Inner", name, {}, opts);
    new aws.sqs.Queue(`${name}-queue`, { delaySeconds: 5 }, { parent: this });
    this.registerOutputs({});
  }
}

function run(program: () => unknown, extra: Partial<ProgramRun> = {}): Promise<StackRecord> {
  return runProgram({ project: "proj", stack: "s1", config: { ...REGION }, program, ...extra });
}

function byName(record: StackRecord, name: string): RecordedResource {
  const found = record.resources.filter((r) => r.name === name);
  assert.equal(found.length, 1, `expected one resource named ${name}, found ${found.length}: ${record.resources.map((r) => r.name).join(", ")}`);
  return found[0];
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail("expected the run to fail");
}

const ROOT_URN = "urn:pulumi:s1::proj::pulumi:pulumi:Stack::proj-s1";

describe("offline/engine runProgram", () => {
  describe("a small program", () => {
    let record: StackRecord;
    before(async () => {
      record = await run(() => {
        const role = new aws.iam.Role("role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }), tags: { team: "a" } }, { protect: true });
        const logs = new aws.cloudwatch.LogGroup("logs", { retentionInDays: 14, tags: { token: pulumi.secret("s3cr3t") } }, { retainOnDelete: true, dependsOn: [role] });
        const box = new Box("box", { nested: true });
        const policy = new aws.s3.BucketPolicy("policy", { bucket: box.bucket.id, policy: box.bucket.arn.apply((arn) => JSON.stringify({ Resource: arn })) });
        return {
          roleArn: role.arn,
          logGroup: logs.name,
          hidden: pulumi.secret("top-secret"),
          nested: { list: [box.bucket.bucket, 3], flag: true },
          policyId: policy.id,
        };
      });
    });

    it("names the run", () => {
      assert.equal(record.project, "proj");
      assert.equal(record.stack, "s1");
      assert.deepEqual(record.config, REGION);
    });

    it("lists the root stack first, then every resource", () => {
      const root = record.resources[0];
      assert.equal(root.type, ROOT_STACK_TYPE);
      assert.equal(root.name, "proj-s1");
      assert.equal(root.urn, ROOT_URN);
      assert.equal(root.custom, false);
      assert.equal(root.parent, undefined);
      // Registration order is the order the monitor answers, which need not be construction order.
      assert.deepEqual(
        record.resources.map((r) => r.name).sort(),
        ["box", "box-bucket", "box-inner", "box-inner-queue", "logs", "policy", "proj-s1", "role"],
      );
      assert.equal(new Set(record.resources.map((r) => r.urn)).size, record.resources.length);
      // A parent is recorded before its children.
      for (const [i, r] of record.resources.entries()) {
        if (r.parent) {
          assert.ok(record.resources.findIndex((p) => p.urn === r.parent) < i, `${r.urn} comes before its parent`);
        }
      }
    });

    it("gives top-level resources URNs without the root stack's type", () => {
      const role = byName(record, "role");
      assert.equal(role.type, "aws:iam/role:Role");
      assert.equal(role.urn, "urn:pulumi:s1::proj::aws:iam/role:Role::role");
      assert.equal(role.parent, ROOT_URN);
      assert.equal(role.custom, true);
      const box = byName(record, "box");
      assert.equal(box.urn, "urn:pulumi:s1::proj::test:index:Box::box");
      assert.equal(box.custom, false);
      assert.equal(box.parent, ROOT_URN);
    });

    it("qualifies a child's URN type with its parents' types", () => {
      const bucket = byName(record, "box-bucket");
      assert.equal(bucket.urn, "urn:pulumi:s1::proj::test:index:Box$aws:s3/bucket:Bucket::box-bucket");
      assert.equal(bucket.parent, byName(record, "box").urn);
      const inner = byName(record, "box-inner");
      assert.equal(inner.urn, "urn:pulumi:s1::proj::test:index:Box$test:index:Inner::box-inner");
      const queue = byName(record, "box-inner-queue");
      assert.equal(queue.urn, "urn:pulumi:s1::proj::test:index:Box$test:index:Inner$aws:sqs/queue:Queue::box-inner-queue");
      assert.equal(queue.parent, inner.urn);
    });

    it("records the inputs as given", () => {
      const role = byName(record, "role");
      assert.deepEqual(role.inputs, { assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}', tags: { team: "a" } });
      assert.deepEqual(byName(record, "box-bucket").inputs, { tags: { owner: "box" } });
      assert.deepEqual(byName(record, "box-inner-queue").inputs, { delaySeconds: 5 });
    });

    it("records the mocked outputs, with ARNs carrying the region and the offline account", () => {
      assert.equal(OFFLINE_ACCOUNT_ID, "123456789012");
      const logs = byName(record, "logs");
      assert.match(String(logs.outputs.arn), /^arn:aws:logs:us-west-2:123456789012:log-group:/);
      const queue = byName(record, "box-inner-queue");
      assert.match(String(queue.outputs.arn), /^arn:aws:sqs:us-west-2:123456789012:/);
      assert.equal(queue.outputs.delaySeconds, 5);
      const role = byName(record, "role");
      assert.match(String(role.outputs.arn), /^arn:aws:iam::123456789012:role\//);
      assert.equal(typeof role.id, "string");
      assert.ok(role.id);
      assert.equal(byName(record, "box").id, undefined);
    });

    it("gives an SSM parameter the ARN AWS gives it: the name without its leading slash after parameter/", async () => {
      const parameters = await run(() => {
        new aws.ssm.Parameter("path", { name: "/proj/s1/backend/API_TOKEN", type: "SecureString", value: "x" });
        new aws.ssm.Parameter("flat", { name: "API_TOKEN", type: "String", value: "x" });
      });
      assert.equal(byName(parameters, "path").outputs.arn, "arn:aws:ssm:us-west-2:123456789012:parameter/proj/s1/backend/API_TOKEN");
      assert.equal(byName(parameters, "flat").outputs.arn, "arn:aws:ssm:us-west-2:123456789012:parameter/API_TOKEN");
    });

    it("records a component's registered outputs", () => {
      const box = byName(record, "box");
      const bucket = byName(record, "box-bucket");
      assert.equal(typeof bucket.outputs.bucket, "string");
      assert.deepEqual(box.outputs, { bucketName: bucket.outputs.bucket });
    });

    it("records explicit and implicit dependencies", () => {
      const role = byName(record, "role");
      assert.deepEqual(byName(record, "logs").dependencies, [role.urn]);
      assert.ok(byName(record, "policy").dependencies.includes(byName(record, "box-bucket").urn));
      assert.deepEqual(role.dependencies, []);
    });

    it("records protect and retainOnDelete", () => {
      assert.equal(byName(record, "role").protect, true);
      assert.equal(byName(record, "role").retainOnDelete, false);
      assert.equal(byName(record, "logs").protect, false);
      assert.equal(byName(record, "logs").retainOnDelete, true);
      assert.equal(byName(record, "box-bucket").protect, false);
    });

    it("records secrets as [secret] in inputs and outputs, never their text", () => {
      const logs = byName(record, "logs");
      // The SDK marks the secret inside the map; the mock's echo comes back marked as a whole.
      assert.deepEqual(logs.inputs.tags, { token: SECRET });
      assert.equal(logs.outputs.tags, SECRET);
      assert.ok(!JSON.stringify(record).includes("s3cr3t"));
    });

    it("resolves the stack outputs, secrets as [secret]", () => {
      const bucket = byName(record, "box-bucket");
      assert.deepEqual(record.outputs, {
        roleArn: byName(record, "role").outputs.arn,
        logGroup: byName(record, "logs").outputs.name,
        hidden: SECRET,
        nested: { list: [bucket.outputs.bucket, 3], flag: true },
        policyId: byName(record, "policy").id,
      });
      assert.match(String(record.outputs.roleArn), /^arn:aws:iam::123456789012:role\/role/);
      assert.deepEqual(record.resources[0].outputs, record.outputs);
    });

    it("is plain JSON", () => {
      const check = (value: unknown, at: string): void => {
        if (value === null || value === undefined || ["string", "number", "boolean"].includes(typeof value)) {
          return;
        }
        if (Array.isArray(value)) {
          value.forEach((v, i) => check(v, `${at}[${i}]`));
          return;
        }
        assert.equal(typeof value, "object", at);
        assert.equal(Object.getPrototypeOf(value), Object.prototype, `${at} is not a plain object`);
        for (const [k, v] of Object.entries(value as object)) {
          check(v, `${at}.${k}`);
        }
      };
      check(record, "record");
      const copy = JSON.parse(JSON.stringify(record)) as StackRecord;
      assert.deepEqual(copy.resources.map((r) => r.urn), record.resources.map((r) => r.urn));
      assert.deepEqual(copy.outputs, record.outputs);
    });
  });

  describe("explicit providers", () => {
    let record: StackRecord;
    before(async () => {
      record = await run(() => {
        const east = new aws.Provider("east", { region: "us-east-1" });
        new aws.sqs.Queue("east-queue", {}, { provider: east });
        new aws.sqs.Queue("west-queue", {});
        const box = new Box("box");
        // A provider parented to a component, and a resource through it.
        const euProvider = new aws.Provider("eu", { region: "eu-central-1" }, { parent: box });
        new aws.sqs.Queue("eu-queue", {}, { parent: box, provider: euProvider });
        return {};
      });
    });

    it("references the provider from the resource", () => {
      const east = byName(record, "east");
      assert.equal(east.type, "pulumi:providers:aws");
      assert.equal(east.urn, "urn:pulumi:s1::proj::pulumi:providers:aws::east");
      const queue = byName(record, "east-queue");
      assert.ok(queue.provider, "the resource has no provider reference");
      assert.equal(providerUrn(queue.provider), east.urn);
      assert.equal(queue.provider, `${east.urn}::${east.id}`);
      assert.equal(byName(record, "west-queue").provider, undefined);
    });

    it("gives resources through a us-east-1 provider us-east-1 ARNs", () => {
      assert.match(String(byName(record, "east-queue").outputs.arn), /^arn:aws:sqs:us-east-1:123456789012:/);
      assert.match(String(byName(record, "west-queue").outputs.arn), /^arn:aws:sqs:us-west-2:123456789012:/);
    });

    it("follows a provider that is a component's child", () => {
      const eu = byName(record, "eu");
      assert.equal(eu.urn, "urn:pulumi:s1::proj::test:index:Box$pulumi:providers:aws::eu");
      const queue = byName(record, "eu-queue");
      assert.equal(providerUrn(queue.provider ?? ""), eu.urn);
      assert.match(String(queue.outputs.arn), /^arn:aws:sqs:eu-central-1:123456789012:/);
    });
  });

  describe("isolation", () => {
    const programFor = (name: string) => () => {
      new aws.s3.Bucket(`${name}-bucket`);
      new Box(`${name}-box`);
      return { name };
    };
    const namesOf = (record: StackRecord) => record.resources.map((r) => r.name).sort();

    it("does not leak resources between two runs in a row", async () => {
      const first = await run(programFor("one"), { stack: "first" });
      const second = await run(programFor("two"), { stack: "second" });
      assert.deepEqual(namesOf(first), ["one-box", "one-box-bucket", "one-bucket", "proj-first"]);
      assert.deepEqual(namesOf(second), ["proj-second", "two-box", "two-box-bucket", "two-bucket"]);
      assert.ok(second.resources.every((r) => r.urn.startsWith("urn:pulumi:second::proj::")));
      assert.deepEqual(first.outputs, { name: "one" });
      assert.deepEqual(second.outputs, { name: "two" });
    });

    it("does not leak resources between two runs started together", async () => {
      const [a, b] = await Promise.all([
        runProgram({ project: "pa", stack: "a", config: { ...REGION }, program: programFor("a") }),
        runProgram({ project: "pb", stack: "b", config: { "aws:region": "eu-west-1" }, program: programFor("b") }),
      ]);
      assert.deepEqual(namesOf(a), ["a-box", "a-box-bucket", "a-bucket", "pa-a"]);
      assert.deepEqual(namesOf(b), ["b-box", "b-box-bucket", "b-bucket", "pb-b"]);
      assert.ok(a.resources.every((r) => r.urn.startsWith("urn:pulumi:a::pa::")), a.resources.map((r) => r.urn).join("\n"));
      assert.ok(b.resources.every((r) => r.urn.startsWith("urn:pulumi:b::pb::")), b.resources.map((r) => r.urn).join("\n"));
      assert.match(String(byName(a, "a-bucket").outputs.bucketRegionalDomainName), /\.us-west-2\./);
      assert.match(String(byName(b, "b-bucket").outputs.bucketRegionalDomainName), /\.eu-west-1\./);
      assert.deepEqual(a.outputs, { name: "a" });
      assert.deepEqual(b.outputs, { name: "b" });
    });

    it("gives each run its own config", async () => {
      const read = () => ({ region: new pulumi.Config("aws").require("region"), greeting: new pulumi.Config().get("greeting") ?? null });
      const [a, b] = await Promise.all([
        runProgram({ project: "pa", stack: "a", config: { ...REGION, "pa:greeting": "hello" }, program: read }),
        runProgram({ project: "pb", stack: "b", config: { "aws:region": "eu-west-1" }, program: read }),
      ]);
      assert.deepEqual(a.outputs, { region: "us-west-2", greeting: "hello" });
      assert.deepEqual(b.outputs, { region: "eu-west-1", greeting: null });
    });
  });

  describe("failures", () => {
    it("throws OfflineRunError with the program's message and what it registered before", async () => {
      const err = await rejection(
        run(() => {
          new aws.s3.Bucket("before");
          throw new Error("the program broke");
        }),
      );
      assert.ok(err instanceof OfflineRunError, String(err));
      assert.equal(err.message, "the program broke");
      assert.equal(err.name, "OfflineRunError");
      assert.equal(err.record.stack, "s1");
      assert.ok(err.cause instanceof Error);
      assert.deepEqual(
        err.record.resources.map((r) => r.urn),
        [ROOT_URN, "urn:pulumi:s1::proj::aws:s3/bucket:Bucket::before"],
      );
      assert.deepEqual(err.record.outputs, {});
    });

    it("keeps the error's stack trace (the stack name is in .record)", async () => {
      const err = await rejection(
        run(() => {
          throw new Error("traceable");
        }),
      );
      assert.ok(err instanceof OfflineRunError, String(err));
      // Error.prototype.stack is the trace that Node, mocha and loggers print;
      // it must not be replaced by the Pulumi stack's name.
      assert.match(String(err.stack), /^OfflineRunError: traceable\n\s+at /);
    });

    it("leaves the next run clean after a failure", async () => {
      await rejection(
        run(() => {
          new aws.s3.Bucket("doomed");
          throw new Error("nope");
        }),
      );
      const next = await run(() => {
        new aws.s3.Bucket("fine");
        return { ok: true };
      });
      assert.deepEqual(next.resources.map((r) => r.name), ["proj-s1", "fine"]);
      assert.deepEqual(next.outputs, { ok: true });
    });

    it("fails an invoke that has no mock, naming its token", async () => {
      const err = await rejection(
        run(async () => {
          await aws.ec2.getAmi({ owners: ["amazon"], mostRecent: true });
          return {};
        }),
      );
      assert.ok(err instanceof OfflineRunError, String(err));
      assert.match(err.message, /aws:ec2\/getAmi:getAmi/);
    });

    it("answers the invokes it mocks", async () => {
      const record = await run(async () => {
        const identity = await aws.getCallerIdentity();
        const region = await aws.getRegion();
        return { account: identity.accountId, region: region.region };
      });
      assert.deepEqual(record.outputs, { account: "123456789012", region: "us-west-2" });
    });

    it("fails, naming where it stopped, when the program waits on a value nothing resolves (rather than exiting 0 in silence)", () => {
      // In a process of its own: mocha's timers would keep this one's event loop from ever going idle.
      const script = `
        const { runProgram } = require("./offline/engine");
        const aws = require("@pulumi/aws");
        runProgram({ project: "proj", stack: "stuck", config: { "aws:region": "us-west-2" }, program: async () => {
          new aws.s3.Bucket("before");
          await new Promise(() => undefined);
        } }).then(() => console.log("finished"), (err) => { console.log("failed: " + err.message); process.exitCode = 3; });`;
      const child = spawnSync(process.execPath, ["-r", "tsx/cjs", "-e", script], { cwd: path.join(__dirname, "..", ".."), encoding: "utf8", timeout: 60_000 });
      assert.equal(child.status, 3, child.stderr);
      assert.match(child.stdout, /^failed: the program never finished: it waits on a value nothing resolves \(2 resources registered, the last aws:s3\/bucket:Bucket before\)\n$/);
    });

    it("fails clearly without aws:region", async () => {
      const err = await rejection(runProgram({ project: "proj", stack: "noregion", config: {}, program: () => ({}) }));
      assert.ok(err instanceof Error);
      assert.match(err.message, /aws:region/);
      assert.match(err.message, /noregion/);
    });
  });
});

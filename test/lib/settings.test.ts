import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { checkDatabaseRegion, CONFIG_KEYS, ConfigError, parseSettings, type RawConfig, type Settings } from "../../lib/settings";
import { PROFILES } from "../../lib/axes";
import { BACKEND_PROGRAM_VARIABLES, MAX_TASKS_PER_SERVICE } from "../../lib/config-schema";

const REPO = path.resolve(__dirname, "../..");

/** Plain JS values are JSON-encoded, as the Pulumi runtime hands object config to the program. */
type Overrides = Record<string, string | object | undefined>;

function rawConfig(overrides: Overrides = {}): RawConfig {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries({ "aws:region": "us-west-2", ...overrides })) {
    if (v !== undefined) {
      values[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
  }
  return { project: "shoestring", stack: "test", projectDir: REPO, values };
}

function parse(overrides: Overrides = {}): Settings {
  return parseSettings(rawConfig(overrides));
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected a ConfigError, nothing was thrown");
}

/** Asserts that the config is refused naming the key (and, given a pattern, saying what it matches). */
function refuses(overrides: Overrides, key: string, message?: RegExp): void {
  const err = configError(() => parse(overrides));
  assert.equal(err.key, key, JSON.stringify(overrides));
  assert.ok(err.message.startsWith(`config ${key}: `), err.message);
  if (message) assert.match(err.message, message);
}

describe("lib/settings parseSettings", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "shoestring-settings-"));
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe("defaults", () => {
    it("defaults to the cheap profile and its axes", () => {
      const s = parse();
      assert.equal(s.project, "shoestring");
      assert.equal(s.stack, "test");
      assert.equal(s.region, "us-west-2");
      assert.equal(s.profile, "cheap");
      assert.deepEqual(s.axes, { api: "apigateway", frontend: "static", capacity: "spot", compute: "ecs", database: "rds" });
      assert.deepEqual(s.axes, { ...PROFILES.cheap });
    });

    it("takes the homework preset's axes", () => {
      const s = parse({ "shoestring:profile": "homework" });
      assert.equal(s.profile, "homework");
      assert.deepEqual(s.axes, { api: "alb", frontend: "container", capacity: "fargate", compute: "ecs", database: "rds" });
    });

    it("lets one axis override the preset", () => {
      const s = parse({ "shoestring:profile": "homework", "shoestring:capacity": "spot" });
      assert.equal(s.profile, "homework");
      assert.deepEqual(s.axes, { api: "alb", frontend: "container", capacity: "spot", compute: "ecs", database: "rds" });
      const c = parse({ "shoestring:capacity": "fargate" });
      assert.deepEqual(c.axes, { api: "apigateway", frontend: "static", capacity: "fargate", compute: "ecs", database: "rds" });
    });

    it("gives the backend its defaults and builds it from app/backend", () => {
      const { backend } = parse();
      assert.equal(backend.cpu, 256);
      assert.equal(backend.memory, 512);
      assert.equal(backend.architecture, "x86_64");
      assert.equal(backend.port, 4567);
      assert.equal(backend.healthCheckPath, "/api/health-check");
      assert.equal(backend.desiredCount, 1);
      assert.equal(backend.maxCount, 1);
      assert.deepEqual(backend.source, { kind: "build", context: path.join(REPO, "app/backend"), dockerfile: "Dockerfile" });
      assert.deepEqual(backend.environment, {});
    });

    it("resolves the site directory to app/frontend/site", () => {
      const { site } = parse();
      assert.equal(site.directory, path.join(REPO, "app/frontend/site"));
      assert.equal(site.context, path.join(REPO, "app/frontend"));
      assert.equal(site.dockerfile, "Dockerfile");
      assert.equal(site.port, 8080);
      assert.equal(site.healthCheckPath, "/healthz");
    });

    it("resolves a relative site directory against projectDir", () => {
      const dir = fs.mkdtempSync(path.join(tmp, "site-"));
      fs.writeFileSync(path.join(dir, "index.html"), "<html></html>");
      const s = parseSettings({ ...rawConfig({ "shoestring:site": { directory: path.basename(dir) }, "shoestring:backend": { image: "nginx:1.27" } }), projectDir: tmp });
      assert.equal(s.site.directory, dir);
    });

    it("defaults the flags, retention, database and network", () => {
      const s = parse();
      assert.equal(s.paused, false);
      assert.equal(s.pullThroughCache, true);
      assert.equal(s.protectData, true);
      assert.equal(s.pointInTimeRecovery, true);
      assert.equal(s.ecsExec, true);
      assert.equal(s.logRetentionDays, 7);
      assert.equal(s.domain, undefined);
      assert.deepEqual(s.network, { kind: "default" });
      assert.deepEqual(s.database, { instanceClass: "db.t4g.micro", allocatedStorage: 20, engineVersion: "16", dbName: "app", username: "app", backupRetentionDays: 1 });
    });

    it("reads the flags when set", () => {
      const s = parse({ "shoestring:paused": "true", "shoestring:pullThroughCache": "false", "shoestring:protectData": "false", "shoestring:logRetentionDays": "30", "shoestring:pointInTimeRecovery": "false", "shoestring:ecsExec": "false" });
      assert.equal(s.pointInTimeRecovery, false);
      assert.equal(s.ecsExec, false);
      assert.throws(() => parse({ "shoestring:ecsExec": "off" }), /shoestring:ecsExec/);
      assert.equal(s.paused, true);
      assert.equal(s.pullThroughCache, false);
      assert.equal(s.protectData, false);
      assert.equal(s.logRetentionDays, 30);
    });

    it("knows every key it documents", () => {
      for (const k of ["profile", "api", "frontend", "capacity", "paused", "domain", "hostedZone", "apiSubdomain", "siteSubdomain", "backend", "site", "database", "logRetentionDays", "pullThroughCache", "protectData", "vpcId", "subnetIds"]) {
        assert.ok((CONFIG_KEYS as readonly string[]).includes(k), k);
      }
    });
  });

  describe("domain", () => {
    it("serves the site on the domain and the API on api.<domain>, zone by name", () => {
      const s = parse({ "shoestring:domain": "example.com" });
      assert.deepEqual(s.domain, { siteHost: "example.com", apiHost: "api.example.com", zone: { name: "example.com" } });
    });

    it("honours siteSubdomain and apiSubdomain", () => {
      const s = parse({ "shoestring:domain": "app.example.com", "shoestring:siteSubdomain": "www", "shoestring:apiSubdomain": "backend" });
      assert.equal(s.domain?.siteHost, "www.app.example.com");
      assert.equal(s.domain?.apiHost, "backend.app.example.com");
    });

    it("takes the hosted zone by a parent name", () => {
      const s = parse({ "shoestring:domain": "shoestring.example.com", "shoestring:hostedZone": "example.com" });
      assert.deepEqual(s.domain?.zone, { name: "example.com" });
    });

    it("takes the hosted zone by id", () => {
      const s = parse({ "shoestring:domain": "shoestring.example.com", "shoestring:hostedZone": "Z0123456789ABCDEFGHIJ" });
      assert.deepEqual(s.domain?.zone, { id: "Z0123456789ABCDEFGHIJ" });
    });

    it("lets alb + static through when a domain is set", () => {
      const s = parse({ "shoestring:api": "alb", "shoestring:domain": "example.com" });
      assert.deepEqual(s.axes, { api: "alb", frontend: "static", capacity: "spot", compute: "ecs", database: "rds" });
    });
  });

  describe("valid edge cases", () => {
    it("accepts cpu 1024 with memory 8192", () => {
      const s = parse({ "shoestring:backend": { cpu: 1024, memory: 8192 } });
      assert.equal(s.backend.cpu, 1024);
      assert.equal(s.backend.memory, 8192);
    });

    it("accepts numbers given as strings (pulumi config set --path)", () => {
      const s = parse({ "shoestring:backend": { cpu: "512", memory: "2048", desiredCount: "0" } });
      assert.equal(s.backend.cpu, 512);
      assert.equal(s.backend.memory, 2048);
      assert.equal(s.backend.desiredCount, 0);
    });

    it("accepts arm64", () => {
      const s = parse({ "shoestring:backend": { architecture: "arm64" }, "shoestring:site": { architecture: "arm64" } });
      assert.equal(s.backend.architecture, "arm64");
      assert.equal(s.site.architecture, "arm64");
    });

    it("accepts a prebuilt image instead of a build", () => {
      const s = parse({ "shoestring:backend": { image: "public.ecr.aws/docker/library/nginx:1.27" } });
      assert.deepEqual(s.backend.source, { kind: "image", image: "public.ecr.aws/docker/library/nginx:1.27" });
    });

    it("accepts maxCount above desiredCount and plain environment variables", () => {
      const s = parse({ "shoestring:backend": { desiredCount: 1, maxCount: 4, environment: { LOG_LEVEL: "debug" } } });
      assert.equal(s.backend.maxCount, 4);
      assert.deepEqual(s.backend.environment, { LOG_LEVEL: "debug" });
    });

    it("accepts a VPC with two subnets", () => {
      const s = parse({ "shoestring:vpcId": "vpc-0123456789abcdef0", "shoestring:subnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] });
      assert.deepEqual(s.network, { kind: "existing", vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] });
    });

    it("does not check the site directory for the container frontend", () => {
      const s = parse({ "shoestring:profile": "homework", "shoestring:site": { directory: path.join(tmp, "does-not-exist") } });
      assert.equal(s.site.directory, path.join(tmp, "does-not-exist"));
    });
  });

  describe("bad configs", () => {
    const missing = () => path.join(tmp, "no-such-site");
    const noIndex = () => {
      const dir = path.join(tmp, "no-index");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "other.html"), "<html></html>");
      return dir;
    };

    interface Case {
      name: string;
      config: () => Overrides;
      key: string;
      /** Substrings the message must contain besides the key (the bad value, usually). */
      mentions: string[];
      /** Substrings the message must not contain (credentials). */
      hides?: string[];
    }

    const cases: Case[] = [
      { name: "unknown profile", config: () => ({ "shoestring:profile": "fancy" }), key: "shoestring:profile", mentions: ['"fancy"', "homework", "cheap"] },
      { name: "unknown api", config: () => ({ "shoestring:api": "nlb" }), key: "shoestring:api", mentions: ['"nlb"', "alb", "apigateway"] },
      { name: "unknown frontend", config: () => ({ "shoestring:frontend": "amplify" }), key: "shoestring:frontend", mentions: ['"amplify"'] },
      { name: "unknown capacity", config: () => ({ "shoestring:capacity": "ec2" }), key: "shoestring:capacity", mentions: ['"ec2"'] },
      { name: "container frontend with apigateway", config: () => ({ "shoestring:profile": "homework", "shoestring:api": "apigateway" }), key: "shoestring:frontend", mentions: ['"container"', '"apigateway"'] },
      { name: "alb + static without a domain", config: () => ({ "shoestring:api": "alb" }), key: "shoestring:api", mentions: ['"alb"', "shoestring:domain"] },
      { name: "cpu that is not a Fargate size", config: () => ({ "shoestring:backend": { cpu: 300 } }), key: "shoestring:backend.cpu", mentions: ["300"] },
      { name: "cpu that is not a number", config: () => ({ "shoestring:backend": { cpu: "lots" } }), key: "shoestring:backend.cpu", mentions: ["lots"] },
      { name: "cpu/memory pair 256/4096", config: () => ({ "shoestring:backend": { cpu: 256, memory: 4096 } }), key: "shoestring:backend.memory", mentions: ["4096", "256"] },
      { name: "site cpu/memory pair 1024/1024", config: () => ({ "shoestring:site": { cpu: 1024, memory: 1024 } }), key: "shoestring:site.memory", mentions: ["1024"] },
      { name: "port 0", config: () => ({ "shoestring:backend": { port: 0 } }), key: "shoestring:backend.port", mentions: ["0 is not"] },
      { name: "port 70000", config: () => ({ "shoestring:backend": { port: 70000 } }), key: "shoestring:backend.port", mentions: ["70000"] },
      { name: "health-check path without a leading slash", config: () => ({ "shoestring:backend": { healthCheckPath: "health" } }), key: "shoestring:backend.healthCheckPath", mentions: ['"health"'] },
      { name: "health-check path with a space", config: () => ({ "shoestring:site": { healthCheckPath: "/a b" } }), key: "shoestring:site.healthCheckPath", mentions: ['"/a b"'] },
      { name: "domain with an empty label", config: () => ({ "shoestring:domain": "Example..com" }), key: "shoestring:domain", mentions: ['"Example..com"'] },
      { name: "single-label domain", config: () => ({ "shoestring:domain": "localhost" }), key: "shoestring:domain", mentions: ['"localhost"'] },
      { name: "hostedZone that does not contain the domain", config: () => ({ "shoestring:domain": "app.example.com", "shoestring:hostedZone": "example.org" }), key: "shoestring:hostedZone", mentions: ['"example.org"', "app.example.com"] },
      { name: "hostedZone without a domain", config: () => ({ "shoestring:hostedZone": "example.com" }), key: "shoestring:hostedZone", mentions: ["shoestring:domain"] },
      { name: "same host for site and API", config: () => ({ "shoestring:domain": "example.com", "shoestring:siteSubdomain": "api" }), key: "shoestring:apiSubdomain", mentions: ['"api"', "api.example.com"] },
      { name: "apiSubdomain that is not a label", config: () => ({ "shoestring:domain": "example.com", "shoestring:apiSubdomain": "API_" }), key: "shoestring:apiSubdomain", mentions: ['"API_"'] },
      { name: "negative desiredCount", config: () => ({ "shoestring:backend": { desiredCount: -1 } }), key: "shoestring:backend.desiredCount", mentions: ["-1"] },
      { name: "maxCount below desiredCount", config: () => ({ "shoestring:backend": { desiredCount: 3, maxCount: 2 } }), key: "shoestring:backend.maxCount", mentions: ["2 is below", "3"] },
      { name: "missing site directory", config: () => ({ "shoestring:site": { directory: missing() } }), key: "shoestring:site.directory", mentions: [path.join(tmp, "no-such-site")] },
      { name: "site directory without index.html", config: () => ({ "shoestring:site": { directory: noIndex() } }), key: "shoestring:site.directory", mentions: [path.join(tmp, "no-index"), "index.html"] },
      { name: "logRetentionDays CloudWatch does not accept", config: () => ({ "shoestring:logRetentionDays": "10" }), key: "shoestring:logRetentionDays", mentions: ["10 is not"] },
      { name: "logRetentionDays that is not a number", config: () => ({ "shoestring:logRetentionDays": "a week" }), key: "shoestring:logRetentionDays", mentions: ['"a week"'] },
      { name: "unknown top-level key (typo)", config: () => ({ "shoestring:profle": "homework" }), key: "shoestring:profle", mentions: ["unknown key", "shoestring:profile"] },
      { name: "unknown backend field", config: () => ({ "shoestring:backend": { cpus: 512 } }), key: "shoestring:backend.cpus", mentions: ["unknown field", "cpu"] },
      { name: "unknown database field", config: () => ({ "shoestring:database": { engine: "mysql" } }), key: "shoestring:database.engine", mentions: ["unknown field"] },
      { name: "backend that is not an object", config: () => ({ "shoestring:backend": "big" }), key: "shoestring:backend", mentions: ['"big"'] },
      { name: 'paused "yes"', config: () => ({ "shoestring:paused": "yes" }), key: "shoestring:paused", mentions: ['"yes"', "true", "false"] },
      {
        name: "AWS_SECRET_ACCESS_KEY in backend.environment",
        config: () => ({ "shoestring:backend": { environment: { AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } } }),
        key: "shoestring:backend.environment.AWS_SECRET_ACCESS_KEY",
        mentions: ["credential"],
        hides: ["wJalrXUtnFEMI"],
      },
      {
        name: "access key id as a value in backend.environment",
        config: () => ({ "shoestring:backend": { environment: { UPSTREAM: "key=AKIAIOSFODNN7EXAMPLE" } } }),
        key: "shoestring:backend.environment.UPSTREAM",
        mentions: ["credential"],
        hides: ["AKIAIOSFODNN7EXAMPLE"],
      },
      { name: "environment value that is not a string", config: () => ({ "shoestring:backend": { environment: { PORT: 80 } } }), key: "shoestring:backend.environment.PORT", mentions: ["string"] },
      { name: "region that is not a region name", config: () => ({ "aws:region": "uswest2" }), key: "aws:region", mentions: ['"uswest2"'] },
      { name: "region missing", config: () => ({ "aws:region": undefined }), key: "aws:region", mentions: ["not set"] },
      { name: "subnetIds without vpcId", config: () => ({ "shoestring:subnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }), key: "shoestring:vpcId", mentions: ["null", "subnetIds"] },
      { name: "only one subnet", config: () => ({ "shoestring:vpcId": "vpc-0123456789abcdef0", "shoestring:subnetIds": ["subnet-0123456789abcdef0"] }), key: "shoestring:subnetIds", mentions: ["subnet-0123456789abcdef0"] },
      { name: "database instanceClass", config: () => ({ "shoestring:database": { instanceClass: "t4g.micro" } }), key: "shoestring:database.instanceClass", mentions: ['"t4g.micro"'] },
      { name: "database allocatedStorage 10", config: () => ({ "shoestring:database": { allocatedStorage: 10 } }), key: "shoestring:database.allocatedStorage", mentions: ["10 GiB"] },
      { name: "a permissions boundary that is not a policy ARN", config: () => ({ "shoestring:permissionsBoundary": "arn:aws:iam::123456789012:role/shoestring/x" }), key: "shoestring:permissionsBoundary", mentions: ["workloadBoundaryArn"] },
      { name: "reserved database username", config: () => ({ "shoestring:database": { username: "postgres" } }), key: "shoestring:database.username", mentions: ['"postgres"'] },
      { name: "backend image and context together", config: () => ({ "shoestring:backend": { image: "nginx:1.27", context: "app/backend" } }), key: "shoestring:backend.image", mentions: ["image", "context"] },
      { name: "backend image that is not a reference", config: () => ({ "shoestring:backend": { image: "not an image" } }), key: "shoestring:backend.image", mentions: ['"not an image"'] },
      { name: "architecture", config: () => ({ "shoestring:backend": { architecture: "aarch64" } }), key: "shoestring:backend.architecture", mentions: ['"aarch64"', "arm64"] },
    ];

    it("has at least 16 distinct cases", () => {
      assert.ok(cases.length >= 16);
      assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
    });

    for (const c of cases) {
      it(`rejects ${c.name} (${c.key})`, () => {
        const err = configError(() => parse(c.config()));
        assert.equal(err.key, c.key, err.message);
        assert.equal(err.name, "ConfigError");
        assert.ok(err.message.includes(c.key), `message does not name the key ${c.key}: ${err.message}`);
        for (const m of c.mentions) {
          assert.ok(err.message.includes(m), `message does not mention ${JSON.stringify(m)}: ${err.message}`);
        }
        for (const h of c.hides ?? []) {
          assert.ok(!err.message.includes(h), `message repeats ${JSON.stringify(h)}: ${err.message}`);
        }
      });
    }
  });

  describe("boundaries", () => {
    const accepts = (overrides: Overrides) => assert.doesNotThrow(() => parse(overrides), JSON.stringify(overrides));

    it("database: backup retention 0 to 35 days, storage 20 to 65536 GiB, a two-digit major version", () => {
      for (const days of [0, 35]) accepts({ "shoestring:database": { backupRetentionDays: days } });
      for (const days of [-1, 36]) refuses({ "shoestring:database": { backupRetentionDays: days } }, "shoestring:database.backupRetentionDays", /is outside 0 to 35/);
      for (const gb of [20, 65536]) accepts({ "shoestring:database": { allocatedStorage: gb } });
      for (const gb of [19, 65537]) refuses({ "shoestring:database": { allocatedStorage: gb } }, "shoestring:database.allocatedStorage", /outside what gp3 storage allows for Postgres: 20 to 65536/);
      for (const v of ["16", "16.4", "17"]) accepts({ "shoestring:database": { engineVersion: v } });
      for (const v of ["9.6", "16.", "v16", "166", "16.4.1"]) refuses({ "shoestring:database": { engineVersion: v } }, "shoestring:database.engineVersion", /is not a Postgres version/);
      for (const name of ["a", `a${"b".repeat(62)}`]) accepts({ "shoestring:database": { dbName: name } });
      for (const name of [`a${"b".repeat(63)}`, "1app", "App", "postgres", "rdsadmin"]) refuses({ "shoestring:database": { dbName: name } }, "shoestring:database.dbName", /must start with a lower-case letter/);
      refuses({ "shoestring:database": { instanceClass: "t4g.micro" } }, "shoestring:database.instanceClass", /is not an RDS instance class/);
    });

    it("ports 1 to 65535, counts from 0, maxCount not below desiredCount, a health check path starting with /", () => {
      for (const port of [1, 65535]) accepts({ "shoestring:backend": { port } });
      for (const port of [0, 65536]) refuses({ "shoestring:backend": { port } }, "shoestring:backend.port", /is not a TCP port; allowed: 1 to 65535/);
      accepts({ "shoestring:backend": { desiredCount: 0 } });
      refuses({ "shoestring:backend": { desiredCount: -1 } }, "shoestring:backend.desiredCount", /is negative/);
      accepts({ "shoestring:backend": { desiredCount: 2, maxCount: 2 } });
      refuses({ "shoestring:backend": { desiredCount: 2, maxCount: 1 } }, "shoestring:backend.maxCount", /is below desiredCount 2/);
      accepts({ "shoestring:backend": { healthCheckPath: "/" } });
      for (const path of ["health", "/a b", ""]) refuses({ "shoestring:backend": { healthCheckPath: path } }, "shoestring:backend.healthCheckPath", /must be a URL path starting with "\/"/);
    });

    it("domains: labels of 1 to 63 characters, names of at most 253, a site subdomain checked like a label (or empty)", () => {
      const label63 = `a${"b".repeat(61)}c`;
      accepts({ "shoestring:domain": `${label63}.com` });
      refuses({ "shoestring:domain": `${label63}d.com` }, "shoestring:domain", /is not a domain name/);
      const long = Array.from({ length: 4 }, () => "a".repeat(61)).join(".") + ".examp"; // 253 characters
      assert.equal(long.length, 253);
      accepts({ "shoestring:domain": long.slice(4), "shoestring:apiSubdomain": "x", "shoestring:siteSubdomain": "y" });
      refuses({ "shoestring:domain": long }, "shoestring:apiSubdomain", /"api" makes the host name 257 characters long .*; allowed: at most 253, which leaves no room for a prefix: use a shorter domain$/);
      refuses({ "shoestring:domain": `a${long}` }, "shoestring:domain", /is not a domain name/);
      for (const bad of ["example", "Example.com", "-a.example.com", "a-.example.com", "a..example.com"]) refuses({ "shoestring:domain": bad }, "shoestring:domain", /is not a domain name/);
      accepts({ "shoestring:domain": "example.com", "shoestring:siteSubdomain": "www" });
      assert.equal(parse({ "shoestring:domain": "example.com", "shoestring:siteSubdomain": "www" }).domain?.siteHost, "www.example.com");
      for (const bad of ["WWW", "-www", "www_1"]) refuses({ "shoestring:domain": "example.com", "shoestring:siteSubdomain": bad }, "shoestring:siteSubdomain", /is not a DNS label; use lower-case letters, digits and hyphens, or "" for the domain itself/);
      refuses({ "shoestring:domain": "example.com", "shoestring:apiSubdomain": "" }, "shoestring:apiSubdomain", /is not a DNS label; use lower-case letters, digits and hyphens$/);
      refuses({ "shoestring:domain": "example.com", "shoestring:apiSubdomain": "www", "shoestring:siteSubdomain": "www" }, "shoestring:apiSubdomain", /the same host name as the site \(www\.example\.com\)/);
      refuses({ "shoestring:siteSubdomain": "www" }, "shoestring:siteSubdomain", /is set but shoestring:domain is not/);
      assert.deepEqual(parse({ "shoestring:domain": "app.example.com", "shoestring:hostedZone": "example.com" }).domain?.zone, { name: "example.com" });
      assert.deepEqual(parse({ "shoestring:domain": "app.example.com", "shoestring:hostedZone": "Z0123456789AB" }).domain?.zone, { id: "Z0123456789AB" });
      refuses({ "shoestring:domain": "app.example.com", "shoestring:hostedZone": "other.com" }, "shoestring:hostedZone", /does not contain the domain "app.example.com"/);
      refuses({ "shoestring:domain": "app.example.com", "shoestring:hostedZone": "xample.com" }, "shoestring:hostedZone", /does not contain the domain/);
    });

    it("network: a vpcId needs subnetIds, and every subnet must be a subnet id, at least two", () => {
      const vpc = "vpc-0a0b0c0d0e0f01234";
      const good = ["subnet-0a0b0c0d0e0f0000a", "subnet-0a0b0c0d0e0f0000b"];
      assert.deepEqual(parse({ "shoestring:vpcId": vpc, "shoestring:subnetIds": good }).network, { kind: "existing", vpcId: vpc, subnetIds: good });
      assert.deepEqual(parse({ "shoestring:network": "existing", "shoestring:vpcId": vpc, "shoestring:subnetIds": good }).network, { kind: "existing", vpcId: vpc, subnetIds: good });
      assert.deepEqual(parse({ "shoestring:network": "new" }).network, { kind: "new" });
      refuses({ "shoestring:network": "new", "shoestring:vpcId": vpc }, "shoestring:vpcId", /is set but shoestring:network is "new"; set network "existing"/);
      refuses({ "shoestring:network": "default", "shoestring:subnetIds": good }, "shoestring:subnetIds", /is set but shoestring:network is "default"/);
      refuses({ "shoestring:network": "existing" }, "shoestring:vpcId", /network "existing" needs both vpcId and subnetIds/);
      refuses({ "shoestring:network": "custom" }, "shoestring:network", /"custom" is not allowed; allowed: default, new, existing/);
      refuses({ "aws:region": "xx-nowhere-9", "shoestring:network": "new" }, "aws:region", /"xx-nowhere-9" is not a commercial AWS region this program knows/);
      refuses({ "shoestring:vpcId": vpc }, "shoestring:subnetIds", /must list at least two distinct subnet ids/);
      refuses({ "shoestring:subnetIds": good }, "shoestring:vpcId", /null is not a VPC id/);
      refuses({ "shoestring:vpcId": vpc, "shoestring:subnetIds": [good[0]] }, "shoestring:subnetIds", /must list at least two distinct subnet ids/);
      refuses({ "shoestring:vpcId": vpc, "shoestring:subnetIds": [...good, "subnet-XYZ"] }, "shoestring:subnetIds[2]", /"subnet-XYZ" is not a subnet id/);
      refuses({ "shoestring:vpcId": vpc, "shoestring:subnetIds": [good[0], good[0]] }, "shoestring:subnetIds[1]", /"subnet-0a0b0c0d0e0f0000a" is listed twice \(also subnetIds\[0\]\); list each subnet once/);
      refuses({ "shoestring:vpcId": "vpc-123", "shoestring:subnetIds": good }, "shoestring:vpcId", /is not a VPC id/);
    });

    it("log retention: only the values CloudWatch Logs accepts", () => {
      accepts({ "shoestring:logRetentionDays": "1" });
      accepts({ "shoestring:logRetentionDays": "3653" });
      refuses({ "shoestring:logRetentionDays": "2" }, "shoestring:logRetentionDays", /is not a retention CloudWatch Logs accepts/);
    });
  });

  describe("where the docs and the checks once disagreed", () => {

    it("takes a major engineVersion unquoted (YAML reads 16 as a number), and asks to quote one with a minor", () => {
      assert.equal(parse({ "shoestring:database": { engineVersion: 16 } }).database.engineVersion, "16");
      assert.equal(parse({ "shoestring:database": { engineVersion: "16.10" } }).database.engineVersion, "16.10");
      refuses({ "shoestring:database": { engineVersion: 16.1 } }, "shoestring:database.engineVersion", /16\.1 is a number to YAML, which drops a minor version's trailing zeros \(16\.10 becomes 16\.1\); quote the version/);
      refuses({ "shoestring:database": { engineVersion: 7 } }, "shoestring:database.engineVersion", /"7" is not a Postgres version/);
    });

    it("refuses a site directory holding config.json before anything is registered", () => {
      const dir = path.join(tmp, "with-config");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "index.html"), "<html></html>");
      fs.writeFileSync(path.join(dir, "config.json"), "{}");
      refuses({ "shoestring:site": { directory: dir } }, "shoestring:site.directory", /has a config\.json; remove it: the deploy writes it/);
    });

    it("refuses a directory as the dockerfile", () => {
      refuses({ "shoestring:backend": { context: ".", dockerfile: "app" } }, "shoestring:backend.dockerfile", /"app" is not a file in .* \(it is a directory\)/);
      refuses({ "shoestring:backend": { dockerfile: "Dockerfile.missing" } }, "shoestring:backend.dockerfile", /"Dockerfile.missing" is not a file in/);
    });

    it("refuses in backend.environment and backend.secrets every variable the program sets, naming them", () => {
      for (const name of BACKEND_PROGRAM_VARIABLES) {
        const setByProgram = /is set by the program \(PORT, FRONTEND_URL, TABLE_NAME, AWS_REGION, DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_AUTH, DB_SECRET_ARN, SECRETS_FROM, AWS_LWA_PORT, AWS_LWA_READINESS_CHECK_PATH\)/;
        refuses({ "shoestring:backend": { environment: { [name]: "x" } } }, `shoestring:backend.environment.${name}`, setByProgram);
        refuses({ "shoestring:backend": { secrets: { [name]: "ssm:/x" } } }, `shoestring:backend.secrets.${name}`, setByProgram);
      }
      assert.ok(BACKEND_PROGRAM_VARIABLES.includes("DB_USER") && BACKEND_PROGRAM_VARIABLES.includes("DB_SECRET_ARN") && BACKEND_PROGRAM_VARIABLES.includes("SECRETS_FROM"));
    });

    it("reads backend.secrets as references, and refuses bad ones with the key", () => {
      const s = parse({ "shoestring:backend": { secrets: { API_TOKEN: "ssm:/app/token", STRIPE: "secretsmanager:prod/stripe" } } });
      assert.deepEqual(s.backend.secrets, { API_TOKEN: { service: "ssm", by: "name", name: "/app/token" }, STRIPE: { service: "secretsmanager", by: "name", name: "prod/stripe" } });
      assert.deepEqual(s.backend.storedSecrets, {});
      refuses({ "shoestring:backend": { secrets: { API_TOKEN: "hunter2" } } }, "shoestring:backend.secrets.API_TOKEN", /"hunter2" does not say where the secret is/);
      refuses({ "shoestring:backend": { secrets: { API_TOKEN: "ssm:team/token" } } }, "shoestring:backend.secrets.API_TOKEN", /is a hierarchy without its leading "\/"/);
      refuses({ "shoestring:backend": { secrets: { "BAD-NAME": "ssm:/x" } } }, "shoestring:backend.secrets.BAD-NAME", /is not a variable name/);
      refuses({ "shoestring:backend": { secrets: { AWS_SECRET_ACCESS_KEY: "ssm:/x" } } }, "shoestring:backend.secrets.AWS_SECRET_ACCESS_KEY", /looks like an AWS credential/);
      refuses({ "shoestring:backend": { secrets: { TOKEN: 5 } } }, "shoestring:backend.secrets.TOKEN", /must be a variable name mapped to a string/);
      refuses({ "shoestring:backend": { environment: { TOKEN: "x" }, secrets: { TOKEN: "ssm:/x" } } }, "shoestring:backend.secrets.TOKEN", /is also in backend.environment; give the variable one source/);
    });

    it("stores backend.environment as secrets when Pulumi holds the backend key as a secret, and checks their size without quoting them", () => {
      const secretBackend = (environment: Record<string, string>) => parseSettings({ ...rawConfig({ "shoestring:backend": { environment } }), secretKeys: ["shoestring:backend"] });
      const s = secretBackend({ API_TOKEN: "t0ken", MODE: "x" });
      assert.deepEqual(s.backend.environment, {});
      assert.deepEqual(s.backend.storedSecrets, { API_TOKEN: "t0ken", MODE: "x" });
      assert.deepEqual(parse({ "shoestring:backend": { environment: { MODE: "x" } } }).backend.storedSecrets, {}, "a plain backend key stays plain");
      const big = configError(() => secretBackend({ BIG: "q".repeat(4097) }));
      assert.equal(big.key, "shoestring:backend.environment.BIG");
      assert.match(big.message, /4097-byte secret; a standard SSM parameter holds at most 4096 bytes/);
      assert.ok(!big.message.includes("qqqq"));
      assert.equal(configError(() => secretBackend({ EMPTY: "" })).key, "shoestring:backend.environment.EMPTY");
      // The parameters go under /<project>/<stack>/backend/: a project Parameter Store keeps for itself is refused.
      const reserved = configError(() => parseSettings({ ...rawConfig({ "shoestring:backend": { environment: { TOKEN: "t" } } }), project: "ssm-demo", values: { "aws:region": "us-west-2", "ssm-demo:backend": JSON.stringify({ environment: { TOKEN: "t" } }) }, secretKeys: ["ssm-demo:backend"] }));
      assert.equal(reserved.key, "ssm-demo:backend.environment.TOKEN");
      assert.match(reserved.message, /"\/ssm-demo\/test\/backend\/TOKEN" begins with "ssm"/);
    });

    it("says VPC and subnet ids are lower-case hex", () => {
      refuses({ "shoestring:vpcId": "vpc-0A1B2C3D4E5F60718", "shoestring:subnetIds": ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"] }, "shoestring:vpcId", /"vpc-0A1B2C3D4E5F60718" is not a VPC id: vpc- and 8 to 17 lower-case hex digits/);
      refuses({ "shoestring:vpcId": "vpc-0a1b2c3d4e5f60718", "shoestring:subnetIds": ["subnet-0A1B2C3D4E5F60718", "subnet-0a1b2c3d4e5f60719"] }, "shoestring:subnetIds[0]", /lower-case hex digits/);
    });

    it("caps desiredCount and maxCount at the tasks one ECS service runs by default", () => {
      assert.equal(parse({ "shoestring:backend": { desiredCount: MAX_TASKS_PER_SERVICE } }).backend.desiredCount, 5000);
      refuses({ "shoestring:backend": { desiredCount: 5001 } }, "shoestring:backend.desiredCount", /5001 is more tasks than the default quota of one ECS service; allowed: 0 to 5000/);
      refuses({ "shoestring:backend": { desiredCount: "100000000000000000000" } }, "shoestring:backend.desiredCount", /allowed: 0 to 5000/);
      refuses({ "shoestring:site": { maxCount: 5001 } }, "shoestring:site.maxCount", /5001 is outside 0 to 5000/);
    });

    it("refuses upper case in an image's repository path, takes it in the registry host and the tag", () => {
      for (const image of ["Nginx:1.27", "public.ecr.aws/Docker/library/nginx:1.27", "ghcr.io/Owner/app:v1"]) {
        refuses({ "shoestring:backend": { image } }, "shoestring:backend.image", /has upper case in its repository path .*: Docker and OCI repository names are lower case; write "[^A-Z]*"$/);
      }
      for (const image of ["nginx:Latest", "Registry.Example.com:5000/team/app:v1", "public.ecr.aws/docker/library/nginx@sha256:" + "a".repeat(64), "app:v1@sha256:" + "b".repeat(64)]) {
        assert.equal(parse({ "shoestring:backend": { image } }).backend.source.kind, "image", image);
      }
    });

    it("says to quote a name YAML read as a number or boolean", () => {
      refuses({ "shoestring:database": { dbName: 2024 } }, "shoestring:database.dbName", /2024 is not a string: YAML reads it unquoted as a number; quote it \("2024"\)/);
      refuses({ "shoestring:backend": { environment: { FEATURE: true } } }, "shoestring:backend.environment.FEATURE", /quote it \("true"\)/);
      refuses({ "shoestring:site": { directory: 7 } }, "shoestring:site.directory", /quote it/);
    });

    it("refuses a full host name as a subdomain", () => {
      refuses({ "shoestring:domain": "example.com", "shoestring:siteSubdomain": "www.example.com" }, "shoestring:siteSubdomain", /is a full host name, and the prefix goes before example\.com/);
      refuses({ "shoestring:domain": "example.com", "shoestring:apiSubdomain": "api.example.com" }, "shoestring:apiSubdomain", /is a full host name/);
    });
  });

  describe("whole values only: text before or after a valid value is refused", () => {
    const vpc = "vpc-0a0b0c0d0e0f01234";
    const subnets = ["subnet-0a0b0c0d0e0f0000a", "subnet-0a0b0c0d0e0f0000b"];

    it("region, VPC, subnets, boundary ARN, hosted zone id and instance class", () => {
      for (const region of ["xus-west-2", "us-west-2x", "us-west"]) refuses({ "aws:region": region }, "aws:region");
      // Other partitions: their ARNs, zones and prices are not the commercial ones the program knows.
      refuses({ "aws:region": "us-gov-west-1" }, "aws:region", /^config aws:region: "us-gov-west-1" is not a commercial AWS region this program knows \(GovCloud and China are other partitions, not supported\); known: af-south-1, .*, us-west-2$/);
      refuses({ "aws:region": "cn-north-1" }, "aws:region", /is not a commercial AWS region/);
      assert.equal(parse({ "aws:region": "mx-central-1" }).region, "mx-central-1");
      for (const id of [`x${vpc}`, `${vpc}x`]) refuses({ "shoestring:vpcId": id, "shoestring:subnetIds": subnets }, "shoestring:vpcId");
      for (const id of [`x${subnets[0]}`, `${subnets[0]}x`]) refuses({ "shoestring:vpcId": vpc, "shoestring:subnetIds": [id, subnets[1]] }, "shoestring:subnetIds[0]");
      const boundary = "arn:aws:iam::123456789012:policy/shoestring/shoestring-workload-boundary";
      assert.equal(parse({ "shoestring:permissionsBoundary": boundary }).permissionsBoundary, boundary);
      assert.equal(parse({ "shoestring:permissionsBoundary": "arn:aws-us-gov:iam::123456789012:policy/b" }).permissionsBoundary, "arn:aws-us-gov:iam::123456789012:policy/b");
      for (const arn of [`x${boundary}`, `${boundary} x`, "arn:aws-:iam::123456789012:policy/b", "arn:aws:iam::12345:policy/b", "arn:aws:iam::123456789012:policy/", "arn:aws:iam::123456789012:policy/a b", "arn:aws:iam::123456789012:role/b"]) {
        refuses({ "shoestring:permissionsBoundary": arn }, "shoestring:permissionsBoundary");
      }
      for (const zone of ["xZ0123456789AB", "Z0123456789AB!"]) refuses({ "shoestring:domain": "app.example.com", "shoestring:hostedZone": zone }, "shoestring:hostedZone");
      for (const cls of ["xdb.t4g.micro", "db.t4g.micro!"]) refuses({ "shoestring:database": { instanceClass: cls } }, "shoestring:database.instanceClass");
      assert.equal(parse({ "shoestring:database": { engineVersion: "16.10" } }).database.engineVersion, "16.10");
    });

    it("whole numbers, environment variable names and credentials, image references", () => {
      for (const n of ["12x", "x12", "1.5"]) refuses({ "shoestring:logRetentionDays": n }, "shoestring:logRetentionDays");
      assert.equal(parse({ "shoestring:backend": { port: "8080" } }).backend.port, 8080);
      for (const port of ["80x", "x80", 80.5, true]) refuses({ "shoestring:backend": { port } }, "shoestring:backend.port");
      for (const name of ["1VAR", "VAR-1", "A B"]) refuses({ "shoestring:backend": { environment: { [name]: "x" } } }, `shoestring:backend.environment.${name}`);
      refuses({ "shoestring:backend": { environment: { GOOD: 1 } } }, "shoestring:backend.environment.GOOD");
      for (const env of [["A=1"], "A=1"]) refuses({ "shoestring:backend": { environment: env } }, "shoestring:backend.environment");
      for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) refuses({ "shoestring:backend": { environment: { [name]: "x" } } }, `shoestring:backend.environment.${name}`);
      assert.deepEqual(parse({ "shoestring:backend": { environment: { MY_AWS_SESSION_TOKEN_NAME: "x", AWS_REGION_X: "y" } } }).backend.environment, { MY_AWS_SESSION_TOKEN_NAME: "x", AWS_REGION_X: "y" }, "only the credential names themselves are refused");
      for (const image of ["-nginx", "nginx latest", "a//b"]) refuses({ "shoestring:backend": { image } }, "shoestring:backend.image");
      refuses({ "shoestring:backend": { image: "nginx:1", context: "app/backend" } }, "shoestring:backend.image");
      refuses({ "shoestring:backend": { image: "nginx:1", dockerfile: "Dockerfile" } }, "shoestring:backend.image");
    });

    it("lists and objects: a JSON list of strings, a YAML map", () => {
      for (const list of ['"subnet-0a0b0c0d0e0f0000a"', "{}", "not json"]) refuses({ "shoestring:vpcId": vpc, "shoestring:subnetIds": list }, "shoestring:subnetIds", /is not a list of strings/);
      refuses({ "shoestring:vpcId": vpc, "shoestring:subnetIds": '["subnet-0a0b0c0d0e0f0000a", 1]' }, "shoestring:subnetIds[1]", /1 is not a string/);
      for (const value of ["[1, 2]", "null", "3", "not json"]) refuses({ "shoestring:database": value }, "shoestring:database");
    });
  });
  describe("inputs once taken that AWS or Docker would not", () => {

    it("a full host name as a subdomain prefix, saying what to write instead", () => {
      refuses({ "shoestring:domain": "example.com", "shoestring:siteSubdomain": "www.example.com" }, "shoestring:siteSubdomain", /^config shoestring:siteSubdomain: "www\.example\.com" is a full host name, and the prefix goes before example\.com \(it would make www\.example\.com\.example\.com\); write "www"$/);
      refuses({ "shoestring:domain": "example.com", "shoestring:siteSubdomain": "shop.eu.example.com" }, "shoestring:siteSubdomain", /write "shop\.eu"$/);
      refuses({ "shoestring:domain": "example.com", "shoestring:siteSubdomain": "example.com" }, "shoestring:siteSubdomain", /write "" for the domain itself$/);
      refuses({ "shoestring:domain": "example.com", "shoestring:apiSubdomain": "example.com" }, "shoestring:apiSubdomain", /write a prefix of its own \(like "api"\)$/);
      refuses({ "shoestring:domain": "example.com", "shoestring:apiSubdomain": "api.example.com" }, "shoestring:apiSubdomain", /write "api"$/);
      // A host name in the domain's parent, or in its hosted zone, is a full host name too.
      refuses({ "shoestring:domain": "app.example.com", "shoestring:siteSubdomain": "www.example.com" }, "shoestring:siteSubdomain", /"www\.example\.com" is a full host name in example\.com, .*; write "www" for www\.app\.example\.com, or set the domain to example\.com$/);
      refuses({ "shoestring:domain": "a.b.example.org", "shoestring:hostedZone": "example.org", "shoestring:apiSubdomain": "api.example.org" }, "shoestring:apiSubdomain", /is a full host name in example\.org/);
      // Labels that merely look like a domain's are prefixes.
      assert.equal(parse({ "shoestring:domain": "app.example.com", "shoestring:siteSubdomain": "www.example" }).domain?.siteHost, "www.example.app.example.com");
      assert.equal(parse({ "shoestring:domain": "example.com", "shoestring:siteSubdomain": "www.com" }).domain?.siteHost, "www.com.example.com");
      assert.equal(parse({ "shoestring:domain": "app.example.com", "shoestring:apiSubdomain": "xexample.com" }).domain?.apiHost, "xexample.com.app.example.com");
    });

    it("a prefix whose host name would be longer than 253 characters", () => {
      const domain = Array.from({ length: 3 }, () => "d".repeat(61)).join(".") + ".com"; // 189 characters
      const prefix = (n: number) => "a".repeat(n);
      assert.equal(parse({ "shoestring:domain": domain, "shoestring:siteSubdomain": prefix(63) }).domain?.siteHost.length, 253);
      refuses({ "shoestring:domain": domain, "shoestring:siteSubdomain": `b.${prefix(62)}` }, "shoestring:siteSubdomain", /makes the host name 254 characters long with .*; allowed: at most 253, so at most 63 for the prefix$/);
    });

    it("a count beyond the tasks one ECS service may run, also as a number too large to be exact (1e20)", () => {
      for (const service of ["backend", "site"]) {
        for (const field of ["desiredCount", "maxCount"]) {
          for (const value of [1e20, "100000000000000000000", 5001]) {
            refuses({ [`shoestring:${service}`]: { [field]: value } }, `shoestring:${service}.${field}`, new RegExp(`^config shoestring:${service}\\.${field}: ${String(Number(value))} .*0 to ${MAX_TASKS_PER_SERVICE}`));
          }
        }
      }
      refuses({ "shoestring:backend": '{"desiredCount": 1e20}' }, "shoestring:backend.desiredCount", /^config shoestring:backend\.desiredCount: 100000000000000000000 is more tasks than the default quota of one ECS service; allowed: 0 to 5000$/);
      refuses({ "shoestring:backend": '{"desiredCount": -1e20}' }, "shoestring:backend.desiredCount", /is negative; allowed: 0 to 5000/);
      refuses({ "shoestring:backend": { desiredCount: "1e20" } }, "shoestring:backend.desiredCount", /^config shoestring:backend\.desiredCount: "1e20" is not a whole number; allowed: 0 to 5000$/);
      refuses({ "shoestring:backend": { port: 8080.5 } }, "shoestring:backend.port", /8080\.5 is not a whole number; allowed: 1 to 65535$/);
      assert.equal(MAX_TASKS_PER_SERVICE, 5000);
      assert.equal(parse({ "shoestring:site": { desiredCount: 5000, maxCount: 5000 } }).site.maxCount, 5000);
    });

    it("a Postgres version RDS does not offer; a minor only under a major it offers", () => {
      for (const v of ["13", "14", "15", "16", "17", "18", "16.4", "18.3", "17.10"]) {
        assert.equal(parse({ "shoestring:database": { engineVersion: v } }).database.engineVersion, v);
      }
      assert.equal(parse({ "shoestring:database": { engineVersion: 18 } }).database.engineVersion, "18");
      for (const v of ["99", 99, "19", "99.1", "10", "10.23"]) {
        refuses({ "shoestring:database": { engineVersion: v } }, "shoestring:database.engineVersion", new RegExp(`^config shoestring:database\\.engineVersion: "${String(v).replace(".", "\\.")}" is not a PostgreSQL major version RDS offers; allowed: 13, 14, 15, 16, 17, 18, each optionally with a minor`));
      }
      for (const v of ["11", "12.22"]) {
        refuses({ "shoestring:database": { engineVersion: v } }, "shoestring:database.engineVersion", /past RDS standard support since 20\d\d-02-2\d: RDS creates it only under Extended Support, billed per vCPU-hour on top \(https:\/\/docs\.aws\.amazon\.com\/.*\); allowed: 13, 14, 15, 16, 17, 18$/);
      }
    });

    it("upper case in an image's repository path, with the reference to write instead", () => {
      refuses({ "shoestring:backend": { image: "MyApp:1.0" } }, "shoestring:backend.image", /^config shoestring:backend\.image: "MyApp:1\.0" has upper case in its repository path "MyApp": Docker and OCI repository names are lower case; write "myapp:1\.0"$/);
      refuses({ "shoestring:backend": { image: "Registry.Example.com:5000/Team/App:V1" } }, "shoestring:backend.image", /repository path "Team\/App": .*; write "Registry\.Example\.com:5000\/team\/app:V1"$/);
      refuses({ "shoestring:backend": { image: "ghcr.io/Owner/app@sha256:" + "c".repeat(64) } }, "shoestring:backend.image", /write "ghcr\.io\/owner\/app@sha256:c{64}"$/);
      // Upper case is not the only fault: the grammar is named.
      refuses({ "shoestring:backend": { image: "My App:1" } }, "shoestring:backend.image", /"My App:1" is not an image reference: a registry host, lower-case repository path/);
    });

    describe("a directory, or nothing, as the Dockerfile", () => {
      let context: string;
      before(() => {
        context = fs.mkdtempSync(path.join(os.tmpdir(), "shoestring-context-"));
        fs.mkdirSync(path.join(context, "Dockerfile"));
        fs.mkdirSync(path.join(context, "docker"));
        fs.writeFileSync(path.join(context, "docker", "Dockerfile.prod"), "FROM scratch\n");
      });
      after(() => fs.rmSync(context, { recursive: true, force: true }));

      it("for the backend", () => {
        refuses({ "shoestring:backend": { context } }, "shoestring:backend.dockerfile", /^config shoestring:backend\.dockerfile: "Dockerfile" is not a file in .* \(it is a directory\); give the Dockerfile's path relative to the context$/);
        refuses({ "shoestring:backend": { context, dockerfile: "docker" } }, "shoestring:backend.dockerfile", /"docker" is not a file in .* \(it is a directory\)/);
        refuses({ "shoestring:backend": { context, dockerfile: "docker/Dockerfile" } }, "shoestring:backend.dockerfile", /"docker\/Dockerfile" is not a file in [^(]*; give the Dockerfile's path/);
        assert.deepEqual(parse({ "shoestring:backend": { context, dockerfile: "docker/Dockerfile.prod" } }).backend.source, { kind: "build", context, dockerfile: "docker/Dockerfile.prod" });
      });

      it("for the container site, and only when the site is built", () => {
        refuses({ "shoestring:profile": "homework", "shoestring:site": { context } }, "shoestring:site.dockerfile", /"Dockerfile" is not a file in .* \(it is a directory\)/);
        assert.equal(parse({ "shoestring:profile": "homework", "shoestring:site": { context, dockerfile: "docker/Dockerfile.prod" } }).site.dockerfile, "docker/Dockerfile.prod");
        // The static frontend uploads files and builds no image.
        assert.equal(parse({ "shoestring:site": { context } }).site.context, context);
      });
    });
  });

  describe("schedule", () => {
    it("has none by default", () => {
      assert.equal(parse().schedule, undefined);
    });

    it("parses the windows, with UTC as the default time zone", () => {
      assert.deepEqual(parse({ "shoestring:schedule": { awake: ["Mon-Fri 08:00-19:00"] } }).schedule, { timezone: "UTC", windows: [{ days: ["Mon", "Tue", "Wed", "Thu", "Fri"], start: 480, end: 1140 }] });
      assert.equal(parse({ "shoestring:schedule": { timezone: "Europe/Berlin", awake: ["Sat 10:00-14:00"] } }).schedule?.timezone, "Europe/Berlin");
    });

    it("names the key of a bad window, time zone or field, with the value and what is allowed", () => {
      const err = configError(() => parse({ "shoestring:schedule": { awake: ["Mon-Fri 08:00-19:00", "Sat 22:00-02:00"] } }));
      assert.equal(err.key, "shoestring:schedule.awake[1]");
      assert.match(err.message, /"Sat 22:00-02:00" ends at 02:00, not after its start 22:00/);
      assert.equal(configError(() => parse({ "shoestring:schedule": { awake: ["Mon-Fri 08:00-19:00", "Fri 18:00-20:00"] } })).key, "shoestring:schedule.awake[1]");
      assert.match(configError(() => parse({ "shoestring:schedule": { awake: ["Mon-Fri 08:00-19:00", "Fri 18:00-20:00"] } })).message, /overlaps/);
      assert.equal(configError(() => parse({ "shoestring:schedule": { awake: [] } })).key, "shoestring:schedule.awake");
      assert.equal(configError(() => parse({ "shoestring:schedule": { timezone: "Berlin", awake: ["Mon 08:00-09:00"] } })).key, "shoestring:schedule.timezone");
      assert.equal(configError(() => parse({ "shoestring:schedule": { timezone: "UTC" } })).key, "shoestring:schedule.awake");
      assert.equal(configError(() => parse({ "shoestring:schedule": { awake: ["Mon 08:00-09:00"], days: [] } })).key, "shoestring:schedule.days");
      assert.equal(configError(() => parse({ "shoestring:schedule": { awake: [8] } })).key, "shoestring:schedule.awake[0]");
      assert.equal(configError(() => parse({ "shoestring:schedule": "Mon-Fri 08:00-19:00" })).key, "shoestring:schedule");
    });
  });
  describe("Aurora DSQL's regions", () => {
    it("takes dsql in a Region where AWS confirms it, and in one it does not confirm (the plan warns there)", () => {
      for (const region of ["us-west-2", "us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2", "ca-central-1"]) {
        assert.equal(parse({ "aws:region": region, "shoestring:profile": "serverless" }).axes.database, "dsql", region);
      }
      assert.equal(parse({ "aws:region": "sa-east-1", "shoestring:database": { kind: "dsql" } }).axes.database, "dsql");
      // Not confirmed (Cape Town is on no page read), yet taken: the list is not complete.
      assert.equal(parse({ "aws:region": "af-south-1", "shoestring:profile": "serverless" }).axes.database, "dsql");
    });

    it("refuses dsql in a Region known not to offer it, naming shoestring:database.kind, the Region, the source and where it is offered", () => {
      const notOffered = { "xx-test-1": { source: "https://docs.aws.amazon.com/general/latest/gr/dsql.html" } };
      const err = configError(() => checkDatabaseRegion("shoestring", "dsql", "xx-test-1", notOffered));
      assert.equal(err.key, "shoestring:database.kind");
      assert.match(err.message, /"dsql" is not offered in xx-test-1 \(https:\/\/docs\.aws\.amazon\.com\/general\/latest\/gr\/dsql\.html\); use database.kind "none" or "rds" .*offered: us-east-1, .*eu-central-1/);
      // Only dsql is judged, and only there.
      for (const kind of ["rds", "none"] as const) checkDatabaseRegion("shoestring", kind, "xx-test-1", notOffered);
      checkDatabaseRegion("shoestring", "dsql", "us-west-2", notOffered);
      // A confirmed Region wins over a stale "not offered" entry.
      checkDatabaseRegion("shoestring", "dsql", "us-west-2", { "us-west-2": { source: "stale" } });
    });
  });
});

/**
 * The config schema's JSON Schema of a stack file: committed in
 * schemas/pulumi-stack.schema.json for editors, true to the schema, and
 * strict where the program is (checked with ajv, a JSON Schema validator).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { CONFIG_KEYS, projectConfigJsonSchema, stackFileJsonSchema } from "../../lib/config-schema";
import { PROJECT_DIR } from "../../offline/stack";

const SCHEMA_FILE = path.join(PROJECT_DIR, "schemas", "pulumi-stack.schema.json");
const validator = () => new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
const stackFile = (config: Record<string, unknown>) => ({ config: { "aws:region": "us-west-2", ...config } });

describe("lib/config-schema", () => {
    it("is committed as schemas/pulumi-stack.schema.json, as npm run docs writes it", () => {
        assert.equal(fs.readFileSync(SCHEMA_FILE, "utf8"), JSON.stringify(stackFileJsonSchema("shoestring"), null, 2) + "\n", "schemas/pulumi-stack.schema.json is out of date: run npm run docs");
    });

    it("validates every stack file of the repository", () => {
        const validate = validator();
        const files = fs.readdirSync(PROJECT_DIR).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
        assert.ok(files.length >= 2);
        for (const file of files) {
            const ok = validate(parse(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")));
            assert.ok(ok, `${file}: ${JSON.stringify(validate.errors)}`);
        }
    });

    it("rejects a wrong type, an unknown key of the project and an unknown field, and passes other namespaces and secrets", () => {
        const validate = validator();
        const rejects = (config: Record<string, unknown>, what: string) => assert.equal(validate(stackFile(config)), false, what);
        rejects({ "shoestring:paused": "maybe" }, "a boolean given as text");
        rejects({ "shoestring:backend": { cpu: "lots" } }, "a number that is not one");
        rejects({ "shoestring:backend": { cpu: 300 } }, "a CPU value Fargate does not have");
        rejects({ "shoestring:profle": "homework" }, "a misspelt key");
        rejects({ "shoestring:database": { engine: "mysql" } }, "an unknown field");
        rejects({ "shoestring:vpcId": "vpc-0ABCDEF12" }, "a VPC id in upper case");
        rejects({ "shoestring:logRetentionDays": 10 }, "a retention CloudWatch Logs does not take");
        const passes = (config: Record<string, unknown>, what: string) => assert.ok(validate(stackFile(config)), `${what}: ${JSON.stringify(validate.errors)}`);
        passes({ "aws:profile": "work", "pulumi:tags": { team: "web" } }, "other namespaces");
        passes({ "shoestring:domain": { secure: "v1:abc" } }, "a secret");
        passes({ "shoestring:backend": { cpu: "512", memory: 1024, environment: { GREETING: "hi" } }, "shoestring:database": { engineVersion: 16 } }, "digits as text, and an unquoted version");
    });

    it("describes every key the program reads, each with a description", () => {
        const keys = projectConfigJsonSchema().properties ?? {};
        assert.deepEqual(Object.keys(keys), CONFIG_KEYS);
        for (const [key, node] of Object.entries(keys)) {
            assert.ok((node.description ?? "").length > 20, `${key} has a description`);
        }
    });
});

/**
 * Acknowledged trade-offs: a policy's config names resources whose violation
 * is deliberate, with the reason; the violation is still reported, as
 * advisory and marked, and nothing else changes.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import Ajv from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import { ACKNOWLEDGED, ACKNOWLEDGED_SCHEMA, acknowledgedMessage, acknowledgementFor, withAcknowledgements } from "../../policy/src/acknowledge";
import { policies } from "../../policy/src";
import { checkRecord } from "./harness";
import { record } from "./programs";

const URN = "urn:pulumi:cheap::shoestring::shoestring:aws:Database$aws:rds/instance:Instance::database";

function twoDatabases(): void {
    for (const name of ["database", "archive"]) {
        new aws.rds.Instance(name, { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, storageEncrypted: true, username: "app", manageMasterUserPassword: true, multiAz: false, backupRetentionPeriod: 0 });
    }
}

describe("acknowledged trade-offs", () => {
    it("match a resource by name, type::name or URN, with * as a wildcard", () => {
        const a = (resource: string) => [{ resource, reason: "a deliberate choice" }];
        for (const pattern of ["database", "data*", "aws:rds/instance:Instance::database", URN, "*"]) {
            assert.ok(acknowledgementFor(a(pattern), URN), pattern);
        }
        for (const pattern of ["db", "aws:s3/bucket:Bucket::database", "database-*"]) {
            assert.equal(acknowledgementFor(a(pattern), URN), undefined, pattern);
        }
        assert.equal(acknowledgementFor(a("*"), undefined), undefined, "a violation on no resource is never acknowledged");
    });

    it("turn a mandatory resource policy's violation on the named resource into a marked advisory with the reason; others stay mandatory", async () => {
        const r = await record(twoDatabases);
        const found = await checkRecord(r, policies.filter((p) => p.name === "rds-backup-retention"), {
            "rds-backup-retention": { enforcementLevel: "mandatory", acknowledged: [{ resource: "archive", reason: "the archive is rebuilt from the main database nightly" }] },
        });
        assert.equal(found.length, 2);
        const archive = found.find((v) => v.urn?.endsWith("::archive"))!;
        const main = found.find((v) => v.urn?.endsWith("::database"))!;
        assert.equal(archive.level, "advisory");
        assert.ok(archive.message.startsWith(`${ACKNOWLEDGED} the archive is rebuilt from the main database nightly\n`), archive.message);
        assert.ok(archive.message.includes("keeps no automated backups"), "the violation itself is still shown");
        assert.equal(main.level, "mandatory");
        assert.ok(!main.message.startsWith(ACKNOWLEDGED));
    });

    it("work for stack policies, whose violations name their resource", async () => {
        const bucket = () => void new aws.s3.Bucket("site", {});
        const r = await record(bucket);
        const [plain] = await checkRecord(r, policies.filter((p) => p.name === "s3-tls-only"));
        assert.equal(plain.level, "mandatory");
        const [acknowledged] = await checkRecord(r, policies.filter((p) => p.name === "s3-tls-only"), { "s3-tls-only": { acknowledged: [{ resource: "site", reason: "a scratch bucket nobody reads" }] } });
        assert.equal(acknowledged.level, "advisory");
        assert.ok(acknowledged.message.startsWith(`${ACKNOWLEDGED} a scratch bucket nobody reads`));
    });

    it("are accepted by every policy's config schema, and nothing else changes without them", () => {
        for (const p of policies) {
            assert.ok(p.configSchema?.properties?.acknowledged, `${p.name} accepts acknowledged`);
        }
        const plain = { name: "x", description: "d", enforcementLevel: "mandatory" as const, validateResource: () => undefined };
        const wrapped = withAcknowledgements(plain);
        assert.equal(wrapped.name, "x");
        assert.equal(wrapped.enforcementLevel, "mandatory");
    });

    it("has a config schema that takes a list of resource and reason, a reason of ten characters or more, and nothing else (validated as JSON Schema)", () => {
        const validate = new Ajv().compile(ACKNOWLEDGED_SCHEMA);
        assert.ok(validate([{ resource: "database", reason: "one zone: half the price" }]));
        assert.ok(validate([]));
        for (const bad of [{ resource: "database" }, { reason: "one zone: half the price" }, { resource: "", reason: "one zone: half the price" }, { resource: "database", reason: "cheap" }, { resource: "database", reason: "one zone: half the price", until: "2027" }, "database"]) {
            assert.equal(validate([bad]), false, JSON.stringify(bad));
        }
        assert.equal(validate({ resource: "database", reason: "one zone: half the price" }), false, "a list, not one entry");
        for (const file of ["cheap", "dev", "main"]) {
            const config = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../policy/config", `${file}.json`), "utf8")) as Record<string, unknown>;
            for (const [policy, entry] of Object.entries(config)) {
                const acknowledged = typeof entry === "object" && entry !== null ? (entry as { acknowledged?: unknown }).acknowledged : undefined;
                if (acknowledged !== undefined) {
                    assert.ok(validate(acknowledged), `policy/config/${file}.json ${policy}: ${JSON.stringify(validate.errors)}`);
                }
            }
        }
    });

    it("writes the marker, the reason, the policy's description and the violation, one per line", () => {
        assert.equal(acknowledgedMessage("a deliberate choice", "The description.", "db runs in one zone"), `${ACKNOWLEDGED} a deliberate choice\nThe description.\ndb runs in one zone`);
        assert.equal(acknowledgedMessage("a deliberate choice", undefined, ""), `${ACKNOWLEDGED} a deliberate choice\n`);
    });
});

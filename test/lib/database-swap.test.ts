import assert from "node:assert/strict";
import { checkDatabaseSwap } from "../../lib/database-swap";
import { runStack } from "../../offline/stack";

describe("lib/database-swap checkDatabaseSwap", () => {
    it("lets a first deploy, an unchanged kind and a stack that had no database through", () => {
        assert.equal(checkDatabaseSwap("shoestring", {}, { kind: "dsql" }), undefined);
        assert.equal(checkDatabaseSwap("shoestring", { databaseKind: "rds", dataProtected: true }, { kind: "rds" }), undefined);
        assert.equal(checkDatabaseSwap("shoestring", { databaseKind: "none" }, { kind: "dsql" }), undefined);
        assert.equal(checkDatabaseSwap("shoestring", { databaseKind: 42 }, { kind: "dsql" }), undefined);
    });

    it("refuses a kind change that deletes the deployed database, in one line naming database.replaces and the kind to name", () => {
        assert.throws(
            () => checkDatabaseSwap("shoestring", { databaseKind: "rds", dataProtected: false }, { kind: "dsql" }),
            (e: Error) => /^config shoestring:database\.replaces: /.test(e.message) && e.message.includes('to "rds"') && e.message.includes("final snapshot") && !e.message.includes("\n"),
        );
        assert.throws(() => checkDatabaseSwap("shoestring", { databaseKind: "dsql" }, { kind: "none", replaces: "rds" }), /database\.replaces: .*"dsql".*keeps no final snapshot/);
    });

    it("with consent, returns the deleted kind, unless the deployed database is protected (then protectData is the key)", () => {
        assert.equal(checkDatabaseSwap("shoestring", { databaseKind: "rds", dataProtected: false }, { kind: "dsql", replaces: "rds" }), "rds");
        assert.throws(() => checkDatabaseSwap("shoestring", { databaseKind: "rds", dataProtected: true }, { kind: "dsql", replaces: "rds" }), /config shoestring:protectData: .*shoestring:protectData false/);
    });
});

describe("the program's database guard, offline", () => {
    it("refuses cheap's config with database dsql when the deployed stack has rds, before any AWS resource", async () => {
        await assert.rejects(() => runStack("cheap", { config: { database: { kind: "dsql" } }, deployedOutputs: { databaseKind: "rds", dataProtected: false } }), /shoestring:database\.replaces/);
    });

    it("with database.replaces, plans the swap and reads the deployed kind back as an output", async () => {
        const record = await runStack("cheap", { config: { database: { kind: "dsql", replaces: "rds" }, protectData: false }, deployedOutputs: { databaseKind: "rds", dataProtected: false } });
        assert.equal(record.outputs.databaseKind, "dsql");
        assert.ok(record.resources.some((r) => r.type === "aws:dsql/cluster:Cluster"));
        assert.ok(!record.resources.some((r) => r.type === "aws:rds/instance:Instance"));
    });
});

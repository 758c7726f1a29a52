import assert from "node:assert/strict";
import { Table } from "../../components/table";
import { onlyResource, StackRecord } from "../../offline/record";
import { assertOwnsEverything, component, run } from "./helpers";

const TYPE = "shoestring:aws:Table";

function table(protect?: boolean): Promise<StackRecord> {
    return run(() => {
        const t = new Table("table", protect === undefined ? undefined : { protect });
        return { tableName: t.tableName, tableArn: t.tableArn };
    });
}

describe("components/table Table", () => {
    describe("with defaults", () => {
        let record: StackRecord;
        before(async () => {
            record = await table();
        });

        it("parents the table to the component, which registers its outputs", () => {
            const t = component(record, TYPE);
            assertOwnsEverything(record, t);
            const dynamo = onlyResource(record, "aws:dynamodb/table:Table");
            assert.deepEqual(t.outputs, { tableName: dynamo.outputs.name, tableArn: dynamo.outputs.arn });
            assert.equal(record.outputs.tableArn, dynamo.outputs.arn);
            assert.match(String(record.outputs.tableArn), /^arn:aws:dynamodb:us-west-2:\d{12}:table\//);
        });

        it("bills per request, with pk/sk string keys, encrypted", () => {
            const dynamo = onlyResource(record, "aws:dynamodb/table:Table");
            assert.equal(dynamo.inputs.billingMode, "PAY_PER_REQUEST");
            assert.equal(dynamo.inputs.readCapacity, undefined);
            assert.equal(dynamo.inputs.hashKey, "pk");
            assert.equal(dynamo.inputs.rangeKey, "sk");
            assert.deepEqual(dynamo.inputs.attributes, [
                { name: "pk", type: "S" },
                { name: "sk", type: "S" },
            ]);
            assert.deepEqual(dynamo.inputs.serverSideEncryption, { enabled: true });
        });

        it("is protected, in Pulumi and by DynamoDB's deletion protection, with point-in-time recovery", () => {
            const dynamo = onlyResource(record, "aws:dynamodb/table:Table");
            assert.equal(dynamo.protect, true);
            assert.equal(dynamo.inputs.deletionProtectionEnabled, true);
            assert.deepEqual(dynamo.inputs.pointInTimeRecovery, { enabled: true });
        });
    });

    it("is unprotected when asked", async () => {
        const record = await table(false);
        assertOwnsEverything(record, component(record, TYPE));
        assert.equal(onlyResource(record, "aws:dynamodb/table:Table").protect, false);
        assert.equal(onlyResource(record, "aws:dynamodb/table:Table").inputs.deletionProtectionEnabled, false);
    });

    it("applies a transform to the table before it is registered: arguments merged, or edited by a function", async () => {
        const merged = await run(() => {
            new Table("table", { transform: { table: { streamEnabled: true, streamViewType: "NEW_IMAGE" } } });
        });
        const dynamo = onlyResource(merged, "aws:dynamodb/table:Table");
        assert.equal(dynamo.inputs.streamEnabled, true);
        assert.equal(dynamo.inputs.hashKey, "pk", "the rest stays");
        const edited = await run(() => {
            new Table("table", {
                transform: {
                    table: (args, opts) => {
                        args.tableClass = "STANDARD_INFREQUENT_ACCESS";
                        opts.ignoreChanges = ["tags"];
                    },
                },
            });
        });
        const table = onlyResource(edited, "aws:dynamodb/table:Table");
        assert.equal(table.inputs.tableClass, "STANDARD_INFREQUENT_ACCESS");
        assert.deepEqual(table.ignoreChanges, ["tags"]);
        assert.equal(table.parent, component(edited, TYPE).urn, "still the component's child");
    });
});

import assert from "node:assert/strict";

import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";

import { createServices, handle } from "../../../app/backend/server";
import { createTable, READY_KEY } from "../../../app/backend/table";

const TABLE = "shoestring-table-t3st";
const VISIT = { id: "00000000-0000-4000-8000-0000000000bb", at: "2027-01-02T03:04:05.000Z", runtime: "lambda" };

describe("app/backend/table", () => {
    const dynamo = mockClient(DynamoDBDocumentClient);

    beforeEach(() => dynamo.reset());
    after(() => dynamo.restore());

    it("puts a visit under the shared partition, sorted by time then id", async () => {
        dynamo.on(PutCommand).resolves({});
        await createTable(TABLE, { region: "us-west-2" }).addVisit(VISIT);
        const calls = dynamo.commandCalls(PutCommand);
        assert.equal(calls.length, 1);
        assert.deepEqual(calls[0]?.args[0].input, {
            TableName: TABLE,
            Item: { pk: "visit", sk: `${VISIT.at}#${VISIT.id}`, id: VISIT.id, at: VISIT.at, runtime: VISIT.runtime },
        });
    });

    it("reads the newest visits with one Query on the partition", async () => {
        dynamo.on(QueryCommand).resolves({ Items: [{ pk: "visit", sk: `${VISIT.at}#${VISIT.id}`, id: VISIT.id, at: VISIT.at, runtime: VISIT.runtime }] });
        const visits = await createTable(TABLE, { region: "us-west-2" }).listVisits(7);
        assert.deepEqual(visits, [VISIT]);
        const calls = dynamo.commandCalls(QueryCommand);
        assert.equal(calls.length, 1);
        assert.deepEqual(calls[0]?.args[0].input, {
            TableName: TABLE,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": "visit" },
            ScanIndexForward: false,
            Limit: 7,
        });
        assert.equal(dynamo.commandCalls(PutCommand).length + dynamo.commandCalls(GetCommand).length, 0);
    });

    it("checks readiness with a GetItem of a key that is never written, ok or error", async () => {
        dynamo.on(GetCommand).resolves({});
        assert.equal(await createTable(TABLE, { region: "us-west-2" }).check(), "ok");
        assert.deepEqual(dynamo.commandCalls(GetCommand)[0]?.args[0].input, { TableName: TABLE, Key: READY_KEY });
        assert.notEqual(READY_KEY.pk, "visit");

        dynamo.reset();
        dynamo.on(GetCommand).rejects(Object.assign(new Error("Requested resource not found"), { name: "ResourceNotFoundException" }));
        assert.equal(await createTable(TABLE, { region: "us-west-2" }).check(), "error");
    });

    describe("through handle", () => {
        const env = { TABLE_NAME: TABLE, AWS_REGION: "us-west-2" };
        const services = () => createServices(env, { database: undefined, newId: () => VISIT.id, now: () => new Date(VISIT.at), runtime: VISIT.runtime });

        it("the environment's TABLE_NAME is the table written, and the database is reported as none", async () => {
            dynamo.on(PutCommand).resolves({});
            const res = await handle("POST", "/api/visits", {}, env, services());
            assert.equal(res.status, 201);
            assert.deepEqual(JSON.parse(res.body), { success: true, visit: VISIT, database: "none", table: "ok" });
            assert.equal(dynamo.commandCalls(PutCommand)[0]?.args[0].input.TableName, TABLE);
        });

        it("lists the table's visits and reports readiness", async () => {
            dynamo.on(QueryCommand).resolves({ Items: [{ ...VISIT, pk: "visit", sk: "x" }] });
            dynamo.on(GetCommand).resolves({});
            const listed = await handle("GET", "/api/visits", {}, env, services());
            assert.equal(listed.status, 200);
            assert.deepEqual(JSON.parse(listed.body), { success: true, database: { status: "none" }, table: { status: "ok", visits: [VISIT] } });
            const ready = await handle("GET", "/api/ready", {}, env, services());
            assert.equal(ready.status, 200);
            assert.deepEqual(JSON.parse(ready.body), { success: true, database: "none", table: "ok" });
        });

        it("answers 500 without Retry-After when the table fails, and 503 on readiness", async () => {
            dynamo.on(PutCommand).rejects(new Error("AccessDeniedException"));
            dynamo.on(GetCommand).rejects(new Error("AccessDeniedException"));
            const res = await handle("POST", "/api/visits", {}, env, services());
            assert.equal(res.status, 500);
            assert.equal(res.headers["Retry-After"], undefined);
            assert.deepEqual(JSON.parse(res.body), { success: false, error: "Internal Server Error", database: "none", table: "error" });
            assert.ok(!res.body.includes("AccessDenied"), "no error details in the response");
            const ready = await handle("GET", "/api/ready", {}, env, services());
            assert.equal(ready.status, 503);
            assert.equal(ready.headers["Retry-After"], "5");
        });

        it("refuses other methods on the data paths with 405 and Allow", async () => {
            for (const [method, target] of [["DELETE", "/api/visits"], ["POST", "/api/ready"], ["PUT", "/api/visits"]] as const) {
                const res = await handle(method, target, {}, env, services());
                assert.equal(res.status, 405, `${method} ${target}`);
                assert.ok(res.headers["Allow"]?.includes("GET"));
            }
            assert.equal(dynamo.calls().length, 0);
        });
    });
});

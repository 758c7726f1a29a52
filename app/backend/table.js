// @ts-check
"use strict";

/**
 * The DynamoDB side of the sample data. The table's key is (pk, sk), both
 * strings (components/table.ts). Visits share the partition "visit" and sort
 * by "<ISO time>#<id>", so the newest come first with one Query. Only actions
 * the task role grants are used (GetItem, PutItem, Query): the readiness check
 * is a GetItem of a key that is never written.
 */

const VISIT_PARTITION = "visit";
const READY_KEY = { pk: "ready", sk: "ready" };

/**
 * @typedef {object} DocumentSender
 * @property {(command: any) => Promise<any>} send
 */

/**
 * @typedef {object} Table
 * @property {() => Promise<import("./database").DependencyState>} check
 * @property {(visit: import("./database").Visit) => Promise<void>} addVisit
 * @property {(limit: number) => Promise<import("./database").Visit[]>} listVisits
 */

/**
 * @param {string | undefined} region
 * @returns {DocumentSender}
 */
function defaultClient(region) {
    const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
    const { DynamoDBDocumentClient } = require("@aws-sdk/lib-dynamodb");
    return DynamoDBDocumentClient.from(new DynamoDBClient(region ? { region } : {}));
}

/**
 * @param {string} tableName
 * @param {{ region?: string, client?: DocumentSender }} [options]
 * @returns {Table}
 */
function createTable(tableName, options = {}) {
    const lib = require("@aws-sdk/lib-dynamodb");
    /** @type {DocumentSender | undefined} */
    let client = options.client;
    const send = (/** @type {unknown} */ command) => {
        client ??= defaultClient(options.region);
        return client.send(command);
    };
    const { DependencyError } = require("./database");
    /**
     * @template T
     * @param {() => Promise<T>} work
     */
    const guarded = async (work) => {
        try {
            return await work();
        } catch (error) {
            // DynamoDB does not sleep: every failure is an error.
            throw new DependencyError("error", error);
        }
    };

    return {
        async check() {
            try {
                await send(new lib.GetCommand({ TableName: tableName, Key: READY_KEY }));
                return "ok";
            } catch {
                return "error";
            }
        },
        addVisit(visit) {
            return guarded(async () => {
                await send(
                    new lib.PutCommand({
                        TableName: tableName,
                        Item: { pk: VISIT_PARTITION, sk: `${visit.at}#${visit.id}`, id: visit.id, at: visit.at, runtime: visit.runtime },
                    }),
                );
            });
        },
        listVisits(limit) {
            return guarded(async () => {
                const output = await send(
                    new lib.QueryCommand({
                        TableName: tableName,
                        KeyConditionExpression: "pk = :pk",
                        ExpressionAttributeValues: { ":pk": VISIT_PARTITION },
                        ScanIndexForward: false,
                        Limit: limit,
                    }),
                );
                /** @type {Array<Record<string, unknown>>} */
                const items = output?.Items ?? [];
                return items.map((item) => ({ id: String(item.id), at: String(item.at), runtime: String(item.runtime) }));
            });
        },
    };
}

module.exports = { VISIT_PARTITION, READY_KEY, createTable };

/**
 * The RDS rule (lib/aws-rules/rules/rds.ts): the states a desired-state
 * resource may ask for.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { findings } from "./fixtures";

describe("lib/aws-rules/rules/rds: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-rds-desired-state: a state RDS cannot reach, or a bad identifier, is refused", async () => {
        const state = (identifier: string, value: string) => () => void new aws.rds.InstanceDesiredState("s", { identifier, state: value });
        assert.deepEqual((await findings("aws-rds-desired-state", state("shop-db", "paused"))).map((f) => f.property), ["state"]);
        assert.deepEqual((await findings("aws-rds-desired-state", state("shop--db", "stopped"))).map((f) => f.property), ["identifier"]);
        assert.deepEqual(await findings("aws-rds-desired-state", state("shop-db", "stopped")), []);
    });
});

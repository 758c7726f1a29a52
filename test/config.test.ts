import assert from "node:assert/strict";
import { OfflineRunError } from "../offline/engine";
import { ROOT_STACK_TYPE } from "../offline/record";
import { stack } from "./stacks";

/**
 * The real program, run with bad stack config: each fails on the config
 * check, naming the key, before any resource is registered.
 */
const BAD_CONFIGS: { config: Record<string, unknown>; key: string; value: string }[] = [
    { config: { profile: "fancy" }, key: "shoestring:profile", value: "fancy" },
    { config: { api: "nlb" }, key: "shoestring:api", value: "nlb" },
    { config: { frontend: "amplify" }, key: "shoestring:frontend", value: "amplify" },
    { config: { capacity: "ec2" }, key: "shoestring:capacity", value: "ec2" },
    { config: { frontend: "container" }, key: "shoestring:frontend", value: "container" },
    { config: { backend: { cpu: 256, memory: 4096 } }, key: "shoestring:backend.memory", value: "4096" },
    { config: { backend: { port: 70000 } }, key: "shoestring:backend.port", value: "70000" },
    { config: { backend: { healthCheckPath: "api/health-check" } }, key: "shoestring:backend.healthCheckPath", value: "api/health-check" },
    { config: { domain: "Shoestring..example" }, key: "shoestring:domain", value: "Shoestring..example" },
    { config: { backend: { desiredCount: -1 } }, key: "shoestring:backend.desiredCount", value: "-1" },
    { config: { site: { directory: "app/frontend/missing" } }, key: "shoestring:site.directory", value: "app/frontend/missing" },
    { config: { logRetentionDays: 10 }, key: "shoestring:logRetentionDays", value: "10" },
    { config: { paused: "yes" }, key: "shoestring:paused", value: "yes" },
    { config: { profle: "cheap" }, key: "shoestring:profle", value: "shoestring:profle" },
    { config: { "aws:region": "mars-1" }, key: "aws:region", value: "mars-1" },
];

describe("config", () => {
    for (const bad of BAD_CONFIGS) {
        it(`refuses ${JSON.stringify(bad.config)} before registering any resource`, async () => {
            const err = await stack("cheap", bad.config).then(
                () => assert.fail("the stack built"),
                (e: unknown) => e,
            );
            assert.ok(err instanceof OfflineRunError, String(err));
            assert.ok(err.message.includes(bad.key), err.message);
            assert.ok(err.message.includes(bad.value), err.message);
            assert.deepEqual(err.record.resources.map((r) => r.type), [ROOT_STACK_TYPE]);
        });
    }

    it("builds the same stack once the value is fixed", async () => {
        const record = await stack("cheap", { backend: { cpu: 256, memory: 1024 } });
        assert.ok(record.resources.length > 50);
    });
});

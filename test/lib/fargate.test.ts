/**
 * Fargate's task sizes, against AWS's rule written out independently: per
 * CPU value, a memory range and step ("Task CPU and memory", Amazon ECS
 * Developer Guide, fargate-tasks-services.html#fargate-tasks-size).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { describeMemoryFor, FARGATE_SIZES, isValidFargateSize } from "../../lib/fargate";

/** CPU units -> [lowest MiB, highest MiB, step MiB], as the AWS table states it (256 CPU: 512, 1024 or 2048). */
const AWS_TABLE: Record<number, [number, number, number]> = {
    256: [512, 2048, 512],
    512: [1024, 4096, 1024],
    1024: [2048, 8192, 1024],
    2048: [4096, 16384, 1024],
    4096: [8192, 30720, 1024],
    8192: [16384, 61440, 4096],
    16384: [32768, 122880, 8192],
};

describe("lib/fargate", () => {
    it("accepts exactly the CPU/memory pairs AWS lists, for any pair", () => {
        fc.assert(
            fc.property(fc.constantFrom(256, 384, 512, 1024, 2048, 3072, 4096, 8192, 16384, 32768), fc.integer({ min: 0, max: 130_000 }), (cpu, memory) => {
                const rule = AWS_TABLE[cpu];
                const expected = rule !== undefined && memory >= rule[0] && memory <= rule[1] && (memory - rule[0]) % rule[2] === 0 && !(cpu === 256 && memory === 1536);
                return isValidFargateSize(cpu, memory) === expected;
            }),
        );
        assert.deepEqual([...FARGATE_SIZES.keys()], Object.keys(AWS_TABLE).map(Number));
    });

    it("describes the allowed memory of each CPU value so that every size it names is valid", () => {
        for (const cpu of FARGATE_SIZES.keys()) {
            const text = describeMemoryFor(cpu);
            const numbers = (text.match(/\d+/g) ?? []).map(Number);
            assert.ok(numbers.length >= 2, text);
            assert.ok(isValidFargateSize(cpu, numbers[0]) && isValidFargateSize(cpu, numbers[1]), `${cpu}: ${text}`);
        }
        assert.equal(describeMemoryFor(256), "512, 1024, 2048");
        assert.equal(describeMemoryFor(8192), "16384 to 61440 in steps of 4096");
        assert.equal(describeMemoryFor(300), "none");
    });
});

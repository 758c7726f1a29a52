import assert from "node:assert/strict";
import { describeKeyPath, parseConfigKeyPath, parsePropertyPath, setConfigPath, unsetConfigPath } from "../../offline/config-path";

/** The values after one `set`, on a copy. */
function set(values: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
    const copy = structuredClone(values);
    setConfigPath(copy, parseConfigKeyPath("shoestring", key), value);
    return copy;
}

function unset(values: Record<string, unknown>, key: string): Record<string, unknown> {
    const copy = structuredClone(values);
    unsetConfigPath(copy, parseConfigKeyPath("shoestring", key));
    return copy;
}

describe("offline/config-path", () => {
    describe("parsing keys as `pulumi config set --path` does", () => {
        it("reads names, indexes and quoted names", () => {
            assert.deepEqual(parsePropertyPath("backend"), ["backend"]);
            assert.deepEqual(parsePropertyPath("backend.cpu"), ["backend", "cpu"]);
            assert.deepEqual(parsePropertyPath("schedule.awake[0]"), ["schedule", "awake", 0]);
            assert.deepEqual(parsePropertyPath('site.environment["A.B"]'), ["site", "environment", "A.B"]);
            assert.deepEqual(parsePropertyPath('a["q\\"uote"][12].b'), ["a", 'q"uote', 12, "b"]);
            assert.deepEqual(parsePropertyPath('["odd key"].x'), ["odd key", "x"]);
        });

        for (const [bad, why] of [
            ["", /it is empty/],
            ["a.", /it ends with a dot/],
            ["a..b", /an empty name at 2/],
            ["a[x]", /"\[x\]" is not a list index/],
            ["a[1", /"\[1" is not a list index/],
            ["a[-1]", /"\[-1\]" is not a list index/],
            ['a["b', /the quoted name at 1 is not closed/],
            ["a[0]b", /expected "\." or "\[" at 4/],
            ["[0].a", /it starts with an index/],
        ] as [string, RegExp][]) {
            it(`refuses ${JSON.stringify(bad)} in one line naming it`, () => {
                assert.throws(() => parsePropertyPath(bad), (err: Error) => {
                    assert.ok(err.message.startsWith(`config key "${bad}" is not a path: `), err.message);
                    assert.match(err.message, why);
                    assert.ok(!err.message.includes("\n"));
                    return true;
                });
            });
        }

        it("qualifies a key with the project's namespace unless it has one before its path", () => {
            assert.deepEqual(parseConfigKeyPath("shoestring", "backend.cpu"), { key: "shoestring:backend", path: ["cpu"] });
            assert.deepEqual(parseConfigKeyPath("shoestring", "shoestring:backend.cpu"), { key: "shoestring:backend", path: ["cpu"] });
            assert.deepEqual(parseConfigKeyPath("shoestring", "aws:region"), { key: "aws:region", path: [] });
            assert.deepEqual(parseConfigKeyPath("shoestring", 'site.environment["A:B"]'), { key: "shoestring:site", path: ["environment", "A:B"] });
            assert.equal(describeKeyPath(parseConfigKeyPath("shoestring", 'site.environment["A.B"]')), 'shoestring:site.environment["A.B"]');
            assert.equal(describeKeyPath(parseConfigKeyPath("shoestring", "schedule.awake[1]"), 1), "shoestring:schedule.awake");
        });
    });

    describe("setting", () => {
        const stackFile = { "shoestring:backend": { cpu: 256, memory: 512 }, "shoestring:schedule": { awake: ["Mon 08:00-09:00"] }, "shoestring:domain": "example.com" };

        it("sets one field, keeping the others of the stack file's object", () => {
            assert.deepEqual(set(stackFile, "backend.cpu", 512)["shoestring:backend"], { cpu: 512, memory: 512 });
            assert.deepEqual(set(stackFile, "backend.environment.FOO", "bar")["shoestring:backend"], { cpu: 256, memory: 512, environment: { FOO: "bar" } });
        });

        it("creates the maps and lists on the way: a list for an index, a map for a name", () => {
            assert.deepEqual(set({}, "site.environment.FOO", "bar"), { "shoestring:site": { environment: { FOO: "bar" } } });
            assert.deepEqual(set({}, "schedule.awake[0]", "Mon-Fri 08:00-19:00"), { "shoestring:schedule": { awake: ["Mon-Fri 08:00-19:00"] } });
            assert.deepEqual(set({}, "subnetIds[0]", "subnet-1"), { "shoestring:subnetIds": ["subnet-1"] });
        });

        it("replaces an item, or appends one just past the end, and no further", () => {
            assert.deepEqual(set(stackFile, "schedule.awake[0]", "Tue 08:00-09:00")["shoestring:schedule"], { awake: ["Tue 08:00-09:00"] });
            assert.deepEqual(set(stackFile, "schedule.awake[1]", "Sat 10:00-12:00")["shoestring:schedule"], { awake: ["Mon 08:00-09:00", "Sat 10:00-12:00"] });
            assert.throws(() => set(stackFile, "schedule.awake[3]", "x"), /^Error: cannot set shoestring:schedule\.awake\[3\]: index \[3\] is past the end of shoestring:schedule\.awake, which has 1 item\(s\); allowed: 0 to 1 \(1 appends\)$/);
        });

        it("replaces a whole key, and a top-level scalar by the map a path needs", () => {
            assert.deepEqual(set(stackFile, "backend", { cpu: 1024 })["shoestring:backend"], { cpu: 1024 });
            assert.deepEqual(set(stackFile, "domain.x", 1)["shoestring:domain"], { x: 1 });
        });

        it("refuses a path through a value of the other kind, naming where", () => {
            assert.throws(() => set(stackFile, "backend.cpu.x", 1), /^Error: cannot set shoestring:backend\.cpu\.x: shoestring:backend\.cpu is 256, not a map$/);
            assert.throws(() => set(stackFile, "backend[0]", 1), /cannot set shoestring:backend\[0\]: shoestring:backend is a map, not a list, so it has no index \[0\]$/);
            assert.throws(() => set(stackFile, "schedule.awake.first", 1), /shoestring:schedule\.awake is a list, not a map, so it has no field "first"$/);
        });

        it("leaves the values it was not asked to change alone", () => {
            const values = structuredClone(stackFile);
            setConfigPath(values, parseConfigKeyPath("shoestring", "backend.cpu"), 1024);
            assert.deepEqual(values["shoestring:schedule"], stackFile["shoestring:schedule"]);
            assert.equal(values["shoestring:domain"], "example.com");
        });
    });

    describe("removing", () => {
        const stackFile = { "shoestring:backend": { cpu: 256, memory: 512 }, "shoestring:schedule": { awake: ["a", "b", "c"] }, "shoestring:paused": true };

        it("removes a key, a field, or an item (the others move up)", () => {
            assert.ok(!("shoestring:paused" in unset(stackFile, "paused")));
            assert.deepEqual(unset(stackFile, "backend.cpu")["shoestring:backend"], { memory: 512 });
            assert.deepEqual(unset(stackFile, "schedule.awake[1]")["shoestring:schedule"], { awake: ["a", "c"] });
        });

        it("changes nothing for a path that is not there", () => {
            for (const key of ["domain", "backend.port", "backend.cpu.x", "schedule.awake[3]", "schedule.awake.x", "backend[0]", "site.environment.FOO"]) {
                assert.deepEqual(unset(stackFile, key), stackFile, key);
            }
        });
    });
});

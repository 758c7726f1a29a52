/** The mutation-testing targets (mutation.json): every pure module is a target, or is listed with the reason it is not. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const config = JSON.parse(fs.readFileSync(path.join(ROOT, "mutation.json"), "utf8")) as { threshold: number; targets: Record<string, { mutate: string[]; tests: string[] }>; notMutated: Record<string, string> };

/** The files a mutate pattern names (a path, or `dir/*.ts`). */
function filesOf(pattern: string): string[] {
    if (!pattern.includes("*")) {
        return fs.existsSync(path.join(ROOT, pattern)) ? [pattern] : [];
    }
    const dir = path.dirname(pattern);
    const suffix = path.basename(pattern).replace("*", "");
    return fs
        .readdirSync(path.join(ROOT, dir))
        .filter((f) => f.endsWith(suffix))
        .map((f) => path.join(dir, f));
}

describe("mutation testing targets", () => {
    it("name files that exist, and tests that exist and do not read the compiled dist/", () => {
        assert.equal(config.threshold, 80);
        for (const [name, target] of Object.entries(config.targets)) {
            for (const pattern of target.mutate) {
                assert.ok(filesOf(pattern).length > 0, `${name}: ${pattern} matches no file`);
            }
            for (const test of target.tests) {
                assert.ok(fs.existsSync(path.join(ROOT, test)), `${name}: ${test}`);
                // The compiled dist/ copy never sees a mutant (and the sandbox has no dist/).
                assert.doesNotMatch(fs.readFileSync(path.join(ROOT, test), "utf8"), /dist\/offline\/(policy-)?cli\.js|checkPolicies\(|defaultPackEntry\(\)/, `${name}: ${test} runs the compiled CLI or pack, which never sees a mutant`);
            }
        }
    });

    it("cover every pure module: the cost model and prices, the swap plan, the settings, every policy module, every AWS rule and the dependency order", () => {
        const mutated = new Set(Object.values(config.targets).flatMap((t) => t.mutate.flatMap(filesOf)));
        const pure = [
            "cost/model.ts",
            "cost/prices.ts",
            "offline/diff.ts",
            "offline/snapshot.ts",
            "offline/policy-config.ts",
            "lib/settings.ts",
            "lib/config-schema.ts",
            "lib/fargate.ts",
            "lib/naming.ts",
            "lib/transform.ts",
            "lib/network-layout.ts",
            "lib/schedule.ts",
            "lib/aws-rules/dependency-order.ts",
            "lib/aws-rules/util.ts",
            "lib/aws-rules/secrets.ts",
            "lib/secret-references.ts",
            ...filesOf("policy/src/*.ts"),
            ...filesOf("lib/aws-rules/rules/*.ts"),
        ];
        for (const file of pure) {
            assert.ok(mutated.has(file) || (config.notMutated[file] ?? "").length > 20, `${file} is a target, or says why not`);
        }
    });
});

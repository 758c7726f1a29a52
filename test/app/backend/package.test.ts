/**
 * The image installs app/backend's own lock file (its build context is that
 * directory alone); the tests resolve the same packages from the root
 * node_modules. Both must pin the same exact versions.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));

describe("app/backend/package.json", () => {
    const backend = readJson("app/backend/package.json");
    const lock = readJson("app/backend/package-lock.json");
    const root = readJson("package.json");
    const rootLock = readJson("package-lock.json");
    const dependencies = Object.entries(backend.dependencies as Record<string, string>);

    it("pins exact versions, the same as the root devDependencies and both lock files", () => {
        assert.ok(dependencies.length >= 5);
        for (const [name, version] of dependencies) {
            assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is pinned exactly`);
            assert.equal(root.devDependencies[name], version, `root devDependencies ${name}`);
            assert.equal(lock.packages[`node_modules/${name}`]?.version, version, `app/backend/package-lock.json ${name}`);
            assert.equal(rootLock.packages[`node_modules/${name}`]?.version, version, `package-lock.json ${name}`);
        }
    });

    it("has a lock file made from this package.json", () => {
        assert.equal(lock.lockfileVersion, 3);
        assert.deepEqual(lock.packages[""].dependencies, backend.dependencies);
    });

    it("covers every package the backend requires", () => {
        const required = new Set<string>();
        for (const file of fs.readdirSync(path.join(ROOT, "app/backend")).filter((f) => f.endsWith(".js"))) {
            const source = fs.readFileSync(path.join(ROOT, "app/backend", file), "utf8");
            for (const match of source.matchAll(/require\("([^".][^"]*)"\)/g)) {
                const name = match[1] ?? "";
                if (!name.startsWith("node:")) required.add(name.startsWith("@") ? name.split("/").slice(0, 2).join("/") : name.split("/")[0] ?? name);
            }
        }
        assert.deepEqual([...required].sort(), Object.keys(backend.dependencies).sort());
    });
});

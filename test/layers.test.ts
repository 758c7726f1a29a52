/**
 * The layers: lib/ (pure logic and AWS facts) at the bottom, components/ on
 * it, profiles/ wiring components, and the entry point on top. A lower layer
 * never imports a higher one, and only the entry point imports profiles/.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { PROJECT_DIR } from "../offline/stack";

/** Every TypeScript source of a folder (or one file), relative to the repository. */
function sources(entry: string): string[] {
    const full = path.join(PROJECT_DIR, entry);
    if (!fs.existsSync(full)) return [];
    if (fs.statSync(full).isFile()) return entry.endsWith(".ts") ? [entry] : [];
    return fs.readdirSync(full).flatMap((name) => (name === "node_modules" ? [] : sources(path.join(entry, name))));
}

/** The repository files a source imports (relative imports only), relative to the repository. */
function importsOf(file: string): string[] {
    const info = ts.preProcessFile(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8"), true, true);
    return info.importedFiles.filter((i) => i.fileName.startsWith(".")).map((i) => path.relative(PROJECT_DIR, path.resolve(path.dirname(path.join(PROJECT_DIR, file)), i.fileName)));
}

const under = (folder: string) => (file: string) => file === folder || file.startsWith(folder + path.sep);

describe("layers", () => {
    it("lib/ imports nothing above it", () => {
        const above = ["components", "profiles", "offline", "cost", "policy", "ops", "bootstrap", "config", "index"].map(under);
        const offending = sources("lib").flatMap((f) => importsOf(f).filter((i) => above.some((a) => a(i))).map((i) => `${f} imports ${i}`));
        assert.deepEqual(offending, []);
    });

    it("components/ import only lib/ and each other", () => {
        const offending = sources("components").flatMap((f) => importsOf(f).filter((i) => !under("lib")(i) && !under("components")(i)).map((i) => `${f} imports ${i}`));
        assert.deepEqual(offending, []);
    });

    it("only the entry point imports profiles/", () => {
        const everything = ["index.ts", "config.ts", "lib", "components", "cost", "policy/src", "policy/index.ts", "offline", "ops", "bootstrap", "profiles"].flatMap(sources);
        assert.ok(everything.length > 50, "the sources are found");
        const importers = everything.filter((f) => !under("profiles")(f) && importsOf(f).some(under("profiles")));
        assert.deepEqual(importers, ["index.ts"]);
    });

    it("profiles/ has no non-null assertions", () => {
        const found: string[] = [];
        for (const file of sources("profiles")) {
            const source = ts.createSourceFile(file, fs.readFileSync(path.join(PROJECT_DIR, file), "utf8"), ts.ScriptTarget.Latest, true);
            const visit = (node: ts.Node): void => {
                if (ts.isNonNullExpression(node)) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText()}`);
                ts.forEachChild(node, visit);
            };
            visit(source);
        }
        assert.ok(sources("profiles").length >= 5, "the axis value modules are found");
        assert.deepEqual(found, []);
    });
});

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseSettings } from "../../lib/settings";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
/** Dockerfile instructions, continuation lines joined, comments dropped. */
const instructions = (text: string): string[] =>
    text
        .replace(/\\\n/g, " ")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#"));

describe("app Dockerfiles", () => {
    const defaults = parseSettings({ project: "shoestring", stack: "t", projectDir: ROOT, values: { "aws:region": "us-west-2", "shoestring:profile": "homework" } });

    it("builds the frontend as a multi-stage nginx image, taking build-time values as ARG, never ENV", () => {
        const lines = instructions(read("app/frontend/Dockerfile"));
        const froms = lines.filter((l) => /^FROM\b/i.test(l));
        assert.ok(froms.length >= 2, "multi-stage");
        assert.match(froms[froms.length - 1], /nginx/);
        assert.deepEqual(lines.filter((l) => /^ENV\b/i.test(l)), []);
        assert.ok(lines.some((l) => /^ARG RUNTIME_CONFIG\b/.test(l)), "the runtime config is a build argument");
        assert.ok(lines.some((l) => /config\.json/.test(l)), "the build writes config.json");
    });

    it("pulls every base image through the REGISTRY argument, so the pull-through cache can serve it", () => {
        for (const file of ["app/frontend/Dockerfile", "app/backend/Dockerfile"]) {
            const lines = instructions(read(file));
            assert.match(lines[0], /^ARG REGISTRY=public\.ecr\.aws$/, file);
            for (const from of lines.filter((l) => /^FROM\b/i.test(l))) {
                assert.match(from, /^FROM \$\{REGISTRY\}\/docker\/library\//, `${file}: ${from}`);
            }
        }
    });

    it("exposes the ports the program's defaults route to", () => {
        assert.ok(instructions(read("app/backend/Dockerfile")).includes(`EXPOSE ${defaults.backend.port}`));
        assert.ok(instructions(read("app/frontend/Dockerfile")).includes(`EXPOSE ${defaults.site.port}`));
        assert.match(read("app/frontend/nginx.conf"), new RegExp(`listen ${defaults.site.port};`));
        assert.match(read("app/frontend/nginx.conf"), new RegExp(`location = ${defaults.site.healthCheckPath.replace("/", "\\/")} `));
        assert.match(read("app/backend/server.js"), new RegExp(defaults.backend.healthCheckPath.replace(/\//g, "\\/")));
    });

    it("runs the backend as a non-root user", () => {
        assert.ok(instructions(read("app/backend/Dockerfile")).some((l) => /^USER (?!root)\w+/.test(l)));
    });
});

#!/usr/bin/env node
// Compiles the program and its tools to dist/ (JavaScript, same layout), so
// the command-line tools start without compiling TypeScript on every run.
// Type checking is `npm run typecheck`; this only strips types.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
const SOURCES = ["index.ts", "config.ts", "components", "profiles", "lib", "offline", "cost", "policy/index.ts", "policy/src", "bootstrap", "ops"];

function collect(entry) {
    const full = path.join(root, entry);
    if (!fs.existsSync(full)) return [];
    if (fs.statSync(full).isFile()) return full.endsWith(".ts") && !full.endsWith(".d.ts") ? [full] : [];
    return fs.readdirSync(full).flatMap((name) => (name === "node_modules" ? [] : collect(path.join(entry, name))));
}

const entryPoints = SOURCES.flatMap(collect);
fs.rmSync(path.join(root, "dist"), { recursive: true, force: true });
esbuild.buildSync({ entryPoints, outdir: path.join(root, "dist"), outbase: root, platform: "node", format: "cjs", target: "node20", logLevel: "warning" });

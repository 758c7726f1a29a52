import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { HEALTH_CHECK_PATH } from "../../app/backend/server";
import { DEFAULT_PORT, RDS_CA_BUNDLE } from "../../app/backend/settings";
import * as ownApp from "../../examples/own-app/backend/server";
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
/** ENV values, from both the `ENV a=b c=d` and the `ENV a b` forms. */
function envOf(lines: string[]): Map<string, string> {
    const env = new Map<string, string>();
    for (const line of lines.filter((l) => /^ENV\s/.test(l))) {
        const body = line.replace(/^ENV\s+/, "");
        if (/^\w+=/.test(body)) for (const [, key, value] of body.matchAll(/(\w+)=(\S+)/g)) env.set(key ?? "", value ?? "");
        else {
            const [key, ...rest] = body.split(/\s+/);
            env.set(key ?? "", rest.join(" "));
        }
    }
    return env;
}
/** The files a Dockerfile's own COPY instructions take from the context (not from another stage). */
const copiedFiles = (lines: string[]): string[] => lines.filter((l) => /^COPY (?!--from)/.test(l)).flatMap((l) => l.split(/\s+/).slice(1, -1));

/** The example of one's own app (examples/own-app): its backend as its stack config sets it. */
const OWN_APP = "examples/own-app/backend";
const ownAppBackend = (parse(read("examples/own-app/stack-config.yaml")) as { config: { "shoestring:backend": { port: number; healthCheckPath: string } } }).config["shoestring:backend"];

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
        for (const file of ["app/frontend/Dockerfile", "app/backend/Dockerfile", `${OWN_APP}/Dockerfile`]) {
            const lines = instructions(read(file));
            assert.match(lines[0], /^ARG REGISTRY=public\.ecr\.aws$/, file);
            /** Stages named so far: a FROM may build on one of them instead of pulling again. */
            const stages = new Set<string>();
            for (const from of lines.filter((l) => /^FROM\b/i.test(l))) {
                const [, image = "", stage] = /^FROM (\S+)(?: AS (\S+))?$/i.exec(from) ?? [];
                if (!stages.has(image)) {
                    // Docker's official images, and (backends only) the AWS Lambda Web Adapter's repository.
                    const allowed = file !== "app/frontend/Dockerfile" ? /^FROM \$\{REGISTRY\}\/(docker\/library\/|awsguru\/aws-lambda-adapter:)/ : /^FROM \$\{REGISTRY\}\/docker\/library\//;
                    assert.match(from, allowed, `${file}: ${from}`);
                }
                if (stage) stages.add(stage);
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

    describe("the backend image runs on ECS and on Lambda", () => {
        const lines = instructions(read("app/backend/Dockerfile"));
        const env = envOf(lines);

        it("carries the Lambda Web Adapter as an extension, from a stage pinned by tag and digest", () => {
            const stage = lines.find((l) => /^FROM \$\{REGISTRY\}\/awsguru\/aws-lambda-adapter:/.test(l));
            assert.ok(stage, "an adapter stage");
            assert.match(stage, /:\d+\.\d+\.\d+@sha256:[0-9a-f]{64} AS lambda-adapter$/);
            assert.ok(lines.includes("COPY --from=lambda-adapter /lambda-adapter /opt/extensions/lambda-adapter"));
        });

        it("points the adapter at the port the image exposes, the app's default and the program's default", () => {
            assert.equal(env.get("AWS_LWA_PORT"), String(defaults.backend.port));
            assert.ok(lines.includes(`EXPOSE ${env.get("AWS_LWA_PORT")}`));
            assert.equal(env.get("AWS_LWA_PORT"), String(DEFAULT_PORT));
        });

        it("checks readiness on the app's health check, the program's default health check path, counting only 2xx/3xx", () => {
            assert.equal(env.get("AWS_LWA_READINESS_CHECK_PATH"), HEALTH_CHECK_PATH);
            assert.equal(env.get("AWS_LWA_READINESS_CHECK_PATH"), defaults.backend.healthCheckPath);
            assert.equal(env.get("AWS_LWA_READINESS_CHECK_HEALTHY_STATUS"), "200-399", "a 404 must not count as ready");
            assert.equal(env.has("AWS_LWA_READINESS_CHECK_MIN_UNHEALTHY_STATUS"), false, "removed in adapter 1.0");
        });

        it("installs the dependencies from the lock file without dev dependencies, in a build stage", () => {
            assert.ok(lines.some((l) => /^COPY package\.json package-lock\.json \.\/$/.test(l)));
            assert.ok(lines.some((l) => /^RUN npm ci --omit=dev\b/.test(l)));
            assert.ok(lines.includes("COPY --from=deps /app/node_modules ./node_modules"));
        });

        it("copies every module of the app", () => {
            const copied = copiedFiles(lines);
            for (const file of fs.readdirSync(path.join(ROOT, "app/backend")).filter((f) => f.endsWith(".js"))) assert.ok(copied.includes(file), file);
        });

        it("ships the RDS global CA bundle where the app looks for it", () => {
            const add = lines.find((l) => /^ADD\b.*global-bundle\.pem/.test(l));
            assert.ok(add);
            assert.match(add, /^ADD --chmod=644 https:\/\/truststore\.pki\.rds\.amazonaws\.com\/global\/global-bundle\.pem /);
            assert.ok(add.endsWith(` ${RDS_CA_BUNDLE}`), add);
        });
    });

    it("sends every file the backend's Dockerfile copies to the build: its .dockerignore allow-list lets each through", () => {
        const copied = copiedFiles(instructions(read("app/backend/Dockerfile")));
        for (const file of ["package.json", "package-lock.json", "server.js", "secrets.js"]) assert.ok(copied.includes(file), `${file} is copied`);
        const ignore = read("app/backend/.dockerignore").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
        assert.equal(ignore[0], "*", "an allow-list");
        for (const file of copied) assert.ok(ignore.includes(`!${file}`), `${file} is sent to the build`);
    });

    it("runs the backend as a non-root user", () => {
        assert.ok(instructions(read("app/backend/Dockerfile")).some((l) => /^USER (?!root)\w+/.test(l)));
    });

    describe(`the own-app example's backend (${OWN_APP}) runs on ECS and on Lambda like the sample`, () => {
        const lines = instructions(read(`${OWN_APP}/Dockerfile`));
        const env = envOf(lines);

        it("carries the Lambda Web Adapter as an extension, from a stage pinned by tag and digest, the sample's pin", () => {
            const stage = lines.find((l) => /^FROM \$\{REGISTRY\}\/awsguru\/aws-lambda-adapter:/.test(l));
            assert.ok(stage, "an adapter stage");
            assert.match(stage, /:\d+\.\d+\.\d+@sha256:[0-9a-f]{64} AS lambda-adapter$/);
            assert.ok(instructions(read("app/backend/Dockerfile")).includes(stage), "the same pin as app/backend/Dockerfile");
            assert.ok(lines.includes("COPY --from=lambda-adapter /lambda-adapter /opt/extensions/lambda-adapter"));
        });

        it("listens, exposes and points the adapter at the port its stack config sets", () => {
            assert.equal(ownAppBackend.port, 8000);
            assert.equal(ownApp.DEFAULT_PORT, ownAppBackend.port);
            assert.equal(env.get("AWS_LWA_PORT"), String(ownAppBackend.port));
            assert.ok(lines.includes(`EXPOSE ${ownAppBackend.port}`));
        });

        it("checks readiness on the app's health check, the path its stack config sets, counting only 2xx/3xx", () => {
            assert.equal(ownAppBackend.healthCheckPath, "/healthz");
            assert.equal(ownApp.HEALTH_CHECK_PATH, ownAppBackend.healthCheckPath);
            assert.equal(env.get("AWS_LWA_READINESS_CHECK_PATH"), ownAppBackend.healthCheckPath);
            assert.equal(env.get("AWS_LWA_READINESS_CHECK_HEALTHY_STATUS"), "200-399");
            assert.equal(env.has("AWS_LWA_READINESS_CHECK_MIN_UNHEALTHY_STATUS"), false);
            const healthcheck = lines.find((l) => /^HEALTHCHECK\b/.test(l));
            if (healthcheck) assert.ok(healthcheck.includes(`\${PORT:-${ownAppBackend.port}}${ownAppBackend.healthCheckPath}"`), healthcheck);
        });

        it("copies every module and its package.json, each let through by the .dockerignore allow-list, and installs nothing", () => {
            const copied = copiedFiles(lines);
            for (const file of [...fs.readdirSync(path.join(ROOT, OWN_APP)).filter((f) => f.endsWith(".js")), "package.json"]) assert.ok(copied.includes(file), file);
            const ignore = read(`${OWN_APP}/.dockerignore`).split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
            assert.equal(ignore[0], "*", "an allow-list");
            for (const file of copied) assert.ok(ignore.includes(`!${file}`), `${file} is sent to the build`);
            assert.equal(JSON.parse(read(`${OWN_APP}/package.json`)).dependencies, undefined, "no dependencies");
            assert.deepEqual(lines.filter((l) => /^RUN\b/.test(l)), []);
        });

        it("runs node as PID 1 as a non-root user", () => {
            assert.ok(lines.some((l) => /^USER (?!root)\w+/.test(l)));
            assert.equal(lines.filter((l) => /^CMD\b/.test(l)).pop(), 'CMD ["node", "server.js"]');
        });
    });
});

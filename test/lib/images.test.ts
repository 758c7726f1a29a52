import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { registryBaseImages, splitImageReference, withLowerCaseRepository } from "../../lib/images";

const DIGEST = `sha256:${"0a".repeat(32)}`;

describe("lib/images", () => {
    describe("splitImageReference and withLowerCaseRepository", () => {
        it("tells the registry host from the first path component, and the tag from a port", () => {
            assert.deepEqual(splitImageReference("nginx"), { repository: "nginx", suffix: "" });
            assert.deepEqual(splitImageReference("MyApp:1.0"), { repository: "MyApp", suffix: ":1.0" });
            assert.deepEqual(splitImageReference("Team/App:V1"), { repository: "Team/App", suffix: ":V1" });
            assert.deepEqual(splitImageReference("Registry.Example.com:5000/Team/App:V1"), { registry: "Registry.Example.com:5000", repository: "Team/App", suffix: ":V1" });
            assert.deepEqual(splitImageReference("localhost/App"), { registry: "localhost", repository: "App", suffix: "" });
            assert.deepEqual(splitImageReference(`ghcr.io/o/App:v1@${DIGEST}`), { registry: "ghcr.io", repository: "o/App", suffix: `:v1@${DIGEST}` });
            assert.deepEqual(splitImageReference(`App@${DIGEST}`), { repository: "App", suffix: `@${DIGEST}` });
        });

        it("lowers the repository path only: the host and the tag keep their case", () => {
            assert.equal(withLowerCaseRepository("Registry.Example.com:5000/Team/App:V1"), "Registry.Example.com:5000/team/app:V1");
            assert.equal(withLowerCaseRepository("MyApp"), "myapp");
            assert.equal(withLowerCaseRepository("nginx:1.27"), "nginx:1.27");
        });
    });

    describe("registryBaseImages", () => {
        it("reads FROM lines through ${REGISTRY}, pinned by tag and digest, with or without a stage name or platform", () => {
            const dockerfile = [
                "ARG REGISTRY=public.ecr.aws",
                `FROM \${REGISTRY}/docker/library/alpine:3.24.2@${DIGEST} AS site`,
                `from --platform=linux/arm64 $REGISTRY/docker/library/nginx:1.30.5-alpine@${DIGEST}`,
                "FROM scratch",
                "FROM public.ecr.aws/docker/library/busybox:1.37",
            ].join("\n");
            assert.deepEqual(registryBaseImages(dockerfile), {
                pinned: [
                    { repository: "docker/library/alpine", tag: "3.24.2", digest: DIGEST },
                    { repository: "docker/library/nginx", tag: "1.30.5-alpine", digest: DIGEST },
                ],
                unpinned: [],
            });
        });

        it("lists the ones pinned by tag or digest only as unpinned", () => {
            const { pinned, unpinned } = registryBaseImages(["FROM ${REGISTRY}/docker/library/node:24-alpine", `FROM \${REGISTRY}/docker/library/node@${DIGEST}`, "FROM ${REGISTRY}/docker/library/node:24@sha256:abc"].join("\n"));
            assert.deepEqual(pinned, []);
            assert.deepEqual(unpinned, ["${REGISTRY}/docker/library/node:24-alpine", `\${REGISTRY}/docker/library/node@${DIGEST}`, "${REGISTRY}/docker/library/node:24@sha256:abc"]);
        });
    });

    describe("the sample app's Dockerfiles", () => {
        for (const app of ["backend", "frontend"]) {
            it(`app/${app}: every base image is pinned by tag and digest, and none is a release line past its end of life`, () => {
                const text = fs.readFileSync(path.resolve(__dirname, "../../app", app, "Dockerfile"), "utf8");
                const { pinned, unpinned } = registryBaseImages(text);
                assert.deepEqual(unpinned, []);
                assert.ok(pinned.length > 0);
                // A FROM of an earlier stage (`FROM node-base`) pulls nothing; every other one goes through ${REGISTRY}.
                const stages = new Set<string>();
                const pulls = text.split("\n").filter((l) => {
                    const from = /^\s*FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(l);
                    if (!from) return false;
                    const earlier = stages.has(from[1] ?? "");
                    if (from[2]) stages.add(from[2]);
                    return !earlier;
                });
                assert.equal(pulls.length, pinned.length, "every FROM goes through ${REGISTRY}");
                // Ended: Node.js 20 (2026-04-30), Alpine 3.20 and 3.21 (3.21 on 2026-11-01), nginx 1.26-1.29 (replaced by 1.30 in April 2026).
                for (const base of pinned) {
                    assert.doesNotMatch(`${base.repository}:${base.tag}`, /node:(1\d|20|21|23)\b|alpine:?3\.(1\d|20|21)\b|alpine3\.(1\d|20|21)\b|nginx:1\.(2\d)\b/, `${base.repository}:${base.tag}`);
                }
            });
        }

        it("app/frontend runs nginx as its unprivileged user on a port above 1024, writing only under /tmp", () => {
            const text = fs.readFileSync(path.resolve(__dirname, "../../app/frontend/Dockerfile"), "utf8");
            const conf = fs.readFileSync(path.resolve(__dirname, "../../app/frontend/nginx.conf"), "utf8");
            assert.match(text, /^USER 101$/m);
            assert.match(text, /^EXPOSE 8080$/m);
            assert.match(text, /\/tmp\/nginx\.pid/);
            assert.match(conf, /^\s*listen 8080;$/m);
            assert.doesNotMatch(conf, /listen 80;/);
        });
    });
});

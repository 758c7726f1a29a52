import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import {
    CACHE_IMMUTABLE,
    CACHE_NO_CACHE,
    CACHE_SHORT,
    DEFAULT_CONTENT_TYPE,
    cacheControlFor,
    contentTypeFor,
    listSiteFiles,
    type SiteFile,
} from "../../lib/site-files";

const REAL_SITE = path.join(__dirname, "../../app/frontend/site");

describe("lib/site-files", () => {
    describe("contentTypeFor", () => {
        const cases: Array<[string, string]> = [
            ["index.html", "text/html; charset=utf-8"],
            ["assets/app.3f9c2a1b.js", "text/javascript; charset=utf-8"],
            ["worker.mjs", "text/javascript; charset=utf-8"],
            ["a/b/style.css", "text/css; charset=utf-8"],
            ["config.json", "application/json; charset=utf-8"],
            ["app.js.map", "application/json; charset=utf-8"],
            ["site.webmanifest", "application/manifest+json; charset=utf-8"],
            ["favicon.svg", "image/svg+xml; charset=utf-8"],
            ["robots.txt", "text/plain; charset=utf-8"],
            ["sitemap.xml", "application/xml; charset=utf-8"],
            ["logo.png", "image/png"],
            ["photo.jpg", "image/jpeg"],
            ["photo.JPEG", "image/jpeg"],
            ["anim.gif", "image/gif"],
            ["pic.webp", "image/webp"],
            ["favicon.ico", "image/x-icon"],
            ["font.woff", "font/woff"],
            ["font.woff2", "font/woff2"],
            ["archive.tar.gz", DEFAULT_CONTENT_TYPE],
            ["LICENSE", DEFAULT_CONTENT_TYPE],
        ];
        for (const [key, expected] of cases) {
            it(`${key} -> ${expected}`, () => assert.equal(contentTypeFor(key), expected));
        }
        it("uses application/octet-stream as the default", () => {
            assert.equal(DEFAULT_CONTENT_TYPE, "application/octet-stream");
        });
    });

    describe("cacheControlFor", () => {
        it("uses distinct, correctly spelled policies", () => {
            assert.equal(CACHE_NO_CACHE, "no-cache");
            assert.equal(CACHE_IMMUTABLE, "public, max-age=31536000, immutable");
            assert.equal(CACHE_SHORT, "public, max-age=300");
        });

        const cases: Array<[string, string]> = [
            ["index.html", CACHE_NO_CACHE],
            ["about/index.html", CACHE_NO_CACHE],
            ["docs/v1/index.html", CACHE_NO_CACHE],
            ["config.json", CACHE_NO_CACHE],
            ["assets/app.3f9c2a1b.js", CACHE_IMMUTABLE],
            ["assets/index-BvC3x9aZ.js", CACHE_IMMUTABLE],
            ["assets/index-BvC3x9aZ.css", CACHE_IMMUTABLE],
            ["assets/chunk_a1b2c3d4e5.mjs", CACHE_SHORT], // "_" is not a hash separator
            ["assets/vendor.a_b1c2d3e4.js", CACHE_IMMUTABLE],
            ["img/logo.0123abcd.png", CACHE_IMMUTABLE],
            ["assets/app.abcdefgh.js", CACHE_SHORT], // no digit: a word, not a hash
            ["assets/app.3f9c2a1.js", CACHE_SHORT], // 7 characters: too short
            ["assets/app.3f9c2a1b", CACHE_SHORT], // no extension after the hash
            ["assets/app.3f9c2a1b.js.map", CACHE_SHORT], // hash not right before the extension
            ["assets/jquery-3.7.1.min.js", CACHE_SHORT],
            ["app.js", CACHE_SHORT],
            ["favicon.svg", CACHE_SHORT],
            ["about.html", CACHE_SHORT],
            ["notindex.html", CACHE_SHORT],
        ];
        for (const [key, expected] of cases) {
            it(`${key} -> ${expected}`, () => assert.equal(cacheControlFor(key), expected));
        }
    });

    describe("listSiteFiles", () => {
        let tmp: string;

        const write = (relative: string, content = "x"): void => {
            const file = path.join(tmp, relative);
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, content);
        };

        beforeEach(() => {
            tmp = fs.mkdtempSync(path.join(os.tmpdir(), "site-files-"));
        });

        afterEach(() => {
            fs.rmSync(tmp, { recursive: true, force: true });
        });

        it("walks recursively in sorted order with forward-slash keys, skipping dotfiles", () => {
            for (const file of [
                "index.html",
                "favicon.svg",
                "config.json",
                "about/index.html",
                "assets/app.3f9c2a1b.js",
                "assets/index-BvC3x9aZ.css",
                "assets/sub/deep/data.bin",
                "Zebra.txt",
                "a-b.txt",
                ".env",
                ".well-known/security.txt",
                "assets/.DS_Store",
            ]) {
                write(file);
            }

            const files = listSiteFiles(tmp);
            assert.deepEqual(
                files.map((f) => f.key),
                [
                    "Zebra.txt",
                    "a-b.txt",
                    "about/index.html",
                    "assets/app.3f9c2a1b.js",
                    "assets/index-BvC3x9aZ.css",
                    "assets/sub/deep/data.bin",
                    "config.json",
                    "favicon.svg",
                    "index.html",
                ],
            );

            const byKey = new Map(files.map((f) => [f.key, f]));
            assert.deepEqual(byKey.get("assets/app.3f9c2a1b.js"), {
                key: "assets/app.3f9c2a1b.js",
                path: path.join(tmp, "assets", "app.3f9c2a1b.js"),
                contentType: "text/javascript; charset=utf-8",
                cacheControl: CACHE_IMMUTABLE,
            });
            assert.equal(byKey.get("index.html")?.cacheControl, CACHE_NO_CACHE);
            assert.equal(byKey.get("about/index.html")?.cacheControl, CACHE_NO_CACHE);
            assert.equal(byKey.get("config.json")?.cacheControl, CACHE_NO_CACHE);
            assert.equal(byKey.get("favicon.svg")?.cacheControl, CACHE_SHORT);
            assert.equal(byKey.get("assets/sub/deep/data.bin")?.contentType, DEFAULT_CONTENT_TYPE);
            for (const file of files) {
                assert.ok(path.isAbsolute(file.path), file.path);
                assert.ok(fs.statSync(file.path).isFile(), file.path);
            }
        });

        it("gives the same result for a relative path to the same directory", () => {
            write("index.html");
            write("assets/app.3f9c2a1b.js");
            const relative = path.relative(process.cwd(), tmp);
            assert.deepEqual(listSiteFiles(relative), listSiteFiles(tmp));
        });

        it("includes symlinked files", function () {
            write("index.html");
            write("real/data.txt");
            try {
                fs.symlinkSync(path.join(tmp, "real", "data.txt"), path.join(tmp, "link.txt"));
            } catch {
                this.skip(); // symlinks unavailable on this platform
            }
            assert.ok(listSiteFiles(tmp).some((f) => f.key === "link.txt"));
        });

        it("throws naming the directory when it does not exist", () => {
            const missing = path.join(tmp, "nope");
            assert.throws(
                () => listSiteFiles(missing),
                (error: unknown) => {
                    assert.ok(error instanceof Error);
                    assert.ok(error.message.includes(missing), error.message);
                    assert.match(error.message, /does not exist/);
                    return true;
                },
            );
        });

        it("throws naming the path when it is a file", () => {
            write("index.html");
            const file = path.join(tmp, "index.html");
            assert.throws(
                () => listSiteFiles(file),
                (error: unknown) => {
                    assert.ok(error instanceof Error);
                    assert.ok(error.message.includes(file), error.message);
                    assert.match(error.message, /not a directory/);
                    return true;
                },
            );
        });

        it("throws when index.html is missing at the root", () => {
            write("about/index.html");
            write("assets/app.3f9c2a1b.js");
            assert.throws(
                () => listSiteFiles(tmp),
                (error: unknown) => {
                    assert.ok(error instanceof Error);
                    assert.ok(error.message.includes(tmp), error.message);
                    assert.match(error.message, /no index\.html/);
                    return true;
                },
            );
        });

        it("throws for an empty directory", () => {
            assert.throws(() => listSiteFiles(tmp), /no index\.html/);
        });
    });

    describe("the real frontend site", () => {
        let files: SiteFile[] = [];
        let byKey = new Map<string, SiteFile>();

        before(() => {
            files = listSiteFiles(REAL_SITE);
            byKey = new Map(files.map((f) => [f.key, f]));
        });

        it("has the entry point, favicon and hashed assets with the right policies", () => {
            assert.equal(byKey.get("index.html")?.cacheControl, CACHE_NO_CACHE);
            assert.equal(byKey.get("favicon.svg")?.contentType, "image/svg+xml; charset=utf-8");
            const scripts = files.filter((f) => /^assets\/app\.[0-9a-f]{8}\.js$/.test(f.key));
            assert.equal(scripts.length, 1, "one hashed script");
            assert.equal(scripts[0]?.cacheControl, CACHE_IMMUTABLE);
            for (const file of files.filter((f) => f.key.startsWith("assets/"))) {
                assert.equal(file.cacheControl, CACHE_IMMUTABLE, `${file.key} should have a hashed name`);
                assert.notEqual(file.contentType, DEFAULT_CONTENT_TYPE, file.key);
            }
        });

        it("names each hashed asset by the first 8 hex digits of its content's SHA-256, so a change gets a new name", () => {
            const hashed = files.filter((f) => f.cacheControl === CACHE_IMMUTABLE);
            assert.ok(hashed.length >= 2);
            for (const file of hashed) {
                const digest = crypto.createHash("sha256").update(fs.readFileSync(file.path)).digest("hex").slice(0, 8);
                assert.match(file.key, new RegExp(`\\.${digest}\\.[a-z]+$`), `${file.key}: rename it to ${digest}`);
            }
        });

        it("has every element the script looks up, and waits on /api/ready with backoff before reading /api/visits", () => {
            const html = fs.readFileSync(path.join(REAL_SITE, "index.html"), "utf8");
            const script = files.find((f) => f.key.endsWith(".js"));
            assert.ok(script);
            const source = fs.readFileSync(script.path, "utf8");
            const ids = [...source.matchAll(/getElementById\("([^"]+)"\)/g)].map((m) => m[1] ?? "");
            assert.ok(ids.length >= 6, ids.join(", "));
            for (const id of new Set(ids)) assert.ok(html.includes(`id="${id}"`), `index.html has no #${id}`);
            for (const text of ['"/api/ready"', '"/api/visits"', '"/config.json"', "Retry-After", "status === 503", "Math.pow(2, attempt)"]) {
                assert.ok(source.includes(text), `the script uses ${text}`);
            }
        });

        it("does not ship config.json, which is generated per deployment", () => {
            assert.equal(byKey.has("config.json"), false);
        });

        it("references only files that exist, by absolute path", () => {
            const html = fs.readFileSync(path.join(REAL_SITE, "index.html"), "utf8");
            const references = [...html.matchAll(/(?:src|href)="(\/[^"]*\.[a-z0-9]+)"/g)].map((m) => m[1] ?? "");
            assert.ok(references.length >= 3, `found ${references.join(", ")}`);
            for (const reference of references) {
                assert.ok(byKey.has(reference.slice(1)), `index.html references missing ${reference}`);
            }
            for (const file of files.filter((f) => f.key.startsWith("assets/"))) {
                assert.ok(references.includes(`/${file.key}`), `${file.key} is not referenced`);
            }
        });
    });
});

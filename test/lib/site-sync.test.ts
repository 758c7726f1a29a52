import assert from "node:assert/strict";
import {
    checksumOf,
    DEFAULT_SYNC_OPTIONS,
    firstSyncOutputs,
    invalidationPath,
    isCacheable,
    ManifestEntry,
    manifestProblems,
    MAX_OBJECT_BYTES,
    objectHeaders,
    partsOf,
    planSync,
    sameManifest,
    SyncState,
    uploadOrder,
} from "../../lib/site-sync";

const HASH = (c: string): string => c.repeat(64);
const NO_CACHE = "no-cache";
const IMMUTABLE = "public, max-age=31536000, immutable";
const SHORT = "public, max-age=300";

function entry(key: string, sha = "a", cacheControl = SHORT, size = 10, contentType = "text/plain; charset=utf-8"): ManifestEntry {
    return { key, size, sha256: HASH(sha), contentType, cacheControl };
}

const T0 = new Date("2026-12-01T00:00:00Z");
const later = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const WEEK = 7 * 24 * 3600;

describe("lib/site-sync", () => {
    describe("isCacheable", () => {
        for (const [value, cacheable] of [
            ["no-cache", false],
            ["No-Cache", false],
            ["no-store", false],
            ["private, max-age=600", false],
            ["public, max-age=0", false],
            ["public, s-maxage=0, max-age=600", false],
            ['max-age="0"', false],
            [IMMUTABLE, true],
            [SHORT, true],
            ["public, s-maxage=60, max-age=0", true],
            ["", true],
        ] as const) {
            it(`${JSON.stringify(value)}: ${cacheable ? "a cache may keep it" : "never kept"}`, () => assert.equal(isCacheable(value), cacheable));
        }
    });

    describe("invalidationPath", () => {
        it("puts a slash in front and percent-encodes each segment, keeping the slashes between", () => {
            assert.equal(invalidationPath("robots.txt"), "/robots.txt");
            assert.equal(invalidationPath("docs/my file.pdf"), "/docs/my%20file.pdf");
            assert.equal(invalidationPath("café/naïve 100%.html"), "/caf%C3%A9/na%C3%AFve%20100%25.html");
            assert.equal(invalidationPath("a#b?c.txt"), "/a%23b%3Fc.txt");
        });
    });

    describe("manifestProblems", () => {
        it("accepts empty files, unicode and spaces in names, nested directories", () => {
            assert.deepEqual(manifestProblems([entry("empty.txt", "e", SHORT, 0), entry("päth with spaces/日本語.txt"), entry("a/b/c/d/e.txt")]), []);
        });
        it("refuses a key listed twice, an empty key, a key over 1,024 UTF-8 bytes, a file over 5 TiB, a bad hash or size", () => {
            const problems = manifestProblems([
                entry("x"),
                entry("x"),
                entry(""),
                entry("é".repeat(513)),
                entry("huge.bin", "f", SHORT, MAX_OBJECT_BYTES + 1),
                { ...entry("bad-hash"), sha256: "xyz" },
                entry("negative", "d", SHORT, -1),
            ]);
            assert.deepEqual(problems, [
                "x: listed twice",
                "an empty key",
                `${"é".repeat(513)}: the key is longer than S3's 1,024 bytes`,
                `huge.bin: ${MAX_OBJECT_BYTES + 1} bytes is over S3's largest object (5 TiB)`,
                'bad-hash: sha256 "xyz" is not 64 hex digits',
                "negative: size -1 is not a byte count",
            ]);
            assert.deepEqual(manifestProblems([entry("é".repeat(512))]), [], "1,024 bytes exactly is fine");
            assert.deepEqual(manifestProblems([entry("big.bin", "b", SHORT, MAX_OBJECT_BYTES)]), [], "5 TiB exactly is fine");
        });
        it("makes planSync throw, naming every problem", () => {
            assert.throws(() => planSync(undefined, [entry("x"), entry("x")], T0), /the site's files cannot be uploaded: x: listed twice/);
        });
    });

    describe("planSync", () => {
        const first = [entry("index.html", "1", NO_CACHE), entry("assets/app.1a2b3c4d.js", "2", IMMUTABLE), entry("robots.txt", "3", SHORT)];

        it("uploads everything on the first deploy, entry points last, and invalidates nothing", () => {
            const plan = planSync(undefined, first, T0);
            assert.deepEqual(plan.upload.map((f) => f.key), ["assets/app.1a2b3c4d.js", "robots.txt", "index.html"]);
            assert.deepEqual([plan.unchanged, plan.delete, plan.invalidate, plan.state.retired], [0, [], [], []]);
            assert.deepEqual(plan.state.files, first);
        });

        it("plans nothing for a deploy with no change: no upload, no deletion, no invalidation", () => {
            const previous = planSync(undefined, first, T0).state;
            const plan = planSync(previous, first.slice().reverse(), later(60));
            assert.deepEqual([plan.upload, plan.unchanged, plan.delete, plan.invalidate, plan.state.retired], [[], 3, [], [], []]);
            assert.ok(sameManifest(previous.files, first.slice().reverse()));
        });

        it("uploads only new and changed files: content, content type or cache control", () => {
            const previous = planSync(undefined, first, T0).state;
            const next = [
                entry("index.html", "9", NO_CACHE),
                entry("assets/app.1a2b3c4d.js", "2", IMMUTABLE),
                { ...entry("robots.txt", "3", SHORT), contentType: "text/plain" },
                entry("assets/new.5e6f7a8b.js", "4", IMMUTABLE),
            ];
            const plan = planSync(previous, next, later(60));
            assert.deepEqual(plan.upload.map((f) => f.key), ["assets/new.5e6f7a8b.js", "robots.txt", "index.html"]);
            assert.equal(plan.unchanged, 1);
            // robots.txt was served cacheable: its cached copy goes; index.html never cached; the new file has no cached copy.
            assert.deepEqual(plan.invalidate, ["/robots.txt"]);
            assert.ok(!sameManifest(previous.files, next));
        });

        it("invalidates by the cache control the cached copy was served with", () => {
            const previous = planSync(undefined, [entry("index.html", "1", NO_CACHE), entry("about.html", "2", NO_CACHE)], T0).state;
            // about.html was never cached: no invalidation, even though it is cacheable now.
            const plan = planSync(previous, [entry("index.html", "1", NO_CACHE), entry("about.html", "3", SHORT)], later(1));
            assert.deepEqual(plan.invalidate, []);
            const back = planSync(plan.state, [entry("index.html", "1", NO_CACHE), entry("about.html", "4", NO_CACHE)], later(2));
            assert.deepEqual(back.invalidate, ["/about.html"]);
        });

        it("keeps removed files for the grace period, then deletes them at the next deploy", () => {
            const v1 = planSync(undefined, first, T0).state;
            const v2files = [entry("index.html", "5", NO_CACHE), entry("assets/app.9a8b7c6d.js", "6", IMMUTABLE), entry("robots.txt", "3", SHORT)];
            const v2 = planSync(v1, v2files, later(60));
            assert.deepEqual(v2.delete, [], "the previous deploy's chunk stays for browsers still running it");
            assert.deepEqual(v2.state.retired.map((r) => [r.key, r.retiredAt]), [["assets/app.1a2b3c4d.js", later(60).toISOString()]]);
            assert.deepEqual(v2.invalidate, [], "nothing cacheable changed: a new chunk and index.html");

            const stillInGrace = planSync(v2.state, v2files, later(60 + WEEK - 1));
            assert.deepEqual([stillInGrace.delete, stillInGrace.state.retired.length], [[], 1]);
            assert.equal(stillInGrace.state.retired[0].retiredAt, later(60).toISOString(), "the grace period runs from the first deploy without it");

            const after = planSync(v2.state, v2files, later(60 + WEEK));
            assert.deepEqual(after.delete, ["assets/app.1a2b3c4d.js"]);
            assert.deepEqual(after.state.retired, []);
            assert.deepEqual(after.upload, []);
        });

        it("brings back a retired file without uploading it when the bucket still holds the same bytes", () => {
            const v1 = planSync(undefined, first, T0).state;
            const v2 = planSync(v1, first.slice(0, 2), later(1)).state;
            assert.deepEqual(v2.retired.map((r) => r.key), ["robots.txt"]);
            const v3 = planSync(v2, first, later(2));
            assert.deepEqual([v3.upload, v3.state.retired, v3.delete], [[], [], []]);
            const changed = planSync(v2, [...first.slice(0, 2), entry("robots.txt", "7", SHORT)], later(3));
            assert.deepEqual(changed.upload.map((f) => f.key), ["robots.txt"]);
            assert.deepEqual(changed.invalidate, ["/robots.txt"], "the old copy may still be cached");
        });

        it("invalidates one /* above the path limit", () => {
            const many = Array.from({ length: 101 }, (_, i) => entry(`page-${String(i).padStart(3, "0")}.html`, "1"));
            const previous = planSync(undefined, many, T0).state;
            const plan = planSync(previous, many.map((f) => ({ ...f, sha256: HASH("2") })), later(1));
            assert.deepEqual(plan.invalidate, ["/*"]);
            const fewer = planSync(previous, many.map((f, i) => (i < 100 ? { ...f, sha256: HASH("2") } : f)), later(1));
            assert.equal(fewer.invalidate.length, 100);
            assert.equal(planSync(previous, many.map((f) => ({ ...f, sha256: HASH("2") })), later(1), { ...DEFAULT_SYNC_OPTIONS, maxInvalidationPaths: 1000 }).invalidate.length, 101);
        });

        it("answers the offline mocks with a first deploy's outcome", () => {
            assert.deepEqual(firstSyncOutputs({ files: first }), { uploadedFiles: 3, uploadedBytes: 30, unchangedFiles: 0, deletedFiles: 0, retiredFiles: 0, invalidationPaths: [], retired: [] });
            assert.deepEqual(firstSyncOutputs({}).uploadedFiles, 0);
        });
    });

    describe("uploadOrder", () => {
        it("puts every cacheable file first, then the entry points, each group by key", () => {
            const order = uploadOrder([entry("index.html", "1", NO_CACHE), entry("b.js", "1", IMMUTABLE), entry("docs/index.html", "1", NO_CACHE), entry("a.txt")]);
            assert.deepEqual(order.map((f) => f.key), ["a.txt", "b.js", "docs/index.html", "index.html"]);
        });
    });

    describe("partsOf", () => {
        const MiB = 1024 ** 2;
        it("sends a file up to the threshold in one PUT", () => {
            assert.equal(partsOf(0), undefined);
            assert.equal(partsOf(16 * MiB), undefined);
        });
        it("splits a larger file in 8 MiB parts, the last shorter", () => {
            const parts = partsOf(20 * MiB)!;
            assert.deepEqual(parts, [[0, 8 * MiB], [8 * MiB, 16 * MiB], [16 * MiB, 20 * MiB]]);
        });
        it("never sends more than 5 GiB in one PUT, whatever the threshold", () => {
            assert.ok(partsOf(5 * 1024 * MiB + 1, { multipartThreshold: Infinity, partSize: 8 * MiB }));
        });
        it("raises the part size to stay within 10,000 parts, and refuses over 5 TiB", () => {
            const size = 200 * 1024 * MiB; // 200 GiB: 8 MiB parts would be 25,600
            const parts = partsOf(size)!;
            assert.ok(parts.length <= 10_000, `${parts.length} parts`);
            assert.equal(parts[0][1] % MiB, 0, "whole MiB");
            assert.equal(parts[parts.length - 1][1], size);
            assert.ok(partsOf(MAX_OBJECT_BYTES)!.length <= 10_000);
            assert.throws(() => partsOf(MAX_OBJECT_BYTES + 1), /over S3's largest object/);
        });
        it("keeps parts at S3's 5 MiB minimum", () => {
            assert.equal(partsOf(12 * MiB, { multipartThreshold: 6 * MiB, partSize: 1 })![0][1], 5 * MiB);
        });
    });

    describe("headers", () => {
        it("sends the content type, cache control and the hash as metadata; the checksum in base64", () => {
            const e = entry("index.html", "0", NO_CACHE, 5, "text/html; charset=utf-8");
            assert.deepEqual(objectHeaders(e), { ContentType: "text/html; charset=utf-8", CacheControl: "no-cache", Metadata: { sha256: HASH("0") } });
            // SHA-256 of the empty string.
            assert.equal(checksumOf("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        });
    });

    it("a state is plain JSON (it lives in the Pulumi state)", () => {
        const state: SyncState = planSync(planSync(undefined, [entry("a")], T0).state, [], later(1)).state;
        assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
    });
});

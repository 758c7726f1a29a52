import assert from "node:assert/strict";

import { RUNTIME_CONFIG_FILE, renderRuntimeConfig, type RuntimeConfig } from "../../lib/runtime-config";

describe("lib/runtime-config", () => {
    it("names the file the frontend fetches", () => {
        assert.equal(RUNTIME_CONFIG_FILE, "config.json");
    });

    it("renders pretty JSON with a trailing newline", () => {
        assert.equal(renderRuntimeConfig({ apiUrl: "https://api.example.com" }), '{\n  "apiUrl": "https://api.example.com"\n}\n');
    });

    it("is stable and round-trips through JSON.parse", () => {
        const config = { apiUrl: "https://abc123.execute-api.eu-west-1.amazonaws.com/prod" };
        const first = renderRuntimeConfig(config);
        assert.equal(renderRuntimeConfig({ ...config }), first);
        assert.deepEqual(JSON.parse(first), config);
    });

    it("drops properties that are not part of RuntimeConfig", () => {
        const config = { apiUrl: "https://api.example.com", dbPassword: "hunter2" } as RuntimeConfig;
        assert.deepEqual(Object.keys(JSON.parse(renderRuntimeConfig(config))), ["apiUrl"]);
    });

    it("strips one trailing slash", () => {
        assert.deepEqual(JSON.parse(renderRuntimeConfig({ apiUrl: "https://api.example.com/" })), {
            apiUrl: "https://api.example.com",
        });
        assert.deepEqual(JSON.parse(renderRuntimeConfig({ apiUrl: "https://example.com/prod/" })), {
            apiUrl: "https://example.com/prod",
        });
    });

    it("accepts http, ports and paths", () => {
        for (const apiUrl of ["http://localhost:4567", "https://api.example.com:8443", "https://example.com/stage/v1"]) {
            assert.deepEqual(JSON.parse(renderRuntimeConfig({ apiUrl })), { apiUrl });
        }
    });

    const invalid: Array<[string, unknown]> = [
        ["empty", ""],
        ["relative path", "/api"],
        ["no scheme", "api.example.com"],
        ["other scheme", "ftp://api.example.com"],
        ["javascript URL", "javascript:alert(1)"],
        ["scheme without slashes", "https:api.example.com"],
        ["two trailing slashes", "https://api.example.com//"],
        ["bare slash", "/"],
        ["query string", "https://api.example.com?stage=prod"],
        ["fragment", "https://api.example.com#x"],
        ["credentials", "https://user:pw@api.example.com"],
        ["surrounding whitespace", " https://api.example.com"],
        ["not a string", 42],
        ["undefined", undefined],
    ];

    for (const [label, apiUrl] of invalid) {
        it(`rejects ${label}, naming apiUrl and the value`, () => {
            assert.throws(
                () => renderRuntimeConfig({ apiUrl } as RuntimeConfig),
                (error: unknown) => {
                    assert.ok(error instanceof Error);
                    assert.match(error.message, /\bapiUrl\b/);
                    assert.ok(error.message.includes(String(JSON.stringify(apiUrl) ?? apiUrl)), error.message);
                    return true;
                },
            );
        });
    }
});

/**
 * Runtime configuration for the frontend. The rendered JSON is served as
 * /config.json: uploaded to S3 for the static site, or baked in through the
 * RUNTIME_CONFIG build arg for the container site. Keeping it out of the
 * bundle lets one build of the frontend run against any API.
 */

/** File name the frontend fetches at start-up (from the site root). */
export const RUNTIME_CONFIG_FILE = "config.json";

export interface RuntimeConfig {
    /** Absolute http(s) base URL of the API, without a trailing slash. */
    apiUrl: string;
}

/**
 * Validates the config and renders it as stable, pretty-printed JSON with a
 * trailing newline, so identical input always yields identical bytes (and no
 * spurious S3 upload or image rebuild).
 *
 * A single trailing slash on apiUrl is removed, since the frontend appends
 * "/api/...". Throws when apiUrl is not an absolute http(s) URL, or carries
 * credentials, a query or a fragment that appending a path would break.
 */
export function renderRuntimeConfig(config: RuntimeConfig): string {
    const rendered: RuntimeConfig = { apiUrl: normalizeApiUrl(config.apiUrl) };
    return `${JSON.stringify(rendered, null, 2)}\n`;
}

function normalizeApiUrl(value: unknown): string {
    const invalid = (reason: string): Error => new Error(`Invalid runtime config: apiUrl ${reason}, got ${JSON.stringify(value) ?? String(value)}`);

    if (typeof value !== "string") throw invalid("must be a string");
    // The URL parser would silently trim whitespace; reject it instead.
    if (value.trim() !== value || /\s/.test(value)) throw invalid("must not contain whitespace");

    const apiUrl = value.endsWith("/") ? value.slice(0, -1) : value;
    if (apiUrl.endsWith("/")) throw invalid("must not end with a slash");

    let url: URL;
    try {
        url = new URL(apiUrl);
    } catch {
        throw invalid("must be an absolute http(s) URL");
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid("must be an absolute http(s) URL");
    // Reject "https:example.com"-style input the WHATWG parser would accept.
    if (!/^https?:\/\/[^/]/i.test(apiUrl)) throw invalid("must be an absolute http(s) URL");
    if (url.username !== "" || url.password !== "") throw invalid("must not contain credentials");
    if (url.search !== "" || apiUrl.includes("?")) throw invalid("must not contain a query string");
    if (url.hash !== "" || apiUrl.includes("#")) throw invalid("must not contain a fragment");

    return apiUrl;
}

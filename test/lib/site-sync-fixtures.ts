/** What the site sync's runner tests share: a retry policy that does not wait, and a site on disk with the awkward cases. */
import * as fs from "node:fs";
import * as path from "node:path";
import { RetryPolicy } from "../../lib/site-sync-run";

/** No waiting in tests; the waits asked for are kept. */
export function fastRetry(attempts = 5): RetryPolicy & { waits: number[] } {
    const waits: number[] = [];
    return { attempts, baseDelayMs: 100, maxDelayMs: 1000, sleep: async (ms) => void waits.push(ms), random: () => 0.5, waits };
}

export function writeSite(dir: string, files: Record<string, string | Buffer>): void {
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
    }
}

/** A site with hashed assets, an empty file, unicode and spaces in a name, and nested directories. */
export const AWKWARD_SITE: Readonly<Record<string, string>> = {
    "index.html": "<!doctype html><script src=assets/app.1a2b3c4d.js></script>",
    "assets/app.1a2b3c4d.js": "console.log(1)",
    "assets/app.5e6f7a8b.css": "body{}",
    "robots.txt": "User-agent: *\n",
    "empty.txt": "",
    "docs/my file é.txt": "unicode and spaces",
    "a/b/c/deep.json": "{}",
};

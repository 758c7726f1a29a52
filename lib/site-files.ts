/**
 * Lists the files of a static site with the Content-Type and Cache-Control
 * each should be served with (used when uploading the site to S3).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

import { RUNTIME_CONFIG_FILE } from "./runtime-config";
import type { ManifestEntry } from "./site-sync";

export interface SiteFile {
    /** Object key: path relative to the site directory, "/"-separated. */
    key: string;
    /** Absolute path on disk. */
    path: string;
    contentType: string;
    cacheControl: string;
}

/** Entry points and runtime config: the browser must revalidate every time. */
export const CACHE_NO_CACHE = "no-cache";
/** Content-hashed files: a new version always gets a new name. */
export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
/** Anything else (favicon, robots.txt, ...): short enough for changes to show up soon. */
export const CACHE_SHORT = "public, max-age=300";

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

const UTF8 = "; charset=utf-8";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
    html: `text/html${UTF8}`,
    js: `text/javascript${UTF8}`,
    mjs: `text/javascript${UTF8}`,
    css: `text/css${UTF8}`,
    json: `application/json${UTF8}`,
    map: `application/json${UTF8}`,
    webmanifest: `application/manifest+json${UTF8}`,
    svg: `image/svg+xml${UTF8}`,
    txt: `text/plain${UTF8}`,
    xml: `application/xml${UTF8}`,
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    gif: "image/gif",
    webp: "image/webp",
    ico: "image/x-icon",
    woff: "font/woff",
    woff2: "font/woff2",
};

const NO_CACHE_NAMES: ReadonlySet<string> = new Set(["index.html", RUNTIME_CONFIG_FILE]);

/**
 * A content hash right before the extension, e.g. "app.3f9c2a1b.js" or Vite's
 * "index-BvC3x9aZ.js": 8+ word characters after a "." or "-". The digit
 * requirement (checked separately) keeps names like "app.bootstrap.js" out.
 */
const HASHED_NAME = /[.-]([A-Za-z0-9_]{8,})\.[A-Za-z0-9]+$/;

/** Content-Type for a key, from its (case-insensitive) extension. */
export function contentTypeFor(key: string): string {
    const extension = path.posix.extname(key).slice(1).toLowerCase();
    return CONTENT_TYPES[extension] ?? DEFAULT_CONTENT_TYPE;
}

/**
 * Cache-Control for a key: no-cache for index.html (at any depth) and
 * config.json, immutable for content-hashed names, short otherwise.
 */
export function cacheControlFor(key: string): string {
    const name = path.posix.basename(key);
    if (NO_CACHE_NAMES.has(name)) return CACHE_NO_CACHE;
    const hash = HASHED_NAME.exec(name)?.[1];
    if (hash !== undefined && /[0-9]/.test(hash)) return CACHE_IMMUTABLE;
    return CACHE_SHORT;
}

/**
 * Walks `directory` recursively and returns its files sorted by key.
 * Dotfiles and dot-directories are skipped; symlinked files are included,
 * symlinked directories are not followed (no cycles).
 *
 * Throws if the directory does not exist, is not a directory, or has no
 * index.html at its root.
 */
export function listSiteFiles(directory: string): SiteFile[] {
    const root = path.resolve(directory);
    let stat: fs.Stats;
    try {
        stat = fs.statSync(root);
    } catch {
        throw new Error(`Site directory "${directory}" does not exist`);
    }
    if (!stat.isDirectory()) throw new Error(`Site directory "${directory}" is not a directory`);

    const files: SiteFile[] = [];
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            if (entry.name.startsWith(".")) continue;
            const fullPath = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                walk(fullPath);
            } else if (entry.isFile() || (entry.isSymbolicLink() && fs.statSync(fullPath).isFile())) {
                const key = path.relative(root, fullPath).split(path.sep).join("/");
                files.push({ key, path: fullPath, contentType: contentTypeFor(key), cacheControl: cacheControlFor(key) });
            }
        }
    };
    walk(root);

    // Plain code-unit order: independent of locale and of directory read order.
    files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

    if (!files.some((file) => file.key === "index.html")) {
        throw new Error(`Site directory "${directory}" has no index.html at its root`);
    }
    return files;
}

/**
 * The manifest of a site's files: each one's key, size, SHA-256 and the
 * headers it is served with, in the listing's order. Reads every file once
 * (a chunk at a time, so a large file never sits in memory whole).
 */
export function siteManifest(files: readonly SiteFile[]): ManifestEntry[] {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    return files.map((file) => {
        const hash = crypto.createHash("sha256");
        const fd = fs.openSync(file.path, "r");
        let size = 0;
        try {
            for (let read = fs.readSync(fd, chunk, 0, chunk.length, null); read > 0; read = fs.readSync(fd, chunk, 0, chunk.length, null)) {
                hash.update(chunk.subarray(0, read));
                size += read;
            }
        } finally {
            fs.closeSync(fd);
        }
        return { key: file.key, size, sha256: hash.digest("hex"), contentType: file.contentType, cacheControl: file.cacheControl };
    });
}

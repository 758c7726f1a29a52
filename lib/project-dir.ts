/**
 * Finds the project directory: the nearest directory at or above `from`
 * that holds a Pulumi.yaml. The same code then works from the sources (run
 * by Pulumi or tsx) and from the compiled copy in `dist/`.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export function findProjectDir(from: string): string {
    let dir = path.resolve(from);
    for (;;) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`no Pulumi.yaml at or above ${from}`);
        }
        dir = parent;
    }
}

/**
 * The stack config, read once and checked before any resource is registered.
 *
 * This is the only module that reads `pulumi.Config`; everything else gets
 * the typed `Settings` it returns. The keys, defaults and checks are in
 * `lib/settings.ts` and listed in the README's config reference.
 */
import * as pulumi from "@pulumi/pulumi";
import { findProjectDir } from "./lib/project-dir";
import { parseSettings, Settings } from "./lib/settings";

/** Reads and validates the current stack's config. */
export function loadSettings(): Settings {
    return parseSettings({
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        projectDir: findProjectDir(__dirname),
        values: pulumi.runtime.allConfig(),
    });
}

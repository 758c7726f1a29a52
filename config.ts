/**
 * The stack config, read once and checked before any resource is registered.
 *
 * This is the only module that reads `pulumi.Config`; everything else gets
 * the typed `Settings` it returns. The keys, defaults and checks are in
 * `lib/settings.ts` and listed in the README's config reference.
 */
import * as pulumi from "@pulumi/pulumi";
import { DeployedOutputs } from "./lib/database-swap";
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

/**
 * The stack's outputs from its last update, read back through a stack
 * reference to the stack itself (empty before the first update). The
 * database guard compares them with the config (lib/database-swap.ts).
 */
export async function deployedOutputs(): Promise<DeployedOutputs> {
    const self = new pulumi.StackReference("deployed", { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}` });
    const [databaseKind, dataProtected] = await Promise.all([self.getOutputDetails("databaseKind"), self.getOutputDetails("dataProtected")]);
    return { databaseKind: databaseKind.value, dataProtected: dataProtected.value };
}

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
import { DeployedSite } from "./lib/site-upload-guard";
import { parseSettings, Settings } from "./lib/settings";

/**
 * Whether Pulumi holds a key's value as a secret: the SDK's own test
 * (`runtime/config.ts`, exported but left out of its typings). Without it,
 * a secret could be taken for plain text, so its absence is an error.
 */
function isConfigSecret(key: string): boolean {
    const test = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
    if (typeof test !== "function") {
        throw new Error("this version of @pulumi/pulumi has no runtime.isConfigSecret, which tells which config values are secrets; use the version in package-lock.json");
    }
    return test(key);
}

/** Reads and validates the current stack's config. */
export function loadSettings(): Settings {
    const values = pulumi.runtime.allConfig();
    return parseSettings({
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        projectDir: findProjectDir(__dirname),
        values,
        secretKeys: Object.keys(values).filter(isConfigSecret),
    });
}

/**
 * The stack's outputs from its last update, read back through a stack
 * reference to the stack itself (empty before the first update). The
 * database guard compares them with the config (lib/database-swap.ts).
 */
export async function deployedOutputs(): Promise<DeployedOutputs & DeployedSite> {
    const self = new pulumi.StackReference("deployed", { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}` });
    const [databaseKind, dataProtected, axes, siteUpload] = await Promise.all(["databaseKind", "dataProtected", "axes", "siteUpload"].map((name) => self.getOutputDetails(name)));
    return { databaseKind: databaseKind.value, dataProtected: dataProtected.value, axes: axes.value, siteUpload: siteUpload.value };
}

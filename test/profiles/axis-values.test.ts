/**
 * A new axis value is one module and one entry in profiles/values.ts: a toy
 * third frontend (a fixed page at the edge), written to a temporary module
 * and added to the list, plans with the wiring untouched.
 */
import assert from "node:assert/strict";
import { SITE_SYNC_TYPE } from "../../lib/site-sync";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Frontend } from "../../lib/axes";
import { parseSettings, Settings } from "../../lib/settings";
import { runProgram } from "../../offline/engine";
import { onlyResource, resourcesOfType, StackRecord } from "../../offline/record";
import { loadStackConfig, PROJECT_DIR } from "../../offline/stack";
import { deploy } from "../../profiles";
import { FrontendModule } from "../../profiles/parts";
import { AXIS_VALUES } from "../../profiles/values";
import { ContainerDefinition, json } from "../stacks";

const TOY = "fixed-page";

/** The toy value's module: a fixed page, served from a directory it writes, through the StaticSite component. */
function writeToyModule(dir: string): string {
    const file = path.join(dir, "fixed-page.ts");
    const component = path.join(PROJECT_DIR, "components", "static-site");
    fs.writeFileSync(
        file,
        `import * as fs from "node:fs";
import * as path from "node:path";
import { StaticSite } from ${JSON.stringify(component)};

const directory = path.join(${JSON.stringify(dir)}, "page");
fs.mkdirSync(directory, { recursive: true });
fs.writeFileSync(path.join(directory, "index.html"), "<!doctype html><title>fixed</title><p>Back soon.</p>\\n");

export const fixedPage = {
    summary: "a fixed page at the edge",
    hosting: "edge",
    routeRequest: () => undefined,
    open(shared: { domain?: { settings: { siteHost: string } }; certificates: { edge?: { certificateArn: unknown } } }) {
        const site = new StaticSite("fixed-page", {
            directory,
            domain: shared.domain && shared.certificates.edge ? { hostName: shared.domain.settings.siteHost, certificateArn: shared.certificates.edge.certificateArn as string } : undefined,
        });
        return { url: site.url, finish: () => ({ aliasTarget: site.aliasTarget, services: {} }) };
    },
};
`,
    );
    return file;
}

describe("axis values", () => {
    let dir: string;
    let record: StackRecord;
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "shoestring-axis-"));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const toy = (require(writeToyModule(dir)) as { fixedPage: FrontendModule }).fixedPage;
        // The one entry: the list is typed by lib/axes.ts's names, which a real value would join.
        (AXIS_VALUES.frontend as Record<string, FrontendModule>)[TOY] = toy;
        const loaded = loadStackConfig("cheap");
        const settings = parseSettings({ project: loaded.project, stack: loaded.stack, projectDir: PROJECT_DIR, values: loaded.config });
        const withToy: Settings = { ...settings, axes: { ...settings.axes, frontend: TOY as Frontend } };
        record = await runProgram({ project: loaded.project, stack: "cheap", config: loaded.config, program: () => deploy(withToy) });
    });
    after(() => {
        delete (AXIS_VALUES.frontend as Record<string, FrontendModule>)[TOY];
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("plans a frontend added by one entry in the list, in place of the others", () => {
        const sync = resourcesOfType(record, SITE_SYNC_TYPE).filter((o) => o.parent?.includes("::fixed-page"));
        const keys = sync.flatMap((o) => (o.inputs.files as { key: string }[]).map((f) => f.key));
        assert.deepEqual(keys, ["index.html"], "the fixed page is uploaded");
        assert.equal(resourcesOfType(record, "shoestring:aws:StaticSite").map((s) => s.name).join(), "fixed-page", "the static frontend is not built");
        assert.equal(resourcesOfType(record, "shoestring:aws:ContainerSite").length, 0, "nor the container one");
    });

    it("hands the toy's URL to the backend and its alias target to the site's record", () => {
        const backend = onlyResource(record, "aws:ecs/taskDefinition:TaskDefinition");
        const env = json<ContainerDefinition[]>(backend.inputs.containerDefinitions)[0].environment ?? [];
        assert.equal(env.find((e) => e.name === "FRONTEND_URL")?.value, `https://${String(record.config["shoestring:domain"])}`);
        const distribution = onlyResource(record, "aws:cloudfront/distribution:Distribution");
        const siteRecord = resourcesOfType(record, "aws:route53/record:Record").find((r) => r.urn.includes("site-record"));
        assert.deepEqual((siteRecord?.inputs.aliases as { name: unknown }[] | undefined)?.[0]?.name, distribution.outputs.domainName);
    });
});

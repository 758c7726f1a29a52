import assert from "node:assert/strict";
import { CALL_TIERS, mermaid } from "../../offline/render";
import { ROOT_STACK_TYPE, StackRecord } from "../../offline/record";
import { recordedResource, stack } from "../stacks";

/** The arrows of a diagram, as [from, to]. */
function arrows(diagram: string): [string, string][] {
    return diagram
        .split("\n")
        .map((line) => /^ {2}(\w+) --> (\w+)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2]]);
}

/** The type of each node of a diagram, by its id. */
function nodeTypes(record: StackRecord): Map<string, string> {
    const root = record.resources.find((r) => r.type === ROOT_STACK_TYPE);
    return new Map(record.resources.filter((r) => r.parent === root?.urn).map((r) => [r.name.replace(/[^A-Za-z0-9]/g, "_"), r.type]));
}

describe("offline/render mermaid", () => {
    for (const name of ["cheap", "dev", "serverless"]) {
        it(`${name}: every arrow one way, from caller to callee, none back up the tiers`, async () => {
            const record = await stack(name);
            const edges = arrows(mermaid(record));
            assert.ok(edges.length > 10, String(edges.length));
            const set = new Set(edges.map(([a, b]) => `${a}>${b}`));
            for (const [a, b] of edges) {
                assert.ok(!set.has(`${b}>${a}`), `${a} and ${b} have arrows both ways`);
                assert.notEqual(a, b);
            }
            const types = nodeTypes(record);
            const tier = (node: string) => (node === "internet" ? -1 : (CALL_TIERS[types.get(node) ?? ""] ?? 4));
            for (const [a, b] of edges) {
                assert.ok(tier(a) <= tier(b), `${a} (${types.get(a)}) --> ${b} (${types.get(b)}) points back up`);
            }
            assert.equal(edges.filter(([, b]) => b === "internet").length, 0, "nothing calls the internet");
        });
    }

    it("cheap: internet -> the API and the site, the API -> the backend -> the database and the table", async () => {
        const edges = arrows(mermaid(await stack("cheap"))).map(([a, b]) => `${a} --> ${b}`);
        for (const edge of ["internet --> api", "internet --> site", "api --> backend", "backend --> database", "backend --> table", "domain --> api", "backend_image --> backend_repository"]) {
            assert.ok(edges.includes(edge), edge);
        }
        // Recorded the other way (the database admits the backend's security group; the backend registers with the API).
        assert.ok(!edges.includes("database --> backend") && !edges.includes("backend --> api"));
    });

    it("dev: internet -> the load balancer -> both services; serverless: the function -> Aurora DSQL", async () => {
        const dev = arrows(mermaid(await stack("dev"))).map(([a, b]) => `${a} --> ${b}`);
        for (const edge of ["internet --> load_balancer", "load_balancer --> backend", "load_balancer --> frontend", "backend --> database"]) {
            assert.ok(dev.includes(edge), edge);
        }
        const serverless = arrows(mermaid(await stack("serverless"))).map(([a, b]) => `${a} --> ${b}`);
        assert.ok(serverless.includes("internet --> api") && serverless.includes("api --> backend") && serverless.includes("backend --> dsql"), serverless.join("\n"));
    });

    it("turns a dependency on an earlier tier around, keeps one of a pair within a tier, and leaves unlisted types last", () => {
        const rootUrn = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
        const top = (type: string, name: string, dependencies: string[] = []) => recordedResource({ type, name, custom: false, parent: rootUrn, dependencies: dependencies.map((d) => `urn:pulumi:s::p::${d}`) });
        const record: StackRecord = {
            project: "p",
            stack: "s",
            config: {},
            outputs: {},
            resources: [
                recordedResource({ type: ROOT_STACK_TYPE, name: "p-s", urn: rootUrn, custom: false }),
                top("shoestring:aws:ApiGatewayRouter", "api"),
                top("shoestring:aws:FargateService", "svc", ["shoestring:aws:ApiGatewayRouter::api"]),
                top("shoestring:aws:Database", "db", ["shoestring:aws:FargateService::svc"]),
                top("shoestring:aws:Certificate", "cert-a", ["shoestring:aws:Certificate::cert-b"]),
                top("shoestring:aws:Certificate", "cert-b", ["shoestring:aws:Certificate::cert-a"]),
                top("other:Thing", "thing", ["shoestring:aws:Database::db"]),
            ],
        };
        assert.deepEqual(arrows(mermaid(record)), [
            ["internet", "api"],
            ["api", "svc"],
            ["cert_a", "cert_b"],
            ["db", "thing"],
            ["svc", "db"],
        ]);
    });
});

import assert from "node:assert/strict";
import { DsqlCluster, DsqlClusterArgs } from "../../components/dsql-cluster";
import { onlyResource, StackRecord } from "../../offline/record";
import { assertOwnsEverything, component, run } from "./helpers";

const TYPE = "shoestring:aws:DsqlCluster";

function cluster(args: Partial<DsqlClusterArgs> = {}): Promise<StackRecord> {
    return run(() => {
        const c = new DsqlCluster("dsql", { region: "us-west-2", ...args });
        return { endpoint: c.endpoint, arn: c.arn };
    });
}

describe("components/dsql-cluster DsqlCluster", () => {
    describe("with defaults", () => {
        let record: StackRecord;
        before(async () => {
            record = await cluster();
        });

        it("parents the cluster to the component, which registers its endpoint and ARN", () => {
            const c = component(record, TYPE);
            const children = assertOwnsEverything(record, c);
            assert.deepEqual(children.map((r) => r.type), ["aws:dsql/cluster:Cluster"]);
            const dsql = onlyResource(record, "aws:dsql/cluster:Cluster");
            assert.deepEqual(c.outputs, { endpoint: record.outputs.endpoint, arn: dsql.outputs.arn });
            assert.match(String(record.outputs.arn), /^arn:aws:dsql:us-west-2:123456789012:cluster\/\w+$/);
        });

        it("is protected, in Pulumi and by deletion protection: deleting it deletes the data, with no final snapshot", () => {
            const dsql = onlyResource(record, "aws:dsql/cluster:Cluster");
            assert.equal(dsql.protect, true);
            assert.equal(dsql.inputs.deletionProtectionEnabled, true);
        });

        it("is reached at <identifier>.dsql.<region>.on.aws", () => {
            const dsql = onlyResource(record, "aws:dsql/cluster:Cluster");
            assert.match(String(dsql.outputs.identifier), /^\w+$/);
            assert.equal(record.outputs.endpoint, `${String(dsql.outputs.identifier)}.dsql.us-west-2.on.aws`);
        });

        it("is a single-Region cluster with AWS's own key", () => {
            const dsql = onlyResource(record, "aws:dsql/cluster:Cluster");
            assert.equal(dsql.inputs.multiRegionProperties, undefined);
            assert.equal(dsql.inputs.kmsEncryptionKey, undefined);
        });
    });

    it("is unprotected, in both places, when asked", async () => {
        const record = await cluster({ protect: false });
        assertOwnsEverything(record, component(record, TYPE));
        const dsql = onlyResource(record, "aws:dsql/cluster:Cluster");
        assert.equal(dsql.protect, false);
        assert.equal(dsql.inputs.deletionProtectionEnabled, false);
    });

    it("names its endpoint in the region it is given", async () => {
        const record = await cluster({ region: "eu-central-1" });
        assert.match(String(record.outputs.endpoint), /^\w+\.dsql\.eu-central-1\.on\.aws$/);
    });

    it("applies a transform to the cluster before it is registered, and keeps it its child", async () => {
        const record = await run(() => void new DsqlCluster("dsql", { region: "us-west-2", transform: { cluster: (_args, opts) => void (opts.ignoreChanges = ["kmsEncryptionKey"]) } }));
        const dsql = onlyResource(record, "aws:dsql/cluster:Cluster");
        assert.deepEqual(dsql.ignoreChanges, ["kmsEncryptionKey"]);
        assert.equal(dsql.inputs.deletionProtectionEnabled, true, "the rest stays");
        assertOwnsEverything(record, component(record, TYPE));
    });
});

import assert from "node:assert/strict";
import { CAPACITY_PROVIDERS, Cluster } from "../../components/cluster";
import { onlyResource, StackRecord } from "../../offline/record";
import { Capacity } from "../../lib/axes";
import { assertOwnsEverything, component, run } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

const TYPE = "shoestring:aws:Cluster";
const VPC_ID = "vpc-0123456789abcdef0";

function cluster(defaultCapacity: Capacity, namespaceName?: string): Promise<StackRecord> {
    return run(() => {
        const c = new Cluster("cluster", { vpcId: VPC_ID, defaultCapacity, namespaceName });
        return { clusterName: c.clusterName, clusterArn: c.clusterArn, namespaceArn: c.namespace.arn };
    });
}

describe("components/cluster Cluster", () => {
    describe("defaulting to Spot", () => {
        let record: StackRecord;
        before(async () => {
            record = await cluster("spot");
        });

        it("parents every resource to the component, which registers its outputs", () => {
            const c = component(record, TYPE);
            assertOwnsEverything(record, c);
            const ecs = onlyResource(record, "aws:ecs/cluster:Cluster");
            const namespace = onlyResource(record, "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace");
            assert.deepEqual(c.outputs, { clusterName: ecs.outputs.name, clusterArn: ecs.outputs.arn, namespaceArn: namespace.outputs.arn });
            assert.equal(record.outputs.clusterArn, ecs.outputs.arn);
        });

        it("offers both capacity providers, FARGATE_SPOT by default", () => {
            const ecs = onlyResource(record, "aws:ecs/cluster:Cluster");
            const capacity = onlyResource(record, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
            assert.equal(capacity.inputs.clusterName, ecs.outputs.name);
            assert.deepEqual(capacity.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
            assert.deepEqual(capacity.inputs.defaultCapacityProviderStrategies, [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }]);
        });

        it("leaves Container Insights off", () => {
            const ecs = onlyResource(record, "aws:ecs/cluster:Cluster");
            assert.deepEqual(ecs.inputs.settings, [{ name: "containerInsights", value: "disabled" }]);
        });

        it("makes the private DNS namespace Service Connect's default", () => {
            const ecs = onlyResource(record, "aws:ecs/cluster:Cluster");
            const namespace = onlyResource(record, "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace");
            assert.equal((ecs.inputs.serviceConnectDefaults as Obj).namespace, namespace.outputs.arn);
            assert.match(String(namespace.outputs.arn), /^arn:aws:servicediscovery:us-west-2:\d{12}:namespace\//);
            assert.equal(namespace.inputs.vpc, VPC_ID);
            assert.equal(namespace.inputs.name, "cluster.internal");
            assert.equal(record.outputs.namespaceArn, namespace.outputs.arn);
        });
    });

    describe("defaulting to on-demand, with a namespace name", () => {
        let record: StackRecord;
        before(async () => {
            record = await cluster("fargate", "unit.proj.internal");
        });

        it("parents every resource to the component", () => {
            assertOwnsEverything(record, component(record, TYPE));
        });

        it("still offers both providers, FARGATE by default", () => {
            const capacity = onlyResource(record, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
            assert.deepEqual(capacity.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
            assert.deepEqual((capacity.inputs.defaultCapacityProviderStrategies as Obj[]).map((s) => s.capacityProvider), [CAPACITY_PROVIDERS.fargate]);
            assert.equal(CAPACITY_PROVIDERS.fargate, "FARGATE");
        });

        it("names the namespace as given", () => {
            assert.equal(onlyResource(record, "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace").inputs.name, "unit.proj.internal");
        });
    });

    it("applies transforms to its children before they are registered: arguments merged, or edited by a function", async () => {
        const merged = await run(() => {
            new Cluster("cluster", { vpcId: VPC_ID, defaultCapacity: "spot", transform: { cluster: { settings: [{ name: "containerInsights", value: "enabled" }] } } });
        });
        const ecs = onlyResource(merged, "aws:ecs/cluster:Cluster");
        assert.deepEqual(ecs.inputs.settings, [{ name: "containerInsights", value: "enabled" }]);
        assert.deepEqual((ecs.inputs.configuration as Obj).executeCommandConfiguration, { logging: "DEFAULT" }, "the rest stays");
        const edited = await run(() => {
            new Cluster("cluster", {
                vpcId: VPC_ID,
                defaultCapacity: "spot",
                transform: {
                    namespace: (args, opts) => {
                        args.description = "Edited";
                        opts.protect = true;
                    },
                },
            });
        });
        const namespace = onlyResource(edited, "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace");
        assert.equal(namespace.inputs.description, "Edited");
        assert.equal(namespace.protect, true);
        assert.equal(namespace.parent, component(edited, TYPE).urn, "still the component's child");
    });
});

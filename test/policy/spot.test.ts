import assert from "node:assert/strict";
import * as spot from "../../policy/src/spot";
import { resourcesOfType } from "../../offline/record";
import { describeCases } from "./cases";
import { app, check, of, record, checkCore } from "./programs";

const SERVICE = "ecs-service-uses-fargate-spot";
const CLUSTER = "ecs-cluster-offers-fargate-spot";

describe("policy/src/spot", () => {
    describeCases(spot);

    describe("the write-up's mistake (f): a cluster defaulting to FARGATE_SPOT does not move a service", () => {
        it("the cluster offers FARGATE_SPOT and defaults to it, so only the service is at fault", async () => {
            const r = await record(app({ strategies: [] }));
            const [providers] = resourcesOfType(r, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
            assert.deepEqual(providers.inputs.defaultCapacityProviderStrategies, [{ capacityProvider: "FARGATE_SPOT", weight: 1 }]);
            assert.equal(resourcesOfType(r, "aws:ecs/service:Service")[0].inputs.capacityProviderStrategies, undefined);
            const found = await checkCore(r);
            assert.deepEqual(of(found, CLUSTER), []);
            const violations = of(found, SERVICE);
            assert.equal(violations.length, 1);
            assert.equal(violations[0].level, "mandatory");
            assert.match(violations[0].message, /^service backend has no capacity provider strategy, so it runs on the cluster default or FARGATE\./);
            assert.ok(violations[0].message.includes(spot.ecsServiceUsesFargateSpot.remediationSteps!));
            assert.ok(violations[0].urn?.endsWith("::aws:ecs/service:Service::backend"), "the violation points at the service");
        });

        it("a service with launchType FARGATE is reported for the launch type, whatever the cluster default", async () => {
            const found = of(await check(await record(app({ strategies: [], launchType: "FARGATE" }))), SERVICE);
            assert.ok(found.some((v) => v.message.startsWith("service backend sets launchType FARGATE, which overrides any capacity provider strategy.")));
            assert.ok(found.every((v) => v.message.includes(spot.ecsServiceUsesFargateSpot.remediationSteps!)));
        });

        it("a launchType is reported even next to a FARGATE_SPOT strategy", async () => {
            const found = of(await check(await record(app({ launchType: "FARGATE" }))), SERVICE);
            assert.equal(found.length, 1);
            assert.match(found[0].message, /sets launchType FARGATE/);
        });

        it("the fix, the service's own FARGATE_SPOT strategy, passes the whole pack (the hardening policies aside)", async () => {
            const found = await checkCore(await record(app()));
            assert.deepEqual(found, []);
        });
    });

    describe("config", () => {
        it("allowedOnDemandBase defaults to 0", async () => {
            const r = await record(app({ strategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }, { capacityProvider: "FARGATE", weight: 0, base: 1 }] }));
            const found = of(await check(r, [SERVICE]), SERVICE);
            assert.equal(found.length, 1);
            assert.match(found[0].message, /keeps a base of 1 FARGATE tasks; at most 0 allowed/);
            assert.deepEqual(of(await check(r, [SERVICE], { [SERVICE]: { enforcementLevel: "mandatory", allowedOnDemandBase: 1 } }), SERVICE), []);
        });

        it("reports at the configured enforcement level, and not at all when disabled", async () => {
            const r = await record(app({ strategies: [] }));
            const advisory = of(await check(r, [SERVICE, CLUSTER], { [SERVICE]: "advisory" }), SERVICE);
            assert.equal(advisory.length, 1);
            assert.equal(advisory[0].level, "advisory");
            assert.deepEqual(await check(r, [SERVICE], { [SERVICE]: "disabled" }), []);
        });

        it("declares allowedOnDemandBase as a non-negative integer defaulting to 0", () => {
            const schema = spot.ecsServiceUsesFargateSpot.configSchema as { properties: Record<string, { type: string; minimum?: number; default?: unknown }> };
            assert.deepEqual(schema.properties.allowedOnDemandBase, { type: "integer", minimum: 0, default: 0 });
        });
    });
});

/**
 * Spot: the services run on Fargate Spot. The write-up found that a
 * cluster's default capacity provider strategy does not move a service: each
 * service needs its own strategy, and a `launchType` overrides any strategy.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isKnown, label, list, obj, ofType, read, referenced } from "./util";

export interface SpotConfig {
    /** On-demand (FARGATE) tasks a service may keep as its strategy's `base`. */
    allowedOnDemandBase?: number;
}

export const ecsServiceUsesFargateSpot: ResourceValidationPolicy = {
    name: "ecs-service-uses-fargate-spot",
    description: "Every ECS service runs on FARGATE_SPOT through its own capacity provider strategy, with no launchType.",
    remediationSteps:
        'Set the service\'s capacityProviderStrategies to [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] and remove launchType (in shoestring: shoestring:capacity spot). A cluster default strategy alone does not move a service.',
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedOnDemandBase: { type: "integer", minimum: 0, default: 0 } } },
    validateResource: (args, report) => {
        if (args.type !== "aws:ecs/service:Service") {
            return;
        }
        const allowedBase = args.getConfig<SpotConfig>().allowedOnDemandBase ?? 0;
        const launchType = read(() => args.props.launchType as unknown);
        if (isKnown(launchType) && launchType !== undefined && launchType !== null && launchType !== "") {
            report(`service ${args.name} sets launchType ${String(launchType)}, which overrides any capacity provider strategy. ${ecsServiceUsesFargateSpot.remediationSteps}`);
        }
        const strategy = read(() => list(args.props.capacityProviderStrategies).map((s) => obj(s)));
        if (!isKnown(strategy)) {
            return;
        }
        if (strategy.length === 0) {
            report(`service ${args.name} has no capacity provider strategy, so it runs on the cluster default or FARGATE. ${ecsServiceUsesFargateSpot.remediationSteps}`);
            return;
        }
        if (!strategy.some((s) => s.capacityProvider === "FARGATE_SPOT" && Number(s.weight ?? 0) > 0)) {
            report(`service ${args.name} has no FARGATE_SPOT entry with a weight in its capacity provider strategy. ${ecsServiceUsesFargateSpot.remediationSteps}`);
        }
        for (const s of strategy.filter((s) => s.capacityProvider !== "FARGATE_SPOT")) {
            if (Number(s.weight ?? 0) > 0) {
                report(`service ${args.name} gives ${String(s.capacityProvider)} a weight of ${String(s.weight)}, so some tasks run on demand. ${ecsServiceUsesFargateSpot.remediationSteps}`);
            }
            if (Number(s.base ?? 0) > allowedBase) {
                report(`service ${args.name} keeps a base of ${String(s.base)} ${String(s.capacityProvider)} tasks; at most ${allowedBase} allowed (policy config allowedOnDemandBase). ${ecsServiceUsesFargateSpot.remediationSteps}`);
            }
        }
    },
};

export const ecsClusterOffersFargateSpot: StackValidationPolicy = {
    name: "ecs-cluster-offers-fargate-spot",
    description: "Every ECS cluster offers the FARGATE_SPOT capacity provider.",
    remediationSteps: 'Add an aws.ecs.ClusterCapacityProviders for the cluster with capacityProviders ["FARGATE", "FARGATE_SPOT"] (shoestring\'s Cluster component does).',
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const providers = ofType(args.resources, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
        for (const cluster of ofType(args.resources, "aws:ecs/cluster:Cluster")) {
            const attached = providers.filter((p) => referenced(p, "clusterName", [cluster], ["name"]).length > 0);
            const offered = attached.flatMap((p) => {
                const list_ = read(() => list(p.props.capacityProviders).map(String));
                return isKnown(list_) ? list_ : ["FARGATE_SPOT"]; // unknown: cannot tell, do not accuse
            });
            if (!offered.includes("FARGATE_SPOT")) {
                report(`cluster ${label(cluster)} does not offer FARGATE_SPOT. ${ecsClusterOffersFargateSpot.remediationSteps}`, cluster.urn);
            }
        }
    },
};

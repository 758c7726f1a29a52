import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Capacity } from "../lib/axes";
import { Transform, transformed } from "../lib/transform";

export interface ClusterArgs {
    /** The VPC the service discovery namespace lives in. */
    vpcId: pulumi.Input<string>;
    /**
     * Which capacity provider the cluster's default strategy uses. Both
     * FARGATE and FARGATE_SPOT are always offered, so services can choose.
     * Note that a cluster default alone does not move a service to Spot: each
     * service needs its own strategy (`FargateService` sets one).
     */
    defaultCapacity: Capacity;
    /**
     * Private DNS name of the namespace shared by Service Connect and the
     * Cloud Map services the API Gateway integrates with.
     *
     * @default "<name>.internal"
     */
    namespaceName?: string;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The Cloud Map private DNS namespace. */
        namespace?: Transform<aws.servicediscovery.PrivateDnsNamespaceArgs>;
        /** The ECS cluster. */
        cluster?: Transform<aws.ecs.ClusterArgs>;
        /** The cluster's capacity providers (FARGATE and FARGATE_SPOT) and default strategy. */
        capacityProviders?: Transform<aws.ecs.ClusterCapacityProvidersArgs>;
    };
}

/** Capacity provider names, as ECS spells them. */
export const CAPACITY_PROVIDERS: Record<Capacity, string> = { fargate: "FARGATE", spot: "FARGATE_SPOT" };

/**
 * An ECS cluster offering FARGATE and FARGATE_SPOT, with a Cloud Map
 * namespace for Service Connect and service discovery.
 *
 * Cost: the cluster itself is free; Container Insights (extra CloudWatch
 * charges) is left off. The namespace is a private Route 53 hosted zone
 * ($0.50/month): DNS (SRV) records are what ECS service discovery registers
 * task ports in, and an API Gateway Cloud Map integration needs that port.
 */
export class Cluster extends pulumi.ComponentResource {
    readonly cluster: aws.ecs.Cluster;
    readonly namespace: aws.servicediscovery.PrivateDnsNamespace;
    /** FARGATE and FARGATE_SPOT, attached to the cluster. */
    readonly capacityProviders: aws.ecs.ClusterCapacityProviders;
    /** The cluster name (for `aws ecs execute-command --cluster`), once its capacity providers are attached. */
    readonly clusterName: pulumi.Output<string>;
    /** The cluster ARN, once its capacity providers are attached: what services use. */
    readonly clusterArn: pulumi.Output<string>;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:Cluster", name, {}, opts);

        this.namespace = new aws.servicediscovery.PrivateDnsNamespace(
            ...transformed(args.transform?.namespace, `${name}-namespace`, { name: args.namespaceName ?? `${name}.internal`, vpc: args.vpcId, description: "Service Connect and service discovery" }, { parent: this }),
        );

        this.cluster = new aws.ecs.Cluster(
            ...transformed(args.transform?.cluster, name, {
                settings: [{ name: "containerInsights", value: "disabled" }],
                serviceConnectDefaults: { namespace: this.namespace.arn },
                configuration: { executeCommandConfiguration: { logging: "DEFAULT" } },
            }, { parent: this }),
        );

        const preferred = CAPACITY_PROVIDERS[args.defaultCapacity];
        this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
            ...transformed(args.transform?.capacityProviders, `${name}-capacity`, {
                clusterName: this.cluster.name,
                capacityProviders: ["FARGATE", "FARGATE_SPOT"],
                defaultCapacityProviderStrategies: [{ capacityProvider: preferred, weight: 1, base: 0 }],
            }, { parent: this }),
        );

        // Services reach the cluster through these, so they are created only
        // once FARGATE_SPOT is attached: CreateService refuses a strategy
        // naming a capacity provider the cluster does not have yet.
        this.clusterName = pulumi.all([this.cluster.name, this.capacityProviders.id]).apply(([clusterName]) => clusterName);
        this.clusterArn = pulumi.all([this.cluster.arn, this.capacityProviders.id]).apply(([arn]) => arn);
        this.registerOutputs({ clusterName: this.clusterName, clusterArn: this.clusterArn, namespaceArn: this.namespace.arn });
    }
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A subnet and the zone it is in. */
export interface PlacedSubnet {
    id: string;
    /** The zone id (`use1-az3`), the same in every account, unlike zone names. */
    availabilityZoneId: string;
}

export interface NetworkArgs {
    /**
     * An existing VPC to use.
     *
     * @default the account's default VPC in the stack's region
     */
    vpcId?: string;
    /**
     * Subnets for tasks, load balancer, VPC link and database. They must be
     * public (routed to an internet gateway): tasks pull images and reach AWS
     * APIs through their public IP, since there is no NAT gateway.
     *
     * @default the default VPC's default subnets, one per availability zone;
     *   with `vpcId`, every subnet of that VPC
     */
    subnetIds?: string[];
}

/**
 * Where everything runs: a VPC and its public subnets.
 *
 * There is deliberately no NAT gateway (about $1.08/day each, before data):
 * tasks get a public IP instead, which costs $0.005/hour per task since
 * 2024-02-01 and is reachable only through each task's security group.
 * The default VPC is used unless the stack names another.
 */
export class Network extends pulumi.ComponentResource {
    /** The VPC id. */
    readonly vpcId: pulumi.Output<string>;
    /** Public subnet ids (at least two availability zones). */
    readonly subnetIds: pulumi.Output<string[]>;
    /** The subnets with their zones, for services that exist only in some zones (HTTP API VPC links). */
    readonly subnets: pulumi.Output<PlacedSubnet[]>;
    /** The VPC's CIDR block. */
    readonly cidrBlock: pulumi.Output<string>;
    /** Tasks need a public IP to reach ECR and AWS APIs without a NAT gateway. */
    readonly assignPublicIp = true;

    constructor(name: string, args: NetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:Network", name, {}, opts);
        const vpc = aws.ec2.getVpcOutput(args.vpcId ? { id: args.vpcId } : { default: true }, { parent: this });
        this.vpcId = vpc.id;
        this.cidrBlock = vpc.cidrBlock;
        this.subnetIds = args.subnetIds
            ? pulumi.output(args.subnetIds)
            : aws.ec2
                  .getSubnetsOutput(
                      // A default VPC's default subnets; in another VPC, all of its subnets.
                      { filters: [{ name: "vpc-id", values: [vpc.id] }, ...(args.vpcId ? [] : [{ name: "default-for-az", values: ["true"] }])] },
                      { parent: this },
                  )
                  .ids.apply((ids) => [...ids].sort());
        this.subnets = this.subnetIds.apply((ids) =>
            Promise.all(ids.map((id) => aws.ec2.getSubnet({ id }, { parent: this }).then((s) => ({ id, availabilityZoneId: s.availabilityZoneId })))),
        );
        this.registerOutputs({ vpcId: this.vpcId, subnetIds: this.subnetIds });
    }
}

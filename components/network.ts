import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ComponentError } from "../lib/errors";
import { NEW_VPC_CIDR, newVpcSubnets } from "../lib/network-layout";
import { Transform, transformed } from "../lib/transform";

/** A subnet and the zone it is in. */
export interface PlacedSubnet {
    id: string;
    /** The zone id (`use1-az3`), the same in every account, unlike zone names. */
    availabilityZoneId: string;
}

export interface NetworkArgs {
    /**
     * Where the network comes from:
     * - `default`: the account's default VPC in the stack's region, and its
     *   default subnets (one per availability zone);
     * - `new`: a VPC the stack creates ($0: VPCs, subnets, route tables and
     *   internet gateways are free), with an internet gateway, a public
     *   route table and one public subnet in each of two zones (chosen by
     *   `lib/network-layout.ts`), and no NAT gateway;
     * - `existing`: the VPC `vpcId` and the subnets `subnetIds` (every subnet
     *   of the VPC when none are given).
     *
     * @default "default", or "existing" when `vpcId` is given
     */
    kind?: "default" | "new" | "existing";
    /**
     * An existing VPC to use (`existing`).
     */
    vpcId?: string;
    /**
     * Subnets for tasks, load balancer, VPC link and database (`existing`).
     * They must be public (routed to an internet gateway): tasks pull images
     * and reach AWS APIs through their public IP, since there is no NAT
     * gateway.
     *
     * @default every subnet of `vpcId`
     */
    subnetIds?: string[];
    /** The stack's region (`new`: the zones are picked from the region's zone ids). */
    region?: string;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts; `new` only). */
    transform?: {
        vpc?: Transform<aws.ec2.VpcArgs>;
        internetGateway?: Transform<aws.ec2.InternetGatewayArgs>;
        routeTable?: Transform<aws.ec2.RouteTableArgs>;
        subnet?: Transform<aws.ec2.SubnetArgs>;
    };
}

/**
 * Where everything runs: a VPC and its public subnets.
 *
 * There is deliberately no NAT gateway (about $1.08/day each, before data):
 * tasks get a public IP instead, which costs $0.005/hour per task since
 * 2024-02-01 and is reachable only through each task's security group.
 * The default VPC is used unless the stack asks for a new one or names one.
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
        const kind = args.kind ?? (args.vpcId ? "existing" : "default");
        if (kind === "new") {
            const created = this.createVpc(name, args);
            this.vpcId = created.vpcId;
            this.cidrBlock = created.cidrBlock;
            this.subnets = created.subnets;
            this.subnetIds = created.subnets.apply((subnets) => subnets.map((s) => s.id));
        } else {
            if (kind === "existing" && !args.vpcId) {
                throw new ComponentError("shoestring:aws:Network", name, `kind "existing" needs vpcId`);
            }
            const vpc = aws.ec2.getVpcOutput(kind === "existing" ? { id: args.vpcId } : { default: true }, { parent: this });
            this.vpcId = vpc.id;
            this.cidrBlock = vpc.cidrBlock;
            this.subnetIds = args.subnetIds
                ? pulumi.output(args.subnetIds)
                : aws.ec2
                      .getSubnetsOutput(
                          // A default VPC's default subnets; in another VPC, all of its subnets.
                          { filters: [{ name: "vpc-id", values: [vpc.id] }, ...(kind === "existing" ? [] : [{ name: "default-for-az", values: ["true"] }])] },
                          { parent: this },
                      )
                      .ids.apply((ids) => [...ids].sort());
            this.subnets = this.subnetIds.apply((ids) =>
                Promise.all(ids.map((id) => aws.ec2.getSubnet({ id }, { parent: this }).then((s) => ({ id, availabilityZoneId: s.availabilityZoneId })))),
            );
        }
        this.registerOutputs({ vpcId: this.vpcId, subnetIds: this.subnetIds });
    }

    /** A VPC with DNS (Cloud Map and Service Connect resolve through it), an internet gateway and public subnets. */
    private createVpc(name: string, args: NetworkArgs): { vpcId: pulumi.Output<string>; cidrBlock: pulumi.Output<string>; subnets: pulumi.Output<PlacedSubnet[]> } {
        const layout = args.region ? newVpcSubnets(args.region) : "no region given";
        if (typeof layout === "string") {
            throw new ComponentError("shoestring:aws:Network", name, layout);
        }
        const t = args.transform ?? {};
        const vpc = new aws.ec2.Vpc(...transformed(t.vpc, name, { cidrBlock: NEW_VPC_CIDR, enableDnsSupport: true, enableDnsHostnames: true, tags: { Name: name } }, { parent: this }));
        // The VPC's default security group lets its members reach each other;
        // nothing here uses it, so it is emptied (as CDK's restrictDefaultSecurityGroup does).
        new aws.ec2.DefaultSecurityGroup(`${name}-default`, { vpcId: vpc.id, ingress: [], egress: [], tags: { Name: `${name}-default` } }, { parent: this });
        const gateway = new aws.ec2.InternetGateway(...transformed(t.internetGateway, `${name}-gateway`, { vpcId: vpc.id, tags: { Name: name } }, { parent: this }));
        const routes = new aws.ec2.RouteTable(
            ...transformed(t.routeTable, `${name}-public`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }], tags: { Name: `${name}-public` } }, { parent: this }),
        );
        const subnets = layout.map((placement) => {
            const subnet = new aws.ec2.Subnet(
                ...transformed(
                    t.subnet,
                    `${name}-${placement.availabilityZoneId}`,
                    // Tasks ask for a public IP themselves; nothing else launched here gets one.
                    { vpcId: vpc.id, cidrBlock: placement.cidrBlock, availabilityZoneId: placement.availabilityZoneId, mapPublicIpOnLaunch: false, tags: { Name: `${name}-${placement.availabilityZoneId}` } },
                    { parent: this },
                ),
            );
            new aws.ec2.RouteTableAssociation(`${name}-${placement.availabilityZoneId}`, { subnetId: subnet.id, routeTableId: routes.id }, { parent: this });
            return subnet.id.apply((id): PlacedSubnet => ({ id, availabilityZoneId: placement.availabilityZoneId }));
        });
        return { vpcId: vpc.id, cidrBlock: vpc.cidrBlock, subnets: pulumi.all(subnets) };
    }
}

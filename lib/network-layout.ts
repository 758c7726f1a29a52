/**
 * The layout of a VPC the program creates (`network: new`): its address
 * range, and one public subnet in each of two availability zones, picked
 * by zone id (the same in every account) among the zones where HTTP API
 * VPC links work, so either API entry can use every subnet.
 */
import { zoneIdsOf } from "./aws-data/availability-zones";
import { vpcLinkSupportsZone } from "./aws-data/vpc-link-zones";

/** The VPC's range: a /16 of RFC 1918 space, leaving room for the default VPC's 172.31.0.0/16. */
export const NEW_VPC_CIDR = "10.0.0.0/16";

/** How many zones the subnets span: the two an ALB and an RDS subnet group need. */
export const NEW_VPC_ZONES = 2;

/** One subnet of the layout. */
export interface SubnetLayout {
    availabilityZoneId: string;
    /** A /20 (4,091 usable addresses) inside the VPC's range. */
    cidrBlock: string;
}

/**
 * The subnets of a new VPC in a region, or why there are none: the region
 * must be in the zone table (lib/aws-data/availability-zones.ts) with at
 * least two zones where VPC links work (the zone list and the VPC link
 * table are those facts unless given).
 */
export function newVpcSubnets(
    region: string,
    zones: readonly string[] | undefined = zoneIdsOf(region),
    linkSupports: (zoneId: string) => boolean | undefined = (zoneId) => vpcLinkSupportsZone(region, zoneId),
): SubnetLayout[] | string {
    if (!zones) {
        return `no zone list for region ${region} in lib/aws-data/availability-zones.ts; use network "default" or "existing"`;
    }
    const usable = zones.filter((z) => linkSupports(z) !== false);
    if (usable.length < NEW_VPC_ZONES) {
        // Stryker disable next-line StringLiteral: at most one zone is listed here, so the separator never shows
        return `${region} has ${usable.length} zone(s) with HTTP API VPC links (${usable.join(", ")}); a new VPC needs ${NEW_VPC_ZONES}`;
    }
    return usable.slice(0, NEW_VPC_ZONES).map((availabilityZoneId, i) => ({ availabilityZoneId, cidrBlock: `10.0.${i * 16}.0/20` }));
}

/**
 * Where API Gateway VPC links V2 (the VPC links HTTP APIs use, `apigatewayv2` VpcLink)
 * can place their network interfaces, by AZ ID.
 *
 * Pure data: no imports, no I/O. Compare AZ IDs (`use1-az3`), never zone names
 * (`us-east-1a`), which older accounts map to physical zones independently.
 */

/**
 * The AZ IDs AWS lists as supporting VPC links V2, keyed by Region code, in the
 * table's order. This is the table AWS publishes: a list of SUPPORTED zones.
 *
 * Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-links-v2.html
 * ("Set up VPC links V2 in API Gateway", section "Availability by Region"; read
 * 2026-12-01 from a stored copy of the page). The table is introduced by
 * "VPC links V2 are supported in the following Regions and Availability Zones:" and
 * its header is "Region name | Region | Supported Availability Zones".
 *
 * The older page https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html
 * ("Set up VPC links for HTTP APIs in API Gateway") carries the same table under
 * "VPC links for HTTP APIs are supported in the following Regions and Availability
 * Zones:"; the rows seen in its stored copies agree with the ones below.
 *
 * A Region missing here (for example ap-northeast-3, ap-south-2, eu-central-2,
 * eu-south-1, af-south-1, ca-west-1, il-central-1, me-central-1) is not in the
 * table; the page does not say whether VPC links V2 work there.
 *
 * Creating a VPC link with a subnet in a zone outside this list fails with
 * `BadRequestException: Subnet 'subnet-…' is in Availability Zone 'euw3-az2' where
 * service is not available` (message quoted in aws/aws-cdk#13569 and
 * snyk/driftctl#1329, not in AWS docs).
 */
export const HTTP_API_VPC_LINK_SUPPORTED_ZONES: Readonly<Record<string, readonly string[]>> = Object.freeze({
    "us-east-2": Object.freeze(["use2-az1", "use2-az2", "use2-az3"]),
    "us-east-1": Object.freeze(["use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"]),
    "us-west-1": Object.freeze(["usw1-az1", "usw1-az3"]),
    "us-west-2": Object.freeze(["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"]),
    "ap-east-1": Object.freeze(["ape1-az2", "ape1-az3"]),
    "ap-south-1": Object.freeze(["aps1-az1", "aps1-az2", "aps1-az3"]),
    "ap-northeast-2": Object.freeze(["apne2-az1", "apne2-az2", "apne2-az3"]),
    "ap-southeast-1": Object.freeze(["apse1-az1", "apse1-az2", "apse1-az3"]),
    "ap-southeast-2": Object.freeze(["apse2-az1", "apse2-az2", "apse2-az3"]),
    "ap-northeast-1": Object.freeze(["apne1-az1", "apne1-az2", "apne1-az4"]),
    "ca-central-1": Object.freeze(["cac1-az1", "cac1-az2"]),
    "eu-central-1": Object.freeze(["euc1-az1", "euc1-az2", "euc1-az3"]),
    "eu-west-1": Object.freeze(["euw1-az1", "euw1-az2", "euw1-az3"]),
    "eu-west-2": Object.freeze(["euw2-az1", "euw2-az2", "euw2-az3"]),
    "eu-west-3": Object.freeze(["euw3-az1", "euw3-az3"]),
    "eu-south-2": Object.freeze(["eus2-az1", "eus2-az2", "eus2-az3"]),
    "eu-north-1": Object.freeze(["eun1-az1", "eun1-az2", "eun1-az3"]),
    "me-south-1": Object.freeze(["mes1-az1", "mes1-az2", "mes1-az3"]),
    "sa-east-1": Object.freeze(["sae1-az1", "sae1-az2", "sae1-az3"]),
    "us-gov-west-1": Object.freeze(["usgw1-az1", "usgw1-az2", "usgw1-az3"]),
});

/**
 * The AZ IDs where VPC links V2 are NOT supported, per Region. AWS publishes no such
 * table: this is DERIVED, as the Region's AZ IDs on
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 * minus the supported list of
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-links-v2.html
 * (both read 2026-12-01; supported-table header "Region name | Region | Supported
 * Availability Zones"). Only Regions on both pages are listed; an empty list means
 * every listed zone is supported. us-gov-west-1 is left out: the AZ page does not
 * cover GovCloud.
 *
 * Two rows are confirmed by reported errors (not AWS docs): `euw3-az2`
 * (aws/aws-cdk#13569) and `use1-az3` (snyk/driftctl#1329), both "… where service is
 * not available".
 */
export const HTTP_API_VPC_LINK_UNSUPPORTED_ZONES: Readonly<Record<string, readonly string[]>> = Object.freeze({
    "us-east-2": Object.freeze([]),
    "us-east-1": Object.freeze(["use1-az3"]),
    "us-west-1": Object.freeze(["usw1-az2"]),
    "us-west-2": Object.freeze([]),
    "ap-east-1": Object.freeze(["ape1-az1"]),
    "ap-south-1": Object.freeze([]),
    "ap-northeast-2": Object.freeze(["apne2-az4"]),
    "ap-southeast-1": Object.freeze([]),
    "ap-southeast-2": Object.freeze([]),
    "ap-northeast-1": Object.freeze(["apne1-az3"]),
    "ca-central-1": Object.freeze(["cac1-az4"]),
    "eu-central-1": Object.freeze([]),
    "eu-west-1": Object.freeze([]),
    "eu-west-2": Object.freeze(["euw2-az4"]),
    "eu-west-3": Object.freeze(["euw3-az2"]),
    "eu-south-2": Object.freeze([]),
    "eu-north-1": Object.freeze([]),
    "me-south-1": Object.freeze([]),
    "sa-east-1": Object.freeze([]),
});

/**
 * Whether AWS lists `zoneId` as supporting VPC links V2 in `region`: `true` if the
 * supported table lists it, `false` if the Region is listed but the zone is not, and
 * `undefined` for a Region the table does not list (support there is undocumented).
 *
 * Source: {@link HTTP_API_VPC_LINK_SUPPORTED_ZONES},
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-links-v2.html
 * (read 2026-12-01).
 */
export function vpcLinkSupportsZone(region: string, zoneId: string): boolean | undefined {
    if (!Object.prototype.hasOwnProperty.call(HTTP_API_VPC_LINK_SUPPORTED_ZONES, region)) {
        return undefined;
    }
    const zones = HTTP_API_VPC_LINK_SUPPORTED_ZONES[region];
    return zones !== undefined && zones.includes(zoneId);
}

/**
 * The subnets an HTTP API VPC link may use in a region: those in a zone the
 * table lists (all of them in a region the table does not list). Throws when
 * none is left, naming the zones AWS supports.
 */
export function vpcLinkSubnetIds(region: string, subnets: readonly { id: string; availabilityZoneId: string }[]): string[] {
    const usable = subnets.filter((s) => vpcLinkSupportsZone(region, s.availabilityZoneId) !== false);
    if (usable.length === 0) {
        const zones = HTTP_API_VPC_LINK_SUPPORTED_ZONES[region] ?? [];
        throw new Error(
            `none of the subnets ${subnets.map((s) => `${s.id} (${s.availabilityZoneId})`).join(", ")} is in a zone where ${region} has HTTP API VPC links; ` +
                `use subnets in ${zones.join(", ")} (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-links-v2.html)`,
        );
    }
    return usable.map((s) => s.id);
}

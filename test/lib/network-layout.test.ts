import assert from "node:assert/strict";
import fc from "fast-check";
import { AVAILABILITY_ZONE_IDS } from "../../lib/aws-data/availability-zones";
import { vpcLinkSupportsZone } from "../../lib/aws-data/vpc-link-zones";
import { NEW_VPC_CIDR, NEW_VPC_ZONES, newVpcSubnets } from "../../lib/network-layout";

/** An IPv4 CIDR block as its first address and size. */
function range(cidr: string): { first: number; size: number } {
    const [address, bits] = cidr.split("/");
    const first = address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
    return { first, size: 2 ** (32 - Number(bits)) };
}

describe("lib/network-layout newVpcSubnets", () => {
    it("puts two /20 subnets in distinct zones where VPC links work, inside 10.0.0.0/16 and apart, in every region of the zone table", () => {
        const regions = Object.keys(AVAILABILITY_ZONE_IDS);
        assert.ok(regions.length > 10);
        fc.assert(
            fc.property(fc.constantFrom(...regions), (region) => {
                const layout = newVpcSubnets(region);
                if (typeof layout === "string") {
                    return /zone\(s\) with HTTP API VPC links/.test(layout);
                }
                const vpc = range(NEW_VPC_CIDR);
                const subnets = layout.map((s) => range(s.cidrBlock));
                return (
                    layout.length === NEW_VPC_ZONES &&
                    new Set(layout.map((s) => s.availabilityZoneId)).size === NEW_VPC_ZONES &&
                    layout.every((s) => AVAILABILITY_ZONE_IDS[region].includes(s.availabilityZoneId) && vpcLinkSupportsZone(region, s.availabilityZoneId) !== false) &&
                    subnets.every((s) => s.size === 4096 && s.first >= vpc.first && s.first + s.size <= vpc.first + vpc.size) &&
                    subnets[0].first + subnets[0].size <= subnets[1].first
                );
            }),
        );
    });

    it("skips the zone us-east-1 has no VPC links in", () => {
        const layout = newVpcSubnets("us-east-1");
        assert.ok(typeof layout !== "string");
        assert.ok(!layout.some((s) => s.availabilityZoneId === "use1-az3"));
    });

    it("uses 10.0.0.0/16, clear of the default VPC's 172.31.0.0/16", () => {
        assert.equal(NEW_VPC_CIDR, "10.0.0.0/16");
    });

    it("says why when a region has fewer than two zones with VPC links, and takes the first two when it has two", () => {
        const supported = (ids: string[]) => (zone: string) => ids.includes(zone);
        assert.equal(newVpcSubnets("xx-test-1", ["z1", "z2", "z3"], supported(["z2"])), "xx-test-1 has 1 zone(s) with HTTP API VPC links (z2); a new VPC needs 2");
        assert.equal(newVpcSubnets("xx-test-1", ["z1", "z2", "z3"], supported([])), "xx-test-1 has 0 zone(s) with HTTP API VPC links (); a new VPC needs 2");
        assert.deepEqual(newVpcSubnets("xx-test-1", ["z1", "z2", "z3"], supported(["z1", "z3"])), [{ availabilityZoneId: "z1", cidrBlock: "10.0.0.0/20" }, { availabilityZoneId: "z3", cidrBlock: "10.0.16.0/20" }]);
    });

    it("says why for a region it has no zones of", () => {
        assert.match(String(newVpcSubnets("xx-nowhere-9")), /no zone list for region xx-nowhere-9/);
    });
});

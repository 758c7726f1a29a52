/**
 * Resources that AWS places across availability zones and refuses with fewer
 * than two: a load balancer's subnets, a DB subnet group.
 */
import { AwsRule, Problem, RuleContext, RuleResource } from "../types";
import { isKnown, list } from "../util";

/** The distinct zones of known subnets, or undefined when a subnet's zone is not known. */
function zonesOf(context: RuleContext, ids: unknown[]): string[] | undefined {
    const zones = new Set<string>();
    for (const id of ids) {
        const facts = typeof id === "string" && isKnown(id) ? context.lookups.subnets[id] : undefined;
        if (!facts) {
            return undefined;
        }
        zones.add(facts.availabilityZoneId);
    }
    return [...zones].sort();
}

function twoZones(resource: RuleResource, context: RuleContext, property: string, what: string): Problem[] {
    if (!isKnown(resource.inputs[property])) {
        // A preview of new subnets: nothing to judge yet.
        return [];
    }
    const ids = list(resource.inputs[property]);
    const zones = zonesOf(context, ids);
    if (!zones || zones.length >= 2) {
        return [];
    }
    return [{ property, value: ids, message: `${what} needs subnets in at least two availability zones; these are all in ${zones.join(", ") || "none"}` }];
}

export const loadBalancerZones: AwsRule = {
    id: "aws-elbv2-subnets-two-zones",
    description: "An Application Load Balancer has subnets in at least two availability zones.",
    level: "error",
    effect: "refused",
    types: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    properties: ["subnets"],
    readsSubnets: true,
    source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
    nearest: { cfnLint: "E3680 (two subnets, not two zones)", cdkNag: "AwsSolutions-ELB4 (two zones, Classic load balancers only)" },
    check(lb, context) {
        const type = lb.inputs.loadBalancerType ?? "application";
        return type === "application" ? twoZones(lb, context, "subnets", "an Application Load Balancer") : [];
    },
};

export const dbSubnetGroupZones: AwsRule = {
    id: "aws-rds-subnet-group-two-zones",
    description: "A DB subnet group covers at least two availability zones.",
    level: "error",
    effect: "refused",
    types: ["aws:rds/subnetGroup:SubnetGroup"],
    properties: ["subnetIds"],
    readsSubnets: true,
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html",
    nearest: {},
    check(group, context) {
        return twoZones(group, context, "subnetIds", "a DB subnet group");
    },
};

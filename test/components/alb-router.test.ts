import assert from "node:assert/strict";
import { AlbRouter, AlbRouterArgs } from "../../components/alb-router";
import { ComponentError } from "../../lib/errors";
import { onlyResource, RecordedResource, resourcesOfType, StackRecord } from "../../offline/record";
import { assertOwnsEverything, component, failure, namesOf, run } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

const TYPE = "shoestring:aws:AlbRouter";
const CERTIFICATE_ARN = "arn:aws:acm:us-west-2:123456789012:certificate/11111111-2222-4333-8444-555555555555";
const NETWORK = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] };

function router(args: Omit<AlbRouterArgs, "vpcId" | "subnetIds">): Promise<StackRecord> {
    return run(() => {
        const alb = new AlbRouter("lb", { ...NETWORK, ...args });
        return { dnsName: alb.dnsName, zoneId: alb.zoneId, scheme: alb.scheme };
    });
}

const THREE_TARGETS: AlbRouterArgs["targets"] = {
    api: { port: 4567, healthCheckPath: "/api/health", hosts: ["api.example.com"], pathPatterns: ["/api/*"] },
    site: { port: 80, healthCheckPath: "/", hosts: ["www.example.com", "example.com"], pathPatterns: ["/*"] },
    admin: { port: 9000, healthCheckPath: "/admin/ping", hosts: ["admin.example.com"], pathPatterns: ["/admin/*"] },
};

const rulesByPriority = (record: StackRecord): RecordedResource[] =>
    resourcesOfType(record, "aws:lb/listenerRule:ListenerRule").sort((a, b) => Number(a.inputs.priority) - Number(b.inputs.priority));

describe("components/alb-router AlbRouter", () => {
    describe("with a certificate", () => {
        let record: StackRecord;
        before(async () => {
            record = await router({ certificateArn: CERTIFICATE_ARN, targets: THREE_TARGETS });
        });

        it("parents every resource to the component, which registers its outputs", () => {
            const alb = component(record, TYPE);
            assertOwnsEverything(record, alb);
            const lb = onlyResource(record, "aws:lb/loadBalancer:LoadBalancer");
            assert.equal(alb.outputs.dnsName, lb.outputs.dnsName);
            assert.equal(alb.outputs.zoneId, lb.outputs.zoneId);
            assert.equal(record.outputs.dnsName, lb.outputs.dnsName);
            assert.equal(record.outputs.scheme, "https");
        });

        it("is an internet-facing application load balancer in the given subnets", () => {
            const lb = onlyResource(record, "aws:lb/loadBalancer:LoadBalancer");
            const sg = onlyResource(record, "aws:ec2/securityGroup:SecurityGroup");
            assert.equal(lb.inputs.loadBalancerType, "application");
            assert.equal(lb.inputs.internal, false);
            assert.deepEqual(lb.inputs.subnets, NETWORK.subnetIds);
            assert.deepEqual(lb.inputs.securityGroups, [sg.id]);
            assert.equal(lb.inputs.dropInvalidHeaderFields, true);
            assert.deepEqual((sg.inputs.ingress as Obj[]).map((r) => r.fromPort).sort(), [443, 80]);
            // No egress of its own: each target service opens it to its tasks.
            assert.equal(sg.inputs.egress, undefined);
        });

        it("listens on HTTPS with the certificate and redirects HTTP to it", () => {
            const lb = onlyResource(record, "aws:lb/loadBalancer:LoadBalancer");
            const listeners = resourcesOfType(record, "aws:lb/listener:Listener");
            assert.deepEqual(namesOf(listeners), ["lb-http", "lb-https"]);
            const https = onlyResource(record, "aws:lb/listener:Listener", "lb-https");
            assert.equal(https.inputs.loadBalancerArn, lb.outputs.arn);
            assert.equal(https.inputs.port, 443);
            assert.equal(https.inputs.protocol, "HTTPS");
            assert.equal(https.inputs.certificateArn, CERTIFICATE_ARN);
            assert.match(String(https.inputs.sslPolicy), /^ELBSecurityPolicy-TLS13/);
            assert.deepEqual((https.inputs.defaultActions as Obj[]).map((a) => [a.type, a.fixedResponse?.statusCode]), [["fixed-response", "404"]]);
            const http = onlyResource(record, "aws:lb/listener:Listener", "lb-http");
            assert.equal(http.inputs.port, 80);
            assert.equal(http.inputs.protocol, "HTTP");
            assert.deepEqual((http.inputs.defaultActions as Obj[])[0], { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } });
        });

        it("routes each target's hosts with host-header rules on the HTTPS listener, priorities 10, 20, 30", () => {
            const https = onlyResource(record, "aws:lb/listener:Listener", "lb-https");
            const rules = rulesByPriority(record);
            assert.deepEqual(
                rules.map((r) => [r.name, r.inputs.priority]),
                [
                    ["lb-api", 10],
                    ["lb-site", 20],
                    ["lb-admin", 30],
                ],
            );
            for (const rule of rules) {
                assert.equal(rule.inputs.listenerArn, https.outputs.arn);
                const target = rule.name.slice("lb-".length);
                const conditions = rule.inputs.conditions as Obj[];
                assert.equal(conditions.length, 1);
                assert.deepEqual(conditions[0].hostHeader.values, THREE_TARGETS[target].hosts);
                assert.equal(conditions[0].pathPattern, undefined);
                const group = onlyResource(record, "aws:lb/targetGroup:TargetGroup", `lb-${target}`);
                assert.deepEqual(rule.inputs.actions, [{ type: "forward", targetGroupArn: group.outputs.arn }]);
            }
        });

        it("makes ip target groups on each target's port with its health check path", () => {
            const groups = resourcesOfType(record, "aws:lb/targetGroup:TargetGroup");
            assert.deepEqual(namesOf(groups), ["lb-admin", "lb-api", "lb-site"]);
            for (const [target, spec] of Object.entries(THREE_TARGETS)) {
                const group = onlyResource(record, "aws:lb/targetGroup:TargetGroup", `lb-${target}`);
                assert.equal(group.inputs.targetType, "ip");
                assert.equal(group.inputs.protocol, "HTTP");
                assert.equal(group.inputs.port, spec.port);
                assert.equal(group.inputs.vpcId, NETWORK.vpcId);
                assert.equal((group.inputs.healthCheck as Obj).path, spec.healthCheckPath);
            }
        });
    });

    describe("without a certificate", () => {
        let record: StackRecord;
        before(async () => {
            record = await router({
                targets: {
                    api: { port: 4567, healthCheckPath: "/api/health", pathPatterns: ["/api/*"] },
                    site: { port: 80, healthCheckPath: "/", pathPatterns: ["/*"] },
                },
            });
        });

        it("parents every resource to the component", () => {
            assertOwnsEverything(record, component(record, TYPE));
            assert.equal(record.outputs.scheme, "http");
        });

        it("has a single HTTP listener answering 404 by default", () => {
            const listeners = resourcesOfType(record, "aws:lb/listener:Listener");
            assert.equal(listeners.length, 1);
            assert.equal(listeners[0].inputs.port, 80);
            assert.equal(listeners[0].inputs.protocol, "HTTP");
            assert.equal(listeners[0].inputs.certificateArn, undefined);
            assert.equal((listeners[0].inputs.defaultActions as Obj[])[0].type, "fixed-response");
        });

        it("routes by path pattern, in the order given", () => {
            const listener = onlyResource(record, "aws:lb/listener:Listener");
            const rules = rulesByPriority(record);
            assert.deepEqual(
                rules.map((r) => [r.name, r.inputs.priority, (r.inputs.conditions as Obj[])[0].pathPattern?.values, (r.inputs.conditions as Obj[])[0].hostHeader]),
                [
                    ["lb-api", 10, ["/api/*"], undefined],
                    ["lb-site", 20, ["/*"], undefined],
                ],
            );
            assert.ok(rules.every((r) => r.inputs.listenerArn === listener.outputs.arn));
        });
    });

    it("rejects a target without hosts when there is a certificate", async () => {
        const err = await failure(
            () =>
                new AlbRouter("lb", {
                    ...NETWORK,
                    certificateArn: CERTIFICATE_ARN,
                    targets: { api: { port: 4567, healthCheckPath: "/health", hosts: ["api.example.com"] }, site: { port: 80, healthCheckPath: "/", pathPatterns: ["/*"] } },
                }),
        );
        assert.equal(err.message, "shoestring:aws:AlbRouter lb: target site needs hosts when the router has a certificate");
        assert.ok(err.cause instanceof ComponentError, "a ComponentError");
        assert.equal(err.cause.componentType, TYPE);
        assert.equal(err.cause.componentName, "lb");
    });

    it("rejects a target with an empty host list when there is a certificate", async () => {
        const err = await failure(() => new AlbRouter("lb", { ...NETWORK, certificateArn: CERTIFICATE_ARN, targets: { api: { port: 4567, healthCheckPath: "/health", hosts: [] } } }));
        assert.match(err.message, /target api needs hosts/);
    });

    it("rejects a target without path patterns when there is no certificate", async () => {
        const err = await failure(() => new AlbRouter("lb", { ...NETWORK, targets: { api: { port: 4567, healthCheckPath: "/health", hosts: ["api.example.com"] } } }));
        assert.equal(err.message, "shoestring:aws:AlbRouter lb: target api needs pathPatterns when the router has no certificate");
    });

    it("applies transforms to its children before they are registered: arguments merged, or edited by a function", async () => {
        const merged = await router({ certificateArn: CERTIFICATE_ARN, targets: THREE_TARGETS, transform: { loadBalancer: { idleTimeout: 120 }, targetGroup: { deregistrationDelay: 5 } } });
        const lb = onlyResource(merged, "aws:lb/loadBalancer:LoadBalancer");
        assert.equal(lb.inputs.idleTimeout, 120);
        assert.equal(lb.inputs.dropInvalidHeaderFields, true, "the rest stays");
        assert.deepEqual(resourcesOfType(merged, "aws:lb/targetGroup:TargetGroup").map((g) => g.inputs.deregistrationDelay), [5, 5, 5], "one entry for every target group");
        const edited = await router({
            certificateArn: CERTIFICATE_ARN,
            targets: THREE_TARGETS,
            transform: {
                listener: (args, opts) => {
                    args.sslPolicy = "ELBSecurityPolicy-TLS13-1-3-2021-06";
                    opts.ignoreChanges = ["certificateArn"];
                },
            },
        });
        const https = onlyResource(edited, "aws:lb/listener:Listener", "lb-https");
        assert.equal(https.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-3-2021-06");
        assert.deepEqual(https.ignoreChanges, ["certificateArn"]);
        assert.equal(https.parent, component(edited, TYPE).urn, "still the component's child");
        assert.deepEqual(onlyResource(edited, "aws:lb/listener:Listener", "lb-http").ignoreChanges, [], "the redirect listener has its own entry");
    });
});

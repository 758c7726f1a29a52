import assert from "node:assert/strict";
import { onlyResource, RecordedResource, resourcesOfType, StackRecord } from "../../offline/record";
import { assertMatches, Match, valueAt } from "../match";
import { asList, ContainerDefinition, json, stack } from "../stacks";

const API_HOST = "api.shoestring.example.com";
const SITE_HOST = "shoestring.example.com";

describe("profile homework (stack dev)", () => {
    let record: StackRecord;
    before(async () => {
        record = await stack("dev");
    });
    const one = (type: string, name?: string): RecordedResource => onlyResource(record, type, name);
    const listeners = () => resourcesOfType(record, "aws:lb/listener:Listener");

    it("has one internet-facing Application Load Balancer", () => {
        const alb = one("aws:lb/loadBalancer:LoadBalancer");
        assert.equal(alb.inputs.loadBalancerType, "application");
        assert.equal(alb.inputs.internal, false);
        assert.equal(alb.inputs.dropInvalidHeaderFields, true);
    });

    it("listens on HTTPS with the validated certificate for both host names", () => {
        const https = listeners().find((l) => l.inputs.protocol === "HTTPS");
        assert.ok(https);
        assert.equal(https.inputs.port, 443);
        assert.match(String(https.inputs.sslPolicy), /TLS13-1-2/);
        const validation = one("aws:acm/certificateValidation:CertificateValidation");
        assert.equal(https.inputs.certificateArn, validation.outputs.certificateArn);
        const certificate = resourcesOfType(record, "aws:acm/certificate:Certificate").find((c) => c.outputs.arn === validation.inputs.certificateArn);
        assert.ok(certificate);
        assert.deepEqual([certificate.inputs.domainName, ...((certificate.inputs.subjectAlternativeNames as string[]) ?? [])].sort(), [API_HOST, SITE_HOST].sort());
        assert.match(String(https.inputs.certificateArn), /^arn:aws:acm:us-west-2:/);
    });

    it("redirects HTTP to HTTPS", () => {
        const http = listeners().find((l) => l.inputs.protocol === "HTTP");
        assert.ok(http);
        assert.equal(http.inputs.port, 80);
        assertMatches(http.inputs.defaultActions, [{ type: "redirect", redirect: { protocol: "HTTPS", statusCode: "HTTP_301" } }], "defaultActions");
        assert.equal(listeners().length, 2);
    });

    it("routes the API host and the frontend host with two host-header rules on the HTTPS listener", () => {
        const https = listeners().find((l) => l.inputs.protocol === "HTTPS")!;
        const rules = resourcesOfType(record, "aws:lb/listenerRule:ListenerRule");
        assert.equal(rules.length, 2);
        const groups = resourcesOfType(record, "aws:lb/targetGroup:TargetGroup");
        const routed = rules.map((rule) => {
            assert.equal(rule.inputs.listenerArn, https.outputs.arn);
            const hosts = asList(rule.inputs.conditions).flatMap((c) => asList(valueAt(c, "hostHeader", "values") ?? []));
            const group = groups.find((g) => g.outputs.arn === valueAt(rule.inputs, "actions", 0, "targetGroupArn"));
            assert.ok(group, "the rule forwards to a target group of the stack");
            return [hosts.join(","), group.inputs.port];
        });
        assert.deepEqual(routed.sort(), [
            [API_HOST, 4567],
            [SITE_HOST, 8080],
        ].sort());
    });

    it("has two target groups of target type ip with health checks", () => {
        const groups = resourcesOfType(record, "aws:lb/targetGroup:TargetGroup");
        assert.equal(groups.length, 2);
        for (const group of groups) {
            assert.equal(group.inputs.targetType, "ip");
        }
        assert.deepEqual(groups.map((g) => valueAt(g.inputs, "healthCheck", "path")).sort(), ["/api/health-check", "/healthz"]);
    });

    it("runs the backend and an nginx frontend as two ECS services on FARGATE with Service Connect", () => {
        const services = resourcesOfType(record, "aws:ecs/service:Service");
        assert.deepEqual(services.map((s) => s.name).sort(), ["backend", "frontend"]);
        const groups = resourcesOfType(record, "aws:lb/targetGroup:TargetGroup");
        for (const service of services) {
            assertMatches(service.inputs.capacityProviderStrategies, [{ capacityProvider: "FARGATE" }], `${service.name} capacityProviderStrategies`);
            assert.equal(service.inputs.launchType, undefined);
            assertMatches(service.inputs.serviceConnectConfiguration, { enabled: true, namespace: one("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace").outputs.arn }, `${service.name} serviceConnectConfiguration`);
            const lb = valueAt(service.inputs, "loadBalancers", 0);
            assertMatches(lb, { targetGroupArn: Match.satisfies("the ARN of a target group of the stack", (arn) => groups.some((g) => g.outputs.arn === arn)), containerName: service.name }, `${service.name} loadBalancers[0]`);
        }
    });

    it("builds the frontend image with the API URL as a build argument, not a hand-typed command", () => {
        const image = one("docker-build:index:Image", "frontend-image");
        assert.deepEqual(json<{ apiUrl: string }>(valueAt(image.inputs, "buildArgs", "RUNTIME_CONFIG")), { apiUrl: `https://${API_HOST}` });
        assertMatches(image.inputs.buildArgs, { REGISTRY: Match.stringLikeRegexp(/\.dkr\.ecr\.us-west-2\.amazonaws\.com\/ecr-public$/) }, "buildArgs");
        assert.equal(image.inputs.push, true);
        const task = one("aws:ecs/taskDefinition:TaskDefinition", "frontend-task");
        const [container] = json<ContainerDefinition[]>(task.inputs.containerDefinitions);
        assert.equal(container.image, image.outputs.ref);
    });

    it("admits only the load balancer to the tasks, and the internet only to the load balancer", () => {
        const albSg = one("aws:ec2/securityGroup:SecurityGroup", "load-balancer-sg");
        const rules = resourcesOfType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        for (const name of ["backend", "frontend"]) {
            const sg = one("aws:ec2/securityGroup:SecurityGroup", `${name}-sg`);
            const admitted = rules.filter((r) => r.inputs.securityGroupId === sg.id).map((r) => r.inputs.referencedSecurityGroupId);
            assert.deepEqual(admitted, [albSg.id], name);
        }
        // Exactly two rules, in either order: one for 443 and one for 80.
        assertMatches(albSg.inputs.ingress, [Match.anyValue(), Match.anyValue()], "load-balancer-sg ingress");
        for (const fromPort of [443, 80]) {
            assertMatches(albSg.inputs.ingress, Match.arrayWith([{ fromPort }]), "load-balancer-sg ingress");
        }
    });

    it("has no HTTP API, no CloudFront distribution and no bucket", () => {
        assert.equal(resourcesOfType(record, "aws:apigatewayv2/api:Api").length, 0);
        assert.equal(resourcesOfType(record, "aws:apigatewayv2/vpcLink:VpcLink").length, 0);
        assert.equal(resourcesOfType(record, "aws:cloudfront/distribution:Distribution").length, 0);
        assert.equal(resourcesOfType(record, "aws:s3/bucket:Bucket").length, 0);
    });
});

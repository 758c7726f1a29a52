/**
 * The repository's stacks against AWS's rules: nothing AWS would refuse, in
 * three regions, with and without a domain; and the defects that once
 * passed offline and failed at `pulumi up`, each pinned on the real program.
 */
import assert from "node:assert/strict";
import { checkAws, ruleContextOf } from "../../offline/aws-checks";
import { diffRecords } from "../../offline/diff";
import { onlyResource, resourcesOfType } from "../../offline/record";
import { runStack } from "../../offline/stack";
import { json, stack } from "../stacks";

const REGIONS = ["us-west-2", "us-east-1", "eu-west-1"];

describe("offline/aws-checks on the repository's stacks", () => {
    for (const name of ["cheap", "dev"]) {
        for (const region of REGIONS) {
            for (const domain of [true, false]) {
                it(`stack ${name} in ${region} ${domain ? "with" : "without"} a domain: no AWS rule or CloudFormation finding`, async () => {
                    const record = await stack(name, { "aws:region": region, ...(domain ? {} : { domain: undefined }) });
                    const findings = await checkAws(record);
                    assert.deepEqual(findings.map((f) => `${f.rule} ${f.resource} ${f.property}: ${f.message}`), []);
                    // The checks saw the program: every custom resource, with its region.
                    const context = ruleContextOf(record);
                    assert.ok(context.resources.filter((r) => r.custom).length > 25);
                    assert.ok(context.resources.every((r) => r.region === region || r.region === "us-east-1"));
                });
            }
        }
    }

    it("keeps the VPC link out of use1-az3 in us-east-1, where the default VPC has a subnet", async () => {
        const record = await stack("cheap", { "aws:region": "us-east-1" });
        const subnets = record.lookups?.subnets ?? {};
        const az3 = Object.values(subnets).find((s) => s.availabilityZoneId === "use1-az3");
        assert.ok(az3, "the offline default VPC has a subnet in use1-az3");
        const link = onlyResource(record, "aws:apigatewayv2/vpcLink:VpcLink");
        const linkZones = (link.inputs.subnetIds as string[]).map((id) => subnets[id].availabilityZoneId).sort();
        assert.deepEqual(linkZones, ["use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"]);
        // The tasks still run in every zone.
        const service = onlyResource(record, "aws:ecs/service:Service", "backend");
        assert.ok(((service.inputs.networkConfiguration as { subnets: string[] }).subnets).includes(az3.subnetId));
    });

    it("names the task families of a stack with a dot in its name with letters, digits, - and _ only", async () => {
        const record = await runStack("prod.eu", { configFrom: "dev" });
        const families = resourcesOfType(record, "aws:ecs/taskDefinition:TaskDefinition").map((t) => t.inputs.family);
        assert.deepEqual(families.sort(), ["shoestring-prod-eu-backend", "shoestring-prod-eu-frontend"]);
        assert.deepEqual((await checkAws(record)).map((f) => f.rule), []);
    });

    it("requests RSA_2048 certificates, the one key algorithm API Gateway, CloudFront and load balancers all accept", async () => {
        for (const name of ["cheap", "dev"]) {
            for (const certificate of resourcesOfType(await stack(name), "aws:acm/certificate:Certificate")) {
                assert.equal(certificate.inputs.keyAlgorithm, "RSA_2048", `${name} ${certificate.name}`);
            }
        }
    });

    it("orders the services after the capacity providers and the image build after the pull-through cache rule", async () => {
        const record = await stack("cheap");
        const capacity = onlyResource(record, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
        assert.ok(onlyResource(record, "aws:ecs/service:Service", "backend").propertyDependencies.cluster.includes(capacity.urn));
        const rule = onlyResource(record, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule");
        assert.ok(onlyResource(record, "docker-build:index:Image", "backend-image").propertyDependencies.buildArgs.includes(rule.urn));
    });

    it("keeps every certificate validation record through a homework/cheap swap, both ways", async () => {
        const cheap = await stack("cheap");
        const homework = await stack("cheap", { profile: "homework" });
        for (const [from, to] of [
            [homework, cheap],
            [cheap, homework],
        ]) {
            const swap = diffRecords(from, to);
            const lost = swap.changes.filter((c) => c.type === "aws:route53/record:Record" && (c.kind === "delete" || c.kind === "replace"));
            assert.deepEqual(lost.map((c) => c.name), [], `${String(from.outputs.profile)} -> ${String(to.outputs.profile)}`);
            // The certificates themselves change, which is why the records must not belong to them.
            assert.ok(swap.changes.some((c) => c.type === "aws:acm/certificate:Certificate" && c.kind !== "same"));
        }
        // One record per host name, whichever certificate asks for it.
        const names = resourcesOfType(cheap, "aws:route53/record:Record").map((r) => r.name).filter((n) => n.startsWith("validation-"));
        assert.deepEqual(names.sort(), ["validation-api.shoestring.example.com", "validation-shoestring.example.com"]);
    });

    it("gives the backend no RDS-rotated secret through ECS", async () => {
        const record = await stack("cheap");
        const [container] = json<{ secrets?: unknown[] }[]>(onlyResource(record, "aws:ecs/taskDefinition:TaskDefinition", "backend-task").inputs.containerDefinitions);
        assert.deepEqual(container.secrets, []);
    });
});

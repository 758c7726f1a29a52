import assert from "node:assert/strict";
import { ContainerSite, ContainerSiteArgs } from "../../components/container-site";
import { OFFLINE_ACCOUNT_ID } from "../../offline/mocks";
import * as fs from "node:fs";
import * as path from "node:path";
import { registryBaseImages } from "../../lib/images";
import { onlyResource, resourcesOfType, StackRecord } from "../../offline/record";
import { ContainerDefinition, json } from "../stacks";
import { assertDescendsFrom, component, run } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

const TYPE = "shoestring:aws:ContainerSite";
const FRONTEND = path.resolve(__dirname, "../../app/frontend");
const REGISTRY = `${OFFLINE_ACCOUNT_ID}.dkr.ecr.us-west-2.amazonaws.com`;
const REPOSITORY_URL = `${REGISTRY}/site-repository-0abc123`;
const RUNTIME_CONFIG = '{\n  "apiUrl": "https://api.example.com"\n}\n';
const TARGET_GROUP_ARN = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/frontend/0123456789abcdef";
const LB_SG = "sg-0loadbalancer00001";

const BASE: ContainerSiteArgs = {
    clusterArn: "arn:aws:ecs:us-west-2:123456789012:cluster/unit-cluster",
    clusterName: "unit-cluster",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
    port: 80,
    capacity: "fargate",
    serviceConnectNamespace: "arn:aws:servicediscovery:us-west-2:123456789012:namespace/ns-0123456789abcdef",
    repositoryUrl: REPOSITORY_URL,
    context: "/build/frontend",
    runtimeConfig: RUNTIME_CONFIG,
};

function site(args: Partial<ContainerSiteArgs>): Promise<StackRecord> {
    return run(() => {
        const s = new ContainerSite("frontend", { ...BASE, ...args });
        s.service.allowFrom("load-balancer", LB_SG);
        return { serviceName: s.service.serviceName, imageRef: s.image.imageRef };
    });
}

const containerOf = (record: StackRecord): ContainerDefinition => json<ContainerDefinition[]>(onlyResource(record, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions)[0];

describe("components/container-site ContainerSite", () => {
    describe("with defaults", () => {
        let record: StackRecord;
        before(async () => {
            record = await site({ targetGroupArn: TARGET_GROUP_ARN });
        });

        it("owns an image and a service component, and everything under them", () => {
            const s = component(record, TYPE);
            assertDescendsFrom(record, s);
            const image = component(record, "shoestring:aws:ContainerImage");
            const service = component(record, "shoestring:aws:FargateService");
            assert.equal(image.parent, s.urn);
            assert.equal(service.parent, s.urn);
            assert.equal(onlyResource(record, "docker-build:index:Image").parent, image.urn);
            for (const type of ["aws:ecs/service:Service", "aws:ecs/taskDefinition:TaskDefinition", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"]) {
                assert.equal(onlyResource(record, type).parent, service.urn, type);
            }
        });

        it("registers the service name as its output", () => {
            const s = component(record, TYPE);
            const ecs = onlyResource(record, "aws:ecs/service:Service");
            assert.deepEqual(s.outputs, { serviceName: ecs.outputs.name });
            assert.equal(record.outputs.serviceName, ecs.outputs.name);
        });

        it("builds the image with the runtime config and ECR Public as base registry", () => {
            const built = onlyResource(record, "docker-build:index:Image");
            assert.deepEqual(built.inputs.buildArgs, { RUNTIME_CONFIG: RUNTIME_CONFIG, REGISTRY: "public.ecr.aws" });
            assert.deepEqual(built.inputs.tags, [`${REPOSITORY_URL}:latest`]);
            assert.deepEqual(built.inputs.dockerfile, { location: "/build/frontend/Dockerfile" });
            assert.deepEqual(built.inputs.platforms, ["linux/amd64"]);
        });

        it("runs the digest-pinned image it built, on X86_64", () => {
            const built = onlyResource(record, "docker-build:index:Image");
            assert.equal(containerOf(record).image, built.outputs.ref);
            assert.equal(record.outputs.imageRef, built.outputs.ref);
            assert.match(containerOf(record).image, /@sha256:[0-9a-f]{64}$/);
            assert.equal((onlyResource(record, "aws:ecs/taskDefinition:TaskDefinition").inputs.runtimePlatform as Obj).cpuArchitecture, "X86_64");
        });

        it("serves on its port behind the target group, admitting the load balancer", () => {
            const ecs = onlyResource(record, "aws:ecs/service:Service");
            assert.deepEqual(ecs.inputs.loadBalancers, [{ targetGroupArn: TARGET_GROUP_ARN, containerName: "frontend", containerPort: 80 }]);
            assert.deepEqual(containerOf(record).portMappings?.map((p) => [p.name, p.containerPort]), [["http", 80]]);
            const rule = onlyResource(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            assert.equal(rule.inputs.referencedSecurityGroupId, LB_SG);
            assert.equal(rule.inputs.fromPort, 80);
        });

        it("passes no secrets or environment to nginx", () => {
            assert.deepEqual(containerOf(record).environment, []);
            assert.deepEqual(containerOf(record).secrets, []);
        });
    });

    describe("on arm64 Spot, through a pull-through cache", () => {
        const mirror = `${REGISTRY}/ecr-public`;
        const cacheRepos = `arn:aws:ecr:us-west-2:${OFFLINE_ACCOUNT_ID}:repository/ecr-public/*`;
        let record: StackRecord;
        before(async () => {
            record = await site({ architecture: "arm64", capacity: "spot", pullThroughCache: mirror, context: FRONTEND, pullThroughRepositoryArns: [cacheRepos], cpu: 512, memory: 1024 });
        });

        it("owns everything", () => {
            assertDescendsFrom(record, component(record, TYPE));
        });

        it("builds for arm64 with the mirror as base registry", () => {
            const built = onlyResource(record, "docker-build:index:Image", "frontend-image");
            assert.deepEqual(built.inputs.platforms, ["linux/arm64"]);
            assert.deepEqual(built.inputs.buildArgs, { RUNTIME_CONFIG: RUNTIME_CONFIG, REGISTRY: mirror });
            assert.deepEqual(built.inputs.dockerfile, { location: `${FRONTEND}/Dockerfile` });
        });

        it("pulls each pinned base image through the cache by tag first (a cold cache serves no digest), in a build that pushes nothing, before the real build", () => {
            const { pinned } = registryBaseImages(fs.readFileSync(path.join(FRONTEND, "Dockerfile"), "utf8"));
            assert.equal(pinned.length, 2);
            const warm = resourcesOfType(record, "docker-build:index:Image").filter((r) => r.name.startsWith("frontend-image-warm-"));
            assert.deepEqual(
                warm.map((w) => (w.inputs.dockerfile as Obj).inline),
                pinned.map((b) => `FROM ${mirror}/${b.repository}:${b.tag}\n`),
            );
            for (const w of warm) {
                assert.equal(w.inputs.push, false);
                assert.deepEqual(w.inputs.exports, [{ cacheonly: {} }]);
                assert.deepEqual(w.inputs.platforms, ["linux/arm64"]);
            }
            const built = onlyResource(record, "docker-build:index:Image", "frontend-image");
            assert.deepEqual([...built.dependencies].sort(), warm.map((w) => w.urn).sort());
        });

        it("runs it on ARM64 FARGATE_SPOT with the given size", () => {
            const task = onlyResource(record, "aws:ecs/taskDefinition:TaskDefinition");
            assert.equal((task.inputs.runtimePlatform as Obj).cpuArchitecture, "ARM64");
            assert.equal(task.inputs.cpu, "512");
            assert.equal(task.inputs.memory, "1024");
            const ecs = onlyResource(record, "aws:ecs/service:Service");
            assert.deepEqual((ecs.inputs.capacityProviderStrategies as Obj[]).map((s) => s.capacityProvider), ["FARGATE_SPOT"]);
            assert.equal(containerOf(record).image, onlyResource(record, "docker-build:index:Image", "frontend-image").outputs.ref);
        });

        it("passes the cache repositories on to the service's execution role", () => {
            const policy = json<{ Statement: Obj[] }>(onlyResource(record, "aws:iam/rolePolicy:RolePolicy", "frontend-execution-extra").inputs.policy);
            assert.deepEqual(policy.Statement.map((s) => s.Resource), [[cacheRepos]]);
        });
    });

    it("passes its transforms on to the image and the service", async () => {
        const record = await site({
            transform: {
                image: { image: { target: "nginx" } },
                service: {
                    logGroup: { retentionInDays: 30 },
                    service: (args, opts) => {
                        args.healthCheckGracePeriodSeconds = 120;
                        opts.ignoreChanges = ["taskDefinition"];
                    },
                },
            },
        });
        assert.equal(onlyResource(record, "docker-build:index:Image", "frontend-image").inputs.target, "nginx");
        assert.equal(onlyResource(record, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 30);
        const ecs = onlyResource(record, "aws:ecs/service:Service");
        assert.equal(ecs.inputs.healthCheckGracePeriodSeconds, 120);
        assert.deepEqual(ecs.ignoreChanges, ["taskDefinition"]);
        assert.equal(ecs.parent, component(record, "shoestring:aws:FargateService").urn, "still the service's child");
        assertDescendsFrom(record, component(record, TYPE));
    });
});

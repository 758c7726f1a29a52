import assert from "node:assert/strict";
import { childrenOf, onlyResource, providerOf, RecordedResource, resourcesOfType, StackRecord } from "../../offline/record";
import { CACHING_DISABLED_POLICY_ID } from "../../components/static-site";
import { ManifestEntry, SITE_SYNC_TYPE } from "../../lib/site-sync";
import { assertMatches, Match, valueAt } from "../match";
import { json, stack, Statement } from "../stacks";

const SITE_HOST = "shoestring.example.com";

describe("profile cheap (stack cheap)", () => {
    let record: StackRecord;
    before(async () => {
        record = await stack("cheap");
    });
    const one = (type: string, name?: string): RecordedResource => onlyResource(record, type, name);

    it("offers FARGATE and FARGATE_SPOT on the cluster, with FARGATE_SPOT as the default", () => {
        const cluster = one("aws:ecs/cluster:Cluster");
        const capacity = one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
        assert.equal(capacity.inputs.clusterName, cluster.outputs.name);
        assert.deepEqual([...(capacity.inputs.capacityProviders as string[])].sort(), ["FARGATE", "FARGATE_SPOT"]);
        assertMatches(capacity.inputs.defaultCapacityProviderStrategies, [{ capacityProvider: "FARGATE_SPOT" }], "defaultCapacityProviderStrategies");
    });

    it("runs the backend on FARGATE_SPOT through its own strategy, with no launchType", () => {
        const services = resourcesOfType(record, "aws:ecs/service:Service");
        assert.deepEqual(services.map((s) => s.name), ["backend"]);
        const backend = services[0];
        assert.equal(backend.inputs.launchType, undefined);
        assertMatches(backend.inputs.capacityProviderStrategies, [{ capacityProvider: "FARGATE_SPOT" }], "capacityProviderStrategies");
    });

    it("routes ANY /{proxy+} of an HTTP API through a VPC link to a Cloud Map service the program owns", () => {
        const api = one("aws:apigatewayv2/api:Api");
        assert.equal(api.inputs.protocolType, "HTTP");
        const link = one("aws:apigatewayv2/vpcLink:VpcLink");
        const integration = one("aws:apigatewayv2/integration:Integration");
        assert.equal(integration.inputs.connectionType, "VPC_LINK");
        assert.equal(integration.inputs.connectionId, link.id);
        assert.equal(integration.inputs.apiId, api.id);
        const discovery = one("aws:servicediscovery/service:Service");
        assert.equal(integration.inputs.integrationUri, discovery.outputs.arn);
        assert.match(String(discovery.outputs.arn), /^arn:aws:servicediscovery:us-west-2:\d{12}:service\/srv-/);
        // API Gateway needs the task port, which only SRV records carry.
        assertMatches(discovery.inputs.dnsConfig, { dnsRecords: [{ type: "SRV" }] }, "dnsConfig");
        const backend = one("aws:ecs/service:Service", "backend");
        assertMatches(backend.inputs.serviceRegistries, { registryArn: discovery.outputs.arn, containerPort: 4567 }, "serviceRegistries");
        const route = one("aws:apigatewayv2/route:Route");
        assert.equal(route.inputs.routeKey, "ANY /{proxy+}");
        assert.equal(route.inputs.target, `integrations/${integration.id}`);
    });

    it("logs and throttles the API stage, and allows CORS from the frontend only", () => {
        const stage = one("aws:apigatewayv2/stage:Stage");
        const logs = resourcesOfType(record, "aws:cloudwatch/logGroup:LogGroup").find((l) => l.outputs.arn === valueAt(stage.inputs, "accessLogSettings", "destinationArn"));
        assert.ok(logs, "the stage's access logs go to a log group of the stack");
        assert.ok(Number(logs.inputs.retentionInDays) > 0);
        assertMatches(stage.inputs.defaultRouteSettings, { throttlingRateLimit: Match.satisfies("a rate above 0", (rate) => Number(rate) > 0) }, "defaultRouteSettings");
        const api = one("aws:apigatewayv2/api:Api");
        assertMatches(api.inputs.corsConfiguration, { allowOrigins: [`https://${SITE_HOST}`] }, "corsConfiguration");
    });

    it("admits the VPC link, and only it, to the backend's port", () => {
        const linkSg = one("aws:ec2/securityGroup:SecurityGroup", "api-vpclink-sg");
        const backendSg = one("aws:ec2/securityGroup:SecurityGroup", "backend-sg");
        const rules = resourcesOfType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === backendSg.id);
        assert.deepEqual(rules.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort]), [[linkSg.id, 4567]]);
        assert.equal(backendSg.inputs.ingress, undefined);
    });

    it("serves the frontend through CloudFront with the host name as an alias and index.html as root object", () => {
        const distribution = one("aws:cloudfront/distribution:Distribution");
        assert.deepEqual(distribution.inputs.aliases, [SITE_HOST]);
        assert.equal(distribution.inputs.defaultRootObject, "index.html");
        assertMatches(distribution.inputs.viewerCertificate, { minimumProtocolVersion: "TLSv1.2_2021", sslSupportMethod: "sni-only" }, "viewerCertificate");
    });

    it("uses a certificate issued through a us-east-1 provider for CloudFront", () => {
        const distribution = one("aws:cloudfront/distribution:Distribution");
        const arn = valueAt(distribution.inputs, "viewerCertificate", "acmCertificateArn");
        const validation = resourcesOfType(record, "aws:acm/certificateValidation:CertificateValidation").find((v) => v.outputs.certificateArn === arn);
        assert.ok(validation, "the viewer certificate is a validated certificate of the stack");
        const certificate = resourcesOfType(record, "aws:acm/certificate:Certificate").find((c) => c.outputs.arn === validation.inputs.certificateArn);
        assert.ok(certificate);
        assert.equal(certificate.inputs.domainName, SITE_HOST);
        assert.match(String(arn), /^arn:aws:acm:us-east-1:/);
        for (const resource of [certificate, validation]) {
            const provider = providerOf(record, resource);
            assert.ok(provider, `${resource.name} is created through an explicit provider`);
            assert.equal(provider.type, "pulumi:providers:aws");
            assert.equal(provider.inputs.region, "us-east-1");
        }
    });

    it("reads the bucket through its REST endpoint with Origin Access Control, not the website endpoint", () => {
        const distribution = one("aws:cloudfront/distribution:Distribution");
        const bucket = one("aws:s3/bucket:Bucket");
        const oac = one("aws:cloudfront/originAccessControl:OriginAccessControl");
        assertMatches(distribution.inputs.origins, [{ domainName: bucket.outputs.bucketRegionalDomainName, originAccessControlId: oac.id, customOriginConfig: Match.absent() }], "origins");
        assert.doesNotMatch(String(valueAt(distribution.inputs, "origins", 0, "domainName")), /s3-website/);
        assert.equal(oac.inputs.originAccessControlOriginType, "s3");
        assert.equal(oac.inputs.signingBehavior, "always");
        assert.equal(resourcesOfType(record, "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration").length, 0);
    });

    it("blocks all public access to the bucket and admits only the distribution", () => {
        const bucket = one("aws:s3/bucket:Bucket");
        const block = one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        assert.equal(block.inputs.bucket, bucket.id);
        for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
            assert.equal(block.inputs[flag], true, flag);
        }
        const policy = one("aws:s3/bucketPolicy:BucketPolicy");
        assert.equal(policy.inputs.bucket, bucket.id);
        const statements = json<{ Statement: Statement[] }>(policy.inputs.policy).Statement;
        const distribution = one("aws:cloudfront/distribution:Distribution");
        // The distribution's read, and the refusal of plain HTTP to anyone.
        assert.equal(statements.length, 2);
        assert.equal(statements[1].Effect, "Deny");
        assert.equal(statements[0].Effect, "Allow");
        assert.deepEqual(statements[0].Principal, { Service: "cloudfront.amazonaws.com" });
        assert.equal(statements[0].Action, "s3:GetObject");
        assert.equal(statements[0].Resource, `${bucket.outputs.arn}/*`);
        assert.deepEqual(statements[0].Condition, { StringEquals: { "AWS:SourceArn": distribution.outputs.arn } });
    });

    it("never caches index.html and config.json, and caches hashed assets for a year", () => {
        const distribution = one("aws:cloudfront/distribution:Distribution");
        for (const path of ["/index.html", "/config.json"]) {
            assertMatches(distribution.inputs.orderedCacheBehaviors, Match.arrayWith([{ pathPattern: path, cachePolicyId: CACHING_DISABLED_POLICY_ID }]), `the behaviour for ${path}`);
        }
        // "/" is served by the default behaviour: it must honour the object's no-cache.
        const policy = one("aws:cloudfront/cachePolicy:CachePolicy");
        assertMatches(distribution.inputs.defaultCacheBehavior, { cachePolicyId: policy.id }, "defaultCacheBehavior");
        assert.equal(policy.inputs.minTtl, 0);
        const files = onlyResource(record, SITE_SYNC_TYPE).inputs.files as unknown as ManifestEntry[];
        const byKey = new Map(files.map((f) => [f.key, f]));
        assert.equal(byKey.get("index.html")?.cacheControl, "no-cache");
        assert.equal(byKey.get("index.html")?.contentType, "text/html; charset=utf-8");
        assert.equal(onlyResource(record, "aws:s3/bucketObjectv2:BucketObjectv2", "site/config.json").inputs.cacheControl, "no-cache");
        const hashed = files.filter((f) => /assets\/.*\.[0-9a-f]{8}\.(js|css)$/.test(f.key));
        assert.ok(hashed.length >= 1);
        for (const asset of hashed) {
            assert.equal(asset.cacheControl, "public, max-age=31536000, immutable");
        }
    });

    it("serves deep links: 403 and 404 become /index.html with 200, not cached", () => {
        const distribution = one("aws:cloudfront/distribution:Distribution");
        const errors = distribution.inputs.customErrorResponses;
        // Exactly two responses, in either order: one for 403 and one for 404.
        assertMatches(errors, [Match.anyValue(), Match.anyValue()], "customErrorResponses");
        for (const errorCode of [403, 404]) {
            assertMatches(errors, Match.arrayWith([{ errorCode, responseCode: 200, responsePagePath: "/index.html", errorCachingMinTtl: 0 }]), "customErrorResponses");
        }
    });

    it("tells the frontend the API URL in a generated config.json", async () => {
        const config = onlyResource(record, "aws:s3/bucketObjectv2:BucketObjectv2", "site/config.json");
        assert.deepEqual(JSON.parse(config.inputs.content as string), { apiUrl: "https://api.shoestring.example.com" });
        assert.equal(record.outputs.apiUrl, "https://api.shoestring.example.com");
    });

    it("gives the API a regional custom domain with TLS 1.2", () => {
        const domain = one("aws:apigatewayv2/domainName:DomainName");
        assert.equal(domain.inputs.domainName, "api.shoestring.example.com");
        assertMatches(domain.inputs.domainNameConfiguration, { endpointType: "REGIONAL", securityPolicy: "TLS_1_2", certificateArn: Match.stringLikeRegexp(/^arn:aws:acm:us-west-2:/) }, "domainNameConfiguration");
    });

    it("has no load balancer, no frontend service and no frontend container", () => {
        assert.equal(resourcesOfType(record, "aws:lb/loadBalancer:LoadBalancer").length, 0);
        assert.equal(resourcesOfType(record, "aws:lb/targetGroup:TargetGroup").length, 0);
        assert.equal(resourcesOfType(record, "shoestring:aws:ContainerSite").length, 0);
        assert.deepEqual(resourcesOfType(record, "aws:ecs/taskDefinition:TaskDefinition").map((t) => t.name), ["backend-task"]);
        const site = one("shoestring:aws:StaticSite");
        assert.ok(childrenOf(record, site).length > 5);
    });
});

describe("profile cheap with aws:profile", () => {
    it("gives the site sync the stack's credentials profile, as the AWS provider has it", async () => {
        const withProfile = await stack("cheap", { "aws:profile": "deploy" });
        assert.equal(onlyResource(withProfile, SITE_SYNC_TYPE).inputs.profile, "deploy");
        assert.equal(onlyResource(await stack("cheap"), SITE_SYNC_TYPE).inputs.profile, undefined);
    });
});

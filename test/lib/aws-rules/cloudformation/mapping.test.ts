import assert from "node:assert/strict";
import { CLOUDFORMATION_MAPPINGS, cloudFormationCoverage, NO_CLOUDFORMATION_TWIN, toCloudFormation } from "../../../../lib/aws-rules/cloudformation/mapping";
import { RuleResource, UNKNOWN_VALUE } from "../../../../lib/aws-rules/types";
import { StackRecord } from "../../../../offline/record";
import { runStack } from "../../../../offline/stack";
import * as path from "node:path";

const URN = "urn:pulumi:test::shoestring::";

/** A resource as the rules see it, with only what a test sets. */
function resource(type: string, name: string, inputs: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): RuleResource {
    return { urn: `${URN}${type}::${name}`, type, name, inputs, dependencies: Object.values(propertyDependencies).flat(), propertyDependencies, region: "us-west-2", custom: true };
}

/** The one CloudFormation resource a Pulumi resource became. */
function only(resources: RuleResource[]) {
    const mapped = toCloudFormation(resources);
    const ids = Object.keys(mapped.template.Resources);
    assert.equal(ids.length, 1, `one CloudFormation resource, got ${ids.join(", ")}`);
    return { ...mapped.template.Resources[ids[0]], logicalId: ids[0], mapped };
}

describe("CloudFormation mapping", () => {
    it("renames ECS task definition properties, containerDefinitions JSON included, and records the paths back", () => {
        const task = resource("aws:ecs/taskDefinition:TaskDefinition", "backend-task", {
            family: "app",
            cpu: "256",
            memory: "512",
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            containerDefinitions: JSON.stringify([{ name: "app", image: "nginx", secrets: [{ name: "A", valueFrom: "arn:aws:ssm:us-west-2:123456789012:parameter/a" }], logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "g" } } }]),
            tagsAll: { a: "b" },
        });
        const { Type, Properties, logicalId, mapped } = only([task]);
        assert.equal(Type, "AWS::ECS::TaskDefinition");
        const definitions = Properties.ContainerDefinitions as Array<Record<string, unknown>>;
        assert.equal(definitions[0].Name, "app");
        assert.deepEqual(definitions[0].Secrets, [{ Name: "A", ValueFrom: "arn:aws:ssm:us-west-2:123456789012:parameter/a" }]);
        // Log options are data: their keys stay as written.
        assert.deepEqual((definitions[0].LogConfiguration as Record<string, unknown>).Options, { "awslogs-group": "g" });
        assert.equal(Properties.TagsAll, undefined);
        assert.deepEqual(mapped.paths[logicalId]["Properties.ContainerDefinitions.0.Secrets"], { urn: task.urn, property: "containerDefinitions[0].secrets" });
        assert.equal(mapped.logicalIds[logicalId], task.urn);
    });

    it("maps a representative resource of each type to its CloudFormation type and names", () => {
        const cases: Array<[string, Record<string, unknown>, string, Record<string, unknown>]> = [
            ["aws:ec2/securityGroup:SecurityGroup", { description: "web", vpcId: "vpc-0123456789abcdef0", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }] }, "AWS::EC2::SecurityGroup", { GroupDescription: "web", VpcId: "vpc-0123456789abcdef0", SecurityGroupEgress: [{ IpProtocol: "-1", CidrIp: "0.0.0.0/0" }, { IpProtocol: "-1", CidrIpv6: "::/0" }] }],
            ["aws:cloudwatch/logGroup:LogGroup", { name: "/ecs/app", retentionInDays: 7 }, "AWS::Logs::LogGroup", { LogGroupName: "/ecs/app", RetentionInDays: 7 }],
            ["aws:iam/role:Role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }, "AWS::IAM::Role", { AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] } }],
            ["aws:ecr/repository:Repository", { forceDelete: true, encryptionConfigurations: [{ encryptionType: "AES256" }] }, "AWS::ECR::Repository", { EmptyOnDelete: true, EncryptionConfiguration: { EncryptionType: "AES256" } }],
            ["aws:dynamodb/table:Table", { hashKey: "pk", attributes: [{ name: "pk", type: "S" }], serverSideEncryption: { enabled: true } }, "AWS::DynamoDB::Table", { KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], SSESpecification: { SSEEnabled: true } }],
            ["aws:rds/instance:Instance", { instanceClass: "db.t4g.micro", allocatedStorage: 20, multiAz: false, skipFinalSnapshot: true, applyImmediately: true, vpcSecurityGroupIds: ["sg-1"] }, "AWS::RDS::DBInstance", { DBInstanceClass: "db.t4g.micro", AllocatedStorage: "20", MultiAZ: false, VPCSecurityGroups: ["sg-1"] }],
            ["aws:ecs/service:Service", { enableEcsManagedTags: true, deploymentMaximumPercent: 200, networkConfiguration: { assignPublicIp: true, subnets: ["subnet-1"] }, waitForSteadyState: false }, "AWS::ECS::Service", { EnableECSManagedTags: true, DeploymentConfiguration: { MaximumPercent: 200 }, NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: "ENABLED", Subnets: ["subnet-1"] } } }],
            ["aws:cloudfront/distribution:Distribution", { isIpv6Enabled: true, orderedCacheBehaviors: [{ pathPattern: "/a" }], origins: [{ originId: "s3", domainName: "b.s3.amazonaws.com" }] }, "AWS::CloudFront::Distribution", { DistributionConfig: { IPV6Enabled: true, CacheBehaviors: [{ PathPattern: "/a" }], Origins: [{ Id: "s3", DomainName: "b.s3.amazonaws.com" }] } }],
            ["aws:route53/record:Record", { zoneId: "Z123", name: "a.example.com", type: "A", aliases: [{ name: "d.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }], allowOverwrite: true }, "AWS::Route53::RecordSet", { HostedZoneId: "Z123", Name: "a.example.com", Type: "A", AliasTarget: { DNSName: "d.cloudfront.net", HostedZoneId: "Z2FDTNDATAQYW2", EvaluateTargetHealth: false } }],
            ["aws:apigatewayv2/integration:Integration", { apiId: "abc", timeoutMilliseconds: 30000 }, "AWS::ApiGatewayV2::Integration", { ApiId: "abc", TimeoutInMillis: 30000 }],
            ["aws:apigatewayv2/domainName:DomainName", { domainName: "api.example.com", domainNameConfiguration: { endpointType: "REGIONAL" } }, "AWS::ApiGatewayV2::DomainName", { DomainName: "api.example.com", DomainNameConfigurations: [{ EndpointType: "REGIONAL" }] }],
            ["aws:lb/targetGroup:TargetGroup", { port: 80, healthCheck: { path: "/h", matcher: "200" }, deregistrationDelay: 30 }, "AWS::ElasticLoadBalancingV2::TargetGroup", { Port: 80, HealthCheckPath: "/h", Matcher: { HttpCode: "200" }, TargetGroupAttributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "30" }] }],
            ["aws:lb/loadBalancer:LoadBalancer", { internal: false, loadBalancerType: "application" }, "AWS::ElasticLoadBalancingV2::LoadBalancer", { Scheme: "internet-facing", Type: "application" }],
            ["aws:lb/listenerRule:ListenerRule", { priority: 10, conditions: [{ hostHeader: { values: ["a.example.com"] } }] }, "AWS::ElasticLoadBalancingV2::ListenerRule", { Priority: 10, Conditions: [{ Field: "host-header", HostHeaderConfig: { Values: ["a.example.com"] } }] }],
            ["aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", { clusterName: "c", defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }, "AWS::ECS::ClusterCapacityProviderAssociations", { Cluster: "c", DefaultCapacityProviderStrategy: [{ CapacityProvider: "FARGATE_SPOT", Weight: 1 }] }],
            ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { securityGroupId: "sg-1", referencedSecurityGroupId: "sg-2", ipProtocol: "tcp" }, "AWS::EC2::SecurityGroupIngress", { GroupId: "sg-1", SourceSecurityGroupId: "sg-2", IpProtocol: "tcp" }],
            ["aws:iam/openIdConnectProvider:OpenIdConnectProvider", { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] }, "AWS::IAM::OIDCProvider", { Url: "https://token.actions.githubusercontent.com", ClientIdList: ["sts.amazonaws.com"] }],
            ["aws:cloudfront/cachePolicy:CachePolicy", { defaultTtl: 1, parametersInCacheKeyAndForwardedToOrigin: { headersConfig: { headerBehavior: "whitelist", headers: { items: ["Host"] } } } }, "AWS::CloudFront::CachePolicy", { CachePolicyConfig: { DefaultTTL: 1, Name: "x-a1b2c3d", ParametersInCacheKeyAndForwardedToOrigin: { HeadersConfig: { HeaderBehavior: "whitelist", Headers: ["Host"] } } } }],
            ["aws:lambda/function:Function", { packageType: "Image", imageUri: "1.dkr.ecr/x:1", role: "arn:aws:iam::123456789012:role/r" }, "AWS::Lambda::Function", { PackageType: "Image", Code: { ImageUri: "1.dkr.ecr/x:1" }, Role: "arn:aws:iam::123456789012:role/r" }],
            ["aws:ec2/subnet:Subnet", { vpcId: "vpc-0123456789abcdef0", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true }, "AWS::EC2::Subnet", { VpcId: "vpc-0123456789abcdef0", CidrBlock: "10.0.0.0/24", MapPublicIpOnLaunch: true }],
            // CloudFormation creates no SecureString parameters: sent as String, without the KMS key, tags as a map.
            ["aws:ssm/parameter:Parameter", { name: "/shop/dev/backend/API_TOKEN", type: "SecureString", tier: "Standard", value: "s3cr3t", keyId: "alias/aws/ssm", overwrite: true, tags: { team: "web" } }, "AWS::SSM::Parameter", { Name: "/shop/dev/backend/API_TOKEN", Type: "String", Tier: "Standard", Value: "s3cr3t", Tags: { team: "web" } }],
            ["aws:ssm/parameter:Parameter", { name: "/a", type: "String", insecureValue: "plain" }, "AWS::SSM::Parameter", { Name: "/a", Type: "String", Value: "plain" }],
            ["aws:ssm/parameter:Parameter", { name: "/a", type: "StringList", valueWo: "a,b", valueWoVersion: 1 }, "AWS::SSM::Parameter", { Name: "/a", Type: "StringList", Value: "a,b" }],
        ];
        for (const [type, inputs, cfnType, expected] of cases) {
            const { Type, Properties } = only([resource(type, "x", inputs)]);
            assert.equal(Type, cfnType, type);
            assert.deepEqual(Properties, expected, type);
        }
    });

    it("folds S3 bucket sub-resources and role policy attachments into the resource CloudFormation has them on", () => {
        const bucket = resource("aws:s3/bucket:Bucket", "site", { forceDestroy: true });
        const role = resource("aws:iam/role:Role", "exec", { assumeRolePolicy: "{}" });
        const resources = [
            bucket,
            role,
            resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "site-pab", { bucket: "site-1", blockPublicAcls: true }, { bucket: [bucket.urn] }),
            resource("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "site-own", { bucket: "site-1", rule: { objectOwnership: "BucketOwnerEnforced" } }, { bucket: [bucket.urn] }),
            resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "site-sse", { bucket: "site-1", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, { bucket: [bucket.urn] }),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "exec-managed", { role: "exec-1", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { role: [role.urn] }),
        ];
        const mapped = toCloudFormation(resources);
        assert.deepEqual(Object.keys(mapped.template.Resources), ["Site", "Exec"]);
        assert.deepEqual(mapped.template.Resources.Site.Properties, {
            PublicAccessBlockConfiguration: { BlockPublicAcls: true },
            OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
        });
        assert.deepEqual(mapped.template.Resources.Exec.Properties.ManagedPolicyArns, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
        // A finding on a folded property goes back to the sub-resource that set it.
        assert.deepEqual(mapped.paths.Site["Properties.OwnershipControls.Rules.0.ObjectOwnership"], { urn: resources[3].urn, property: "rule.objectOwnership" });
        assert.deepEqual(mapped.paths.Exec["Properties.ManagedPolicyArns.0"], { urn: resources[5].urn, property: "policyArn" });
    });

    it("turns unknown values and offline stand-ins into parameters, and leaves types without a twin out", () => {
        const sg = resource("aws:ec2/securityGroup:SecurityGroup", "sg", { description: "web", vpcId: UNKNOWN_VALUE }, { vpcId: [`${URN}aws:ec2/vpc:Vpc::vpc`] });
        const subnet = resource("aws:rds/subnetGroup:SubnetGroup", "db", { subnetIds: ["subnet-0a0b0c0d0e0f0000a"] });
        const image = resource("docker-build:index:Image", "image", { push: true });
        const component = { ...resource("shoestring:aws:Database", "database", {}), custom: false };
        const mapped = toCloudFormation([sg, subnet, image, component], { isStandIn: (v) => v === "subnet-0a0b0c0d0e0f0000a" });
        assert.deepEqual(mapped.template.Resources.Sg.Properties.VpcId, { Ref: "Unknown1" });
        assert.match(mapped.template.Parameters!.Unknown1.Description, /sg\.vpcId: known at deployment \(from .*::vpc\)/);
        assert.deepEqual(mapped.template.Resources.Db.Properties.SubnetIds, [{ Ref: "Unknown2" }]);
        assert.deepEqual(
            mapped.skipped.map((s) => s.urn),
            [image.urn, component.urn],
        );
    });

    it("tells which properties the validator checks and which have no twin", () => {
        assert.deepEqual(cloudFormationCoverage("aws:ecs/taskDefinition:TaskDefinition", "containerDefinitions[0].secrets"), { kind: "mapped" });
        assert.deepEqual(cloudFormationCoverage("aws:lb/targetGroup:TargetGroup", "healthCheck.path"), { kind: "mapped" });
        assert.equal(cloudFormationCoverage("aws:rds/instance:Instance", "skipFinalSnapshot")?.kind, "pulumi-only");
        assert.equal(cloudFormationCoverage("aws:s3/bucket:Bucket", "forceDestroy")?.kind, "pulumi-only");
        assert.equal(cloudFormationCoverage("aws:ecs/service:Service", "waitForSteadyState")?.kind, "pulumi-only");
        assert.equal(cloudFormationCoverage("aws:ecs/service:Service", "tagsAll")?.kind, "pulumi-only");
        assert.equal(cloudFormationCoverage("docker-build:index:Image", "push"), undefined);
    });

    it("maps or explains every type the repository's stacks register", async function () {
        this.timeout(120_000);
        const records: StackRecord[] = [
            await runStack("cheap"),
            await runStack("cheap", { config: { domain: undefined } }),
            await runStack("cheap", { config: { backend: { maxCount: 3 } } }),
            await runStack("dev"),
            await runStack("dev", { config: { domain: undefined } }),
            await runStack("main", { dir: path.resolve(__dirname, "../../../../bootstrap") }),
        ];
        const missing = new Set<string>();
        for (const record of records) {
            for (const r of record.resources) {
                if (r.custom && CLOUDFORMATION_MAPPINGS[r.type] === undefined && NO_CLOUDFORMATION_TWIN[r.type] === undefined) {
                    missing.add(r.type);
                }
            }
        }
        assert.deepEqual([...missing], []);
    });
});

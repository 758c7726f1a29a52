/**
 * The arguments whose change replaces a resource (ForceNew in the AWS
 * provider's schema), for the types this program uses, top-level only.
 *
 * Source: hashicorp/terraform-provider-aws v6.58.0 (the schema Pulumi's AWS
 * provider is built from), `internal/service/<service>/<resource>.go`,
 * every `ForceNew: true` argument, names as `@pulumi/aws` spells them
 * (each checked against the SDK's input keys of its type by
 * test/lib/aws-data/replace-on-change.test.ts). Arguments that force a
 * replacement only under a condition are included where the condition
 * holds for this program (an ACM certificate it requests, not imports); the
 * per-resource `region` override, which the program never sets, is left out.
 */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
    "aws:rds/instance:Instance": ["availabilityZone", "backupTarget", "characterSetName", "customIamInstanceProfile", "dbName", "engine", "kmsKeyId", "ncharCharacterSetName", "restoreToPointInTime", "snapshotIdentifier", "storageEncrypted", "timezone", "username"],
    "aws:rds/cluster:Cluster": ["availabilityZones", "clusterIdentifier", "clusterIdentifierPrefix", "clusterScalabilityType", "databaseName", "dbSubnetGroupName", "dbSystemId", "engine", "engineMode", "kmsKeyId", "masterUsername", "restoreToPointInTime", "snapshotIdentifier", "sourceRegion", "storageEncrypted"],
    "aws:dynamodb/table:Table": ["hashKey", "localSecondaryIndexes", "name", "rangeKey", "restoreDateTime", "restoreToLatestTime"],
    "aws:ecr/repository:Repository": ["encryptionConfigurations", "name"],
    "aws:s3/bucket:Bucket": ["bucket", "bucketNamespace", "bucketPrefix", "objectLockEnabled"],
    "aws:acm/certificate:Certificate": ["certificateAuthorityArn", "domainName", "keyAlgorithm", "subjectAlternativeNames", "validationMethod", "validationOptions"],
    "aws:ecs/cluster:Cluster": ["name"],
    "aws:ecs/service:Service": ["cluster", "iamRole", "launchType", "name", "schedulingStrategy"],
    "aws:lb/loadBalancer:LoadBalancer": ["customerOwnedIpv4Pool", "internal", "loadBalancerType", "name", "namePrefix"],
    "aws:lb/targetGroup:TargetGroup": ["ipAddressType", "name", "namePrefix", "port", "protocol", "protocolVersion", "targetControlPort", "targetType", "vpcId"],
    "aws:route53/record:Record": ["name", "zoneId"],
    "aws:servicediscovery/service:Service": ["healthCheckCustomConfig", "name", "namespaceId", "type"],
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": ["name", "vpc"],
    "aws:ec2/securityGroup:SecurityGroup": ["description", "name", "namePrefix", "vpcId"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:cloudwatch/logGroup:LogGroup": ["logGroupClass", "name", "namePrefix"],
    "aws:apigatewayv2/api:Api": ["credentialsArn", "protocolType", "routeKey", "target"],
    "aws:apigatewayv2/vpcLink:VpcLink": ["securityGroupIds", "subnetIds"],
    "aws:apigatewayv2/integration:Integration": ["apiId", "integrationSubtype", "integrationType"],
    "aws:apigatewayv2/stage:Stage": ["apiId", "name"],
    "aws:apigatewayv2/domainName:DomainName": ["domainName"],
    "aws:rds/subnetGroup:SubnetGroup": ["name", "namePrefix"],
    "aws:s3/bucketObjectv2:BucketObjectv2": ["bucket", "key"],
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": ["ecrRepositoryPrefix", "upstreamRegistryUrl", "upstreamRepositoryPrefix"],
    "aws:ecs/taskDefinition:TaskDefinition": ["containerDefinitions", "cpu", "enableFaultInjection", "ephemeralStorage", "executionRoleArn", "family", "ipcMode", "memory", "networkMode", "pidMode", "placementConstraints", "proxyConfiguration", "requiresCompatibilities", "runtimePlatform", "taskRoleArn", "volumes"],
};

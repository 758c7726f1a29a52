/**
 * Pulumi resources -> a CloudFormation template, so AWS's own offline
 * validator (`@aws/cloudformation-validate`, the engine behind cfn-lint's
 * rules) can judge what the program would send to AWS.
 *
 * The Pulumi AWS provider and CloudFormation call the same AWS APIs, so the
 * property schemas CloudFormation publishes (patterns, enumerations, lengths,
 * ranges, required properties) and cfn-lint's cross-property rules apply to
 * Pulumi inputs once the names line up. This module only renames and
 * reshapes; it decides nothing about validity.
 *
 * Pure: no Pulumi imports, so the policy pack and the offline engine share it.
 */
import { RuleResource, UNKNOWN_VALUE } from "../types";

/** How one Pulumi property becomes its CloudFormation twin. */
export interface PropertySpec {
    /** The CloudFormation name; default: the Pulumi name with its first letter upper-cased. */
    to?: string;
    /** No CloudFormation twin: why (the property is then left out of the template). */
    pulumiOnly?: string;
    /** The Pulumi value is a JSON string that CloudFormation takes as an object (IAM policies, container definitions). */
    json?: boolean;
    /** The value (after `json`) is already in CloudFormation's shape (an IAM policy document): keep its keys. */
    verbatim?: boolean;
    /** The keys are data (tags, log options, build args), not property names: keep them. */
    keepKeys?: boolean;
    /** A Pulumi tag map that CloudFormation takes as a list of `{ Key, Value }` (most types; API Gateway v2 keeps the map). */
    tagList?: boolean;
    /** Pulumi models a single nested block as a one-element list; CloudFormation as an object. */
    unwrap?: boolean;
    /** Pulumi has one object where CloudFormation has a list of them. */
    wrap?: boolean;
    /** Pulumi nests the list as `{ items: [...] }` (CloudFront); CloudFormation has the list itself. */
    items?: boolean;
    /** CloudFormation's schema wants this JSON type (CloudFormation declares TTLs and ports as strings in places). */
    as?: "string" | "number";
    /** Specs of nested properties (of the object, or of each element of a list). */
    nested?: Record<string, PropertySpec>;
    /** Not sent under its own name: the type's `reshape` moves it into this CloudFormation property (so it is still checked). */
    movedTo?: string;
}

/**
 * A value a `reshape` moved, with the Pulumi property path it came from, so a
 * finding on it is reported on the property the program set.
 */
export class Reshaped {
    constructor(
        readonly value: unknown,
        readonly from: string,
    ) {}
}

/** Marks a reshaped value with its Pulumi origin; undefined stays undefined (the property is left out). */
export function from(value: unknown, pulumiPath: string): Reshaped | undefined {
    return value === undefined ? undefined : new Reshaped(value, pulumiPath);
}

/** A Pulumi resource that is a property of another resource in CloudFormation. */
export interface MergeSpec {
    /** The Pulumi type of the resource it configures. */
    targetType: string;
    /** The Pulumi property that names the target (its dependencies lead to the target). */
    via: string;
    /** The CloudFormation property of the target this resource becomes. */
    at: string;
    /** Append this Pulumi property's value to the list `at` (many attachments to one role). */
    append?: string;
    /** `at` is this Pulumi property's value (a dotted path), not an object of the resource's properties. */
    fromProperty?: string;
    /** When the target is not in the program: emit a CloudFormation resource of this type naming it with `identity`, so the configuration is still checked. */
    standalone?: { type: string; identity: string };
}

/** How one Pulumi type becomes CloudFormation. */
export interface TypeMapping {
    /** The CloudFormation type (for merged resources: the target's). */
    cfnType: string;
    /** Where to find the AWS doc the mapping follows. */
    docs?: string;
    properties?: Record<string, PropertySpec>;
    /** CloudFormation nests every property under this one (`DistributionConfig`, `CachePolicyConfig`). */
    wrapIn?: string;
    /**
     * A name CloudFormation requires but Pulumi auto-generates when omitted:
     * filled with the Pulumi name plus a 7-character suffix, as Pulumi's auto-naming does.
     */
    autoName?: string;
    /** CloudFormation properties with a fixed value (Pulumi's provider sends them implicitly). */
    fixed?: Record<string, unknown>;
    /** Reshapes the whole input object where a per-property table cannot (DynamoDB keys, security group rules). */
    reshape?: (inputs: Record<string, unknown>) => Record<string, unknown>;
    merge?: MergeSpec;
}

/** The Pulumi properties every AWS resource has that CloudFormation does not. */
const COMMON_PULUMI_ONLY: Record<string, string> = {
    tagsAll: "a provider output (tags merged with the provider's default tags), not an input AWS receives as such",
    region: "Pulumi AWS v7's per-resource region override; CloudFormation takes the region from the stack",
    namePrefix: "Pulumi generates the name from it; AWS receives only the generated name",
};

/** Tags as most CloudFormation types take them: a list of `{ Key, Value }`. */
const tags: PropertySpec = { to: "Tags", tagList: true };
/** Tags as a map: the API Gateway v2 types' `Tags` is a JSON object. */
const tagMap: PropertySpec = { to: "Tags", keepKeys: true };
const pulumiTimeouts = "Pulumi/Terraform wait behaviour; not sent to AWS";

/** A policy document given as a JSON string, which CloudFormation takes as an object in IAM's own shape. */
const policyDocument = (to: string): PropertySpec => ({ to, json: true, verbatim: true });

const S3_BUCKET_STANDALONE = { type: "AWS::S3::Bucket", identity: "BucketName" };

/**
 * The mapping table, one entry per Pulumi type. Property names come from the
 * CloudFormation resource schemas bundled with the validator (a wrong name is
 * reported as F3002 "Additional properties are not allowed", so the stack
 * tests keep this table honest) and the AWS CloudFormation resource reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html).
 */
export const CLOUDFORMATION_MAPPINGS: Record<string, TypeMapping> = {
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": { cfnType: "AWS::ECR::PullThroughCacheRule" },
    "aws:ecr/repository:Repository": {
        cfnType: "AWS::ECR::Repository",
        properties: {
            name: { to: "RepositoryName" },
            encryptionConfigurations: { to: "EncryptionConfiguration", unwrap: true },
            // CloudFormation's twin of the provider's flag: delete the images with the repository.
            forceDelete: { to: "EmptyOnDelete" },
            imageTagMutabilityExclusionFilters: { to: "ImageTagMutabilityExclusionFilters" },
            tags,
        },
    },
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
        // CloudFormation has no lifecycle policy resource: it is the repository's `LifecyclePolicy`.
        cfnType: "AWS::ECR::Repository",
        merge: { targetType: "aws:ecr/repository:Repository", via: "repository", at: "LifecyclePolicy", standalone: { type: "AWS::ECR::Repository", identity: "RepositoryName" } },
        properties: {
            repository: { pulumiOnly: "names the repository it configures; in CloudFormation the policy sits inside that repository" },
            // CloudFormation keeps the policy a JSON string here, as ECR's API does.
            policy: { to: "LifecyclePolicyText" },
        },
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        cfnType: "AWS::Logs::LogGroup",
        properties: {
            name: { to: "LogGroupName" },
            kmsKeyId: { to: "KmsKeyId" },
            skipDestroy: { pulumiOnly: "Pulumi leaves the log group on delete; CloudFormation's twin is DeletionPolicy, which Pulumi does not send" },
            tags,
        },
    },
    "aws:iam/role:Role": {
        cfnType: "AWS::IAM::Role",
        properties: {
            name: { to: "RoleName" },
            assumeRolePolicy: policyDocument("AssumeRolePolicyDocument"),
            inlinePolicies: { to: "Policies", nested: { name: { to: "PolicyName" }, policy: policyDocument("PolicyDocument") } },
            forceDetachPolicies: { pulumiOnly: "Pulumi detaches policies before deleting the role; a provider behaviour, not an API input" },
            tags,
        },
    },
    "aws:iam/rolePolicy:RolePolicy": {
        cfnType: "AWS::IAM::RolePolicy",
        autoName: "PolicyName",
        properties: {
            name: { to: "PolicyName" },
            role: { to: "RoleName" },
            policy: policyDocument("PolicyDocument"),
        },
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        // No CloudFormation twin: managed policies are the role's `ManagedPolicyArns`.
        cfnType: "AWS::IAM::Role",
        merge: { targetType: "aws:iam/role:Role", via: "role", at: "ManagedPolicyArns", append: "policyArn" },
        properties: { role: { pulumiOnly: "names the role; in CloudFormation the ARN sits in that role's ManagedPolicyArns" } },
    },
    "aws:iam/policy:Policy": {
        cfnType: "AWS::IAM::ManagedPolicy",
        properties: {
            name: { to: "ManagedPolicyName" },
            policy: policyDocument("PolicyDocument"),
            tags: { pulumiOnly: "AWS::IAM::ManagedPolicy has no Tags property (IAM's TagPolicy API is separate)" },
        },
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        cfnType: "AWS::IAM::OIDCProvider",
        properties: {
            url: { to: "Url" },
            clientIdLists: { to: "ClientIdList" },
            thumbprintLists: { to: "ThumbprintList" },
            tags,
        },
    },
    "aws:cloudfront/originAccessControl:OriginAccessControl": {
        cfnType: "AWS::CloudFront::OriginAccessControl",
        wrapIn: "OriginAccessControlConfig",
        autoName: "Name",
        properties: { etag: { pulumiOnly: "CloudFront's optimistic-locking token, an output of the last write" } },
    },
    "aws:cloudfront/cachePolicy:CachePolicy": {
        cfnType: "AWS::CloudFront::CachePolicy",
        wrapIn: "CachePolicyConfig",
        autoName: "Name",
        properties: {
            defaultTtl: { to: "DefaultTTL" },
            maxTtl: { to: "MaxTTL" },
            minTtl: { to: "MinTTL" },
            etag: { pulumiOnly: "CloudFront's optimistic-locking token, an output of the last write" },
            parametersInCacheKeyAndForwardedToOrigin: {
                nested: {
                    cookiesConfig: { nested: { cookies: { items: true } } },
                    headersConfig: { nested: { headers: { items: true } } },
                    queryStringsConfig: { nested: { queryStrings: { items: true } } },
                },
            },
        },
    },
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": {
        cfnType: "AWS::CloudFront::ResponseHeadersPolicy",
        wrapIn: "ResponseHeadersPolicyConfig",
        autoName: "Name",
        properties: {
            etag: { pulumiOnly: "CloudFront's optimistic-locking token, an output of the last write" },
            corsConfig: {
                nested: {
                    accessControlAllowHeaders: { items: true },
                    accessControlAllowMethods: { items: true },
                    accessControlAllowOrigins: { items: true },
                    accessControlExposeHeaders: { items: true },
                    accessControlMaxAgeSec: { to: "AccessControlMaxAgeSec" },
                },
            },
            customHeadersConfig: { nested: { items: { to: "Items" } } },
            securityHeadersConfig: { nested: { strictTransportSecurity: { nested: { accessControlMaxAgeSec: { to: "AccessControlMaxAgeSec" } } } } },
        },
    },
    "aws:cloudfront/distribution:Distribution": {
        cfnType: "AWS::CloudFront::Distribution",
        wrapIn: "DistributionConfig",
        properties: {
            isIpv6Enabled: { to: "IPV6Enabled" },
            orderedCacheBehaviors: { to: "CacheBehaviors" },
            customErrorResponses: { nested: { errorCachingMinTtl: { to: "ErrorCachingMinTTL" } } },
            origins: {
                nested: {
                    originId: { to: "Id" },
                    customOriginConfig: {
                        nested: {
                            httpPort: { to: "HTTPPort" },
                            httpsPort: { to: "HTTPSPort" },
                            originSslProtocols: { to: "OriginSSLProtocols" },
                        },
                    },
                },
            },
            viewerCertificate: { nested: { cloudfrontDefaultCertificate: { to: "CloudFrontDefaultCertificate" }, iamCertificateId: { to: "IamCertificateId" } } },
            webAclId: { to: "WebACLId" },
            retainOnDelete: { pulumiOnly: "Pulumi disables instead of deleting; a provider behaviour, not an API input" },
            waitForDeployment: { pulumiOnly: pulumiTimeouts },
            etag: { pulumiOnly: "CloudFront's optimistic-locking token, an output of the last write" },
            tags: { pulumiOnly: "CloudFormation tags the distribution outside DistributionConfig; checked on the Tags property instead" },
        },
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        cfnType: "AWS::EC2::SecurityGroup",
        properties: {
            description: { to: "GroupDescription" },
            name: { to: "GroupName" },
            ingress: { to: "SecurityGroupIngress", nested: securityGroupRuleSpec() },
            egress: { to: "SecurityGroupEgress", nested: securityGroupRuleSpec() },
            // Pulumi's inline rules list their peers; CloudFormation has one rule per peer.
            // The rules are expanded by `reshape`, each CloudFormation rule citing the Pulumi list entry.
            revokeRulesOnDelete: { pulumiOnly: "Pulumi revokes rules before deleting the group; a provider behaviour, not an API input" },
            tags,
        },
        reshape: (inputs) => ({
            ...inputs,
            ingress: expandSecurityGroupRules(inputs.ingress, "ingress", "Source"),
            egress: expandSecurityGroupRules(inputs.egress, "egress", "Destination"),
        }),
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        cfnType: "AWS::EC2::SecurityGroupIngress",
        properties: {
            securityGroupId: { to: "GroupId" },
            referencedSecurityGroupId: { to: "SourceSecurityGroupId" },
            cidrIpv4: { to: "CidrIp" },
            cidrIpv6: { to: "CidrIpv6" },
            prefixListId: { to: "SourcePrefixListId" },
            ipProtocol: { to: "IpProtocol" },
            tags: { pulumiOnly: "AWS::EC2::SecurityGroupIngress has no Tags (the rule's tags are set with CreateTags)" },
        },
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        cfnType: "AWS::EC2::SecurityGroupEgress",
        properties: {
            securityGroupId: { to: "GroupId" },
            referencedSecurityGroupId: { to: "DestinationSecurityGroupId" },
            cidrIpv4: { to: "CidrIp" },
            cidrIpv6: { to: "CidrIpv6" },
            prefixListId: { to: "DestinationPrefixListId" },
            tags: { pulumiOnly: "AWS::EC2::SecurityGroupEgress has no Tags (the rule's tags are set with CreateTags)" },
        },
    },
    "aws:acm/certificate:Certificate": {
        cfnType: "AWS::CertificateManager::Certificate",
        properties: {
            options: { to: "CertificateTransparencyLoggingPreference" },
            validationOptions: { to: "DomainValidationOptions" },
            earlyRenewalDuration: { pulumiOnly: "the provider renews early by re-importing; no CloudFormation property" },
            tags,
        },
        reshape: (inputs) => {
            // `options.certificateTransparencyLoggingPreference` is a plain string in CloudFormation.
            const options = inputs.options as { certificateTransparencyLoggingPreference?: unknown } | undefined;
            return options ? { ...inputs, options: from(options.certificateTransparencyLoggingPreference, "options.certificateTransparencyLoggingPreference") } : inputs;
        },
    },
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": {
        cfnType: "AWS::ServiceDiscovery::PrivateDnsNamespace",
        properties: { tags },
    },
    "aws:servicediscovery/service:Service": {
        cfnType: "AWS::ServiceDiscovery::Service",
        properties: {
            namespaceId: { to: "NamespaceId" },
            dnsConfig: { nested: { dnsRecords: { nested: { ttl: { to: "TTL" } } } } },
            forceDestroy: { pulumiOnly: "Pulumi deregisters instances before deleting; a provider behaviour, not an API input" },
            tags,
        },
    },
    "aws:apigatewayv2/api:Api": {
        cfnType: "AWS::ApiGatewayV2::Api",
        autoName: "Name",
        properties: { tags: tagMap },
    },
    "aws:apigatewayv2/vpcLink:VpcLink": { cfnType: "AWS::ApiGatewayV2::VpcLink", autoName: "Name", properties: { tags: tagMap } },
    "aws:apigatewayv2/stage:Stage": {
        cfnType: "AWS::ApiGatewayV2::Stage",
        properties: {
            name: { to: "StageName" },
            apiId: { to: "ApiId" },
            stageVariables: { keepKeys: true },
            routeSettings: { pulumiOnly: "CloudFormation's RouteSettings is a map keyed by route key, Pulumi's a list; reshaping it is not done yet" },
            tags: tagMap,
        },
    },
    "aws:apigatewayv2/integration:Integration": {
        cfnType: "AWS::ApiGatewayV2::Integration",
        properties: {
            apiId: { to: "ApiId" },
            timeoutMilliseconds: { to: "TimeoutInMillis" },
            tlsConfig: { nested: { serverNameToVerify: { to: "ServerNameToVerify" } } },
            responseParameters: { pulumiOnly: "CloudFormation's ResponseParameters is a map keyed by status code, Pulumi's a list; not reshaped yet" }, requestParameters: { keepKeys: true }, requestTemplates: { keepKeys: true } },
    },
    "aws:apigatewayv2/route:Route": {
        cfnType: "AWS::ApiGatewayV2::Route",
        properties: { apiId: { to: "ApiId" }, requestModels: { keepKeys: true } },
    },
    "aws:apigatewayv2/domainName:DomainName": {
        cfnType: "AWS::ApiGatewayV2::DomainName",
        properties: {
            domainNameConfiguration: {
                to: "DomainNameConfigurations",
                wrap: true,
                nested: {
                    hostedZoneId: { pulumiOnly: "an output AWS fills in (the alias target's zone), not part of the request" },
                    targetDomainName: { pulumiOnly: "an output AWS fills in (the alias target), not part of the request" },
                },
            },
            mutualTlsAuthentication: { to: "MutualTlsAuthentication" },
            tags: tagMap,
        },
    },
    "aws:apigatewayv2/apiMapping:ApiMapping": {
        cfnType: "AWS::ApiGatewayV2::ApiMapping",
        properties: { apiId: { to: "ApiId" }, apiMappingKey: { to: "ApiMappingKey" } },
    },
    "aws:s3/bucket:Bucket": {
        cfnType: "AWS::S3::Bucket",
        properties: {
            bucket: { to: "BucketName" },
            bucketPrefix: { pulumiOnly: "Pulumi generates the name from it; AWS receives only the generated name" },
            forceDestroy: { pulumiOnly: "Pulumi empties the bucket before deleting it; a provider behaviour, not an API input" },
            tags,
        },
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        // One CloudFormation bucket carries what Pulumi splits into sub-resources: the
        // settings are checked where CloudFormation (and the S3 API's validation) puts them.
        cfnType: "AWS::S3::Bucket",
        merge: { targetType: "aws:s3/bucket:Bucket", via: "bucket", at: "PublicAccessBlockConfiguration", standalone: S3_BUCKET_STANDALONE },
        properties: {
            bucket: { pulumiOnly: "names the bucket; in CloudFormation the settings sit inside that bucket" },
            skipDestroy: { pulumiOnly: "Pulumi leaves the settings on delete; not an API input" },
        },
    },
    "aws:s3/bucketAbac:BucketAbac": {
        cfnType: "AWS::S3::Bucket",
        merge: { targetType: "aws:s3/bucket:Bucket", via: "bucket", at: "AbacStatus", fromProperty: "abacStatus.status", standalone: S3_BUCKET_STANDALONE },
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        cfnType: "AWS::S3::Bucket",
        merge: { targetType: "aws:s3/bucket:Bucket", via: "bucket", at: "OwnershipControls", standalone: S3_BUCKET_STANDALONE },
        properties: {
            bucket: { pulumiOnly: "names the bucket; in CloudFormation the settings sit inside that bucket" },
            rule: { to: "Rules", wrap: true },
        },
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        cfnType: "AWS::S3::Bucket",
        merge: { targetType: "aws:s3/bucket:Bucket", via: "bucket", at: "BucketEncryption", standalone: S3_BUCKET_STANDALONE },
        properties: {
            bucket: { pulumiOnly: "names the bucket; in CloudFormation the settings sit inside that bucket" },
            expectedBucketOwner: { pulumiOnly: "a request header guarding against a wrong account; CloudFormation has none" },
            rules: {
                to: "ServerSideEncryptionConfiguration",
                nested: {
                    applyServerSideEncryptionByDefault: {
                        to: "ServerSideEncryptionByDefault",
                        nested: { sseAlgorithm: { to: "SSEAlgorithm" }, kmsMasterKeyId: { to: "KMSMasterKeyID" } },
                    },
                },
            },
        },
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
        cfnType: "AWS::S3::BucketPolicy",
        properties: { policy: policyDocument("PolicyDocument") },
    },
    "aws:dynamodb/table:Table": {
        cfnType: "AWS::DynamoDB::Table",
        properties: {
            name: { to: "TableName" },
            attributes: { to: "AttributeDefinitions", nested: { name: { to: "AttributeName" }, type: { to: "AttributeType" } } },
            serverSideEncryption: { to: "SSESpecification", nested: { enabled: { to: "SSEEnabled" }, kmsKeyArn: { to: "KMSMasterKeyId" } } },
            pointInTimeRecovery: { to: "PointInTimeRecoverySpecification", nested: { enabled: { to: "PointInTimeRecoveryEnabled" } } },
            ttl: { to: "TimeToLiveSpecification" },
            hashKey: { movedTo: "KeySchema" },
            rangeKey: { movedTo: "KeySchema" },
            streamEnabled: { movedTo: "StreamSpecification" },
            streamViewType: { movedTo: "StreamSpecification" },
            readCapacity: { movedTo: "ProvisionedThroughput" },
            writeCapacity: { movedTo: "ProvisionedThroughput" },
            restoreDateTime: { pulumiOnly: "point-in-time restore is a separate API call; CloudFormation cannot restore a table" },
            restoreSourceName: { pulumiOnly: "point-in-time restore is a separate API call; CloudFormation cannot restore a table" },
            restoreToLatestTime: { pulumiOnly: "point-in-time restore is a separate API call; CloudFormation cannot restore a table" },
            tags,
        },
        reshape: (inputs) => {
            const out: Record<string, unknown> = { ...inputs };
            const keySchema: unknown[] = [from({ attributeName: inputs.hashKey, keyType: "HASH" }, "hashKey")];
            if (inputs.rangeKey !== undefined) {
                keySchema.push(from({ attributeName: inputs.rangeKey, keyType: "RANGE" }, "rangeKey"));
            }
            out.keySchema = keySchema;
            if (inputs.streamEnabled === true) {
                out.streamSpecification = { streamViewType: from(inputs.streamViewType, "streamViewType") };
            }
            if (inputs.readCapacity !== undefined || inputs.writeCapacity !== undefined) {
                out.provisionedThroughput = { readCapacityUnits: from(inputs.readCapacity, "readCapacity"), writeCapacityUnits: from(inputs.writeCapacity, "writeCapacity") };
            }
            return out;
        },
    },
    "aws:rds/subnetGroup:SubnetGroup": {
        cfnType: "AWS::RDS::DBSubnetGroup",
        properties: {
            name: { to: "DBSubnetGroupName" },
            description: { to: "DBSubnetGroupDescription" },
            tags,
        },
        // CloudFormation requires the description; the provider sends "Managed by Pulumi" when it is omitted.
        reshape: (inputs) => (inputs.description === undefined ? { ...inputs, description: from("Managed by Pulumi", "description") } : inputs),
    },
    "aws:rds/instance:Instance": {
        cfnType: "AWS::RDS::DBInstance",
        properties: rdsInstanceProperties(),
    },
    "aws:rds/cluster:Cluster": {
        cfnType: "AWS::RDS::DBCluster",
        properties: {
            clusterIdentifier: { to: "DBClusterIdentifier" },
            databaseName: { to: "DatabaseName" },
            dbSubnetGroupName: { to: "DBSubnetGroupName" },
            dbClusterParameterGroupName: { to: "DBClusterParameterGroupName" },
            masterUsername: { to: "MasterUsername" },
            masterPassword: { to: "MasterUserPassword" },
            manageMasterUserPassword: { to: "ManageMasterUserPassword" },
            kmsKeyId: { to: "KmsKeyId" },
            vpcSecurityGroupIds: { to: "VpcSecurityGroupIds" },
            iamDatabaseAuthenticationEnabled: { to: "EnableIAMDatabaseAuthentication" },
            serverlessv2ScalingConfiguration: { to: "ServerlessV2ScalingConfiguration", nested: { minCapacity: { to: "MinCapacity" }, maxCapacity: { to: "MaxCapacity" }, secondsUntilAutoPause: { to: "SecondsUntilAutoPause" } } },
            availabilityZones: { to: "AvailabilityZones" },
            applyImmediately: { pulumiOnly: "a modify-call flag (apply now, not in the maintenance window); CloudFormation always applies immediately" },
            skipFinalSnapshot: { pulumiOnly: "a delete-call flag; CloudFormation's twin is DeletionPolicy: Snapshot, which Pulumi does not send" },
            finalSnapshotIdentifier: { pulumiOnly: "a delete-call parameter; CloudFormation's twin is DeletionPolicy: Snapshot" },
            allowMajorVersionUpgrade: { to: "AllowMajorVersionUpgrade" },
            clusterIdentifierPrefix: { pulumiOnly: "Pulumi generates the name from it; AWS receives only the generated name" },
            tags,
        },
    },
    "aws:rds/clusterInstance:ClusterInstance": {
        cfnType: "AWS::RDS::DBInstance",
        properties: {
            identifier: { to: "DBInstanceIdentifier" },
            clusterIdentifier: { to: "DBClusterIdentifier" },
            instanceClass: { to: "DBInstanceClass" },
            dbSubnetGroupName: { to: "DBSubnetGroupName" },
            dbParameterGroupName: { to: "DBParameterGroupName" },
            caCertIdentifier: { to: "CACertificateIdentifier" },
            applyImmediately: { pulumiOnly: "a modify-call flag (apply now, not in the maintenance window); CloudFormation always applies immediately" },
            identifierPrefix: { pulumiOnly: "Pulumi generates the name from it; AWS receives only the generated name" },
            tags,
        },
    },
    "aws:ecs/cluster:Cluster": {
        cfnType: "AWS::ECS::Cluster",
        properties: {
            name: { to: "ClusterName" },
            settings: { to: "ClusterSettings" },
            configuration: { nested: { executeCommandConfiguration: { nested: { kmsKeyId: { to: "KmsKeyId" } } } } },
            tags,
        },
    },
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {
        cfnType: "AWS::ECS::ClusterCapacityProviderAssociations",
        properties: {
            clusterName: { to: "Cluster" },
            defaultCapacityProviderStrategies: { to: "DefaultCapacityProviderStrategy" },
        },
    },
    "aws:ecs/taskDefinition:TaskDefinition": {
        cfnType: "AWS::ECS::TaskDefinition",
        properties: {
            containerDefinitions: {
                json: true,
                nested: {
                    logConfiguration: { nested: { options: { keepKeys: true } } },
                    dockerLabels: { keepKeys: true },
                    // ECS's API calls it `readonlyRootFilesystem`; CloudFormation `ReadonlyRootFilesystem`.
                    firelensConfiguration: { nested: { options: { keepKeys: true } } },
                    systemControls: {},
                    ulimits: {},
                },
            },
            volumes: { to: "Volumes" },
            skipDestroy: { pulumiOnly: "Pulumi keeps old revisions registered; a provider behaviour, not an API input" },
            trackLatest: { pulumiOnly: "Pulumi reads the latest revision on refresh; not an API input" },
            tags,
        },
    },
    "aws:ecs/service:Service": {
        cfnType: "AWS::ECS::Service",
        properties: {
            name: { to: "ServiceName" },
            capacityProviderStrategies: { to: "CapacityProviderStrategy" },
            deploymentCircuitBreaker: { movedTo: "DeploymentConfiguration" },
            deploymentMaximumPercent: { movedTo: "DeploymentConfiguration" },
            deploymentMinimumHealthyPercent: { movedTo: "DeploymentConfiguration" },
            serviceRegistries: { to: "ServiceRegistries", wrap: true },
            waitForSteadyState: { pulumiOnly: pulumiTimeouts },
            triggers: { pulumiOnly: "Pulumi redeploys when these change; not an API input" },
            iamRole: { to: "Role" },
            enableEcsManagedTags: { to: "EnableECSManagedTags" },
            serviceConnectConfiguration: { nested: { services: { nested: { clientAlias: { to: "ClientAliases" } } }, logConfiguration: { nested: { options: { keepKeys: true } } } } },
            orderedPlacementStrategies: { to: "PlacementStrategies" },
            placementConstraints: { to: "PlacementConstraints" },
            tags,
        },
        reshape: (inputs) => {
            const out: Record<string, unknown> = { ...inputs };
            if (inputs.deploymentCircuitBreaker !== undefined || inputs.deploymentMaximumPercent !== undefined || inputs.deploymentMinimumHealthyPercent !== undefined) {
                out.deploymentConfiguration = {
                    deploymentCircuitBreaker: from(inputs.deploymentCircuitBreaker, "deploymentCircuitBreaker"),
                    maximumPercent: from(inputs.deploymentMaximumPercent, "deploymentMaximumPercent"),
                    minimumHealthyPercent: from(inputs.deploymentMinimumHealthyPercent, "deploymentMinimumHealthyPercent"),
                };
            }
            const network = inputs.networkConfiguration as Record<string, unknown> | undefined;
            if (network !== null && typeof network === "object") {
                // ECS's API nests the VPC settings one level deeper and spells the flag ENABLED/DISABLED.
                const assign = network.assignPublicIp;
                out.networkConfiguration = {
                    awsvpcConfiguration: from({ ...network, assignPublicIp: typeof assign === "boolean" ? from(assign ? "ENABLED" : "DISABLED", "networkConfiguration.assignPublicIp") : assign }, "networkConfiguration"),
                };
            }
            if (typeof inputs.forceNewDeployment === "boolean") {
                out.forceNewDeployment = from({ enableForceNewDeployment: inputs.forceNewDeployment }, "forceNewDeployment");
            }
            return out;
        },
    },
    "aws:lb/loadBalancer:LoadBalancer": {
        cfnType: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        properties: {
            loadBalancerType: { to: "Type" },
            internal: { movedTo: "Scheme" },
            dropInvalidHeaderFields: { movedTo: "LoadBalancerAttributes" },
            idleTimeout: { movedTo: "LoadBalancerAttributes" },
            enableDeletionProtection: { movedTo: "LoadBalancerAttributes" },
            enableHttp2: { movedTo: "LoadBalancerAttributes" },
            subnetMappings: { nested: { allocationId: { to: "AllocationId" }, privateIpv4Address: { to: "PrivateIPv4Address" }, ipv6Address: { to: "IPv6Address" } } },
            tags,
        },
        reshape: (inputs) => {
            const out: Record<string, unknown> = { ...inputs };
            if (inputs.internal !== undefined) {
                out.scheme = from(inputs.internal === true ? "internal" : "internet-facing", "internal");
            }
            // Load balancer attributes are key/value strings in ELB's API and in CloudFormation.
            const attributes: Array<{ key: string; value: unknown }> = [];
            const attribute = (pulumi: string, key: string) => {
                if (inputs[pulumi] !== undefined) {
                    attributes.push({ key, value: from(String(inputs[pulumi]), pulumi) });
                }
            };
            attribute("dropInvalidHeaderFields", "routing.http.drop_invalid_header_fields.enabled");
            attribute("idleTimeout", "idle_timeout.timeout_seconds");
            attribute("enableDeletionProtection", "deletion_protection.enabled");
            attribute("enableHttp2", "routing.http2.enabled");
            if (attributes.length > 0) {
                out.loadBalancerAttributes = attributes;
            }
            return out;
        },
    },
    "aws:lb/targetGroup:TargetGroup": {
        cfnType: "AWS::ElasticLoadBalancingV2::TargetGroup",
        properties: {
            healthCheck: { movedTo: "HealthCheck*" },
            deregistrationDelay: { movedTo: "TargetGroupAttributes" },
            connectionTermination: { pulumiOnly: "a target group attribute; not reshaped yet" },
            tags,
        },
        reshape: (inputs) => {
            const out: Record<string, unknown> = { ...inputs };
            const health = inputs.healthCheck as Record<string, unknown> | undefined;
            if (health) {
                const set = (pulumi: string, cfn: string, transform?: (v: unknown) => unknown) => {
                    if (health[pulumi] !== undefined) {
                        out[cfn] = from(transform ? transform(health[pulumi]) : health[pulumi], `healthCheck.${pulumi}`);
                    }
                };
                set("enabled", "healthCheckEnabled");
                set("interval", "healthCheckIntervalSeconds");
                set("path", "healthCheckPath");
                set("port", "healthCheckPort");
                set("protocol", "healthCheckProtocol");
                set("timeout", "healthCheckTimeoutSeconds");
                set("healthyThreshold", "healthyThresholdCount");
                set("unhealthyThreshold", "unhealthyThresholdCount");
                set("matcher", "matcher", (v) => ({ httpCode: v }));
            }
            if (inputs.deregistrationDelay !== undefined) {
                out.targetGroupAttributes = [{ key: "deregistration_delay.timeout_seconds", value: from(String(inputs.deregistrationDelay), "deregistrationDelay") }];
            }
            return out;
        },
    },
    "aws:lb/listener:Listener": {
        cfnType: "AWS::ElasticLoadBalancingV2::Listener",
        properties: {
            certificateArn: { movedTo: "Certificates" },
            defaultActions: { nested: listenerActionSpec() },
            tags: { pulumiOnly: "AWS::ElasticLoadBalancingV2::Listener has no Tags" },
        },
        reshape: (inputs) => (inputs.certificateArn === undefined ? inputs : { ...inputs, certificates: [{ certificateArn: from(inputs.certificateArn, "certificateArn") }] }),
    },
    "aws:lb/listenerRule:ListenerRule": {
        cfnType: "AWS::ElasticLoadBalancingV2::ListenerRule",
        properties: {
            actions: { nested: listenerActionSpec() },
            conditions: {
                nested: {
                    hostHeader: { to: "HostHeaderConfig" },
                    pathPattern: { to: "PathPatternConfig" },
                    httpHeader: { to: "HttpHeaderConfig" },
                    httpRequestMethod: { to: "HttpRequestMethodConfig" },
                    queryString: { to: "QueryStringConfig" },
                    sourceIp: { to: "SourceIpConfig" },
                },
            },
            tags: { pulumiOnly: "AWS::ElasticLoadBalancingV2::ListenerRule has no Tags" },
        },
        reshape: (inputs) => {
            // CloudFormation names the condition's kind in `Field`; Pulumi by which block is set.
            const fields: Record<string, string> = { hostHeader: "host-header", pathPattern: "path-pattern", httpHeader: "http-header", httpRequestMethod: "http-request-method", queryString: "query-string", sourceIp: "source-ip" };
            const conditions = Array.isArray(inputs.conditions)
                ? inputs.conditions.map((c: Record<string, unknown>, i: number) => {
                      const kind = Object.keys(fields).find((k) => c[k] !== undefined);
                      return kind ? { field: from(fields[kind], `conditions[${i}].${kind}`), ...c } : c;
                  })
                : inputs.conditions;
            return { ...inputs, conditions };
        },
    },
    "aws:appautoscaling/target:Target": {
        cfnType: "AWS::ApplicationAutoScaling::ScalableTarget",
        properties: { roleArn: { to: "RoleARN" }, tags: { pulumiOnly: "AWS::ApplicationAutoScaling::ScalableTarget has no Tags" } },
    },
    "aws:appautoscaling/policy:Policy": {
        cfnType: "AWS::ApplicationAutoScaling::ScalingPolicy",
        autoName: "PolicyName",
        properties: {
            name: { to: "PolicyName" },
            targetTrackingScalingPolicyConfiguration: {
                nested: { customizedMetricSpecification: { nested: { metrics: { pulumiOnly: "not reshaped yet" } } } },
            },
        },
    },
    "aws:route53/record:Record": {
        cfnType: "AWS::Route53::RecordSet",
        properties: {
            zoneId: { to: "HostedZoneId" },
            ttl: { to: "TTL", as: "string" },
            records: { to: "ResourceRecords" },
            aliases: { to: "AliasTarget", unwrap: true, nested: { name: { to: "DNSName" }, zoneId: { to: "HostedZoneId" } } },
            allowOverwrite: { pulumiOnly: "Pulumi UPSERTs over an existing record; CloudFormation always CREATEs (a provider behaviour)" },
            setIdentifier: { to: "SetIdentifier" },
            healthCheckId: { to: "HealthCheckId" },
        },
    },
    "aws:lambda/function:Function": {
        cfnType: "AWS::Lambda::Function",
        properties: {
            name: { to: "FunctionName" },
            role: { to: "Role" },
            imageUri: { movedTo: "Code" },
            s3Bucket: { movedTo: "Code" },
            s3Key: { movedTo: "Code" },
            s3ObjectVersion: { movedTo: "Code" },
            code: { pulumiOnly: "a local archive Pulumi uploads; CloudFormation takes Code.ZipFile or S3 (an archive is not checkable offline)" },
            sourceCodeHash: { pulumiOnly: "Pulumi's change trigger; not an API input" },
            publish: { pulumiOnly: "a Publish flag of the API call; CloudFormation publishes with AWS::Lambda::Version" },
            skipDestroy: { pulumiOnly: "Pulumi leaves the function on delete; not an API input" },
            replaceSecurityGroupsOnDestroy: { pulumiOnly: "a provider behaviour on delete" },
            replacementSecurityGroupIds: { pulumiOnly: "a provider behaviour on delete" },
            vpcConfig: { nested: { ipv6AllowedForDualStack: { to: "Ipv6AllowedForDualStack" } } },
            environment: { nested: { variables: { keepKeys: true } } },
            imageConfig: {},
            tags,
        },
        reshape: (inputs) => {
            const out: Record<string, unknown> = { ...inputs };
            if (inputs.imageUri !== undefined || inputs.s3Bucket !== undefined) {
                out.code = from({ imageUri: from(inputs.imageUri, "imageUri"), s3Bucket: from(inputs.s3Bucket, "s3Bucket"), s3Key: from(inputs.s3Key, "s3Key"), s3ObjectVersion: from(inputs.s3ObjectVersion, "s3ObjectVersion") }, "imageUri");
            }
            return out;
        },
    },
    "aws:lambda/permission:Permission": {
        cfnType: "AWS::Lambda::Permission",
        properties: {
            function: { to: "FunctionName" },
            statementId: { pulumiOnly: "CloudFormation generates the statement id" },
            statementIdPrefix: { pulumiOnly: "CloudFormation generates the statement id" },
            qualifier: { pulumiOnly: "CloudFormation takes the qualifier inside FunctionName (an ARN with a version or alias)" },
        },
    },
    "aws:ssm/parameter:Parameter": {
        // CloudFormation creates no SecureString parameters, so its schema's Type is String or StringList only
        // and it has no KeyId; PutParameter takes SecureString (API_PutParameter.html). The reshape sends a
        // SecureString as String, so the rest of the schema (Name 1 to 2,048 characters, Value and Type
        // required, the Tier and DataType enumerations, Description up to 1,024 characters) still applies.
        cfnType: "AWS::SSM::Parameter",
        properties: {
            insecureValue: { movedTo: "Value" },
            valueWo: { movedTo: "Value" },
            keyId: { pulumiOnly: "the KMS key of a SecureString parameter; AWS::SSM::Parameter has no KeyId (CloudFormation creates no SecureString parameters)" },
            overwrite: { pulumiOnly: "PutParameter's Overwrite flag (replace an existing parameter); CloudFormation only creates" },
            valueWoVersion: { pulumiOnly: "Pulumi's trigger to send valueWo again; not an API input" },
            arn: { pulumiOnly: "the parameter's ARN, an output of PutParameter (an input only for import)" },
            tags: tagMap,
        },
        reshape: (inputs) => ({
            ...inputs,
            type: from(inputs.type === "SecureString" ? "String" : inputs.type, "type"),
            // The value PutParameter receives: value, insecureValue (not marked secret) or valueWo (write-only).
            value: inputs.value ?? from(inputs.insecureValue, "insecureValue") ?? from(inputs.valueWo, "valueWo"),
        }),
    },
    "aws:dsql/cluster:Cluster": {
        cfnType: "AWS::DSQL::Cluster",
        properties: {
            deletionProtectionEnabled: { to: "DeletionProtectionEnabled" },
            kmsEncryptionKey: { to: "KmsEncryptionKey" },
            tags,
        },
    },
    "aws:scheduler/schedule:Schedule": {
        cfnType: "AWS::Scheduler::Schedule",
        properties: {
            target: { nested: { ecsParameters: { nested: { networkConfiguration: { nested: { awsvpcConfiguration: {} } } } } } },
            tags: { pulumiOnly: "AWS::Scheduler::Schedule has no Tags" },
        },
    },
    "aws:ec2/vpc:Vpc": {
        cfnType: "AWS::EC2::VPC",
        properties: {
            enableDnsHostnames: { to: "EnableDnsHostnames" },
            enableDnsSupport: { to: "EnableDnsSupport" },
            ipv4IpamPoolId: { to: "Ipv4IpamPoolId" },
            assignGeneratedIpv6CidrBlock: { pulumiOnly: "CloudFormation adds the IPv6 block with AWS::EC2::VPCCidrBlock" },
            tags,
        },
    },
    "aws:ec2/subnet:Subnet": {
        cfnType: "AWS::EC2::Subnet",
        properties: {
            mapPublicIpOnLaunch: { to: "MapPublicIpOnLaunch" },
            ipv6CidrBlock: { to: "Ipv6CidrBlock" },
            availabilityZoneId: { to: "AvailabilityZoneId" },
            tags,
        },
    },
    "aws:ec2/internetGateway:InternetGateway": {
        cfnType: "AWS::EC2::InternetGateway",
        properties: {
            vpcId: { pulumiOnly: "CloudFormation attaches the gateway to its VPC with AWS::EC2::VPCGatewayAttachment (VpcId, InternetGatewayId)" },
            tags,
        },
    },
    "aws:ec2/routeTable:RouteTable": {
        cfnType: "AWS::EC2::RouteTable",
        properties: {
            routes: { pulumiOnly: "CloudFormation writes each route as its own AWS::EC2::Route (DestinationCidrBlock, GatewayId)" },
            tags,
        },
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        cfnType: "AWS::EC2::SubnetRouteTableAssociation",
        properties: {},
    },
};

function securityGroupRuleSpec(): Record<string, PropertySpec> {
    return {
        protocol: { movedTo: "IpProtocol" },
        cidrBlocks: { movedTo: "CidrIp" },
        ipv6CidrBlocks: { movedTo: "CidrIpv6" },
        securityGroups: { movedTo: "SourceSecurityGroupId / DestinationSecurityGroupId" },
        prefixListIds: { movedTo: "SourcePrefixListId / DestinationPrefixListId" },
        self: { pulumiOnly: "CloudFormation names the group itself (a Ref to it) instead; the group's own id is not known offline" },
    };
}

/** One CloudFormation rule per peer of each Pulumi rule, each citing where it came from. */
function expandSecurityGroupRules(rules: unknown, property: string, peer: "Source" | "Destination"): unknown {
    if (!Array.isArray(rules)) {
        return rules;
    }
    const out: unknown[] = [];
    rules.forEach((rule: Record<string, unknown>, i) => {
        const at = `${property}[${i}]`;
        const allTraffic = rule.protocol === "-1" || rule.protocol === "all";
        // Pulumi requires ports even for all traffic, where AWS ignores them (0/0 is the idiom): leave those out.
        const ports = allTraffic && rule.fromPort === 0 && rule.toPort === 0 ? {} : { fromPort: from(rule.fromPort, `${at}.fromPort`), toPort: from(rule.toPort, `${at}.toPort`) };
        const base = { ipProtocol: from(rule.protocol, `${at}.protocol`), ...ports, description: from(rule.description, `${at}.description`) };
        const peers: Array<[string, string, string]> = [
            ["cidrBlocks", "cidrIp", ""],
            ["ipv6CidrBlocks", "cidrIpv6", ""],
            ["securityGroups", "SecurityGroupId", peer],
            ["prefixListIds", "PrefixListId", peer],
        ];
        for (const [list, key, prefix] of peers) {
            const values = rule[list];
            if (Array.isArray(values)) {
                values.forEach((value, j) => out.push(from({ ...base, [`${prefix}${key}`]: from(value, `${at}.${list}[${j}]`) }, at)));
            }
        }
        if (rule.self === true) {
            out.push(from({ ...base }, at));
        }
    });
    return out;
}

function listenerActionSpec(): Record<string, PropertySpec> {
    return {
        redirect: { to: "RedirectConfig" },
        fixedResponse: { to: "FixedResponseConfig" },
        forward: { to: "ForwardConfig", nested: { targetGroups: { nested: { arn: { to: "TargetGroupArn" } } } } },
        authenticateCognito: { to: "AuthenticateCognitoConfig", nested: { authenticationRequestExtraParams: { keepKeys: true } } },
        authenticateOidc: { to: "AuthenticateOidcConfig", nested: { authenticationRequestExtraParams: { keepKeys: true } } },
    };
}

function rdsInstanceProperties(): Record<string, PropertySpec> {
    return {
        identifier: { to: "DBInstanceIdentifier" },
        identifierPrefix: { pulumiOnly: "Pulumi generates the name from it; AWS receives only the generated name" },
        instanceClass: { to: "DBInstanceClass" },
        allocatedStorage: { to: "AllocatedStorage", as: "string" },
        // CloudFormation's schema declares the port a string.
        port: { to: "Port", as: "string" },
        dbName: { to: "DBName" },
        dbSubnetGroupName: { to: "DBSubnetGroupName" },
        parameterGroupName: { to: "DBParameterGroupName" },
        username: { to: "MasterUsername" },
        password: { to: "MasterUserPassword" },
        manageMasterUserPassword: { to: "ManageMasterUserPassword" },
        masterUserSecretKmsKeyId: { pulumiOnly: "CloudFormation nests it as MasterUserSecret.KmsKeyId; not reshaped yet" },
        multiAz: { to: "MultiAZ" },
        caCertIdentifier: { to: "CACertificateIdentifier" },
        iamDatabaseAuthenticationEnabled: { to: "EnableIAMDatabaseAuthentication" },
        performanceInsightsEnabled: { to: "EnablePerformanceInsights" },
        performanceInsightsKmsKeyId: { to: "PerformanceInsightsKMSKeyId" },
        kmsKeyId: { to: "KmsKeyId" },
        vpcSecurityGroupIds: { to: "VPCSecurityGroups" },
        engineLifecycleSupport: { to: "EngineLifecycleSupport" },
        applyImmediately: { pulumiOnly: "a modify-call flag (apply now, not in the maintenance window); CloudFormation always applies immediately" },
        skipFinalSnapshot: { pulumiOnly: "a delete-call flag; CloudFormation's twin is DeletionPolicy: Snapshot, which Pulumi does not send" },
        finalSnapshotIdentifier: { pulumiOnly: "a delete-call parameter; CloudFormation's twin is DeletionPolicy: Snapshot" },
        deleteAutomatedBackups: { to: "DeleteAutomatedBackups" },
        blueGreenUpdate: { pulumiOnly: "a provider update strategy; not an API input of CreateDBInstance" },
        tags,
    };
}

/** Pulumi types with no CloudFormation twin, and why; other rules check them. */
export const NO_CLOUDFORMATION_TWIN: Record<string, string> = {
    "pulumi:providers:aws": "a Pulumi provider configuration, not an AWS resource",
    "docker-build:index:Image": "a Docker build and push, done by the Docker engine; CloudFormation does not build images",
    "aws:acm/certificateValidation:CertificateValidation": "a wait for ACM to issue the certificate, not an API resource (CloudFormation waits inside AWS::CertificateManager::Certificate)",
    "aws:rds/instanceDesiredState:InstanceDesiredState": "a provider-side StartDBInstance/StopDBInstance call; CloudFormation cannot stop an instance",
    "aws:s3/bucketObjectv2:BucketObjectv2": "an object upload (PutObject); CloudFormation has no object resource",
    "pulumi-nodejs:dynamic/shoestring:SiteSync": "a site's object uploads and deletions (PutObject, DeleteObjects) and CloudFront invalidations, made by the program's own dynamic provider; CloudFormation has no object resource",
};

/** Why a resource is left out of the template, or undefined when it is mapped. */
export function noTwinReason(resource: Pick<RuleResource, "type" | "custom">): string | undefined {
    if (!resource.custom) {
        return "a component resource: a grouping in the Pulumi program, with nothing sent to AWS";
    }
    return NO_CLOUDFORMATION_TWIN[resource.type];
}

/** Where a CloudFormation property came from. */
export interface PropertyOrigin {
    /** The Pulumi resource it came from (for merged sub-resources: the sub-resource). */
    urn: string;
    /** Its Pulumi property path (`containerDefinitions[0].secrets`); "" for the resource as a whole. */
    property: string;
}

/** What `toCloudFormation` produced. */
export interface CloudFormationTemplate {
    template: {
        AWSTemplateFormatVersion: string;
        Parameters?: Record<string, { Type: string; Description: string }>;
        Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    /** Logical id -> URN of the Pulumi resource it stands for. */
    logicalIds: Record<string, string>;
    /** Logical id -> CloudFormation property path (as the validator reports it: `Properties.ContainerDefinitions.0.Secrets`) -> origin. */
    paths: Record<string, Record<string, PropertyOrigin>>;
    /** Resources not in the template, with the reason. */
    skipped: Array<{ urn: string; type: string; reason: string }>;
}

export interface MappingOptions {
    /**
     * Values known to be stand-ins rather than what AWS would receive; they
     * are treated like unknown values. Default: none (the offline engine's
     * ids are shaped like AWS's, so the validator checks them as they are).
     */
    isStandIn?: (value: string) => boolean;
}

/** The first letter upper-cased: CloudFormation's usual spelling of a Pulumi (camelCase) name. */
export function pascal(name: string): string {
    return name.length === 0 ? name : name[0].toUpperCase() + name.slice(1);
}

/** A logical id from a Pulumi name: alphanumerics only, in PascalCase segments. */
function logicalIdFor(name: string, taken: Set<string>): string {
    const base = name.split(/[^A-Za-z0-9]+/).filter(Boolean).map(pascal).join("").slice(0, 200) || "Resource";
    let id = /^[A-Za-z]/.test(base) ? base : `R${base}`;
    for (let n = 2; taken.has(id); n++) {
        id = `${base}${n}`;
    }
    taken.add(id);
    return id;
}

/** Pulumi's auto-name for a resource: its name plus a 7-character random suffix. */
function autoNamed(name: string): string {
    return `${name}-a1b2c3d`;
}

/**
 * Turns resources into a CloudFormation template, with the maps needed to
 * report the validator's findings back on Pulumi resources and properties.
 *
 * Unknown values (and stand-ins) become a `Ref` to a String parameter of
 * their own, rather than a `Ref`/`Fn::GetAtt` to the resource they come from:
 * which attribute a Pulumi output is (a role's name or ARN, a group's id) is
 * not in the record, and cfn-lint checks a Ref's format against the
 * destination (E1041), so a wrong guess would be a false error. A parameter
 * is what the validator treats as "known at deploy time": it checks the
 * property is present, not its value. Dropping the property instead would
 * turn it into a false "required property" error.
 */
export function toCloudFormation(resources: RuleResource[], options: MappingOptions = {}): CloudFormationTemplate {
    const isStandIn = options.isStandIn ?? (() => false);
    const result: CloudFormationTemplate = { template: { AWSTemplateFormatVersion: "2010-09-09", Resources: {} }, logicalIds: {}, paths: {}, skipped: [] };
    const taken = new Set<string>();
    const byUrn = new Map<string, string>();
    const parameters: Record<string, { Type: string; Description: string }> = {};

    const emit = (logicalId: string, urn: string, cfnType: string): Record<string, unknown> => {
        const properties: Record<string, unknown> = {};
        result.template.Resources[logicalId] = { Type: cfnType, Properties: properties };
        result.logicalIds[logicalId] = urn;
        result.paths[logicalId] = { Properties: { urn, property: "" } };
        return properties;
    };

    const convertInto = (resource: RuleResource, mapping: TypeMapping, logicalId: string, cfnBase: string): Record<string, unknown> => {
        const inputs = mapping.reshape ? mapping.reshape(resource.inputs) : resource.inputs;
        const context: ConvertContext = {
            origin: (cfnPath, property) => {
                result.paths[logicalId][cfnPath] = { urn: resource.urn, property };
            },
            unresolved: (property, standIn) => {
                const name = `Unknown${Object.keys(parameters).length + 1}`;
                const sources = resource.propertyDependencies[topProperty(property)] ?? [];
                const what = standIn ? "an offline stand-in" : `known at deployment${sources.length ? ` (from ${sources.join(", ")})` : ""}`;
                parameters[name] = { Type: "String", Description: `${resource.name}.${property}: ${what}` };
                return { Ref: name };
            },
            isStandIn,
        };
        const spec: PropertySpec = { nested: { ...COMMON_PULUMI_PROPERTIES, ...mapping.properties } };
        const converted = convertObject(inputs, spec, cfnBase, "", context);
        if (mapping.autoName && converted[mapping.autoName] === undefined) {
            converted[mapping.autoName] = autoNamed(resource.name);
            context.origin(`${cfnBase}.${mapping.autoName}`, "name");
        }
        return { ...mapping.fixed, ...converted };
    };

    // Resources first, then the sub-resources merged into them.
    const merged: RuleResource[] = [];
    for (const resource of resources) {
        const reason = noTwinReason(resource);
        if (reason !== undefined) {
            result.skipped.push({ urn: resource.urn, type: resource.type, reason });
            continue;
        }
        const mapping = CLOUDFORMATION_MAPPINGS[resource.type];
        if (!mapping) {
            result.skipped.push({ urn: resource.urn, type: resource.type, reason: "no CloudFormation mapping yet" });
            continue;
        }
        if (mapping.merge) {
            merged.push(resource);
            continue;
        }
        const logicalId = logicalIdFor(resource.name, taken);
        byUrn.set(resource.urn, logicalId);
        const properties = emit(logicalId, resource.urn, mapping.cfnType);
        const converted = mapping.wrapIn ? { [mapping.wrapIn]: convertInto(resource, mapping, logicalId, `Properties.${mapping.wrapIn}`) } : convertInto(resource, mapping, logicalId, "Properties");
        if (mapping.wrapIn) {
            result.paths[logicalId][`Properties.${mapping.wrapIn}`] = { urn: resource.urn, property: "" };
        }
        Object.assign(properties, converted);
    }

    for (const resource of merged) {
        const mapping = CLOUDFORMATION_MAPPINGS[resource.type];
        const merge = mapping.merge!;
        const targetUrn = (resource.propertyDependencies[merge.via] ?? []).find((urn) => byUrn.has(urn) && resources.some((r) => r.urn === urn && r.type === merge.targetType));
        let logicalId = targetUrn ? byUrn.get(targetUrn) : undefined;
        if (logicalId === undefined) {
            if (!merge.standalone) {
                result.skipped.push({ urn: resource.urn, type: resource.type, reason: `its ${merge.targetType} is not in the program, and CloudFormation has no resource for it alone` });
                continue;
            }
            logicalId = logicalIdFor(resource.name, taken);
            const properties = emit(logicalId, resource.urn, merge.standalone.type);
            properties[merge.standalone.identity] = resource.inputs[merge.via];
            result.paths[logicalId][`Properties.${merge.standalone.identity}`] = { urn: resource.urn, property: merge.via };
        }
        const properties = result.template.Resources[logicalId].Properties;
        if (merge.fromProperty) {
            const value = merge.fromProperty.split(".").reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), resource.inputs);
            const cfnPath = `Properties.${merge.at}`;
            properties[merge.at] = convertInto({ ...resource, inputs: { value } }, { cfnType: mapping.cfnType, properties: { value: { to: "Value" } } }, logicalId, cfnPath).Value;
            result.paths[logicalId][cfnPath] = { urn: resource.urn, property: merge.fromProperty };
        } else if (merge.append) {
            const list = (properties[merge.at] as unknown[] | undefined) ?? [];
            properties[merge.at] = list;
            const cfnPath = `Properties.${merge.at}.${list.length}`;
            const context = convertInto({ ...resource, inputs: { value: resource.inputs[merge.append] } }, { cfnType: mapping.cfnType, properties: { value: { to: "Value" } } }, logicalId, cfnPath);
            list.push(context.Value);
            result.paths[logicalId][cfnPath] = { urn: resource.urn, property: merge.append };
        } else {
            properties[merge.at] = convertInto(resource, mapping, logicalId, `Properties.${merge.at}`);
            result.paths[logicalId][`Properties.${merge.at}`] = { urn: resource.urn, property: "" };
        }
    }

    if (Object.keys(parameters).length > 0) {
        result.template.Parameters = parameters;
    }
    return result;
}

/** Properties every AWS resource may have, with their specs. */
const COMMON_PULUMI_PROPERTIES: Record<string, PropertySpec> = Object.fromEntries(Object.entries(COMMON_PULUMI_ONLY).map(([k, reason]) => [k, { pulumiOnly: reason }]));

interface ConvertContext {
    origin(cfnPath: string, pulumiPath: string): void;
    unresolved(pulumiPath: string, standIn: boolean): unknown;
    isStandIn(value: string): boolean;
}

function topProperty(path: string): string {
    return /^[^.[]*/.exec(path)![0];
}

function joinPulumi(base: string, key: string): string {
    return base === "" ? key : `${base}.${key}`;
}

/** Converts an object's properties by their specs (default: PascalCase names, recursively). */
function convertObject(value: Record<string, unknown>, spec: PropertySpec, cfnBase: string, pulumiBase: string, context: ConvertContext): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
        if (inner === undefined || inner === null) {
            continue;
        }
        const sub: PropertySpec = (spec.keepKeys ? {} : spec.nested?.[key]) ?? {};
        // A reshaped value is CloudFormation's, even where the Pulumi property of that name has no twin.
        if (!(inner instanceof Reshaped) && (sub.pulumiOnly !== undefined || sub.movedTo !== undefined)) {
            continue;
        }
        const cfnKey = spec.keepKeys ? key : sub.to ?? pascal(key);
        const cfnPath = `${cfnBase}.${cfnKey}`;
        const pulumiPath = joinPulumi(pulumiBase, key);
        const converted = convertValue(inner, sub, cfnPath, pulumiPath, context);
        if (converted !== undefined) {
            out[cfnKey] = converted;
        }
    }
    return out;
}

function convertValue(value: unknown, spec: PropertySpec, cfnPath: string, pulumiPath: string, context: ConvertContext): unknown {
    if (value instanceof Reshaped) {
        pulumiPath = value.from;
        value = value.value;
    }
    context.origin(cfnPath, pulumiPath);
    if (value === UNKNOWN_VALUE || (typeof value === "string" && context.isStandIn(value))) {
        return context.unresolved(pulumiPath, value !== UNKNOWN_VALUE);
    }
    let current = value;
    if (spec.json && typeof current === "string") {
        try {
            current = JSON.parse(current);
        } catch {
            // Not JSON: the validator reports the string where an object belongs.
            return current;
        }
    }
    if (spec.items && current !== null && typeof current === "object" && !Array.isArray(current)) {
        const items = (current as { items?: unknown }).items;
        pulumiPath = `${pulumiPath}.items`;
        current = items;
    }
    if (spec.unwrap && Array.isArray(current)) {
        if (current.length === 0) {
            return undefined;
        }
        pulumiPath = `${pulumiPath}[0]`;
        current = current[0];
    }
    if (spec.wrap && !Array.isArray(current)) {
        return [convertValue(current, { ...spec, wrap: false }, `${cfnPath}.0`, pulumiPath, context)];
    }
    if (spec.verbatim) {
        return current;
    }
    if (spec.tagList && current !== null && typeof current === "object" && !Array.isArray(current)) {
        return Object.entries(current as Record<string, unknown>).map(([key, v], i) => {
            context.origin(`${cfnPath}.${i}`, `${pulumiPath}.${key}`);
            return { Key: key, Value: convertValue(v, {}, `${cfnPath}.${i}.Value`, `${pulumiPath}.${key}`, context) };
        });
    }
    if (Array.isArray(current)) {
        const elementSpec: PropertySpec = { ...spec, json: false, items: false, unwrap: false, wrap: false };
        return current.map((element, i) => convertValue(element, elementSpec, `${cfnPath}.${i}`, `${pulumiPath}[${i}]`, context));
    }
    if (current !== null && typeof current === "object") {
        return convertObject(current as Record<string, unknown>, spec, cfnPath, pulumiPath, context);
    }
    if (spec.as === "string" && typeof current === "number") {
        return String(current);
    }
    if (spec.as === "number" && typeof current === "string" && /^-?\d+(\.\d+)?$/.test(current)) {
        return Number(current);
    }
    return current;
}

/** Whether a Pulumi property is checked by the CloudFormation validator. */
export type CloudFormationCoverage = { kind: "mapped" } | { kind: "pulumi-only"; reason: string };

/**
 * Whether the validator checks a Pulumi property (`mapped`), or the property
 * has no CloudFormation twin (`pulumi-only`, with the reason); undefined when
 * the type is not mapped at all. A property the table does not name is mapped
 * by the default rule (PascalCase); if CloudFormation has no such property the
 * validator reports it (F3002), so "mapped" is never a silent pass.
 */
export function cloudFormationCoverage(type: string, pulumiPropertyPath: string): CloudFormationCoverage | undefined {
    const mapping = CLOUDFORMATION_MAPPINGS[type];
    if (!mapping) {
        return undefined;
    }
    const segments = pulumiPropertyPath.replace(/\[\d+\]/g, "").split(".").filter(Boolean);
    let spec: PropertySpec | undefined = { nested: { ...COMMON_PULUMI_PROPERTIES, ...mapping.properties } };
    for (const segment of segments) {
        if (spec === undefined || spec.verbatim || spec.keepKeys) {
            break;
        }
        spec = spec.nested?.[segment];
        if (spec?.pulumiOnly !== undefined) {
            return { kind: "pulumi-only", reason: spec.pulumiOnly };
        }
    }
    return { kind: "mapped" };
}

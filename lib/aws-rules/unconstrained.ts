/**
 * Properties the program sets that neither AWS's CloudFormation validator
 * nor an AWS rule checks, each with why no check is owed and the source that
 * says so. The coverage test fails on a property missing from all three.
 */

export interface Unconstrained {
    /** Why AWS puts no constraint on it (or never sees it). */
    reason: string;
    source: string;
}

const DYNAMIC = "https://www.pulumi.com/docs/iac/concepts/resources/dynamic-providers/";
const DOCKER_BUILD = "https://www.pulumi.com/registry/packages/docker-build/api-docs/image/";

export const UNCONSTRAINED: Record<string, Record<string, Unconstrained>> = {
    "aws:acm/certificateValidation:CertificateValidation": {
        certificateArn: { reason: "not an AWS call: the provider waits for the certificate (DescribeCertificate) to be issued", source: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/acm_certificate_validation" },
        validationRecordFqdns: { reason: "not sent to AWS: the provider compares them with the records ACM asked for", source: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/acm_certificate_validation" },
    },
    "aws:s3/bucketObjectv2:BucketObjectv2": {
        bucket: { reason: "names a bucket of the program (checked as that bucket, and by aws-dependency-order)", source: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html" },
        cacheControl: { reason: "any Cache-Control header value (RFC 9111); S3 stores it as given", source: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html" },
        contentType: { reason: "any MIME type; S3 stores it as given", source: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html" },
        content: { reason: "the object's bytes; a single PUT takes up to 5 GB, far above a site file", source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html" },
        source: { reason: "a local file the provider reads and sends as the object's bytes (up to 5 GB in one PUT)", source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html" },
    },
    "pulumi-nodejs:dynamic/shoestring:SiteSync": {
        __provider: { reason: "not sent to AWS: the dynamic provider's code, serialized by Pulumi", source: DYNAMIC },
        bucket: { reason: "names a bucket of the program (checked as that bucket, and by aws-dependency-order)", source: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html" },
        region: { reason: "not sent to AWS: the region the S3 client calls, the bucket's own", source: DYNAMIC },
        profile: { reason: "not sent to AWS: the local credentials profile the clients sign with (the stack's aws:profile)", source: DYNAMIC },
        distributionId: { reason: "names a distribution of the program (CreateInvalidation's DistributionId)", source: "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateInvalidation.html" },
        directory: { reason: "not sent to AWS: the local directory the files are read from", source: DYNAMIC },
        graceSeconds: { reason: "not sent to AWS: how long the provider keeps removed files before deleting them", source: DYNAMIC },
        maxInvalidationPaths: { reason: "not sent to AWS: above it the provider sends one /* (CloudFront counts a wildcard as one path)", source: "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PayingForInvalidation.html" },
    },
    "docker-build:index:Image": {
        buildArgs: { reason: "not sent to AWS: Docker build arguments", source: DOCKER_BUILD },
        buildOnPreview: { reason: "not sent to AWS: a provider setting", source: DOCKER_BUILD },
        exports: { reason: "not sent to AWS: where the build result goes (cacheonly: the build cache only)", source: DOCKER_BUILD },
        context: { reason: "not sent to AWS: the local build context", source: DOCKER_BUILD },
        dockerfile: { reason: "not sent to AWS: the local Dockerfile", source: DOCKER_BUILD },
        network: { reason: "not sent to AWS: the build's network mode", source: DOCKER_BUILD },
        platforms: { reason: "not sent to AWS: the build's target platforms (checked where the image runs: the task definition's runtimePlatform, and a Lambda function's architectures by aws-lambda-image-manifest and aws-lambda-image-architecture)", source: DOCKER_BUILD },
        push: { reason: "not sent to AWS: whether to push", source: DOCKER_BUILD },
        registries: { reason: "the ECR login from GetAuthorizationToken, used by Docker as given", source: "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html" },
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
        // No CloudFormation twin: the provider adopts the VPC's default group and revokes the rules not listed.
        egress: { reason: "an empty list: the provider revokes every egress rule of the VPC's default group (RevokeSecurityGroupEgress), sending no rule of its own", source: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group" },
        ingress: { reason: "an empty list: the provider revokes every ingress rule of the VPC's default group (RevokeSecurityGroupIngress), sending no rule of its own", source: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group" },
        vpcId: { reason: "not sent to AWS as given: the provider looks the VPC's default group up by it (DescribeSecurityGroups, filter vpc-id); it names the program's VPC", source: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group" },
        tags: { reason: "EC2 tags (CreateTags): the project tags are checked by lib/tags.ts tagProblem when made, and Name is the program's component name", source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTags.html" },
    },
    "pulumi:providers:aws": {
        skipCredentialsValidation: { reason: "not sent to AWS: a provider setting", source: "https://www.pulumi.com/registry/packages/aws/api-docs/provider/" },
        skipRegionValidation: { reason: "not sent to AWS: a provider setting", source: "https://www.pulumi.com/registry/packages/aws/api-docs/provider/" },
    },
};

/** Why a property needs no check, when it needs none. */
export function unconstrained(type: string, property: string): Unconstrained | undefined {
    return UNCONSTRAINED[type]?.[property.split(/[.[]/)[0]];
}

/**
 * The tags every taggable AWS resource of a stack carries: which project
 * and which stack it belongs to. The bootstrap's deploy role writes only
 * to resources with the project tag (`aws:ResourceTag/shoestring:project`),
 * so these tags are part of the permission model, not just for billing.
 */
import * as pulumi from "@pulumi/pulumi";

/** The tag naming the Pulumi project a resource belongs to; the deploy role's writes are conditioned on it. */
export const PROJECT_TAG = "shoestring:project";
/** The tag naming the stack a resource belongs to. */
export const STACK_TAG = "shoestring:stack";
/** The tag naming the stack's profile (a cost-allocation tag: Cost Explorer groups the bill by it as the plan does). */
export const PROFILE_TAG = "shoestring:profile";

/** The type token of an explicit AWS provider; the tags go into its `defaultTags`. */
export const AWS_PROVIDER_TYPE = "pulumi:providers:aws";

/**
 * Resource types whose arguments take `tags` (from `@pulumi/aws`'s declared
 * inputs; `test/lib/tags.test.ts` checks the list against them for
 * every type the program registers). S3 objects are left out on purpose:
 * object tags are billed per tag and month, and the deploy role's object
 * writes do not depend on them.
 */
export const TAGGABLE_TYPES: ReadonlySet<string> = new Set([
    "aws:acm/certificate:Certificate",
    "aws:apigatewayv2/api:Api",
    "aws:apigatewayv2/domainName:DomainName",
    "aws:apigatewayv2/stage:Stage",
    "aws:apigatewayv2/vpcLink:VpcLink",
    "aws:appautoscaling/target:Target",
    "aws:cloudfront/distribution:Distribution",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:dsql/cluster:Cluster",
    "aws:dynamodb/table:Table",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/vpc:Vpc",
    "aws:ecr/repository:Repository",
    "aws:ecs/cluster:Cluster",
    "aws:ecs/service:Service",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "aws:iam/policy:Policy",
    "aws:iam/role:Role",
    "aws:lambda/function:Function",
    "aws:lb/listener:Listener",
    "aws:lb/listenerRule:ListenerRule",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:rds/instance:Instance",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:s3/bucket:Bucket",
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    "aws:ssm/parameter:Parameter",
    "aws:servicediscovery/service:Service",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
]);

/** Types that take `tags` but are not tagged, with the reason (the test accepts these as deliberate). */
export const UNTAGGED_TYPES: Readonly<Record<string, string>> = {
    "aws:s3/bucketObjectv2:BucketObjectv2": "object tags are billed per tag-month; access to objects follows the bucket",
};

/**
 * Characters AWS allows in tag keys and values (letters, digits, spaces
 * and `_ . : / = + - @`), at most 128 characters for keys and 256 for
 * values; keys may not start with `aws:` (Tagging AWS resources, "Tag
 * naming limits and requirements":
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html).
 */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Why a tag key or value is not one AWS accepts, or undefined. */
export function tagProblem(key: string, value: string): string | undefined {
    if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
        return `tag key "${key}" must be 1-128 letters, digits, spaces or _ . : / = + - @`;
    }
    if (/^aws:/i.test(key)) {
        return `tag key "${key}" may not start with "aws:" (reserved for AWS)`;
    }
    if (value.length > 256 || !TAG_TEXT.test(value)) {
        return `tag value "${value}" of ${key} must be at most 256 letters, digits, spaces or _ . : / = + - @`;
    }
    return undefined;
}

/** The project, stack and profile tags; throws naming the value AWS would refuse. */
export function projectTags(project: string, stack: string, profile: string): Record<string, string> {
    const tags = { [PROJECT_TAG]: project, [STACK_TAG]: stack, [PROFILE_TAG]: profile };
    for (const [key, value] of Object.entries(tags)) {
        const problem = tagProblem(key, value);
        if (problem) {
            throw new Error(`project tags: ${problem}`);
        }
    }
    return tags;
}

/**
 * A resource's arguments with the project tags added, for the taggable
 * types (others unchanged). The project tags win over tags of the same key
 * a component set: they are what the deploy role trusts.
 */
export function withProjectTags<T extends Record<string, unknown>>(type: string, props: T, tags: Record<string, string>): T {
    if (type === AWS_PROVIDER_TYPE) {
        // Explicit providers (the us-east-1 one of the CloudFront certificate)
        // tag whatever is created through them, listed type or not. A
        // provider's object inputs arrive as JSON text (aws.Provider encodes them).
        const encoded = pulumi.output(props.defaultTags as pulumi.Input<string | undefined>);
        return {
            ...props,
            defaultTags: encoded.apply((json) => {
                const defaults = (json ? JSON.parse(json) : {}) as { tags?: Record<string, string> };
                return JSON.stringify({ ...defaults, tags: { ...(defaults.tags ?? {}), ...tags } });
            }),
        };
    }
    if (!TAGGABLE_TYPES.has(type)) {
        return props;
    }
    const existing = props.tags;
    return { ...props, tags: existing === undefined ? tags : mergeTags(existing, tags) };
}

/** Merges plain or promised tag maps (a component's tags may be an Output). */
function mergeTags(existing: unknown, tags: Record<string, string>): pulumi.Input<Record<string, string>> {
    return pulumi.output(existing as pulumi.Input<Record<string, string> | undefined>).apply((v) => ({ ...(v ?? {}), ...tags }));
}

/**
 * Adds the tags to every taggable resource registered after this call,
 * components' children included (a stack transformation runs in the
 * program's process, so the offline record shows the tags too).
 */
export function tagEveryResource(tags: Record<string, string>): void {
    pulumi.runtime.registerStackTransformation((args) => ({ props: withProjectTags(args.type, args.props, tags), opts: args.opts }));
}

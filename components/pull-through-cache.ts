import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ECR_PUBLIC, PULL_THROUGH_PREFIX, throughPullThroughCache } from "../lib/images";
import { Transform, transformed } from "../lib/transform";

export interface PullThroughCacheArgs {
    /**
     * Repository prefix of the cached images in the private registry.
     *
     * @default "ecr-public"
     */
    prefix?: string;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The pull-through cache rule (set the prefix with `prefix`, which `rewrite` uses too). */
        rule?: Transform<aws.ecr.PullThroughCacheRuleArgs>;
    };
}

/**
 * An ECR pull-through cache rule mirroring ECR Public (where Docker's official
 * images are replicated) into the account's private registry.
 *
 * Tasks then pull public base images from their own region's ECR, so a
 * public registry outage or rate limit does not stop a task from starting.
 * Cost: cached images are billed as ECR storage ($0.10/GB-month); the rule is
 * free. The first pull of an image needs `ecr:CreateRepository` and
 * `ecr:BatchImportUpstreamImage` on `repositoryArnPattern`.
 */
export class PullThroughCache extends pulumi.ComponentResource {
    readonly rule: aws.ecr.PullThroughCacheRule;
    /** The private registry host, `<account>.dkr.ecr.<region>.amazonaws.com`. */
    readonly registry: pulumi.Output<string>;
    /** Registry URL plus prefix: what replaces `public.ecr.aws` in an image reference. */
    readonly mirrorUrl: pulumi.Output<string>;
    /** ARN pattern of the repositories the cache creates (for IAM). */
    readonly repositoryArnPattern: pulumi.Output<string>;
    private readonly prefix: string;

    constructor(name: string, args: PullThroughCacheArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:PullThroughCache", name, {}, opts);
        this.prefix = args.prefix ?? PULL_THROUGH_PREFIX;
        this.rule = new aws.ecr.PullThroughCacheRule(
            ...transformed(args.transform?.rule, name, { ecrRepositoryPrefix: this.prefix, upstreamRegistryUrl: ECR_PUBLIC }, { parent: this }),
        );
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this });
        this.registry = pulumi.interpolate`${identity.accountId}.dkr.ecr.${region.region}.amazonaws.com`;
        // Through the rule's own output, so whatever pulls through the mirror
        // (an image build's base image) waits until the rule exists.
        this.mirrorUrl = pulumi.interpolate`${this.registry}/${this.rule.ecrRepositoryPrefix}`;
        this.repositoryArnPattern = pulumi.interpolate`arn:aws:ecr:${region.region}:${identity.accountId}:repository/${this.rule.ecrRepositoryPrefix}/*`;
        this.registerOutputs({ registry: this.registry, mirrorUrl: this.mirrorUrl });
    }

    /** The reference to pull a public image through this cache (others unchanged). */
    rewrite(image: string): pulumi.Output<string> {
        // The rule must exist before the first pull through it.
        return pulumi.all([this.registry, this.rule.id]).apply(([registry]) => throughPullThroughCache(image, registry, this.prefix));
    }
}

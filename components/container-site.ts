import * as pulumi from "@pulumi/pulumi";
import { ECR_PUBLIC } from "../lib/images";
import { ContainerImage, ContainerImageArgs } from "./container-image";
import { FargateService, FargateServiceArgs } from "./fargate-service";

export interface ContainerSiteArgs extends Omit<FargateServiceArgs, "image" | "environment" | "secrets" | "parameterArns" | "secretArns" | "taskPolicyStatements" | "discoveryNamespaceId" | "transform"> {
    /** The repository the nginx image is pushed to. */
    repositoryUrl: pulumi.Input<string>;
    /** Absolute path of the Docker build context (a multi-stage nginx Dockerfile). */
    context: string;
    /** @default "Dockerfile" */
    dockerfile?: string;
    /**
     * Contents of `/config.json`, passed as the `RUNTIME_CONFIG` build
     * argument: the API URL comes from the stack, not a hand-typed
     * `--build-arg`. Build-time values are `ARG`s, not `ENV`s: nginx only
     * serves files, and fewer layers are less to push.
     */
    runtimeConfig: pulumi.Input<string>;
    /**
     * The mirror URL of a pull-through cache of ECR Public
     * (`PullThroughCache.mirrorUrl`): the Dockerfile's base images (its
     * `REGISTRY` argument) then come through it, pinned ones pulled by tag
     * first (see `ContainerImageArgs.pullThroughCache`).
     *
     * @default undefined (straight from public.ecr.aws)
     */
    pullThroughCache?: pulumi.Input<string>;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The nginx image's build (see `ContainerImageArgs.transform`). */
        image?: ContainerImageArgs["transform"];
        /** The service's children (see `FargateServiceArgs.transform`). */
        service?: FargateServiceArgs["transform"];
    };
}

/**
 * The frontend as an nginx container on Fargate behind the load balancer:
 * the image is built from the site's Dockerfile during `pulumi up`, pushed to
 * ECR and run as a service.
 *
 * Cost: a whole Fargate task (at least 0.25 vCPU / 0.5 GB, about $0.30/day
 * on demand plus its public IPv4) to serve a few MB of files, which is why
 * the cheap profile serves them from S3 and CloudFront instead.
 */
export class ContainerSite extends pulumi.ComponentResource {
    readonly image: ContainerImage;
    readonly service: FargateService;

    constructor(name: string, args: ContainerSiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:ContainerSite", name, {}, opts);
        const { repositoryUrl, context, dockerfile, runtimeConfig, pullThroughCache, transform, ...serviceArgs } = args;
        this.image = new ContainerImage(
            `${name}-image`,
            {
                repositoryUrl,
                context,
                dockerfile,
                architecture: args.architecture ?? "x86_64",
                buildArgs: { RUNTIME_CONFIG: runtimeConfig, REGISTRY: pullThroughCache ?? ECR_PUBLIC },
                pullThroughCache,
                transform: transform?.image,
            },
            { parent: this },
        );
        this.service = new FargateService(name, { ...serviceArgs, image: this.image.imageRef, transform: transform?.service }, { parent: this });
        this.registerOutputs({ serviceName: this.service.serviceName });
    }
}

import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { Architecture } from "../lib/settings";

export interface ContainerImageArgs {
    /** The repository URL to push to (`ImageRepository.repositoryUrl`). */
    repositoryUrl: pulumi.Input<string>;
    /** Absolute path of the Docker build context. */
    context: string;
    /**
     * The Dockerfile, relative to the context.
     *
     * @default "Dockerfile"
     */
    dockerfile?: string;
    /** The CPU architecture the image is built for; must match the task's. */
    architecture: Architecture;
    /**
     * Build arguments (`ARG` in the Dockerfile). Values may come from other
     * resources' outputs, such as the API URL the frontend is built against.
     */
    buildArgs?: Record<string, pulumi.Input<string>>;
    /**
     * Tag pushed besides the digest.
     *
     * @default "latest"
     */
    tag?: string;
}

/**
 * Builds an image from a Docker build context during `pulumi up` and pushes
 * it to ECR. `imageRef` is pinned by digest, so a changed image is a changed
 * task definition and a new deployment; the same image is no change at all.
 *
 * Needs a Docker engine (with buildx) where `pulumi up` runs. The build
 * pulls base images with the same ECR credentials, so Dockerfiles can use the
 * pull-through cache through a `REGISTRY` build argument.
 */
export class ContainerImage extends pulumi.ComponentResource {
    readonly image: dockerBuild.Image;
    /** `<repository>@sha256:<digest>` */
    readonly imageRef: pulumi.Output<string>;

    constructor(name: string, args: ContainerImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:ContainerImage", name, {}, opts);
        const registryHost = pulumi.output(args.repositoryUrl).apply((url) => url.split("/")[0]);
        const auth = aws.ecr.getAuthorizationTokenOutput({}, { parent: this });
        this.image = new dockerBuild.Image(
            name,
            {
                context: { location: args.context },
                dockerfile: { location: `${args.context}/${args.dockerfile ?? "Dockerfile"}` },
                platforms: [args.architecture === "arm64" ? "linux/arm64" : "linux/amd64"],
                buildArgs: args.buildArgs,
                tags: [pulumi.interpolate`${args.repositoryUrl}:${args.tag ?? "latest"}`],
                push: true,
                buildOnPreview: false,
                registries: [{ address: registryHost, username: auth.userName, password: pulumi.secret(auth.password) }],
            },
            { parent: this },
        );
        this.imageRef = this.image.ref;
        this.registerOutputs({ imageRef: this.imageRef });
    }
}

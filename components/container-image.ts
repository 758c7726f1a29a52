import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import { registryBaseImages } from "../lib/images";
import { Architecture } from "../lib/settings";
import { Transform, transformed } from "../lib/transform";

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
    /**
     * The pull-through cache's mirror URL (`PullThroughCache.mirrorUrl`),
     * when the Dockerfile's `${REGISTRY}` base images come through it. Base
     * images pinned by tag and digest are then pulled by tag first: a
     * pull-through cache fetches an image it does not hold yet only by tag,
     * never by digest (aws/containers-roadmap#2837), so each pinned image
     * gets a small build-cache-only step (`<name>-warm-<n>`, nothing pushed,
     * no cost) that the real build waits for.
     *
     * @default undefined (base images come straight from the registry)
     */
    pullThroughCache?: pulumi.Input<string>;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The image build and push. */
        image?: Transform<dockerBuild.ImageArgs>;
        /** Each cache-only build that warms the pull-through cache (`<name>-warm-<n>`). */
        warmImage?: Transform<dockerBuild.ImageArgs>;
    };
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
        const dockerfile = `${args.context}/${args.dockerfile ?? "Dockerfile"}`;
        const platform: dockerBuild.Platform = args.architecture === "arm64" ? "linux/arm64" : "linux/amd64";
        const registries = [{ address: registryHost, username: auth.userName, password: pulumi.secret(auth.password) }];
        const warm = args.pullThroughCache === undefined ? [] : this.warmPullThroughCache(name, args.pullThroughCache, dockerfile, platform, registries, args.transform?.warmImage);
        this.image = new dockerBuild.Image(
            ...transformed(args.transform?.image, name, {
                context: { location: args.context },
                dockerfile: { location: dockerfile },
                platforms: [platform],
                buildArgs: args.buildArgs,
                tags: [pulumi.interpolate`${args.repositoryUrl}:${args.tag ?? "latest"}`],
                push: true,
                buildOnPreview: false,
                registries,
            }, { parent: this, dependsOn: warm }),
        );
        this.imageRef = this.image.ref;
        this.registerOutputs({ imageRef: this.imageRef });
    }

    /** One cache-only build per pinned base image, `FROM <mirror>/<repository>:<tag>`: the cache then holds the tag's image, digest included. */
    private warmPullThroughCache(name: string, mirror: pulumi.Input<string>, dockerfile: string, platform: dockerBuild.Platform, registries: dockerBuild.types.input.RegistryArgs[], transform?: Transform<dockerBuild.ImageArgs>): dockerBuild.Image[] {
        const { pinned } = registryBaseImages(fs.readFileSync(dockerfile, "utf8"));
        return pinned.map(
            (base, i) =>
                new dockerBuild.Image(
                    ...transformed(transform, `${name}-warm-${i + 1}`, {
                        dockerfile: { inline: pulumi.interpolate`FROM ${mirror}/${base.repository}:${base.tag}\n` },
                        platforms: [platform],
                        push: false,
                        exports: [{ cacheonly: {} }],
                        buildOnPreview: false,
                        registries,
                    }, { parent: this }),
                ),
        );
    }
}

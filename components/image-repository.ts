import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Transform, transformed } from "../lib/transform";

export interface ImageRepositoryArgs {
    /**
     * Images to keep; older ones expire (storage is $0.10/GB-month).
     *
     * @default 10
     */
    keepImages?: number;
    /**
     * Protect the repository (and the images in it) from deletion. When
     * false, deleting the repository deletes its images too, so
     * `pulumi destroy` does not stop at a repository that still has images.
     *
     * @default true
     */
    protect?: boolean;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The ECR repository. */
        repository?: Transform<aws.ecr.RepositoryArgs>;
        /** The lifecycle policy that expires old images. */
        lifecyclePolicy?: Transform<aws.ecr.LifecyclePolicyArgs>;
    };
}

/**
 * A private ECR repository for one of the app's images, scanned on push,
 * with a lifecycle rule so old images do not pile up on the bill.
 *
 * Repositories exist in every profile, so a profile swap never deletes one
 * (an empty repository costs nothing).
 */
export class ImageRepository extends pulumi.ComponentResource {
    readonly repository: aws.ecr.Repository;
    /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>` */
    readonly repositoryUrl: pulumi.Output<string>;
    readonly registryId: pulumi.Output<string>;

    constructor(name: string, args: ImageRepositoryArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:ImageRepository", name, {}, opts);
        this.repository = new aws.ecr.Repository(
            ...transformed(args.transform?.repository, name, {
                imageScanningConfiguration: { scanOnPush: true },
                imageTagMutability: "MUTABLE",
                encryptionConfigurations: [{ encryptionType: "AES256" }],
                forceDelete: !(args.protect ?? true),
            }, { parent: this, protect: args.protect ?? true }),
        );
        new aws.ecr.LifecyclePolicy(
            ...transformed(args.transform?.lifecyclePolicy, `${name}-lifecycle`, {
                repository: this.repository.name,
                policy: JSON.stringify({
                    rules: [
                        {
                            rulePriority: 1,
                            description: `keep the last ${args.keepImages ?? 10} images`,
                            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: args.keepImages ?? 10 },
                            action: { type: "expire" },
                        },
                    ],
                }),
            }, { parent: this }),
        );
        this.repositoryUrl = this.repository.repositoryUrl;
        this.registryId = this.repository.registryId;
        this.registerOutputs({ repositoryUrl: this.repositoryUrl });
    }
}

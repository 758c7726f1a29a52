/**
 * shoestring-bootstrap: what GitHub Actions needs to deploy shoestring
 * without stored AWS keys: GitHub's OIDC identity provider, a read-only
 * preview role for the repository's pull requests and branches, and a
 * deploy role for its main branch (see `github-oidc.ts`).
 *
 * The config is read and checked before any resource is registered; the
 * returned object is the stack's outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { projectTags, tagEveryResource } from "../lib/tags";
import { loadBootstrapConfig } from "./config";
import { GithubOidcDeployRoles } from "./github-oidc";

/** The bootstrap has no profile; its resources are grouped under this one in the bill (IAM is free). */
const BOOTSTRAP_PROFILE = "bootstrap";

export = async () => {
    const config = loadBootstrapConfig();
    tagEveryResource(projectTags(pulumi.getProject(), pulumi.getStack(), BOOTSTRAP_PROFILE));
    const github = new GithubOidcDeployRoles("github", {
        owner: config.owner,
        repository: config.name,
        branch: config.branch,
        environment: config.environment,
        existingProviderArn: config.existingProviderArn,
        stateBucket: config.stateBucket,
        region: config.region,
        project: config.project,
        hostedZoneIds: config.hostedZoneIds,
    });
    return {
        repository: config.repository,
        branch: config.branch,
        environment: config.environment,
        oidcProviderArn: github.oidcProviderArn,
        previewRoleArn: github.previewRoleArn,
        deployRoleArn: github.deployRoleArn,
        /** Set it on each shoestring stack: `pulumi config set shoestring:permissionsBoundary <arn>`. */
        workloadBoundaryArn: github.workloadBoundary.arn,
        previewSubjects: github.previewSubjects,
        deploySubjects: github.deploySubjects,
        /** The GitHub repository variables the workflows read, with their values. */
        githubVariables: {
            AWS_PREVIEW_ROLE_ARN: github.previewRoleArn,
            AWS_DEPLOY_ROLE_ARN: github.deployRoleArn,
            AWS_REGION: config.region,
        },
    };
};

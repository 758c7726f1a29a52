/**
 * shoestring: a small container web app on AWS, in the architecture profile
 * the stack config picks (`shoestring:profile`: homework or cheap).
 *
 * The settings are read and checked before any resource is registered; the
 * returned object is the stack's outputs. Every taggable resource carries
 * the project and stack tags the deploy role's permissions depend on.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadSettings } from "./config";
import { projectTags, tagEveryResource } from "./lib/tags";
import { deploy } from "./profiles";

export = async () => {
    const settings = loadSettings();
    tagEveryResource(projectTags(pulumi.getProject(), pulumi.getStack()));
    return deploy(settings);
};

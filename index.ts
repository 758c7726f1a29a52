/**
 * shoestring: a small container web app on AWS, in the architecture profile
 * the stack config picks (`shoestring:profile`: homework or cheap).
 *
 * The settings are read and checked before any resource is registered; the
 * returned object is the stack's outputs. Every taggable resource carries
 * the project, stack and profile tags (the deploy role's permissions depend
 * on the first; Cost Explorer groups the bill by them).
 */
import * as pulumi from "@pulumi/pulumi";
import { loadSettings } from "./config";
import { projectTags, tagEveryResource } from "./lib/tags";
import { deploy } from "./profiles";

export = async () => {
    const settings = loadSettings();
    tagEveryResource(projectTags(pulumi.getProject(), pulumi.getStack(), settings.profile));
    return deploy(settings);
};

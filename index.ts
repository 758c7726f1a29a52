/**
 * shoestring: a small container web app on AWS, in the architecture profile
 * the stack config picks (`shoestring:profile`: homework, cheap or serverless).
 *
 * The settings are read and checked before any resource is registered; the
 * returned object is the stack's outputs. Every taggable resource carries
 * the project, stack and profile tags (the deploy role's permissions depend
 * on the first; Cost Explorer groups the bill by them).
 */
import * as pulumi from "@pulumi/pulumi";
import { deployedOutputs, loadSettings } from "./config";
import { checkDatabaseSwap } from "./lib/database-swap";
import { projectTags, tagEveryResource } from "./lib/tags";
import { deploy } from "./profiles";

export = async () => {
    const settings = loadSettings();
    // A change of database kind would delete the deployed database: refused before any AWS resource, unless the stack consents.
    checkDatabaseSwap(settings.project, await deployedOutputs(), { kind: settings.axes.database, replaces: settings.database.replaces });
    tagEveryResource(projectTags(pulumi.getProject(), pulumi.getStack(), settings.profile));
    return deploy(settings);
};

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
import { checkSiteUpload } from "./lib/site-upload-guard";
import { projectTags, tagEveryResource } from "./lib/tags";
import { deploy } from "./profiles";

export = async () => {
    const settings = loadSettings();
    // A change of database kind would delete the deployed database: refused before any AWS resource, unless the stack consents.
    const deployed = await deployedOutputs();
    checkDatabaseSwap(settings.project, deployed, { kind: settings.axes.database, replaces: settings.database.replaces });
    // The first update after the site's files moved to one sync would delete them: refused until the old objects leave the state.
    checkSiteUpload(settings.project, settings.stack, deployed, { frontend: settings.axes.frontend, objectsMoved: settings.site.objectsMoved });
    tagEveryResource(projectTags(pulumi.getProject(), pulumi.getStack(), settings.profile));
    return deploy(settings);
};

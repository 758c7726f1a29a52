/**
 * The shoestring policy pack. `pulumi preview --policy-pack policy
 * --policy-pack-config policy/config/<stack>.json` runs it; so does
 * `npm run policy -- --stack <stack>` offline, over the same protocol.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./src";

new PolicyPack("shoestring", { policies, description: "Fargate Spot, no long-lived AWS keys, the write-up's mistakes, security and a daily budget." });

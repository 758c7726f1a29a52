/**
 * The types a user extending the program adds next (Lambda, Aurora
 * Serverless, EventBridge Scheduler, a VPC and subnets): a correct program
 * passes AWS's validator through the mapping, and the usual mistakes in it
 * are AWS's refusals, not silent passes.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { cloudFormationValidator } from "../../../../lib/aws-rules/cloudformation/validator";
import { ruleContextOf } from "../../../../offline/aws-checks";
import { runProgram } from "../../../../offline/engine";

/** A serverless backend: a Lambda function from an image, its invoke permission, Aurora Serverless v2, a nightly schedule, a VPC. */
function serverless(mistakes: boolean): () => void {
    return () => {
        const role = new aws.iam.Role("fn", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
        const fn = new aws.lambda.Function("api", {
            role: role.arn,
            packageType: "Image",
            imageUri: `123456789012.dkr.ecr.us-west-2.amazonaws.com/shop@sha256:${"a".repeat(64)}`,
            memorySize: 512,
            timeout: mistakes ? 1000 : 30,
            architectures: [mistakes ? "arm" : "arm64"],
        });
        new aws.lambda.Permission("invoke", { action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com" });
        const cluster = new aws.rds.Cluster("db", {
            engine: mistakes ? "postgres" : "aurora-postgresql",
            engineVersion: "16.4",
            masterUsername: "app",
            manageMasterUserPassword: true,
            serverlessv2ScalingConfiguration: { minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 300 },
            skipFinalSnapshot: true,
            storageEncrypted: true,
        });
        new aws.rds.ClusterInstance("db-1", { clusterIdentifier: cluster.id, instanceClass: "db.serverless", engine: "aurora-postgresql" });
        new aws.scheduler.Schedule("nightly", { flexibleTimeWindow: { mode: mistakes ? "SOMETIMES" : "OFF" }, scheduleExpression: "cron(0 3 * * ? *)", target: { arn: fn.arn, roleArn: role.arn } });
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
        new aws.ec2.Subnet("a", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZoneId: "usw2-az1" });
    };
}

async function findings(mistakes: boolean): Promise<string[]> {
    const record = await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: serverless(mistakes) });
    const context = ruleContextOf(record);
    return (await cloudFormationValidator().validate(context.resources, context.region)).map((f) => `${f.rule} ${f.resource.split(" ")[0]} ${f.property}`);
}

describe("lib/aws-rules/cloudformation: the types a user adds next", function () {
    this.timeout(120_000);

    it("passes a correct serverless program", async () => {
        assert.deepEqual(await findings(false), []);
    });

    it("reports a Lambda timeout over 900 s, an architecture and a schedule mode AWS does not have, and a cluster engine Aurora Serverless is not", async () => {
        const found = await findings(true);
        assert.ok(found.includes("cfn-E3717 api timeout"), found.join("\n"));
        assert.ok(found.includes("cfn-W3030 api architectures[0]"), found.join("\n"));
        assert.ok(found.includes("cfn-W3030 nightly flexibleTimeWindow.mode"), found.join("\n"));
        assert.ok(found.some((f) => f.startsWith("cfn-F3003 db ")), found.join("\n"));
    });
});

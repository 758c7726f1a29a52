import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as keys from "../../policy/src/keys";
import { resourcesOfType } from "../../offline/record";
import { AKIA, CREDENTIALS_IN_ENVIRONMENT, describeCases } from "./cases";
import { app, check, of, record, run, checkCore } from "./programs";

const CONTAINERS = "no-aws-credentials-in-containers";
const REMEDIATION = keys.noAwsCredentialsInContainers.remediationSteps!;

describe("policy/src/keys", () => {
    describeCases(keys);

    describe("the write-up's mistake (h): AWS credentials in the container's environment", () => {
        it("reports AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, once each, with the remediation", async () => {
            const r = await record(app({ environment: CREDENTIALS_IN_ENVIRONMENT }));
            const definitions = JSON.parse(resourcesOfType(r, "aws:ecs/taskDefinition:TaskDefinition")[0].inputs.containerDefinitions as string) as { environment: { name: string }[] }[];
            assert.deepEqual(definitions[0].environment.map((e) => e.name), ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
            const found = of(await checkCore(r), CONTAINERS);
            assert.deepEqual(
                found.map((v) => v.message),
                [`container backend in task sets AWS_ACCESS_KEY_ID. ${REMEDIATION}`, `container backend in task sets AWS_SECRET_ACCESS_KEY. ${REMEDIATION}`],
            );
            assert.ok(found.every((v) => v.level === "mandatory"));
            assert.match(REMEDIATION, /AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN/);
            assert.match(REMEDIATION, /taskRoleArn/);
        });

        it("reports an access key id (AKIA...) whatever the variable is called", async () => {
            const found = of(await check(await record(app({ environment: [{ name: "S3_UPLOAD_KEY", value: AKIA }] }))), CONTAINERS);
            assert.equal(found.length, 1);
            assert.equal(found[0].message, `container backend in task has an access key id in S3_UPLOAD_KEY. ${REMEDIATION}`);
        });

        it("the fix, credentials from the task role, passes the whole pack (the hardening policies aside)", async () => {
            assert.deepEqual(await checkCore(await record(app())), []);
        });
    });

    describe("ACCESS_KEY_ID", () => {
        it("matches long-term and temporary key ids, as whole words", () => {
            assert.match(AKIA, keys.ACCESS_KEY_ID);
            assert.match("key=ASIAIOSFODNN7EXAMPLE;", keys.ACCESS_KEY_ID);
            assert.doesNotMatch("AKIAIOSFODNN7EXAMPL", keys.ACCESS_KEY_ID); // 15 after the prefix
            assert.doesNotMatch("XAKIAIOSFODNN7EXAMPLE", keys.ACCESS_KEY_ID);
            assert.doesNotMatch("akiaiosfodnn7example", keys.ACCESS_KEY_ID);
        });
    });

    it("checks every container of a task definition", async () => {
        const r = await run(
            () =>
                void new aws.ecs.TaskDefinition("two", {
                    family: "two",
                    taskRoleArn: "arn:aws:iam::123456789012:role/app",
                    containerDefinitions: JSON.stringify([
                        { name: "app", image: "app", environment: [{ name: "PORT", value: "80" }] },
                        { name: "sidecar", image: "sidecar", secrets: [{ name: "AWS_ACCESS_KEY_ID", valueFrom: "arn:aws:ssm:us-west-2:123456789012:parameter/id" }] },
                    ]),
                }),
        );
        const found = of(await check(r, [CONTAINERS]), CONTAINERS);
        assert.deepEqual(found.map((v) => v.message.split(".")[0]), ["container sidecar in two sets AWS_ACCESS_KEY_ID"]);
    });
});

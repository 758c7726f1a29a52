import assert from "node:assert/strict";
import { AppSecrets } from "../../components/app-secrets";
import { OFFLINE_ACCOUNT_ID } from "../../offline/mocks";
import { onlyResource, resourcesOfType, SECRET, StackRecord } from "../../offline/record";
import { assertOwnsEverything, component, REGION, run } from "./helpers";

const TYPE = "shoestring:aws:AppSecrets";

describe("components/app-secrets AppSecrets", () => {
    let record: StackRecord;
    before(async () => {
        record = await run(() => {
            const s = new AppSecrets("app-secrets", {
                region: REGION,
                parameterPath: "/proj/unit/backend",
                stored: { TOKEN: "t0p-s3cret" },
                references: {
                    BY_NAME: { service: "ssm", by: "name", name: "/team/key" },
                    PLAIN_NAME: { service: "ssm", by: "name", name: "flat" },
                    SECRET: { service: "secretsmanager", by: "name", name: "prod/stripe" },
                    BY_ARN: { service: "secretsmanager", by: "arn", arn: `arn:aws:secretsmanager:eu-west-1:${OFFLINE_ACCOUNT_ID}:secret:x-AbCdEf`, region: "eu-west-1" },
                },
            });
            return { valueFrom: s.valueFrom, parameterArns: s.parameterArns, secretArns: s.secretArns };
        });
    });

    it("stores each value as a standard SecureString under the path, parented to the component", () => {
        assertOwnsEverything(record, component(record, TYPE));
        const parameter = onlyResource(record, "aws:ssm/parameter:Parameter");
        assert.equal(parameter.name, "app-secrets-TOKEN");
        assert.equal(parameter.inputs.name, "/proj/unit/backend/TOKEN");
        assert.equal(parameter.inputs.type, "SecureString");
        assert.equal(parameter.inputs.tier, "Standard");
        assert.equal(parameter.inputs.value, SECRET);
        assert.doesNotMatch(String(parameter.inputs.description), /'/);
    });

    it("gives every variable the full ARN it is read from, and the ARNs to grant by service", () => {
        const valueFrom = record.outputs.valueFrom as Record<string, string>;
        const parameter = onlyResource(record, "aws:ssm/parameter:Parameter");
        assert.equal(valueFrom.TOKEN, parameter.outputs.arn);
        assert.equal(valueFrom.BY_NAME, `arn:aws:ssm:${REGION}:${OFFLINE_ACCOUNT_ID}:parameter/team/key`);
        assert.equal(valueFrom.PLAIN_NAME, `arn:aws:ssm:${REGION}:${OFFLINE_ACCOUNT_ID}:parameter/flat`);
        assert.match(valueFrom.SECRET, new RegExp(`^arn:aws:secretsmanager:${REGION}:${OFFLINE_ACCOUNT_ID}:secret:prod/stripe-\\w{6}$`));
        assert.equal(valueFrom.BY_ARN, `arn:aws:secretsmanager:eu-west-1:${OFFLINE_ACCOUNT_ID}:secret:x-AbCdEf`);
        assert.deepEqual(record.outputs.parameterArns, [valueFrom.TOKEN, valueFrom.BY_NAME, valueFrom.PLAIN_NAME]);
        assert.deepEqual(record.outputs.secretArns, [valueFrom.SECRET, valueFrom.BY_ARN]);
    });

    it("registers nothing for an empty set", async () => {
        const empty = await run(() => {
            new AppSecrets("app-secrets", { region: REGION, parameterPath: "/p" });
            return {};
        });
        assert.deepEqual(resourcesOfType(empty, "aws:ssm/parameter:Parameter"), []);
    });
});

import assert from "node:assert/strict";
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, ParameterNotFound, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";

import { loadSecrets } from "../../../app/backend/secrets";

const PARAMETER_ARN = "arn:aws:ssm:us-west-2:123456789012:parameter/own-app/api-token";
const OTHER_REGION_PARAMETER_ARN = "arn:aws:ssm:eu-west-1:123456789012:parameter/x/y";
const SECRET_ARN = "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:prod/stripe-AbCdEf";

const TOKEN = "tok-5f1c0ffee-not-for-logs";
const STRIPE = "sk_live_do-not-print-me";

/** The Region a mocked call's client was made for. */
async function regionOf(call: { thisValue: unknown }): Promise<string> {
    return (call.thisValue as SSMClient | SecretsManagerClient).config.region();
}

/** Asserts loadSecrets rejects with a message matching `pattern` that never carries `secrets`. */
async function rejectsWith(promise: Promise<unknown>, pattern: RegExp, secrets: string[] = []): Promise<string> {
    let message = "";
    await assert.rejects(promise, (error: Error) => {
        message = error.message;
        return true;
    });
    assert.match(message, pattern);
    for (const secret of secrets) assert.ok(!message.includes(secret), `message leaks ${secret}: ${message}`);
    return message;
}

describe("app/backend/secrets", () => {
    const ssm = mockClient(SSMClient);
    const secretsManager = mockClient(SecretsManagerClient);

    beforeEach(() => {
        ssm.reset();
        secretsManager.reset();
    });
    after(() => {
        ssm.restore();
        secretsManager.restore();
    });

    const from = (refs: Record<string, unknown>): string => JSON.stringify(refs);

    describe("without SECRETS_FROM (ECS, local)", () => {
        it("does nothing", async () => {
            for (const env of [{ GREETING: "hi" }, { GREETING: "hi", SECRETS_FROM: "" }]) {
                const before = { ...env };
                assert.deepEqual(await loadSecrets(env), []);
                assert.deepEqual(env, before);
            }
            assert.equal(ssm.calls().length, 0);
            assert.equal(secretsManager.calls().length, 0);
        });
    });

    describe("reading", () => {
        it("reads an SSM parameter by its ARN, decrypted, in the ARN's Region", async () => {
            ssm.on(GetParameterCommand).resolves({ Parameter: { Value: TOKEN } });
            const env: NodeJS.ProcessEnv = { AWS_REGION: "eu-central-1", SECRETS_FROM: from({ API_TOKEN: PARAMETER_ARN }) };

            assert.deepEqual(await loadSecrets(env), ["API_TOKEN"]);

            assert.equal(env.API_TOKEN, TOKEN);
            const calls = ssm.commandCalls(GetParameterCommand);
            assert.equal(calls.length, 1);
            assert.deepEqual(calls[0]?.args[0].input, { Name: PARAMETER_ARN, WithDecryption: true });
            assert.equal(await regionOf(calls[0]!), "us-west-2");
            assert.equal(secretsManager.calls().length, 0);
        });

        it("reads a Secrets Manager secret's SecretString by its ARN, in the ARN's Region", async () => {
            secretsManager.on(GetSecretValueCommand).resolves({ SecretString: STRIPE });
            const env: NodeJS.ProcessEnv = { AWS_REGION: "eu-central-1", SECRETS_FROM: from({ STRIPE_KEY: SECRET_ARN }) };

            assert.deepEqual(await loadSecrets(env), ["STRIPE_KEY"]);

            assert.equal(env.STRIPE_KEY, STRIPE);
            const calls = secretsManager.commandCalls(GetSecretValueCommand);
            assert.equal(calls.length, 1);
            assert.deepEqual(calls[0]?.args[0].input, { SecretId: SECRET_ARN });
            assert.equal(await regionOf(calls[0]!), "ap-southeast-2");
            assert.equal(ssm.calls().length, 0);
        });

        it("reads both services in parallel", async () => {
            // The parameter answers only once the secret has been asked for: read one
            // after the other, the parameter would time out.
            let secretAsked: () => void = () => {};
            const asked = new Promise<void>((resolve) => (secretAsked = resolve));
            ssm.on(GetParameterCommand).callsFake(async () => {
                await Promise.race([asked, new Promise((_, reject) => setTimeout(() => reject(new Error("sequential")), 1000))]);
                return { Parameter: { Value: TOKEN } };
            });
            secretsManager.on(GetSecretValueCommand).callsFake(async () => {
                secretAsked();
                return { SecretString: STRIPE };
            });
            const env: NodeJS.ProcessEnv = { SECRETS_FROM: from({ API_TOKEN: PARAMETER_ARN, STRIPE_KEY: SECRET_ARN }) };

            assert.deepEqual(await loadSecrets(env), ["API_TOKEN", "STRIPE_KEY"]);
            assert.equal(env.API_TOKEN, TOKEN);
            assert.equal(env.STRIPE_KEY, STRIPE);
        });

        it("uses the injected clients, one per service and Region", async () => {
            ssm.on(GetParameterCommand, { Name: PARAMETER_ARN }).resolves({ Parameter: { Value: "a" } });
            ssm.on(GetParameterCommand, { Name: `${PARAMETER_ARN}-2` }).resolves({ Parameter: { Value: "b" } });
            ssm.on(GetParameterCommand, { Name: OTHER_REGION_PARAMETER_ARN }).resolves({ Parameter: { Value: "c" } });
            secretsManager.on(GetSecretValueCommand).resolves({ SecretString: "d" });
            const made: string[] = [];
            const clients = {
                ssm: (region: string) => (made.push(`ssm ${region}`), new SSMClient({ region })),
                secretsManager: (region: string) => (made.push(`secretsmanager ${region}`), new SecretsManagerClient({ region })),
            };
            const env: NodeJS.ProcessEnv = {
                SECRETS_FROM: from({ A: PARAMETER_ARN, B: `${PARAMETER_ARN}-2`, C: OTHER_REGION_PARAMETER_ARN, D: SECRET_ARN }),
            };

            await loadSecrets(env, clients);

            assert.deepEqual([env.A, env.B, env.C, env.D], ["a", "b", "c", "d"]);
            assert.deepEqual(made.sort(), ["secretsmanager ap-southeast-2", "ssm eu-west-1", "ssm us-west-2"]);
            const regions = await Promise.all(ssm.commandCalls(GetParameterCommand).map(async (call) => `${call.args[0].input.Name} ${await regionOf(call)}`));
            assert.deepEqual(regions.sort(), [`${OTHER_REGION_PARAMETER_ARN} eu-west-1`, `${PARAMETER_ARN} us-west-2`, `${PARAMETER_ARN}-2 us-west-2`].sort());
        });

        it("accepts an ARN of another partition", async () => {
            ssm.on(GetParameterCommand).resolves({ Parameter: { Value: TOKEN } });
            const arn = "arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/x";
            const env: NodeJS.ProcessEnv = { SECRETS_FROM: from({ API_TOKEN: arn }) };
            await loadSecrets(env);
            assert.equal(env.API_TOKEN, TOKEN);
            assert.equal(await regionOf(ssm.commandCalls(GetParameterCommand)[0]!), "us-gov-west-1");
        });
    });

    describe("refusing", () => {
        /** Asserts SECRETS_FROM is refused before anything is read and env stays as it was. */
        async function refused(env: NodeJS.ProcessEnv, pattern: RegExp, secrets: string[] = []): Promise<string> {
            ssm.on(GetParameterCommand).resolves({ Parameter: { Value: TOKEN } });
            secretsManager.on(GetSecretValueCommand).resolves({ SecretString: STRIPE });
            const before = { ...env };
            const message = await rejectsWith(loadSecrets(env), pattern, [TOKEN, STRIPE, ...secrets]);
            assert.deepEqual(env, before);
            assert.equal(ssm.calls().length, 0, "nothing is read");
            assert.equal(secretsManager.calls().length, 0, "nothing is read");
            return message;
        }

        it("malformed JSON, naming SECRETS_FROM but not quoting it", async () => {
            const raw = '{"API_TOKEN": "arn:aws:ssm:us-west-2:123456789012:parameter/hush-hush"';
            await refused({ SECRETS_FROM: raw }, /^SECRETS_FROM is not valid JSON$/, ["hush-hush", "API_TOKEN"]);
            await refused({ SECRETS_FROM: "hush-hush" }, /^SECRETS_FROM is not valid JSON$/, ["hush-hush"]);
        });

        it("JSON that is not an object of variable names to ARN strings", async () => {
            for (const raw of ["[]", "null", '"arn:aws:ssm:us-west-2:1:parameter/hush-hush"', "42"]) {
                await refused({ SECRETS_FROM: raw }, /^SECRETS_FROM must be a JSON object of variable names to ARNs$/, ["hush-hush"]);
            }
            await refused({ SECRETS_FROM: from({ API_TOKEN: 42 }) }, /^SECRETS_FROM: API_TOKEN must be an ARN string$/);
            await refused({ SECRETS_FROM: from({ "not a name": PARAMETER_ARN }) }, /^SECRETS_FROM: "not a name" is not a variable name$/, [PARAMETER_ARN]);
        });

        it("an ARN of another service, naming the variable and the service", async () => {
            for (const [service, arn] of [
                ["s3", "arn:aws:s3:::hush-hush"],
                ["kms", "arn:aws:kms:us-west-2:123456789012:key/hush-hush"],
                ["lambda", "arn:aws:lambda:us-west-2:123456789012:function:hush-hush"],
            ]) {
                await refused(
                    { SECRETS_FROM: from({ API_TOKEN: PARAMETER_ARN, OTHER: arn }) },
                    new RegExp(`^SECRETS_FROM: OTHER is an ARN of ${service}; only ssm parameters and secretsmanager secrets are read$`),
                    ["hush-hush"],
                );
            }
        });

        it("a value that is not a parameter's or a secret's ARN", async () => {
            for (const value of ["ssm:/hush-hush", "/hush-hush", "arn:aws:ssm", "arn::ssm:us-west-2:1:parameter/hush-hush"]) {
                await refused({ SECRETS_FROM: from({ OTHER: value }) }, /^SECRETS_FROM: OTHER is not an ARN$/, ["hush-hush"]);
            }
            await refused({ SECRETS_FROM: from({ OTHER: "arn:aws:ssm::123456789012:parameter/hush-hush" }) }, /^SECRETS_FROM: OTHER is an ARN of ssm without a Region$/, ["hush-hush"]);
            await refused({ SECRETS_FROM: from({ OTHER: "arn:aws:ssm:us-west-2:123456789012:document/hush-hush" }) }, /^SECRETS_FROM: OTHER is an ssm ARN but not a parameter's$/, ["hush-hush"]);
            for (const arn of [`${SECRET_ARN}:password::`, "arn:aws:secretsmanager:us-west-2:123456789012:hush-hush"]) {
                await refused({ SECRETS_FROM: from({ OTHER: arn }) }, /^SECRETS_FROM: OTHER is a secretsmanager ARN but not a secret's/, ["hush-hush", "prod/stripe"]);
            }
        });

        it("a name already set in the environment, saying which", async () => {
            await refused(
                { API_TOKEN: "set-by-hand", SECRETS_FROM: from({ STRIPE_KEY: SECRET_ARN, API_TOKEN: PARAMETER_ARN }) },
                /^SECRETS_FROM: API_TOKEN is already set in the environment$/,
                ["set-by-hand"],
            );
            await refused({ API_TOKEN: "", SECRETS_FROM: from({ API_TOKEN: PARAMETER_ARN }) }, /^SECRETS_FROM: API_TOKEN is already set in the environment$/);
            await refused({ SECRETS_FROM: from({ SECRETS_FROM: PARAMETER_ARN }) }, /^SECRETS_FROM: SECRETS_FROM is already set in the environment$/);
        });
    });

    describe("a read failing", () => {
        it("names the variable and the service, never a value nor the ARN, and sets nothing", async () => {
            ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: `Parameter ${PARAMETER_ARN} not found`, $metadata: {} }));
            secretsManager.on(GetSecretValueCommand).resolves({ SecretString: STRIPE });
            const env: NodeJS.ProcessEnv = { SECRETS_FROM: from({ API_TOKEN: PARAMETER_ARN, STRIPE_KEY: SECRET_ARN }) };
            const before = { ...env };

            const message = await rejectsWith(loadSecrets(env), /^SECRETS_FROM: could not read API_TOKEN \(ssm: ParameterNotFound\)$/, [STRIPE, PARAMETER_ARN, "own-app"]);

            assert.ok(!message.includes("STRIPE_KEY"), message);
            assert.deepEqual(env, before, "the secret that was read is not set either");
        });

        it("lists every variable that failed, in order", async () => {
            ssm.on(GetParameterCommand).rejects(Object.assign(new Error(`connect to ssm for ${PARAMETER_ARN}`), { code: "ENOTFOUND" }));
            secretsManager.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: `Secret ${SECRET_ARN} ${STRIPE}`, $metadata: {} }));
            const env: NodeJS.ProcessEnv = { SECRETS_FROM: from({ STRIPE_KEY: SECRET_ARN, API_TOKEN: PARAMETER_ARN }) };

            await rejectsWith(
                loadSecrets(env),
                /^SECRETS_FROM: could not read STRIPE_KEY \(secretsmanager: ResourceNotFoundException\), API_TOKEN \(ssm: Error ENOTFOUND\)$/,
                [STRIPE, PARAMETER_ARN, SECRET_ARN],
            );
            assert.equal(env.STRIPE_KEY, undefined);
            assert.equal(env.API_TOKEN, undefined);
        });

        it("refuses a parameter without a value and a secret without SecretString", async () => {
            ssm.on(GetParameterCommand).resolves({ Parameter: { Name: "/own-app/api-token" } });
            secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });
            const env: NodeJS.ProcessEnv = { SECRETS_FROM: from({ API_TOKEN: PARAMETER_ARN, STRIPE_KEY: SECRET_ARN }) };

            await rejectsWith(
                loadSecrets(env),
                /^SECRETS_FROM: could not read API_TOKEN \(ssm: no value\), STRIPE_KEY \(secretsmanager: no SecretString \(binary secrets are not supported\)\)$/,
            );
            assert.equal(env.API_TOKEN, undefined);
            assert.equal(env.STRIPE_KEY, undefined);
        });
    });
});

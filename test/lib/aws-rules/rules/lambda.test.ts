/**
 * The Lambda rules (lib/aws-rules/rules/lambda.ts): environment, memory, the
 * image (its registry, manifest and architecture), timeouts, the invoke
 * permission and the app secrets the function reads.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { RuleContext, RuleResource, runRule, UNKNOWN_VALUE } from "../../../../lib/aws-rules";
import { allowsInvoke, environmentBytes, lambdaArchitectureOf, requestArns } from "../../../../lib/aws-rules/rules/lambda";
import { ruleContextOf } from "../../../../offline/aws-checks";
import { runProgram } from "../../../../offline/engine";
import { contextOf, CONTRACT_SECRETS_FROM, DB, findings, lambdaApi, PARAMETER_ARN, properties, rule, ruleResource, secretFunction, STRIPE } from "./fixtures";

describe("lib/aws-rules/rules/lambda: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-lambda-environment: a key with a hyphen, a digit first or one letter, and 4,097 bytes of variables are refused", async () => {
        const env = (variables: Record<string, string>) => lambdaApi({ fn: { environment: { variables } } });
        assert.deepEqual((await properties("aws-lambda-environment", env({ "my-var": "1", "1ST": "2", A: "3", DB_HOST_2: "4", AWS_LWA_PORT: "8080" }))).sort(), ["environment.variables.1ST", "environment.variables.A", "environment.variables.my-var"]);
        // {"KV":"<value>"} is 9 bytes plus the value: 4,087 bytes of value are 4,096 in all.
        assert.deepEqual(await properties("aws-lambda-environment", env({ KV: "x".repeat(4087) })), []);
        const over = await findings("aws-lambda-environment", env({ KV: "x".repeat(4088) }));
        assert.deepEqual(over.map((f) => [f.property, f.value]), [["environment.variables", "4097 bytes"]]);
        assert.match(over[0].message, /4097 bytes as JSON; Lambda takes at most 4096 bytes/);
        // Counted in UTF-8 bytes: 2,044 two-byte characters are 4,088 bytes (and only 2,053 characters).
        assert.deepEqual(await properties("aws-lambda-environment", env({ KV: "é".repeat(2044) })), ["environment.variables"]);
    });

    it("aws-lambda-memory: 10,241 MB is refused, 10,240 passes, more on Lambda Managed Instances passes", async () => {
        assert.deepEqual(await properties("aws-lambda-memory", lambdaApi({ fn: { memorySize: 10241 } })), ["memorySize"]);
        assert.deepEqual(await properties("aws-lambda-memory", lambdaApi({ fn: { memorySize: 10240 } })), []);
        const managed = { lambdaManagedInstancesCapacityProviderConfig: { capacityProviderArn: "arn:aws:lambda:us-west-2:123456789012:capacity-provider:shop" } };
        assert.deepEqual(await properties("aws-lambda-memory", lambdaApi({ fn: { memorySize: 20480, capacityProviderConfig: managed } })), []);
    });

    it("aws-lambda-image-uri: an image outside ECR, in another Region's ECR or behind ECR's FIPS endpoint is refused; another account's is fine", async () => {
        const uri = (imageUri: string) => lambdaApi({ fn: { imageUri } });
        for (const imageUri of ["public.ecr.aws/nginx/nginx:1.29", "docker.io/library/node:24", "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-backend:latest", "123456789012.dkr.ecr-fips.us-west-2.amazonaws.com/shop-backend:latest"]) {
            assert.deepEqual(await properties("aws-lambda-image-uri", uri(imageUri)), ["imageUri"], imageUri);
        }
        assert.match((await findings("aws-lambda-image-uri", uri("123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-backend:latest")))[0].message, /is in ECR in us-east-1, the function in us-west-2/);
        assert.deepEqual(await properties("aws-lambda-image-uri", uri(`210987654321.dkr.ecr.us-west-2.amazonaws.com/shared@sha256:${"a".repeat(64)}`)), []);
        // A zip function has no image.
        assert.deepEqual(await properties("aws-lambda-image-uri", lambdaApi({ fn: { packageType: "Zip", imageUri: undefined, s3Bucket: "shop-code", s3Key: "backend.zip", handler: "index.handler", runtime: "nodejs22.x" } })), []);
    });

    it("aws-lambda-image-manifest: an image built for two platforms, or with exec (buildx's default provenance), is refused", async () => {
        const bad = await findings("aws-lambda-image-manifest", lambdaApi({ image: { platforms: ["linux/amd64", "linux/arm64"] } }));
        assert.deepEqual(bad.map((f) => [f.resource, f.property]), [["backend (aws:lambda/function:Function)", "imageUri"]]);
        assert.match(bad[0].message, /builds 2 platforms \(linux\/amd64, linux\/arm64\), so ECR holds an image index/);
        assert.match((await findings("aws-lambda-image-manifest", lambdaApi({ image: { exec: true } })))[0]?.message ?? "", /without --provenance=false/);
        assert.deepEqual(await findings("aws-lambda-image-manifest", lambdaApi()), []);
        // The image is found through the function's dependency too, when its URI is not known (a preview).
        const record = await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: lambdaApi({ image: { platforms: ["linux/amd64", "linux/arm64"] } }) });
        const context = ruleContextOf(record);
        const fn = context.resources.find((r) => r.type === "aws:lambda/function:Function")!;
        fn.inputs = { ...fn.inputs, imageUri: "<unknown>" };
        assert.equal(runRule(rule("aws-lambda-image-manifest"), context).length, 1);
    });

    it("aws-lambda-image-architecture: an arm64 image on an x86_64 function, or an image of no set platform, is reported; matching ones pass", async () => {
        const bad = await findings("aws-lambda-image-architecture", lambdaApi({ image: { platforms: ["linux/arm64"] } }));
        assert.deepEqual(bad.map((f) => [f.property, f.value, f.effect]), [["architectures", "x86_64", "broken"]]);
        assert.match(bad[0].message, /built for linux\/arm64, but the function runs on x86_64/);
        assert.match((await findings("aws-lambda-image-architecture", lambdaApi({ image: { platforms: undefined } })))[0]?.message ?? "", /sets no platforms.*\["linux\/amd64"\]/);
        // No architectures is x86_64.
        assert.deepEqual(await findings("aws-lambda-image-architecture", lambdaApi({ fn: { architectures: undefined } })), []);
        assert.deepEqual(await findings("aws-lambda-image-architecture", lambdaApi({ fn: { architectures: ["arm64"] }, image: { platforms: ["linux/arm64"] } })), []);
        assert.equal((await findings("aws-lambda-image-architecture", lambdaApi({ fn: { architectures: ["arm64"] } }))).length, 1);
    });

    it("aws-lambda-timeout-under-integration: a function that outlives its integration is a warning", async () => {
        const warned = await findings("aws-lambda-timeout-under-integration", lambdaApi({ fn: { timeout: 30 } }));
        assert.deepEqual(warned.map((f) => [f.level, f.property, f.value]), [["warning", "timeout", 30]]);
        assert.match(warned[0].message, /gives up after 30000 ms and the API answers 503/);
        assert.equal((await findings("aws-lambda-timeout-under-integration", lambdaApi({ integration: { timeoutMilliseconds: 10000 } }))).length, 1);
        // The integration's default is 30 s; Lambda's is 3 s.
        assert.equal((await findings("aws-lambda-timeout-under-integration", lambdaApi({ fn: { timeout: 60 }, integration: { timeoutMilliseconds: undefined } }))).length, 1);
        assert.deepEqual(await findings("aws-lambda-timeout-under-integration", lambdaApi({ fn: { timeout: undefined } })), []);
        assert.deepEqual(await findings("aws-lambda-timeout-under-integration", lambdaApi()), []);
    });

    it("aws-lambda-permission-api-gateway: another action or principal, a source ARN without a route part or of another Region is reported", async () => {
        const permission = (p: Partial<aws.lambda.PermissionArgs>) => lambdaApi({ permission: p });
        assert.deepEqual(await properties("aws-lambda-permission-api-gateway", permission({ action: "lambda:GetFunction" })), ["action"]);
        assert.deepEqual(await properties("aws-lambda-permission-api-gateway", permission({ principal: "apigateway.amazon.com" })), ["principal"]);
        assert.deepEqual(await properties("aws-lambda-permission-api-gateway", permission({ sourceArn: "arn:aws:execute-api:us-west-2:123456789012:a1b2c3d4e5" })), ["sourceArn"]);
        const otherRegion = await findings("aws-lambda-permission-api-gateway", permission({ sourceArn: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*" }));
        assert.match(otherRegion[0]?.message ?? "", /is an API in us-east-1, the function in us-west-2/);
        assert.deepEqual(await findings("aws-lambda-permission-api-gateway", lambdaApi()), []);
        assert.deepEqual(await findings("aws-lambda-permission-api-gateway", permission({ action: "lambda:*", sourceArn: "arn:aws:execute-api:us-west-2:123456789012:a1b2c3d4e5/$default/GET/items" })), []);
        // Other principals are not API Gateway's.
        assert.deepEqual(await findings("aws-lambda-permission-api-gateway", permission({ principal: "events.amazonaws.com", sourceArn: "arn:aws:events:us-west-2:123456789012:rule/nightly" })), []);
    });

    it("maps build platforms to Lambda architectures", () => {
        assert.deepEqual(["linux/amd64", "linux/arm64", "linux/arm64/v8", "linux/arm/v7", "linux/386", "windows/amd64"].map(lambdaArchitectureOf), ["x86_64", "arm64", "arm64", undefined, undefined, undefined]);
    });

    it("measures the environment as compact JSON in UTF-8, a value not known yet as empty", () => {
        assert.equal(environmentBytes({ AB: "cd" }), JSON.stringify({ AB: "cd" }).length);
        assert.equal(environmentBytes({ AB: "é" }), 11);
        assert.equal(environmentBytes({ AB: "<unknown>" }), 9);
    });

    it("lets a permission of action lambda:* or *, without a source ARN, cover every route", async () => {
        for (const action of ["lambda:*", "*"]) {
            assert.deepEqual(await findings("aws-lambda-permission-api-gateway", () => void new aws.lambda.Permission("p", { action, function: "backend", principal: "apigateway.amazonaws.com" })), [], action);
        }
    });

    it("aws-lambda-secrets-readable: the contract's function passes; a role without ssm:GetParameter or a secret's suffix breaks it", async () => {
        assert.deepEqual(await findings("aws-lambda-secrets-readable", secretFunction(CONTRACT_SECRETS_FROM)), []);
        assert.deepEqual(await findings("aws-lambda-secrets-readable", secretFunction(undefined, [])), []);
        const plural = await findings("aws-lambda-secrets-readable", secretFunction(CONTRACT_SECRETS_FROM, [{ Effect: "Allow", Action: "ssm:GetParameters", Resource: PARAMETER_ARN }, { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }]));
        assert.deepEqual(plural.map((f) => [f.property, f.value, f.effect]), [["environment.variables.SECRETS_FROM", "API_TOKEN", "broken"]]);
        assert.match(plural[0].message, new RegExp(`role backend-role may not ssm:GetParameter on ${PARAMETER_ARN} \\(no policy of the role allows it\\): the app reads API_TOKEN`));
        const bare = await findings("aws-lambda-secrets-readable", secretFunction(CONTRACT_SECRETS_FROM, [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: PARAMETER_ARN }, { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [STRIPE, DB] }]));
        assert.deepEqual(bare.map((f) => f.value), ["STRIPE_KEY"]);
    });

    it("aws-lambda-secrets-readable: SECRETS_FROM that is not a JSON object of names to ARNs is reported without its value", async () => {
        for (const secretsFrom of ["not json", "[]", "null", '"arn"']) {
            const found = await findings("aws-lambda-secrets-readable", secretFunction(secretsFrom));
            assert.deepEqual(found.map((f) => [f.property, f.value]), [["environment.variables.SECRETS_FROM", undefined]], secretsFrom);
            assert.match(found[0].message, /is not a JSON object of names to ARNs/);
        }
        const leaked = await findings("aws-lambda-secrets-readable", secretFunction(JSON.stringify({ API_TOKEN: "s3cr3t-value", N: 1, OK: PARAMETER_ARN })));
        assert.deepEqual(leaked.map((f) => f.value), ["API_TOKEN", "N"]);
        assert.ok(leaked.every((f) => !f.message.includes("s3cr3t-value")), "the value is never shown");
        assert.match(leaked[0].message, /the value of API_TOKEN is neither an SSM parameter ARN .* nor a Secrets Manager secret ARN/);
        // Another program's role: only the shape is judged.
        assert.deepEqual(await findings("aws-lambda-secrets-readable", secretFunction(CONTRACT_SECRETS_FROM, [], true)), []);
    });

    describe("the request ARNs a permission must cover", () => {
        const EXECUTION = "arn:aws:execute-api:us-west-2:123456789012:a1b2c3d4e5";
        const api = ruleResource("api", "aws:apigatewayv2/api:Api", { inputs: { protocolType: "HTTP" }, outputs: { id: "a1b2c3d4e5", executionArn: EXECUTION } });
        const other = ruleResource("other", "aws:apigatewayv2/api:Api", { inputs: { protocolType: "HTTP" }, outputs: { id: "zzzzzzzzzz", executionArn: "arn:aws:execute-api:us-west-2:123456789012:zzzzzzzzzz" } });
        const integration = ruleResource("backend", "aws:apigatewayv2/integration:Integration", { inputs: { apiId: "a1b2c3d4e5" }, outputs: { id: "int123" } });
        const route = (name: string, routeKey: string, target: string, apiId = "a1b2c3d4e5", dependencies: Record<string, string[]> = {}) => ruleResource(name, "aws:apigatewayv2/route:Route", { inputs: { apiId, routeKey, target }, propertyDependencies: dependencies });
        const stage = (name: string, apiId = "a1b2c3d4e5") => ruleResource(`stage-${name}`, "aws:apigatewayv2/stage:Stage", { inputs: { apiId, name } });
        const context = (...resources: RuleResource[]): RuleContext => contextOf(api, other, integration, ...resources);

        it("gives one sample request per route and stage: ANY as GET, $default as itself, the path without its slash", () => {
            const routes = [route("proxy", "ANY /{proxy+}", "integrations/int123"), route("post", "POST /items", "integrations/int123"), route("default", "$default", "integrations/int123")];
            assert.deepEqual(requestArns(context(...routes, stage("$default"), stage("prod")), api, integration), [
                `${EXECUTION}/$default/GET/{proxy+}`, `${EXECUTION}/$default/POST/items`, `${EXECUTION}/$default/$default`,
                `${EXECUTION}/prod/GET/{proxy+}`, `${EXECUTION}/prod/POST/items`, `${EXECUTION}/prod/$default`,
            ]);
        });

        it("takes only this API's routes to this integration (by target, or by dependency when the id is not known yet) and its stages; without either, $default and GET/", () => {
            const routes = [route("mine", "GET /a", "integrations/int123"), route("elsewhere", "GET /b", "integrations/other"), route("other-api", "GET /c", "integrations/int123", "zzzzzzzzzz"), route("pending", "GET /d", UNKNOWN_VALUE, "a1b2c3d4e5", { target: [integration.urn] })];
            assert.deepEqual(requestArns(context(...routes, stage("dev"), stage("x", "zzzzzzzzzz")), api, integration), [`${EXECUTION}/dev/GET/a`, `${EXECUTION}/dev/GET/d`]);
            assert.deepEqual(requestArns(context(), api, integration), [`${EXECUTION}/$default/GET/`]);
            assert.equal(requestArns(context(), { ...api, outputs: { executionArn: UNKNOWN_VALUE } }, integration), undefined);
            assert.equal(requestArns(context(), { ...api, outputs: {} }, integration), undefined);
        });

        it("lets a permission invoke when its principal, action and source ARN cover every request; an unknown source ARN or requests count as allowing", () => {
            const permission = (inputs: Record<string, unknown>) => ruleResource("p", "aws:lambda/permission:Permission", { inputs: { action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", ...inputs } });
            const requests = [`${EXECUTION}/$default/GET/a`, `${EXECUTION}/$default/POST/b`];
            assert.equal(allowsInvoke(permission({ sourceArn: `${EXECUTION}/*/*` }), requests), true);
            assert.equal(allowsInvoke(permission({ sourceArn: `${EXECUTION}/*/GET/*` }), requests), false, "every request, not some");
            assert.equal(allowsInvoke(permission({ principal: "lambda.amazonaws.com" }), requests), false);
            assert.equal(allowsInvoke(permission({ action: "lambda:GetFunction" }), requests), false);
            for (const action of ["lambda:*", "*", UNKNOWN_VALUE]) {
                assert.equal(allowsInvoke(permission({ action, sourceArn: `${EXECUTION}/*/*` }), requests), true, action);
            }
            assert.equal(allowsInvoke(permission({ principal: UNKNOWN_VALUE }), requests), true);
            assert.equal(allowsInvoke(permission({ sourceArn: UNKNOWN_VALUE }), requests), true);
            assert.equal(allowsInvoke(permission({ sourceArn: "arn:aws:execute-api:us-west-2:123456789012:zzzzzzzzzz/*/*" }), undefined), true);
            assert.equal(allowsInvoke(permission({ sourceArn: "arn:aws:execute-api:us-west-2:123456789012:zzzzzzzzzz/*/*" }), requests), false);
        });
    });
});

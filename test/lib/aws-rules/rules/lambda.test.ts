/**
 * The Lambda rules (lib/aws-rules/rules/lambda.ts): environment, memory, the
 * image (its registry, manifest and architecture), timeouts, the invoke
 * permission and the app secrets the function reads.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { RuleContext, RuleResource, runRule, UNKNOWN_VALUE } from "../../../../lib/aws-rules";
import { allowsInvoke, environmentBytes, FUNCTION, imagesOf, INTEGRATION, integrationTimeoutMs, lambdaArchitectureOf, lambdaTargetOf, PERMISSION, requestArns } from "../../../../lib/aws-rules/rules/lambda";
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

    describe("the edges of each rule", () => {
        const ARN = "arn:aws:lambda:us-west-2:123456789012:function:backend";
        const IMAGE = "docker-build:index:Image";
        const fn = (inputs: Record<string, unknown> = {}, fields: Partial<RuleResource> = {}) =>
            ruleResource("backend", FUNCTION, { inputs: { packageType: "Image", ...inputs }, outputs: { arn: ARN, invokeArn: `arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/${ARN}/invocations`, qualifiedArn: `${ARN}:$LATEST`, name: "backend" }, ...fields });
        const image = (name: string, fields: Partial<RuleResource> = {}) => ruleResource(name, IMAGE, { inputs: { tags: [`${name}:latest`], platforms: ["linux/amd64"] }, outputs: { ref: `${name}@sha256:${"a".repeat(64)}` }, ...fields });
        const integration = (inputs: Record<string, unknown>, fields: Partial<RuleResource> = {}) => ruleResource("api-backend", INTEGRATION, { inputs: { integrationType: "AWS_PROXY", ...inputs }, ...fields });
        const judge = (id: string, ...resources: RuleResource[]) => runRule(rule(id), contextOf(...resources));

        it("aws-lambda-environment: a key not known yet is not judged", () => {
            assert.deepEqual(judge("aws-lambda-environment", fn({ environment: { variables: { [UNKNOWN_VALUE]: "x", PORT: "8080" } } })), []);
        });

        it("aws-lambda-image-uri: the whole URI is an ECR image (nothing before or after it); a zip function's or an unknown URI is not judged", () => {
            const ecr = "123456789012.dkr.ecr.us-west-2.amazonaws.com/shop-backend:latest";
            assert.deepEqual(judge("aws-lambda-image-uri", fn({ imageUri: ecr })), []);
            for (const imageUri of [`https://${ecr}`, `${ecr} latest`]) {
                assert.match(judge("aws-lambda-image-uri", fn({ imageUri }))[0]?.message ?? "", /is not an image in a private Amazon ECR repository/, imageUri);
            }
            assert.deepEqual(judge("aws-lambda-image-uri", fn({ packageType: "Zip", imageUri: "docker.io/library/node:24" })), []);
            assert.deepEqual(judge("aws-lambda-image-uri", fn({ imageUri: UNKNOWN_VALUE })), []);
        });

        it("finds a function's images by ref or tag first, by its dependency only when no value matches", () => {
            const a = image("a");
            const b = image("b");
            const noOutputs = image("c", { outputs: undefined });
            const images = (inputs: Record<string, unknown>, dependencies: string[] = []) => imagesOf(contextOf(noOutputs, a, b), fn(inputs, { propertyDependencies: { imageUri: dependencies } })).map((i) => i.name);
            assert.deepEqual(images({ imageUri: "b:latest" }), ["b"], "by tag");
            assert.deepEqual(images({ imageUri: `a@sha256:${"a".repeat(64)}` }), ["a"], "by ref");
            assert.deepEqual(images({ imageUri: "a:latest" }, [b.urn]), ["a"], "a value match wins");
            assert.deepEqual(images({ imageUri: "123456789012.dkr.ecr.us-west-2.amazonaws.com/elsewhere:1" }, [b.urn]), ["b"], "no value match: the dependency");
            assert.deepEqual(images({ imageUri: "123456789012.dkr.ecr.us-west-2.amazonaws.com/elsewhere:1" }), []);
            // In a preview every ref is unknown: the dependency tells which image, not the shared placeholder.
            const pending = (name: string) => image(name, { outputs: { ref: UNKNOWN_VALUE } });
            const context = contextOf(pending("x"), pending("y"));
            assert.deepEqual(imagesOf(context, fn({ imageUri: UNKNOWN_VALUE }, { propertyDependencies: { imageUri: [context.resources[1].urn] } })).map((i) => i.name), ["y"]);
        });

        it("aws-lambda-image-manifest and -architecture: a zip function is not judged; exec is reported on imageUri", () => {
            const multi = image("a", { inputs: { tags: ["a:latest"], platforms: ["linux/arm64", "linux/amd64"], exec: true } });
            for (const id of ["aws-lambda-image-manifest", "aws-lambda-image-architecture"]) {
                assert.deepEqual(judge(id, multi, fn({ packageType: "Zip", imageUri: "a:latest", architectures: ["x86_64"] })), [], id);
            }
            const found = judge("aws-lambda-image-manifest", multi, fn({ imageUri: "a:latest" }));
            assert.deepEqual(found.map((f) => [f.property, f.value]), [["imageUri", ["linux/arm64", "linux/amd64"]], ["imageUri", "exec: true"]]);
        });

        it("aws-lambda-image-architecture: two platforms are the manifest rule's; a platform or architecture not known yet is not judged; arm64 wants linux/arm64", () => {
            const architecture = (platforms: unknown, architectures: unknown = ["x86_64"]) => judge("aws-lambda-image-architecture", image("a", { inputs: { tags: ["a:latest"], platforms } }), fn({ imageUri: "a:latest", architectures }));
            assert.deepEqual(architecture(["linux/arm64", "linux/amd64"]), []);
            assert.deepEqual(architecture([UNKNOWN_VALUE]), []);
            assert.deepEqual(architecture(["linux/arm64"], [UNKNOWN_VALUE]), []);
            assert.match(architecture(undefined, ["arm64"])[0]?.message ?? "", /need not be the function's arm64: set platforms to \["linux\/arm64"\]/);
            assert.match(architecture(["linux/amd64"], ["arm64"])[0]?.message ?? "", /build linux\/arm64 or set architectures/);
        });

        it("reads an integration's function from its ARN, invokeArn or qualified ARN, in any partition; anything else is malformed", () => {
            const target = (integrationUri: unknown, inputs: Record<string, unknown> = {}) => {
                const found = lambdaTargetOf(contextOf(fn(), integration({ integrationUri, ...inputs })), integration({ integrationUri, ...inputs }));
                return found && { ...found, resource: found.resource?.name };
            };
            const invoke = (arn: string, region = "us-west-2", partition = "aws") => `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`;
            for (const uri of [ARN, invoke(ARN), `${ARN}:$LATEST`]) {
                assert.deepEqual(target(uri), { resource: "backend", region: "us-west-2", invocationRegion: uri === ARN || uri.endsWith("$LATEST") ? undefined : "us-west-2", malformed: false }, uri);
            }
            const gov = "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:backend:live";
            assert.deepEqual(target(invoke(gov, "us-gov-west-1", "aws-us-gov")), { resource: undefined, region: "us-gov-west-1", invocationRegion: "us-gov-west-1", malformed: false });
            assert.deepEqual(target(invoke(ARN, "us-east-1")), { resource: undefined, region: "us-west-2", invocationRegion: "us-east-1", malformed: false });
            assert.deepEqual(target("arn:aws:lambda:eu-west-1:123456789012:function:other"), { resource: undefined, region: "eu-west-1", invocationRegion: undefined, malformed: false });
            for (const uri of [`x${ARN}`, `${ARN}:live/1`, `x${invoke(ARN)}`, `${invoke(ARN)}/x`, "https://example.com/items"]) {
                assert.deepEqual(target(uri), { resource: undefined, region: undefined, invocationRegion: undefined, malformed: true }, uri);
            }
            // Not known yet: the function through the dependency, its region from its provider.
            const pending = integration({ integrationUri: UNKNOWN_VALUE }, { propertyDependencies: { integrationUri: [fn().urn] } });
            assert.deepEqual(lambdaTargetOf(contextOf(fn(), pending), pending), { resource: fn(), region: "us-west-2", malformed: false });
            assert.deepEqual(lambdaTargetOf(contextOf(pending), pending), { resource: undefined, region: undefined, malformed: false });
            // Only a Lambda proxy integration without a subtype invokes a function.
            assert.equal(target(ARN, { integrationSubtype: "SQS-SendMessage" }), undefined);
            assert.equal(target(ARN, { integrationType: "HTTP_PROXY" }), undefined);
        });

        it("waits for an integration its timeout, else 29 s on a WebSocket API and 30 s on an HTTP API or one not in the program", () => {
            const api = (protocolType: string) => ruleResource("api", "aws:apigatewayv2/api:Api", { inputs: { protocolType } });
            assert.equal(integrationTimeoutMs(integration({}), api("WEBSOCKET")), 29000);
            assert.equal(integrationTimeoutMs(integration({}), api("HTTP")), 30000);
            assert.equal(integrationTimeoutMs(integration({}), undefined), 30000);
            assert.equal(integrationTimeoutMs(integration({ timeoutMilliseconds: 5000 }), api("WEBSOCKET")), 5000);
        });

        it("aws-lambda-timeout-under-integration: only the integrations of this function count, on their API's timeout; an unknown one is not judged", () => {
            const websocket = ruleResource("ws", "aws:apigatewayv2/api:Api", { inputs: { protocolType: "WEBSOCKET" }, outputs: { id: "ws123" } });
            const other = ruleResource("other", FUNCTION, { inputs: { timeout: 60 }, outputs: { arn: "arn:aws:lambda:us-west-2:123456789012:function:other" } });
            const proxy = ruleResource("site", INTEGRATION, { inputs: { integrationType: "HTTP_PROXY", integrationUri: "https://example.com" } });
            const timeout = (fnTimeout: number, inputs: Record<string, unknown>) => judge("aws-lambda-timeout-under-integration", proxy, other, websocket, fn({ timeout: fnTimeout }), integration({ integrationUri: ARN, ...inputs }));
            assert.deepEqual(timeout(29, {}), []);
            const ws = timeout(29, { apiId: "ws123" });
            assert.deepEqual(ws.map((f) => f.resource), ["backend (aws:lambda/function:Function)"]);
            assert.match(ws[0].message, /gives up after 29000 ms and the API answers 503: .*set timeout below 29 s/);
            assert.deepEqual(timeout(60, { timeoutMilliseconds: UNKNOWN_VALUE }), []);
        });

        it("aws-lambda-permission-api-gateway: API Gateway's principal is judged without a source ARN; an execute-api ARN in any Region or partition, and no other, passes", () => {
            const permission = (inputs: Record<string, unknown>, region = "us-west-2") => judge("aws-lambda-permission-api-gateway", ruleResource("api-invoke", PERMISSION, { inputs: { action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", ...inputs }, region }));
            assert.deepEqual(permission({ action: "lambda:GetFunction" }).map((f) => f.property), ["action"]);
            assert.deepEqual(permission({ principal: "events.amazonaws.com" }), []);
            assert.match(permission({ principal: "apigateway.amazon.com", sourceArn: "arn:aws:execute-api:us-west-2:123456789012:a1b2c3d4e5/*/*" })[0]?.message ?? "", /the principal is apigateway.amazonaws.com; with "apigateway.amazon.com" API Gateway may not invoke/);
            assert.deepEqual(permission({ sourceArn: "arn:aws:execute-api:*:123456789012:a1b2c3d4e5/*/*" }), []);
            assert.deepEqual(permission({ sourceArn: "arn:aws-cn:execute-api:cn-north-1:123456789012:a1b2c3d4e5/*/*" }, "cn-north-1"), []);
            assert.deepEqual(permission({ sourceArn: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*" }).map((f) => [f.property, f.value]), [["sourceArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*"]]);
            for (const sourceArn of ["xarn:aws:execute-api:us-west-2:123456789012:a1b2c3d4e5/*/*", "arn:aws:execute-api:us-west-2:123456789012:a1b2c3d4e5/*/*\n"]) {
                assert.match(permission({ sourceArn })[0]?.message ?? "", /matches no request/, sourceArn);
            }
            assert.deepEqual(permission({ sourceArn: UNKNOWN_VALUE }), []);
        });

        it("aws-lambda-secrets-readable: SECRETS_FROM not known yet is not judged; a value that is not text is named; the role is found by its ARN alone", async () => {
            assert.deepEqual(judge("aws-lambda-secrets-readable", fn({ environment: { variables: { SECRETS_FROM: UNKNOWN_VALUE } } })), []);
            assert.match(judge("aws-lambda-secrets-readable", fn({ environment: { variables: { SECRETS_FROM: JSON.stringify({ N: 1 }) } } }))[0]?.message ?? "", /^the value of N is not a string; the app reads ARNs only/);
            const record = await runProgram({ project: "shop", stack: "dev", config: { "aws:region": "us-west-2" }, program: secretFunction(CONTRACT_SECRETS_FROM, [{ Effect: "Allow", Action: "ssm:GetParameters", Resource: PARAMETER_ARN }, { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }]) });
            const context = ruleContextOf(record);
            const backend = context.resources.find((r) => r.type === FUNCTION)!;
            backend.propertyDependencies = {};
            assert.deepEqual(runRule(rule("aws-lambda-secrets-readable"), context).map((f) => f.value), ["API_TOKEN"]);
        });
    });
});

/**
 * Lambda: what CreateFunction accepts that AWS's CloudFormation validator
 * does not check (the grammar and size of environment variables, the memory
 * limit outside Lambda Managed Instances), the container image a function
 * runs (in ECR in its Region, one manifest for its architecture), and what
 * an API Gateway in front of it needs (a function timeout below the
 * integration's, a permission that lets API Gateway invoke it), and that its
 * role may read the secrets the app is given in SECRETS_FROM.
 *
 * Checked by the validator and not here (test/lib/aws-rules/cloudformation/
 * validator.test.ts shows each): reserved environment keys (cfn-lint E3663),
 * memory below 128 MB, a timeout outside 1 to 900 s, one architecture of
 * x86_64 or arm64.
 */
import { readTarget, sourceByArn } from "../secrets";
import { AwsRule, Problem, RuleContext, RuleResource, UNKNOWN_VALUE } from "../types";
import { iamMatches, isKnown, list, obj, ofType, parseJson, referenced, refusal, roleGrants } from "../util";

export const FUNCTION = "aws:lambda/function:Function";
export const PERMISSION = "aws:lambda/permission:Permission";
export const INTEGRATION = "aws:apigatewayv2/integration:Integration";
const IMAGE = "docker-build:index:Image";
const API = "aws:apigatewayv2/api:Api";

const ENVIRONMENT_DOC = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html";
const QUOTAS_DOC = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
const IMAGES_DOC = "https://docs.aws.amazon.com/lambda/latest/dg/images-create.html";

/**
 * An environment variable key: "Keys start with a letter and are at least
 * two characters. Keys only contain letters, numbers, and the underscore
 * character" (the console's requirements, configuration-envvars.html; the
 * API's key pattern `[a-zA-Z]([a-zA-Z0-9_])+`, matched whole). The
 * CloudFormation schema has the same pattern unanchored, so the validator
 * passes `my-var` and `1ST_KEY` (they contain a match), which Lambda refuses.
 */
export const ENVIRONMENT_KEY = /^[a-zA-Z][a-zA-Z0-9_]+$/;

/**
 * "Function environment variables: 4 KB, for all environment variables
 * associated with the function, in aggregate" (Lambda quotas). Lambda
 * measures the variables as one compact JSON object: its refusal quotes it,
 * "...exceeded the 4KB limit. String measured: {"KEY":"value",...}"
 * (github-aws-runners/terraform-aws-github-runner#3594), and LocalStack
 * measures `json.dumps(variables, separators=(",", ":"))` in UTF-8 bytes
 * against 4,096.
 */
export const ENVIRONMENT_MAX_BYTES = 4096;

/** The size Lambda measures: the variables as compact JSON, in UTF-8 bytes (a value not known yet counts as empty). */
export function environmentBytes(variables: Record<string, unknown>): number {
    const known = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, isKnown(v) ? v : ""]));
    return Buffer.byteLength(JSON.stringify(known)); // UTF-8, Buffer's default
}

export const functionEnvironment: AwsRule = {
    id: "aws-lambda-environment",
    description: "A function's environment variable keys start with a letter and have at least two letters, digits or underscores, and all variables together are at most 4 KB (as compact JSON).",
    level: "error",
    effect: "refused",
    types: [FUNCTION],
    properties: ["environment.variables"],
    source: ENVIRONMENT_DOC,
    nearest: { cfnLint: "E3663 (reserved keys only); the schema's key pattern is unanchored", terraform: "aws_lambda_function environment: no validation (AWS refuses it)" },
    check(fn) {
        const variables = obj(obj(fn.inputs.environment).variables);
        const problems: Problem[] = Object.keys(variables)
            .filter((key) => key !== UNKNOWN_VALUE && !ENVIRONMENT_KEY.test(key))
            .map((key) => ({
                property: `environment.variables.${key}`,
                value: key,
                message: `Lambda refuses the key ${JSON.stringify(key)}: keys start with a letter and have at least two characters, only letters, digits and _ (pattern [a-zA-Z][a-zA-Z0-9_]+, ${ENVIRONMENT_DOC})`,
            }));
        const bytes = environmentBytes(variables);
        if (bytes > ENVIRONMENT_MAX_BYTES) {
            problems.push({ property: "environment.variables", value: `${bytes} bytes`, message: `the variables measure ${bytes} bytes as JSON; Lambda takes at most ${ENVIRONMENT_MAX_BYTES} bytes (4 KB) in all ("exceeded the 4KB limit", ${QUOTAS_DOC}); move large values to SSM Parameter Store or Secrets Manager` });
        }
        return problems;
    },
};

/**
 * "Function memory allocation: 128 MB to 10,240 MB, in 1-MB increments"
 * (Lambda quotas). The CloudFormation schema allows up to 32,768 MB, the
 * limit of functions on Lambda Managed Instances (`capacityProviderConfig`),
 * so the validator passes 10,241 to 32,768 for every function.
 */
export const FUNCTION_MAX_MEMORY_MB = 10240;

export const functionMemory: AwsRule = {
    id: "aws-lambda-memory",
    description: "A function not on Lambda Managed Instances has at most 10,240 MB of memory.",
    level: "error",
    effect: "refused",
    types: [FUNCTION],
    properties: ["memorySize"],
    source: QUOTAS_DOC,
    nearest: { cfnLint: "E3034 (maximum 32,768 from the schema)", terraform: "aws_lambda_function memory_size: no validation" },
    check(fn) {
        const memory = fn.inputs.memorySize;
        if (fn.inputs.capacityProviderConfig !== undefined || typeof memory !== "number" || memory <= FUNCTION_MAX_MEMORY_MB) {
            return [];
        }
        return [{ property: "memorySize", value: memory, message: `${memory} MB is more than a Lambda function may have: 128 to ${FUNCTION_MAX_MEMORY_MB} MB (only functions on Lambda Managed Instances, with capacityProviderConfig, go higher)` }];
    },
};

/**
 * A private ECR image URI: `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repository>[:tag][@sha256:digest]`.
 * Groups: account, `ecr` or `ecr-fips`, region.
 */
export const ECR_IMAGE_URI = /^(\d{12})\.dkr\.(ecr|ecr-fips)\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/[a-z0-9][a-z0-9._/-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export const functionImageUri: AwsRule = {
    id: "aws-lambda-image-uri",
    description: "An image function's imageUri is an image in a private Amazon ECR repository of the function's Region (any account; not a FIPS endpoint).",
    level: "error",
    effect: "refused",
    types: [FUNCTION],
    properties: ["imageUri", "packageType"],
    source: IMAGES_DOC,
    nearest: { terraform: "aws_lambda_function image_uri: no validation (AWS refuses it)" },
    check(fn) {
        const uri = fn.inputs.imageUri;
        if (fn.inputs.packageType !== "Image" || !isKnown(uri)) {
            return [];
        }
        const match = ECR_IMAGE_URI.exec(String(uri));
        if (!match) {
            return [{ property: "imageUri", value: uri, message: `is not an image in a private Amazon ECR repository (<account>.dkr.ecr.${fn.region}.amazonaws.com/<repository>:<tag> or @sha256:<digest>), the only registry Lambda runs images from (${IMAGES_DOC})` }];
        }
        const [, , endpoint, region] = match;
        if (endpoint === "ecr-fips") {
            return [{ property: "imageUri", value: uri, message: `names ECR's FIPS endpoint (ecr-fips); "Lambda does not support Amazon ECR FIPS endpoints for container images": use <account>.dkr.ecr.${region}.amazonaws.com (${IMAGES_DOC})` }];
        }
        if (fn.region && region !== fn.region) {
            return [{ property: "imageUri", value: uri, message: `is in ECR in ${region}, the function in ${fn.region}; "The Amazon ECR repository must be in the same AWS Region as the Lambda function" (another account is fine): push the image to ${fn.region} (${IMAGES_DOC})` }];
        }
        return [];
    },
};

/** The docker-build images whose pushed result the function runs: by value (ref, tag), else by the recorded dependency of imageUri. */
export function imagesOf(context: RuleContext, fn: RuleResource): RuleResource[] {
    const images = ofType(context, IMAGE);
    const uri = fn.inputs.imageUri;
    if (isKnown(uri)) {
        const byValue = images.filter((i) => i.outputs?.ref === uri || list(i.inputs.tags).includes(uri));
        if (byValue.length > 0) {
            return byValue;
        }
    }
    // Stryker disable next-line ArrayDeclaration: no URN is "Stryker was here", so a list without the images' URNs is the same as none.
    const urns = new Set(fn.propertyDependencies.imageUri ?? []);
    return images.filter((i) => urns.has(i.urn));
}

const PROVIDER_CLIENT = "https://github.com/pulumi/pulumi-docker-build/blob/v0.0.22/provider/internal/client.go";

export const functionImageManifest: AwsRule = {
    id: "aws-lambda-image-manifest",
    description: "The image a function runs is one image manifest, not an image index: its docker-build Image builds one platform, without the exec mode (whose buildx adds a provenance attestation).",
    level: "error",
    effect: "refused",
    types: [FUNCTION],
    properties: ["imageUri"],
    source: IMAGES_DOC,
    nearest: {},
    check(fn, context) {
        if (fn.inputs.packageType !== "Image") {
            return [];
        }
        return imagesOf(context, fn).flatMap((image): Problem[] => {
            const platforms = list(image.inputs.platforms);
            const problems: Problem[] = [];
            if (platforms.length > 1) {
                problems.push({
                    property: "imageUri",
                    value: platforms,
                    message: `image ${image.name} builds ${platforms.length} platforms (${platforms.map(String).join(", ")}), so ECR holds an image index; Lambda refuses it ("The image manifest, config or layer media type for the source image ... is not supported", aws/aws-lambda-roadmap#82; "The image that you build for your function must target only one of the architectures", ${IMAGES_DOC}): build only the function's platform`,
                });
            }
            if (image.inputs.exec === true) {
                problems.push({
                    property: "imageUri",
                    value: "exec: true",
                    message: `image ${image.name} builds with exec, which runs docker buildx build without --provenance=false (pulumi-docker-build v0.0.22 provider/internal/cli.go: "TODO: --attest"); buildx adds a provenance attestation by default (docker/buildx#1507), which makes the push an image index Lambda refuses (aws/aws-lambda-roadmap#82): leave exec unset, as the embedded build turns provenance off (${PROVIDER_CLIENT}, Attests "provenance": nil)`,
                });
            }
            return problems;
        });
    },
};

/** The Lambda architecture a build platform runs on (`linux/amd64` -> x86_64, `linux/arm64[/v8]` -> arm64), or undefined. */
export function lambdaArchitectureOf(platform: string): "x86_64" | "arm64" | undefined {
    if (platform === "linux/amd64") return "x86_64";
    if (platform === "linux/arm64" || platform === "linux/arm64/v8") return "arm64";
    return undefined;
}

export const functionImageArchitecture: AwsRule = {
    id: "aws-lambda-image-architecture",
    description: "The image a function runs is built for the function's architecture: linux/amd64 for x86_64 (the default), linux/arm64 for arm64.",
    level: "error",
    effect: "broken",
    types: [FUNCTION],
    properties: ["architectures"],
    source: IMAGES_DOC,
    nearest: {},
    check(fn, context) {
        const architecture = list(fn.inputs.architectures)[0] ?? "x86_64";
        if (fn.inputs.packageType !== "Image" || !isKnown(architecture)) {
            return [];
        }
        const wanted = architecture === "arm64" ? "linux/arm64" : "linux/amd64";
        return imagesOf(context, fn).flatMap((image): Problem[] => {
            const platforms = list(image.inputs.platforms);
            if (platforms.length === 0) {
                return [{ property: "architectures", value: architecture, message: `image ${image.name} sets no platforms, so it is built for the builder's own CPU, which need not be the function's ${String(architecture)}: set platforms to ["${wanted}"]` }];
            }
            if (platforms.length !== 1 || !isKnown(platforms[0]) || lambdaArchitectureOf(String(platforms[0])) === architecture) {
                return [];
            }
            return [{ property: "architectures", value: architecture, message: `image ${image.name} is built for ${String(platforms[0])}, but the function runs on ${String(architecture)}: the function deploys and cannot start it ("the image architecture must match the compute architecture"); build ${wanted} or set architectures to match (${IMAGES_DOC})` }];
        });
    },
};

/** A Lambda function ARN: partition, region, account, name, qualifier. */
export const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::(\$LATEST|[A-Za-z0-9_-]+))?$/;

/** A function's invocation URI (a function's `invokeArn`): region, then the function ARN. */
export const INVOCATION_URI = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):lambda:path\/2015-03-31\/functions\/(arn:[^/]+)\/invocations$/;

/** What an integration's URI says about a Lambda function: the ARN's parts, and the program's function it names. */
export interface LambdaTarget {
    /** The function's region, from its ARN, else its provider's. */
    region?: string;
    /** The region of an invocation URI's `apigateway` part. */
    invocationRegion?: string;
    /** The program's function, when the URI names one. */
    resource?: RuleResource;
    /** The ARN or URI is not a Lambda function's. */
    malformed: boolean;
}

/** The Lambda function an AWS_PROXY integration without a subtype invokes (undefined for other integrations). */
export function lambdaTargetOf(context: RuleContext, integration: RuleResource): LambdaTarget | undefined {
    if (integration.inputs.integrationType !== "AWS_PROXY" || integration.inputs.integrationSubtype !== undefined) {
        return undefined;
    }
    const resource = referenced(integration, "integrationUri", ofType(context, FUNCTION), ["arn", "invokeArn", "qualifiedArn"])[0];
    const uri = integration.inputs.integrationUri;
    if (!isKnown(uri)) {
        return { resource, region: resource?.region, malformed: false };
    }
    const text = String(uri);
    const invocation = INVOCATION_URI.exec(text);
    const arn = FUNCTION_ARN.exec(invocation ? invocation[2] : text);
    return { resource, region: arn?.[2] ?? resource?.region, invocationRegion: invocation?.[1], malformed: arn === null };
}

/** The integrations of the program that invoke a function. */
export function integrationsInvoking(context: RuleContext, fn: RuleResource): RuleResource[] {
    return ofType(context, INTEGRATION).filter((i) => lambdaTargetOf(context, i)?.resource === fn);
}

/** The API an integration belongs to, when the program has it. */
export function apiOf(context: RuleContext, integration: RuleResource): RuleResource | undefined {
    return referenced(integration, "apiId", ofType(context, API), ["id"])[0];
}

/**
 * How long API Gateway waits for an integration: its timeoutMilliseconds,
 * else the default, "30 seconds for HTTP APIs" and 29 for WebSocket APIs
 * (AWS::ApiGatewayV2::Integration TimeoutInMillis).
 */
export function integrationTimeoutMs(integration: RuleResource, api: RuleResource | undefined): unknown {
    return integration.inputs.timeoutMilliseconds ?? (api?.inputs.protocolType === "WEBSOCKET" ? 29000 : 30000);
}

/** Lambda's default timeout, seconds ("The default is 3 seconds", AWS::Lambda::Function Timeout). */
export const DEFAULT_FUNCTION_TIMEOUT_S = 3;

/**
 * An HTTP API waits at most 30 s for an integration ("The maximum
 * integration timeout for HTTP APIs is 30 seconds", API Gateway docs team in
 * awsdocs/amazon-api-gateway-developer-guide#74; http-api-quotas.html), then
 * answers 503 "Service Unavailable" while the function goes on running
 * (anomalyco/sst#2232): a synchronous invocation is not cancelled when its
 * caller stops waiting, and Lambda bills its duration.
 */
export const functionTimeoutUnderIntegration: AwsRule = {
    id: "aws-lambda-timeout-under-integration",
    description: "A function an API Gateway integration invokes times out before the integration does (an HTTP API waits at most 30 s), so no invocation outlives its request.",
    level: "warning",
    effect: "broken",
    types: [FUNCTION],
    properties: ["timeout"],
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html",
    nearest: {},
    check(fn, context) {
        const timeout = fn.inputs.timeout ?? DEFAULT_FUNCTION_TIMEOUT_S;
        if (typeof timeout !== "number") {
            return [];
        }
        return integrationsInvoking(context, fn).flatMap((integration): Problem[] => {
            const waits = integrationTimeoutMs(integration, apiOf(context, integration));
            if (typeof waits !== "number" || timeout * 1000 < waits) {
                return [];
            }
            return [{ property: "timeout", value: timeout, message: `the function may run ${timeout} s, but integration ${integration.name} gives up after ${waits} ms and the API answers 503: the invocation keeps running, and billing, for a client that has gone; set timeout below ${waits / 1000} s (the HTTP API integration timeout is at most 30 s, http-api-quotas.html)` }];
        });
    },
};

/** Actions that let a principal invoke a function. */
const INVOKE_ACTIONS = ["lambda:InvokeFunction", "lambda:*", "*"];

/** An API Gateway execution ARN pattern: `arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<method>/<path>`; region, account, api id. */
export const EXECUTE_API_ARN = /^arn:aws[a-z-]*:execute-api:([a-z0-9-]+|\*):(\d{12}|\*):([a-z0-9]+|\*)\/.+$/;

const PERMISSION_DOC = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html";

export const apiGatewayPermission: AwsRule = {
    id: "aws-lambda-permission-api-gateway",
    description: "A permission for API Gateway grants lambda:InvokeFunction to apigateway.amazonaws.com, from an execution ARN arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<method>/<path> in the function's Region.",
    level: "error",
    effect: "broken",
    types: [PERMISSION],
    properties: ["action", "principal", "sourceArn"],
    source: PERMISSION_DOC,
    nearest: { cfnLint: "F3031 (the patterns of Action and SourceArn)" },
    check(permission) {
        const { action, principal, sourceArn } = permission.inputs;
        const forApiGateway = principal === "apigateway.amazonaws.com" || String(sourceArn).includes(":execute-api:");
        if (!forApiGateway) {
            return [];
        }
        const problems: Problem[] = [];
        if (isKnown(principal) && principal !== "apigateway.amazonaws.com") {
            problems.push({ property: "principal", value: principal, message: `the source ARN is API Gateway's, so the principal is apigateway.amazonaws.com; with ${JSON.stringify(principal)} API Gateway may not invoke the function and answers 500` });
        }
        if (isKnown(action) && !INVOKE_ACTIONS.includes(String(action))) {
            problems.push({ property: "action", value: action, message: `API Gateway invokes the function with lambda:InvokeFunction; ${JSON.stringify(action)} does not allow it, so the API answers 500` });
        }
        if (isKnown(sourceArn)) {
            const match = EXECUTE_API_ARN.exec(String(sourceArn));
            if (!match) {
                problems.push({ property: "sourceArn", value: sourceArn, message: `matches no request: API Gateway invokes with arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<method>/<path> (for any stage and route: the API's executionArn followed by /*/*)` });
            } else if (match[1] !== "*" && permission.region && match[1] !== permission.region) {
                problems.push({ property: "sourceArn", value: sourceArn, message: `is an API in ${match[1]}, the function in ${permission.region}: an API reaches functions of its own Region only ("Functions from '${permission.region}' are not reachable in this region", aws/aws-cdk#17458)` });
            }
        }
        return problems;
    },
};

/** Sample request ARNs of the API's routes that target an integration, one per stage: `<executionArn>/<stage>/<method>/<path>`. */
export function requestArns(context: RuleContext, api: RuleResource, integration: RuleResource): string[] | undefined {
    const executionArn = api.outputs?.executionArn;
    if (typeof executionArn !== "string" || !isKnown(executionArn)) {
        return undefined;
    }
    const id = integration.outputs?.id;
    const routes = ofType(context, "aws:apigatewayv2/route:Route").filter(
        (r) => referenced(r, "apiId", [api], ["id"]).length > 0 && ((typeof id === "string" && r.inputs.target === `integrations/${id}`) || (r.propertyDependencies.target ?? []).includes(integration.urn)),
    );
    const stages = ofType(context, "aws:apigatewayv2/stage:Stage")
        .filter((s) => referenced(s, "apiId", [api], ["id"]).length > 0)
        .map((s) => String(s.inputs.name));
    const paths = routes.map((r) => String(r.inputs.routeKey)).map((key) => {
        if (key === "$default") return "$default";
        const [method, path = ""] = key.split(" ");
        // A route key's path starts with "/" ("GET /pets"), which the request ARN drops.
        return `${method === "ANY" ? "GET" : method}/${path.slice(1)}`;
    });
    return (stages.length > 0 ? stages : ["$default"]).flatMap((stage) => (paths.length > 0 ? paths : ["GET/"]).map((p) => `${executionArn}/${stage}/${p}`));
}

/** Whether a permission lets API Gateway invoke the function for every sample request (an unknown source ARN counts as allowing). */
export function allowsInvoke(permission: RuleResource, requests: string[] | undefined): boolean {
    const { action, principal, sourceArn } = permission.inputs;
    if ((isKnown(principal) && principal !== "apigateway.amazonaws.com") || (isKnown(action) && !INVOKE_ACTIONS.includes(String(action)))) {
        return false;
    }
    if (!isKnown(sourceArn) || requests === undefined) {
        return true;
    }
    return requests.every((r) => iamMatches(String(sourceArn), r));
}

/**
 * The one variable through which the program gives the app its secrets:
 * Lambda has no `secrets` like ECS, so SECRETS_FROM is a compact JSON object
 * of variable names to SSM parameter or Secrets Manager secret ARNs, and the
 * app reads each at start (app/backend/secrets.js) with ssm:GetParameter or
 * secretsmanager:GetSecretValue.
 */
export const SECRETS_FROM = "SECRETS_FROM";

/** The action the app reads a parameter with (GetParameter, one name a call). */
export const APP_PARAMETER_ACTION = "ssm:GetParameter";

export const functionSecretsReadable: AwsRule = {
    id: "aws-lambda-secrets-readable",
    description: `A function's ${SECRETS_FROM}, when set, is a JSON object of names to SSM parameter or Secrets Manager secret ARNs, and the function's role may read each: ${APP_PARAMETER_ACTION} on the parameters, secretsmanager:GetSecretValue on the secrets.`,
    level: "error",
    effect: "broken",
    types: [FUNCTION],
    properties: [`environment.variables.${SECRETS_FROM}`],
    source: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
    nearest: {},
    check(fn, context) {
        const raw = obj(obj(fn.inputs.environment).variables)[SECRETS_FROM];
        if (!isKnown(raw)) {
            return [];
        }
        const property = `environment.variables.${SECRETS_FROM}`;
        const parsed = parseJson(String(raw));
        // Never the value in a finding: a mistaken SECRETS_FROM may hold a secret itself.
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
            return [{ property, message: `is not a JSON object of names to ARNs ({"API_TOKEN":"arn:aws:ssm:...:parameter/..."}); the app cannot read its secrets, so it fails at start` }];
        }
        const problems: Problem[] = [];
        const sources = Object.entries(parsed as Record<string, unknown>).flatMap(([name, arn]) => {
            const source = typeof arn === "string" ? sourceByArn(arn) : { kind: "invalid" as const, why: "is not a string" };
            if (source.kind === "invalid") {
                problems.push({ property, value: name, message: `the value of ${name} ${source.why}; the app reads ARNs only, so it fails at start` });
                return [];
            }
            return [{ name, arn: String(arn), source }];
        });
        const role = referenced(fn, "role", ofType(context, "aws:iam/role:Role"), ["arn"])[0];
        if (!role) {
            return problems;
        }
        const grants = roleGrants(context, role);
        if (grants.unknown) {
            return problems;
        }
        for (const { name, arn, source } of sources) {
            const target = readTarget(source, fn.region, undefined, APP_PARAMETER_ACTION)!;
            const why = target.arns.map((a) => refusal(grants, target.action, a));
            if (why.every((w) => w !== undefined)) {
                problems.push({ property, value: name, message: `role ${role.name} may not ${target.action} on ${target.shown} (${why[0]}): the app reads ${name} (${arn}) when it starts, so every cold start fails with AccessDeniedException and the function answers no request. Allow ${target.action} on it in the function role's policy` });
            }
        }
        return problems;
    },
};

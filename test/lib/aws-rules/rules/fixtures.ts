/**
 * What the AWS rule tests share: a program run offline with one rule over it,
 * and the programs more than one rule module judges (a Lambda function behind
 * an HTTP API, and the backend's task and function with the contract's app
 * secrets).
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { AWS_RULES, AwsRule, Finding, RuleContext, RuleResource, runRule } from "../../../../lib/aws-rules";
import { ruleContextOf } from "../../../../offline/aws-checks";
import { runProgram } from "../../../../offline/engine";

export const rule = (id: string): AwsRule => {
    const found = AWS_RULES.find((r) => r.id === id);
    assert.ok(found, id);
    return found;
};

/** Runs a program in a region and returns one rule's findings. */
export async function findings(id: string, program: () => void, region = "us-west-2"): Promise<Finding[]> {
    const record = await runProgram({ project: "shop", stack: "dev", config: { "aws:region": region }, program });
    return runRule(rule(id), ruleContextOf(record));
}

/** A custom resource as the rules see it, built by hand: no inputs, outputs or dependencies unless given. */
export function ruleResource(name: string, type: string, fields: Partial<RuleResource> = {}): RuleResource {
    return { urn: `urn:pulumi:dev::shop::${type}::${name}`, type, name, inputs: {}, outputs: {}, dependencies: [], propertyDependencies: {}, region: "us-west-2", custom: true, ...fields };
}

/** A fresh context of these resources in us-west-2 (rules index a context once). */
export function contextOf(...resources: RuleResource[]): RuleContext {
    return { resources, region: "us-west-2", lookups: { subnets: {} } };
}

/** The properties one rule finds fault with. */
export const properties = async (id: string, program: () => void): Promise<string[]> => (await findings(id, program)).map((f) => f.property);

export const assumeEcsTasks = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });

export interface LambdaApi {
    fn?: Partial<aws.lambda.FunctionArgs>;
    integration?: Partial<aws.apigatewayv2.IntegrationArgs>;
    /** The permission's arguments, or false for none. */
    permission?: Partial<aws.lambda.PermissionArgs> | false;
    image?: Partial<dockerBuild.ImageArgs>;
    /** The function's (and its permission's) region, when not the stack's. */
    functionRegion?: string;
}
export const REPOSITORY = "123456789012.dkr.ecr.us-west-2.amazonaws.com/shop-backend";
/** The serverless stack's shape: a single-platform image, the function, an HTTP API with a Lambda proxy integration, its route, stage and invoke permission. */
export const lambdaApi = (o: LambdaApi = {}) => () => {
    const image = new dockerBuild.Image("backend-image", { tags: [`${REPOSITORY}:latest`], push: true, context: { location: "." }, platforms: ["linux/amd64"], ...o.image });
    const provider = o.functionRegion ? new aws.Provider("function-region", { region: o.functionRegion as aws.Region }) : undefined;
    const fn = new aws.lambda.Function("backend", { packageType: "Image", imageUri: image.ref, role: "arn:aws:iam::123456789012:role/backend", architectures: ["x86_64"], memorySize: 512, timeout: 29, ...o.fn }, { provider });
    const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
    const integration = new aws.apigatewayv2.Integration("api-backend", { apiId: api.id, integrationType: "AWS_PROXY", integrationMethod: "POST", integrationUri: fn.arn, payloadFormatVersion: "2.0", timeoutMilliseconds: 30000, ...o.integration });
    new aws.apigatewayv2.Route("api-proxy", { apiId: api.id, routeKey: "ANY /{proxy+}", target: pulumi.interpolate`integrations/${integration.id}` });
    new aws.apigatewayv2.Stage("api-default", { apiId: api.id, name: "$default", autoDeploy: true });
    if (o.permission !== false) {
        new aws.lambda.Permission("api-invoke", { action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com", sourceArn: pulumi.interpolate`${api.executionArn}/*/*`, ...o.permission }, { provider });
    }
};

export const PARAMETER_NAME = "/shop/dev/backend/API_TOKEN";
export const PARAMETER_ARN = "arn:aws:ssm:us-west-2:123456789012:parameter/shop/dev/backend/API_TOKEN";
/** A secret by name: the program gives ECS its partial ARN, and the role `<name>-??????`. */
export const STRIPE = "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/stripe";
/** A secret by full ARN, as given. */
export const DB = "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf";
export const TASK_EXECUTION = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
export type Statements = (parameterArn: pulumi.Output<string>) => unknown[];
/** The contract's execution role policy: ssm:GetParameters on the parameter, secretsmanager:GetSecretValue on the secrets. */
export const contractStatements: Statements = (parameterArn) => [
    { Sid: "ReadTaskParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [parameterArn] },
    { Sid: "ReadTaskSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [`${STRIPE}-??????`, DB] },
];
export interface SecretTask {
    statements?: Statements;
    /** The container's secrets, given the parameter's ARN; default the contract's three. */
    secrets?: (parameterArn: pulumi.Output<string>) => unknown[];
    environment?: unknown[];
    /** Managed policies attached to the execution role; default AmazonECSTaskExecutionRolePolicy. */
    attached?: string[];
    /** The execution role: the program's (default), an external ARN, or none. */
    executionRole?: "program" | "external" | "none";
    /** A permissions boundary of the program, with these actions on "*". */
    boundary?: string[];
}
/** The backend's task with the contract's secrets: an SSM SecureString the program stores, a secret by name and one by ARN. */
export const secretTask = (o: SecretTask = {}) => () => {
    const parameter = new aws.ssm.Parameter("api-token", { name: PARAMETER_NAME, type: "SecureString", tier: "Standard", value: "s3cr3t" });
    const boundary = o.boundary ? new aws.iam.Policy("boundary", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: o.boundary, Resource: "*" }] }) }) : undefined;
    const role = new aws.iam.Role("web-execution", { path: "/shoestring/", assumeRolePolicy: assumeEcsTasks, permissionsBoundary: boundary?.arn });
    for (const [i, policyArn] of (o.attached ?? [TASK_EXECUTION]).entries()) {
        new aws.iam.RolePolicyAttachment(`web-execution-managed-${i}`, { role: role.name, policyArn });
    }
    new aws.iam.RolePolicy("web-execution-extra", { role: role.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: (o.statements ?? contractStatements)(parameter.arn) }) });
    const executionRoleArn = { program: role.arn, external: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole", none: undefined }[o.executionRole ?? "program"];
    const secrets = o.secrets ? o.secrets(parameter.arn) : [{ name: "API_TOKEN", valueFrom: parameter.arn }, { name: "STRIPE_KEY", valueFrom: STRIPE }, { name: "DB_PASSWORD", valueFrom: `${DB}:password::` }];
    new aws.ecs.TaskDefinition("t", { family: "shop-web", executionRoleArn, containerDefinitions: pulumi.jsonStringify([{ name: "web", image: "nginx", environment: o.environment ?? [{ name: "GREETING", value: "hello" }], secrets }]) });
};
/** The serverless backend with the contract's SECRETS_FROM and a role that reads them with the app's actions. */
export const secretFunction = (secretsFrom: string | undefined, statements: unknown[] = [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: PARAMETER_ARN }, { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [`${STRIPE}-??????`, DB] }], external = false) => () => {
    const role = new aws.iam.Role("backend-role", { path: "/shoestring/", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
    new aws.iam.RolePolicy("backend-policy", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
    new aws.lambda.Function("backend", { packageType: "Image", imageUri: "123456789012.dkr.ecr.us-west-2.amazonaws.com/shop-backend:latest", role: external ? "arn:aws:iam::123456789012:role/backend" : role.arn, environment: { variables: { PORT: "8080", ...(secretsFrom === undefined ? {} : { SECRETS_FROM: secretsFrom }) } } });
};
export const CONTRACT_SECRETS_FROM = JSON.stringify({ API_TOKEN: PARAMETER_ARN, STRIPE_KEY: STRIPE, DB_PASSWORD: DB });

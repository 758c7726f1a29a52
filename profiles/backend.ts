/**
 * What the backend is, wherever it runs: its image (built from the stack's
 * context, or a given image through the pull-through cache), the variables
 * the program gives it, and what its role may do (the table, and the
 * database's connection).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ContainerImage } from "../components/container-image";
import { BackendProgramVariable, DatabaseVariable } from "../lib/config-schema";
import { SharedParts } from "./parts";

/** The backend's image reference. */
export function backendImage(shared: SharedParts): pulumi.Input<string> {
    const { settings, backendRepository, cache, baseImageRegistry } = shared;
    const source = settings.backend.source;
    if (source.kind === "image") {
        return cache ? cache.rewrite(source.image) : source.image;
    }
    return new ContainerImage("backend-image", {
        repositoryUrl: backendRepository.repositoryUrl,
        context: source.context,
        dockerfile: source.dockerfile,
        architecture: settings.backend.architecture,
        buildArgs: { REGISTRY: baseImageRegistry },
        pullThroughCache: cache?.mirrorUrl,
    }).imageRef;
}

/**
 * The backend's environment: the stack's extra variables, then the ones the
 * program sets, typed by the list the config refuses in
 * `backend.environment`, so the two cannot drift. `AWS_REGION` is left out
 * where the runtime sets it itself (Lambda refuses it).
 */
export function backendEnvironment(shared: SharedParts, frontendUrl: pulumi.Output<string>, region: "set" | "runtime"): Record<string, pulumi.Input<string>> {
    const { settings, table, database } = shared;
    const own: Record<Exclude<BackendProgramVariable, DatabaseVariable | "AWS_REGION" | "SECRETS_FROM" | "AWS_LWA_PORT" | "AWS_LWA_READINESS_CHECK_PATH">, pulumi.Input<string>> = {
        PORT: String(settings.backend.port),
        FRONTEND_URL: frontendUrl,
        TABLE_NAME: table.tableName,
    };
    const environment: Record<string, pulumi.Input<string>> = { ...settings.backend.environment, ...own, ...(region === "set" ? { AWS_REGION: settings.region } : {}) };
    for (const [name, value] of Object.entries(database?.variables ?? {})) {
        // DB_SECRET_ARN is absent, not undefined, where there is no password.
        if (value !== undefined) {
            environment[name] = value;
        }
    }
    return environment;
}

/**
 * The variables the backend gets as secrets, name -> the ARN of the
 * parameter or secret (ECS `secrets[].valueFrom`), empty without any.
 */
export function backendSecretSources(shared: SharedParts): Record<string, pulumi.Output<string>> {
    return shared.backendSecrets?.valueFrom ?? {};
}

/**
 * `SECRETS_FROM` for a runtime that cannot inject secrets (Lambda): the
 * names and ARNs as compact JSON, read by the app at start
 * (app/backend/secrets.js). Never the values. Absent without secrets.
 */
export function secretsFromVariable(shared: SharedParts): Partial<Record<"SECRETS_FROM", pulumi.Output<string>>> {
    const sources = backendSecretSources(shared);
    return Object.keys(sources).length > 0 ? { SECRETS_FROM: pulumi.jsonStringify(sources) } : {};
}

/**
 * What the app itself needs to read its secrets on Lambda (`ssm:GetParameter`,
 * `secretsmanager:GetSecretValue`), exactly those; ECS reads them with the
 * execution role instead (FargateService `parameterArns`, `secretArns`).
 */
export function secretReadStatements(shared: SharedParts): pulumi.Input<aws.iam.PolicyStatement>[] {
    const secrets = shared.backendSecrets;
    const statements: aws.iam.PolicyStatement[] = [];
    if (secrets && secrets.parameterArns.length > 0) {
        statements.push({ Sid: "AppParameters", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: secrets.parameterArns });
    }
    if (secrets && secrets.secretArns.length > 0) {
        statements.push({ Sid: "AppSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secrets.secretArns });
    }
    return statements;
}

/** What the backend's role may do: the app's table, and whatever its database needs to connect. */
export function backendPolicyStatements(shared: SharedParts): pulumi.Input<aws.iam.PolicyStatement>[] {
    const { table, database } = shared;
    return [
        ...(database?.policyStatements ?? []),
        {
            Sid: "AppTable",
            Effect: "Allow",
            Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"],
            Resource: [table.tableArn, pulumi.interpolate`${table.tableArn}/index/*`],
        },
    ];
}

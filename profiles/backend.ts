/**
 * The backend: the API's image (built from the stack's context, or a given
 * image through the pull-through cache) on an ECS service attached to the
 * API entry, with the table and the database password it may use.
 */
import * as pulumi from "@pulumi/pulumi";
import { ContainerImage } from "../components/container-image";
import { FargateService } from "../components/fargate-service";
import { BackendProgramVariable } from "../lib/config-schema";
import { ServiceAttachment, SharedParts } from "./parts";

/** Builds the backend service; `frontendUrl` is its CORS origin. */
export function buildBackend(shared: SharedParts, frontendUrl: pulumi.Output<string>, attachment: ServiceAttachment): FargateService {
    const { settings, table, database, backendRepository, cache, baseImageRegistry, serviceDefaults } = shared;
    const source = settings.backend.source;
    const image: pulumi.Input<string> =
        source.kind === "image"
            ? cache
                ? cache.rewrite(source.image)
                : source.image
            : new ContainerImage("backend-image", {
                  repositoryUrl: backendRepository.repositoryUrl,
                  context: source.context,
                  dockerfile: source.dockerfile,
                  architecture: settings.backend.architecture,
                  buildArgs: { REGISTRY: baseImageRegistry },
                  pullThroughCache: cache?.mirrorUrl,
              }).imageRef;
    const secret = database.secretArn;
    // Typed by the list the config refuses in backend.environment, so the two cannot drift.
    const programVariables: Record<BackendProgramVariable, pulumi.Input<string>> = {
        PORT: String(settings.backend.port),
        FRONTEND_URL: frontendUrl,
        TABLE_NAME: table.tableName,
        DB_HOST: database.address,
        DB_PORT: database.port.apply(String),
        DB_NAME: database.dbName,
        DB_USER: database.username,
        // RDS rotates the managed password every 7 days and ECS injects
        // secrets only when a task starts, so the app reads the password
        // itself, with its task role, when it connects.
        DB_SECRET_ARN: secret,
    };
    const backend = new FargateService(
        "backend",
        {
            ...serviceDefaults,
            image,
            port: settings.backend.port,
            cpu: settings.backend.cpu,
            memory: settings.backend.memory,
            architecture: settings.backend.architecture,
            desiredCount: settings.backend.desiredCount,
            maxCount: settings.backend.maxCount,
            environment: { ...settings.backend.environment, ...programVariables },
            taskPolicyStatements: [
                { Sid: "DatabasePassword", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secret] },
                {
                    Sid: "AppTable",
                    Effect: "Allow",
                    Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"],
                    Resource: [table.tableArn, pulumi.interpolate`${table.tableArn}/index/*`],
                },
            ],
            discoveryNamespaceId: attachment.discoveryNamespaceId,
            targetGroupArn: attachment.targetGroupArn,
        },
        { dependsOn: attachment.dependsOn },
    );
    database.allowFrom("backend", backend.securityGroup.id);
    return backend;
}

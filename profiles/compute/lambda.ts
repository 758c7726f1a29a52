/**
 * `compute: lambda`: the same backend image on AWS Lambda, outside any VPC,
 * invoked by the HTTP API. The Lambda Web Adapter in the image passes each
 * request to the app's port, once the app answers its health-check path.
 * `capacity`, `desiredCount`, `maxCount` and `cpu` apply to ECS only;
 * `memory` is the function's (CPU grows with it).
 */
import { LambdaFunction } from "../../components/lambda-function";
import { backendEnvironment, backendImage, backendPolicyStatements, secretReadStatements, secretsFromVariable } from "../backend";
import { BackendProgramVariable } from "../../lib/config-schema";
import { ComputeModule } from "../parts";

/** What the Lambda Web Adapter reads (github.com/awslabs/aws-lambda-web-adapter, README "Configurations"). */
export function webAdapterVariables(port: number, readinessPath: string): Record<Extract<BackendProgramVariable, `AWS_LWA_${string}`>, string> {
    return { AWS_LWA_PORT: String(port), AWS_LWA_READINESS_CHECK_PATH: readinessPath };
}

export const lambda: ComputeModule = {
    summary: "a Lambda function (the same image, Lambda Web Adapter)",
    inVpc: false,
    build(shared, frontendUrl) {
        const { settings } = shared;
        const backend = new LambdaFunction("backend", {
            image: backendImage(shared),
            architecture: settings.backend.architecture,
            memory: settings.backend.memory,
            environment: { ...backendEnvironment(shared, frontendUrl, "runtime"), ...secretsFromVariable(shared), ...webAdapterVariables(settings.backend.port, settings.backend.healthCheckPath) },
            policyStatements: [...backendPolicyStatements(shared), ...secretReadStatements(shared)],
            logRetentionDays: settings.logRetentionDays,
            permissionsBoundary: settings.permissionsBoundary,
        });
        return { kind: "lambda", function: backend };
    },
};

/**
 * `compute: ecs`: the backend as an ECS service on Fargate (or Fargate
 * Spot, by `capacity`), attached to the API entry, in the VPC with a public
 * IP (no NAT gateway).
 */
import { FargateService } from "../../components/fargate-service";
import { backendEnvironment, backendImage, backendPolicyStatements, backendSecretSources } from "../backend";
import { ComputeModule, ecsOf } from "../parts";

export const ecs: ComputeModule = {
    summary: "an ECS service on Fargate",
    inVpc: true,
    build(shared, frontendUrl, attachment) {
        const { settings, database } = shared;
        const { serviceDefaults } = ecsOf(shared, "compute", "ecs");
        const backend = new FargateService(
            "backend",
            {
                ...serviceDefaults,
                image: backendImage(shared),
                port: settings.backend.port,
                cpu: settings.backend.cpu,
                memory: settings.backend.memory,
                architecture: settings.backend.architecture,
                desiredCount: settings.backend.desiredCount,
                maxCount: settings.backend.maxCount,
                environment: backendEnvironment(shared, frontendUrl, "set"),
                secrets: backendSecretSources(shared),
                parameterArns: shared.backendSecrets?.parameterArns,
                secretArns: shared.backendSecrets?.secretArns,
                taskPolicyStatements: backendPolicyStatements(shared),
                discoveryNamespaceId: attachment.discoveryNamespaceId,
                targetGroupArn: attachment.targetGroupArn,
            },
            { dependsOn: attachment.dependsOn },
        );
        database?.admit?.("backend", backend.securityGroup.id);
        return { kind: "ecs", service: backend };
    },
};

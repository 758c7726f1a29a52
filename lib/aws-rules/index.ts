/**
 * Every AWS rule, and the runner the offline engine and the policy pack
 * share: the same findings for the same resources, wherever they run.
 */
import { keyAlgorithmForConsumer } from "./rules/acm";
import { cloudMapIntegrationHasPort, lambdaIntegration, lambdaIntegrationInvocable, vpcLinkZones } from "./rules/apigateway";
import { dsqlClusterRegion } from "./rules/dsql";
import { securityGroupDescription, securityGroupsInSubnetVpc } from "./rules/ec2";
import { containerReferences, execSessionLogging, secretCompleteArn, secretsNotRotatedUnderTasks, secretsReadable, secretValueFrom, serviceAfterCapacityProviders, targetGroupTypeIp, taskDefinitionFamily } from "./rules/ecs";
import { imageTag } from "./rules/ecr";
import { actionExists } from "./rules/iam";
import { apiGatewayPermission, functionEnvironment, functionImageArchitecture, functionImageManifest, functionImageUri, functionMemory, functionSecretsReadable, functionTimeoutUnderIntegration } from "./rules/lambda";
import { providerDefaultTags, providerRegion } from "./rules/provider";
import { desiredState } from "./rules/rds";
import { oneRecordPerName } from "./rules/route53";
import { objectKey, siteFiles } from "./rules/s3";
import { scheduledActionName, scheduledActionSchedule, scheduledActionTarget, scheduleExpression, universalTarget } from "./rules/schedules";
import { parameterName, parameterValue } from "./rules/ssm";
import { dbSubnetGroupZones, loadBalancerZones } from "./rules/zones";
import { dependencyOrder } from "./dependency-order";
import { AwsRule, Finding, RuleContext } from "./types";

export * from "./types";

export const AWS_RULES: AwsRule[] = [
    securityGroupDescription,
    taskDefinitionFamily,
    serviceAfterCapacityProviders,
    execSessionLogging,
    secretsNotRotatedUnderTasks,
    secretValueFrom,
    secretsReadable,
    secretCompleteArn,
    targetGroupTypeIp,
    containerReferences,
    vpcLinkZones,
    cloudMapIntegrationHasPort,
    lambdaIntegration,
    lambdaIntegrationInvocable,
    securityGroupsInSubnetVpc,
    loadBalancerZones,
    dbSubnetGroupZones,
    keyAlgorithmForConsumer,
    oneRecordPerName,
    desiredState,
    scheduledActionName,
    scheduledActionSchedule,
    scheduledActionTarget,
    scheduleExpression,
    universalTarget,
    objectKey,
    siteFiles,
    imageTag,
    providerRegion,
    providerDefaultTags,
    actionExists,
    functionEnvironment,
    functionMemory,
    functionImageUri,
    functionImageManifest,
    functionImageArchitecture,
    functionTimeoutUnderIntegration,
    apiGatewayPermission,
    functionSecretsReadable,
    dsqlClusterRegion,
    parameterName,
    parameterValue,
    dependencyOrder,
];

/** Runs one rule over every resource of its types. */
export function runRule(rule: AwsRule, context: RuleContext): Finding[] {
    const applies = rule.types.includes("*") ? () => true : (type: string) => rule.types.includes(type);
    return context.resources
        .filter((r) => applies(r.type))
        .flatMap((resource) =>
            rule.check(resource, context).map((p) => {
                const subject = p.resource ?? resource;
                return {
                    rule: rule.id,
                    level: rule.level,
                    effect: rule.effect,
                    urn: subject.urn,
                    resource: `${subject.name} (${subject.type})`,
                    type: subject.type,
                    property: p.property,
                    value: p.value,
                    message: p.message,
                    source: rule.source,
                };
            }),
        );
}

/** Runs every rule; findings in rule order, then resource order. */
export function checkAwsRules(context: RuleContext, rules: AwsRule[] = AWS_RULES): Finding[] {
    return rules.flatMap((rule) => runRule(rule, context));
}

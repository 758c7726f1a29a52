/**
 * Every policy of the pack, in the order they are reported. Tests import
 * the policies from here (or their modules); only `policy/index.ts`
 * constructs the PolicyPack, which starts a gRPC server.
 */
import type { Policies } from "@pulumi/policy";
import { awsRulePolicies, cloudFormationErrors, cloudFormationWarnings } from "./aws";
import { dailyBudget, logGroupRetention, natGatewayAdvisory } from "./cost";
import { noAwsCredentialsInContainers, noIamAccessKeys, noStaticKeysInProvider, taskDefinitionHasTaskRole } from "./keys";
import {
    albHttpRedirectsToHttps,
    cloudfrontCertificateInUsEast1,
    cloudfrontCustomCertificateHasAliases,
    cloudfrontDefaultRootObject,
    cloudfrontIndexNotCached,
    cloudfrontS3OriginUsesOac,
    cloudfrontSpaErrorResponses,
    ecsExecutionRoleCanPullFromEcr,
} from "./mistakes";
import { apiStageAccessLogging, iamPassRoleScoped, noOpenIngress, noWildcardActionsInTaskRoles, rdsPrivateAndEncrypted, s3PublicAccessBlocked, tls12Minimum } from "./security";
import { ecsClusterOffersFargateSpot, ecsServiceUsesFargateSpot } from "./spot";

export const policies: Policies = [
    // Spot
    ecsServiceUsesFargateSpot,
    ecsClusterOffersFargateSpot,
    // No long-lived keys
    noIamAccessKeys,
    noAwsCredentialsInContainers,
    noStaticKeysInProvider,
    taskDefinitionHasTaskRole,
    // The write-up's mistakes
    cloudfrontS3OriginUsesOac,
    cloudfrontCustomCertificateHasAliases,
    cloudfrontCertificateInUsEast1,
    cloudfrontDefaultRootObject,
    cloudfrontIndexNotCached,
    cloudfrontSpaErrorResponses,
    ecsExecutionRoleCanPullFromEcr,
    albHttpRedirectsToHttps,
    // Security
    s3PublicAccessBlocked,
    rdsPrivateAndEncrypted,
    noOpenIngress,
    noWildcardActionsInTaskRoles,
    iamPassRoleScoped,
    tls12Minimum,
    apiStageAccessLogging,
    // Cost
    dailyBudget,
    natGatewayAdvisory,
    logGroupRetention,
    // AWS's refusals: the AWS rules the offline plan runs, then AWS's CloudFormation validator
    ...awsRulePolicies,
    cloudFormationErrors,
    cloudFormationWarnings,
];

/**
 * Every policy of the pack, in the order they are reported. Tests import
 * the policies from here (or their modules); only `policy/index.ts`
 * constructs the PolicyPack, which starts a gRPC server.
 */
import type { Policies } from "@pulumi/policy";
import { withAcknowledgements } from "./acknowledge";
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
import * as hardening from "./hardening";
import { iamNoAdminPolicies, iamNoAwsManagedPolicies, iamNoPrivilegeEscalation, iamNoUnconstrainedSecretReads, iamNoWildcardPermissions, iamTrustConditions } from "./iam";

/** Every policy, each accepting acknowledged trade-offs in its config (`acknowledged`). */
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
    // IAM, in every role and policy
    iamNoWildcardPermissions,
    iamNoPrivilegeEscalation,
    iamNoUnconstrainedSecretReads,
    iamNoAdminPolicies,
    iamNoAwsManagedPolicies,
    iamTrustConditions,
    // Hardening: cdk-nag's and checkov's checks of these resource types (see parity.ts)
    hardening.rdsMultiAz,
    hardening.rdsDeletionProtection,
    hardening.dsqlDeletionProtection,
    hardening.rdsBackupRetention,
    hardening.rdsIamAuthentication,
    hardening.rdsCopyTagsToSnapshot,
    hardening.rdsAutoMinorVersionUpgrade,
    hardening.dynamodbPointInTimeRecovery,
    hardening.ecrImmutableTags,
    hardening.ecrScanOnPush,
    hardening.ecsContainerInsights,
    hardening.ecsContainerLogging,
    hardening.ecsReadOnlyRootFilesystem,
    hardening.ecsNoPrivilegedContainers,
    hardening.ecsNoPublicIp,
    hardening.albDropInvalidHeaders,
    hardening.albAccessLogs,
    hardening.cloudfrontWaf,
    hardening.cloudfrontAccessLogging,
    hardening.cloudfrontOriginHttpsOnly,
    hardening.cloudfrontSecurityHeaders,
    hardening.apiRouteAuthorization,
    hardening.securityGroupRuleDescriptions,
    hardening.s3TlsOnly,
    hardening.s3AccessLogging,
    // Cost
    dailyBudget,
    natGatewayAdvisory,
    logGroupRetention,
    // AWS's refusals: the AWS rules the offline plan runs, then AWS's CloudFormation validator
    ...awsRulePolicies,
    cloudFormationErrors,
    cloudFormationWarnings,
].map(withAcknowledgements);

/**
 * The pack against cdk-nag and checkov: every cdk-nag AwsSolutions rule
 * whose resource type the programs register, with the checkov checks that
 * test the same thing, and either the policy (or AWS rule) of this pack that
 * stands for it, or why it does not apply. The README's policy mapping is
 * generated from this table.
 *
 * Sources: cdklabs/cdk-nag `src/packs/aws-solutions.ts` and `src/rules/`
 * (v3.0.1), bridgecrewio/checkov `checkov/terraform/checks/` (3.3.13), read
 * from their repositories, not run.
 */

export interface ParityEntry {
    /** The cdk-nag rule (`AwsSolutions-RDS3`), or a checkov check with no cdk-nag twin. */
    rule: string;
    /** The checkov checks that test the same thing. */
    checkov: string[];
    /** What the rule asks, in a few words. */
    asks: string;
    /** The pack's policies that stand for it. */
    policies?: string[];
    /** Why no policy is needed, when none stands for it. */
    notApplicable?: string;
}

/** Why customer managed KMS keys are not used. */
const KMS_REASON = "encrypted at rest with AWS-owned keys; a customer managed key costs $1/month plus requests and adds no protection from the account's own roles";

export const PARITY: ParityEntry[] = [
    { rule: "AwsSolutions-APIG1", checkov: ["CKV_AWS_76"], asks: "API stage access logging", policies: ["api-stage-access-logging"] },
    { rule: "AwsSolutions-APIG4", checkov: ["CKV_AWS_309"], asks: "API routes with an authorizer", policies: ["api-route-authorization"] },
    { rule: "AwsSolutions-CFR1", checkov: ["CKV_AWS_374"], asks: "CloudFront geo restriction", notApplicable: "which countries may use the app is a product decision, not hardening; the site serves everyone" },
    { rule: "AwsSolutions-CFR2", checkov: ["CKV_AWS_68"], asks: "CloudFront behind a WAF web ACL", policies: ["cloudfront-waf"] },
    { rule: "AwsSolutions-CFR3", checkov: ["CKV_AWS_86"], asks: "CloudFront access logs", policies: ["cloudfront-access-logging"] },
    { rule: "AwsSolutions-CFR4", checkov: ["CKV_AWS_174", "CKV2_AWS_42"], asks: "CloudFront viewers on TLS 1.2 or later", policies: ["tls-1-2-minimum"] },
    { rule: "AwsSolutions-CFR5", checkov: ["CKV2_AWS_54", "CKV2_AWS_72"], asks: "CloudFront to custom origins over HTTPS, no SSLv3/TLS 1.0", policies: ["cloudfront-origin-https-only"] },
    { rule: "AwsSolutions-CFR7", checkov: ["CKV2_AWS_46"], asks: "S3 origins through origin access control", policies: ["cloudfront-s3-origin-uses-oac"] },
    { rule: "AwsSolutions-DDB3", checkov: ["CKV_AWS_28"], asks: "DynamoDB point-in-time recovery", policies: ["dynamodb-point-in-time-recovery"] },
    { rule: "AwsSolutions-EC23", checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"], asks: "no ingress from 0.0.0.0/0 or ::/0", policies: ["no-open-ingress"] },
    { rule: "AwsSolutions-EC27", checkov: ["CKV_AWS_23"], asks: "security groups (and rules) described", policies: ["security-group-rule-descriptions", "aws-ec2-security-group-description"] },
    { rule: "AwsSolutions-ECR1", checkov: ["CKV_AWS_32"], asks: "no public repository policy", notApplicable: "the programs register no repository policy; only the account's own roles pull" },
    { rule: "AwsSolutions-ECS2", checkov: [], asks: "no environment variables in task definitions", policies: ["no-aws-credentials-in-containers"], notApplicable: "settings that are not secret belong in the environment; credentials there are refused, and the database password is read from its secret when connecting" },
    { rule: "AwsSolutions-ECS4", checkov: ["CKV_AWS_65"], asks: "ECS Container Insights", policies: ["ecs-container-insights"] },
    { rule: "AwsSolutions-ECS7", checkov: [], asks: "every container logs somewhere", policies: ["ecs-container-logging"] },
    { rule: "AwsSolutions-ELB2", checkov: ["CKV_AWS_91"], asks: "load balancer access logs", policies: ["alb-access-logs"] },
    { rule: "AwsSolutions-IAM4", checkov: ["CKV_AWS_274", "CKV2_AWS_56"], asks: "no AWS managed policies", policies: ["iam-no-aws-managed-policies", "iam-no-admin-policies"] },
    {
        rule: "AwsSolutions-IAM5",
        checkov: ["CKV_AWS_355", "CKV_AWS_290", "CKV_AWS_289", "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_63", "CKV_AWS_62", "CKV2_AWS_40"],
        asks: "no wildcard actions or resources",
        policies: ["iam-no-wildcard-permissions", "iam-no-privilege-escalation", "iam-no-unconstrained-secret-reads", "iam-pass-role-scoped", "no-wildcard-actions-in-task-roles"],
    },
    { rule: "AwsSolutions-RDS2", checkov: ["CKV_AWS_16"], asks: "RDS storage encrypted", policies: ["rds-private-and-encrypted"] },
    { rule: "AwsSolutions-RDS3", checkov: ["CKV_AWS_157"], asks: "RDS Multi-AZ", policies: ["rds-multi-az"] },
    { rule: "AwsSolutions-RDS10", checkov: ["CKV_AWS_293"], asks: "RDS deletion protection", policies: ["rds-deletion-protection"] },
    { rule: "AwsSolutions-RDS11", checkov: [], asks: "RDS on a non-default port", notApplicable: "the database admits only the app's security group; another port hides nothing from a scanner inside the VPC" },
    { rule: "AwsSolutions-RDS13", checkov: ["CKV_AWS_133"], asks: "RDS automated backups", policies: ["rds-backup-retention"] },
    { rule: "AwsSolutions-S1", checkov: ["CKV_AWS_18"], asks: "S3 server access logs", policies: ["s3-access-logging"] },
    { rule: "AwsSolutions-S2", checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"], asks: "S3 public access blocked", policies: ["s3-public-access-blocked"] },
    { rule: "AwsSolutions-S5", checkov: ["CKV2_AWS_46"], asks: "S3 origins use origin access control", policies: ["cloudfront-s3-origin-uses-oac"] },
    { rule: "AwsSolutions-S10", checkov: [], asks: "S3 requests over TLS only", policies: ["s3-tls-only"] },
    // checkov checks with no cdk-nag twin
    { rule: "CKV_AWS_51", checkov: ["CKV_AWS_51"], asks: "ECR tags immutable", policies: ["ecr-immutable-tags"] },
    { rule: "CKV_AWS_163", checkov: ["CKV_AWS_163"], asks: "ECR scan on push", policies: ["ecr-scan-on-push"] },
    { rule: "CKV_AWS_66", checkov: ["CKV_AWS_66", "CKV_AWS_338"], asks: "log groups expire", policies: ["log-group-retention"] },
    { rule: "CKV_AWS_161", checkov: ["CKV_AWS_161"], asks: "RDS IAM authentication", policies: ["rds-iam-authentication"] },
    { rule: "CKV2_AWS_60", checkov: ["CKV2_AWS_60"], asks: "RDS copies tags to snapshots", policies: ["rds-copy-tags-to-snapshot"] },
    { rule: "CKV_AWS_226", checkov: ["CKV_AWS_226"], asks: "RDS minor version upgrades", policies: ["rds-auto-minor-version-upgrade"] },
    { rule: "CKV_AWS_223", checkov: ["CKV_AWS_223"], asks: "ECS Exec sessions logged", policies: ["aws-ecs-exec-session-logging"] },
    { rule: "CKV_AWS_336", checkov: ["CKV_AWS_336"], asks: "containers with a read-only root filesystem", policies: ["ecs-read-only-root-filesystem"] },
    { rule: "CKV_AWS_334", checkov: ["CKV_AWS_334"], asks: "no privileged containers", policies: ["ecs-no-privileged-containers"] },
    { rule: "CKV_AWS_333", checkov: ["CKV_AWS_333"], asks: "ECS tasks without public IPs", policies: ["ecs-no-public-ip"] },
    { rule: "CKV_AWS_131", checkov: ["CKV_AWS_131"], asks: "ALB drops invalid headers", policies: ["alb-drop-invalid-headers"] },
    { rule: "CKV_AWS_2", checkov: ["CKV_AWS_2", "CKV2_AWS_20", "CKV_AWS_103"], asks: "ALB listeners on HTTPS (HTTP redirects), TLS 1.2 policies", policies: ["alb-http-redirects-to-https", "tls-1-2-minimum"] },
    { rule: "CKV_AWS_150", checkov: ["CKV_AWS_150"], asks: "ALB deletion protection", notApplicable: "the load balancer holds no data, and swapping to the cheap profile must delete it" },
    { rule: "CKV2_AWS_32", checkov: ["CKV2_AWS_32"], asks: "CloudFront security response headers", policies: ["cloudfront-security-headers"] },
    { rule: "CKV_AWS_21", checkov: ["CKV_AWS_21"], asks: "S3 versioning", notApplicable: "the site bucket is rebuilt from the repository on every deploy; versions would keep (and bill) every old build" },
    { rule: "CKV_AWS_145", checkov: ["CKV_AWS_145", "CKV_AWS_119", "CKV_AWS_136", "CKV_AWS_158"], asks: "S3, DynamoDB, ECR and log groups under a customer KMS key", notApplicable: KMS_REASON },
    { rule: "CKV_AWS_118", checkov: ["CKV_AWS_118", "CKV_AWS_353", "CKV_AWS_129"], asks: "RDS enhanced monitoring, Performance Insights, log exports", notApplicable: "operational telemetry a db.t4g.micro behind one small app does not need; each adds CloudWatch charges the cost model does not price" },
];

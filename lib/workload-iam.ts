/**
 * The IAM roles the program creates for its workloads (ECS execution and
 * task roles, a Lambda function's role, the role EventBridge Scheduler
 * starts and stops the database with): where they live and the most they
 * may ever do. The bootstrap program creates the permissions boundary and
 * lets its deploy role manage only roles under this path that carry it, so
 * a deploy pipeline cannot mint a role more powerful than the boundary (an
 * "escalation" through the roles it may create, write policies on and
 * pass).
 *
 * Shared by the program (components) and the bootstrap, which must agree.
 */

/** The IAM path of every role the program creates. */
export const WORKLOAD_ROLE_PATH = "/shoestring/";

/** The name of the permissions boundary policy (created by the bootstrap, under the same path). */
export const WORKLOAD_BOUNDARY_NAME = "shoestring-workload-boundary";

/** The boundary's ARN in an account. */
export function workloadBoundaryArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:policy${WORKLOAD_ROLE_PATH}${WORKLOAD_BOUNDARY_NAME}`;
}

/**
 * The actions of the AWS managed AmazonECSTaskExecutionRolePolicy, which
 * the program attaches to execution roles
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSTaskExecutionRolePolicy.html).
 */
export const AWS_MANAGED_TASK_EXECUTION_ACTIONS: readonly string[] = ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"];

/**
 * Everything a workload role may be granted: the union of what the ECS agent
 * needs (AmazonECSTaskExecutionRolePolicy, secrets, the pull-through cache),
 * what the app needs on ECS or Lambda (ECS Exec and its session logs, the
 * function's logs, the table, the database secret or the Aurora DSQL admin
 * token, the app's own secrets), and what the database schedules' role calls (start and stop the
 * RDS instance). An app that needs more adds it here, and the bootstrap's
 * next `pulumi up` widens the boundary.
 */
export const WORKLOAD_BOUNDARY_ACTIONS: readonly string[] = [
    "dsql:DbConnectAdmin",
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:BatchImportUpstreamImage",
    "ecr:CreateRepository",
    "ecr:GetAuthorizationToken",
    "ecr:GetDownloadUrlForLayer",
    "logs:CreateLogStream",
    "logs:DescribeLogGroups",
    "logs:DescribeLogStreams",
    "logs:PutLogEvents",
    "rds:StartDBInstance",
    "rds:StopDBInstance",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
];

/** The secrets a workload role may ever read: the ones RDS creates and rotates for its instances (`rds!db-...`). */
export const WORKLOAD_SECRETS = "arn:*:secretsmanager:*:*:secret:rds!*";

/** The reads of secret values: capped by what they may read, not only by action. */
const SECRET_READS = (action: string) => action.startsWith("secretsmanager:") || action.startsWith("ssm:");

/**
 * The boundary policy document. It caps actions, and secret reads to the
 * RDS-managed secrets and to the secrets and parameters tagged with the
 * project's tag (`tagKey` = `project`): the ones the program stores carry
 * it, and an app's existing secret must be given it to be read. Otherwise
 * the roles' own policies scope the resources (a condition such as
 * aws:ResourceAccount is absent for resource-less actions like the ECS
 * Exec channels, and would deny them). Secrets Manager and Parameter Store
 * both authorize reads on `aws:ResourceTag/<key>`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html,
 * list_awssystemsmanager.html).
 */
export function workloadBoundaryDocument(tagKey: string, project: string): string {
    const reads = WORKLOAD_BOUNDARY_ACTIONS.filter(SECRET_READS);
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "WorkloadActions", Effect: "Allow", Action: WORKLOAD_BOUNDARY_ACTIONS.filter((a) => !SECRET_READS(a)), Resource: "*" },
            { Sid: "RdsManagedSecrets", Effect: "Allow", Action: reads.filter((a) => a.startsWith("secretsmanager:")), Resource: WORKLOAD_SECRETS },
            { Sid: "ProjectSecrets", Effect: "Allow", Action: reads, Resource: "*", Condition: { StringEquals: { [`aws:ResourceTag/${tagKey}`]: project } } },
        ],
    });
}

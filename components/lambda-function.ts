import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Architecture } from "../lib/settings";
import { Transform, transformed } from "../lib/transform";
import { WORKLOAD_ROLE_PATH } from "../lib/workload-iam";

export interface LambdaFunctionArgs {
    /**
     * The container image: a repository in this region's Amazon ECR, by tag
     * or digest (Lambda runs images from nowhere else). Built for
     * `architecture`, as one image manifest: Lambda refuses an image index,
     * which a multi-platform build or buildx's default provenance
     * attestation makes (the project's ContainerImage builds one platform,
     * without attestations).
     */
    image: pulumi.Input<string>;
    /** Must match the image's platform. */
    architecture: Architecture;
    /**
     * MB of memory, 128 to 10,240; CPU grows with it (1,769 MB is one vCPU).
     *
     * @default 512
     */
    memory?: number;
    /**
     * Seconds a request may run. An HTTP API waits 30 s at most for its
     * integration, so a longer function timeout only bills work nobody
     * receives.
     *
     * @default 29
     */
    timeout?: number;
    /**
     * Plain environment variables. Lambda refuses the names it sets itself
     * (AWS_REGION, AWS_LAMBDA_*, ...: CloudFormation's validator, E3663),
     * keys that are not a letter then letters, digits or _, and more than
     * 4 KB in all (rule aws-lambda-environment).
     */
    environment?: Record<string, pulumi.Input<string>>;
    /** What the function may do in AWS, besides writing its logs. */
    policyStatements?: pulumi.Input<aws.iam.PolicyStatement>[];
    /**
     * Days to keep the function's logs.
     *
     * @default 7
     */
    logRetentionDays?: number;
    /** The permissions boundary of the function's role (the bootstrap's workload boundary). */
    permissionsBoundary?: pulumi.Input<string>;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The function's log group. */
        logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
        /** The function's role, assumed by Lambda for this account's functions only. */
        role?: Transform<aws.iam.RoleArgs>;
        /** The role's policy: its logs and `policyStatements`. */
        policy?: Transform<aws.iam.RolePolicyArgs>;
        /** The function. */
        function?: Transform<aws.lambda.FunctionArgs>;
    };
}

/**
 * A container image on AWS Lambda: the function, its role and its log group.
 *
 * The image runs unchanged from ECS: the Lambda Web Adapter in it
 * (/opt/extensions) turns each invocation into an HTTP request to the app's
 * port, after the app answers its readiness path.
 *
 * No reserved concurrency: Lambda refuses a reservation that leaves the
 * account less unreserved concurrency than its minimum, and a new account's
 * whole quota can be as low as that minimum (10). No VPC: outside one, the function reaches the AWS APIs and
 * Aurora DSQL without NAT gateways or interface endpoints.
 *
 * Cost: per request ($0.20 per million) and per GB-second of run time
 * (x86_64 $0.0000166667, arm64 $0.0000133334 in us-east-1); nothing while
 * idle. Log storage $0.03/GB-month.
 */
export class LambdaFunction extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly functionName: pulumi.Output<string>;
    readonly functionArn: pulumi.Output<string>;

    constructor(name: string, args: LambdaFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:LambdaFunction", name, {}, opts);
        const t = args.transform;

        // Named by the program, so the log group exists (with its retention) before the function writes to it.
        this.logGroup = new aws.cloudwatch.LogGroup(
            ...transformed(t?.logGroup, `${name}-logs`, { name: `/lambda/${pulumi.getProject()}-${pulumi.getStack()}/${name}`, retentionInDays: args.logRetentionDays ?? 7 }, { parent: this }),
        );

        // Only Lambda acting for this account's functions may assume the role (confused-deputy guard).
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this }).region;
        this.role = new aws.iam.Role(
            ...transformed(t?.role, `${name}-role`, {
                path: WORKLOAD_ROLE_PATH,
                permissionsBoundary: args.permissionsBoundary,
                description: `Application permissions of ${name}`,
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "lambda.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                StringEquals: { "aws:SourceAccount": identity.accountId },
                                ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:lambda:${region}:${identity.accountId}:function:*` },
                            },
                        },
                    ],
                }),
            }, { parent: this }),
        );
        const policy = new aws.iam.RolePolicy(
            ...transformed(t?.policy, `${name}-policy`, {
                role: this.role.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        // Its own log group only (no logs:CreateLogGroup: the program made it).
                        { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${this.logGroup.arn}:*` },
                        ...(args.policyStatements ?? []),
                    ],
                }),
            }, { parent: this }),
        );

        this.function = new aws.lambda.Function(
            ...transformed(t?.function, name, {
                packageType: "Image",
                imageUri: args.image,
                architectures: [args.architecture],
                role: this.role.arn,
                memorySize: args.memory ?? 512,
                timeout: args.timeout ?? 29,
                environment: args.environment && Object.keys(args.environment).length > 0 ? { variables: args.environment } : undefined,
                loggingConfig: { logFormat: "Text", logGroup: this.logGroup.name },
                description: `${name} (container image, Lambda Web Adapter)`,
            }, { parent: this, dependsOn: [policy] }),
        );
        this.functionName = this.function.name;
        this.functionArn = this.function.arn;
        this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn });
    }
}

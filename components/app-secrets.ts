import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parameterArn } from "../lib/aws-rules/rules/ssm";
import { SecretReference } from "../lib/secret-references";
import { Transform, transformed } from "../lib/transform";

export interface AppSecretsArgs {
    /** The stack's region: a parameter or secret given by name is in it. */
    region: string;
    /**
     * Values to store, variable name -> value (a secret). Each becomes an SSM
     * SecureString parameter `<parameterPath>/<NAME>`, encrypted with the
     * AWS managed key `aws/ssm`.
     *
     * Cost: standard parameters are free; each read is a KMS request
     * ($0.03 per 10,000), once per task start or function cold start.
     */
    stored?: Record<string, pulumi.Input<string>>;
    /** Where `stored` goes, like `/shoestring/cheap/backend`. */
    parameterPath: string;
    /**
     * Secrets that exist already, variable name -> where. A Secrets Manager
     * secret by name is looked up at deploy time (for its full ARN, which
     * ends in six characters AWS chose), so it must exist by then.
     */
    references?: Record<string, SecretReference>;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** Each stored parameter. */
        parameter?: Transform<aws.ssm.ParameterArgs>;
    };
}

/**
 * The app's secrets as ECS and the app read them: for each variable, the
 * full ARN of an SSM parameter or a Secrets Manager secret (`valueFrom`),
 * and the ARNs a role needs to be allowed to read, by service. Values given
 * to it are stored as SecureString parameters and never leave it in plain
 * text.
 */
export class AppSecrets extends pulumi.ComponentResource {
    /** Variable name -> the ARN its value is read from. */
    readonly valueFrom: Record<string, pulumi.Output<string>>;
    /** The parameters the app reads (`ssm:GetParameters` for ECS, `ssm:GetParameter` for the app itself). */
    readonly parameterArns: pulumi.Output<string>[];
    /** The Secrets Manager secrets the app reads (`secretsmanager:GetSecretValue`). */
    readonly secretArns: pulumi.Output<string>[];
    readonly parameters: aws.ssm.Parameter[];

    constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:AppSecrets", name, {}, opts);
        this.valueFrom = {};
        this.parameterArns = [];
        this.secretArns = [];
        this.parameters = [];

        for (const [variable, value] of Object.entries(args.stored ?? {})) {
            const parameter = new aws.ssm.Parameter(
                ...transformed(args.transform?.parameter, `${name}-${variable}`, {
                    name: `${args.parameterPath}/${variable}`,
                    type: "SecureString",
                    tier: "Standard",
                    value: pulumi.secret(value),
                    description: `Secret ${variable} of the backend, from the stack config`,
                }, { parent: this }),
            );
            this.parameters.push(parameter);
            this.valueFrom[variable] = parameter.arn;
            this.parameterArns.push(parameter.arn);
        }

        const references = Object.entries(args.references ?? {});
        const accountId = references.some(([, r]) => r.service === "ssm" && r.by === "name") ? aws.getCallerIdentityOutput({}, { parent: this }).accountId : undefined;
        for (const [variable, reference] of references) {
            if (reference.service === "ssm") {
                const arn = reference.by === "arn" ? pulumi.output(reference.arn) : accountId!.apply((account) => parameterArn(reference.name, args.region, account));
                this.valueFrom[variable] = arn;
                this.parameterArns.push(arn);
            } else {
                const arn = reference.by === "arn" ? pulumi.output(reference.arn) : aws.secretsmanager.getSecretOutput({ name: reference.name }, { parent: this }).arn;
                this.valueFrom[variable] = arn;
                this.secretArns.push(arn);
            }
        }
        this.registerOutputs({ valueFrom: this.valueFrom });
    }
}

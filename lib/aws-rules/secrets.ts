/**
 * Where a secret comes from: references to SSM parameters and Secrets
 * Manager secrets, as ECS takes them in a container's `secrets` and as an app
 * reads them, and the resource ARNs IAM judges a read of one against.
 */
import { parameterArn, parameterNameProblems } from "./rules/ssm";

/** An SSM parameter ARN: partition, region, account (empty for AWS's public parameters), the name without its leading slash. */
export const PARAMETER_ARN = /^arn:(aws[a-z-]*):ssm:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12})?:parameter\/(.*)$/;

/** A Secrets Manager secret ARN: partition, region, account, then the secret's name (with or without its 6-character suffix). */
export const SECRET_ARN = /^arn:(aws[a-z-]*):secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):secret:([A-Za-z0-9/_+=.@-]+)$/;

/** What a secret reference names. */
export type SecretSource =
    /** An SSM parameter: its ARN, or its name in the reader's Region. */
    | { kind: "parameter"; arn?: string; name: string }
    /** A Secrets Manager secret: its ARN (without ECS's `:json-key:version-stage:version-id`). */
    | { kind: "secret"; arn: string }
    | { kind: "invalid"; why: string };

export const SSM_FORM = "arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>";
export const SECRET_FORM = "arn:aws:secretsmanager:<region>:<account>:secret:<name>";

/** An SSM parameter named by its ARN, or why the ARN names none. */
function parameterByArn(arn: string): SecretSource | undefined {
    const parameter = PARAMETER_ARN.exec(arn);
    if (!parameter) {
        return undefined;
    }
    const rest = parameter[4];
    const name = rest.includes("/") ? `/${rest}` : rest;
    const problems = rest === "" ? ["is empty"] : parameterNameProblems(name, false);
    return problems.length > 0 ? { kind: "invalid", why: `names the SSM parameter ${JSON.stringify(name)}, which ${problems[0]}` } : { kind: "parameter", arn, name };
}

/** The service of an ARN, for messages. */
const serviceOf = (arn: string): string => arn.split(":")[2] || "no service";

/**
 * What ECS takes as a container secret's valueFrom ("Pass sensitive data to
 * an Amazon ECS container"): for Parameter Store "either the full ARN or name
 * of the parameter" (the name only in the task's Region); for Secrets Manager
 * the secret's ARN, then `json-key:version-stage:version-id`, which "are
 * optional, but if you do not use them, you must include the colons", and
 * "If a version staging label is specified, you cannot specify a version
 * ID". A value that is no ARN is a parameter name: RegisterTaskDefinition
 * refuses a bad one ("The Systems Manager parameter name specified for secret
 * JWT_KEY is invalid", aws/copilot-cli#3446).
 */
export function secretSource(valueFrom: string): SecretSource {
    if (!valueFrom.startsWith("arn:")) {
        const problems = valueFrom === "" ? ["is empty"] : parameterNameProblems(valueFrom, false);
        return problems.length > 0 ? { kind: "invalid", why: `is no ARN, so ECS takes it for the name of an SSM parameter in the task's Region, and as a name it ${problems[0]}` } : { kind: "parameter", name: valueFrom };
    }
    const parameter = parameterByArn(valueFrom);
    if (parameter) {
        return parameter;
    }
    if (serviceOf(valueFrom) !== "secretsmanager") {
        return { kind: "invalid", why: `is an ARN of ${serviceOf(valueFrom)}; ECS reads secrets from SSM Parameter Store (${SSM_FORM}, or the parameter's name) or Secrets Manager (${SECRET_FORM}, optionally followed by :<json-key>:<version-stage>:<version-id>)` };
    }
    // The ARN is its first seven colon-separated fields; ECS's three optional ones follow.
    const fields = valueFrom.split(":");
    const arn = fields.slice(0, 7).join(":");
    const extra = fields.slice(7);
    if (!SECRET_ARN.test(arn)) {
        return { kind: "invalid", why: `is not a Secrets Manager secret ARN (${SECRET_FORM}; a name of letters, digits and /_+=.@-)` };
    }
    if (extra.length !== 0 && extra.length !== 3) {
        return { kind: "invalid", why: `has ${extra.length} field(s) after the secret's ARN; ECS takes none or all three, json-key:version-stage:version-id, each may be empty ("you must include the colons", e.g. ${arn}:password::)` };
    }
    if (extra[1] && extra[2]) {
        return { kind: "invalid", why: `names both a version stage (${extra[1]}) and a version id (${extra[2]}); "If a version staging label is specified, you cannot specify a version ID"` };
    }
    return { kind: "secret", arn };
}

/** An SSM parameter or Secrets Manager secret named by its plain ARN (no ECS fields), or why the value is neither. */
export function sourceByArn(value: string): SecretSource {
    const parameter = parameterByArn(value);
    if (parameter) {
        return parameter;
    }
    if (SECRET_ARN.test(value)) {
        return { kind: "secret", arn: value };
    }
    return { kind: "invalid", why: `is neither an SSM parameter ARN (${SSM_FORM}) nor a Secrets Manager secret ARN (${SECRET_FORM})` };
}

/**
 * The ARNs IAM may judge a read of a secret against. IAM sees the secret's
 * full ARN, its name plus "-" and 6 random characters; a reference without
 * them (a partial ARN, which GetSecretValue accepts) stands for
 * `<name>-??????`. A name that ends in "-" and 6 characters may be either.
 */
export function secretArnCandidates(secretArn: string): string[] {
    const sample = `${secretArn}-AbCdEf`;
    return /-[A-Za-z0-9]{6}$/.test(secretArn) ? [secretArn, sample] : [sample];
}

/** What reading a secret's source asks IAM for: the action (the parameter one the reader uses), the resource ARNs it may be judged against, and the ARN to show. */
export function readTarget(source: SecretSource, region: string, account: string | undefined, parameterAction: string): { action: string; arns: string[]; shown: string } | undefined {
    if (source.kind === "parameter") {
        const arn = source.arn ?? (account ? parameterArn(source.name, region, account) : undefined);
        return arn ? { action: parameterAction, arns: [arn], shown: arn } : undefined;
    }
    if (source.kind === "secret") {
        const arns = secretArnCandidates(source.arn);
        return { action: "secretsmanager:GetSecretValue", arns, shown: arns.length === 1 ? `${source.arn}-?????? (Secrets Manager adds "-" and 6 characters to a secret's name)` : source.arn };
    }
    return undefined;
}

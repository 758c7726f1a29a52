/**
 * The app's secrets as `backend.secrets` names them: an SSM Parameter Store
 * parameter or a Secrets Manager secret that exists already, by name (in the
 * stack's region) or by ARN (in any commercial region). Pure: parsing, the
 * checks AWS would make later, and the ARN a reference stands for.
 *
 *   ssm:/team/api-token                                   a parameter by name
 *   secretsmanager:prod/stripe                            a secret by name
 *   arn:aws:ssm:us-west-2:123456789012:parameter/team/api-token
 *   arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/stripe-AbCdEf
 *
 * ECS injects either kind into the container (`secrets[].valueFrom`, the full
 * ARN; "Pass sensitive data to an Amazon ECS container",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html);
 * on Lambda the app reads them at start (`SECRETS_FROM`, app/backend/secrets.js).
 */

/** Where a secret lives. */
export type SecretService = "ssm" | "secretsmanager";

/** A parsed `backend.secrets` value. */
export type SecretReference =
    | { service: "ssm"; by: "name"; name: string }
    | { service: "ssm"; by: "arn"; arn: string; region: string }
    | { service: "secretsmanager"; by: "name"; name: string }
    | { service: "secretsmanager"; by: "arn"; arn: string; region: string };

const PARAMETER_DOC = "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html";
const SECRET_NAME_DOC = "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html";

/**
 * "The maximum length for a parameter name that you create is 1011
 * characters. This includes the characters in the ARN that precede the name
 * you specify" (PARAMETER_DOC, "Requirements and constraints for parameter
 * names"); the ARN's prefix is `arn:aws:ssm:<region>:<account>:parameter`
 * (with a `/` before a name that has none).
 */
export const PARAMETER_NAME_WITH_ARN_MAX = 1011;
/** "A parameter hierarchy can have a maximum of 15 levels" (PARAMETER_DOC). */
export const PARAMETER_MAX_LEVELS = 15;
/** CreateSecret Name: "Length Constraints: Minimum length of 1. Maximum length of 512" (SECRET_NAME_DOC). */
export const SECRET_NAME_MAX = 512;

/** The ARN of a parameter: a name with a leading `/` keeps it as the path's separator, one without gets one. */
export function parameterArn(region: string, accountId: string, name: string): string {
    return `arn:aws:ssm:${region}:${accountId}:parameter${name.startsWith("/") ? "" : "/"}${name}`;
}

/**
 * Why a parameter name would be refused (PARAMETER_DOC): letters, digits and
 * `_ . - /` only; no `aws` or `ssm` prefix in any case; a name with a `/`
 * starts with one; at most 15 levels; at most 1,011 characters with the
 * ARN's prefix. `region` sizes the prefix.
 */
export function parameterNameProblem(name: string, region: string): string | undefined {
    if (!/^[a-zA-Z0-9_.\-/]+$/.test(name)) {
        return `${JSON.stringify(name)} is not a parameter name: only letters, digits and _ . - / are allowed (${PARAMETER_DOC})`;
    }
    const first = name.replace(/^\//, "").split("/")[0];
    if (/^(aws|ssm)/i.test(first)) {
        return `${JSON.stringify(name)} begins with "aws" or "ssm", which Parameter Store keeps for itself (${PARAMETER_DOC})`;
    }
    if (name.includes("/") && !name.startsWith("/")) {
        return `${JSON.stringify(name)} has a "/" but does not start with one: a hierarchical name is fully qualified, like /${name} (${PARAMETER_DOC})`;
    }
    if (name.endsWith("/") || name.includes("//")) {
        return `${JSON.stringify(name)} has an empty level; levels are separated by single "/" (${PARAMETER_DOC})`;
    }
    const levels = name.split("/").filter(Boolean).length;
    if (levels > PARAMETER_MAX_LEVELS) {
        return `${JSON.stringify(name)} has ${levels} levels; at most ${PARAMETER_MAX_LEVELS} are allowed (${PARAMETER_DOC})`;
    }
    const length = parameterArn(region, "123456789012", name).length;
    if (length > PARAMETER_NAME_WITH_ARN_MAX) {
        return `${JSON.stringify(name)} makes a ${length}-character ARN; names are at most ${PARAMETER_NAME_WITH_ARN_MAX} characters with the ARN's prefix (${PARAMETER_DOC})`;
    }
    return undefined;
}

/** Why a Secrets Manager secret name would be refused: 1 to 512 of letters, digits and `/_+=.@-` (SECRET_NAME_DOC, Name). */
export function secretNameProblem(name: string): string | undefined {
    if (name.length < 1 || name.length > SECRET_NAME_MAX || !/^[A-Za-z0-9/_+=.@-]+$/.test(name)) {
        return `${JSON.stringify(name)} is not a secret name: 1 to ${SECRET_NAME_MAX} letters, digits and / _ + = . @ - (${SECRET_NAME_DOC})`;
    }
    return undefined;
}

/**
 * "Standard parameters have a value limit of 4 KB" (PutParameter, Value;
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html),
 * and the value may not be empty (the same page: minimum length 1, as the
 * SSM model @aws-sdk/client-ssm has it).
 */
export const STANDARD_PARAMETER_VALUE_MAX_BYTES = 4096;

/** Why a value cannot be stored as a standard SecureString parameter; never quotes the value. */
export function storedParameterValueProblem(value: string): string | undefined {
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes === 0) {
        return "is an empty secret; SSM Parameter Store does not store an empty value, set one or remove the variable";
    }
    if (bytes > STANDARD_PARAMETER_VALUE_MAX_BYTES) {
        return `is a ${bytes}-byte secret; a standard SSM parameter holds at most ${STANDARD_PARAMETER_VALUE_MAX_BYTES} bytes (PutParameter, Value); store it in Secrets Manager and name it in backend.secrets`;
    }
    return undefined;
}

const SSM_ARN = /^arn:aws:ssm:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):parameter(\/.+)$/;
/** A secret's ARN ends in its name, a hyphen and six random characters; anything after (a JSON key, a version) is not taken. */
const SECRET_ARN = /^arn:aws:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):secret:([A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6})$/;

/** Reads one `backend.secrets` value; an error says what is wrong and what is allowed. */
export function parseSecretReference(value: string, region: string): SecretReference | { problem: string } {
    const allowed = "allowed: ssm:<parameter name>, secretsmanager:<secret name>, or the parameter's or secret's ARN";
    if (value.startsWith("ssm:")) {
        const name = value.slice("ssm:".length);
        const problem = parameterNameProblem(name, region);
        return problem ? { problem } : { service: "ssm", by: "name", name };
    }
    if (value.startsWith("secretsmanager:")) {
        const name = value.slice("secretsmanager:".length);
        const problem = secretNameProblem(name);
        return problem ? { problem } : { service: "secretsmanager", by: "name", name };
    }
    if (value.startsWith("arn:")) {
        const ssm = SSM_ARN.exec(value);
        if (ssm) {
            const problem = parameterNameProblem(ssm[3], ssm[1]);
            return problem ? { problem } : { service: "ssm", by: "arn", arn: value, region: ssm[1] };
        }
        const secret = SECRET_ARN.exec(value);
        if (secret) {
            return { service: "secretsmanager", by: "arn", arn: value, region: secret[1] };
        }
        if (/^arn:aws:secretsmanager:[^:]+:\d{12}:secret:[^:]+:/.test(value)) {
            return { problem: `${JSON.stringify(value)} names a JSON key or version of the secret; give the secret's own ARN (the app gets the whole secret string)` };
        }
        return { problem: `${JSON.stringify(value)} is not the ARN of an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>) or of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>); ${allowed}` };
    }
    return { problem: `${JSON.stringify(value)} does not say where the secret is; ${allowed}` };
}

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

import { PARAMETER_MAX_ARN_LENGTH, PARAMETER_NAMES_DOC, parameterArnLength, parameterNameProblems } from "./aws-rules/rules/ssm";

/** A parsed `backend.secrets` value. */
export type SecretReference =
    | { service: "ssm"; by: "name"; name: string }
    | { service: "ssm"; by: "arn"; arn: string; region: string }
    | { service: "secretsmanager"; by: "name"; name: string }
    | { service: "secretsmanager"; by: "arn"; arn: string; region: string };

const SECRET_NAME_DOC = "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html";

/** CreateSecret Name: "Length Constraints: Minimum length of 1. Maximum length of 512" (SECRET_NAME_DOC). */
export const SECRET_NAME_MAX = 512;

/**
 * Why Parameter Store would refuse a parameter name (the rules of
 * aws-ssm-parameter-name, lib/aws-rules/rules/ssm.ts): its grammar and
 * hierarchy, and at most 1,011 characters with the ARN's prefix in
 * `region`. `creating`: a name the program stores under, which may not
 * start with "aws" or "ssm"; one only read may be AWS's own (/aws/service/...).
 */
export function parameterNameProblem(name: string, region: string, creating = false): string | undefined {
    const [problem] = parameterNameProblems(name, creating);
    if (problem) {
        return `${JSON.stringify(name)} ${problem} (${PARAMETER_NAMES_DOC})`;
    }
    const length = parameterArnLength(name, region);
    if (length > PARAMETER_MAX_ARN_LENGTH) {
        return `${JSON.stringify(name)} makes a ${length}-character ARN; names are at most ${PARAMETER_MAX_ARN_LENGTH} characters with the ARN's prefix (${PARAMETER_NAMES_DOC})`;
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

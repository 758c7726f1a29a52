/**
 * SSM Parameter Store: the parameter names PutParameter accepts (their
 * grammar, hierarchy, reserved prefixes and length as an ARN) and the values
 * it stores (not empty, within the tier's size).
 *
 * Checked by the validator and not here (aws:ssm/parameter:Parameter is
 * mapped to AWS::SSM::Parameter; test/lib/aws-rules/cloudformation/
 * validator.test.ts shows each): a name of 1 to 2,048 characters (F3033),
 * Value and Type present (F3003), Type, Tier and DataType among their values
 * (W3030), a description of at most 1,024 characters (F3033). The schema has
 * no pattern for Name and no limit on Value, so it passes `/shop dev/x`,
 * `/aws/x`, 16 levels and a 5,000-character Standard value, all of which
 * PutParameter refuses.
 */
import { AwsRule, Problem, RuleResource, SECRET_VALUE } from "../types";
import { isKnown, partitionOf } from "../util";

export const PARAMETER = "aws:ssm/parameter:Parameter";

/** The user guide's "requirements and constraints for parameter names". */
export const PARAMETER_NAMES_DOC = "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html";
export const PUT_PARAMETER_DOC = "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html";
export const PARAMETER_TIERS_DOC = "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html";

/**
 * "Parameter hierarchies are limited to a maximum depth of fifteen levels"
 * (PutParameter Name). The user guide's examples: 15 levels
 * (`/Level-1/L2/.../L14/parameter-name`) are valid, 17 fail with
 * HierarchyLevelLimitExceededException.
 */
export const PARAMETER_MAX_LEVELS = 15;

/**
 * "The maximum length for a parameter name that you specify is 1011
 * characters. This count of 1011 characters includes the characters in the
 * ARN that precede the name you specify" (PutParameter Name; the 2,048 of the
 * API model include 1,037 "reserved for internal use"). The user guide's
 * example: `arn:aws:ssm:us-east-2:111122223333:parameter/ExampleParameterName`
 * is 65 characters, not 20.
 */
export const PARAMETER_MAX_ARN_LENGTH = 1011;

/**
 * "A parameter name can't be prefixed with "aws" or "ssm"
 * (case-insensitive)": the user guide's refused examples are
 * `awsTestParameter`, `SSM-testparameter` and `/aws/testparam1`.
 */
const RESERVED = /^\/?(aws|ssm)/i;

/**
 * Why PutParameter refuses a parameter name, one reason each; empty when the
 * grammar, hierarchy and prefix are right (the empty name is the validator's,
 * the ARN length {@link parameterArnLength}'s). Not `creating`: a name to
 * read, which may be one of AWS's under /aws.
 */
export function parameterNameProblems(given: string, creating = true): string[] {
    // "The service removes any spaces specified for the beginning or end of a parameter name. If the specified
    // name for a parameter contains spaces between characters, the request fails" (PutParameter Name).
    const name = given.replace(/^ +| +$/g, "");
    const problems: string[] = [];
    // "Parameter names can include only the following symbols and letters: a-zA-Z0-9_.-", and "/" between levels.
    const bad = [...new Set(name.replace(/[A-Za-z0-9_.\-/]/g, ""))];
    if (bad.length > 0) {
        problems.push(`has ${bad.map((c) => JSON.stringify(c)).join(", ")}: a parameter name has only letters, digits, "_", "." and "-", with "/" between hierarchy levels (no spaces)`);
    }
    if (name.includes("/") && !name.startsWith("/")) {
        problems.push(`is a hierarchy without its leading "/": a name with "/" must be fully qualified, /${name} ("Not fully qualified parameter name: MyParameter3/L1")`);
    }
    const levels = name.replace(/^\//, "").split("/");
    if (name.includes("/") && levels.some((l) => l === "")) {
        problems.push(`has an empty hierarchy level ("//" or a trailing "/"); each level is one or more of a-zA-Z0-9_.-`);
    }
    if (levels.length > PARAMETER_MAX_LEVELS) {
        problems.push(`has ${levels.length} hierarchy levels; at most ${PARAMETER_MAX_LEVELS} (HierarchyLevelLimitExceededException)`);
    }
    // Reserved for creating: a task or app may read AWS's public parameters (/aws/service/...).
    const reserved = creating ? RESERVED.exec(name) : null;
    if (reserved) {
        problems.push(`begins with "${reserved[1]}": names prefixed with "aws" or "ssm" (case-insensitive) are reserved, /aws/... for AWS's public parameters`);
    }
    return problems;
}

/** A parameter's ARN: the name without its leading slash after `parameter/` ("/TestParam1" and "TestParam1" are one parameter). */
export function parameterArn(name: string, region: string, account: string): string {
    return `arn:${partitionOf(region)}:ssm:${region}:${account}:parameter/${name.replace(/^\//, "")}`;
}

/** The length PutParameter limits to 1,011: the name's ARN (an account id is always 12 digits). */
export function parameterArnLength(name: string, region: string): number {
    return parameterArn(name, region, "123456789012").length;
}

/** Pulumi's auto-name, when the program gives none: the resource's name, "-" and 7 random characters. */
function nameOf(parameter: RuleResource): { name: string; auto: boolean } | undefined {
    const given = parameter.inputs.name;
    if (given === undefined) {
        return { name: `${parameter.name}-a1b2c3d`, auto: true };
    }
    return isKnown(given) && typeof given === "string" ? { name: given, auto: false } : undefined;
}

export const parameterName: AwsRule = {
    id: "aws-ssm-parameter-name",
    description: `A parameter name is letters, digits, "_", "." and "-" in at most ${PARAMETER_MAX_LEVELS} levels, a hierarchy begins with "/", it does not begin with "aws" or "ssm" (any case), and its ARN is at most ${PARAMETER_MAX_ARN_LENGTH} characters.`,
    level: "error",
    effect: "refused",
    types: [PARAMETER],
    properties: ["name"],
    source: PARAMETER_NAMES_DOC,
    nearest: { cfnLint: "F3033 (length 1 to 2,048 from the schema; no pattern)", terraform: "aws_ssm_parameter name: StringLenBetween(1, 2048) only" },
    check(parameter) {
        const found = nameOf(parameter);
        if (!found || found.name === "") {
            return [];
        }
        const { auto } = found;
        const name = found.name.replace(/^ +| +$/g, "");
        const what = auto ? `the auto-name ${name} (${parameter.name}, "-" and 7 random characters; no name is set)` : name;
        const problems: Problem[] = parameterNameProblems(name).map((why) => ({ property: "name", value: name, message: `${what} ${why}; PutParameter refuses it (ValidationException)` }));
        // Over 2,048 characters is the validator's (F3033).
        const length = parameterArnLength(name, parameter.region);
        if (name.length <= 2048 && length > PARAMETER_MAX_ARN_LENGTH) {
            problems.push({ property: "name", value: `${length} characters as an ARN`, message: `${what} makes an ARN of ${length} characters in ${parameter.region}; PutParameter takes names whose ARN (arn:aws:ssm:<region>:<account>:parameter/<name>) is at most ${PARAMETER_MAX_ARN_LENGTH} characters` });
        }
        return problems;
    },
};

/**
 * "Standard parameters have a value limit of 4 KB. Advanced parameters have
 * a value limit of 8 KB" (PutParameter Value; the tiers' table: "Maximum size
 * of a parameter value: 4 KB, 8 KB"). Parameter Store's refusal counts
 * characters: "Standard tier parameters support a maximum parameter value of
 * 4096 characters" (the ValidationException, quoted in
 * github-aws-runners/terraform-aws-github-runner#3815). Intelligent-Tiering
 * makes a parameter Advanced when its value needs it; no tier is the
 * Region's default tier, Standard unless the account changed it.
 */
export const PARAMETER_MAX_VALUE: Record<string, number> = { Standard: 4096, Advanced: 8192, "Intelligent-Tiering": 8192 };

export const parameterValue: AwsRule = {
    id: "aws-ssm-parameter-value",
    description: "A parameter's value is not empty and is at most 4 KB (4,096 characters) in the Standard tier, 8 KB in Advanced and Intelligent-Tiering.",
    level: "error",
    effect: "refused",
    types: [PARAMETER],
    properties: ["value", "insecureValue", "valueWo"],
    source: PUT_PARAMETER_DOC,
    nearest: { terraform: "aws_ssm_parameter value: no validation (hashicorp/terraform-provider-aws#31151 proposes it)" },
    check(parameter) {
        const property = ["value", "insecureValue", "valueWo"].find((p) => parameter.inputs[p] !== undefined);
        const value = property ? parameter.inputs[property] : undefined;
        // A secret reads as [secret] offline (the config's own check sizes the program's stored values); the pack sees the value.
        if (!property || !isKnown(value) || typeof value !== "string" || value === SECRET_VALUE) {
            return [];
        }
        // The value is a secret: findings show its length, never the value.
        if (value === "") {
            return [{ property, value: "0 characters", message: `is empty; PutParameter refuses an empty value ("Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1", getmoto/moto#3794), whatever the type` }];
        }
        const tier = parameter.inputs.tier ?? "Standard";
        const max = typeof tier === "string" ? PARAMETER_MAX_VALUE[tier] : undefined;
        if (max === undefined || value.length <= max) {
            return [];
        }
        const which = parameter.inputs.tier === undefined ? "no tier is set, so the Region's default tier applies (Standard unless the account changed it)" : `the tier is ${tier}`;
        return [{ property, value: `${value.length} characters`, message: `is ${value.length} characters; ${which}, whose values are at most ${max} characters (${max / 1024} KB): "Standard tier parameters support a maximum parameter value of 4096 characters". ${max === 4096 ? "Set tier Advanced (up to 8 KB, charged) or store less" : "Store less"} (${PARAMETER_TIERS_DOC})` }];
    },
};

/**
 * AWS's refusals, before `pulumi up`: the record checked by the AWS rules
 * (`lib/aws-rules`) and by AWS's own CloudFormation validator. The plan
 * lists every finding and exits 1 on an error; the policy pack reports the
 * same findings as policy violations.
 */
import { checkAwsRules, Finding, RuleContext, RuleResource } from "../lib/aws-rules";
import { cloudFormationValidator } from "../lib/aws-rules/cloudformation/validator";
import { providerOf, ROOT_STACK_TYPE, StackRecord } from "./record";

/** The record as the rules see it: each resource with the region it is created in. */
export function ruleContextOf(record: StackRecord): RuleContext {
    const region = record.config["aws:region"] ?? "";
    const resources: RuleResource[] = record.resources
        .filter((r) => r.type !== ROOT_STACK_TYPE)
        .map((r) => {
            const explicit = providerOf(record, r)?.inputs.region;
            return {
                urn: r.urn,
                type: r.type,
                name: r.name,
                inputs: r.inputs,
                outputs: r.outputs,
                parent: r.parent,
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
                region: typeof r.inputs.region === "string" ? r.inputs.region : typeof explicit === "string" ? explicit : region,
                custom: r.custom,
            };
        });
    return { resources, region, lookups: record.lookups ?? { subnets: {} } };
}

/** Starts building AWS's validator now, so it is ready when the program has run. */
export function prepareAwsChecks(): void {
    cloudFormationValidator();
}

/** Every AWS finding on a record: the AWS rules', then the CloudFormation validator's. */
export async function checkAws(record: StackRecord): Promise<Finding[]> {
    const context = ruleContextOf(record);
    const validated = await cloudFormationValidator().validate(context.resources, context.region);
    return [...checkAwsRules(context), ...validated];
}

/** Counts by level, and errors by what they do at `pulumi up`. */
export function awsSummary(findings: Finding[]): { errors: number; refused: number; broken: number; warnings: number } {
    const errors = findings.filter((f) => f.level === "error");
    return { errors: errors.length, refused: errors.filter((f) => f.effect !== "broken").length, broken: errors.filter((f) => f.effect === "broken").length, warnings: findings.length - errors.length };
}

/**
 * RDS: what StartDBInstance/StopDBInstance accept through Pulumi's
 * InstanceDesiredState (a Pulumi-only resource with no CloudFormation twin).
 */
import { AwsRule, Problem } from "../types";
import { isKnown } from "../util";

/**
 * DBInstanceIdentifier: "1 to 63 letters, numbers, or hyphens. First
 * character must be a letter. Can't end with a hyphen or contain two
 * consecutive hyphens."
 */
export const DB_INSTANCE_IDENTIFIER = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}$/;

/** The states the resource can ask for (StartDBInstance / StopDBInstance). */
export const DESIRED_STATES = ["available", "stopped"];

export const desiredState: AwsRule = {
    id: "aws-rds-desired-state",
    description: "An instance's desired state is available or stopped, for an identifier RDS accepts.",
    level: "error",
    effect: "refused",
    types: ["aws:rds/instanceDesiredState:InstanceDesiredState"],
    properties: ["identifier", "state"],
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StopDBInstance.html",
    nearest: { terraform: "aws_rds_instance_state state: OneOf(available, stopped) (same check)" },
    check(resource) {
        const problems: Problem[] = [];
        const { identifier, state } = resource.inputs;
        if (isKnown(state) && !DESIRED_STATES.includes(String(state))) {
            problems.push({ property: "state", value: state, message: `RDS can only start (available) or stop (stopped) an instance` });
        }
        if (isKnown(identifier) && (typeof identifier !== "string" || !DB_INSTANCE_IDENTIFIER.test(identifier) || identifier.endsWith("-"))) {
            problems.push({ property: "identifier", value: identifier, message: "an instance identifier is 1 to 63 letters, digits or hyphens, starting with a letter, with no -- and no trailing -" });
        }
        return problems;
    },
};

/**
 * Route 53: one record resource per name and type.
 */
import { AwsRule } from "../types";
import { isKnown, ofType } from "../util";

export const oneRecordPerName: AwsRule = {
    id: "aws-route53-one-record-per-name",
    description: "Each (zone, name, type) has one record resource: two would overwrite each other, and deleting either deletes the name's record.",
    level: "error",
    effect: "broken",
    types: ["aws:route53/record:Record"],
    properties: ["zoneId", "name", "type"],
    source: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html",
    nearest: { cfnLint: "E3019 (unique primary identifiers, generic)" },
    check(record, context) {
        const key = (r: typeof record) => [r.inputs.zoneId, String(r.inputs.name ?? "").replace(/\.$/, "").toLowerCase(), r.inputs.type].join("|");
        if (![record.inputs.zoneId, record.inputs.name, record.inputs.type].every(isKnown)) {
            return [];
        }
        const same = ofType(context, record.type).filter((r) => r.urn !== record.urn && key(r) === key(record));
        return same.length > 0 ? [{ property: "name", value: record.inputs.name, message: `record ${same.map((r) => r.name).join(", ")} writes the same ${String(record.inputs.type)} record in the same zone` }] : [];
    },
};

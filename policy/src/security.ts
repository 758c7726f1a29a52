/**
 * Security: private buckets, private and encrypted databases, no open ports
 * except a load balancer's 80/443, no wildcard actions for the app, TLS 1.2
 * at least on every public endpoint, and access logs on the API.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asList, grants, isKnown, knownNumber, label, list, obj, ofType, permissionDocuments, read, referenced, roleDocuments, statements } from "./util";

const OPEN = ["0.0.0.0/0", "::/0"];

export const s3PublicAccessBlocked: StackValidationPolicy = {
    name: "s3-public-access-blocked",
    description: "Every S3 bucket blocks all public access.",
    remediationSteps: "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true; serve public content through CloudFront with Origin Access Control.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const blocks = ofType(args.resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        const buckets = [...ofType(args.resources, "aws:s3/bucket:Bucket"), ...ofType(args.resources, "aws:s3/bucketV2:BucketV2")];
        for (const bucket of buckets) {
            const mine = blocks.filter((b) => referenced(b, "bucket", [bucket], ["id", "bucket"]).length > 0);
            // An unknown flag cannot be judged now: only a known false counts against it.
            const complete = mine.some((b) => ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((flag) => { const v = read(() => b.props[flag] as unknown); return v === true || !isKnown(v); }));
            if (!complete) {
                report(`bucket ${label(bucket)} does not block all public access. ${s3PublicAccessBlocked.remediationSteps}`, bucket.urn);
            }
        }
    },
};

export const rdsPrivateAndEncrypted: ResourceValidationPolicy = {
    name: "rds-private-and-encrypted",
    description: "RDS instances and clusters are not publicly accessible and encrypt their storage.",
    remediationSteps: "Set publiclyAccessible: false and storageEncrypted: true (an existing unencrypted instance is replaced: restore from an encrypted snapshot copy), and admit only the app's security group.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (!["aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance"].includes(args.type)) {
            return;
        }
        if (read(() => args.props.publiclyAccessible as unknown) === true) {
            report(`database ${args.name} is publicly accessible. ${rdsPrivateAndEncrypted.remediationSteps}`);
        }
        if (args.type === "aws:rds/clusterInstance:ClusterInstance") {
            return; // encryption is the cluster's
        }
        const encrypted = read(() => args.props.storageEncrypted as unknown);
        if (isKnown(encrypted) && encrypted !== true) {
            report(`database ${args.name} does not encrypt its storage. ${rdsPrivateAndEncrypted.remediationSteps}`);
        }
    },
};

/** Open ingress of a security group: inline rules, and separate rule resources pointing at it. */
function openIngress(resources: PolicyResource[], group: PolicyResource): { from?: number; to?: number; where: string }[] {
    const found: { from?: number; to?: number; where: string }[] = [];
    const port = (get: () => unknown) => knownNumber(read(get));
    const inline = read(() => list(group.props.ingress).map(obj));
    for (const rule of isKnown(inline) ? inline : []) {
        const cidrs = [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)].map(String);
        if (cidrs.some((c) => OPEN.includes(c))) {
            found.push({ from: knownNumber(rule.fromPort), to: knownNumber(rule.toPort), where: "inline ingress" });
        }
    }
    for (const rule of ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
        if (referenced(rule, "securityGroupId", [group], ["id"]).length === 0) continue;
        const cidr = [read(() => rule.props.cidrIpv4 as unknown), read(() => rule.props.cidrIpv6 as unknown)];
        if (cidr.some((c) => typeof c === "string" && OPEN.includes(c))) {
            found.push({ from: port(() => rule.props.fromPort), to: port(() => rule.props.toPort), where: `rule ${rule.name}` });
        }
    }
    for (const rule of ofType(resources, "aws:ec2/securityGroupRule:SecurityGroupRule")) {
        if (read(() => rule.props.type as unknown) !== "ingress" || referenced(rule, "securityGroupId", [group], ["id"]).length === 0) continue;
        const cidrs = [...list(read(() => rule.props.cidrBlocks as unknown)), ...list(read(() => rule.props.ipv6CidrBlocks as unknown))].map(String);
        if (cidrs.some((c) => OPEN.includes(c))) {
            found.push({ from: port(() => rule.props.fromPort), to: port(() => rule.props.toPort), where: `rule ${rule.name}` });
        }
    }
    return found;
}

export const noOpenIngress: StackValidationPolicy = {
    name: "no-open-ingress",
    description: "No security group admits the whole internet (0.0.0.0/0 or ::/0), except a load balancer's on ports 80 and 443.",
    remediationSteps: "Admit traffic from the security group in front of the resource (referencedSecurityGroupId: the load balancer's or the VPC link's) instead of a CIDR; only a load balancer's group may open 80 and 443 to the internet.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const balancers = ofType(args.resources, "aws:lb/loadBalancer:LoadBalancer");
        for (const group of ofType(args.resources, "aws:ec2/securityGroup:SecurityGroup")) {
            const onBalancer = balancers.some((lb) => referenced(lb, "securityGroups", [group], ["id"]).length > 0);
            for (const rule of openIngress(args.resources, group)) {
                const portsKnown = rule.from !== undefined && rule.to !== undefined;
                const webOnly = portsKnown && rule.from === rule.to && (rule.from === 80 || rule.from === 443);
                // A load balancer's rule with ports unknown until deploy cannot be judged yet.
                if (onBalancer && (webOnly || !portsKnown)) continue;
                const ports = portsKnown ? `ports ${rule.from}-${rule.to}` : "ports known after deploy";
                report(`security group ${label(group)} admits the internet on ${ports} (${rule.where})${onBalancer ? "" : " and is not a load balancer's"}. ${noOpenIngress.remediationSteps}`, group.urn);
            }
        }
    },
};

export const noWildcardActionsInTaskRoles: StackValidationPolicy = {
    name: "no-wildcard-actions-in-task-roles",
    description: 'No task role is allowed "*" or a whole service ("dynamodb:*"): the app gets the actions it uses, on its own resources.',
    remediationSteps: 'List the actions the app calls (for example dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query) on the resources it uses (the table\'s ARN and "<arn>/index/*").',
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const roles = ofType(args.resources, "aws:iam/role:Role");
        const taskRoles = new Set(ofType(args.resources, "aws:ecs/taskDefinition:TaskDefinition").flatMap((t) => referenced(t, "taskRoleArn", roles, ["arn"])));
        for (const role of taskRoles) {
            const { documents, managedArns } = roleDocuments(args.resources, role);
            for (const arn of managedArns.filter((a) => BROAD_MANAGED_POLICIES.some((p) => a.endsWith(`:policy/${p}`)))) {
                report(`task role ${role.name} has ${arn} attached, which allows every action. ${noWildcardActionsInTaskRoles.remediationSteps}`, role.urn);
            }
            for (const { source, document } of documents) {
                for (const statement of statements(document).filter((s) => s.Effect === "Allow")) {
                    const wild = asList(statement.Action).filter((a) => a === "*" || /^[a-z0-9-]+:\*$/i.test(a));
                    if (wild.length > 0 || statement.NotAction !== undefined) {
                        report(`task role ${role.name} is allowed ${wild.length > 0 ? wild.join(", ") : "NotAction (everything else)"} in ${source}. ${noWildcardActionsInTaskRoles.remediationSteps}`, role.urn);
                    }
                }
            }
        }
    },
};

export const iamPassRoleScoped: StackValidationPolicy = {
    name: "iam-pass-role-scoped",
    description: "Every statement that allows iam:PassRole (by name or wildcard) names the roles (no \"*\" resource) and the service they go to (an iam:PassedToService condition): passing any role to any service is a way to admin.",
    remediationSteps: 'Allow iam:PassRole on the role ARNs (or a path such as role/shoestring/*) with a Condition {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}.',
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const seen = new Set<string>();
        const check = (owner: string, urn: string, source: string, document: unknown) => {
            statements(document).forEach((statement, i) => {
                const key = `${urn}|${source}|${i}`;
                if (seen.has(key) || statement.Effect !== "Allow" || !asList(statement.Action).some((a) => grants(a, "iam:PassRole"))) {
                    return;
                }
                seen.add(key);
                const everyRole = asList(statement.Resource).some((r) => r === "*" || /^arn:aws[a-z-]*:iam::(\*|\d{12}):(\*|role\/\*)$/.test(r));
                const condition = obj((statement as { Condition?: unknown }).Condition);
                const toService = Object.values(condition).some((values) => "iam:PassedToService" in obj(values));
                if (everyRole || !toService) {
                    report(`${owner} allows iam:PassRole ${everyRole ? "on every role" : "without an iam:PassedToService condition"} in ${source}. ${iamPassRoleScoped.remediationSteps}`, urn);
                }
            });
        };
        for (const { owner, ownerLabel, source, document } of permissionDocuments(args.resources, true)) {
            check(ownerLabel, owner.urn, source, document);
        }
    },
};

/** AWS managed policies that allow every action (or nearly). */
const BROAD_MANAGED_POLICIES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];

/** TLS policies that allow nothing older than TLS 1.2. */
const MODERN_CLOUDFRONT = ["TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

export const tls12Minimum: ResourceValidationPolicy = {
    name: "tls-1-2-minimum",
    description: "Public endpoints with a custom domain accept TLS 1.2 or later only: CloudFront viewer certificates, API Gateway domain names and HTTPS listeners.",
    remediationSteps: 'Use minimumProtocolVersion "TLSv1.2_2021" on CloudFront, securityPolicy "TLS_1_2" on API Gateway domain names, and an ELBSecurityPolicy-TLS13-1-2-* policy on HTTPS listeners.',
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type === "aws:cloudfront/distribution:Distribution") {
            const certificate = read(() => obj(args.props.viewerCertificate));
            if (isKnown(certificate) && certificate.cloudfrontDefaultCertificate !== true) {
                const version = String(certificate.minimumProtocolVersion ?? "TLSv1");
                if (!MODERN_CLOUDFRONT.includes(version)) {
                    report(`distribution ${args.name} accepts ${version}. ${tls12Minimum.remediationSteps}`);
                }
            }
        } else if (args.type === "aws:apigatewayv2/domainName:DomainName" || args.type === "aws:apigateway/domainName:DomainName") {
            const policy = args.type === "aws:apigateway/domainName:DomainName" ? read(() => args.props.securityPolicy as unknown) : read(() => obj(args.props.domainNameConfiguration).securityPolicy);
            // Left unset, a REST API domain name may accept TLS 1.0: it must be explicit.
            if (isKnown(policy) && !/^TLS_1_2|TLS13|TLS_1_3/i.test(String(policy ?? "TLS_1_0"))) {
                report(`API domain ${args.name} accepts ${policy === undefined ? "the default policy (TLS 1.0 allowed)" : String(policy)}. ${tls12Minimum.remediationSteps}`);
            }
        } else if (args.type === "aws:lb/listener:Listener" && read(() => args.props.protocol as unknown) === "HTTPS") {
            const policy = read(() => args.props.sslPolicy as unknown);
            if (isKnown(policy) && !/TLS13-1-2|TLS-1-2|FS-1-2|TLS13-1-3/.test(String(policy ?? "ELBSecurityPolicy-2016-08"))) {
                report(`listener ${args.name} uses ${String(policy ?? "the default policy ELBSecurityPolicy-2016-08")}, which accepts TLS 1.0. ${tls12Minimum.remediationSteps}`);
            }
        }
    },
};

export const apiStageAccessLogging: ResourceValidationPolicy = {
    name: "api-stage-access-logging",
    description: "Every API Gateway stage writes access logs.",
    remediationSteps: "Set accessLogSettings on the stage: destinationArn of a CloudWatch log group with a retention, and a format with $context.requestId, status and integration errors.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== "aws:apigatewayv2/stage:Stage" && args.type !== "aws:apigateway/stage:Stage") {
            return;
        }
        const settings = read(() => args.props.accessLogSettings as unknown);
        if (isKnown(settings) && !obj(settings).destinationArn) {
            report(`stage ${args.name} has no access logs. ${apiStageAccessLogging.remediationSteps}`);
        }
    },
};

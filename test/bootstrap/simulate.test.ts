/**
 * The bootstrap's deploy role through an IAM policy simulator
 * (@cloud-copilot/iam-simulate, offline): it cannot make a role more
 * powerful than the workload boundary, and it can do what `pulumi up` of
 * each stack needs with the program's roles. The boundary in turn allows
 * every action those roles are granted.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import { DEPLOY_POLICY_GROUPS, PASS_ROLE_SERVICES } from "../../bootstrap/github-oidc";
import { iamActionTakesResources } from "../../lib/aws-data/iam-actions";
import { PROJECT_TAG } from "../../lib/tags";
import { AWS_MANAGED_TASK_EXECUTION_ACTIONS } from "../../lib/workload-iam";
import { OFFLINE_ACCOUNT_ID } from "../../offline/mocks";
import { onlyResource, RecordedResource, resourcesOfType, StackRecord } from "../../offline/record";
import { runStack } from "../../offline/stack";
import { asList, json, stack, Statement } from "../stacks";

type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
type Document = { Statement: { Effect: string; Action: string | string[]; Resource?: string | string[] }[] };

const ACCOUNT = OFFLINE_ACCOUNT_ID;
const role = (rest: string) => `arn:aws:iam::${ACCOUNT}:role/${rest}`;
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

let bootstrap: StackRecord;
let deployPolicies: { name: string; policy: unknown }[];
let deployRoleArn: string;
let boundaryArn: string;
let boundaryDocument: unknown;

/**
 * What IAM decides for the deploy role's request. S3 evaluates a bucket's
 * tags only once ABAC is enabled on it, which the program does right after
 * creating the bucket (`bucketAbac: false` for the moment before).
 */
async function decide(action: string, resource: string, context: Record<string, string | string[]> = {}, bucketAbac = true): Promise<Decision> {
    const simulation: Simulation = {
        request: { principal: deployRoleArn, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
        identityPolicies: deployPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        additionalSettings: { s3: { bucketAbacEnabled: bucketAbac } },
    };
    const response = await runSimulation(simulation, {});
    assert.notEqual(response.resultType, "error", JSON.stringify("errors" in response ? response.errors : response));
    return (response as { overallResult: Decision }).overallResult;
}

const boundary = () => ({ "iam:PermissionsBoundary": boundaryArn });

/**
 * The stacks whose `pulumi up` the deploy role runs: each stack file, and
 * cheap with awake hours (scheduled actions, the database schedules and
 * their role). `writes` and `calls`: the fewest checks each loop below must
 * find in the stack, so a stack that loses its resources cannot pass by
 * checking nothing.
 */
const STACKS: { label: string; name: string; config: Record<string, unknown>; secrets?: Record<string, unknown>; writes: number; calls: number }[] = [
    { label: "cheap", name: "cheap", config: {}, writes: 40, calls: 30 },
    { label: "cheap with awake hours", name: "cheap", config: { schedule: { timezone: "Europe/Berlin", awake: ["Mon-Fri 08:00-19:00"] } }, writes: 40, calls: 40 },
    { label: "dev", name: "dev", config: {}, writes: 40, calls: 40 },
    { label: "serverless", name: "serverless", config: {}, writes: 40, calls: 20 },
    {
        label: "cheap with app secrets",
        name: "cheap",
        config: { "backend.secrets": { API_TOKEN: "ssm:/own-app/api-token", STRIPE_KEY: "secretsmanager:prod/stripe" } },
        secrets: { "backend.environment.SESSION_KEY": "not-a-real-key" },
        writes: 40,
        calls: 30,
    },
];
const recordOf = (s: (typeof STACKS)[number]) => stack(s.name, { ...s.config, permissionsBoundary: boundaryArn }, s.secrets);

/** The services a role's trust policy lets assume it. */
const trustedServices = (r: RecordedResource): string[] => json<{ Statement: Statement[] }>(r.inputs.assumeRolePolicy).Statement.flatMap((t) => asList((t.Principal as { Service?: string | string[] } | undefined)?.Service ?? []));

/** The zone the stacks' domain names are in, offline (the mocks' lookup of the domain). */
const OFFLINE_ZONE_ID = "Z0OFFLINE00000000000";
const ours = { [`aws:ResourceTag/${PROJECT_TAG}`]: "shoestring" };
const theirs = { [`aws:ResourceTag/${PROJECT_TAG}`]: "billing" };
const inRegion = (region: string) => ({ "aws:RequestedRegion": region });

/**
 * The writes `pulumi up` makes to each stateful or access-granting resource
 * of a stack, by type: the actions, and how the resource's ARN is found.
 */
const WRITES: Record<string, string[]> = {
    "aws:s3/bucket:Bucket": ["s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls", "s3:PutEncryptionConfiguration", "s3:DeleteBucket"],
    "aws:rds/instance:Instance": ["rds:ModifyDBInstance", "rds:StopDBInstance", "rds:StartDBInstance", "rds:RebootDBInstance", "rds:DeleteDBInstance", "rds:CreateDBSnapshot"],
    "aws:rds/subnetGroup:SubnetGroup": ["rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup"],
    "aws:dynamodb/table:Table": ["dynamodb:UpdateTable", "dynamodb:UpdateContinuousBackups", "dynamodb:UpdateTimeToLive", "dynamodb:DeleteTable"],
    // SetRepositoryPolicy: Lambda adds its pull permission to the repository of a function's image, as the caller.
    "aws:ecr/repository:Repository": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutLifecyclePolicy", "ecr:SetRepositoryPolicy", "ecr:DeleteRepository"],
    "aws:cloudwatch/logGroup:LogGroup": ["logs:PutRetentionPolicy", "logs:DeleteLogGroup"],
    "aws:ec2/securityGroup:SecurityGroup": ["ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
    "aws:lambda/function:Function": ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:GetFunction", "lambda:GetPolicy", "lambda:ListTags", "lambda:RemovePermission", "lambda:UntagResource", "lambda:DeleteFunction"],
    "aws:dsql/cluster:Cluster": ["dsql:UpdateCluster", "dsql:GetCluster", "dsql:GetVpcEndpointServiceName", "dsql:ListTagsForResource", "dsql:DeleteCluster"],
};

describe("bootstrap deploy role, simulated", function () {
    this.timeout(120_000);

    before(async () => {
        bootstrap = await runStack("main", { dir: path.resolve(__dirname, "../../bootstrap"), config: { hostedZoneIds: JSON.stringify([OFFLINE_ZONE_ID]) } });
        deployPolicies = DEPLOY_POLICY_GROUPS.map((group) => ({ name: group, policy: JSON.parse(onlyResource(bootstrap, "aws:iam/policy:Policy", `github-deploy-${group}`).inputs.policy as string) }));
        deployRoleArn = String(onlyResource(bootstrap, "aws:iam/role:Role", "github-deploy").outputs.arn);
        const policy = onlyResource(bootstrap, "aws:iam/policy:Policy", "github-workload-boundary");
        boundaryArn = String(policy.outputs.arn);
        boundaryDocument = JSON.parse(policy.inputs.policy as string);
    });

    describe("cannot escalate", () => {
        for (const [what, action, resource, context] of [
            ["create a role without the boundary", "iam:CreateRole", role("shoestring/x-task-1"), {}],
            ["create a role with another boundary", "iam:CreateRole", role("shoestring/x-task-1"), { "iam:PermissionsBoundary": ADMIN }],
            ["create a role outside the program's path", "iam:CreateRole", role("admin"), "boundary"],
            ["write an inline policy on a role without the boundary", "iam:PutRolePolicy", role("shoestring/x-task-1"), {}],
            ["write an inline policy on another project's role", "iam:PutRolePolicy", role("other/x-task-1"), "boundary"],
            ["attach AdministratorAccess", "iam:AttachRolePolicy", role("shoestring/x-task-1"), { "iam:PolicyARN": ADMIN }],
            ["change its own trust", "iam:UpdateAssumeRolePolicy", "deploy-role", "boundary"],
            ["change the trust of a role outside the path", "iam:UpdateAssumeRolePolicy", role("web-task-1234567"), {}],
            ["pass a role outside the path", "iam:PassRole", role("admin"), { "iam:PassedToService": "ecs-tasks.amazonaws.com" }],
            ["pass a program role to EC2 (an instance profile)", "iam:PassRole", role("shoestring/x-task-1"), { "iam:PassedToService": "ec2.amazonaws.com" }],
            ["pass a program role to CloudFormation", "iam:PassRole", role("shoestring/backend-role-1"), { "iam:PassedToService": "cloudformation.amazonaws.com" }],
            ["remove a role's boundary", "iam:DeleteRolePermissionsBoundary", role("shoestring/x-task-1"), "boundary"],
            ["replace a role's boundary", "iam:PutRolePermissionsBoundary", role("shoestring/x-task-1"), "boundary"],
            ["rewrite the boundary", "iam:CreatePolicyVersion", "boundary-policy", {}],
            ["delete the boundary", "iam:DeletePolicy", "boundary-policy", {}],
        ] as [string, string, string, Record<string, string> | "boundary"][]) {
            it(`is denied: ${what}`, async () => {
                const target = resource === "deploy-role" ? deployRoleArn : resource === "boundary-policy" ? boundaryArn : resource;
                const ctx = context === "boundary" ? boundary() : context;
                assert.notEqual(await decide(action, target, ctx), "Allowed");
            });
        }
    });

    describe("can deploy each stack's roles", () => {
        for (const s of STACKS) {
            it(`stack ${s.label}: creates its roles with the boundary, writes their policies, attaches the execution policy, passes each to the service it trusts`, async () => {
                const record = await recordOf(s);
                const roles = resourcesOfType(record, "aws:iam/role:Role");
                assert.ok(roles.length >= 1);
                for (const r of roles) {
                    const arn = String(r.outputs.arn);
                    assert.equal(r.inputs.permissionsBoundary, boundaryArn, `${r.name} carries the boundary`);
                    assert.equal(await decide("iam:CreateRole", arn, boundary()), "Allowed", `${s.label} CreateRole ${arn}`);
                    const services = trustedServices(r);
                    assert.equal(services.length, 1, `${r.name} trusts one service`);
                    assert.ok(PASS_ROLE_SERVICES.includes(services[0]), `${r.name}: ${services[0]}`);
                    assert.equal(await decide("iam:PassRole", arn, { "iam:PassedToService": services[0] }), "Allowed", `PassRole ${arn} to ${services[0]}`);
                    assert.equal(await decide("iam:DeleteRole", arn, boundary()), "Allowed", `DeleteRole ${arn}`);
                }
                for (const p of resourcesOfType(record, "aws:iam/rolePolicy:RolePolicy")) {
                    const target = roles.find((r) => r.outputs.name === p.inputs.role)!;
                    assert.equal(await decide("iam:PutRolePolicy", String(target.outputs.arn), boundary()), "Allowed", p.name);
                }
                for (const a of resourcesOfType(record, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
                    const target = roles.find((r) => r.outputs.name === a.inputs.role)!;
                    assert.equal(await decide("iam:AttachRolePolicy", String(target.outputs.arn), { ...boundary(), "iam:PolicyARN": String(a.inputs.policyArn) }), "Allowed", a.name);
                }
            });
        }

        it("may still delete the roles of the earlier layout (no path), so the first deploy after the move can replace them", async () => {
            assert.equal(await decide("iam:DeleteRole", role("backend-task-1a2b3c4")), "Allowed");
            assert.equal(await decide("iam:DeleteRole", role("billing-task-1a2b3c4")), "ImplicitlyDenied");
            assert.equal(await decide("iam:PutRolePolicy", role("backend-task-1a2b3c4")), "ImplicitlyDenied");
        });
    });

    describe("writes only to the project's resources, in its region and zones", () => {
        for (const s of STACKS) {
            it(`stack ${s.label}: every write to its buckets, databases, tables, repositories, log groups, security groups, functions and clusters is allowed with the project's tag, denied without it or with another project's`, async () => {
                const record = await recordOf(s);
                let checked = 0;
                for (const [type, actions] of Object.entries(WRITES)) {
                    for (const r of resourcesOfType(record, type)) {
                        const arn = String(r.outputs.arn);
                        assert.deepEqual(r.inputs.tags && (r.inputs.tags as Record<string, string>)[PROJECT_TAG], "shoestring", `${r.name} carries the tag`);
                        for (const action of actions) {
                            const target = arn;
                            assert.equal(await decide(action, target, { ...ours, ...inRegion("us-west-2") }), "Allowed", `${action} on ${r.name}`);
                            assert.notEqual(await decide(action, target, inRegion("us-west-2")), "Allowed", `${action} on an untagged ${type}`);
                            assert.notEqual(await decide(action, target, { ...theirs, ...inRegion("us-west-2") }), "Allowed", `${action} on another project's ${type}`);
                            checked++;
                        }
                    }
                }
                // The API's permission to invoke a function: on the project's function, for its principal only.
                for (const p of resourcesOfType(record, "aws:lambda/permission:Permission")) {
                    const fn = resourcesOfType(record, "aws:lambda/function:Function").find((f) => f.outputs.name === p.inputs.function)!;
                    const arn = String(fn.outputs.arn);
                    const principal = { "lambda:Principal": String(p.inputs.principal) };
                    assert.equal(await decide("lambda:AddPermission", arn, { ...ours, ...principal }), "Allowed", p.name);
                    assert.notEqual(await decide("lambda:AddPermission", arn, principal), "Allowed", `${p.name} on an untagged function`);
                    assert.notEqual(await decide("lambda:AddPermission", arn, { ...theirs, ...principal }), "Allowed", `${p.name} on another project's function`);
                    checked++;
                }
                assert.ok(checked > s.writes, `${checked} writes checked`);
                // Site files: objects of the tagged bucket only.
                const bucket = String(resourcesOfType(record, "aws:s3/bucket:Bucket")[0]?.outputs.arn ?? "arn:aws:s3:::none");
                if (resourcesOfType(record, "aws:s3/bucket:Bucket").length > 0) {
                    assert.equal(await decide("s3:PutObject", `${bucket}/index.html`, ours), "Allowed");
                    assert.notEqual(await decide("s3:PutObject", "arn:aws:s3:::someone-elses-data/index.html", {}), "Allowed");
                }
                // DNS records only in the domain's zone.
                for (const r of resourcesOfType(record, "aws:route53/record:Record")) {
                    const zone = `arn:aws:route53:::hostedzone/${String(r.inputs.zoneId)}`;
                    assert.equal(await decide("route53:ChangeResourceRecordSets", zone, { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [String(r.inputs.name).toLowerCase()] }), "Allowed", r.name);
                }
            });
        }

        /**
         * The calls `pulumi up` makes for the types without tag conditions
         * (created, changed and deleted in the stack's region), with a
         * resource ARN of the form the service reference gives. (HTTP APIs
         * themselves, `/apis/...`, are API Gateway V2 paths the simulator's
         * data does not have; their statement is the same as for the VPC
         * links' and domain names'.)
         */
        const REGIONAL_WRITES: Record<string, { actions: string[]; arn: (name: string, action: string) => string; region?: string }> = {
            "aws:ecs/cluster:Cluster": { actions: ["ecs:CreateCluster", "ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:PutClusterCapacityProviders", "ecs:TagResource", "ecs:DeleteCluster"], arn: (n) => `arn:aws:ecs:us-west-2:${ACCOUNT}:cluster/${n}` },
            "aws:ecs/service:Service": { actions: ["ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:TagResource"], arn: (n) => `arn:aws:ecs:us-west-2:${ACCOUNT}:service/cluster-1234567/${n}` },
            "aws:ecs/taskDefinition:TaskDefinition": { actions: ["ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:DeleteTaskDefinitions", "ecs:TagResource"], arn: (n) => `arn:aws:ecs:us-west-2:${ACCOUNT}:task-definition/${n}:1` },
            "aws:lb/loadBalancer:LoadBalancer": { actions: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:AddTags", "elasticloadbalancing:DeleteLoadBalancer"], arn: (n) => `arn:aws:elasticloadbalancing:us-west-2:${ACCOUNT}:loadbalancer/app/${n}/0123456789abcdef` },
            "aws:lb/listener:Listener": { actions: ["elasticloadbalancing:ModifyListener", "elasticloadbalancing:DeleteListener"], arn: (n) => `arn:aws:elasticloadbalancing:us-west-2:${ACCOUNT}:listener/app/load-balancer/0123456789abcdef/${n.length}0123456789abcde` },
            "aws:lb/listenerRule:ListenerRule": { actions: ["elasticloadbalancing:ModifyRule", "elasticloadbalancing:DeleteRule"], arn: () => `arn:aws:elasticloadbalancing:us-west-2:${ACCOUNT}:listener-rule/app/load-balancer/0123456789abcdef/0123456789abcdef/0123456789abcdef` },
            "aws:lb/targetGroup:TargetGroup": { actions: ["elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup"], arn: (n) => `arn:aws:elasticloadbalancing:us-west-2:${ACCOUNT}:targetgroup/${n.slice(0, 20)}/0123456789abcdef` },
            "aws:cloudfront/distribution:Distribution": { actions: ["cloudfront:CreateDistribution", "cloudfront:UpdateDistribution", "cloudfront:TagResource", "cloudfront:DeleteDistribution"], arn: () => `arn:aws:cloudfront::${ACCOUNT}:distribution/E0123456789ABC`, region: "us-east-1" },
            "aws:cloudfront/cachePolicy:CachePolicy": { actions: ["cloudfront:CreateCachePolicy", "cloudfront:UpdateCachePolicy", "cloudfront:DeleteCachePolicy"], arn: () => `arn:aws:cloudfront::${ACCOUNT}:cache-policy/0810772b-0000-4000-8000-4ded5359fd9a`, region: "us-east-1" },
            "aws:cloudfront/originAccessControl:OriginAccessControl": { actions: ["cloudfront:CreateOriginAccessControl", "cloudfront:UpdateOriginAccessControl", "cloudfront:DeleteOriginAccessControl"], arn: () => `arn:aws:cloudfront::${ACCOUNT}:origin-access-control/E0123456789ABC`, region: "us-east-1" },
            "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": { actions: ["cloudfront:CreateResponseHeadersPolicy", "cloudfront:UpdateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy"], arn: () => `arn:aws:cloudfront::${ACCOUNT}:response-headers-policy/32f8f4bc-0000-4000-8000-0986238c8229`, region: "us-east-1" },
            "aws:acm/certificate:Certificate": { actions: ["acm:RequestCertificate", "acm:AddTagsToCertificate", "acm:DeleteCertificate"], arn: () => `arn:aws:acm:us-west-2:${ACCOUNT}:certificate/ae774347-0000-4000-8000-6ea2a5aacc0a` },
            // POST creates in the collection; PATCH and DELETE act on the item.
            "aws:apigatewayv2/vpcLink:VpcLink": { actions: ["apigateway:POST", "apigateway:PATCH", "apigateway:DELETE"], arn: (_, a) => `arn:aws:apigateway:us-west-2::/vpclinks${a === "apigateway:POST" ? "" : "/abc123"}` },
            "aws:apigatewayv2/domainName:DomainName": { actions: ["apigateway:POST", "apigateway:PATCH", "apigateway:DELETE"], arn: (_, a) => `arn:aws:apigateway:us-west-2::/domainnames${a === "apigateway:POST" ? "" : "/api.shoestring.example.com"}` },
            "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": { actions: ["servicediscovery:CreatePrivateDnsNamespace", "servicediscovery:UpdatePrivateDnsNamespace", "servicediscovery:DeleteNamespace"], arn: () => `arn:aws:servicediscovery:us-west-2:${ACCOUNT}:namespace/ns-3482139d3dc4d38f` },
            "aws:servicediscovery/service:Service": { actions: ["servicediscovery:CreateService", "servicediscovery:UpdateService", "servicediscovery:DeregisterInstance", "servicediscovery:DeleteService"], arn: () => `arn:aws:servicediscovery:us-west-2:${ACCOUNT}:service/srv-70d15de08196d438` },
            "aws:appautoscaling/target:Target": { actions: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:TagResource", "application-autoscaling:DeregisterScalableTarget"], arn: () => `arn:aws:application-autoscaling:us-west-2:${ACCOUNT}:scalable-target/0ec5d8a7b3c24f6e9a1b2c3d4e5f6a7b` },
            // Awake hours: the service's scheduled actions (on its scalable target) and the database's schedules (default group).
            "aws:appautoscaling/scheduledAction:ScheduledAction": {
                actions: ["application-autoscaling:PutScheduledAction", "application-autoscaling:DescribeScheduledActions", "application-autoscaling:DeleteScheduledAction"],
                arn: () => `arn:aws:application-autoscaling:us-west-2:${ACCOUNT}:scalable-target/0ec5d8a7b3c24f6e9a1b2c3d4e5f6a7b`,
            },
            "aws:ssm/parameter:Parameter": {
                actions: ["ssm:PutParameter", "ssm:GetParameter", "ssm:GetParameters", "ssm:AddTagsToResource", "ssm:ListTagsForResource", "ssm:DeleteParameter"],
                arn: () => `arn:aws:ssm:us-west-2:${ACCOUNT}:parameter/shoestring/cheap/backend/SESSION_KEY`,
            },
            "aws:scheduler/schedule:Schedule": { actions: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:GetSchedule", "scheduler:DeleteSchedule"], arn: (n) => `arn:aws:scheduler:us-west-2:${ACCOUNT}:schedule/default/${n}-1234567` },
        };

        for (const s of STACKS) {
            it(`stack ${s.label}: every create, update and delete of its other resources is allowed in its region and denied in another`, async () => {
                const record = await recordOf(s);
                let checked = 0;
                for (const [type, { actions, arn, region }] of Object.entries(REGIONAL_WRITES)) {
                    for (const r of resourcesOfType(record, type)) {
                        for (const action of actions) {
                            const resource = iamActionTakesResources(action) ? arn(r.name, action) : "*";
                            const decision = await decide(action, resource, inRegion(region ?? "us-west-2")).catch((e: Error) => `${action} on ${resource}: ${e.message}`);
                            assert.equal(decision, "Allowed", `${action} for ${r.name} (${resource})`);
                            if (!region) {
                                assert.notEqual(await decide(action, resource.replace("us-west-2", "eu-central-1"), inRegion("eu-central-1")), "Allowed", `${action} in another region`);
                            }
                            checked++;
                        }
                    }
                }
                assert.ok(checked > s.calls, `${checked} calls checked`);
            });
        }

        it("creates the project's resources only in its region, tagged", async () => {
            for (const [action, resource] of [
                ["rds:CreateDBInstance", `arn:aws:rds:us-west-2:${ACCOUNT}:db:database-1234567`],
                ["dynamodb:CreateTable", `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/table-1234567`],
                ["logs:CreateLogGroup", `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:/ecs/shoestring-cheap/backend`],
                ["ecr:CreateRepository", `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/backend-1234567`],
            ]) {
                assert.equal(await decide(action, resource, inRegion("us-west-2")), "Allowed", action);
                assert.notEqual(await decide(action, resource.replace("us-west-2", "eu-west-1"), inRegion("eu-west-1")), "Allowed", `${action} in another region`);
            }
            // Tags go on at creation (no project tag on the resource yet), with this project's value only.
            const newDb = `arn:aws:rds:us-west-2:${ACCOUNT}:db:database-1234567`;
            assert.equal(await decide("rds:AddTagsToResource", newDb, { [`aws:RequestTag/${PROJECT_TAG}`]: "shoestring" }), "Allowed");
            assert.notEqual(await decide("rds:AddTagsToResource", newDb, { [`aws:RequestTag/${PROJECT_TAG}`]: "billing" }), "Allowed");
            assert.notEqual(await decide("rds:AddTagsToResource", newDb, { ...theirs, [`aws:RequestTag/${PROJECT_TAG}`]: "shoestring" }), "Allowed", "no taking over another project's database");
            for (const action of ["ecs:UpdateService", "elasticloadbalancing:ModifyListener", "servicediscovery:UpdateService"]) {
                assert.notEqual(await decide(action, "*", inRegion("eu-west-1")), "Allowed", `${action} in another region`);
            }
            assert.equal(await decide("acm:RequestCertificate", "*", inRegion("us-east-1")), "Allowed", "CloudFront's certificate");
        });

        it("creates functions and Aurora DSQL clusters only with the project's tag, and lets only the HTTP API invoke a function", async () => {
            const requestTag = (value: string) => ({ [`aws:RequestTag/${PROJECT_TAG}`]: value });
            for (const [action, resource] of [
                ["lambda:CreateFunction", `arn:aws:lambda:us-west-2:${ACCOUNT}:function:backend-1234567`],
                ["dsql:CreateCluster", `arn:aws:dsql:us-west-2:${ACCOUNT}:cluster/abcdefghijklmnopqrstuvwxyz`],
            ]) {
                assert.equal(await decide(action, resource, requestTag("shoestring")), "Allowed", action);
                assert.notEqual(await decide(action, resource, {}), "Allowed", `${action} untagged`);
                assert.notEqual(await decide(action, resource, requestTag("billing")), "Allowed", `${action} for another project`);
                assert.notEqual(await decide(action, resource.replace("us-west-2", "eu-west-1"), requestTag("shoestring")), "Allowed", `${action} in another region`);
            }
            const fn = `arn:aws:lambda:us-west-2:${ACCOUNT}:function:backend-1234567`;
            // The tags of CreateFunction are authorized as a tagging call on the new function.
            assert.equal(await decide("lambda:TagResource", fn, requestTag("shoestring")), "Allowed");
            assert.notEqual(await decide("lambda:TagResource", fn, { ...theirs, ...requestTag("shoestring") }), "Allowed", "no taking over another project's function");
            for (const principal of ["123456789012", "arn:aws:iam::210987654321:root", "*", "events.amazonaws.com"]) {
                assert.notEqual(await decide("lambda:AddPermission", fn, { ...ours, "lambda:Principal": principal }), "Allowed", `invoke by ${principal}`);
            }
        });

        it("creates a bucket and enables ABAC on it before anything else, since S3 ignores the bucket's tags until then", async () => {
            const bucket = "arn:aws:s3:::site-1234567";
            assert.equal(await decide("s3:CreateBucket", bucket, { "s3:ResourceAccount": ACCOUNT }, false), "Allowed");
            assert.equal(await decide("s3:PutBucketAbac", bucket, { "s3:ResourceAccount": ACCOUNT }, false), "Allowed");
            assert.notEqual(await decide("s3:PutBucketPolicy", bucket, ours, false), "Allowed", "tags count only with ABAC on");
            assert.notEqual(await decide("s3:CreateBucket", bucket, { "s3:ResourceAccount": "210987654321" }, false), "Allowed", "not in another account");
        });

        it("changes records only in the domain's zone and the namespace's private zone", async () => {
            assert.equal(await decide("route53:ChangeResourceRecordSets", `arn:aws:route53:::hostedzone/${OFFLINE_ZONE_ID}`), "Allowed");
            assert.notEqual(await decide("route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/ZOTHERZONE000000", { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["www.example.org"] }), "Allowed");
            assert.equal(
                await decide("route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/ZPRIVATE0000000", { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["backend-srv.cheap.shoestring.internal"] }),
                "Allowed",
                "Cloud Map's records of the namespace",
            );
            assert.notEqual(
                await decide("route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/ZPRIVATE0000000", { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["backend-srv.cheap.shoestring.internal", "mail.example.org"] }),
                "Allowed",
                "one name outside the namespace",
            );
            assert.notEqual(await decide("route53:ChangeTagsForResource", "arn:aws:route53:::hostedzone/ZOTHERZONE000000"), "Allowed");
        });
    });

    describe("the preview role", () => {
        /** ReadOnlyAccess stood for by its read patterns that matter here, with the role's inline denials. */
        async function previewDecides(inline: unknown, action: string, resource: string): Promise<Decision> {
            const readOnly = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:Get*", "s3:List*", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "lambda:Get*", "dynamodb:GetItem", "ec2:Describe*"], Resource: "*" }] };
            const response = await runSimulation(
                {
                    request: { principal: role("github-preview-1234567"), action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} },
                    identityPolicies: [
                        { name: "ReadOnlyAccess", policy: readOnly },
                        { name: "inline", policy: inline },
                    ],
                    serviceControlPolicies: [],
                    resourceControlPolicies: [],
                },
                {},
            );
            assert.notEqual(response.resultType, "error", JSON.stringify("errors" in response ? response.errors : response));
            return (response as { overallResult: Decision }).overallResult;
        }

        it("is denied object, image and code reads outside the state bucket, and any write; may read the state", async () => {
            const withBucket = await runStack("main", { dir: path.resolve(__dirname, "../../bootstrap"), config: { stateBucket: "example-pulumi-state" } });
            const inline = JSON.parse(onlyResource(withBucket, "aws:iam/rolePolicy:RolePolicy", "github-preview-policy").inputs.policy as string);
            assert.equal(await previewDecides(inline, "s3:GetObject", "arn:aws:s3:::someone-elses-data/report.csv"), "ExplicitlyDenied");
            assert.equal(await previewDecides(inline, "ecr:BatchGetImage", `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/private`), "ExplicitlyDenied");
            assert.equal(await previewDecides(inline, "lambda:GetFunction", `arn:aws:lambda:us-west-2:${ACCOUNT}:function:billing`), "ExplicitlyDenied");
            assert.equal(await previewDecides(inline, "dynamodb:GetItem", `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/orders`), "ExplicitlyDenied");
            assert.equal(await previewDecides(inline, "s3:GetObject", "arn:aws:s3:::example-pulumi-state/.pulumi/stacks/shoestring/cheap.json"), "Allowed");
            assert.equal(await previewDecides(inline, "ec2:DescribeVpcs", "*"), "Allowed");
            for (const [action, resource] of [["s3:PutObject", "arn:aws:s3:::someone-elses-data/x"], ["iam:CreateRole", role("x")], ["ecs:UpdateService", `arn:aws:ecs:us-west-2:${ACCOUNT}:service/c/s`]]) {
                assert.notEqual(await previewDecides(inline, action, resource), "Allowed", action);
            }
        });
    });

    describe("the boundary", () => {
        for (const target of STACKS) {
            it(`allows every action the program grants its roles in stack ${target.label}, or they would fail at run time`, async () => {
                const record = await recordOf(target);
                const granted: { role: RecordedResource; action: string; resource: string }[] = [];
                const roles = resourcesOfType(record, "aws:iam/role:Role");
                for (const p of resourcesOfType(record, "aws:iam/rolePolicy:RolePolicy")) {
                    const target = roles.find((r) => r.outputs.name === p.inputs.role)!;
                    for (const s of (JSON.parse(p.inputs.policy as string) as Document).Statement.filter((s) => s.Effect === "Allow")) {
                        for (const action of [s.Action].flat()) {
                            granted.push({ role: target, action, resource: [s.Resource ?? "*"].flat()[0] });
                        }
                    }
                }
                for (const a of resourcesOfType(record, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.policyArn === EXECUTION_POLICY)) {
                    const target = roles.find((r) => r.outputs.name === a.inputs.role)!;
                    granted.push(...AWS_MANAGED_TASK_EXECUTION_ACTIONS.map((action) => ({ role: target, action, resource: "*" })));
                }
                assert.ok(granted.length > 10, `${granted.length} grants checked`);
                for (const r of roles) {
                    assert.ok(granted.some((g) => g.role === r), `${r.name}'s grants are checked`);
                }
                for (const g of granted) {
                    // A pattern stands for one resource it matches that the action applies to ("*" for resource-less actions).
                    const candidates = g.resource === "*" ? ["*"] : [g.resource.replace(/\*$/, "x"), g.resource.replace(/\*$/, "log-stream:x"), g.resource.replace(/:\*$/, "")];
                    let decision: string | undefined;
                    for (const resource of candidates) {
                        const response = await runSimulation(
                            {
                                // The app's secrets carry the project's tag (the program's own parameters by the default tags; an existing one as the README asks).
                                request: { principal: String(g.role.outputs.arn), action: g.action, resource: { resource, accountId: ACCOUNT }, contextVariables: ours },
                                identityPolicies: [{ name: "all", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: g.action, Resource: "*" }] } }],
                                permissionBoundaryPolicies: [{ name: "boundary", policy: boundaryDocument }],
                                serviceControlPolicies: [],
                                resourceControlPolicies: [],
                            },
                            {},
                        );
                        if (response.resultType !== "error") {
                            decision = (response as { overallResult: string }).overallResult;
                            break;
                        }
                    }
                    assert.equal(decision, "Allowed", `${g.role.name}: ${g.action} on ${g.resource}`);
                }
            });
        }

        it("lets the program's roles read RDS-managed secrets, and other secrets and parameters only with the project's tag", async () => {
            const read = async (action: string, resource: string, context: Record<string, string> = {}) => {
                const response = await runSimulation(
                    {
                        request: { principal: role("shoestring/x-task-1"), action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
                        identityPolicies: [{ name: "all", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
                        permissionBoundaryPolicies: [{ name: "boundary", policy: boundaryDocument }],
                        serviceControlPolicies: [],
                        resourceControlPolicies: [],
                    },
                    {},
                );
                return (response as { overallResult?: string }).overallResult;
            };
            const secret = (name: string) => `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:${name}`;
            const parameter = `arn:aws:ssm:us-west-2:${ACCOUNT}:parameter/own-app/api-token`;
            assert.equal(await read("secretsmanager:GetSecretValue", secret("rds!db-0123abcd-4567-89ef-0123-456789abcdef-AbCdEf")), "Allowed");
            assert.notEqual(await read("secretsmanager:GetSecretValue", secret("prod/payments-api-key-AbCdEf")), "Allowed");
            assert.notEqual(await read("secretsmanager:GetSecretValue", secret("prod/payments-api-key-AbCdEf"), theirs), "Allowed");
            assert.equal(await read("secretsmanager:GetSecretValue", secret("prod/payments-api-key-AbCdEf"), ours), "Allowed");
            for (const action of ["ssm:GetParameter", "ssm:GetParameters"]) {
                assert.notEqual(await read(action, parameter), "Allowed", action);
                assert.equal(await read(action, parameter, ours), "Allowed", action);
            }
            assert.notEqual(await read("ssm:PutParameter", parameter, ours), "Allowed");
        });

        it("allows nothing outside the workloads' needs", async () => {
            for (const action of [
                "iam:CreateRole",
                "iam:PassRole",
                "s3:GetObject",
                "sts:AssumeRole",
                "dynamodb:DeleteTable",
                "ecs:RunTask",
                // Start and stop, not change or delete, the instance; the admin token, not the cluster's management.
                "rds:DeleteDBInstance",
                "rds:ModifyDBInstance",
                "rds:CreateDBSnapshot",
                "dsql:DeleteCluster",
                "dsql:UpdateCluster",
                "dsql:DbConnect",
                // A function's role writes its logs; it neither deploys nor invokes functions, nor schedules calls.
                "lambda:InvokeFunction",
                "lambda:UpdateFunctionCode",
                "scheduler:CreateSchedule",
                "logs:DeleteLogGroup",
                "logs:CreateLogGroup",
            ]) {
                const response = await runSimulation(
                    {
                        request: { principal: role("shoestring/x-task-1"), action, resource: { resource: "*", accountId: ACCOUNT }, contextVariables: {} },
                        identityPolicies: [{ name: "all", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
                        permissionBoundaryPolicies: [{ name: "boundary", policy: boundaryDocument }],
                        serviceControlPolicies: [],
                        resourceControlPolicies: [],
                    },
                    {},
                );
                assert.notEqual((response as { overallResult?: string }).overallResult, "Allowed", action);
            }
        });
    });
});

/**
 * The offline provider: plausible, deterministic outputs for every AWS
 * resource and data source the program uses, so that the whole program runs
 * under `pulumi.runtime.setMocks` without an AWS account.
 *
 * Values are shaped like the real ones (ARNs, DNS names, URLs) so that
 * anything the program derives from them (policies, routes, records) is
 * checkable. Nothing here pretends to be AWS's verdict on a request: an
 * invoke the program makes that has no mock is an error, not a guess.
 */
import { runtime } from "@pulumi/pulumi";
import { zoneIdsOf } from "../lib/aws-data/availability-zones";
import { Lookups, SubnetFacts } from "../lib/aws-rules/types";
import { firstSyncOutputs, SITE_SYNC_TYPE } from "../lib/site-sync";
import { providerUrn } from "./record";

/** The account id every offline ARN carries. */
export const OFFLINE_ACCOUNT_ID = "123456789012";

/** Default VPC and hosted zone the offline lookups return. */
export const OFFLINE_VPC_ID = "vpc-0a0b0c0d0e0f01234";
export const OFFLINE_ZONE_ID = "Z0OFFLINE00000000000";

/**
 * The default VPC's default subnets in a region: one per availability zone,
 * as AWS creates them, so rules that depend on zones (VPC links exist only
 * in some) meet the zones a real account has. Zone names map to zone ids in
 * order here; in a real account the mapping is the account's own.
 */
export function offlineDefaultSubnets(region: string): SubnetFacts[] {
    const zoneIds = zoneIdsOf(region) ?? [1, 2, 3].map((n) => `${region.replace(/-/g, "")}-az${n}`);
    return zoneIds.map((availabilityZoneId, i) => ({
        subnetId: `subnet-0${tag(`${region}/${availabilityZoneId}`, 16)}`,
        vpcId: OFFLINE_VPC_ID,
        availabilityZone: `${region}${String.fromCharCode(97 + i)}`,
        availabilityZoneId,
    }));
}

/** Facts of any subnet id: a default subnet's own, else a zone picked from the id. */
function subnetFacts(region: string, subnetId: string, vpcId?: string): SubnetFacts {
    const defaults = offlineDefaultSubnets(region);
    const known = defaults.find((s) => s.subnetId === subnetId);
    if (known) {
        return known;
    }
    const zone = defaults[parseInt(tag(subnetId, 4), 16) % defaults.length];
    return { ...zone, subnetId, vpcId: vpcId ?? OFFLINE_VPC_ID };
}

/** The hosted zone id CloudFront distributions are aliased through (fixed by AWS). */
const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

type State = Record<string, unknown>;

/** Short, stable hex tag for a name (for ids that must look random). */
function tag(seed: string, length = 8): string {
    let h = 2166136261;
    for (const ch of seed) {
        h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    }
    let out = "";
    while (out.length < length) {
        h = Math.imul(h ^ out.length, 16777619) >>> 0;
        out += h.toString(16).padStart(8, "0");
    }
    return out.slice(0, length);
}

function str(value: unknown): string | undefined {
    return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Creates the mocks for one offline run.
 *
 * @param defaultRegion the stack's `aws:region`
 */
export function createOfflineMocks(defaultRegion: string, deployedOutputs: Record<string, unknown> = {}): runtime.Mocks & { lookups: Lookups } {
    const lookups: Lookups = { subnets: {} };
    // Explicit providers' regions, by provider id (the part of a provider
    // reference after its URN), so a resource created through a us-east-1
    // provider gets us-east-1 ARNs.
    const providerRegions = new Map<string, string>();

    const regionOf = (args: { inputs: State; provider?: string }): string =>
        str(args.inputs.region) ??
        (args.provider ? providerRegions.get(args.provider.slice(providerUrn(args.provider).length + 2)) : undefined) ??
        defaultRegion;

    return {
        lookups,
        newResource(args: runtime.MockResourceArgs): runtime.MockResourceResult {
            const inputs: State = args.inputs ?? {};
            if (args.type.startsWith("pulumi:providers:")) {
                const id = `${args.name}-provider-${providerRegions.size}`;
                providerRegions.set(id, str(inputs.region) ?? defaultRegion);
                return { id, state: inputs };
            }
            if (args.type === "pulumi:pulumi:StackReference") {
                // The program's reference to its own stack: the outputs of the last update (none offline, unless a run says).
                return { id: str(inputs.name) ?? args.name, state: { name: inputs.name, outputs: deployedOutputs, secretOutputNames: [] } };
            }
            const region = regionOf({ inputs, provider: args.provider });
            const id = `${args.name}-${tag(args.type + args.name)}`;
            const state = { ...inputs, ...outputsFor(args.type, args.name, region, inputs) };
            if (args.type === "aws:ec2/subnet:Subnet" && typeof state.id === "string") {
                // A subnet the program creates is known by its zone like a looked-up one, for the AWS rules.
                const zoneId = str(inputs.availabilityZoneId) ?? offlineDefaultSubnets(region)[0].availabilityZoneId;
                const index = Math.max(0, (zoneIdsOf(region) ?? []).indexOf(zoneId));
                lookups.subnets[state.id] = { subnetId: state.id, vpcId: str(inputs.vpcId) ?? OFFLINE_VPC_ID, availabilityZone: `${region}${String.fromCharCode(97 + index)}`, availabilityZoneId: zoneId };
            }
            return { id: str(state.id) ?? id, state };
        },
        call(args: runtime.MockCallArgs): Record<string, unknown> {
            const inputs: State = args.inputs ?? {};
            const region = str(inputs.region) ?? defaultRegion;
            switch (args.token) {
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: OFFLINE_ACCOUNT_ID, arn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:user/offline`, userId: "OFFLINE", id: OFFLINE_ACCOUNT_ID };
                case "aws:index/getRegion:getRegion":
                    return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
                case "aws:index/getPartition:getPartition":
                    return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
                case "aws:ec2/getVpc:getVpc":
                    return { id: str(inputs.id) ?? OFFLINE_VPC_ID, arn: `arn:aws:ec2:${region}:${OFFLINE_ACCOUNT_ID}:vpc/${OFFLINE_VPC_ID}`, cidrBlock: "172.31.0.0/16", default: true };
                case "aws:ec2/getSubnets:getSubnets": {
                    // Only the default VPC's subnets exist offline; another VPC has none to list.
                    const filters = (inputs.filters as { name: string; values: string[] }[] | undefined) ?? [];
                    const vpc = filters.find((f) => f.name === "vpc-id")?.values ?? [OFFLINE_VPC_ID];
                    return { id: region, ids: vpc.includes(OFFLINE_VPC_ID) ? offlineDefaultSubnets(region).map((s) => s.subnetId) : [] };
                }
                case "aws:ec2/getSubnet:getSubnet": {
                    const facts = subnetFacts(region, str(inputs.id) ?? offlineDefaultSubnets(region)[0].subnetId, str(inputs.vpcId));
                    lookups.subnets[facts.subnetId] = facts;
                    return {
                        id: facts.subnetId,
                        arn: `arn:aws:ec2:${region}:${OFFLINE_ACCOUNT_ID}:subnet/${facts.subnetId}`,
                        vpcId: facts.vpcId,
                        availabilityZone: facts.availabilityZone,
                        availabilityZoneId: facts.availabilityZoneId,
                        cidrBlock: "172.31.0.0/20",
                        defaultForAz: facts.vpcId === OFFLINE_VPC_ID,
                        mapPublicIpOnLaunch: true,
                        state: "available",
                    };
                }
                case "aws:route53/getZone:getZone": {
                    const name = str(inputs.name) ?? "example.com";
                    return { id: str(inputs.zoneId) ?? OFFLINE_ZONE_ID, zoneId: str(inputs.zoneId) ?? OFFLINE_ZONE_ID, name: name.replace(/\.$/, ""), arn: `arn:aws:route53:::hostedzone/${OFFLINE_ZONE_ID}` };
                }
                case "aws:secretsmanager/getSecret:getSecret": {
                    // An existing secret by name: its ARN ends in a hyphen and six characters Secrets Manager chose.
                    const name = str(inputs.name) ?? "secret";
                    const arn = str(inputs.arn) ?? `arn:aws:secretsmanager:${region}:${OFFLINE_ACCOUNT_ID}:secret:${name}-${tag(name, 6)}`;
                    return { id: arn, arn, name, kmsKeyId: "", description: "" };
                }
                case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
                    return {
                        id: region,
                        userName: "AWS",
                        password: "offline-token",
                        authorizationToken: "offline-token",
                        proxyEndpoint: `https://${OFFLINE_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com`,
                    };
                default: {
                    // The SDK reports an invoke failure by its gRPC `details`.
                    const message = `the offline engine has no mock for the data source ${args.token}`;
                    throw Object.assign(new Error(message), { details: message });
                }
            }
        },
    };
}

/** Computed outputs of one resource type: the values AWS would fill in. */
function outputsFor(type: string, name: string, region: string, inputs: State): State {
    const [pkg, modulePath] = type.split(":");
    const service = (modulePath ?? "").split("/")[0];
    const kind = (modulePath ?? "").split("/")[1] ?? name;
    const physical = str(inputs.name) ?? `${name}-${tag(type + name, 7)}`;
    const arn = `arn:aws:${service}:${region}:${OFFLINE_ACCOUNT_ID}:${kind.toLowerCase()}/${physical}`;
    const base: State = pkg === "aws" ? { arn, name: physical } : {};
    switch (type) {
        case "aws:ecs/cluster:Cluster":
            return { ...base, arn: `arn:aws:ecs:${region}:${OFFLINE_ACCOUNT_ID}:cluster/${physical}` };
        case "aws:ecs/service:Service":
            return { ...base, arn: `arn:aws:ecs:${region}:${OFFLINE_ACCOUNT_ID}:service/${physical}` };
        case "aws:ecs/taskDefinition:TaskDefinition":
            return { arn: `arn:aws:ecs:${region}:${OFFLINE_ACCOUNT_ID}:task-definition/${inputs.family}:1`, revision: 1, arnWithoutRevision: `arn:aws:ecs:${region}:${OFFLINE_ACCOUNT_ID}:task-definition/${inputs.family}` };
        case "aws:iam/role:Role":
            // IAM puts the role's path in its ARN.
            return { ...base, arn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role${str(inputs.path) ?? "/"}${physical}`, uniqueId: `AROA${tag(name, 16).toUpperCase()}` };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return { arn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:oidc-provider/${String(inputs.url ?? "").replace(/^https:\/\//, "")}` };
        case "aws:iam/policy:Policy":
            return { ...base, arn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:policy${str(inputs.path) ?? "/"}${physical}` };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { ...base, arn: `arn:aws:logs:${region}:${OFFLINE_ACCOUNT_ID}:log-group:${physical}` };
        case "aws:ec2/vpc:Vpc": {
            const id = `vpc-${tag(name, 17)}`;
            return { arn: `arn:aws:ec2:${region}:${OFFLINE_ACCOUNT_ID}:vpc/${id}`, id, defaultSecurityGroupId: `sg-${tag(`${name}/default`, 17)}`, mainRouteTableId: `rtb-${tag(`${name}/main`, 17)}`, defaultNetworkAclId: `acl-${tag(name, 17)}`, ownerId: OFFLINE_ACCOUNT_ID };
        }
        case "aws:ec2/subnet:Subnet": {
            const id = `subnet-${tag(name, 17)}`;
            return { arn: `arn:aws:ec2:${region}:${OFFLINE_ACCOUNT_ID}:subnet/${id}`, id, ownerId: OFFLINE_ACCOUNT_ID };
        }
        case "aws:ec2/internetGateway:InternetGateway": {
            const id = `igw-${tag(name, 17)}`;
            return { arn: `arn:aws:ec2:${region}:${OFFLINE_ACCOUNT_ID}:internet-gateway/${id}`, id, ownerId: OFFLINE_ACCOUNT_ID };
        }
        case "aws:ec2/routeTable:RouteTable": {
            const id = `rtb-${tag(name, 17)}`;
            return { arn: `arn:aws:ec2:${region}:${OFFLINE_ACCOUNT_ID}:route-table/${id}`, id, ownerId: OFFLINE_ACCOUNT_ID };
        }
        case "aws:ec2/routeTableAssociation:RouteTableAssociation":
            return { id: `rtbassoc-${tag(name, 17)}` };
        case "aws:ec2/securityGroup:SecurityGroup":
            return { ...base, id: `sg-${tag(name, 17)}`, arn: `arn:aws:ec2:${region}:${OFFLINE_ACCOUNT_ID}:security-group/sg-${tag(name, 17)}` };
        case "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace":
        case "aws:servicediscovery/httpNamespace:HttpNamespace":
            return { ...base, id: `ns-${tag(name, 16)}`, arn: `arn:aws:servicediscovery:${region}:${OFFLINE_ACCOUNT_ID}:namespace/ns-${tag(name, 16)}`, hostedZone: `Z${tag(name, 12).toUpperCase()}` };
        case "aws:servicediscovery/service:Service":
            return { ...base, id: `srv-${tag(name, 16)}`, arn: `arn:aws:servicediscovery:${region}:${OFFLINE_ACCOUNT_ID}:service/srv-${tag(name, 16)}` };
        case "aws:lb/loadBalancer:LoadBalancer":
            return { ...base, arn: `arn:aws:elasticloadbalancing:${region}:${OFFLINE_ACCOUNT_ID}:loadbalancer/app/${physical}/${tag(name, 16)}`, dnsName: `${physical}-${tag(name, 10)}.${region}.elb.amazonaws.com`, zoneId: "Z1H1FL5HABSF5" };
        case "aws:lb/targetGroup:TargetGroup":
            return { ...base, arn: `arn:aws:elasticloadbalancing:${region}:${OFFLINE_ACCOUNT_ID}:targetgroup/${physical}/${tag(name, 16)}` };
        case "aws:lb/listener:Listener":
        case "aws:lb/listenerRule:ListenerRule":
            return { arn: `arn:aws:elasticloadbalancing:${region}:${OFFLINE_ACCOUNT_ID}:${kind.toLowerCase()}/app/${name}/${tag(name, 16)}` };
        case "aws:acm/certificate:Certificate": {
            const domain = str(inputs.domainName) ?? "example.com";
            const names = [domain, ...((inputs.subjectAlternativeNames as string[] | undefined) ?? [])];
            return {
                arn: `arn:aws:acm:${region}:${OFFLINE_ACCOUNT_ID}:certificate/${tag(name + region, 8)}-0000-4000-8000-${tag(name, 12)}`,
                domainValidationOptions: names.map((d) => ({
                    domainName: d,
                    resourceRecordName: `_${tag(d, 32)}.${d.replace(/^\*\./, "")}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: `_${tag(d + "v", 32)}.acm-validations.aws.`,
                })),
            };
        }
        case "aws:s3/bucket:Bucket": {
            const bucket = str(inputs.bucket) ?? `${name}-${tag(name, 7)}`;
            return { arn: `arn:aws:s3:::${bucket}`, bucket, id: bucket, bucketDomainName: `${bucket}.s3.amazonaws.com`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`, region };
        }
        case "aws:cloudfront/distribution:Distribution":
            return { arn: `arn:aws:cloudfront::${OFFLINE_ACCOUNT_ID}:distribution/E${tag(name, 13).toUpperCase()}`, id: `E${tag(name, 13).toUpperCase()}`, domainName: `d${tag(name, 13)}.cloudfront.net`, hostedZoneId: CLOUDFRONT_ZONE_ID, status: "Deployed" };
        case "aws:cloudfront/originAccessControl:OriginAccessControl":
        case "aws:cloudfront/cachePolicy:CachePolicy":
        case "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy":
            return { id: `${tag(name, 8)}-0000-4000-8000-${tag(name + "x", 12)}`, etag: "E1OFFLINE" };
        case "aws:apigatewayv2/api:Api": {
            const apiId = tag(name, 10);
            return { ...base, id: apiId, apiEndpoint: `https://${apiId}.execute-api.${region}.amazonaws.com`, executionArn: `arn:aws:execute-api:${region}:${OFFLINE_ACCOUNT_ID}:${apiId}`, arn: `arn:aws:apigateway:${region}::/apis/${apiId}` };
        }
        case "aws:apigatewayv2/stage:Stage":
            return { invokeUrl: `https://${tag(name, 10)}.execute-api.${region}.amazonaws.com/` };
        case "aws:apigatewayv2/domainName:DomainName":
            return {
                arn: `arn:aws:apigateway:${region}::/domainnames/${inputs.domainName}`,
                domainNameConfiguration: { ...(inputs.domainNameConfiguration as State), targetDomainName: `d-${tag(name, 10)}.execute-api.${region}.amazonaws.com`, hostedZoneId: "Z2OJLYMUO9EFXC" },
            };
        case "aws:apigatewayv2/vpcLink:VpcLink":
            return { ...base, id: tag(name, 6) };
        case "aws:rds/instance:Instance": {
            const identifier = str(inputs.identifier) ?? `${name}-${tag(name, 7)}`;
            return {
                arn: `arn:aws:rds:${region}:${OFFLINE_ACCOUNT_ID}:db:${identifier}`,
                identifier,
                address: `${identifier}.c${tag(name, 12)}.${region}.rds.amazonaws.com`,
                endpoint: `${identifier}.c${tag(name, 12)}.${region}.rds.amazonaws.com:5432`,
                port: 5432,
                masterUserSecrets: [{ secretArn: `arn:aws:secretsmanager:${region}:${OFFLINE_ACCOUNT_ID}:secret:rds!db-${tag(name, 8)}-0000-4000-8000-${tag(name, 12)}-AbCdEf`, kmsKeyId: "alias/aws/secretsmanager", secretStatus: "active" }],
            };
        }
        case "aws:dsql/cluster:Cluster": {
            // 26 lower-case letters and digits, as DSQL names clusters.
            const identifier = tag(name, 26);
            return { arn: `arn:aws:dsql:${region}:${OFFLINE_ACCOUNT_ID}:cluster/${identifier}`, identifier, vpcEndpointServiceName: `com.amazonaws.${region}.dsql-${tag(name, 4)}` };
        }
        case "aws:lambda/function:Function": {
            const functionArn = `arn:aws:lambda:${region}:${OFFLINE_ACCOUNT_ID}:function:${physical}`;
            return { ...base, arn: functionArn, invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`, qualifiedArn: `${functionArn}:$LATEST`, version: "$LATEST" };
        }
        case "aws:rds/subnetGroup:SubnetGroup":
            return { ...base, arn: `arn:aws:rds:${region}:${OFFLINE_ACCOUNT_ID}:subgrp:${physical}` };
        case "aws:dynamodb/table:Table":
            return { ...base, arn: `arn:aws:dynamodb:${region}:${OFFLINE_ACCOUNT_ID}:table/${physical}`, streamArn: "" };
        case "aws:ecr/repository:Repository":
            return { ...base, arn: `arn:aws:ecr:${region}:${OFFLINE_ACCOUNT_ID}:repository/${physical}`, repositoryUrl: `${OFFLINE_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${physical}`, registryId: OFFLINE_ACCOUNT_ID };
        case "aws:ecr/pullThroughCacheRule:PullThroughCacheRule":
            return { registryId: OFFLINE_ACCOUNT_ID };
        case "aws:ssm/parameter:Parameter":
            // "/TestParam1" and "TestParam1" are one parameter: its ARN has the name without the leading slash (sysman-paramstore-su-create.html).
            return { ...base, arn: `arn:aws:ssm:${region}:${OFFLINE_ACCOUNT_ID}:parameter/${physical.replace(/^\//, "")}`, version: 1 };
        case "aws:route53/record:Record":
            return { fqdn: str(inputs.name) ?? name };
        case SITE_SYNC_TYPE:
            // The site's files as a first deploy leaves them: each uploaded, nothing deleted or invalidated.
            return firstSyncOutputs(inputs) as unknown as State;
        case "docker-build:index:Image":
            return { ref: `${(inputs.tags as string[] | undefined)?.[0]?.split(":")[0] ?? name}@sha256:${tag(name, 64)}`, digest: `sha256:${tag(name, 64)}` };
        default:
            return base;
    }
}

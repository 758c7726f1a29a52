import assert from "node:assert/strict";
import { ApiBackend, ApiGatewayRouter, ApiGatewayRouterArgs } from "../../components/api-gateway-router";
import { LambdaFunction } from "../../components/lambda-function";
import { PlacedSubnet } from "../../components/network";
import { OfflineRunError, runProgram } from "../../offline/engine";
import { onlyResource, resourceByUrn, resourcesOfType, StackRecord } from "../../offline/record";
import { assertOwnsEverything, component, run } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

const TYPE = "shoestring:aws:ApiGatewayRouter";
const DISCOVERY_ARN = "arn:aws:servicediscovery:us-west-2:123456789012:service/srv-0123456789abcdef";
const CERTIFICATE_ARN = "arn:aws:acm:us-west-2:123456789012:certificate/11111111-2222-4333-8444-555555555555";
const CLOUD_MAP = {
    kind: "cloudMap",
    vpcId: "vpc-0123456789abcdef0",
    subnets: [
        { id: "subnet-0aaaaaaaaaaaaaaaa", availabilityZoneId: "usw2-az1" },
        { id: "subnet-0bbbbbbbbbbbbbbbb", availabilityZoneId: "usw2-az2" },
    ],
    discoveryServiceArn: DISCOVERY_ARN,
} as const satisfies ApiBackend;
const BASE: ApiGatewayRouterArgs = { backend: CLOUD_MAP, corsOrigins: ["https://www.example.com"] };

function router(args: Partial<ApiGatewayRouterArgs>): Promise<StackRecord> {
    return run(() => {
        const api = new ApiGatewayRouter("api", { ...BASE, ...args });
        return {
            url: api.url,
            securityGroupId: api.securityGroup?.id,
            hasAliasTarget: api.aliasTarget !== undefined,
            ...(api.aliasTarget ? { aliasDnsName: api.aliasTarget.dnsName, aliasZoneId: api.aliasTarget.zoneId } : {}),
        };
    });
}

describe("components/api-gateway-router ApiGatewayRouter", () => {
    describe("without a custom domain, with defaults", () => {
        let record: StackRecord;
        before(async () => {
            record = await router({});
        });

        it("parents every resource to the component, which registers its outputs", () => {
            const api = component(record, TYPE);
            assertOwnsEverything(record, api);
            const http = onlyResource(record, "aws:apigatewayv2/api:Api");
            assert.equal(api.outputs.url, http.outputs.apiEndpoint);
            assert.equal(api.outputs.apiId, http.id);
        });

        it("uses the API's own endpoint as URL, with no domain, mapping or alias target", () => {
            const http = onlyResource(record, "aws:apigatewayv2/api:Api");
            assert.equal(record.outputs.url, http.outputs.apiEndpoint);
            assert.match(String(record.outputs.url), /^https:\/\/\w+\.execute-api\.us-west-2\.amazonaws\.com$/);
            assert.equal(resourcesOfType(record, "aws:apigatewayv2/domainName:DomainName").length, 0);
            assert.equal(resourcesOfType(record, "aws:apigatewayv2/apiMapping:ApiMapping").length, 0);
            assert.equal(record.outputs.hasAliasTarget, false);
        });

        it("proxies ANY /{proxy+} through the VPC link to the Cloud Map service, payload 1.0", () => {
            const http = onlyResource(record, "aws:apigatewayv2/api:Api");
            assert.equal(http.inputs.protocolType, "HTTP");
            // Without a custom domain, the execute-api endpoint is the API's URL.
            assert.equal(http.inputs.disableExecuteApiEndpoint, false);
            const link = onlyResource(record, "aws:apigatewayv2/vpcLink:VpcLink");
            const sg = onlyResource(record, "aws:ec2/securityGroup:SecurityGroup");
            assert.deepEqual(link.inputs.securityGroupIds, [sg.id]);
            // No egress of its own: the backend service opens it to its tasks.
            assert.equal(sg.inputs.egress, undefined);
            assert.deepEqual(link.inputs.subnetIds, ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]);
            assert.equal(record.outputs.securityGroupId, sg.id);
            const integration = onlyResource(record, "aws:apigatewayv2/integration:Integration");
            assert.equal(integration.inputs.apiId, http.id);
            assert.equal(integration.inputs.integrationType, "HTTP_PROXY");
            assert.equal(integration.inputs.integrationMethod, "ANY");
            assert.equal(integration.inputs.payloadFormatVersion, "1.0");
            assert.equal(integration.inputs.connectionType, "VPC_LINK");
            assert.equal(integration.inputs.connectionId, link.id);
            assert.equal(integration.inputs.integrationUri, DISCOVERY_ARN);
            const route = onlyResource(record, "aws:apigatewayv2/route:Route");
            assert.equal(route.inputs.routeKey, "ANY /{proxy+}");
            assert.equal(route.inputs.target, `integrations/${integration.id}`);
        });

        it("allows CORS from the given origins only", () => {
            const cors = onlyResource(record, "aws:apigatewayv2/api:Api").inputs.corsConfiguration as Obj;
            assert.deepEqual(cors.allowOrigins, ["https://www.example.com"]);
        });

        it("throttles the default stage at 50 rps with bursts of 100, and logs access for 7 days", () => {
            const stage = onlyResource(record, "aws:apigatewayv2/stage:Stage");
            assert.equal(stage.inputs.name, "$default");
            assert.equal(stage.inputs.autoDeploy, true);
            assert.deepEqual(stage.inputs.defaultRouteSettings, { throttlingRateLimit: 50, throttlingBurstLimit: 100 });
            const logs = onlyResource(record, "aws:cloudwatch/logGroup:LogGroup");
            assert.equal((stage.inputs.accessLogSettings as Obj).destinationArn, logs.outputs.arn);
            assert.equal(logs.inputs.retentionInDays, 7);
            const format = JSON.parse((stage.inputs.accessLogSettings as Obj).format as string) as Record<string, string>;
            assert.equal(format.requestId, "$context.requestId");
        });
    });

    describe("with a custom domain and overrides", () => {
        let record: StackRecord;
        before(async () => {
            record = await router({
                customDomain: { domainName: "api.example.com", certificateArn: CERTIFICATE_ARN },
                throttlingRateLimit: 5,
                throttlingBurstLimit: 10,
                logRetentionDays: 30,
            });
        });

        it("parents every resource to the component, which registers the custom URL", () => {
            const api = component(record, TYPE);
            assertOwnsEverything(record, api);
            assert.equal(api.outputs.url, "https://api.example.com");
        });

        it("creates a regional TLS 1.2 domain name mapped to the default stage", () => {
            const domain = onlyResource(record, "aws:apigatewayv2/domainName:DomainName");
            assert.equal(domain.inputs.domainName, "api.example.com");
            assert.deepEqual(domain.inputs.domainNameConfiguration, { certificateArn: CERTIFICATE_ARN, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" });
            // The domain is the only way in: the default execute-api endpoint is off.
            assert.equal(onlyResource(record, "aws:apigatewayv2/api:Api").inputs.disableExecuteApiEndpoint, true);
            const mapping = onlyResource(record, "aws:apigatewayv2/apiMapping:ApiMapping");
            const http = onlyResource(record, "aws:apigatewayv2/api:Api");
            const stage = onlyResource(record, "aws:apigatewayv2/stage:Stage");
            assert.equal(mapping.inputs.apiId, http.id);
            assert.equal(mapping.inputs.domainName, domain.id);
            assert.equal(mapping.inputs.stage, stage.id);
        });

        it("serves the custom domain's URL and exposes the domain's alias target", () => {
            const domain = onlyResource(record, "aws:apigatewayv2/domainName:DomainName");
            const configuration = domain.outputs.domainNameConfiguration as Obj;
            assert.equal(record.outputs.url, "https://api.example.com");
            assert.equal(record.outputs.hasAliasTarget, true);
            assert.equal(record.outputs.aliasDnsName, configuration.targetDomainName);
            assert.equal(record.outputs.aliasZoneId, configuration.hostedZoneId);
            assert.match(String(record.outputs.aliasDnsName), /^d-\w+\.execute-api\.us-west-2\.amazonaws\.com$/);
        });

        it("uses the given throttling and log retention", () => {
            const stage = onlyResource(record, "aws:apigatewayv2/stage:Stage");
            assert.deepEqual(stage.inputs.defaultRouteSettings, { throttlingRateLimit: 5, throttlingBurstLimit: 10 });
            assert.equal(onlyResource(record, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 30);
        });
    });
});

describe("components/api-gateway-router ApiGatewayRouter with a Lambda backend", () => {
    const FUNCTION_ARN = "arn:aws:lambda:us-west-2:123456789012:function:backend-1234567";
    const LAMBDA = { kind: "lambda", functionArn: FUNCTION_ARN, functionName: "backend-1234567" } as const satisfies ApiBackend;
    let record: StackRecord;
    before(async () => {
        record = await run(() => {
            const api = new ApiGatewayRouter("api", { ...BASE, backend: LAMBDA });
            return { url: api.url, hasSecurityGroup: api.securityGroup !== undefined, hasVpcLink: api.vpcLink !== undefined };
        });
    });

    it("parents every resource to the component", () => {
        assertOwnsEverything(record, component(record, TYPE));
    });

    it("proxies ANY /{proxy+} to the function: AWS_PROXY, POST, payload 2.0, the HTTP API's 30 s", () => {
        const http = onlyResource(record, "aws:apigatewayv2/api:Api");
        const integration = onlyResource(record, "aws:apigatewayv2/integration:Integration");
        assert.equal(integration.inputs.apiId, http.id);
        assert.equal(integration.inputs.integrationType, "AWS_PROXY");
        assert.equal(integration.inputs.integrationMethod, "POST", "Lambda is invoked with POST, whatever the request's method");
        assert.equal(integration.inputs.integrationUri, FUNCTION_ARN);
        assert.equal(integration.inputs.payloadFormatVersion, "2.0");
        assert.equal(integration.inputs.timeoutMilliseconds, 30000);
        const route = onlyResource(record, "aws:apigatewayv2/route:Route");
        assert.equal(route.inputs.routeKey, "ANY /{proxy+}");
        assert.equal(route.inputs.target, `integrations/${integration.id}`);
    });

    it("has no VPC link, no security group and no private connection", () => {
        assert.deepEqual(resourcesOfType(record, "aws:apigatewayv2/vpcLink:VpcLink"), []);
        assert.deepEqual(resourcesOfType(record, "aws:ec2/securityGroup:SecurityGroup"), []);
        assert.equal(record.outputs.hasSecurityGroup, false);
        assert.equal(record.outputs.hasVpcLink, false);
        const integration = onlyResource(record, "aws:apigatewayv2/integration:Integration");
        assert.equal(integration.inputs.connectionType, undefined);
        assert.equal(integration.inputs.connectionId, undefined);
    });

    it("lets API Gateway invoke the function, from any stage and route of this API only", () => {
        const permission = onlyResource(record, "aws:lambda/permission:Permission");
        const http = onlyResource(record, "aws:apigatewayv2/api:Api");
        assert.equal(permission.inputs.action, "lambda:InvokeFunction");
        assert.equal(permission.inputs.function, "backend-1234567");
        assert.equal(permission.inputs.principal, "apigateway.amazonaws.com");
        assert.equal(permission.inputs.sourceArn, `${String(http.outputs.executionArn)}/*/*`);
        assert.match(String(permission.inputs.sourceArn), /^arn:aws:execute-api:us-west-2:123456789012:\w+\/\*\/\*$/);
        assert.equal(permission.inputs.sourceAccount, undefined, "the API's ARN already names the account");
    });

    it("still throttles and logs the stage", () => {
        const stage = onlyResource(record, "aws:apigatewayv2/stage:Stage");
        assert.deepEqual(stage.inputs.defaultRouteSettings, { throttlingRateLimit: 50, throttlingBurstLimit: 100 });
        assert.equal((stage.inputs.accessLogSettings as Obj).destinationArn, onlyResource(record, "aws:cloudwatch/logGroup:LogGroup").outputs.arn);
    });

    it("in front of a LambdaFunction: integrates its ARN, permits its name, and waits longer than the function may run", async () => {
        const both = await run(() => {
            const fn = new LambdaFunction("backend", { image: `123456789012.dkr.ecr.us-west-2.amazonaws.com/backend@sha256:${"b".repeat(64)}`, architecture: "x86_64" });
            void new ApiGatewayRouter("api", { ...BASE, backend: { kind: "lambda", functionArn: fn.functionArn, functionName: fn.functionName } });
        });
        const fn = onlyResource(both, "aws:lambda/function:Function");
        const integration = onlyResource(both, "aws:apigatewayv2/integration:Integration");
        const permission = onlyResource(both, "aws:lambda/permission:Permission");
        assert.equal(integration.inputs.integrationUri, fn.outputs.arn);
        assert.equal(permission.inputs.function, fn.outputs.name);
        assert.ok((fn.inputs.timeout as number) * 1000 < (integration.inputs.timeoutMilliseconds as number), "a function still running when the API gives up bills work nobody receives");
        // Each component owns its own children.
        const routerUrn = component(both, TYPE).urn;
        for (const r of [integration, permission, onlyResource(both, "aws:apigatewayv2/route:Route"), onlyResource(both, "aws:apigatewayv2/stage:Stage")]) {
            assert.equal(r.parent, routerUrn, r.name);
        }
        assert.equal(resourceByUrn(both, fn.parent!).type, "shoestring:aws:LambdaFunction");
    });
});

describe("components/api-gateway-router ApiGatewayRouter in us-east-1", () => {
    const inUsEast1 = (subnets: PlacedSubnet[]) =>
        runProgram({ project: "proj", stack: "unit", config: { "aws:region": "us-east-1" }, program: () => void new ApiGatewayRouter("api", { ...BASE, backend: { ...CLOUD_MAP, subnets } }) });

    it("leaves the subnet in use1-az3 out of the VPC link: HTTP API VPC links do not exist in that zone", async () => {
        const record = await inUsEast1([
            { id: "subnet-0aaaaaaaaaaaaaaaa", availabilityZoneId: "use1-az1" },
            { id: "subnet-0cccccccccccccccc", availabilityZoneId: "use1-az3" },
            { id: "subnet-0bbbbbbbbbbbbbbbb", availabilityZoneId: "use1-az2" },
        ]);
        assert.deepEqual(onlyResource(record, "aws:apigatewayv2/vpcLink:VpcLink").inputs.subnetIds, ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]);
    });

    it("fails, naming the zones that have VPC links, when no subnet is in one", async () => {
        await assert.rejects(inUsEast1([{ id: "subnet-0cccccccccccccccc", availabilityZoneId: "use1-az3" }]), (err: unknown) => {
            assert.ok(err instanceof OfflineRunError);
            assert.match(err.message, /subnet-0cccccccccccccccc \(use1-az3\).*use1-az1, use1-az2, use1-az4, use1-az5, use1-az6/);
            return true;
        });
    });

    it("applies transforms to its children before they are registered: arguments merged, or edited by a function", async () => {
        const merged = await router({ transform: { stage: { defaultRouteSettings: { throttlingRateLimit: 5, throttlingBurstLimit: 10 } }, logGroup: { retentionInDays: 30 } } });
        const stage = onlyResource(merged, "aws:apigatewayv2/stage:Stage");
        assert.deepEqual(stage.inputs.defaultRouteSettings, { throttlingRateLimit: 5, throttlingBurstLimit: 10 });
        assert.equal(stage.inputs.name, "$default", "the rest stays");
        assert.equal(onlyResource(merged, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 30);
        const edited = await router({
            transform: {
                integration: (args, opts) => {
                    args.timeoutMilliseconds = 10000;
                    opts.ignoreChanges = ["integrationUri"];
                },
            },
        });
        const integration = onlyResource(edited, "aws:apigatewayv2/integration:Integration");
        assert.equal(integration.inputs.timeoutMilliseconds, 10000);
        assert.equal(integration.inputs.connectionType, "VPC_LINK");
        assert.deepEqual(integration.ignoreChanges, ["integrationUri"]);
        assert.equal(integration.parent, component(edited, TYPE).urn, "still the component's child");
    });
});

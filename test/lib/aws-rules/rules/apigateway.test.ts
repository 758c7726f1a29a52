/**
 * The API Gateway rules (lib/aws-rules/rules/apigateway.ts): VPC link zones,
 * Cloud Map integrations with a port, Lambda proxy integrations and the
 * permission that lets API Gateway invoke the function.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { offlineDefaultSubnets } from "../../../../offline/mocks";
import { RuleResource, runRule, UNKNOWN_VALUE } from "../../../../lib/aws-rules";
import { HTTP_API_VPC_LINK_SUPPORTED_ZONES } from "../../../../lib/aws-data/vpc-link-zones";
import { contextOf, findings, lambdaApi, properties, rule, ruleResource } from "./fixtures";

describe("lib/aws-rules/rules/apigateway: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-apigatewayv2-vpc-link-zones: a subnet in use1-az3 is refused in us-east-1, the other zones pass", async () => {
        const subnets = offlineDefaultSubnets("us-east-1");
        const link = (ids: string[]) => () => {
            // The program looks its subnets up, as the Network component does.
            for (const id of ids) {
                void aws.ec2.getSubnetOutput({ id });
            }
            new aws.apigatewayv2.VpcLink("link", { subnetIds: ids, securityGroupIds: [] });
        };
        const az3 = subnets.find((s) => s.availabilityZoneId === "use1-az3")!;
        const bad = await findings("aws-apigatewayv2-vpc-link-zones", link(subnets.map((s) => s.subnetId)), "us-east-1");
        assert.deepEqual(bad.map((f) => f.value), [az3.subnetId]);
        assert.match(bad[0].message, /use1-az3, where us-east-1 has no HTTP API VPC links/);
        assert.deepEqual(await findings("aws-apigatewayv2-vpc-link-zones", link(subnets.filter((s) => s !== az3).map((s) => s.subnetId)), "us-east-1"), []);
        // us-west-2 offers VPC links in every zone.
        assert.deepEqual(await findings("aws-apigatewayv2-vpc-link-zones", link(offlineDefaultSubnets("us-west-2").map((s) => s.subnetId))), []);
    });

    it("aws-apigatewayv2-cloud-map-port: an integration to a Cloud Map service of A records only is refused", async () => {
        const integration = (record: string, withPort: boolean) => () => {
            const discovery = new aws.servicediscovery.Service("srv", { name: "web", dnsConfig: { namespaceId: "ns-0123456789abcdef", dnsRecords: [{ type: record, ttl: 10 }] } });
            new aws.ecs.Service("web", { serviceRegistries: { registryArn: discovery.arn, containerName: "web", ...(withPort ? { containerPort: 8080 } : {}) } });
            const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
            new aws.apigatewayv2.Integration("backend", { apiId: api.id, integrationType: "HTTP_PROXY", integrationMethod: "ANY", connectionType: "VPC_LINK", connectionId: "abc123", integrationUri: discovery.arn });
        };
        assert.match((await findings("aws-apigatewayv2-cloud-map-port", integration("A", true)))[0]?.message ?? "", /has only A records, which carry no port/);
        assert.match((await findings("aws-apigatewayv2-cloud-map-port", integration("SRV", false)))[0]?.message ?? "", /registers in srv without a container port/);
        assert.deepEqual(await findings("aws-apigatewayv2-cloud-map-port", integration("SRV", true)), []);
    });

    it("aws-apigatewayv2-integration: a Lambda proxy integration without payload format, with GET, a VPC link, a bad URI or timeout is refused", async () => {
        const integration = (i: Partial<aws.apigatewayv2.IntegrationArgs>) => lambdaApi({ integration: i });
        const cases: [Partial<aws.apigatewayv2.IntegrationArgs>, string][] = [
            [{ payloadFormatVersion: undefined }, "payloadFormatVersion"],
            [{ payloadFormatVersion: "3.0" }, "payloadFormatVersion"],
            [{ integrationMethod: "GET" }, "integrationMethod"],
            [{ connectionType: "VPC_LINK", connectionId: "abc123" }, "connectionType"],
            [{ timeoutMilliseconds: 30001 }, "timeoutMilliseconds"],
            [{ timeoutMilliseconds: 49 }, "timeoutMilliseconds"],
            [{ integrationUri: "arn:aws:s3:::shop-site" }, "integrationUri"],
            [{ integrationType: "AWS" }, "integrationType"],
        ];
        for (const [args, property] of cases) {
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration(args)), [property], JSON.stringify(args));
        }
        assert.match((await findings("aws-apigatewayv2-integration", integration({ payloadFormatVersion: undefined })))[0].message, /is not set; a Lambda proxy integration of an HTTP API takes "1.0" or "2.0"/);
        for (const args of [{}, { payloadFormatVersion: "1.0" }, { integrationMethod: undefined }, { timeoutMilliseconds: 50 }]) {
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration(args)), [], JSON.stringify(args));
        }
        // The invocation URI (the function's invokeArn) is a Lambda function's too.
        const invokeArn = `arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:backend/invocations`;
        assert.deepEqual(await properties("aws-apigatewayv2-integration", integration({ integrationUri: invokeArn })), []);
        // A private HTTP integration of an HTTP API takes payload format 1.0 only.
        const cloudMap = (payloadFormatVersion: string) => () => {
            const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
            new aws.apigatewayv2.Integration("backend", { apiId: api.id, integrationType: "HTTP_PROXY", integrationMethod: "ANY", connectionType: "VPC_LINK", connectionId: "abc123", integrationUri: "arn:aws:servicediscovery:us-west-2:123456789012:service/srv-0123456789abcdef", payloadFormatVersion, timeoutMilliseconds: 30000 });
        };
        assert.deepEqual(await properties("aws-apigatewayv2-integration", cloudMap("2.0")), ["payloadFormatVersion"]);
        assert.deepEqual(await properties("aws-apigatewayv2-integration", cloudMap("1.0")), []);
    });

    it("aws-apigatewayv2-lambda-invocable: no permission, one for another API or route, or a function in another Region is reported", async () => {
        const none = await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: false }));
        assert.deepEqual(none.map((f) => [f.resource, f.property, f.effect]), [["api-backend (aws:apigatewayv2/integration:Integration)", "integrationUri", "broken"]]);
        assert.match(none[0].message, /no lambda.Permission lets apigateway.amazonaws.com invoke function backend for arn:aws:execute-api:us-west-2:123456789012:[a-z0-9]+\/\$default\/GET\/\{proxy\+\}; API Gateway then answers every request with 500/);
        assert.equal((await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: { sourceArn: "arn:aws:execute-api:us-west-2:123456789012:otherapi01/*/*" } }))).length, 1);
        assert.equal((await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: { sourceArn: "arn:aws:execute-api:us-west-2:123456789012:*/*/GET/items" } }))).length, 1);
        assert.equal((await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: { principal: "lambda.amazonaws.com" } }))).length, 1);
        const elsewhere = await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ functionRegion: "eu-west-1" }));
        assert.match(elsewhere.map((f) => f.message).join("\n"), /the function is in eu-west-1, the API in us-west-2/);
        assert.deepEqual(await findings("aws-apigatewayv2-lambda-invocable", lambdaApi()), []);
        // Without a source ARN, or with an IAM role on the integration, API Gateway may invoke it.
        assert.deepEqual(await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: { sourceArn: undefined } })), []);
        assert.deepEqual(await findings("aws-apigatewayv2-lambda-invocable", lambdaApi({ permission: false, integration: { credentialsArn: "arn:aws:iam::123456789012:role/api-invokes-backend" } })), []);
    });

    describe("a Lambda function behind an API: the edges", () => {
        const fnArn = "arn:aws:lambda:us-west-2:123456789012:function:backend";
        /** An integration of an API of this protocol, with a Lambda URI given as text (no function in the program). */
        const integration = (protocolType: string, args: Partial<aws.apigatewayv2.IntegrationArgs>) => () => {
            const api = new aws.apigatewayv2.Api("api", { protocolType, ...(protocolType === "WEBSOCKET" ? { routeSelectionExpression: "$request.body.action" } : {}) });
            new aws.apigatewayv2.Integration("backend", { apiId: api.id, integrationType: "AWS_PROXY", integrationUri: fnArn, payloadFormatVersion: "2.0", ...args });
        };

        it("a WebSocket API waits 29,000 ms at most and takes non-proxy integrations; payload formats are an HTTP API's concern", async () => {
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration("WEBSOCKET", { timeoutMilliseconds: 29001, payloadFormatVersion: undefined })), ["timeoutMilliseconds"]);
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration("WEBSOCKET", { timeoutMilliseconds: 29000, integrationType: "AWS", payloadFormatVersion: undefined })), []);
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration("HTTP", { timeoutMilliseconds: 29001 })), []);
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration("HTTP", { timeoutMilliseconds: 1000.5 })), ["timeoutMilliseconds"]);
        });

        it("an AWS service integration (integrationSubtype) is no Lambda integration; an HTTP_PROXY integration may leave its payload format unset", async () => {
            const sqs = integration("HTTP", { integrationSubtype: "SQS-SendMessage", integrationUri: undefined, payloadFormatVersion: "1.0", credentialsArn: "arn:aws:iam::123456789012:role/api-sqs", requestParameters: { QueueUrl: "https://sqs.us-west-2.amazonaws.com/123456789012/jobs", MessageBody: "$request.body" } });
            for (const id of ["aws-apigatewayv2-integration", "aws-apigatewayv2-lambda-invocable"]) {
                assert.deepEqual(await properties(id, sqs), [], id);
            }
            assert.deepEqual(await properties("aws-apigatewayv2-integration", integration("HTTP", { integrationType: "HTTP_PROXY", integrationMethod: "ANY", integrationUri: "https://example.com", payloadFormatVersion: undefined })), []);
        });

        it("an invocation URI names its function's Region twice; a function outside the program is judged by its ARN's Region only", async () => {
            const uri = (region: string, fnRegion: string) => `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${fnRegion}:123456789012:function:backend/invocations`;
            assert.match((await findings("aws-apigatewayv2-lambda-invocable", integration("HTTP", { integrationUri: uri("us-east-1", "us-west-2") })))[0]?.message ?? "", /the invocation URI's region \(us-east-1\) is not the function's \(us-west-2\)/);
            assert.match((await findings("aws-apigatewayv2-lambda-invocable", integration("HTTP", { integrationUri: uri("eu-west-1", "eu-west-1") })))[0]?.message ?? "", /the function is in eu-west-1, the API in us-west-2/);
            // No permission is looked for: the function, and its permissions, are another program's.
            assert.deepEqual(await findings("aws-apigatewayv2-lambda-invocable", integration("HTTP", { integrationUri: uri("us-west-2", "us-west-2") })), []);
            assert.deepEqual(await findings("aws-apigatewayv2-lambda-invocable", integration("HTTP", { integrationUri: `${fnArn}:live` })), []);
        });
    });

    describe("each rule's edges, on resources built by hand", () => {
        const judge = (id: string, ...resources: RuleResource[]) => runRule(rule(id), contextOf(...resources));
        const SERVICE_ARN = "arn:aws:servicediscovery:us-west-2:123456789012:service/srv-0123456789abcdef";
        const FN_ARN = "arn:aws:lambda:us-west-2:123456789012:function:backend";
        const EXECUTION = "arn:aws:execute-api:us-west-2:123456789012:a1b2c3d4e5";
        const discovery = (records: string[], outputs: Record<string, unknown> = { arn: SERVICE_ARN }) => ruleResource("srv", "aws:servicediscovery/service:Service", { inputs: { dnsConfig: { dnsRecords: records.map((type) => ({ type, ttl: 10 })) } }, outputs });
        const ecsService = (name: string, registries: Record<string, unknown>, type = "aws:ecs/service:Service") => ruleResource(name, type, { inputs: { serviceRegistries: { registryArn: SERVICE_ARN, ...registries } } });
        const privateIntegration = (inputs: Record<string, unknown> = {}) => ruleResource("backend", "aws:apigatewayv2/integration:Integration", { inputs: { integrationType: "HTTP_PROXY", connectionType: "VPC_LINK", integrationUri: SERVICE_ARN, ...inputs } });
        const api = (protocolType: unknown, outputs: Record<string, unknown> = { id: "a1b2c3d4e5", executionArn: EXECUTION }) => ruleResource("api", "aws:apigatewayv2/api:Api", { inputs: { protocolType }, outputs });
        const lambdaIntegration = (inputs: Record<string, unknown> = {}, fields: Partial<RuleResource> = {}) => ruleResource("api-backend", "aws:apigatewayv2/integration:Integration", { inputs: { apiId: "a1b2c3d4e5", integrationType: "AWS_PROXY", integrationMethod: "POST", integrationUri: FN_ARN, payloadFormatVersion: "2.0", ...inputs }, outputs: { id: "int123" }, ...fields });
        const fn = ruleResource("backend", "aws:lambda/function:Function", { inputs: { packageType: "Image" }, outputs: { name: "backend", arn: FN_ARN, qualifiedArn: `${FN_ARN}:$LATEST` } });
        const permission = (functionRef: string, name = "api-invoke") => ruleResource(name, "aws:lambda/permission:Permission", { inputs: { action: "lambda:InvokeFunction", function: functionRef, principal: "apigateway.amazonaws.com", sourceArn: `${EXECUTION}/*/*` } });

        it("aws-apigatewayv2-vpc-link-zones: the pack looks subnets up for it; a subnet not known yet is not judged; the message lists the zones to use", () => {
            assert.equal(rule("aws-apigatewayv2-vpc-link-zones").readsSubnets, true);
            const subnets = offlineDefaultSubnets("us-east-1");
            const az3 = subnets.find((s) => s.availabilityZoneId === "use1-az3")!;
            const context = contextOf(ruleResource("link", "aws:apigatewayv2/vpcLink:VpcLink", { region: "us-east-1", inputs: { subnetIds: [UNKNOWN_VALUE, az3.subnetId] } }));
            context.region = "us-east-1";
            context.lookups.subnets = Object.fromEntries(subnets.map((s) => [s.subnetId, s]));
            const found = runRule(rule("aws-apigatewayv2-vpc-link-zones"), context);
            assert.deepEqual(found.map((f) => f.property), ["subnetIds[1]"]);
            assert.ok(found[0].message.endsWith(`use subnets in ${HTTP_API_VPC_LINK_SUPPORTED_ZONES["us-east-1"].join(", ")}`), found[0].message);
        });

        it("aws-apigatewayv2-cloud-map-port: only a VPC link integration to a Cloud Map service of the program, known, is judged; SRV among other records is enough; only ECS services registering there count, by container port or port", () => {
            const port = (...resources: RuleResource[]) => judge("aws-apigatewayv2-cloud-map-port", ...resources);
            assert.deepEqual(port(discovery(["A"]), privateIntegration()).map((f) => [f.property, f.value]), [["integrationUri", SERVICE_ARN]]);
            assert.match(port(discovery(["A", "AAAA"]), privateIntegration())[0]?.message ?? "", /has only A, AAAA records/);
            assert.deepEqual(port(discovery(["A"]), privateIntegration({ connectionType: "INTERNET" })), []);
            assert.deepEqual(port(discovery(["A"]), privateIntegration({ integrationUri: UNKNOWN_VALUE })), []);
            assert.deepEqual(port({ ...discovery(["A"]), outputs: undefined }, discovery(["A"], { arn: "arn:aws:servicediscovery:us-west-2:123456789012:service/srv-other" }), privateIntegration()), [], "another service, or one without outputs");
            assert.deepEqual(port(ruleResource("r", "aws:ec2/instance:Instance", { outputs: { arn: SERVICE_ARN } }), privateIntegration()), [], "no Cloud Map service");
            assert.deepEqual(port(discovery(["A", "SRV"]), privateIntegration()), []);
            const registering = (...services: RuleResource[]) => port(discovery([]), ...services, privateIntegration()).map((f) => [f.property, f.message.split(" ")[2]]);
            assert.deepEqual(registering(ecsService("no-port", { containerName: "web" }), ecsService("container-port", { containerName: "web", containerPort: 8080 }), ecsService("port", { port: 8080 })), [["integrationUri", "no-port"]]);
            const elsewhere = ruleResource("elsewhere", "aws:ecs/service:Service", { inputs: { serviceRegistries: { registryArn: "arn:aws:servicediscovery:us-west-2:123456789012:service/srv-other" } } });
            assert.deepEqual(registering(elsewhere, ecsService("not-ecs", {}, "aws:ec2/instance:Instance")), []);
        });

        it("aws-apigatewayv2-integration: an integration of an API not in the program, or of a protocol not known yet, is judged as an HTTP API's", () => {
            const integration = (inputs: Record<string, unknown>, ...resources: RuleResource[]) => judge("aws-apigatewayv2-integration", ...resources, lambdaIntegration(inputs));
            assert.deepEqual(integration({ integrationType: "AWS" }), [], "the protocol, and so the types it takes, is not known");
            assert.deepEqual(integration({ timeoutMilliseconds: 30001 }).map((f) => f.property), ["timeoutMilliseconds"]);
            assert.deepEqual(integration({ timeoutMilliseconds: 30001 }, api(UNKNOWN_VALUE)).map((f) => f.property), ["timeoutMilliseconds"]);
            assert.deepEqual(integration({ timeoutMilliseconds: "30000" }).map((f) => f.property), ["timeoutMilliseconds"], "a number, not text");
            assert.deepEqual(integration({ timeoutMilliseconds: UNKNOWN_VALUE, integrationMethod: UNKNOWN_VALUE, connectionType: UNKNOWN_VALUE, payloadFormatVersion: UNKNOWN_VALUE }), []);
        });

        it("aws-apigatewayv2-integration: each finding's value and message", () => {
            const found = (inputs: Record<string, unknown>, protocol = "HTTP") => judge("aws-apigatewayv2-integration", api(protocol), lambdaIntegration(inputs)).map((f) => [f.property, f.value, f.message.split(" (")[0].split(";")[0]]);
            assert.deepEqual(found({ integrationType: "AWS" }), [["integrationType", "AWS", "an API of protocol HTTP takes AWS_PROXY, HTTP_PROXY integrations only"]]);
            assert.deepEqual(found({ timeoutMilliseconds: 30001 }), [["timeoutMilliseconds", 30001, "is not 50 to 30000 ms, the integration timeout an HTTP API takes"]]);
            assert.deepEqual(found({ timeoutMilliseconds: 29001 }, "WEBSOCKET"), [["timeoutMilliseconds", 29001, "is not 50 to 29000 ms, the integration timeout a WebSocket API takes"]]);
            assert.deepEqual(found({ integrationType: "HTTP_PROXY", integrationUri: "https://example.com", payloadFormatVersion: "2.0" }), [["payloadFormatVersion", "2.0", "an HTTP API takes payload format 1.0 for every integration but Lambda proxy ones"]]);
            assert.deepEqual(found({ payloadFormatVersion: "3.0" }), [["payloadFormatVersion", "3.0", 'is "3.0"']]);
            assert.deepEqual(found({ payloadFormatVersion: undefined }), [["payloadFormatVersion", null, "is not set"]]);
            assert.deepEqual(found({ integrationMethod: "GET" }), [["integrationMethod", "GET", "API Gateway calls Lambda's Invoke API with POST, whatever the client's method"]]);
            assert.deepEqual(found({ connectionType: "VPC_LINK" }), [["connectionType", "VPC_LINK", "a Lambda proxy integration reaches Lambda's public endpoint"]]);
            assert.deepEqual(found({ connectionType: "INTERNET" }), []);
            assert.deepEqual(found({ integrationUri: "arn:aws:s3:::shop-site" }), [["integrationUri", "arn:aws:s3:::shop-site", "an AWS_PROXY integration without integrationSubtype invokes a Lambda function: its URI is the function's ARN"]]);
            // A WebSocket API takes every integration type, and no payload format rule of an HTTP API.
            for (const integrationType of ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"]) {
                assert.deepEqual(found({ integrationType, integrationUri: integrationType.startsWith("AWS") ? FN_ARN : "https://example.com", payloadFormatVersion: undefined }, "WEBSOCKET"), [], integrationType);
            }
            assert.deepEqual(found({ integrationType: "HTTP_PROXY", integrationUri: "https://example.com", payloadFormatVersion: "2.0" }, "WEBSOCKET"), []);
        });

        it("aws-apigatewayv2-lambda-invocable: a function not known yet is in no Region; only permissions of this function, by name or ARN, count; the message names the permission to add", () => {
            const invocable = (...resources: RuleResource[]) => judge("aws-apigatewayv2-lambda-invocable", api("HTTP"), fn, ...resources);
            assert.deepEqual(invocable(lambdaIntegration({ integrationUri: UNKNOWN_VALUE }), permission("backend")), []);
            assert.deepEqual(invocable(lambdaIntegration({ integrationUri: UNKNOWN_VALUE })), [], "no function: nothing to look for");
            for (const ref of ["backend", FN_ARN, `${FN_ARN}:$LATEST`]) {
                assert.deepEqual(invocable(lambdaIntegration(), permission(ref)), [], ref);
            }
            const other = permission("arn:aws:lambda:us-west-2:123456789012:function:other", "other-invoke");
            const missing = invocable(lambdaIntegration(), other);
            assert.deepEqual(missing.map((f) => [f.property, f.value]), [["integrationUri", FN_ARN]]);
            assert.ok(missing[0].message.endsWith(`sourceArn ${EXECUTION}/*/*`), missing[0].message);
            // Two routes: both requests are named.
            const route = (name: string, routeKey: string) => ruleResource(name, "aws:apigatewayv2/route:Route", { inputs: { apiId: "a1b2c3d4e5", routeKey, target: "integrations/int123" } });
            assert.match(invocable(lambdaIntegration(), route("a", "GET /a"), route("b", "POST /b"))[0]?.message ?? "", new RegExp(`function backend for ${EXECUTION}/\\$default/GET/a, ${EXECUTION}/\\$default/POST/b; API Gateway`));
            // No API in the program: no requests to name, and the ARN to allow is the API's.
            const apiless = judge("aws-apigatewayv2-lambda-invocable", fn, lambdaIntegration());
            assert.match(apiless[0]?.message ?? "", /invoke function backend; API Gateway then answers .* sourceArn <the API's executionArn>\/\*\/\*$/);
            const unknownArn = judge("aws-apigatewayv2-lambda-invocable", api("HTTP", { id: "a1b2c3d4e5", executionArn: 42 }), fn, lambdaIntegration());
            assert.match(unknownArn[0]?.message ?? "", /sourceArn <the API's executionArn>\/\*\/\*$/);
        });

        it("aws-apigatewayv2-lambda-invocable: a function in another Region, or an invocation URI of another, is reported on integrationUri", () => {
            const elsewhere = judge("aws-apigatewayv2-lambda-invocable", lambdaIntegration({ integrationUri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:x/invocations" }));
            assert.deepEqual(elsewhere.map((f) => f.property), ["integrationUri", "integrationUri"]);
        });
    });
});

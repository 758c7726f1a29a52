/**
 * The API Gateway rules (lib/aws-rules/rules/apigateway.ts): VPC link zones,
 * Cloud Map integrations with a port, Lambda proxy integrations and the
 * permission that lets API Gateway invoke the function.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { offlineDefaultSubnets } from "../../../../offline/mocks";
import { findings, lambdaApi, properties } from "./fixtures";

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
});

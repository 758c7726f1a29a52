/**
 * API Gateway (HTTP APIs): where VPC links can be placed, what a private
 * integration with Cloud Map reaches, and what an integration with a Lambda
 * function must be to be created and to reach its function.
 */
import { vpcLinkSupportsZone, HTTP_API_VPC_LINK_SUPPORTED_ZONES } from "../../aws-data/vpc-link-zones";
import { AwsRule, Problem } from "../types";
import { isKnown, list, obj, ofType, referenced } from "../util";
import { allowsInvoke, apiOf, INTEGRATION, lambdaTargetOf, PERMISSION, requestArns } from "./lambda";

export const vpcLinkZones: AwsRule = {
    id: "aws-apigatewayv2-vpc-link-zones",
    description: "An HTTP API VPC link has subnets only in availability zones where the region offers VPC links.",
    level: "error",
    effect: "refused",
    types: ["aws:apigatewayv2/vpcLink:VpcLink"],
    properties: ["subnetIds"],
    readsSubnets: true,
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-links-v2.html",
    nearest: {},
    check(link, context) {
        return list(link.inputs.subnetIds).flatMap((id, i) => {
            // An id not known yet has no facts.
            const facts = context.lookups.subnets[String(id)];
            if (!facts || vpcLinkSupportsZone(link.region, facts.availabilityZoneId) !== false) {
                return [];
            }
            const zones = HTTP_API_VPC_LINK_SUPPORTED_ZONES[link.region];
            return [{ property: `subnetIds[${i}]`, value: id, message: `subnet ${String(id)} is in ${facts.availabilityZoneId}, where ${link.region} has no HTTP API VPC links (AWS answers "BadRequestException ... where service is not available"); use subnets in ${zones.join(", ")}` }];
        });
    },
};

export const cloudMapIntegrationHasPort: AwsRule = {
    id: "aws-apigatewayv2-cloud-map-port",
    description: "An HTTP API private integration with a Cloud Map service reaches instances that register a port: the service has SRV records and ECS registers its tasks with a container port.",
    level: "error",
    effect: "broken",
    types: ["aws:apigatewayv2/integration:Integration"],
    properties: ["integrationUri"],
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html",
    nearest: {},
    check(integration, context) {
        if (integration.inputs.connectionType !== "VPC_LINK" || !isKnown(integration.inputs.integrationUri)) {
            return [];
        }
        const discovery = context.resources.find((r) => r.type === "aws:servicediscovery/service:Service" && r.outputs?.arn === integration.inputs.integrationUri);
        if (!discovery) {
            return [];
        }
        const records = list(obj(discovery.inputs.dnsConfig).dnsRecords).map(obj);
        if (records.length > 0 && !records.some((r) => r.type === "SRV")) {
            return [{ property: "integrationUri", value: integration.inputs.integrationUri, message: `Cloud Map service ${discovery.name} has only ${records.map((r) => String(r.type)).join(", ")} records, which carry no port; API Gateway then cannot reach the tasks (use SRV records, with ECS serviceRegistries giving containerName and containerPort)` }];
        }
        const registering = context.resources.filter((r) => r.type === "aws:ecs/service:Service" && obj(r.inputs.serviceRegistries).registryArn === discovery.outputs?.arn);
        return registering
            .filter((s) => obj(s.inputs.serviceRegistries).containerPort === undefined && obj(s.inputs.serviceRegistries).port === undefined)
            .map((s) => ({ property: "integrationUri", value: integration.inputs.integrationUri, message: `ECS service ${s.name} registers in ${discovery.name} without a container port, so its instances carry none for API Gateway` }));
    },
};

const INTEGRATION_DOC = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-integration.html";

/** The integration types each protocol takes ("Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)"). */
export const INTEGRATION_TYPES: Record<string, string[]> = { HTTP: ["AWS_PROXY", "HTTP_PROXY"], WEBSOCKET: ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"] };

/** TimeoutInMillis: "between 50 and 29,000 milliseconds for WebSocket APIs and between 50 and 30,000 milliseconds for HTTP APIs". */
export const INTEGRATION_TIMEOUT_MS: Record<string, [number, number]> = { HTTP: [50, 30000], WEBSOCKET: [50, 29000] };

export const lambdaIntegration: AwsRule = {
    id: "aws-apigatewayv2-integration",
    description: "An HTTP API integration is a proxy integration with a timeout of 50 to 30,000 ms; a Lambda proxy integration sets payload format 1.0 or 2.0, uses POST over the internet (no VPC link) and names a Lambda function.",
    level: "error",
    effect: "refused",
    types: [INTEGRATION],
    properties: ["integrationType", "integrationMethod", "payloadFormatVersion", "connectionType", "timeoutMilliseconds", "integrationUri"],
    source: INTEGRATION_DOC,
    nearest: { terraform: "aws_apigatewayv2_integration timeout_milliseconds: IntBetween(50, 30000); integration_type: OneOf (all protocols)" },
    check(integration, context) {
        const api = apiOf(context, integration);
        const protocol = api && isKnown(api.inputs.protocolType) ? String(api.inputs.protocolType) : undefined;
        const { integrationType: type, integrationMethod: method, payloadFormatVersion: version, connectionType, timeoutMilliseconds: timeout } = integration.inputs;
        const problems: Problem[] = [];
        if (protocol && INTEGRATION_TYPES[protocol] && isKnown(type) && !INTEGRATION_TYPES[protocol].includes(String(type))) {
            problems.push({ property: "integrationType", value: type, message: `an API of protocol ${protocol} takes ${INTEGRATION_TYPES[protocol].join(", ")} integrations only ("may only be associated with proxy integrations")` });
        }
        const [min, max] = INTEGRATION_TIMEOUT_MS[String(protocol)] ?? INTEGRATION_TIMEOUT_MS.HTTP;
        if (isKnown(timeout) && !(Number.isInteger(timeout) && Number(timeout) >= min && Number(timeout) <= max)) {
            problems.push({ property: "timeoutMilliseconds", value: timeout, message: `is not ${min} to ${max} ms, the integration timeout ${protocol === "WEBSOCKET" ? "a WebSocket" : "an HTTP"} API takes` });
        }
        if (protocol === "HTTP" && type === "HTTP_PROXY" && isKnown(version) && version !== "1.0") {
            problems.push({ property: "payloadFormatVersion", value: version, message: `an HTTP API takes payload format 1.0 for every integration but Lambda proxy ones ("For all other integrations, 1.0 is the only supported value")` });
        }
        const target = lambdaTargetOf(context, integration);
        if (!target) {
            return problems;
        }
        if (protocol !== "WEBSOCKET" && (version === undefined || (isKnown(version) && version !== "1.0" && version !== "2.0"))) {
            problems.push({
                property: "payloadFormatVersion",
                value: version ?? null,
                message: `${version === undefined ? "is not set" : `is ${JSON.stringify(version)}`}; a Lambda proxy integration of an HTTP API takes "1.0" or "2.0", and through the API (not the console) it must be set ("Required for HTTP APIs", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html)`,
            });
        }
        if (isKnown(method) && method !== "POST") {
            problems.push({ property: "integrationMethod", value: method, message: `API Gateway calls Lambda's Invoke API with POST, whatever the client's method; CreateIntegration refuses anything else ("HttpMethod must be POST for AWS_PROXY IntegrationType", hashicorp/terraform-provider-aws#42391)` });
        }
        if (isKnown(connectionType) && connectionType !== "INTERNET") {
            problems.push({ property: "connectionType", value: connectionType, message: `a Lambda proxy integration reaches Lambda's public endpoint (INTERNET, the default); a VPC link is for private HTTP integrations only` });
        }
        if (target.malformed) {
            problems.push({ property: "integrationUri", value: integration.inputs.integrationUri, message: `an AWS_PROXY integration without integrationSubtype invokes a Lambda function: its URI is the function's ARN (arn:aws:lambda:<region>:<account>:function:<name>) or invokeArn (arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations)` });
        }
        return problems;
    },
};

/** What API Gateway answers when it may not invoke the function. */
const HTTP_LAMBDA_500 = "https://repost.aws/knowledge-center/api-gateway-http-lambda-integrations";

export const lambdaIntegrationInvocable: AwsRule = {
    id: "aws-apigatewayv2-lambda-invocable",
    description: "A Lambda proxy integration can invoke its function: the function is in the API's Region, and a lambda.Permission lets apigateway.amazonaws.com invoke it from the API's routes (or the integration has credentials).",
    level: "error",
    effect: "broken",
    types: [INTEGRATION],
    properties: ["integrationUri"],
    source: HTTP_LAMBDA_500,
    nearest: {},
    check(integration, context) {
        const target = lambdaTargetOf(context, integration);
        if (!target || target.malformed) {
            return [];
        }
        const uri = integration.inputs.integrationUri;
        const problems: Problem[] = [];
        if (target.region && integration.region && target.region !== integration.region) {
            problems.push({ property: "integrationUri", value: uri, message: `the function is in ${target.region}, the API in ${integration.region}: API Gateway fails every request ("Functions from '${target.region}' are not reachable in this region ('${integration.region}')", aws/aws-cdk#17458); put them in one Region` });
        }
        if (target.invocationRegion && target.region && target.invocationRegion !== target.region) {
            problems.push({ property: "integrationUri", value: uri, message: `the invocation URI's region (${target.invocationRegion}) is not the function's (${target.region}); use the function's invokeArn` });
        }
        const fn = target.resource;
        if (!fn || integration.inputs.credentialsArn !== undefined) {
            return problems;
        }
        const api = apiOf(context, integration);
        const requests = api ? requestArns(context, api, integration) : undefined;
        const permissions = ofType(context, PERMISSION).filter((p) => referenced(p, "function", [fn], ["name", "arn", "qualifiedArn"]).length > 0);
        if (!permissions.some((p) => allowsInvoke(p, requests))) {
            const wanted = typeof api?.outputs?.executionArn === "string" ? `${api.outputs.executionArn}/*/*` : "<the API's executionArn>/*/*";
            problems.push({
                property: "integrationUri",
                value: uri,
                message: `no lambda.Permission lets apigateway.amazonaws.com invoke function ${fn.name}${requests ? ` for ${requests.join(", ")}` : ""}; API Gateway then answers every request with 500 ("doesn't have permissions to call the integration"): add one with action lambda:InvokeFunction, principal apigateway.amazonaws.com and sourceArn ${wanted}`,
            });
        }
        return problems;
    },
};

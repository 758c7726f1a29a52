import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { vpcLinkSubnetIds } from "../lib/aws-data/vpc-link-zones";
import { ComponentError } from "../lib/errors";
import { Transform, transformed } from "../lib/transform";
import { PlacedSubnet } from "./network";

/** The backend the API sends every request to. */
export type ApiBackend =
    | {
          /** ECS tasks registered in Cloud Map, reached through a VPC link. */
          kind: "cloudMap";
          vpcId: pulumi.Input<string>;
          /**
           * Subnets the tasks run in, with their zones. The VPC link's network
           * interfaces go in those of them whose zone has HTTP API VPC links (not
           * every zone does: us-east-1 has none in use1-az3).
           */
          subnets: pulumi.Input<PlacedSubnet[]>;
          /**
           * ARN of the Cloud Map service the backend's tasks register in with SRV
           * records (`FargateService.discoveryService`). API Gateway discovers a
           * task's IP and port there on every request.
           */
          discoveryServiceArn: pulumi.Input<string>;
      }
    | {
          /** A Lambda function, invoked with the version 2.0 event (Lambda proxy integration). */
          kind: "lambda";
          functionArn: pulumi.Input<string>;
          functionName: pulumi.Input<string>;
      };

export interface ApiGatewayRouterArgs {
    backend: ApiBackend;
    /** Browser origins allowed to call the API (the frontend's URL). */
    corsOrigins: pulumi.Input<pulumi.Input<string>[]>;
    /** A custom domain, with a certificate from the stack's region. */
    customDomain?: { domainName: string; certificateArn: pulumi.Input<string> };
    /**
     * Steady-state requests per second across the stage; protects the bill
     * and the backend from floods.
     *
     * @default 50
     */
    throttlingRateLimit?: number;
    /** @default 100 */
    throttlingBurstLimit?: number;
    /**
     * Days to keep access logs.
     *
     * @default 7
     */
    logRetentionDays?: number;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The VPC link's security group (no rules of its own: the backend adds the egress). */
        securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
        /** The VPC link into the tasks' subnets. */
        vpcLink?: Transform<aws.apigatewayv2.VpcLinkArgs>;
        /** The HTTP API, with its CORS configuration. */
        api?: Transform<aws.apigatewayv2.ApiArgs>;
        /** The integration with the backend (private, through the VPC link, or Lambda proxy). */
        integration?: Transform<aws.apigatewayv2.IntegrationArgs>;
        /** The permission for the API to invoke the backend's function (a Lambda backend). */
        invokePermission?: Transform<aws.lambda.PermissionArgs>;
        /** The `ANY /{proxy+}` route. */
        route?: Transform<aws.apigatewayv2.RouteArgs>;
        /** The access logs' log group. */
        logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
        /** The `$default` stage, with its throttling and access log settings. */
        stage?: Transform<aws.apigatewayv2.StageArgs>;
        /** The custom domain, when there is one. */
        domainName?: Transform<aws.apigatewayv2.DomainNameArgs>;
        /** The custom domain's mapping to the stage, when there is one. */
        apiMapping?: Transform<aws.apigatewayv2.ApiMappingArgs>;
    };
}

/** What the access log records for each request. */
const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    ip: "$context.identity.sourceIp",
    requestTime: "$context.requestTime",
    method: "$context.httpMethod",
    path: "$context.path",
    status: "$context.status",
    responseLength: "$context.responseLength",
    latency: "$context.responseLatency",
    integrationStatus: "$context.integrationStatus",
    integrationError: "$context.integrationErrorMessage",
});

/**
 * An API Gateway HTTP API in front of the backend: one `ANY /{proxy+}`
 * route, CORS for the frontend, throttling and access logs, and an
 * integration with either a Fargate service's Cloud Map registrations
 * (private, through a VPC link) or a Lambda function (Lambda proxy, payload
 * format 2.0).
 *
 * Cost: $1.00 per million requests (first 300 million/month), nothing while
 * idle. The VPC link is free (it is network interfaces managed by API
 * Gateway); it goes inactive after 60 days without traffic and wakes on the
 * next request, slowly. This replaces a load balancer's ~$0.54/day floor.
 */
export class ApiGatewayRouter extends pulumi.ComponentResource {
    readonly api: aws.apigatewayv2.Api;
    readonly stage: aws.apigatewayv2.Stage;
    /** The VPC link (a Cloud Map backend). */
    readonly vpcLink?: aws.apigatewayv2.VpcLink;
    /** The VPC link's security group, which the backend service must admit (a Cloud Map backend). */
    readonly securityGroup?: aws.ec2.SecurityGroup;
    readonly domainName?: aws.apigatewayv2.DomainName;
    /** The base URL clients use: the custom domain when there is one. */
    readonly url: pulumi.Output<string>;
    /** Alias target of the custom domain, for Route 53. */
    readonly aliasTarget?: { dnsName: pulumi.Output<string>; zoneId: pulumi.Output<string> };

    constructor(name: string, args: ApiGatewayRouterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:ApiGatewayRouter", name, {}, opts);
        const backend = args.backend;
        if (backend.kind === "cloudMap") {
            this.securityGroup = new aws.ec2.SecurityGroup(
                ...transformed(args.transform?.securityGroup, `${name}-vpclink-sg`, {
                    vpcId: backend.vpcId,
                    // No egress here: the backend service opens it to its own tasks only (FargateService.allowFrom).
                    description: "API Gateway VPC link: to the backend tasks only",
                }, { parent: this }),
            );
            const region = aws.getRegionOutput({}, { parent: this }).region;
            const linkSubnetIds = pulumi.all([region, backend.subnets]).apply(([r, subnets]) => vpcLinkSubnetIds(r, subnets));
            this.vpcLink = new aws.apigatewayv2.VpcLink(...transformed(args.transform?.vpcLink, `${name}-vpclink`, { subnetIds: linkSubnetIds, securityGroupIds: [this.securityGroup.id] }, { parent: this }));
        }

        this.api = new aws.apigatewayv2.Api(
            ...transformed(args.transform?.api, name, {
                protocolType: "HTTP",
                description: "Backend API",
                // With a custom domain, that is the one way in: the default
                // execute-api URL would bypass whatever the domain adds.
                disableExecuteApiEndpoint: args.customDomain !== undefined,
                corsConfiguration: {
                    allowOrigins: args.corsOrigins,
                    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                    allowHeaders: ["authorization", "content-type"],
                    maxAge: 3600,
                },
            }, { parent: this }),
        );

        const integration = this.integrate(name, args, this.vpcLink);

        new aws.apigatewayv2.Route(...transformed(args.transform?.route, `${name}-proxy`, { apiId: this.api.id, routeKey: "ANY /{proxy+}", target: pulumi.interpolate`integrations/${integration.id}` }, { parent: this }));

        const accessLogs = new aws.cloudwatch.LogGroup(
            ...transformed(args.transform?.logGroup, `${name}-access-logs`, { name: `/apigateway/${pulumi.getProject()}-${pulumi.getStack()}/${name}`, retentionInDays: args.logRetentionDays ?? 7 }, { parent: this }),
        );
        this.stage = new aws.apigatewayv2.Stage(
            ...transformed(args.transform?.stage, `${name}-default`, {
                apiId: this.api.id,
                name: "$default",
                autoDeploy: true,
                accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
                defaultRouteSettings: { throttlingRateLimit: args.throttlingRateLimit ?? 50, throttlingBurstLimit: args.throttlingBurstLimit ?? 100 },
            }, { parent: this }),
        );

        if (args.customDomain) {
            this.domainName = new aws.apigatewayv2.DomainName(
                ...transformed(args.transform?.domainName, `${name}-domain`, {
                    domainName: args.customDomain.domainName,
                    domainNameConfiguration: { certificateArn: args.customDomain.certificateArn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
                }, { parent: this }),
            );
            new aws.apigatewayv2.ApiMapping(...transformed(args.transform?.apiMapping, `${name}-mapping`, { apiId: this.api.id, domainName: this.domainName.id, stage: this.stage.id }, { parent: this }));
            this.aliasTarget = {
                dnsName: this.domainName.domainNameConfiguration.targetDomainName,
                zoneId: this.domainName.domainNameConfiguration.hostedZoneId,
            };
            this.url = pulumi.output(`https://${args.customDomain.domainName}`);
        } else {
            this.url = this.api.apiEndpoint;
        }
        this.registerOutputs({ url: this.url, apiId: this.api.id });
    }

    private integrate(name: string, args: ApiGatewayRouterArgs, vpcLink: aws.apigatewayv2.VpcLink | undefined): aws.apigatewayv2.Integration {
        const backend = args.backend;
        if (backend.kind === "lambda") {
            const integration = new aws.apigatewayv2.Integration(
                ...transformed(args.transform?.integration, `${name}-backend`, {
                    apiId: this.api.id,
                    integrationType: "AWS_PROXY",
                    integrationMethod: "POST",
                    integrationUri: backend.functionArn,
                    // The HTTP API event; the Lambda Web Adapter reads both versions.
                    payloadFormatVersion: "2.0",
                    // The most an HTTP API waits for an integration (30 s); the function's own timeout is below it.
                    timeoutMilliseconds: 30000,
                }, { parent: this }),
            );
            new aws.lambda.Permission(
                ...transformed(args.transform?.invokePermission, `${name}-invoke`, {
                    action: "lambda:InvokeFunction",
                    function: backend.functionName,
                    principal: "apigateway.amazonaws.com",
                    // Any stage and route of this API only.
                    sourceArn: pulumi.interpolate`${this.api.executionArn}/*/*`,
                }, { parent: this }),
            );
            return integration;
        }
        if (!vpcLink) {
            throw new ComponentError("shoestring:aws:ApiGatewayRouter", name, "a Cloud Map backend needs its VPC link");
        }
        return new aws.apigatewayv2.Integration(
            ...transformed(args.transform?.integration, `${name}-backend`, {
                apiId: this.api.id,
                integrationType: "HTTP_PROXY",
                integrationMethod: "ANY",
                connectionType: "VPC_LINK",
                connectionId: vpcLink.id,
                integrationUri: backend.discoveryServiceArn,
                // The only version for integrations other than Lambda.
                payloadFormatVersion: "1.0",
                timeoutMilliseconds: 30000,
            }, { parent: this }),
        );
    }
}

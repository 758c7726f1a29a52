import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ComponentError } from "../lib/errors";
import { Transform, transformed } from "../lib/transform";

/** One destination behind the load balancer. */
export interface AlbTarget {
    /** The container port traffic is sent to. */
    port: number;
    /** Path the load balancer's health check requests. */
    healthCheckPath: string;
    /** Host names routed here (host-header rule). Used when the router has a certificate. */
    hosts?: string[];
    /** Path patterns routed here when there are no host names (e.g. `/api/*`). */
    pathPatterns?: string[];
}

export interface AlbRouterArgs {
    vpcId: pulumi.Input<string>;
    /** Public subnets in at least two availability zones. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * A certificate covering every target's hosts. With one, the router
     * listens on HTTPS (443) and redirects HTTP (80) to it; without one (no
     * domain), it serves plain HTTP and routes by path.
     */
    certificateArn?: pulumi.Input<string>;
    /**
     * Destinations, by name, in rule priority order. One load balancer serves
     * them all: host-header rules send each subdomain to its target group.
     */
    targets: Record<string, AlbTarget>;
    /** Changes to the children's arguments before they are registered (see lib/transform.ts). */
    transform?: {
        /** The load balancer's security group (HTTP and HTTPS from anywhere). */
        securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
        /** The Application Load Balancer. */
        loadBalancer?: Transform<aws.lb.LoadBalancerArgs>;
        /** Each target's target group (`<name>-<target>`). */
        targetGroup?: Transform<aws.lb.TargetGroupArgs>;
        /** The listener the rules route on: HTTPS (443) with a certificate, else HTTP (80). */
        listener?: Transform<aws.lb.ListenerArgs>;
        /** The HTTP (80) listener that redirects to HTTPS, when there is a certificate. */
        redirectListener?: Transform<aws.lb.ListenerArgs>;
        /** Each target's listener rule (host-header or path-pattern, then forward). */
        listenerRule?: Transform<aws.lb.ListenerRuleArgs>;
    };
}

/**
 * One Application Load Balancer in front of several Fargate services,
 * routing by host name (or path without a domain).
 *
 * Target groups use target type `ip` (required for awsvpc tasks); ECS
 * registers tasks on their container port, which is also the port given here.
 *
 * Cost: about $0.0225/hour plus LCUs (at least about $16/month idle), plus
 * $0.005/hour per public IPv4 address: one per availability zone node.
 */
export class AlbRouter extends pulumi.ComponentResource {
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** The listener rules route on: HTTPS with a certificate, else HTTP. */
    readonly listener: aws.lb.Listener;
    readonly targetGroups: Record<string, aws.lb.TargetGroup>;
    readonly dnsName: pulumi.Output<string>;
    /** The load balancer's canonical hosted zone id (for alias records). */
    readonly zoneId: pulumi.Output<string>;
    /** `https://` with a certificate, `http://` without. */
    readonly scheme: "https" | "http";

    constructor(name: string, args: AlbRouterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("shoestring:aws:AlbRouter", name, {}, opts);
        const tls = args.certificateArn !== undefined;
        this.scheme = tls ? "https" : "http";

        this.securityGroup = new aws.ec2.SecurityGroup(
            ...transformed(args.transform?.securityGroup, `${name}-sg`, {
                vpcId: args.vpcId,
                description: "Load balancer: HTTP and HTTPS from anywhere",
                // No egress here: each target service opens it to its own tasks only (FargateService.allowFrom).
                ingress: [80, 443].map((port) => ({ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], description: `port ${port} from the internet` })),
            }, { parent: this }),
        );

        this.loadBalancer = new aws.lb.LoadBalancer(
            ...transformed(args.transform?.loadBalancer, name, {
                loadBalancerType: "application",
                internal: false,
                subnets: args.subnetIds,
                securityGroups: [this.securityGroup.id],
                dropInvalidHeaderFields: true,
                idleTimeout: 60,
            }, { parent: this }),
        );

        this.targetGroups = {};
        for (const [target, spec] of Object.entries(args.targets)) {
            this.targetGroups[target] = new aws.lb.TargetGroup(
                ...transformed(args.transform?.targetGroup, `${name}-${target}`, {
                    vpcId: args.vpcId,
                    targetType: "ip",
                    protocol: "HTTP",
                    port: spec.port,
                    deregistrationDelay: 30,
                    healthCheck: { path: spec.healthCheckPath, matcher: "200-399", interval: 30, healthyThreshold: 2, unhealthyThreshold: 3 },
                }, { parent: this }),
            );
        }

        const notFound = { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } };
        if (tls) {
            this.listener = new aws.lb.Listener(
                ...transformed(args.transform?.listener, `${name}-https`, {
                    loadBalancerArn: this.loadBalancer.arn,
                    port: 443,
                    protocol: "HTTPS",
                    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    certificateArn: args.certificateArn,
                    defaultActions: [notFound],
                }, { parent: this }),
            );
            new aws.lb.Listener(
                ...transformed(args.transform?.redirectListener, `${name}-http`, {
                    loadBalancerArn: this.loadBalancer.arn,
                    port: 80,
                    protocol: "HTTP",
                    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                }, { parent: this }),
            );
        } else {
            this.listener = new aws.lb.Listener(
                ...transformed(args.transform?.listener, `${name}-http`, { loadBalancerArn: this.loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: [notFound] }, { parent: this }),
            );
        }

        Object.entries(args.targets).forEach(([target, spec], i) => {
            const condition = tls
                ? { hostHeader: { values: nonEmpty(spec.hosts, name, `target ${target} needs hosts when the router has a certificate`) } }
                : { pathPattern: { values: nonEmpty(spec.pathPatterns, name, `target ${target} needs pathPatterns when the router has no certificate`) } };
            new aws.lb.ListenerRule(
                ...transformed(args.transform?.listenerRule, `${name}-${target}`, {
                    listenerArn: this.listener.arn,
                    priority: (i + 1) * 10,
                    conditions: [condition],
                    actions: [{ type: "forward", targetGroupArn: this.targetGroups[target].arn }],
                }, { parent: this }),
            );
        });

        this.dnsName = this.loadBalancer.dnsName;
        this.zoneId = this.loadBalancer.zoneId;
        this.registerOutputs({ dnsName: this.dnsName, zoneId: this.zoneId });
    }
}

function nonEmpty(values: string[] | undefined, name: string, message: string): string[] {
    if (!values || values.length === 0) {
        throw new ComponentError("shoestring:aws:AlbRouter", name, message);
    }
    return values;
}

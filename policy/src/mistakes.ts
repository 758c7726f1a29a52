/**
 * The write-up's mistakes, each caught before deploy instead of found by
 * trial and error afterwards: the CloudFront set-up (origin, aliases,
 * certificate region, root object, caching of index.html, deep links), the
 * execution role that could not pull from ECR, and plain HTTP on the ALB.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isCacheable, SITE_SYNC_TYPE } from "../../lib/site-sync";
import { arnRegion, asList, grants, isKnown, label, list, Maybe, obj, ofType, read, referenced, roleDocuments, statements } from "./util";

/** AWS's managed "CachingDisabled" cache policy. */
export const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** TTLs of AWS's managed cache policies (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html). */
export const MANAGED_CACHE_POLICIES: Record<string, { name: string; min: number; max: number }> = {
    [CACHING_DISABLED]: { name: "CachingDisabled", min: 0, max: 0 },
    "658327ea-f89d-4fab-a63d-7e88639e58f6": { name: "CachingOptimized", min: 1, max: 31536000 },
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": { name: "CachingOptimizedForUncompressedObjects", min: 1, max: 31536000 },
};
/** The managed policy ECS task execution roles need to pull from ECR and write logs. */
export const TASK_EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
/** What pulling an image from ECR takes. */
export const ECR_PULL_ACTIONS = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

/** S3 endpoints: REST (`<bucket>.s3.<region>.amazonaws.com`) and website (`<bucket>.s3-website-<region>...`). */
const S3_ENDPOINT = /\.s3(?:-website)?(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/;

/**
 * The S3 origins of a distribution, each field read on its own: an unknown
 * OAC id (created in the same update) must not hide a known domain.
 */
function s3Origins(props: Record<string, unknown>): { domain: string; website: boolean; oac: Maybe<unknown> }[] {
    const count = read(() => list(props.origins).length);
    if (!isKnown(count)) {
        return [];
    }
    const origins: { domain: string; website: boolean; oac: Maybe<unknown> }[] = [];
    // Stryker disable next-line EqualityOperator: i <= count reads one past the end, which has no domain, so adds nothing
    for (let i = 0; i < count; i++) {
        const domain = read(() => obj(list(props.origins)[i]).domainName as unknown);
        if (isKnown(domain) && typeof domain === "string" && S3_ENDPOINT.test(domain)) {
            origins.push({ domain, website: /\.s3-website[.-]/.test(domain), oac: read(() => obj(list(props.origins)[i]).originAccessControlId as unknown) });
        }
    }
    return origins;
}

export const cloudfrontS3OriginUsesOac: ResourceValidationPolicy = {
    name: "cloudfront-s3-origin-uses-oac",
    description: "CloudFront reads S3 through the bucket's REST endpoint with Origin Access Control, not the website endpoint (which needs a public bucket).",
    remediationSteps: "Use the bucket's bucketRegionalDomainName as the origin's domainName, create an aws.cloudfront.OriginAccessControl (s3, sigv4, always) and set originAccessControlId; keep the bucket private with a policy that admits only this distribution (AWS:SourceArn).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== DISTRIBUTION) {
            return;
        }
        for (const origin of s3Origins(args.props)) {
            if (origin.website) {
                report(`distribution ${args.name} uses the S3 website endpoint ${origin.domain}, which forces a public bucket. ${cloudfrontS3OriginUsesOac.remediationSteps}`);
            } else if (isKnown(origin.oac) && !origin.oac) {
                report(`distribution ${args.name} reads ${origin.domain} without Origin Access Control. ${cloudfrontS3OriginUsesOac.remediationSteps}`);
            }
        }
    },
};

export const cloudfrontCustomCertificateHasAliases: ResourceValidationPolicy = {
    name: "cloudfront-custom-certificate-has-aliases",
    description: "A CloudFront distribution with a custom certificate lists its host names in aliases; otherwise CloudFront does not answer for them (silently) and Route 53 does not offer it as an alias target.",
    remediationSteps: "Add every host name the certificate is for (for example app.example.com) to the distribution's aliases.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== DISTRIBUTION) {
            return;
        }
        const certificate = read(() => obj(args.props.viewerCertificate).acmCertificateArn as unknown);
        const aliases = read(() => list(args.props.aliases));
        if (isKnown(aliases) && aliases.length === 0 && (!isKnown(certificate) || (typeof certificate === "string" && certificate !== ""))) {
            report(`distribution ${args.name} has a custom certificate but no aliases. ${cloudfrontCustomCertificateHasAliases.remediationSteps}`);
        }
    },
};

export const cloudfrontCertificateInUsEast1: ResourceValidationPolicy = {
    name: "cloudfront-certificate-in-us-east-1",
    description: "A CloudFront viewer certificate is issued in us-east-1, the only region CloudFront takes certificates from.",
    remediationSteps: 'Issue the certificate through a provider for us-east-1 (new aws.Provider("us-east-1", { region: "us-east-1" })), validate it there, and use that ARN; Route 53 is global, so the same hosted zone validates it.',
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== DISTRIBUTION) {
            return;
        }
        const certificate = read(() => obj(args.props.viewerCertificate).acmCertificateArn as unknown);
        const region = isKnown(certificate) ? arnRegion(certificate) : undefined;
        if (region !== undefined && region !== "us-east-1") {
            report(`distribution ${args.name} uses a certificate from ${region}. ${cloudfrontCertificateInUsEast1.remediationSteps}`);
        }
    },
};

export const cloudfrontDefaultRootObject: ResourceValidationPolicy = {
    name: "cloudfront-default-root-object",
    description: "A CloudFront distribution in front of S3 sets a default root object, so the site's root URL is not a 404.",
    remediationSteps: 'Set defaultRootObject: "index.html" on the distribution.',
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== DISTRIBUTION || s3Origins(args.props).length === 0) {
            return;
        }
        const root = read(() => args.props.defaultRootObject as unknown);
        if (isKnown(root) && (typeof root !== "string" || root === "")) {
            report(`distribution ${args.name} has no default root object. ${cloudfrontDefaultRootObject.remediationSteps}`);
        }
    },
};

export const cloudfrontSpaErrorResponses: ResourceValidationPolicy = {
    name: "cloudfront-spa-error-responses",
    description: "A single-page app on S3 answers deep links: S3's 403 and 404 become /index.html with status 200.",
    remediationSteps: 'Add customErrorResponses for errorCode 403 and 404, each with responsePagePath "/index.html", responseCode 200 and errorCachingMinTtl 0.',
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== DISTRIBUTION || s3Origins(args.props).length === 0) {
            return;
        }
        const responses = read(() => list(args.props.customErrorResponses).map(obj));
        if (!isKnown(responses)) {
            return;
        }
        for (const code of [403, 404]) {
            const found = responses.find((r) => Number(r.errorCode) === code);
            if (!found || found.responsePagePath !== "/index.html" || Number(found.responseCode) !== 200) {
                report(`distribution ${args.name} does not turn ${code} into /index.html with 200, so deep links fail. ${cloudfrontSpaErrorResponses.remediationSteps}`);
            }
        }
    },
};

/** The TTLs a cache behaviour gives objects, when the stack tells. */
function behaviourTtl(resources: PolicyResource[], distribution: PolicyResource, property: string, behaviour: Record<string, unknown>): { min?: number; max?: number } | undefined {
    const managed = MANAGED_CACHE_POLICIES[String(behaviour.cachePolicyId)];
    if (managed) {
        return { min: managed.min, max: managed.max };
    }
    const policies = ofType(resources, "aws:cloudfront/cachePolicy:CachePolicy");
    // By id when the state carries it; else the one policy the property was built from.
    const byId = policies.find(
        (p) =>
            // Stryker disable next-line ArrowFunction: an unknown id reads as UNKNOWN, which the cachePolicyId of a behaviour read in full never is; the isKnown is redundant
            isKnown(read(() => p.props.id as unknown)) &&
            read(() => p.props.id as unknown) === behaviour.cachePolicyId,
    );
    // Stryker disable next-line OptionalChaining,ArrayDeclaration: the SDK always sets propertyDependencies; a string element has no urn to match
    const fromDeps = policies.filter((p) => (distribution.propertyDependencies?.[property] ?? []).some((d) => d.urn === p.urn));
    const policy = byId ?? (fromDeps.length === 1 ? fromDeps[0] : undefined);
    if (policy) {
        const min = read(() => policy.props.minTtl as unknown);
        const max = read(() => policy.props.maxTtl as unknown);
        return { min: isKnown(min) ? Number(min ?? 0) : undefined, max: isKnown(max) ? Number(max ?? 31536000) : undefined };
    }
    if (behaviour.cachePolicyId === undefined && behaviour.forwardedValues !== undefined) {
        return { min: Number(behaviour.minTtl ?? 0), max: Number(behaviour.maxTtl ?? 31536000) };
    }
    return undefined;
}

export const cloudfrontIndexNotCached: StackValidationPolicy = {
    name: "cloudfront-index-not-cached",
    description: "index.html is never cached by CloudFront, nor uploaded with a Cache-Control that lets caches keep it, so a deploy shows up without an invalidation (hashed assets may be cached forever).",
    remediationSteps:
        'Add an ordered cache behaviour for "/index.html" with the managed CachingDisabled policy (4135ea2d-6df8-44a3-9df3-4b5a84be39ad), and give the default behaviour a cache policy with minTtl 0 so "/" honours index.html\'s Cache-Control: no-cache; upload every index.html with Cache-Control: no-cache (lib/site-files.ts cacheControlFor does).',
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        // The files themselves: an index.html (at any depth) uploaded with a Cache-Control that lets caches keep it.
        for (const sync of ofType(args.resources, SITE_SYNC_TYPE)) {
            const files = read(() => list(sync.props.files).map(obj));
            if (!isKnown(files)) {
                continue;
            }
            for (const file of files) {
                const key = read(() => file.key as unknown);
                const cacheControl = read(() => file.cacheControl as unknown);
                if (typeof key === "string" && /(^|\/)index\.html$/.test(key) && typeof cacheControl === "string" && isCacheable(cacheControl)) {
                    report(`${label(sync)} uploads ${key} with Cache-Control "${cacheControl}", so browsers and CloudFront keep the old page after a deploy. ${cloudfrontIndexNotCached.remediationSteps}`, sync.urn);
                }
            }
        }
        for (const distribution of ofType(args.resources, DISTRIBUTION)) {
            if (s3Origins(distribution.props).length === 0) {
                continue;
            }
            const ordered = read(() => list(distribution.props.orderedCacheBehaviors).map(obj));
            if (isKnown(ordered)) {
                const index = ordered.find((b) => b.pathPattern === "/index.html" || b.pathPattern === "index.html");
                const ttl = index ? behaviourTtl(args.resources, distribution, "orderedCacheBehaviors", index) : undefined;
                if (
                    !index ||
                    (ttl &&
                        // Stryker disable next-line ConditionalExpression: ttl.max > 0 is false for undefined too; the check is for the compiler
                        ttl.max !== undefined &&
                        ttl.max > 0)
                ) {
                    report(`distribution ${label(distribution)} caches index.html. ${cloudfrontIndexNotCached.remediationSteps}`, distribution.urn);
                }
            }
            const fallback = read(() => obj(distribution.props.defaultCacheBehavior));
            const ttl = isKnown(fallback) ? behaviourTtl(args.resources, distribution, "defaultCacheBehavior", fallback) : undefined;
            if (
                ttl &&
                // Stryker disable next-line ConditionalExpression: ttl.min > 0 is false for undefined too; the check is for the compiler
                ttl.min !== undefined &&
                ttl.min > 0
            ) {
                report(`distribution ${label(distribution)} serves "/" (index.html) with a minimum TTL of ${ttl.min} s, which overrides no-cache. ${cloudfrontIndexNotCached.remediationSteps}`, distribution.urn);
            }
        }
    },
};

export const ecsExecutionRoleCanPullFromEcr: StackValidationPolicy = {
    name: "ecs-execution-role-can-pull-from-ecr",
    description: "Every ECS task definition has an execution role that can pull images from ECR (AmazonECSTaskExecutionRolePolicy or the same ECR actions).",
    remediationSteps: `Set executionRoleArn to a role with the managed policy ${TASK_EXECUTION_POLICY} attached (aws.iam.RolePolicyAttachment).`,
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const roles = ofType(args.resources, "aws:iam/role:Role");
        for (const task of ofType(args.resources, "aws:ecs/taskDefinition:TaskDefinition")) {
            const arn = read(() => task.props.executionRoleArn as unknown);
            if (isKnown(arn) && (arn === undefined || arn === null || arn === "")) {
                report(`task definition ${label(task)} has no execution role, so ECS cannot pull its image from ECR. ${ecsExecutionRoleCanPullFromEcr.remediationSteps}`, task.urn);
                continue;
            }
            const [role] = referenced(task, "executionRoleArn", roles, ["arn"]);
            if (!role) {
                continue; // a role from outside the stack: not ours to judge
            }
            if (canPull(args.resources, role) === false) {
                report(`the execution role ${role.name} of ${label(task)} cannot pull from ECR. ${ecsExecutionRoleCanPullFromEcr.remediationSteps}`, task.urn);
            }
        }
    },
};

/** Whether a role is granted the ECR pull actions: true, false, or unknown when a document cannot be read yet. */
function canPull(resources: PolicyResource[], role: PolicyResource): boolean | "unknown" {
    const { documents, managedArns, unknown } = roleDocuments(resources, role);
    if (managedArns.includes(TASK_EXECUTION_POLICY)) {
        return true;
    }
    const allowed = documents.flatMap((d) => statements(d.document).filter((s) => s.Effect === "Allow").flatMap((s) => asList(s.Action)));
    if (ECR_PULL_ACTIONS.every((action) => allowed.some((pattern) => grants(pattern, action)))) {
        return true;
    }
    // Stryker disable next-line StringLiteral: the caller tells only false from the rest; any string means unknown
    return unknown > 0 ? "unknown" : false;
}

export const albHttpRedirectsToHttps: ResourceValidationPolicy = {
    name: "alb-http-redirects-to-https",
    description: "A load balancer's HTTP listener redirects to HTTPS rather than serving plain HTTP.",
    remediationSteps: 'Make the port 80 listener\'s default action { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } } and serve the app from an HTTPS listener with a certificate (in shoestring: set shoestring:domain).',
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== "aws:lb/listener:Listener") {
            return;
        }
        // An ALB listener without a protocol (and no certificate) is HTTP.
        const protocol = read(() => args.props.protocol as unknown);
        const certificate = read(() => args.props.certificateArn as unknown);
        if (!(protocol === "HTTP" || (protocol === undefined && isKnown(certificate) && !certificate))) {
            return;
        }
        const actions = read(() => list(args.props.defaultActions).map(obj));
        if (!isKnown(actions)) {
            return;
        }
        const redirects = actions.some((a) => a.type === "redirect" && obj(a.redirect).protocol === "HTTPS");
        if (!redirects) {
            report(`listener ${args.name} serves plain HTTP. ${albHttpRedirectsToHttps.remediationSteps}`);
        }
    },
};

/**
 * ACM: certificates their consumers accept.
 */
import { AwsRule, RuleContext, RuleResource } from "../types";
import { isKnown, ofType, referenced } from "../util";

/**
 * Key algorithms each consumer accepts, of those ACM issues (RSA_2048,
 * EC_prime256v1, EC_secp384r1):
 * - API Gateway regional custom domains: "the maximum size of the public key
 *   is 2048" and no ECDSA documented
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-specify-certificate-for-custom-domain-name.html);
 * - CloudFront: RSA, or ECDSA with 256-bit prime256v1 keys
 *   (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html);
 * - load balancers: every algorithm ACM offers
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html).
 */
export const ACCEPTED_KEY_ALGORITHMS: Record<string, { what: string; accepts: string[]; property: string; source: string }> = {
    "aws:apigatewayv2/domainName:DomainName": { what: "API Gateway custom domain", accepts: ["RSA_2048"], property: "domainNameConfiguration", source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-specify-certificate-for-custom-domain-name.html" },
    "aws:apigateway/domainName:DomainName": { what: "API Gateway custom domain", accepts: ["RSA_2048"], property: "regionalCertificateArn", source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-specify-certificate-for-custom-domain-name.html" },
    "aws:cloudfront/distribution:Distribution": { what: "CloudFront", accepts: ["RSA_2048", "EC_prime256v1"], property: "viewerCertificate", source: "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html" },
};

/** Certificates (through their validation, when used that way) a consumer points at. */
function certificatesUsedBy(context: RuleContext, consumer: RuleResource, property: string): RuleResource[] {
    const certificates = ofType(context, "aws:acm/certificate:Certificate");
    const direct = referenced(consumer, property, certificates, ["arn"]);
    const validations = referenced(consumer, property, ofType(context, "aws:acm/certificateValidation:CertificateValidation"), ["certificateArn"]);
    const viaValidation = validations.flatMap((v) => referenced(v, "certificateArn", certificates, ["arn"]));
    // Nested ARNs (domainNameConfiguration.certificateArn, viewerCertificate.acmCertificateArn) match by value.
    const nested = JSON.stringify(consumer.inputs[property] ?? null);
    const byValue = certificates.filter((c) => typeof c.outputs?.arn === "string" && nested.includes(c.outputs.arn as string));
    return [...new Set([...direct, ...viaValidation, ...byValue])];
}

export const keyAlgorithmForConsumer: AwsRule = {
    id: "aws-acm-key-algorithm-for-consumer",
    description: "A certificate's key algorithm is one its consumer accepts (API Gateway custom domains: RSA_2048; CloudFront: RSA_2048 or EC_prime256v1).",
    level: "error",
    effect: "refused",
    types: Object.keys(ACCEPTED_KEY_ALGORITHMS),
    properties: ["domainNameConfiguration.certificateArn", "viewerCertificate.acmCertificateArn", "regionalCertificateArn"],
    source: ACCEPTED_KEY_ALGORITHMS["aws:apigatewayv2/domainName:DomainName"].source,
    nearest: { terraform: "aws_acm_certificate key_algorithm: one of ACM's values (not the consumer's)" },
    check(consumer, context) {
        const spec = ACCEPTED_KEY_ALGORITHMS[consumer.type];
        return certificatesUsedBy(context, consumer, spec.property).flatMap((certificate) => {
            // ACM's default for a requested certificate is RSA_2048.
            const algorithm = certificate.inputs.keyAlgorithm ?? "RSA_2048";
            if (!isKnown(algorithm) || spec.accepts.includes(String(algorithm))) {
                return [];
            }
            return [{ property: spec.property, value: algorithm, message: `certificate ${certificate.name} has key algorithm ${String(algorithm)}; ${spec.what} accepts ${spec.accepts.join(" or ")} (${spec.source})` }];
        });
    },
};

/**
 * The ACM rule (lib/aws-rules/rules/acm.ts): the key algorithms API Gateway
 * and CloudFront take.
 */
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { findings } from "./fixtures";

/** An API Gateway custom domain on a certificate with this key algorithm. */
function apiDomain(keyAlgorithm: string): void {
    const certificate = new aws.acm.Certificate("cert", { domainName: "api.example.com", validationMethod: "DNS", keyAlgorithm });
    new aws.apigatewayv2.DomainName("domain", { domainName: "api.example.com", domainNameConfiguration: { certificateArn: certificate.arn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" } });
}

describe("lib/aws-rules/rules/acm: each rule rejects a realistic mistake and accepts the fix", () => {
    it("aws-acm-key-algorithm-for-consumer: an ECDSA certificate on an API Gateway domain is refused, RSA_2048 passes", async () => {
        const bad = await findings("aws-acm-key-algorithm-for-consumer", () => apiDomain("EC_prime256v1"));
        assert.deepEqual(bad.map((f) => [f.resource, f.value]), [["domain (aws:apigatewayv2/domainName:DomainName)", "EC_prime256v1"]]);
        assert.deepEqual(await findings("aws-acm-key-algorithm-for-consumer", () => apiDomain("RSA_2048")), []);
        const cloudfront = await findings("aws-acm-key-algorithm-for-consumer", () => {
            const cert = new aws.acm.Certificate("cert", { domainName: "www.example.com", validationMethod: "DNS", keyAlgorithm: "EC_secp384r1" });
            new aws.cloudfront.Distribution("cdn", { enabled: true, origins: [], defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "s3", viewerProtocolPolicy: "redirect-to-https" }, restrictions: { geoRestriction: { restrictionType: "none" } }, viewerCertificate: { acmCertificateArn: cert.arn, sslSupportMethod: "sni-only" } });
        });
        assert.match(cloudfront[0].message, /CloudFront accepts RSA_2048 or EC_prime256v1/);
    });
});

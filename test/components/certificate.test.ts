import assert from "node:assert/strict";
import { Certificate, CertificateArgs } from "../../components/certificate";
import { Domain } from "../../components/domain";
import { onlyResource, providerOf, RecordedResource, resourcesOfType, ROOT_STACK_TYPE, StackRecord } from "../../offline/record";
import { component, run } from "./helpers";

/** The certificate owns everything but the domain and its validation records. */
function assertOwnsAllButRecords(record: StackRecord, cert: RecordedResource): void {
    const domain = onlyResource(record, "shoestring:aws:Domain");
    for (const r of record.resources.filter((r) => r.type !== ROOT_STACK_TYPE && r.urn !== cert.urn && r.urn !== domain.urn)) {
        const owner = r.type === "aws:route53/record:Record" ? domain : cert;
        assert.equal(r.parent, owner.urn, `${r.type} ${r.name} has ${owner.name} as parent`);
    }
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded inputs are untyped JSON

const TYPE = "shoestring:aws:Certificate";
const ZONE_ID = "Z0TESTZONE000000000";

function certificate(args: Omit<CertificateArgs, "validationRecords">): Promise<StackRecord> {
    return run(() => {
        const cert = new Certificate("cert", { ...args, validationRecords: new Domain("domain", { zone: { id: ZONE_ID } }) });
        return { certificateArn: cert.certificateArn, hasProvider: cert.provider !== undefined };
    });
}

/** Checks one validation record per host name, each the one ACM asked for. */
function assertValidationRecords(record: StackRecord, hosts: string[]): void {
    const cert = onlyResource(record, "aws:acm/certificate:Certificate");
    const options = cert.outputs.domainValidationOptions as Obj[];
    const records = resourcesOfType(record, "aws:route53/record:Record");
    assert.equal(records.length, hosts.length);
    hosts.forEach((host) => {
        const dns = onlyResource(record, "aws:route53/record:Record", `validation-${host}`);
        const option = options.find((o) => o.domainName === host);
        assert.ok(option, `ACM asked to validate ${host}`);
        assert.equal(dns.inputs.zoneId, ZONE_ID);
        assert.equal(dns.inputs.name, option.resourceRecordName);
        assert.equal(dns.inputs.type, option.resourceRecordType);
        assert.deepEqual(dns.inputs.records, [option.resourceRecordValue]);
        assert.equal(dns.inputs.allowOverwrite, true);
    });
    const validation = onlyResource(record, "aws:acm/certificateValidation:CertificateValidation");
    assert.equal(validation.inputs.certificateArn, cert.outputs.arn);
    assert.deepEqual(validation.inputs.validationRecordFqdns, hosts.map((host) => onlyResource(record, "aws:route53/record:Record", `validation-${host}`).outputs.fqdn));
}

describe("components/certificate Certificate", () => {
    describe("in the stack's region", () => {
        let record: StackRecord;
        before(async () => {
            record = await certificate({ domainName: "api.example.com", subjectAlternativeNames: ["www.example.com"] });
        });

        it("parents every resource to the component, which registers the validated ARN", () => {
            const cert = component(record, TYPE);
            assertOwnsAllButRecords(record, cert);
            const validation = onlyResource(record, "aws:acm/certificateValidation:CertificateValidation");
            assert.equal(cert.outputs.certificateArn, validation.outputs.certificateArn);
            assert.equal(record.outputs.certificateArn, validation.outputs.certificateArn);
        });

        it("issues a DNS-validated certificate for every host name, through the default provider", () => {
            assert.equal(resourcesOfType(record, "pulumi:providers:aws").length, 0);
            assert.equal(record.outputs.hasProvider, false);
            const cert = onlyResource(record, "aws:acm/certificate:Certificate");
            assert.equal(cert.inputs.domainName, "api.example.com");
            assert.deepEqual(cert.inputs.subjectAlternativeNames, ["www.example.com"]);
            assert.equal(cert.inputs.validationMethod, "DNS");
            assert.equal(cert.provider, undefined);
            assert.match(String(record.outputs.certificateArn), /^arn:aws:acm:us-west-2:/);
        });

        it("writes one validation record per host name, with allowOverwrite", () => {
            assertValidationRecords(record, ["api.example.com", "www.example.com"]);
        });
    });

    describe("in us-east-1", () => {
        let record: StackRecord;
        before(async () => {
            record = await certificate({ domainName: "www.example.com", region: "us-east-1" });
        });

        it("parents every resource, the provider included, to the component", () => {
            const cert = component(record, TYPE);
            assertOwnsAllButRecords(record, cert);
            assert.equal(onlyResource(record, "pulumi:providers:aws").parent, cert.urn);
            assert.equal(record.outputs.hasProvider, true);
        });

        it("issues and validates the certificate through a us-east-1 provider", () => {
            const provider = onlyResource(record, "pulumi:providers:aws");
            assert.equal(provider.inputs.region, "us-east-1");
            for (const type of ["aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation"]) {
                const resource = onlyResource(record, type);
                assert.equal(providerOf(record, resource)?.urn, provider.urn, `${type} uses the us-east-1 provider`);
            }
            assert.match(String(record.outputs.certificateArn), /^arn:aws:acm:us-east-1:/);
        });

        it("writes the validation records through the stack's own provider (Route 53 is global)", () => {
            const records = resourcesOfType(record, "aws:route53/record:Record");
            assert.equal(records.length, 1);
            for (const dns of records) {
                assert.equal(dns.provider, undefined);
                assert.equal(providerOf(record, dns), undefined);
            }
            assertValidationRecords(record, ["www.example.com"]);
        });
    });

    it("applies transforms to its children before they are registered: arguments merged, or edited by a function", async () => {
        const merged = await certificate({ domainName: "www.example.com", transform: { certificate: { options: { certificateTransparencyLoggingPreference: "ENABLED" } } } });
        const cert = onlyResource(merged, "aws:acm/certificate:Certificate");
        assert.deepEqual(cert.inputs.options, { certificateTransparencyLoggingPreference: "ENABLED" });
        assert.equal(cert.inputs.validationMethod, "DNS", "the rest stays");
        const edited = await certificate({
            domainName: "www.example.com",
            region: "us-east-1",
            transform: {
                validation: (_args, opts) => {
                    opts.ignoreChanges = ["validationRecordFqdns"];
                },
            },
        });
        const validation = onlyResource(edited, "aws:acm/certificateValidation:CertificateValidation");
        assert.deepEqual(validation.ignoreChanges, ["validationRecordFqdns"]);
        assert.equal(validation.parent, component(edited, TYPE).urn, "still the component's child");
        assert.equal(providerOf(edited, validation)?.urn, onlyResource(edited, "pulumi:providers:aws").urn, "and keeps its provider");
    });
});

/**
 * Validates what the program would send to AWS with AWS's own offline
 * CloudFormation validator, so patterns, enumerations, lengths and cfn-lint's
 * cross-property rules come from AWS's published schemas rather than from
 * constants copied by hand.
 *
 * The validator is `@aws/cloudformation-validate` 1.14.0 as bundled inside
 * aws-cdk-lib (a dependency already). The standalone 1.9.0-beta on npm takes
 * about 4 s to build an engine and lacks `TemplateContent` (in-memory
 * templates); the bundled one builds in about 1 s. The build (WASM plus the
 * rule set) happens once per process, in a child process started as early as
 * possible, so it overlaps with the Pulumi program's run. A child process
 * rather than a worker thread: tearing down the engine's ~400 MB takes about
 * half a second, which a worker adds to its parent's exit and a child does not.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { Finding, RuleResource } from "../types";
import { CloudFormationTemplate, MappingOptions, PropertyOrigin, toCloudFormation } from "./mapping";

/** Where a diagnostic's rule has no documentation URL of its own. */
export const VALIDATOR_SOURCE = "https://github.com/aws-cloudformation/cloudformation-validate";

/**
 * Rules that do not apply to a Pulumi program, and why. The first eight are
 * the ones aws-cdk-lib's own plugin excludes
 * (core/lib/validation/cloudformation-validate-plugin.js).
 */
export const EXCLUDED_RULES: Record<string, string> = {
    W3005: "obsolete DependsOn: the template has no DependsOn (Pulumi orders resources itself)",
    W1020: "Fn::Sub without variables: the template has no Fn::Sub",
    W1103: "unknown intrinsic function: the template's only intrinsic is Ref to its own parameters",
    I4010: "Metadata Context blocks: a CloudFormation authoring convention, with no Pulumi twin",
    W4011: "Metadata Context rationale: a CloudFormation authoring convention, with no Pulumi twin",
    W4012: "Metadata Context schema: a CloudFormation authoring convention, with no Pulumi twin",
    W9002: "hardcoded ARN: Pulumi resolves references to concrete ARNs before sending them, so every reference looks hardcoded",
    W9013: "hardcoded account id in an ARN: as W9002, references arrive resolved",
    W3011: "DeletionPolicy/UpdateReplacePolicy: Pulumi's twins are the protect and retainOnDelete options, checked elsewhere",
    I3011: "DeletionPolicy/UpdateReplacePolicy required for stateful resources: as W3011",
    W2001: "unused parameters: the parameters are the mapping's stand-ins for unknown values",
    W2506: "ImageId parameter type: the parameters are the mapping's stand-ins (all String), not a template's interface",
};

/** The severities the engine reports. */
type Severity = "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";

/** The part of the engine's diagnostic this module reads (see the package's bindings_wasm.d.ts). */
export interface Diagnostic {
    ruleId: string;
    severity: Severity;
    message: string;
    entity?: { logicalId: string; entityType: string; resourceType?: string };
    propertyPath?: string;
    suggestedFix?: string;
    documentationUrl?: string;
}

/** What one validation produced, for callers that want more than findings. */
export interface ValidationReport {
    findings: Finding[];
    /** Every diagnostic the engine returned (after the exclusions). */
    diagnostics: Diagnostic[];
    mapped: CloudFormationTemplate;
    /** Time inside the engine, in milliseconds. */
    validateMs: number;
}

/** The directory of the validator package bundled in aws-cdk-lib (its package.json is exported). */
export function validatorModulePath(): string {
    const cdk = path.dirname(require.resolve("aws-cdk-lib/package.json"));
    return path.dirname(require.resolve("@aws/cloudformation-validate/package.json", { paths: [cdk] }));
}

/**
 * The child's code, run with `node -e`, so it needs no file of its own: the
 * same code runs under tsx and from the esbuild-compiled dist/. It talks over
 * the IPC channel and exits when its parent goes away.
 */
const WORKER_SOURCE = `
// A parent that has exited (a failed command) closes the channel: nothing to tell it then.
const parentPort = { postMessage: (m) => process.connected && process.send(m, () => undefined), on: (event, listener) => process.on(event, listener) };
process.on("disconnect", () => process.exit(0));
let engine, v, failure;
const started = Date.now();
try {
    v = require(process.env.SHOESTRING_VALIDATOR_MODULE);
    engine = new v.CompositeEngine({});
    // The first validation compiles the engine's code paths (about 0.2 s):
    // pay that here too, while the program is still running.
    engine.validateTemplate(new v.TemplateContent(JSON.stringify({ AWSTemplateFormatVersion: "2010-09-09", Resources: { Warm: { Type: "AWS::EC2::SecurityGroup", Properties: { GroupDescription: "warm-up" } } } }), "warm-up.json"), { detailLevel: "DETAILED", severityLevel: "WARN" });
} catch (e) {
    failure = String((e && e.stack) || e);
}
parentPort.postMessage({ kind: "ready", buildMs: Date.now() - started, error: failure });
parentPort.on("message", (m) => {
    if (failure) {
        parentPort.postMessage({ kind: "result", id: m.id, error: failure });
        return;
    }
    try {
        const t0 = Date.now();
        const report = engine.validateTemplate(new v.TemplateContent(m.template, m.name), m.config);
        parentPort.postMessage({ kind: "result", id: m.id, diagnostics: report.diagnostics, validateMs: Date.now() - t0 });
    } catch (e) {
        parentPort.postMessage({ kind: "result", id: m.id, error: String((e && e.stack) || e) });
    }
});
`;

type WorkerMessage = { kind: "ready"; buildMs: number; error?: string } | { kind: "result"; id: number; diagnostics?: Diagnostic[]; validateMs?: number; error?: string };

interface Pending {
    resolve(value: { diagnostics: Diagnostic[]; validateMs: number }): void;
    reject(error: Error): void;
}

/** Options of one validation. */
export interface ValidateOptions extends MappingOptions {
    /** The account the pseudo parameters stand for. Default: the offline engine's, 123456789012. */
    accountId?: string;
}

export class CloudFormationValidator {
    private readonly worker: ChildProcess;
    private readonly pending = new Map<number, Pending>();
    private nextId = 1;
    private closed = false;
    /** Resolves with the engine's build time once the worker has built it. */
    readonly ready: Promise<{ buildMs: number }>;

    constructor() {
        // One thread, and WebAssembly compiled once by the baseline compiler:
        // measured here, the engine then builds and first validates on about
        // 0.9 s of CPU instead of 2.8 s, leaving the other core to the program.
        this.worker = spawn(process.execPath, ["--single-threaded", "--liftoff-only", "-e", WORKER_SOURCE], {
            // Its own output would hold the parent's pipes open after the parent exits.
            stdio: ["ignore", "ignore", "ignore", "ipc"],
            env: { ...process.env, SHOESTRING_VALIDATOR_MODULE: validatorModulePath() },
        });
        // An idle validator must not keep the process alive; it is ref'd while a validation is pending.
        this.unref();
        let settle!: { resolve: (v: { buildMs: number }) => void; reject: (e: Error) => void };
        this.ready = new Promise((resolve, reject) => (settle = { resolve, reject }));
        // Nobody may await `ready`; a failed build is reported by validate() too.
        this.ready.catch(() => undefined);
        this.worker.on("message", (message: WorkerMessage) => {
            if (message.kind === "ready") {
                if (message.error) {
                    settle.reject(new Error(`CloudFormation validator failed to build: ${message.error}`));
                } else {
                    settle.resolve({ buildMs: message.buildMs });
                }
                return;
            }
            const waiting = this.pending.get(message.id);
            if (!waiting) {
                return;
            }
            this.pending.delete(message.id);
            if (this.pending.size === 0) {
                this.unref();
            }
            if (message.error) {
                waiting.reject(new Error(`CloudFormation validator: ${message.error}`));
            } else {
                waiting.resolve({ diagnostics: message.diagnostics ?? [], validateMs: message.validateMs ?? 0 });
            }
        });
        this.worker.on("error", (error) => {
            settle.reject(error);
            this.failAll(error);
        });
        this.worker.on("exit", (code) => {
            this.closed = true;
            settle.reject(new Error(`CloudFormation validator exited (code ${code}) before it was built`));
            this.failAll(new Error(`CloudFormation validator exited (code ${code})`));
        });
    }

    private ref(): void {
        this.worker.ref();
        (this.worker.channel as { ref?(): void } | undefined)?.ref?.();
    }

    private unref(): void {
        this.worker.unref();
        (this.worker.channel as { unref?(): void } | undefined)?.unref?.();
    }

    private failAll(error: Error): void {
        for (const waiting of this.pending.values()) {
            waiting.reject(error);
        }
        this.pending.clear();
    }

    /** Validates resources as CloudFormation would see them in `region`; findings are reported on the Pulumi resources and properties. */
    async validate(resources: RuleResource[], region: string, options: ValidateOptions = {}): Promise<Finding[]> {
        return (await this.report(resources, region, options)).findings;
    }

    /** As `validate`, with the template, the raw diagnostics and the time taken. */
    async report(resources: RuleResource[], region: string, options: ValidateOptions = {}): Promise<ValidationReport> {
        const mapped = toCloudFormation(resources, options);
        const { diagnostics, validateMs } = await this.run(mapped.template, region, options.accountId ?? "123456789012");
        const kept = diagnostics.filter((d) => EXCLUDED_RULES[d.ruleId] === undefined && !aboutStandIn(d, mapped));
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const findings = kept.flatMap((d) => {
            const finding = toFinding(d, mapped, byUrn);
            return finding ? [finding] : [];
        });
        return { findings, diagnostics: kept, mapped, validateMs };
    }

    private run(template: object, region: string, accountId: string): Promise<{ diagnostics: Diagnostic[]; validateMs: number }> {
        if (this.closed) {
            return Promise.reject(new Error("CloudFormation validator is closed"));
        }
        const id = this.nextId++;
        const config = {
            detailLevel: "DETAILED",
            // INFO is advice (create-only notices, tagging); the engine leaves it out.
            severityLevel: "WARN",
            pseudoParameterOverrides: { region, accountId },
            exclude: { ids: Object.keys(EXCLUDED_RULES) },
        };
        return new Promise((resolve, reject) => {
            this.pending.set(id, { resolve, reject });
            this.ref();
            this.worker.send({ id, name: "pulumi-program.json", template: JSON.stringify(template), config });
        });
    }

    /** Stops the validator's process. */
    async close(): Promise<void> {
        if (!this.closed) {
            this.closed = true;
            this.worker.kill();
        }
    }
}

let shared: CloudFormationValidator | undefined;

/**
 * The process's validator, started on first call. Call it as early as
 * possible (before running the program) so the engine builds meanwhile.
 */
export function cloudFormationValidator(): CloudFormationValidator {
    if (!shared || (shared as unknown as { closed: boolean }).closed) {
        shared = new CloudFormationValidator();
    }
    return shared;
}

/** `Properties.ContainerDefinitions.0.Secrets` -> its origin, by the longest recorded prefix. */
export function originOf(mapped: CloudFormationTemplate, logicalId: string, cfnPath: string): PropertyOrigin | undefined {
    const paths = mapped.paths[logicalId];
    if (!paths) {
        return undefined;
    }
    const segments = cfnPath.split(".");
    for (let n = segments.length; n > 0; n--) {
        const prefix = segments.slice(0, n).join(".");
        const origin = paths[prefix];
        if (origin) {
            // Below the deepest recorded path (inside a policy document): keep the CloudFormation names.
            const rest = segments.slice(n).map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join("");
            const property = origin.property === "" ? rest.replace(/^\./, "") : `${origin.property}${rest}`;
            return { urn: origin.urn, property };
        }
    }
    return undefined;
}

/**
 * A parameter-type warning (W9003) about one of the String parameters that
 * stand in for values unknown before deployment: it is about the stand-in,
 * not about anything the program sends.
 */
function aboutStandIn(d: Diagnostic, mapped: CloudFormationTemplate): boolean {
    const logicalId = d.entity?.entityType === "Resource" ? d.entity.logicalId : undefined;
    if (d.ruleId !== "W9003" || !logicalId || !d.propertyPath) {
        return false;
    }
    let current: unknown = mapped.template.Resources[logicalId];
    for (const segment of d.propertyPath.split(".")) {
        current = current !== null && typeof current === "object" ? (current as Record<string, unknown>)[segment] : undefined;
    }
    const ref = current !== null && typeof current === "object" ? (current as { Ref?: unknown }).Ref : undefined;
    return typeof ref === "string" && mapped.template.Parameters?.[ref] !== undefined;
}

/** Long enumerations in a message ("is not one of ['db.m1.large', ...]", 300 classes) cut to their first few. */
export function shortenLists(message: string, keep = 8): string {
    return message.replace(/\[('[^']*'(?:, '[^']*')*)\]/g, (whole, items: string) => {
        const all = items.split(", ");
        return all.length > keep ? `[${all.slice(0, keep).join(", ")}, ... ${all.length - keep} more]` : whole;
    });
}

/** The template value at a diagnostic's path, when it is a scalar worth showing. */
function valueAt(mapped: CloudFormationTemplate, logicalId: string, cfnPath: string): unknown {
    let current: unknown = mapped.template.Resources[logicalId];
    for (const segment of cfnPath.split(".")) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string, unknown>)[segment];
    }
    return current === null || typeof current === "object" ? undefined : current;
}

function toFinding(d: Diagnostic, mapped: CloudFormationTemplate, byUrn: Map<string, RuleResource>): Finding | undefined {
    const level = d.severity === "FATAL" || d.severity === "ERROR" ? "error" : d.severity === "WARN" ? "warning" : undefined;
    if (!level) {
        return undefined;
    }
    const logicalId = d.entity?.entityType === "Resource" ? d.entity.logicalId : undefined;
    const cfnPath = d.propertyPath ?? "Properties";
    const origin = logicalId ? originOf(mapped, logicalId, cfnPath) : undefined;
    const urn = origin?.urn ?? (logicalId ? mapped.logicalIds[logicalId] : undefined) ?? "";
    const resource = byUrn.get(urn);
    const where = logicalId ? `${d.entity?.resourceType ?? "resource"} ${cfnPath}` : cfnPath;
    return {
        rule: `cfn-${d.ruleId}`,
        level,
        // The validator's errors are what CloudFormation (and so the API) refuses.
        ...(level === "error" ? { effect: "refused" as const } : {}),
        urn,
        resource: resource ? `${resource.name} (${resource.type})` : logicalId ?? "template",
        type: resource?.type ?? "",
        property: origin?.property ?? "",
        value: logicalId && d.propertyPath ? valueAt(mapped, logicalId, d.propertyPath) : undefined,
        message: `${shortenLists(d.message)}${d.suggestedFix ? ` (${d.suggestedFix})` : ""} [CloudFormation ${where}]`,
        // Schema diagnostics carry the schema's own source URL (a .git repository), which documents nothing.
        source: d.documentationUrl && !d.documentationUrl.endsWith(".git") ? d.documentationUrl : VALIDATOR_SOURCE,
    };
}

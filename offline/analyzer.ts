/**
 * The offline policy runner: runs a Pulumi policy pack against an offline
 * record over the gRPC Analyzer protocol the Pulumi CLI uses, so the verdict
 * is the one `pulumi preview --policy-pack` would give for the same program.
 *
 * What the CLI does, and this module repeats (checked against @pulumi/policy
 * 1.21 and the engine's step generator):
 *
 * - start the pack with `node`, read its gRPC port from the first line of
 *   its stdout, connect an `AnalyzerClient` (./pack-process);
 * - `GetAnalyzerInfo`, then reconcile the policy config (policy defaults, the
 *   schema's property defaults, the pack's initial config, the
 *   `--policy-pack-config` file, `"all"` for every policy; ./policy-config)
 *   and `Configure` the pack with one `PolicyConfig` per policy;
 * - `ConfigureStack` with the stack, the project and the stack config, as a
 *   dry run (a pack without it is fine, as for the CLI);
 * - for every resource, in registration order: `Remediate` (only when a
 *   policy is at `remediate`), then `Analyze` with the resource's inputs,
 *   its options and its explicit provider; a violation is reported against
 *   that resource, whatever URN the pack put in it;
 * - `AnalyzeStack` once with every resource's resulting state, parent,
 *   dependencies and property dependencies; a violation without a URN of
 *   the stack goes to the root stack;
 * - `remediate` violations count as `mandatory`;
 * - default providers (`pulumi:providers:aws::default_7_48_0`), which the
 *   offline record does not hold, are added as the engine registers them.
 *
 * The requests and the pack's answers are built and read in
 * ./analyzer-wire. A failed call names the pack, the call and the pack's
 * error, and the gist of its stderr when it has exited.
 *
 * What differs offline: the provider's `Check` does not run, so inputs lack
 * the defaults a provider adds; and the offline provider fills in outputs
 * (ARNs, ids) that a real preview leaves unknown, so a stack policy reading
 * them runs offline where a preview reports it "can't run during preview".
 */
import * as path from "node:path";

import type * as grpcTypes from "@grpc/grpc-js";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";

import {
    AnalyzerInfo,
    buildAnalyzeRequest,
    buildAnalyzeStackRequest,
    buildConfigureRequest,
    Empty,
    grpc,
    PolicyDiagnostic,
    remediatedState,
    rootStackUrn,
    Struct,
    toAnalyzerInfo,
    toPolicyDiagnostic,
    toStruct,
    withDefaultProviders,
} from "./analyzer-wire";
import { PackProcess, StartOptions, startPackProcess, summarize } from "./pack-process";
import { PolicyPackConfig, reconcilePolicyConfig, ReconciledPolicyConfig } from "./policy-config";
import { StackRecord } from "./record";

/** What to analyze. */
export interface AnalyzeOptions {
    /**
     * Which resources to send. The CLI sends every registered resource
     * (components and the root stack too); `custom` sends only custom
     * resources (providers included). Default: `all`.
     */
    resources?: "all" | "custom";
    /**
     * Add the default providers the engine would register (one per package,
     * `pulumi:providers:aws::default_7_48_0`, its inputs the stack config of
     * that package) for custom resources without an explicit provider, and
     * send them as those resources' `provider`, as the CLI does. Default: true.
     */
    defaultProviders?: boolean;
}

/** A running policy pack and a client connected to it. */
export interface PolicyPackProcess {
    readonly entry: string;
    readonly port: number;
    readonly pid: number;
    /** The raw gRPC client, for requests this module does not build. */
    readonly client: AnalyzerClient;
    /** What the pack wrote to stderr so far. */
    stderr(): string;
    getAnalyzerInfo(): Promise<AnalyzerInfo>;
    /** Reconciles the config with the pack's policies (throws on a bad one) and sends it. */
    configure(config?: PolicyPackConfig): Promise<ReconciledPolicyConfig>;
    /** Runs every resource and stack policy against the record; configures with `{}` first if not configured. */
    analyzeRecord(record: StackRecord, options?: AnalyzeOptions): Promise<PolicyDiagnostic[]>;
    /** Closes the client and ends the pack's process. */
    close(): Promise<void>;
}

/** The readable part of a gRPC error from the pack: its details without stack frames. */
function grpcMessage(err: unknown): string {
    const details = (err as { details?: unknown }).details;
    const text = typeof details === "string" && details ? details : err instanceof Error ? err.message : String(err);
    return text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith("at "))
        .join(" ");
}

function isUnimplemented(err: unknown): boolean {
    return (err as { code?: unknown }).code === grpc.status.UNIMPLEMENTED;
}

class RunningPack implements PolicyPackProcess {
    private info?: AnalyzerInfo;
    private config?: ReconciledPolicyConfig;

    constructor(private readonly pack: PackProcess) {}

    get entry(): string {
        return this.pack.entry;
    }

    get port(): number {
        return this.pack.port;
    }

    get pid(): number {
        return this.pack.pid;
    }

    get client(): AnalyzerClient {
        return this.pack.client;
    }

    stderr(): string {
        return this.pack.stderr();
    }

    private fail(what: string, err: unknown): Error {
        const name = this.info ? `${this.info.name}@${this.info.version}` : path.basename(path.dirname(this.entry));
        const summary = summarize(this.pack.stderr());
        const stderr = this.pack.exited() && summary ? ` (the pack exited; stderr: ${summary})` : "";
        return new Error(`policy pack ${name}: ${what} failed: ${grpcMessage(err)}${stderr}`);
    }

    private unary<Req, Res>(what: string, method: (request: Req, callback: (error: grpcTypes.ServiceError | null, response: Res) => void) => unknown, request: Req): Promise<Res> {
        return new Promise<Res>((resolve, reject) => {
            method.call(this.client, request, (error, response) => (error ? reject(Object.assign(this.fail(what, error), { code: error.code })) : resolve(response)));
        });
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info = await this.unary<emptyTypes.Empty, analyzerpb.AnalyzerInfo>("GetAnalyzerInfo", this.client.getAnalyzerInfo, new Empty());
        this.info = toAnalyzerInfo(info);
        return this.info;
    }

    async configure(config: PolicyPackConfig = {}): Promise<ReconciledPolicyConfig> {
        const info = this.info ?? (await this.getAnalyzerInfo());
        const reconciled = reconcilePolicyConfig(info, config);
        await this.unary<analyzerpb.ConfigureAnalyzerRequest, emptyTypes.Empty>("Configure", this.client.configure, buildConfigureRequest(reconciled));
        this.config = reconciled;
        return reconciled;
    }

    private async configureStack(record: StackRecord): Promise<void> {
        const request = new analyzerpb.AnalyzerStackConfigureRequest();
        request.setStack(record.stack);
        request.setProject(record.project);
        request.setDryRun(true);
        const config = request.getConfigMap();
        for (const [key, value] of Object.entries(record.config)) {
            config.set(key, value);
        }
        try {
            await this.unary<analyzerpb.AnalyzerStackConfigureRequest, analyzerpb.AnalyzerStackConfigureResponse>("ConfigureStack", this.client.configureStack, request);
        } catch (err) {
            // Packs built with an older policy SDK do not have it; the CLI carries on too.
            if (!isUnimplemented(err)) {
                throw err;
            }
        }
    }

    async analyzeRecord(record: StackRecord, options: AnalyzeOptions = {}): Promise<PolicyDiagnostic[]> {
        const config = this.config ?? (await this.configure({}));
        await this.configureStack(record);
        if (options.defaultProviders !== false) {
            record = withDefaultProviders(record);
        }
        const resources = options.resources === "custom" ? record.resources.filter((r) => r.custom) : record.resources;
        const remediating = Object.values(config).some((c) => c.enforcementLevel === "remediate");

        const diagnostics: PolicyDiagnostic[] = [];
        const states = new Map<string, Struct>();
        for (const resource of resources) {
            const request = buildAnalyzeRequest(record, resource);
            if (remediating) {
                const response = await this.unary<analyzerpb.AnalyzeRequest, analyzerpb.RemediateResponse>(`Remediate ${resource.urn}`, this.client.remediate, request);
                for (const remediation of response.getRemediationsList()) {
                    const base = {
                        policyName: remediation.getPolicyname(),
                        policyPackName: remediation.getPolicypackname(),
                        policyPackVersion: remediation.getPolicypackversion(),
                        description: remediation.getDescription(),
                        urn: resource.urn,
                    };
                    const properties = remediation.getProperties();
                    if (remediation.getDiagnostic()) {
                        diagnostics.push({ ...base, message: remediation.getDiagnostic(), enforcementLevel: "advisory" });
                    } else if (properties) {
                        const before = request.getProperties()?.toJavaScript() ?? {};
                        const after = properties.toJavaScript();
                        const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
                        diagnostics.push({ ...base, message: `remediated ${changed.length > 0 ? changed.join(", ") : "(no change)"}`, enforcementLevel: "remediate" });
                        // Later policies, and the stack, see the remediated inputs.
                        request.setProperties(properties);
                    }
                }
                const state = remediatedState(resource, request.getProperties() ?? toStruct({}));
                if (state) {
                    states.set(resource.urn, state);
                }
            }
            const response = await this.unary<analyzerpb.AnalyzeRequest, analyzerpb.AnalyzeResponse>(`Analyze ${resource.urn}`, this.client.analyze, request);
            for (const d of response.getDiagnosticsList()) {
                // The CLI reports a resource policy's violation against the resource analyzed.
                diagnostics.push(toPolicyDiagnostic(d, resource.urn));
            }
        }

        const stackRequest = buildAnalyzeStackRequest(record, resources, states);
        const known = new Set(resources.map((r) => r.urn));
        const root = rootStackUrn(record);
        try {
            const response = await this.unary<analyzerpb.AnalyzeStackRequest, analyzerpb.AnalyzeResponse>("AnalyzeStack", this.client.analyzeStack, stackRequest);
            for (const d of response.getDiagnosticsList()) {
                const urn = d.getUrn() && known.has(d.getUrn()) ? d.getUrn() : root;
                diagnostics.push(toPolicyDiagnostic(d, urn));
            }
        } catch (err) {
            if (!isUnimplemented(err)) {
                throw err;
            }
        }
        return diagnostics;
    }

    close(): Promise<void> {
        return this.pack.close();
    }
}

/**
 * Starts a policy pack: `node [nodeArgs] <entry>` in the pack's directory,
 * waits for the port it prints, and connects a client.
 */
export async function startPolicyPack(packEntry: string, options: StartOptions = {}): Promise<PolicyPackProcess> {
    return new RunningPack(await startPackProcess(packEntry, options));
}

/** What one run of a pack against a record found. */
export interface PolicyRun {
    info: AnalyzerInfo;
    config: ReconciledPolicyConfig;
    diagnostics: PolicyDiagnostic[];
}

/** Starts a pack, configures it, analyzes a record and closes the pack (also on failure). */
export async function runPolicyPack(args: { record: StackRecord; packEntry: string; config?: PolicyPackConfig } & StartOptions & AnalyzeOptions): Promise<PolicyRun> {
    const { record, packEntry, config, resources, defaultProviders, ...start } = args;
    const pack = await startPolicyPack(packEntry, start);
    try {
        const info = await pack.getAnalyzerInfo();
        const reconciled = await pack.configure(config ?? {});
        const diagnostics = await pack.analyzeRecord(record, { resources, defaultProviders });
        return { info, config: reconciled, diagnostics };
    } finally {
        await pack.close();
    }
}

/**
 * A resource monitor for `pulumi.runtime.setMocks` that records every
 * registration the way the Pulumi engine receives it.
 *
 * `MockMonitor` answers the SDK; this subclass also keeps the request's
 * parent, provider, dependencies and resource options, which the mocks API
 * does not pass on, and computes URNs as the engine does (children of the
 * root stack do not carry the stack's type in their URN).
 */
import { runtime } from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { RecordedResource, ROOT_STACK_TYPE, SERIALIZED_PROVIDER } from "./record";
import { maskedLike, objectFromWire } from "./wire";

/** The subset of a `RegisterResourceRequest` the recorder reads. */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): { toJavaScript(): unknown } | undefined;
    getProtect(): boolean | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void };
    getProvider(): string;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getRetainondelete(): boolean | undefined;
    getAliasurnsList(): string[];
    getAliasesList?(): AliasMessage[];
}

/** An alias as the SDK sends it: a URN, or a spec of what changed (name, type, parent, stack, project). */
interface AliasMessage {
    hasUrn(): boolean;
    getUrn(): string;
    hasSpec(): boolean;
    getSpec(): { getName(): string; getType(): string; getStack(): string; getProject(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

interface OutputsRequest {
    getUrn(): string;
    getOutputs(): { toJavaScript(): unknown } | undefined;
}

type Callback = (err: unknown, response: unknown) => void;

export class RecordingMonitor extends MockMonitor {
    /** Every registration, in the order the program made them. */
    readonly recorded: RecordedResource[] = [];

    constructor(mocks: runtime.Mocks) {
        super(mocks);
        const self = this as unknown as { newUrn(parent: string, type: string, name: string): string };
        self.newUrn = (parent, type, name) => urnOf(runtime.getStack(), runtime.getProject(), parent, type, name);
    }

    override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
        await super.registerResource(req, (err: unknown, response: unknown) => {
            if (!err && response) {
                const res = response as { getUrn(): string; getId(): string; getObject(): { toJavaScript(): unknown } | undefined };
                // Secrets as [secret]: in the inputs by their wire marks, in the outputs where the mocks echoed them.
                const inputs = withoutProviderCode(objectFromWire(req.getObject()?.toJavaScript(), true));
                this.recorded.push({
                    urn: res.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    id: req.getCustom() ? res.getId() || undefined : undefined,
                    custom: req.getCustom(),
                    parent: req.getParent() || undefined,
                    provider: req.getProvider() || undefined,
                    inputs,
                    outputs: withoutProviderCode(maskedLike(objectFromWire(res.getObject()?.toJavaScript(), true), inputs)),
                    dependencies: [...new Set(req.getDependenciesList())],
                    propertyDependencies: propertyDependencies(req),
                    protect: req.getProtect() === true,
                    retainOnDelete: req.getRetainondelete() === true,
                    deleteBeforeReplace: req.getDeletebeforereplace(),
                    ignoreChanges: req.getIgnorechangesList(),
                    aliases: aliasUrns(req),
                });
            }
            callback(err, response);
        });
    }

    override registerResourceOutputs(req: OutputsRequest, callback: Callback): void {
        const entry = this.recorded.find((r) => r.urn === req.getUrn());
        if (entry) {
            entry.outputs = objectFromWire(req.getOutputs()?.toJavaScript(), true);
        }
        super.registerResourceOutputs(req, callback);
    }
}

/** A dynamic resource's properties with its serialized provider's code as `SERIALIZED_PROVIDER`. */
function withoutProviderCode<T extends Record<string, unknown>>(properties: T): T {
    return typeof properties.__provider === "string" ? { ...properties, __provider: SERIALIZED_PROVIDER } : properties;
}

/** A URN as the engine computes it: the root stack's type is left out of its children's. */
function urnOf(stack: string, project: string, parent: string, type: string, name: string): string {
    let qualified = type;
    if (parent) {
        const parentType = parent.split("::")[2].split("$").pop();
        if (parentType !== ROOT_STACK_TYPE) {
            qualified = `${parent.split("::")[2]}$${type}`;
        }
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The URNs a resource's aliases stand for, as the engine resolves alias specs (what is not given stays as it is). */
function aliasUrns(req: RegisterRequest): string[] {
    const urns = [...req.getAliasurnsList()];
    for (const alias of req.getAliasesList?.() ?? []) {
        const spec = alias.hasSpec() ? alias.getSpec() : undefined;
        if (alias.hasUrn()) {
            urns.push(alias.getUrn());
        } else if (spec) {
            const parent = spec.getNoparent() ? "" : spec.getParenturn() || req.getParent();
            urns.push(urnOf(spec.getStack() || runtime.getStack(), spec.getProject() || runtime.getProject(), parent, spec.getType() || req.getType(), spec.getName() || req.getName()));
        }
    }
    return [...new Set(urns)];
}

function propertyDependencies(req: RegisterRequest): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
        const urns = [...new Set(value.getUrnsList())];
        if (urns.length > 0) {
            out[key] = urns;
        }
    });
    return out;
}

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
import { RecordedResource, ROOT_STACK_TYPE } from "./record";
import { objectFromWire } from "./wire";

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
        // The engine leaves the root stack's type out of its children's URNs.
        const self = this as unknown as { newUrn(parent: string, type: string, name: string): string };
        self.newUrn = (parent, type, name) => {
            let qualified = type;
            if (parent) {
                const parentType = parent.split("::")[2].split("$").pop();
                if (parentType !== ROOT_STACK_TYPE) {
                    qualified = `${parent.split("::")[2]}$${type}`;
                }
            }
            return `urn:pulumi:${runtime.getStack()}::${runtime.getProject()}::${qualified}::${name}`;
        };
    }

    override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
        await super.registerResource(req, (err: unknown, response: unknown) => {
            if (!err && response) {
                const res = response as { getUrn(): string; getId(): string; getObject(): { toJavaScript(): unknown } | undefined };
                this.recorded.push({
                    urn: res.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    id: req.getCustom() ? res.getId() || undefined : undefined,
                    custom: req.getCustom(),
                    parent: req.getParent() || undefined,
                    provider: req.getProvider() || undefined,
                    inputs: objectFromWire(req.getObject()?.toJavaScript()),
                    outputs: objectFromWire(res.getObject()?.toJavaScript()),
                    dependencies: [...new Set(req.getDependenciesList())],
                    propertyDependencies: propertyDependencies(req),
                    protect: req.getProtect() === true,
                    retainOnDelete: req.getRetainondelete() === true,
                    deleteBeforeReplace: req.getDeletebeforereplace(),
                    ignoreChanges: req.getIgnorechangesList(),
                    aliases: req.getAliasurnsList(),
                });
            }
            callback(err, response);
        });
    }

    override registerResourceOutputs(req: OutputsRequest, callback: Callback): void {
        const entry = this.recorded.find((r) => r.urn === req.getUrn());
        if (entry) {
            entry.outputs = objectFromWire(req.getOutputs()?.toJavaScript());
        }
        super.registerResourceOutputs(req, callback);
    }
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

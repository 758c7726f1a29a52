/**
 * The offline record: what a Pulumi program registered, as the engine would see it.
 *
 * This is the project's equivalent of `cdk synth`. The tests, the cost model,
 * the plan command and the policy pack all read this shape, so it is kept
 * small, plain (JSON-serialisable) and stable.
 */
import { type Lookups, SECRET_VALUE } from "../lib/aws-rules/types";

/** One resource the program registered. */
export interface RecordedResource {
    /** The URN, computed the way the Pulumi engine computes it. */
    urn: string;
    /** The type token, for example `aws:ecs/service:Service`. */
    type: string;
    /** The logical name the program gave it. */
    name: string;
    /** The provider's id for the resource (custom resources only). */
    id?: string;
    /** True for a provider-managed resource, false for a component. */
    custom: boolean;
    /** URN of the parent resource (the root stack for top-level resources). */
    parent?: string;
    /** Provider reference `urn::id` of an explicit provider, when one was given. */
    provider?: string;
    /** The inputs as the provider would receive them (unknowns are `UNKNOWN`). */
    inputs: Record<string, unknown>;
    /** The outputs the offline provider returned (or a component registered). */
    outputs: Record<string, unknown>;
    /** URNs this resource depends on. */
    dependencies: string[];
    /** For each input property, the URNs its value came from. */
    propertyDependencies: Record<string, string[]>;
    /** `protect` resource option. */
    protect: boolean;
    /** `retainOnDelete` resource option. */
    retainOnDelete: boolean;
    /** `deleteBeforeReplace` resource option. */
    deleteBeforeReplace: boolean;
    /** `ignoreChanges` resource option. */
    ignoreChanges: string[];
    /** URNs of aliases, when the program gave any as URNs. */
    aliases: string[];
}

/** What one offline run of a program produced. */
export interface StackRecord {
    project: string;
    stack: string;
    /** The stack config the program ran with (fully qualified keys). */
    config: Record<string, string>;
    /** Every resource, in registration order, the root stack first. */
    resources: RecordedResource[];
    /** The stack outputs, resolved. */
    outputs: Record<string, unknown>;
    /** What the program looked up that the AWS rules need (subnets and their zones). */
    lookups?: Lookups;
}

/**
 * Marker for a value the engine cannot know before deployment
 * (the Pulumi wire format's unknown sentinel, made readable).
 */
export const UNKNOWN = "<unknown>";

/**
 * Marker for a secret's value: the record never holds a secret in plain
 * text (the Pulumi CLI shows `[secret]` the same way).
 */
export const SECRET = SECRET_VALUE;

/**
 * What the record holds in place of a dynamic resource's `__provider` input
 * (and output): the provider's code, serialized by Pulumi, which is long
 * and changes with every edit of the code it reaches. Its serialization did
 * succeed, or the resource would not have registered.
 */
export const SERIALIZED_PROVIDER = "[serialized dynamic provider]";

/** The type token of the root stack resource. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** A resource's type and name, read from its URN (`urn:pulumi:stack::project::parent$type::name`). */
export function resourceOfUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    if (parts.length < 4) {
        return { type: "", name: urn };
    }
    const qualifiedType = parts[2];
    return { type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

/** Resources of one type, in registration order. */
export function resourcesOfType(record: StackRecord, type: string): RecordedResource[] {
    return record.resources.filter((r) => r.type === type);
}

/** The resource with this URN; throws when there is none. */
export function resourceByUrn(record: StackRecord, urn: string): RecordedResource {
    const found = record.resources.find((r) => r.urn === urn);
    if (!found) {
        throw new Error(`no resource with URN ${urn}`);
    }
    return found;
}

/** The URN part of a provider reference (`urn::id`). */
export function providerUrn(reference: string): string {
    const at = reference.lastIndexOf("::");
    return at < 0 ? reference : reference.slice(0, at);
}

/** The one resource of a type (optionally with this name); throws when there is not exactly one. */
export function onlyResource(record: StackRecord, type: string, name?: string): RecordedResource {
    const found = resourcesOfType(record, type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}${name ? ` named ${name}` : ""} in stack ${record.stack}, found ${found.length}`);
    }
    return found[0];
}

/** The direct children of a resource. */
export function childrenOf(record: StackRecord, parent: RecordedResource): RecordedResource[] {
    return record.resources.filter((r) => r.parent === parent.urn);
}

/** The provider resource an explicit provider reference points at, if any. */
export function providerOf(record: StackRecord, resource: RecordedResource): RecordedResource | undefined {
    return resource.provider ? record.resources.find((r) => r.urn === providerUrn(resource.provider!)) : undefined;
}

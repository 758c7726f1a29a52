/**
 * Shared helpers of the component tests: each test runs one component in a
 * small program under the offline engine and reads the record.
 */
import assert from "node:assert/strict";
import { OfflineRunError, runProgram } from "../../offline/engine";
import { onlyResource, RecordedResource, resourceByUrn, ROOT_STACK_TYPE, StackRecord } from "../../offline/record";

export const PROJECT = "proj";
export const STACK = "unit";
export const REGION = "us-west-2";

/** Runs a program offline as stack `unit` of project `proj` in us-west-2. */
export function run(program: () => unknown): Promise<StackRecord> {
    return runProgram({ project: PROJECT, stack: STACK, config: { "aws:region": REGION }, program });
}

/** Runs a program that must fail, and returns the engine's error. */
export async function failure(program: () => unknown): Promise<OfflineRunError> {
    try {
        await run(program);
    } catch (err) {
        assert.ok(err instanceof OfflineRunError, `expected an OfflineRunError, got ${String(err)}`);
        return err;
    }
    assert.fail("expected the program to fail");
}

/** The only component of a type. */
export function component(record: StackRecord, type: string): RecordedResource {
    const found = onlyResource(record, type);
    assert.equal(found.custom, false, `${type} is a component`);
    return found;
}

/** Every resource of the record except the root stack and the component itself. */
function others(record: StackRecord, owner: RecordedResource): RecordedResource[] {
    return record.resources.filter((r) => r.type !== ROOT_STACK_TYPE && r.urn !== owner.urn);
}

/**
 * Asserts that every resource the program registered, other than the
 * component, is its direct child (the program creates nothing else).
 * Returns those children.
 */
export function assertOwnsEverything(record: StackRecord, owner: RecordedResource): RecordedResource[] {
    const children = others(record, owner);
    assert.ok(children.length > 0, `${owner.name} has children`);
    for (const child of children) {
        assert.equal(child.parent, owner.urn, `${child.type} ${child.name} has ${owner.name} as parent`);
    }
    return children;
}

/** Asserts that every other resource descends from the component (through nested components). */
export function assertDescendsFrom(record: StackRecord, owner: RecordedResource): RecordedResource[] {
    const descendants = others(record, owner);
    for (const r of descendants) {
        let parent = r.parent;
        while (parent && parent !== owner.urn) {
            parent = resourceByUrn(record, parent).parent;
        }
        assert.equal(parent, owner.urn, `${r.type} ${r.name} descends from ${owner.name}`);
    }
    return descendants;
}

/** Names of the resources of a type, sorted. */
export function namesOf(resources: RecordedResource[]): string[] {
    return resources.map((r) => r.name).sort();
}

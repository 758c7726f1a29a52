/**
 * Assertions over recorded resources by partial shape, like the AWS CDK's
 * `Template.hasResourceProperties` and `Match`: the expected value names
 * only what the test cares about, so tests read recorded inputs without
 * casting them.
 *
 * - a plain object matches an object that has (at least) those keys, each
 *   matching, at any depth;
 * - an array matches an array of the same length, element by element
 *   (`Match.arrayWith` for "contains these, in order");
 * - anything else matches by `===` (numbers, strings, booleans, null);
 * - `Match.*` for the rest: absent, any value, a pattern, exactly, or a test.
 */
import assert from "node:assert/strict";
import { RecordedResource, resourcesOfType, StackRecord } from "../offline/record";

const MATCHER = Symbol("matcher");

/** A custom check of one value; returns why it does not match, or undefined. */
export interface Matcher {
    readonly [MATCHER]: true;
    readonly describe: string;
    test(actual: unknown, at: string): string | undefined;
}

const matcher = (describe: string, test: Matcher["test"]): Matcher => ({ [MATCHER]: true, describe, test });
const isMatcher = (v: unknown): v is Matcher => typeof v === "object" && v !== null && MATCHER in v;
const show = (v: unknown) => (v === undefined ? "undefined" : JSON.stringify(v)?.slice(0, 120));

export const Match = {
    /** The key is not there (or undefined). */
    absent: (): Matcher => matcher("absent", (actual, at) => (actual === undefined ? undefined : `${at}: expected absent, got ${show(actual)}`)),
    /** Any value but undefined. */
    anyValue: (): Matcher => matcher("any value", (actual, at) => (actual === undefined ? `${at}: expected a value, got undefined` : undefined)),
    /** A string matching the pattern. */
    stringLikeRegexp: (pattern: RegExp): Matcher => matcher(`a string like ${pattern}`, (actual, at) => (typeof actual === "string" && pattern.test(actual) ? undefined : `${at}: expected a string like ${pattern}, got ${show(actual)}`)),
    /** Deep equality, not a partial match. */
    exact: (expected: unknown): Matcher => matcher(`exactly ${show(expected)}`, (actual, at) => (JSON.stringify(actual) === JSON.stringify(expected) ? undefined : `${at}: expected exactly ${show(expected)}, got ${show(actual)}`)),
    /** An array holding elements that match these, in this order (others may come between). */
    arrayWith: (expected: unknown[]): Matcher =>
        matcher(`an array with ${show(expected)}`, (actual, at) => {
            if (!Array.isArray(actual)) return `${at}: expected an array, got ${show(actual)}`;
            let from = 0;
            for (const [i, e] of expected.entries()) {
                const found = actual.findIndex((a, j) => j >= from && mismatch(a, e, `${at}[${j}]`) === undefined);
                if (found < 0) return `${at}: no element matches ${isMatcher(e) ? e.describe : show(e)} (expected element ${i}, after index ${from - 1})`;
                from = found + 1;
            }
            return undefined;
        }),
    /** A value the predicate accepts. */
    satisfies: (describe: string, predicate: (actual: unknown) => boolean): Matcher => matcher(describe, (actual, at) => (predicate(actual) ? undefined : `${at}: expected ${describe}, got ${show(actual)}`)),
};

/** Why `actual` does not match `expected` (the first difference, with its path), or undefined when it matches. */
export function mismatch(actual: unknown, expected: unknown, at = "value"): string | undefined {
    if (isMatcher(expected)) return expected.test(actual, at);
    if (Array.isArray(expected)) {
        if (!Array.isArray(actual)) return `${at}: expected an array, got ${show(actual)}`;
        if (actual.length !== expected.length) return `${at}: expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`;
        for (const [i, e] of expected.entries()) {
            const problem = mismatch(actual[i], e, `${at}[${i}]`);
            if (problem) return problem;
        }
        return undefined;
    }
    if (expected !== null && typeof expected === "object") {
        if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return `${at}: expected an object, got ${show(actual)}`;
        for (const [k, e] of Object.entries(expected)) {
            const problem = mismatch((actual as Record<string, unknown>)[k], e, `${at}.${k}`);
            if (problem) return problem;
        }
        return undefined;
    }
    return actual === expected ? undefined : `${at}: expected ${show(expected)}, got ${show(actual)}`;
}

/** Asserts a value matches a partial shape. */
export function assertMatches(actual: unknown, expected: unknown, what = "value"): void {
    const problem = mismatch(actual, expected, what);
    assert.ok(problem === undefined, problem);
}

/** The resources of a type whose inputs match the partial shape. */
export function findResources(record: StackRecord, type: string, inputs: unknown = {}): RecordedResource[] {
    return resourcesOfType(record, type).filter((r) => mismatch(r.inputs, inputs) === undefined);
}

/** Asserts some resource of the type has inputs matching the partial shape; returns the first that does. */
export function hasResourceProperties(record: StackRecord, type: string, inputs: unknown): RecordedResource {
    const candidates = resourcesOfType(record, type);
    const found = candidates.find((r) => mismatch(r.inputs, inputs) === undefined);
    assert.ok(found, candidates.length === 0 ? `no ${type} in stack ${record.stack}` : `no ${type} matches; ${candidates.map((r) => `${r.name}: ${mismatch(r.inputs, inputs, "inputs")}`).join("; ")}`);
    return found;
}

/** Asserts how many resources of a type the record has. */
export function resourceCountIs(record: StackRecord, type: string, count: number): void {
    assert.equal(resourcesOfType(record, type).length, count, `${type} in stack ${record.stack}`);
}

/** The value at a path into recorded JSON (`valueAt(r.inputs, "aliases", 0, "name")`), undefined where the path leads nowhere. */
export function valueAt(value: unknown, ...path: (string | number)[]): unknown {
    let here = value;
    for (const step of path) {
        if (here === null || typeof here !== "object") return undefined;
        here = (here as Record<string | number, unknown>)[step];
    }
    return here;
}

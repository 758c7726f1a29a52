/**
 * Runs a stack of a Pulumi project offline: reads `Pulumi.yaml` and
 * `Pulumi.<stack>.yaml` as the Pulumi CLI does, then runs the project's
 * entry module with that config through the offline engine.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { findProjectDir } from "../lib/project-dir";
import { parseConfigKeyPath, setConfigPath, unsetConfigPath } from "./config-path";
import { runProgram } from "./engine";
import { StackRecord } from "./record";

/** The directory of the main project (the one this package ships). */
export const PROJECT_DIR = findProjectDir(__dirname);

/** This project's entry module, as loaded now: the source, or its compiled copy in dist/. */
const OWN_ENTRY = path.resolve(__dirname, "..", "index");

/** A stack name as the Pulumi CLI accepts it (optionally org/project/stack). */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/** Where to find the stack, and what to change in its config for this run. */
export interface StackRunOptions {
    /** The project directory (holds Pulumi.yaml). Default: this project. */
    dir?: string;
    /**
     * Config to set on top of the stack file, in order, keyed as `pulumi
     * config set --path` takes keys: `profile` or `shoestring:profile` for
     * a whole key, `backend.cpu` for one field of it (merged with the
     * stack file's value), `schedule.awake[0]` for an item of a list
     * (offline/config-path.ts). A value of `undefined` removes the key or
     * the field, as `pulumi config rm --path` does.
     */
    config?: Record<string, unknown>;
    /**
     * Config set as secrets, after `config` (`pulumi config set --secret
     * [--path]`): the same keys, and each key's whole value becomes a secret,
     * as Pulumi marks it.
     */
    secrets?: Record<string, unknown>;
    /** Run as a preview. Default: false. */
    preview?: boolean;
    /**
     * Take the config from this stack's file instead (the stack name stays):
     * what this stack would become with that stack's config.
     */
    configFrom?: string;
    /** The outputs of the stack's last update (what the program reads back about its deployed self); default: none. */
    deployedOutputs?: Record<string, unknown>;
}

/** The project file's fields the engine reads. */
interface ProjectFile {
    name: string;
    main?: string;
    config?: Record<string, { default?: unknown } | unknown>;
}

/** A loaded stack: its project, and its config as Pulumi's runtime sees it. */
export interface StackConfig {
    project: string;
    stack: string;
    /** The entry module (an absolute path; the extension is left to `require`). */
    entry: string;
    config: Record<string, string>;
    secretKeys: string[];
}

/** Reads a project's Pulumi.yaml. */
export function readProject(dir: string): ProjectFile {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) {
        throw new Error(`no Pulumi.yaml in ${dir}`);
    }
    const project = parse(fs.readFileSync(file, "utf8")) as ProjectFile;
    if (!project || typeof project.name !== "string") {
        throw new Error(`${file}: the project has no name`);
    }
    return project;
}

/** Lists the stacks that have a Pulumi.<stack>.yaml in a project directory. */
export function listStacks(dir: string = PROJECT_DIR): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** A config key in its fully qualified form (`profile` -> `shoestring:profile`). */
export function qualifyKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** A config value as the Pulumi runtime stores it: strings as is, the rest as JSON. */
function configValue(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Replaces encrypted values (`{secure: ...}`, at any depth) with a
 * placeholder: offline, only their presence is known.
 */
function withoutCiphertexts(value: unknown): { plain: unknown; secret: boolean } {
    if (value === null || typeof value !== "object") {
        return { plain: value, secret: false };
    }
    if (!Array.isArray(value) && "secure" in value) {
        return { plain: OFFLINE_SECRET, secret: true };
    }
    let secret = false;
    const walk = (inner: unknown): unknown => {
        const result = withoutCiphertexts(inner);
        secret ||= result.secret;
        return result.plain;
    };
    const plain = Array.isArray(value) ? value.map(walk) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return { plain, secret };
}

/** What an encrypted config value reads as offline. */
export const OFFLINE_SECRET = "offline-secret";

/** Loads a stack's config the way the Pulumi CLI would hand it to the program. */
export function loadStackConfig(stack: string, options: StackRunOptions = {}): StackConfig {
    const dir = options.dir ?? PROJECT_DIR;
    if (!STACK_NAME.test(stack)) {
        throw new Error(`bad stack name "${stack}": use letters, digits, "-", "_" or "."`);
    }
    const project = readProject(dir);
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = listStacks(dir);
        throw new Error(`no stack "${stack}": ${path.basename(file)} does not exist in ${dir} (stacks here: ${known.join(", ") || "none"})`);
    }
    const stackFile = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };

    // Plain values first (as YAML holds them), so that a path can reach into them.
    const values: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [key, spec] of Object.entries(project.config ?? {})) {
        if (spec !== null && typeof spec === "object" && "default" in spec) {
            values[qualifyKey(project.name, key)] = structuredClone((spec as { default: unknown }).default);
        }
    }
    for (const [key, value] of Object.entries(stackFile.config ?? {})) {
        const qualified = qualifyKey(project.name, key);
        const { plain, secret } = withoutCiphertexts(value);
        values[qualified] = structuredClone(plain);
        if (secret) {
            secretKeys.push(qualified);
        }
    }
    for (const [key, value] of Object.entries(options.config ?? {})) {
        const at = parseConfigKeyPath(project.name, key);
        if (value === undefined) {
            unsetConfigPath(values, at);
        } else {
            setConfigPath(values, at, value);
        }
    }
    for (const [key, value] of Object.entries(options.secrets ?? {})) {
        const at = parseConfigKeyPath(project.name, key);
        setConfigPath(values, at, value);
        secretKeys.push(at.key);
    }
    const config = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, configValue(v)]));
    secretKeys.splice(0, secretKeys.length, ...secretKeys.filter((k) => k in values));
    const entry = path.resolve(dir) === PROJECT_DIR && !project.main ? OWN_ENTRY : path.resolve(dir, project.main ?? "index");
    return { project: project.name, stack, entry, config, secretKeys };
}

/** Runs a stack offline and returns its record. */
export async function runStack(stack: string, options: StackRunOptions = {}): Promise<StackRecord> {
    if (!STACK_NAME.test(stack)) {
        throw new Error(`bad stack name "${stack}": use letters, digits, "-", "_" or "."`);
    }
    const loaded = loadStackConfig(options.configFrom ?? stack, options);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = require(require.resolve(loaded.entry)) as unknown;
    const program = typeof entry === "function" ? entry : (entry as { default?: unknown }).default;
    if (typeof program !== "function") {
        throw new Error(`${loaded.entry} must export a function that builds the stack and returns its outputs`);
    }
    return runProgram({
        project: loaded.project,
        stack,
        config: loaded.config,
        secretKeys: loaded.secretKeys,
        program: program as () => unknown,
        preview: options.preview,
        deployedOutputs: options.deployedOutputs,
    });
}

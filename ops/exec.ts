/**
 * `exec`: a shell in a running task of one of the stack's services, with ECS
 * Exec. The write-up's one-liner, made safe:
 *
 *   aws ecs execute-command --region R --cluster C \
 *     --task $(aws ecs list-tasks --cluster C --service-name S | jq -r .taskArns[0]) \
 *     --container backend --command /bin/sh --interactive
 *
 * It lists only tasks meant to run, says so when there is none (the stack is
 * probably paused), picks the newest when there are several, and checks that
 * the AWS CLI's Session Manager plugin is installed before handing over. A
 * stack whose backend runs on Lambda has no task: it refuses, in one line.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DescribeTasksCommand, ECSClient, ListTasksCommand, Task } from "@aws-sdk/client-ecs";
import { OpsError } from "./errors";
import { DeployedStack } from "./outputs";

export const SESSION_MANAGER_PLUGIN = "session-manager-plugin";
export const SESSION_MANAGER_PLUGIN_URL = "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html";
export const AWS_CLI_URL = "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html";

/** The task chosen, and a note for the person when there was a choice. */
export interface TaskChoice {
    taskArn: string;
    note?: string;
}

/** The id at the end of a task ARN. */
export function taskId(taskArn: string): string {
    return taskArn.slice(taskArn.lastIndexOf("/") + 1);
}

/**
 * Finds the task to open a shell in: ListTasks (desired status RUNNING) for
 * the service; with several, the one started last (DescribeTasks).
 * `label` names the service in messages (its short name); default `service`.
 */
export async function resolveTask(ecs: ECSClient, target: { cluster: string; service: string; label?: string }): Promise<TaskChoice> {
    const label = target.label ?? target.service;
    const taskArns: string[] = [];
    let nextToken: string | undefined;
    do {
        const page = await ecs.send(new ListTasksCommand({ cluster: target.cluster, serviceName: target.service, desiredStatus: "RUNNING", nextToken }));
        taskArns.push(...(page.taskArns ?? []));
        nextToken = page.nextToken;
    } while (nextToken);

    if (taskArns.length === 0) {
        throw new OpsError(`no running task for service ${label} (is the stack paused?)`);
    }
    if (taskArns.length === 1) {
        return { taskArn: taskArns[0] };
    }
    const tasks: Task[] = [];
    for (let i = 0; i < taskArns.length; i += 100) {
        const described = await ecs.send(new DescribeTasksCommand({ cluster: target.cluster, tasks: taskArns.slice(i, i + 100) }));
        tasks.push(...(described.tasks ?? []));
    }
    // Tasks not started yet (no startedAt) come last.
    const started = (task: Task): number => task.startedAt?.getTime() ?? -Infinity;
    const newest = tasks.filter((t) => t.taskArn).sort((a, b) => started(b) - started(a))[0];
    if (!newest?.taskArn) {
        return { taskArn: taskArns[0], note: `${taskArns.length} tasks for ${label}, none described: using ${taskId(taskArns[0])}` };
    }
    const when = newest.startedAt ? `started ${newest.startedAt.toISOString()}` : "not started yet";
    return { taskArn: newest.taskArn, note: `${taskArns.length} running tasks for ${label}: using the newest, ${taskId(newest.taskArn)} (${when})` };
}

/** The `aws` arguments that open an interactive shell in the task's container. */
export function execArgv(target: { region: string; cluster: string; taskArn: string; container: string }): string[] {
    return ["ecs", "execute-command", "--region", target.region, "--cluster", target.cluster, "--task", target.taskArn, "--container", target.container, "--command", "/bin/sh", "--interactive"];
}

/** Whether an executable is on PATH (the way a shell looks it up). */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
    const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
    for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
        for (const ext of extensions) {
            try {
                const file = path.join(dir, command + ext);
                fs.accessSync(file, fs.constants.X_OK);
                if (fs.statSync(file).isFile()) {
                    return true;
                }
            } catch {
                // not here
            }
        }
    }
    return false;
}

/** The message for a missing tool, or undefined when `aws` and the plugin are both installed. */
export function missingTools(isOnPath: (command: string) => boolean): string | undefined {
    if (!isOnPath("aws")) {
        return `the AWS CLI (aws) is not on PATH: install it, see ${AWS_CLI_URL}`;
    }
    if (!isOnPath(SESSION_MANAGER_PLUGIN)) {
        return `the Session Manager plugin for the AWS CLI (${SESSION_MANAGER_PLUGIN}) is not on PATH: ECS Exec needs it; install it, see ${SESSION_MANAGER_PLUGIN_URL}`;
    }
    return undefined;
}

/** Runs a command attached to this terminal; resolves with its exit status. */
export type Runner = (command: string, args: string[]) => Promise<number>;

/** The real runner: child_process.spawn with stdio inherited. */
export const spawnInherit: Runner = (command, args) =>
    new Promise((resolve, reject) => {
        // Ctrl-C belongs to the shell in the task, not to this process.
        const ignore = (): void => undefined;
        process.on("SIGINT", ignore);
        const done = (): void => {
            process.off("SIGINT", ignore);
        };
        const child = spawn(command, args, { stdio: "inherit" });
        child.on("error", (err: NodeJS.ErrnoException) => {
            done();
            reject(err.code === "ENOENT" ? new OpsError(`${command} is not installed or not on PATH`) : err);
        });
        child.on("exit", (code, signal) => {
            done();
            resolve(code ?? (signal ? 1 : 0));
        });
    });

export interface ExecOptions {
    outputs: DeployedStack;
    /** The service's short name: a key of the `services` output. Default `backend`. */
    service?: string;
    ecs: ECSClient;
    /** Default: a PATH lookup. */
    isOnPath?: (command: string) => boolean;
    /** Default: spawn with stdio inherited. */
    run?: Runner;
    /** Where notes go (stderr in the command line). */
    note?: (line: string) => void;
}

/** Why a stack without an ECS cluster has no task to open a shell in (its backend runs on Lambda). */
export function noTaskReason(outputs: Pick<DeployedStack, "stack" | "functionName">): string {
    const backend = outputs.functionName !== undefined ? `its backend is the Lambda function ${outputs.functionName}, which runs only while it answers a request and takes no shell` : "it has no ECS cluster";
    return `stack ${outputs.stack} has no ECS task to exec into: ${backend}`;
}

/** Opens a shell in the service's newest running task; resolves with the exit status of `aws`. */
export async function runExec(options: ExecOptions): Promise<number> {
    const { outputs } = options;
    const cluster = outputs.clusterName;
    if (cluster === undefined) {
        throw new OpsError(noTaskReason(outputs));
    }
    const short = options.service ?? "backend";
    const serviceName = outputs.services[short];
    if (serviceName === undefined) {
        throw new OpsError(`unknown service "${short}" in stack ${outputs.stack}; known: ${Object.keys(outputs.services).sort().join(", ")}`);
    }
    const missing = missingTools(options.isOnPath ?? ((command) => onPath(command)));
    if (missing) {
        throw new OpsError(missing);
    }
    const choice = await resolveTask(options.ecs, { cluster, service: serviceName, label: short });
    if (choice.note) {
        options.note?.(choice.note);
    }
    const args = execArgv({ region: outputs.region, cluster, taskArn: choice.taskArn, container: short });
    options.note?.(`aws ${args.join(" ")}`);
    return (options.run ?? spawnInherit)("aws", args);
}

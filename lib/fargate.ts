/**
 * Fargate task sizes: which CPU/memory pairs AWS accepts.
 *
 * Source: "Task CPU and memory", Amazon ECS Developer Guide
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
 * An invalid pair is rejected by RegisterTaskDefinition at deploy time; this
 * table lets the program reject it before anything is registered.
 */

/** CPU units (1024 = 1 vCPU) -> memory sizes in MiB allowed with it. */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
    [256, [512, 1024, 2048]],
    [512, range(1024, 4096, 1024)],
    [1024, range(2048, 8192, 1024)],
    [2048, range(4096, 16384, 1024)],
    [4096, range(8192, 30720, 1024)],
    [8192, range(16384, 61440, 4096)],
    [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) {
        out.push(v);
    }
    return out;
}

/** Describes the memory sizes allowed with a CPU value, compactly. */
export function describeMemoryFor(cpu: number): string {
    const sizes = FARGATE_SIZES.get(cpu);
    if (!sizes) {
        return "none";
    }
    if (sizes.length <= 3) {
        return sizes.join(", ");
    }
    const step = sizes[1] - sizes[0];
    return `${sizes[0]} to ${sizes[sizes.length - 1]} in steps of ${step}`;
}

/** True when AWS accepts this CPU/memory pair on Fargate. */
export function isValidFargateSize(cpu: number, memory: number): boolean {
    return FARGATE_SIZES.get(cpu)?.includes(memory) ?? false;
}

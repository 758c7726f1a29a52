/**
 * Errors the operations commands show to a person: one line that says what
 * is wrong and what to do. Anything else is a bug or an unexpected AWS or
 * Pulumi answer, shown as its first line.
 */

/** An error whose message is meant for the person at the terminal, as is. */
export class OpsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "OpsError";
    }
}

/** The first line of an error's message. */
export function firstLine(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    return message.split("\n").map((line) => line.trim()).find((line) => line.length > 0) ?? (err instanceof Error ? err.name : "unknown error");
}

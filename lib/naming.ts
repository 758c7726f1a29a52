/**
 * Physical names derived from the project and stack names. Pulumi allows
 * `.` in stack names (and upper case, and `_`); many AWS names do not.
 */

/** A name safe as one DNS label: lower-case letters, digits and inner hyphens, at most 63 characters (RFC 1035). */
export function dnsLabel(value: string): string {
    const label = value.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+/, "").slice(0, 63).replace(/-+$/, "");
    return label || "app";
}

/**
 * An ECS task definition family: up to 255 letters, digits, hyphens and
 * underscores (RegisterTaskDefinition, `family`:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html).
 */
export function taskFamily(...parts: string[]): string {
    return parts.join("-").replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 255);
}

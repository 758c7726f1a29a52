/**
 * Errors of the components: each names the component's type and name, so
 * the commands print one line that says which part of the stack refused
 * what (`error: shoestring:aws:StaticSite site: ...`).
 */

/** A component refused its arguments (or what it was asked to do). */
export class ComponentError extends Error {
    constructor(
        /** The component's type token, like `shoestring:aws:StaticSite`. */
        readonly componentType: string,
        /** The component's name. */
        readonly componentName: string,
        message: string,
    ) {
        super(`${componentType} ${componentName}: ${message}`);
        this.name = "ComponentError";
    }
}

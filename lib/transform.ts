/**
 * Transforms: how a user changes a component's child before it is
 * registered, without forking the component. Each component's args take a
 * `transform` object with one entry per child; an entry is either the
 * arguments to merge over the component's (shallowly), or a function that
 * edits the arguments and options in place. The AWS rules and the policy
 * pack still check what results.
 */
import * as pulumi from "@pulumi/pulumi";

/** Arguments to merge over a child's, or a function that edits them (and its options) in place. */
export type Transform<Args> = Partial<Args> | ((args: Args, opts: pulumi.CustomResourceOptions, name: string) => void);

/** A child's name, arguments and options after the user's transform, if any. */
export function transformed<Args extends object>(
    transform: Transform<Args> | undefined,
    name: string,
    args: Args,
    opts: pulumi.CustomResourceOptions,
): [string, Args, pulumi.CustomResourceOptions] {
    if (transform === undefined) {
        return [name, args, opts];
    }
    if (typeof transform === "function") {
        const editable = { ...args };
        const options = { ...opts };
        transform(editable, options, name);
        // The child stays the component's: a new parent would change its URN.
        return [name, editable, { ...options, parent: opts.parent }];
    }
    return [name, { ...args, ...transform }, opts];
}

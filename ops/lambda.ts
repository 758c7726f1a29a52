/**
 * What `status` asks of AWS Lambda: one function's configuration, behind
 * `FunctionSource` so the commands can be tested with fakes.
 *
 * The real source calls GetFunctionConfiguration: the configuration half
 * of GetFunction, without the presigned URL of the function's code.
 */
import { GetFunctionConfigurationCommand, GetFunctionConfigurationCommandOutput, LambdaClient } from "@aws-sdk/client-lambda";

/** The fields of a function's configuration `status` shows. */
export type FunctionConfiguration = Pick<GetFunctionConfigurationCommandOutput, "FunctionName" | "State" | "StateReason" | "LastUpdateStatus" | "LastUpdateStatusReason" | "MemorySize" | "Architectures">;

/** Where `status` gets a function's configuration. */
export interface FunctionSource {
    /** The function's configuration, or undefined when Lambda has no function of that name. */
    getFunction(name: string): Promise<FunctionConfiguration | undefined>;
    /** Releases the client, if any. */
    destroy?(): void;
}

/** The real source: GetFunctionConfiguration in the stack's region, with one client made on the first call. */
export function sdkFunctionSource(region: string): FunctionSource {
    let client: LambdaClient | undefined;
    return {
        async getFunction(name: string): Promise<FunctionConfiguration | undefined> {
            client ??= new LambdaClient({ region });
            try {
                return await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
            } catch (err) {
                if (err instanceof Error && err.name === "ResourceNotFoundException") {
                    return undefined;
                }
                throw err;
            }
        },
        destroy(): void {
            client?.destroy();
        },
    };
}

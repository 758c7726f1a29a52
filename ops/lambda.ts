/**
 * What `status` asks of AWS Lambda: one function's configuration, behind
 * `FunctionSource` so the commands can be tested with fakes.
 *
 * The real source uses `@aws-sdk/client-lambda` (GetFunctionConfiguration:
 * the configuration half of GetFunction, without the presigned URL of the
 * function's code). The package is loaded when a stack with a function is
 * asked about, so the other commands, and stacks on ECS, work without it;
 * when it is not installed, that is one line saying so.
 */
import { OpsError } from "./errors";

/** The npm package of the Lambda client. */
export const LAMBDA_CLIENT_PACKAGE = "@aws-sdk/client-lambda";

/** The fields of a function's configuration `status` shows (as `@aws-sdk/client-lambda` names them). */
export interface FunctionConfiguration {
    FunctionName?: string;
    /** Pending, Active, Inactive or Failed. */
    State?: string;
    StateReason?: string;
    /** Successful, Failed or InProgress. */
    LastUpdateStatus?: string;
    LastUpdateStatusReason?: string;
    /** MB. */
    MemorySize?: number;
    /** One of x86_64 and arm64. */
    Architectures?: string[];
}

/** Where `status` gets a function's configuration. */
export interface FunctionSource {
    /** The function's configuration, or undefined when Lambda has no function of that name. */
    getFunction(name: string): Promise<FunctionConfiguration | undefined>;
    /** Releases the client, if any. */
    destroy?(): void;
}

/** The part of `@aws-sdk/client-lambda` the real source uses. */
interface LambdaSdk {
    LambdaClient: new (config: { region: string }) => { send(command: unknown): Promise<FunctionConfiguration>; destroy(): void };
    GetFunctionConfigurationCommand: new (input: { FunctionName: string }) => unknown;
}

/** Whether an error is Node's for a package that is not installed. */
function isMissingModule(err: unknown, name: string): boolean {
    return err instanceof Error && (err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && err.message.includes(name);
}

/**
 * The real source: GetFunctionConfiguration in the stack's region. `load`
 * returns the SDK module (tests pass a fake); by default it is required on
 * the first call.
 */
export function sdkFunctionSource(region: string, load: () => unknown = () => require(LAMBDA_CLIENT_PACKAGE)): FunctionSource {
    let loaded: { sdk: LambdaSdk; client: InstanceType<LambdaSdk["LambdaClient"]> } | undefined;
    const open = (): { sdk: LambdaSdk; client: InstanceType<LambdaSdk["LambdaClient"]> } => {
        if (!loaded) {
            let sdk: LambdaSdk;
            try {
                sdk = load() as LambdaSdk;
            } catch (err) {
                if (isMissingModule(err, LAMBDA_CLIENT_PACKAGE)) {
                    throw new OpsError(`the status of a Lambda function needs ${LAMBDA_CLIENT_PACKAGE}, which is not installed: add it to package.json's dependencies and run npm install`);
                }
                throw err;
            }
            loaded = { sdk, client: new sdk.LambdaClient({ region }) };
        }
        return loaded;
    };
    return {
        async getFunction(name: string): Promise<FunctionConfiguration | undefined> {
            const { sdk, client } = open();
            try {
                return await client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: name }));
            } catch (err) {
                if (err instanceof Error && err.name === "ResourceNotFoundException") {
                    return undefined;
                }
                throw err;
            }
        },
        destroy(): void {
            loaded?.client.destroy();
        },
    };
}

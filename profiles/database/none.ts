/** `database.kind: none`: no Postgres; the app keeps its data in the DynamoDB table. */
import { DatabaseModule } from "../parts";

export const none: DatabaseModule = {
    summary: "no database (DynamoDB only)",
    inVpc: false,
    build: () => undefined,
};

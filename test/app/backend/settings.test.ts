import assert from "node:assert/strict";

import { RDS_CA_BUNDLE, readSettings } from "../../../app/backend/settings";

const SECRET_DB = {
    DB_HOST: "db.internal.example",
    DB_PORT: "6543",
    DB_NAME: "shoestring_db",
    DB_USER: "app_user_x",
    DB_SECRET_ARN: "arn:aws:secretsmanager:us-west-2:123456789012:secret:rds!db-1-AbCdEf",
};

describe("app/backend/settings", () => {
    it("defaults the port and leaves optional settings unset", () => {
        assert.deepEqual(readSettings({}), { port: 4567, frontendUrl: undefined, tableName: undefined, region: undefined, database: undefined });
    });

    it("reads PORT, TABLE_NAME, FRONTEND_URL and the region, AWS_REGION first", () => {
        const settings = readSettings({ PORT: "8080", TABLE_NAME: "items", FRONTEND_URL: "https://app.example.com", AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-east-1" });
        assert.equal(settings.port, 8080);
        assert.equal(settings.tableName, "items");
        assert.equal(settings.frontendUrl, "https://app.example.com");
        assert.equal(settings.region, "eu-west-1");
        assert.equal(readSettings({ AWS_DEFAULT_REGION: "us-east-1" }).region, "us-east-1");
    });

    it("reads the secret database, defaulting DB_AUTH to secret and the CA to the image's RDS bundle", () => {
        assert.deepEqual(readSettings(SECRET_DB).database, {
            host: SECRET_DB.DB_HOST,
            port: 6543,
            name: SECRET_DB.DB_NAME,
            user: SECRET_DB.DB_USER,
            auth: "secret",
            secretArn: SECRET_DB.DB_SECRET_ARN,
            tlsCaFile: RDS_CA_BUNDLE,
        });
        assert.equal(readSettings({ ...SECRET_DB, DB_AUTH: "secret", DB_TLS_CA_FILE: "/tmp/ca.pem" }).database?.tlsCaFile, "/tmp/ca.pem");
        const bare = readSettings({ DB_HOST: "db", DB_SECRET_ARN: "arn" }).database;
        assert.equal(bare?.port, 5432);
        assert.equal(bare?.name, "postgres");
        assert.equal(bare?.user, undefined, "the secret's username is used");
    });

    it("uses admin and postgres for DSQL whatever DB_USER and DB_NAME say, and the built-in CAs", () => {
        const database = readSettings({ DB_HOST: "abc.dsql.us-east-1.on.aws", DB_AUTH: "dsql", DB_USER: "someone", DB_NAME: "other" }).database;
        assert.deepEqual(database, { host: "abc.dsql.us-east-1.on.aws", port: 5432, name: "postgres", user: "admin", auth: "dsql", secretArn: undefined, tlsCaFile: undefined });
    });

    it("rejects a malformed port, an unknown DB_AUTH and a secret path without its secret, naming the variable", () => {
        assert.throws(() => readSettings({ PORT: "http" }), /PORT must be a port number.*"http"/);
        assert.throws(() => readSettings({ DB_HOST: "db", DB_PORT: "70000" }), /DB_PORT/);
        assert.throws(() => readSettings({ DB_HOST: "db", DB_AUTH: "iam" }), /DB_AUTH must be "secret" or "dsql"/);
        assert.throws(() => readSettings({ DB_HOST: "db" }), /DB_SECRET_ARN is required/);
    });
});

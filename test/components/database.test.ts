import assert from "node:assert/strict";
import { Database, DatabaseArgs, POSTGRES_PORT, snapshotIdentifier } from "../../components/database";
import { onlyResource, StackRecord } from "../../offline/record";
import { assertOwnsEverything, component, run } from "./helpers";

const TYPE = "shoestring:aws:Database";
const PEER_SG = "sg-0backend000000001";
const NETWORK = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] };

function database(args: Partial<DatabaseArgs>, allowFrom?: [string, string]): Promise<StackRecord> {
    return run(() => {
        const db = new Database("db", { ...NETWORK, ...args });
        if (allowFrom) {
            db.allowFrom(allowFrom[0], allowFrom[1]);
        }
        return { address: db.address, port: db.port, secretArn: db.secretArn, dbName: db.dbName };
    });
}

describe("components/database Database", () => {
    describe("with defaults", () => {
        let record: StackRecord;
        before(async () => {
            record = await database({});
        });

        it("parents every resource to the component, which registers its outputs", () => {
            const db = component(record, TYPE);
            assertOwnsEverything(record, db);
            const instance = onlyResource(record, "aws:rds/instance:Instance");
            const secretArn = (instance.outputs.masterUserSecrets as { secretArn: string }[])[0].secretArn;
            assert.deepEqual(db.outputs, { address: instance.outputs.address, port: 5432, secretArn });
            assert.equal(record.outputs.secretArn, secretArn);
            assert.equal(record.outputs.dbName, "app");
        });

        it("is a small private encrypted Postgres with an AWS-managed password", () => {
            const instance = onlyResource(record, "aws:rds/instance:Instance");
            const subnets = onlyResource(record, "aws:rds/subnetGroup:SubnetGroup");
            const sg = onlyResource(record, "aws:ec2/securityGroup:SecurityGroup");
            assert.equal(instance.inputs.engine, "postgres");
            assert.equal(instance.inputs.engineVersion, "16");
            assert.equal(instance.inputs.instanceClass, "db.t4g.micro");
            assert.equal(instance.inputs.allocatedStorage, 20);
            assert.equal(instance.inputs.publiclyAccessible, false);
            assert.equal(instance.inputs.storageEncrypted, true);
            assert.equal(instance.inputs.manageMasterUserPassword, true);
            assert.equal(instance.inputs.password, undefined);
            assert.equal(instance.inputs.dbSubnetGroupName, subnets.outputs.name);
            assert.deepEqual(subnets.inputs.subnetIds, NETWORK.subnetIds);
            assert.deepEqual(instance.inputs.vpcSecurityGroupIds, [sg.id]);
            assert.equal(sg.inputs.vpcId, NETWORK.vpcId);
            assert.equal(sg.inputs.ingress, undefined);
        });

        it("turns RDS Extended Support off", () => {
            assert.equal(onlyResource(record, "aws:rds/instance:Instance").inputs.engineLifecycleSupport, "open-source-rds-extended-support-disabled");
        });

        it("is protected by default, in AWS and in Pulumi, with a final snapshot", () => {
            const instance = onlyResource(record, "aws:rds/instance:Instance");
            assert.equal(instance.inputs.deletionProtection, true);
            assert.equal(instance.protect, true);
            assert.equal(instance.inputs.skipFinalSnapshot, false);
            assert.equal(instance.inputs.finalSnapshotIdentifier, "proj-unit-db-final");
        });

        it("keeps the instance available", () => {
            const state = onlyResource(record, "aws:rds/instanceDesiredState:InstanceDesiredState");
            assert.equal(state.inputs.state, "available");
            assert.equal(state.inputs.identifier, onlyResource(record, "aws:rds/instance:Instance").outputs.identifier);
        });
    });

    describe("stopped, unprotected, with options and a peer", () => {
        let record: StackRecord;
        before(async () => {
            record = await database(
                { stopped: true, protect: false, instanceClass: "db.t4g.small", allocatedStorage: 30, engineVersion: "17", dbName: "shop", username: "owner", backupRetentionDays: 7 },
                ["backend", PEER_SG],
            );
        });

        it("parents every resource, the ingress rule included, to the component", () => {
            assertOwnsEverything(record, component(record, TYPE));
        });

        it("stops the instance", () => {
            assert.equal(onlyResource(record, "aws:rds/instanceDesiredState:InstanceDesiredState").inputs.state, "stopped");
        });

        it("turns deletion protection and Pulumi protect off", () => {
            const instance = onlyResource(record, "aws:rds/instance:Instance");
            assert.equal(instance.inputs.deletionProtection, false);
            assert.equal(instance.protect, false);
        });

        it("passes the instance options through", () => {
            const instance = onlyResource(record, "aws:rds/instance:Instance");
            assert.equal(instance.inputs.instanceClass, "db.t4g.small");
            assert.equal(instance.inputs.allocatedStorage, 30);
            assert.equal(instance.inputs.engineVersion, "17");
            assert.equal(instance.inputs.dbName, "shop");
            assert.equal(instance.inputs.username, "owner");
            assert.equal(instance.inputs.backupRetentionPeriod, 7);
            assert.equal(record.outputs.dbName, "shop");
        });

        it("admits the peer security group on 5432 only", () => {
            const sg = onlyResource(record, "aws:ec2/securityGroup:SecurityGroup");
            const rule = onlyResource(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            assert.equal(rule.name, "db-from-backend");
            assert.equal(rule.inputs.securityGroupId, sg.id);
            assert.equal(rule.inputs.referencedSecurityGroupId, PEER_SG);
            assert.equal(rule.inputs.ipProtocol, "tcp");
            assert.equal(rule.inputs.fromPort, POSTGRES_PORT);
            assert.equal(rule.inputs.toPort, 5432);
            assert.equal(rule.inputs.cidrIpv4, undefined);
        });
    });
});

describe("components/database snapshotIdentifier", () => {
    it("keeps a valid name as it is", () => {
        assert.equal(snapshotIdentifier("shoestring-cheap-database-final"), "shoestring-cheap-database-final");
    });

    it("starts with a letter, whatever the project name starts with", () => {
        assert.equal(snapshotIdentifier("2024-shop-dev-database-final"), "db-2024-shop-dev-database-final");
        assert.equal(snapshotIdentifier("_shop-dev-database-final"), "shop-dev-database-final");
    });

    it("uses only lower-case letters, digits and single hyphens, at most 255 characters", () => {
        const id = snapshotIdentifier(`My_Project.${"x".repeat(300)}--Final-`);
        assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        assert.ok(id.length <= 255);
    });

    it("applies transforms to its children before they are registered: arguments merged, or edited by a function", async () => {
        const merged = await database({ transform: { instance: { maintenanceWindow: "sun:05:00-sun:06:00" }, subnetGroup: { description: "Edited" } } });
        const instance = onlyResource(merged, "aws:rds/instance:Instance");
        assert.equal(instance.inputs.maintenanceWindow, "sun:05:00-sun:06:00");
        assert.equal(instance.inputs.engine, "postgres", "the rest stays");
        assert.equal(instance.protect, true);
        assert.equal(onlyResource(merged, "aws:rds/subnetGroup:SubnetGroup").inputs.description, "Edited");
        const edited = await database(
            {
                transform: {
                    ingressRule: (args, opts) => {
                        args.description = "Postgres from the workers";
                        opts.deleteBeforeReplace = true;
                    },
                },
            },
            ["backend", PEER_SG],
        );
        const rule = onlyResource(edited, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assert.equal(rule.inputs.description, "Postgres from the workers");
        assert.equal(rule.inputs.fromPort, POSTGRES_PORT);
        assert.equal(rule.deleteBeforeReplace, true);
        assert.equal(rule.parent, component(edited, TYPE).urn, "still the component's child");
    });
});

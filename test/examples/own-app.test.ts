/**
 * The own-app example (examples/own-app): its stack config, pasted on top of
 * a profile, deploys that app instead of the sample. Each stack is planned
 * with the `config:` block of examples/own-app/stack-config.yaml as config
 * overrides (qualified keys, as the stack file holds them), and each check
 * is also run on the sample's stack, where it must fail: none of them can
 * pass by the defaults alone.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { parse } from "yaml";
import { createServer } from "../../examples/own-app/backend/server";
import { SITE_SYNC_TYPE } from "../../lib/site-sync";
import { checkAws } from "../../offline/aws-checks";
import { defaultConfigFile, withLookups } from "../../offline/policy-cli";
import { readPolicyConfig } from "../../offline/policy-config";
import { onlyResource, RecordedResource, resourcesOfType, StackRecord } from "../../offline/record";
import { PROJECT_DIR } from "../../offline/stack";
import { ACKNOWLEDGED } from "../../policy/src/acknowledge";
import { check, PolicyConfig } from "../policy/programs";
import { asList, ContainerDefinition, json, stack, Statement } from "../stacks";

const EXAMPLE = "examples/own-app";
const { config } = parse(fs.readFileSync(path.join(PROJECT_DIR, EXAMPLE, "stack-config.yaml"), "utf8")) as { config: Record<string, unknown> };
const PARAMETER_ARN = "arn:aws:ssm:us-west-2:123456789012:parameter/own-app/api-token";
const GREETING = (config["shoestring:backend"] as { environment: Record<string, string> }).environment.GREETING;

/** One assertion about a stack's record, named. */
interface Check {
    what: string;
    check: (record: StackRecord) => void;
}

const container = (record: StackRecord): ContainerDefinition => json<ContainerDefinition[]>(onlyResource(record, "aws:ecs/taskDefinition:TaskDefinition", "backend-task").inputs.containerDefinitions)[0];
const statements = (policy: RecordedResource): Statement[] => json<{ Statement: Statement[] }>(policy.inputs.policy).Statement;
/** What the policies of a role allow an action on. */
const grants = (record: StackRecord, role: string, action: string): string[] =>
    resourcesOfType(record, "aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.inputs.role === onlyResource(record, "aws:iam/role:Role", role).outputs.name)
        .flatMap(statements)
        .filter((s) => s.Effect === "Allow" && asList(s.Action).includes(action))
        .flatMap((s) => asList(s.Resource));
const lambdaVariables = (record: StackRecord): Record<string, string> => (onlyResource(record, "aws:lambda/function:Function").inputs.environment as { variables: Record<string, string> }).variables;

/** The image is built from the example's backend directory (relative to the project directory). */
const builtFromExample: Check = {
    what: `builds the backend image from ${EXAMPLE}/backend`,
    check: (record) => {
        const image = onlyResource(record, "docker-build:index:Image", "backend-image");
        assert.deepEqual(image.inputs.context, { location: path.join(PROJECT_DIR, EXAMPLE, "backend") });
        assert.deepEqual(image.inputs.dockerfile, { location: path.join(PROJECT_DIR, EXAMPLE, "backend", "Dockerfile") });
    },
};

/** The site's objects: the example's files (in the site's sync) and the generated config.json, nothing else. */
const siteFromExample: Check = {
    what: `uploads ${EXAMPLE}/site/index.html and the generated config.json, and no other file`,
    check: (record) => {
        const sync = onlyResource(record, SITE_SYNC_TYPE);
        assert.deepEqual((sync.inputs.files as { key: string }[]).map((f) => f.key), ["index.html"]);
        assert.equal(sync.inputs.directory, path.join(PROJECT_DIR, EXAMPLE, "site"));
        const objects = resourcesOfType(record, "aws:s3/bucketObjectv2:BucketObjectv2");
        assert.deepEqual(objects.map((o) => o.inputs.key), ["config.json"]);
        assert.deepEqual(JSON.parse(objects[0].inputs.content as string), { apiUrl: record.outputs.apiUrl });
    },
};

const ON_ECS: Check[] = [
    builtFromExample,
    {
        what: "the container listens on 8000",
        check: (record) => assert.deepEqual(container(record).portMappings?.map((p) => p.containerPort), [8000]),
    },
    {
        what: "the API reaches the tasks on 8000: Cloud Map records that port (SRV), and the VPC link may open it",
        check: (record) => {
            const service = onlyResource(record, "aws:ecs/service:Service", "backend");
            assert.equal((service.inputs.serviceRegistries as { containerPort: number }).containerPort, 8000);
            const discovery = onlyResource(record, "aws:servicediscovery/service:Service", "backend-discovery");
            assert.equal(onlyResource(record, "aws:apigatewayv2/integration:Integration", "api-backend").inputs.integrationUri, discovery.outputs.arn);
            const ingress = onlyResource(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "backend-from-api-gateway");
            const egress = onlyResource(record, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "backend-from-api-gateway-out");
            for (const rule of [ingress, egress]) assert.deepEqual([rule.inputs.fromPort, rule.inputs.toPort], [8000, 8000], rule.name);
        },
    },
    {
        // The HTTP API's Cloud Map integration has no health check of its own: the path is the stack's health check URL.
        what: "the health check URL ends in /healthz",
        check: (record) => assert.equal(record.outputs.healthCheckUrl, `${String(record.outputs.apiUrl)}/healthz`),
    },
    {
        what: `GREETING is in the container environment (${JSON.stringify(GREETING)}), and PORT says 8000`,
        check: (record) => {
            const environment = Object.fromEntries((container(record).environment ?? []).map((e) => [e.name, e.value]));
            assert.equal(environment.GREETING, GREETING);
            assert.equal(environment.PORT, "8000");
        },
    },
    {
        what: "API_TOKEN is a container secret from the SSM parameter's ARN, never a plain variable",
        check: (record) => {
            const { secrets = [], environment = [] } = container(record);
            assert.deepEqual(secrets, [{ name: "API_TOKEN", valueFrom: PARAMETER_ARN }]);
            assert.equal(environment.find((e) => e.name === "API_TOKEN"), undefined);
        },
    },
    {
        what: "the execution role may ssm:GetParameters exactly that parameter",
        check: (record) => assert.deepEqual(grants(record, "backend-execution", "ssm:GetParameters"), [PARAMETER_ARN]),
    },
    siteFromExample,
];

const ON_LAMBDA: Check[] = [
    builtFromExample,
    {
        what: "SECRETS_FROM holds API_TOKEN's ARN, and the function role may ssm:GetParameter it",
        check: (record) => {
            const variables = lambdaVariables(record);
            assert.equal(typeof variables.SECRETS_FROM, "string", "SECRETS_FROM is set");
            assert.deepEqual(json(variables.SECRETS_FROM), { API_TOKEN: PARAMETER_ARN });
            assert.equal(variables.API_TOKEN, undefined);
            assert.deepEqual(grants(record, "backend-role", "ssm:GetParameter"), [PARAMETER_ARN]);
        },
    },
    {
        what: "the Lambda Web Adapter forwards to 8000 once /healthz answers (AWS_LWA_PORT, AWS_LWA_READINESS_CHECK_PATH)",
        check: (record) => {
            const variables = lambdaVariables(record);
            assert.equal(variables.AWS_LWA_PORT, "8000");
            assert.equal(variables.AWS_LWA_READINESS_CHECK_PATH, "/healthz");
            assert.equal(variables.PORT, "8000");
        },
    },
    {
        what: `GREETING is in the function's environment (${JSON.stringify(GREETING)})`,
        check: (record) => assert.equal(lambdaVariables(record).GREETING, GREETING),
    },
    siteFromExample,
];

const ON_ALB: Check[] = [
    {
        what: "the load balancer's backend target group sends to 8000 and checks /healthz",
        check: (record) => {
            const group = onlyResource(record, "aws:lb/targetGroup:TargetGroup", "load-balancer-backend");
            assert.equal(group.inputs.port, 8000);
            assert.equal((group.inputs.healthCheck as { path: string }).path, "/healthz");
            const service = onlyResource(record, "aws:ecs/service:Service", "backend");
            assert.deepEqual((service.inputs.loadBalancers as { containerPort: number }[]).map((l) => l.containerPort), [8000]);
        },
    },
];

/** The policy pack's verdict with the stack's policy config (and the record's lookups), as the policy CLI passes it. */
async function verdict(record: StackRecord, name: string): Promise<{ mandatory: string[]; unacknowledged: string[] }> {
    const policyConfig = withLookups(readPolicyConfig(defaultConfigFile(name)!), record) as PolicyConfig;
    const found = await check(record, undefined, policyConfig);
    const brief = (v: (typeof found)[number]) => `${v.policy}: ${v.message.slice(0, 160)}`;
    return {
        mandatory: found.filter((v) => v.level === "mandatory").map(brief),
        unacknowledged: found.filter((v) => v.level === "advisory" && !v.message.startsWith(ACKNOWLEDGED)).map(brief),
    };
}

/** The checks pass on the example's record, and each fails on the sample's; AWS's rules find nothing in the plan. */
function checks(name: string, list: Check[]): void {
    let own: StackRecord;
    let sample: StackRecord;
    before(async () => {
        [own, sample] = await Promise.all([stack(name, config), stack(name)]);
    });
    for (const { what, check: run } of list) {
        it(what, () => run(own));
    }
    it("nothing AWS would refuse or run broken (the plan's AWS rules find nothing)", async () => {
        assert.deepEqual((await checkAws(own)).map((f) => `${f.level} ${f.rule}: ${f.message}`), []);
    });
    it("each of these fails on the sample app's stack (none passes by the defaults)", () => {
        for (const { what, check: run } of list) assert.throws(() => run(sample), assert.AssertionError, what);
    });
}

describe(`the own-app example (${EXAMPLE}/stack-config.yaml)`, function () {
    this.timeout(120_000);

    it("holds the two keys as a user pastes them into a stack file, nothing else", () => {
        assert.deepEqual(Object.keys(config), ["shoestring:backend", "shoestring:site"]);
    });

    describe("on stack cheap (Fargate Spot behind the HTTP API and Cloud Map, static site)", () => {
        checks("cheap", ON_ECS);

        it("passes the policy pack with policy/config/cheap.json: no mandatory violation, every advisory acknowledged", async () => {
            assert.deepEqual(await verdict(await stack("cheap", config), "cheap"), { mandatory: [], unacknowledged: [] });
        });

        it("(the verdict can fail: on on-demand Fargate the Spot policy is mandatory)", async () => {
            const { mandatory } = await verdict(await stack("cheap", { ...config, capacity: "fargate" }), "cheap");
            assert.ok(mandatory.some((m) => m.startsWith("ecs-service-uses-fargate-spot: ")), mandatory.join("\n"));
        });
    });

    describe("on stack serverless (the same image on Lambda)", () => {
        checks("serverless", ON_LAMBDA);
    });

    describe("on stack dev (the load balancer checks the path)", () => {
        checks("dev", ON_ALB);
    });

    describe("the example's backend", () => {
        let server: http.Server;
        let base: string;
        const env: NodeJS.ProcessEnv = { GREETING: "hi", API_TOKEN: "t0ken-value-never-shown", FRONTEND_URL: "https://app.example.com/" };
        before(async () => {
            server = createServer(env);
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        });
        after(() => new Promise<void>((resolve) => server.close(() => resolve())));

        it("answers /healthz with 200 and success true (what the deploy workflow's smoke check asks)", async () => {
            const response = await fetch(`${base}/healthz`);
            assert.equal(response.status, 200);
            assert.equal(((await response.json()) as { success?: unknown }).success, true);
        });

        it("answers /api/hello with GREETING and whether API_TOKEN is set, never its value, with CORS for FRONTEND_URL's origin only", async () => {
            const response = await fetch(`${base}/api/hello`, { headers: { Origin: "https://app.example.com" } });
            assert.equal(response.status, 200);
            assert.equal(response.headers.get("access-control-allow-origin"), "https://app.example.com");
            const text = await response.text();
            assert.deepEqual(JSON.parse(text), { greeting: "hi", apiTokenSet: true, secretsFrom: [] });
            assert.ok(!text.includes(String(env.API_TOKEN)));
            const other = await fetch(`${base}/api/hello`, { headers: { Origin: "https://evil.example.com" } });
            assert.equal(other.headers.get("access-control-allow-origin"), null);
        });

        it("on Lambda lists the names SECRETS_FROM gives (never the ARNs), and says API_TOKEN is not set until the app reads it", async () => {
            const lambda = createServer({ SECRETS_FROM: JSON.stringify({ API_TOKEN: PARAMETER_ARN }) });
            await new Promise<void>((resolve) => lambda.listen(0, "127.0.0.1", resolve));
            try {
                const text = await (await fetch(`http://127.0.0.1:${(lambda.address() as AddressInfo).port}/api/hello`)).text();
                assert.deepEqual(JSON.parse(text), { greeting: null, apiTokenSet: false, secretsFrom: ["API_TOKEN"] });
                assert.ok(!text.includes(PARAMETER_ARN));
            } finally {
                await new Promise<void>((resolve) => lambda.close(() => resolve()));
            }
        });
    });
});

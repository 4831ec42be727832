import { afterAll, describe, expect, it } from "vitest";
import { createUser, stackSql } from "../../../support/stack.ts";
import {
  type LocalEndpoint,
  type Outage,
  startOutageEndpoint,
} from "../../../support/unreachable-endpoints.ts";
import { buildFunction, FUNCTION_NAMES, type FunctionUnderTest } from "./function-apps.ts";

const opened: Array<FunctionUnderTest | LocalEndpoint> = [];
afterAll(() => Promise.all(opened.map((item) => item.close())));

function postgresUrlAt(port: number): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres?connect_timeout=1`;
}

/** What every 503 of an outage looks like to a caller: which dependency, when to retry, no internals. */
async function expectOutage(response: Response, dependency: string, retryAfter: string) {
  const text = await response.text();
  expect({ status: response.status, retryAfter: response.headers.get("retry-after") })
    .toEqual({ status: 503, retryAfter });
  const body = JSON.parse(text);
  expect(body).toMatchObject({
    error: { code: "SERVICE_UNAVAILABLE", details: { dependency } },
    requestId: expect.any(String),
  });
  expect(text).not.toMatch(/127\.0\.0\.1|ECONN|postgres|stack|at /i);
}

async function createAdmin() {
  const admin = await createUser("admin");
  await stackSql()`insert into public.user_roles (user_id, role) values (${admin.id}, 'admin')`;
  return admin;
}

async function faultyEndpoint(outage: Outage) {
  const endpoint = await startOutageEndpoint(outage);
  opened.push(endpoint);
  return endpoint;
}

describe.each(["refused", "reset", "silent", "starting-up"] as const)("Postgres %s", (fault) => {
  const endpoint = faultyEndpoint(fault);

  it.each(FUNCTION_NAMES)("%s answers 503 naming the database", async (name) => {
    const { port } = await endpoint;
    const fn = buildFunction(name, { SUPABASE_DB_URL: postgresUrlAt(port) });
    opened.push(fn);
    const user = await createUser(`db-${fault}`);

    const response = await fn.send(user);

    await expectOutage(response, "database", "5");
  });
});

describe.each(["refused", "error", "silent"] as const)("Redis REST %s", (fault) => {
  const endpoint = faultyEndpoint(fault);
  const build = async (name: string) => {
    const fn = buildFunction(name, { UPSTASH_REDIS_REST_URL: (await endpoint).url });
    opened.push(fn);
    return fn;
  };

  it("queue-job answers 503 naming Redis: a job cannot be queued without it", async () => {
    const response = await (await build("queue-job")).send(await createUser("no-redis"));

    await expectOutage(response, "redis", "5");
  });

  it("system-metrics answers 503 naming Redis: queue depths live only there", async () => {
    const response = await (await build("system-metrics")).send(await createAdmin());

    await expectOutage(response, "redis", "5");
  });

  it("enhance-prompt still enhances: its caches and rate limit fail open", async () => {
    const response = await (await build("enhance-prompt")).send(await createUser("no-redis"));

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true });
  });
});

describe.each(["reset", "error"] as const)("Replicate API %s", (fault) => {
  it("queue-job answers 503 naming Replicate for a Replicate model's job", async () => {
    const endpoint = await faultyEndpoint(fault);
    const fn = buildFunction("queue-job", { REPLICATE_API_URL: `${endpoint.url}/v1` });
    opened.push(fn);

    const response = await fn.send(await createUser("no-replicate"), { job_type: "rv51_high" });

    await expectOutage(response, "replicate", "15");
  });
});

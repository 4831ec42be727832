import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "../../../support/stack.ts";
import {
  type LocalEndpoint,
  refusingEndpoint,
  startFaultyEndpoint,
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

describe.each(["refused", "reset", "silent"] as const)("Postgres %s", (fault) => {
  const endpoint = fault === "refused"
    ? refusingEndpoint()
    : startFaultyEndpoint(fault).then((server) => (opened.push(server), server));

  it.each(FUNCTION_NAMES)("%s answers 503 naming the database", async (name) => {
    const { port } = await endpoint;
    const fn = buildFunction(name, { SUPABASE_DB_URL: postgresUrlAt(port) });
    opened.push(fn);
    const user = await createUser(`db-${fault}`);

    const response = await fn.send(user);

    await expectOutage(response, "database", "5");
  });
});

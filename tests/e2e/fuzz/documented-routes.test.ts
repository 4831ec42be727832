import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signStandardWebhook } from "../../../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { makeJob, testRedis } from "../../support/job-factory.ts";
import {
  type FuzzCase,
  generateFuzzCases,
  type OpenApiDocument,
  seededRandom,
} from "../../support/openapi-fuzz.ts";
import { createUser, stack, stackSql } from "../../support/stack.ts";

// Fixed seed and a bounded number of requests per documented operation: a failure reproduces,
// and the run stays a few seconds however many routes the functions grow.
const SEED = 0x5eed_2026;
const CASES_PER_OPERATION = 60;
const PARALLEL_REQUESTS = 4;
const DELIVERY_PREFIX = `fuzz_${Date.now()}_`;

// Who signs what: the functions whose routes declare the Standard Webhooks scheme.
const webhookSecrets: Record<string, string> = {
  "job-callback": stack.workerWebhookSecret,
  "replicate-webhook": stack.replicateWebhookSecret,
};

let user: TestUser;
let existing: string[];
let before: string;
let deliveries = 0;
let requests = 0;

/** Everything an invalid request could have changed: the fuzz user's rows, files and queue entries. */
async function footprint(userId: string): Promise<string> {
  const sql = stackSql();
  const tables = await sql<{ table_name: string }[]>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'user_id'
      -- Request telemetry records every request, refused ones included: that is its job.
      and table_name <> 'system_metrics'
    order by table_name`;
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const [row] = await sql<{ rows: string | null }[]>`
      select string_agg(t::text, ',' order by t::text) as rows
      from ${sql(`public.${table_name}`)} t where user_id = ${userId}`;
    parts.push(`${table_name}: ${row!.rows ?? ""}`);
  }
  const [profile] = await sql`select p::text as row from public.profiles p where id = ${userId}`;
  const objects = await sql`
    select bucket_id, name, updated_at from storage.objects where name like ${`${userId}/%`} order by 1, 2`;
  const [recorded] = await sql<{ count: number }[]>`
    select count(*)::int as count from public.webhook_deliveries where delivery_id like ${`${DELIVERY_PREFIX}%`}`;
  const queued = [];
  for (const queue of ["sdxl_queue", "wan_queue"]) {
    queued.push(
      ...(await testRedis.lrange<string>(queue, 0, -1)).filter((entry) =>
        JSON.stringify(entry).includes(userId)
      ),
    );
  }
  return JSON.stringify({ parts, profile, objects, deliveries: recorded!.count, queued });
}

interface Answer {
  status: number;
  text: string;
}

async function send(fn: string, fuzzCase: FuzzCase): Promise<Answer> {
  // A user's token unless the route is signed: routes that forget to declare bearerAuth still
  // get as far as their validation.
  const headers: Record<string, string> = { authorization: `Bearer ${user.accessToken}` };
  if (fuzzCase.contentType) headers["content-type"] = fuzzCase.contentType;
  if (fuzzCase.security === "standardWebhooks" && typeof fuzzCase.body === "string") {
    const secret = webhookSecrets[fn] ?? stack.workerWebhookSecret;
    Object.assign(
      headers,
      signStandardWebhook(secret, fuzzCase.body, { id: `${DELIVERY_PREFIX}${deliveries++}` }),
    );
  }
  return exchange(`${stack.functionsUrl}${fuzzCase.path}`, fuzzCase.method, headers, fuzzCase.body);
}

/**
 * One request on its own connection. A server may answer (413) and close before the whole body
 * is sent, as servers do with bodies they refuse unread: the answer counts, not the write error.
 */
function exchange(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string | Uint8Array,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, text }));
      res.on("error", reject);
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    req.end(body);
  });
}

/** What is wrong with an answer to an invalid request, or null: never 5xx, always the shared error shape. */
function problemWith({ status, text }: Answer): string | null {
  if (status >= 500) return `${status} ${text.slice(0, 200)}`;
  if (status < 400) return null;
  try {
    const { error, requestId } = JSON.parse(text);
    const shaped = typeof requestId === "string" && typeof error?.code === "string" &&
      typeof error?.message === "string" &&
      (error.fields === undefined || Array.isArray(error.fields));
    return shaped ? null : `${status} not the shared error shape: ${text.slice(0, 200)}`;
  } catch {
    return `${status} not JSON: ${text.slice(0, 200)}`;
  }
}

beforeAll(async () => {
  user = await createUser("fuzz");
  // An admin, so admin routes validate their input instead of stopping at 403.
  await stackSql()`insert into public.user_roles (user_id, role) values (${user.id}, 'admin')`;
  const processing = await makeJob(user, { status: "processing", started_at: new Date() });
  const providerJob = await makeJob(user, {
    job_type: "rv51_fast",
    queue_name: null,
    status: "processing",
  });
  existing = [processing.id, providerJob.id];
  before = await footprint(user.id);
});

afterAll(async () => {
  await stackSql()`delete from public.user_roles where user_id = ${user.id}`;
});

describe("invalid requests to every documented route, generated from the OpenAPI documents", () => {
  it.each(stack.functions)(
    "%s answers each with a 4xx in the shared error shape, never a 5xx",
    async (fn) => {
      const response = await fetch(`${stack.functionsUrl}/${fn}/openapi.json`, {
        headers: { authorization: `Bearer ${stack.anonKey}` },
      });
      const doc = (await response.json()) as OpenApiDocument;
      const cases = generateFuzzCases(doc, { existing }, seededRandom(SEED), CASES_PER_OPERATION);
      requests += cases.length;

      const problems: string[] = [];
      for (let start = 0; start < cases.length; start += PARALLEL_REQUESTS) {
        await Promise.all(
          cases.slice(start, start + PARALLEL_REQUESTS).map(async (fuzzCase) => {
            const problem = problemWith(await send(fn, fuzzCase));
            if (problem) problems.push(`${fuzzCase.label}: ${problem}`);
          }),
        );
      }
      expect(problems).toEqual([]);
    },
  );

  it("changed no row, object, delivery record or queue entry", async () => {
    expect(requests).toBeGreaterThan(200);
    expect(await footprint(user.id)).toEqual(before);
  });
});

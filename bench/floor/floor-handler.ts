// The floor the queue-job benchmark is compared with: the least a submission can do on this
// stack — verify the user's JWT against the JWKS, insert one row, LPUSH one value.
import { Redis } from "@upstash/redis";
import * as jose from "jose";
import postgres from "postgres";

// tsc checks bench/ with Node's types only; this is the part of Deno's API the handler uses.
declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(handler: (request: Request) => Response | Promise<Response>): unknown;
};

const env = Deno.env.toObject();
const jwks = jose.createRemoteJWKSet(new URL(env.SUPABASE_JWKS_URL));
// The same pool as the functions' createDatabase: unnamed statements (pooler-safe), 5 connections.
let statements = 0;
const sql = postgres(env.SUPABASE_DB_URL, {
  prepare: false,
  max: 5,
  debug: () => void statements++,
});
const redis = new Redis({
  url: env.UPSTASH_REDIS_REST_URL,
  token: env.UPSTASH_REDIS_REST_TOKEN,
  enableTelemetry: false,
});
let submissions = 0;

Deno.serve(async (request) => {
  // What the benchmark reads to report the floor's round trips: statements sent per submission.
  if (request.method === "GET") return Response.json({ submissions, statements });
  const token = request.headers.get("authorization")?.replace(/^Bearer /i, "") ?? "";
  let userId: string;
  try {
    userId = String((await jose.jwtVerify(token, jwks)).payload.sub);
  } catch {
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  const body = await request.text();
  const [row] =
    await sql`insert into bench_floor (user_id, body) values (${userId}, ${body}) returning id`;
  await redis.lpush("bench_floor_queue", JSON.stringify({ id: row.id, body }));
  submissions++;
  return Response.json({ jobId: row.id }, { status: 202 });
});

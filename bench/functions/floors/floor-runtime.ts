// What every floor handler shares: the functions' environment, the same Postgres pool and Redis
// client settings as the functions, user JWT and Standard Webhooks verification, and a server
// that answers GET /health and reports the handler's own round trips in Server-Timing.
import { Redis } from "@upstash/redis";
import * as jose from "jose";
import postgres from "postgres";
import { Webhook } from "standardwebhooks";

// tsc checks bench/ with Node's types only; this is the part of Deno's API the floors use.
declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(handler: (request: Request) => Response | Promise<Response>): unknown;
};

export const env = Deno.env.toObject();
// The same pool as the functions' createDatabase: unnamed statements (pooler-safe), 5 connections.
export const sql = postgres(env.SUPABASE_DB_URL, { prepare: false, max: 5, onnotice: () => {} });
export const redis = new Redis({
  url: env.UPSTASH_REDIS_REST_URL,
  token: env.UPSTASH_REDIS_REST_TOKEN,
  enableTelemetry: false,
});
const jwks = jose.createRemoteJWKSet(new URL(env.SUPABASE_JWKS_URL));

/** The user id of a valid bearer token, or null. */
export async function verifyUser(request: Request): Promise<string | null> {
  const token = request.headers.get("authorization")?.replace(/^Bearer /i, "") ?? "";
  try {
    return String((await jose.jwtVerify(token, jwks)).payload.sub);
  } catch {
    return null;
  }
}

/** Whether `body` carries a valid Standard Webhooks signature by the first of `secrets`. */
export function verifyWebhook(secrets: string, request: Request, body: string): boolean {
  try {
    new Webhook(secrets.split(/\s+/)[0]).verify(body, Object.fromEntries(request.headers));
    return true;
  } catch {
    return false;
  }
}

/** Headers of a Storage API call as the service role. */
export const storageHeaders = {
  authorization: `Bearer ${env.SUPABASE_SERVICE_ROLE_KEY}`,
  apikey: env.SUPABASE_SERVICE_ROLE_KEY,
};

/** A response plus the statements and Redis commands the handler sent for it. */
export interface FloorAnswer {
  response: Response;
  db: number;
  redis: number;
}

/**
 * Serves `handle` for every request but GET /health, adding Server-Timing in the functions'
 * format (format-server-timing.ts), so the bench reads both sides the same way.
 */
export function serveFloor(handle: (request: Request) => Promise<FloorAnswer>): void {
  Deno.serve(async (request) => {
    if (request.method === "GET" && new URL(request.url).pathname === "/health") {
      return new Response("ok");
    }
    const startedAt = performance.now();
    // A floor that throws answers why, so the bench's first failure names it.
    const { response, db, redis } = await handle(request).catch((error) =>
      answer({ error: String(error) }, 500)
    );
    const total = (performance.now() - startedAt).toFixed(1);
    response.headers.set(
      "server-timing",
      `total;dur=${total}, db;desc="${db} round trips", redis;desc="${redis} commands"`,
    );
    return response;
  });
}

/** A JSON answer with no round trip counted yet. */
export function answer(body: unknown, status: number, db = 0, redisCommands = 0): FloorAnswer {
  return { response: Response.json(body, { status }), db, redis: redisCommands };
}

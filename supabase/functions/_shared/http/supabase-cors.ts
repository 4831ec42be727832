import { cors } from "hono/cors";

/**
 * CORS as Supabase documents it for edge functions (any origin, the supabase-js headers), plus
 * the headers these functions read. Preflights are answered here, before any auth runs.
 */
export const supabaseCors = cors({
  origin: "*",
  allowHeaders: [
    "authorization",
    "x-client-info",
    "apikey",
    "content-type",
    "idempotency-key",
    "x-request-id",
  ],
  allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  exposeHeaders: ["x-request-id", "retry-after"],
  maxAge: 86400,
});

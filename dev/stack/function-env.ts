import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseEnv } from "node:util";
import type { StackInfo } from "./start-stack.ts";

/**
 * The environment each function gets: what the edge runtime provides (SUPABASE_*), the
 * project's variables pointed at the local stand-ins, then `supabase/functions/.env`, which
 * wins, as with `supabase functions serve`.
 */
export async function functionEnv(options: {
  supabaseDir: string;
  info: Omit<StackInfo, "functions" | "functionEnv">;
  legacyJwtSecret: string;
}): Promise<Record<string, string>> {
  const { info } = options;
  const overridesFile = join(options.supabaseDir, "functions", ".env");
  const overrides = existsSync(overridesFile)
    ? parseEnv(await readFile(overridesFile, "utf8"))
    : {};
  return {
    SUPABASE_URL: info.apiUrl,
    SUPABASE_ANON_KEY: info.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: info.serviceRoleKey,
    SUPABASE_DB_URL: info.dbUrl,
    SUPABASE_JWKS_URL: info.jwksUrl,
    SUPABASE_JWT_SECRET: options.legacyJwtSecret,
    UPSTASH_REDIS_REST_URL: info.redisRestUrl,
    UPSTASH_REDIS_REST_TOKEN: info.redisRestToken,
    WORKER_WEBHOOK_SECRETS: info.workerWebhookSecret,
    REPLICATE_API_URL: info.replicateApiUrl,
    REPLICATE_API_TOKEN: info.replicateApiToken,
    REPLICATE_WEBHOOK_SECRETS: info.replicateWebhookSecret,
    // Outputs are downloaded from the stand-in's own host, which production would refuse.
    REPLICATE_OUTPUT_HOSTS: new URL(info.replicateApiUrl).host,
    ...(overrides as Record<string, string>),
  };
}

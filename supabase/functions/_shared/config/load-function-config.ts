import type { z } from "zod";
import { parseEnv, type RawEnv } from "./parse-env.ts";
import { platformEnvSchema } from "./platform-env-schema.ts";

/** The validated platform variables, with the JWKS URL default filled in. */
export type PlatformConfig =
  & Omit<z.output<typeof platformEnvSchema>, "SUPABASE_JWKS_URL">
  & { SUPABASE_JWKS_URL: string };

/**
 * Parses the platform env plus the variables one function adds, in one pass so every problem is
 * reported at once, and defaults SUPABASE_JWKS_URL to the project's own JWKS endpoint.
 * @example loadFunctionConfig(env, redisEnvSchema.shape)
 */
export function loadFunctionConfig(env: RawEnv): PlatformConfig;
export function loadFunctionConfig<Extra extends z.ZodRawShape>(
  env: RawEnv,
  extra: Extra,
): PlatformConfig & z.output<z.ZodObject<Extra>>;
export function loadFunctionConfig(env: RawEnv, extra = {}): PlatformConfig {
  const parsed = parseEnv(platformEnvSchema.extend(extra), env);
  return {
    ...parsed,
    SUPABASE_JWKS_URL: parsed.SUPABASE_JWKS_URL ??
      `${parsed.SUPABASE_URL.replace(/\/+$/, "")}/auth/v1/.well-known/jwks.json`,
  };
}

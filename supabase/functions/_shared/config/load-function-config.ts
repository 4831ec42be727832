import type { z } from "zod";
import { parseEnv, type RawEnv } from "./parse-env.ts";
import { platformEnvSchema } from "./platform-env-schema.ts";

/** The validated platform variables, with the JWKS URL and auth issuer defaults filled in. */
export type PlatformConfig =
  & Omit<z.output<typeof platformEnvSchema>, "SUPABASE_JWKS_URL" | "SUPABASE_AUTH_ISSUER">
  & { SUPABASE_JWKS_URL: string; SUPABASE_AUTH_ISSUER: string };

/**
 * Parses the platform env plus the variables one function adds, in one pass so every problem is
 * reported at once, and defaults SUPABASE_JWKS_URL and SUPABASE_AUTH_ISSUER to the project's own
 * Auth (`$SUPABASE_URL/auth/v1`), as Supabase Auth issues them.
 * @example loadFunctionConfig(env, redisEnvSchema.shape)
 */
export function loadFunctionConfig(env: RawEnv): PlatformConfig;
export function loadFunctionConfig<Extra extends z.ZodRawShape>(
  env: RawEnv,
  extra: Extra,
): PlatformConfig & z.output<z.ZodObject<Extra>>;
export function loadFunctionConfig(env: RawEnv, extra = {}): PlatformConfig {
  const parsed = parseEnv(platformEnvSchema.extend(extra), env);
  const authUrl = `${parsed.SUPABASE_URL.replace(/\/+$/, "")}/auth/v1`;
  return {
    ...parsed,
    SUPABASE_JWKS_URL: parsed.SUPABASE_JWKS_URL ?? `${authUrl}/.well-known/jwks.json`,
    SUPABASE_AUTH_ISSUER: parsed.SUPABASE_AUTH_ISSUER ?? authUrl,
  };
}

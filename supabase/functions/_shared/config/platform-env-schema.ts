import { z } from "zod";

/**
 * Variables every function reads: the four the edge runtime provides, plus project settings.
 * Extend it with `.extend(redisEnvSchema.shape)` and the like for what one function adds.
 */
export const platformEnvSchema = z.object({
  SUPABASE_URL: z.url(),
  SUPABASE_ANON_KEY: z.string(),
  SUPABASE_SERVICE_ROLE_KEY: z.string(),
  SUPABASE_DB_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  /** Defaults to the project's own JWKS endpoint (see `loadFunctionConfig`). */
  SUPABASE_JWKS_URL: z.url().optional(),
  /** The `iss` of user tokens; defaults to `$SUPABASE_URL/auth/v1` (see `loadFunctionConfig`). */
  SUPABASE_AUTH_ISSUER: z.url().optional(),
  /** Legacy HS256 secret; when set, HS256 user tokens are accepted alongside asymmetric ones. */
  SUPABASE_JWT_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).optional(),
});

import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { rememberVerifiedTokens } from "../_shared/auth/remember-verified-tokens.ts";
import {
  createUserJwtVerifier,
  type UserJwtVerifier,
} from "../_shared/auth/create-user-jwt-verifier.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { redisEnvSchema } from "../_shared/config/redis-env-schema.ts";
import { createDatabase } from "../_shared/db/create-database.ts";
import { createJsonLogger, type Logger } from "../_shared/monitoring/create-json-logger.ts";
import { createRedis } from "../_shared/redis/create-redis.ts";

/** Everything system-metrics' routes use, built once per isolate. */
export interface SystemMetricsDeps {
  logger: Logger;
  verifyUser: UserJwtVerifier;
  sql: Sql;
  redis: Redis;
}

/** Validates system-metrics' env at boot (naming any bad variable) and builds its clients. */
export function loadSystemMetricsDeps(env: RawEnv): SystemMetricsDeps {
  const config = loadFunctionConfig(env, redisEnvSchema.shape);
  return {
    logger: createJsonLogger(config.LOG_LEVEL),
    verifyUser: rememberVerifiedTokens(createUserJwtVerifier({
      jwksUrl: config.SUPABASE_JWKS_URL,
      issuer: config.SUPABASE_AUTH_ISSUER,
      legacyJwtSecret: config.SUPABASE_JWT_SECRET,
    })),
    sql: createDatabase(config.SUPABASE_DB_URL, { max: 2 }),
    redis: createRedis({
      url: config.UPSTASH_REDIS_REST_URL,
      token: config.UPSTASH_REDIS_REST_TOKEN,
    }),
  };
}

import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { z } from "zod";
import {
  createUserJwtVerifier,
  type UserJwtVerifier,
} from "../_shared/auth/create-user-jwt-verifier.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { redisEnvSchema } from "../_shared/config/redis-env-schema.ts";
import { createDatabase } from "../_shared/db/create-database.ts";
import type { DeliveryVerifier } from "../_shared/webhooks/require-signed-delivery.ts";
import { webhookSecretsSchema } from "../_shared/webhooks/webhook-secrets-schema.ts";
import { createJsonLogger, type Logger } from "../_shared/monitoring/create-json-logger.ts";
import { createRedis } from "../_shared/redis/create-redis.ts";
import {
  createReplicateClient,
  type ReplicateClient,
} from "../_shared/replicate/create-replicate-client.ts";
import {
  createServiceStorage,
  type ServiceStorage,
} from "../_shared/storage/create-service-storage.ts";
import { createStandardWebhookVerifier } from "../_shared/webhooks/verify-standard-webhook.ts";

/** What the job-callback app is built from. */
export interface JobCallbackDeps {
  logger: Logger;
  sql: Sql;
  redis: Redis;
  storage: ServiceStorage;
  /** Cancels the predictions of provider jobs the sweep fails. */
  replicate: ReplicateClient;
  /** Checks GPU workers' signatures (WORKER_WEBHOOK_SECRETS). */
  verifyWorker: DeliveryVerifier;
  /** Checks the sweep caller's JWT. */
  verifyJwt: UserJwtVerifier;
}

const REPLICATE_TIMEOUT_MS = 10_000;

/** Validates job-callback's env at boot (throwing with the variable's name) and builds its clients. */
export function loadJobCallbackDeps(env: RawEnv): JobCallbackDeps {
  const config = loadFunctionConfig(env, {
    ...redisEnvSchema.shape,
    WORKER_WEBHOOK_SECRETS: webhookSecretsSchema,
    REPLICATE_API_URL: z.url().default("https://api.replicate.com/v1"),
    REPLICATE_API_TOKEN: z.string(),
  });
  return {
    logger: createJsonLogger(config.LOG_LEVEL),
    sql: createDatabase(config.SUPABASE_DB_URL),
    redis: createRedis({
      url: config.UPSTASH_REDIS_REST_URL,
      token: config.UPSTASH_REDIS_REST_TOKEN,
    }),
    storage: createServiceStorage({
      url: config.SUPABASE_URL,
      serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
    }),
    replicate: createReplicateClient({
      apiUrl: config.REPLICATE_API_URL,
      token: config.REPLICATE_API_TOKEN,
      timeoutMs: REPLICATE_TIMEOUT_MS,
    }),
    verifyWorker: createStandardWebhookVerifier(config.WORKER_WEBHOOK_SECRETS),
    verifyJwt: createUserJwtVerifier({
      jwksUrl: config.SUPABASE_JWKS_URL,
      legacyJwtSecret: config.SUPABASE_JWT_SECRET,
    }),
  };
}

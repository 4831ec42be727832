import { createRateLimiter, type RateLimiter } from "../_shared/admission/create-rate-limiter.ts";
import type { UserJwtVerifier } from "../_shared/auth/create-user-jwt-verifier.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { redisEnvSchema } from "../_shared/config/redis-env-schema.ts";
import {
  buildPromptEnhancer,
  enhancementEnvSchema,
} from "../_shared/enhancement/build-prompt-enhancer.ts";
import type { PromptEnhancer } from "../_shared/enhancement/create-prompt-enhancer.ts";
import type { ReplicateClient } from "../_shared/replicate/create-replicate-client.ts";
import {
  loadReplicateDispatch,
  replicateEnvSchema,
} from "../_shared/replicate/replicate-env-schema.ts";
import { type CoreDeps, loadCoreDeps } from "../_shared/runtime/load-core-deps.ts";
import { loadRedisDeps, type RedisDeps } from "../_shared/runtime/load-redis-deps.ts";
import { loadServiceStorage } from "../_shared/runtime/load-service-storage.ts";
import { loadUserVerifier } from "../_shared/runtime/load-user-verifier.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import { createQueueJobCaches, type QueueJobCaches } from "./create-queue-job-caches.ts";

/** Everything queue-job's routes use, built once per isolate. */
export interface QueueJobDeps extends CoreDeps, RedisDeps {
  verifyUser: UserJwtVerifier;
  caches: QueueJobCaches;
  rateLimiter: RateLimiter;
  storage: ServiceStorage;
  replicate: ReplicateClient;
  /** Where Replicate posts prediction events (the replicate-webhook function). */
  replicateWebhookUrl: string;
  /** Enhances the prompt of a request with `metadata.user_requested_enhancement`. */
  enhancer: PromptEnhancer;
}

const queueJobEnvShape = {
  ...redisEnvSchema.shape,
  ...replicateEnvSchema.shape,
  ...enhancementEnvSchema.shape,
};

/** Validates queue-job's env at boot (naming any bad variable) and builds its clients. */
export function loadQueueJobDeps(env: RawEnv): QueueJobDeps {
  const config = loadFunctionConfig(env, queueJobEnvShape);
  const core = loadCoreDeps(config);
  const { onRedisError, ...redisDeps } = loadRedisDeps(config, core);
  const { redis } = redisDeps;
  return {
    ...core,
    ...redisDeps,
    verifyUser: loadUserVerifier(config),
    caches: createQueueJobCaches(redis, onRedisError),
    rateLimiter: createRateLimiter({ name: "queue-job", redis, onRedisError }),
    storage: loadServiceStorage(config),
    ...loadReplicateDispatch(config),
    enhancer: buildPromptEnhancer({
      ...core,
      ...redisDeps,
      onRedisError,
      env,
      timeoutMs: config.ENHANCEMENT_TIMEOUT_MS,
    }),
  };
}

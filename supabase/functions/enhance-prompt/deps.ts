import { createRateLimiter, type RateLimiter } from "../_shared/admission/create-rate-limiter.ts";
import type { UserJwtVerifier } from "../_shared/auth/create-user-jwt-verifier.ts";
import { CONFIG_CACHE_DOMAINS } from "../_shared/cache-utils/config-cache-domains.ts";
import { type Cache, createCache } from "../_shared/cache-utils/create-cache.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { redisEnvSchema } from "../_shared/config/redis-env-schema.ts";
import {
  buildPromptEnhancer,
  enhancementEnvSchema,
} from "../_shared/enhancement/build-prompt-enhancer.ts";
import type { PromptEnhancer } from "../_shared/enhancement/create-prompt-enhancer.ts";
import { type CoreDeps, loadCoreDeps } from "../_shared/runtime/load-core-deps.ts";
import { loadRedisDeps, type RedisDeps } from "../_shared/runtime/load-redis-deps.ts";
import { loadUserVerifier } from "../_shared/runtime/load-user-verifier.ts";

/** Everything enhance-prompt's routes use, built once per isolate. */
export interface EnhancePromptDeps extends CoreDeps, RedisDeps {
  verifyUser: UserJwtVerifier;
  rateLimiter: RateLimiter;
  enhancer: PromptEnhancer;
  /** Joined negative prompts by model type, content mode and generation mode. */
  caches: { negativePrompts: Cache<string> };
}

/** Validates enhance-prompt's env at boot (naming any bad variable) and builds its clients. */
export function loadEnhancePromptDeps(env: RawEnv): EnhancePromptDeps {
  const config = loadFunctionConfig(env, {
    ...redisEnvSchema.shape,
    ...enhancementEnvSchema.shape,
  });
  const core = loadCoreDeps(config);
  const { onRedisError, ...redisDeps } = loadRedisDeps(config, core);
  const { redis } = redisDeps;
  return {
    ...core,
    ...redisDeps,
    verifyUser: loadUserVerifier(config),
    rateLimiter: createRateLimiter({ name: "enhance-prompt", redis, onRedisError }),
    caches: {
      negativePrompts: createCache({
        name: CONFIG_CACHE_DOMAINS.negativePrompts,
        redis,
        ttlSeconds: 300,
        memoryTtlSeconds: 60,
        onRedisError,
      }),
    },
    enhancer: buildPromptEnhancer({
      ...core,
      ...redisDeps,
      onRedisError,
      env,
      timeoutMs: config.ENHANCEMENT_TIMEOUT_MS,
    }),
  };
}

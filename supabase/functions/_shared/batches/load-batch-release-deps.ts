import type { z } from "zod";
import type { PlatformConfig } from "../config/load-function-config.ts";
import { redisEnvSchema } from "../config/redis-env-schema.ts";
import { loadReplicateDispatch, replicateEnvSchema } from "../replicate/replicate-env-schema.ts";
import { type CoreDeps, loadCoreDeps } from "../runtime/load-core-deps.ts";
import { loadRedisDeps } from "../runtime/load-redis-deps.ts";
import type { BatchReleaseDeps } from "./release-batch-items.ts";

/** Variables a function needs once it releases batch items: Redis queues and Replicate. */
export const batchReleaseEnvSchema = redisEnvSchema.extend(replicateEnvSchema.shape);

/**
 * Builds the core clients and those releasing needs from validated env, for the functions that
 * release batch items after a job finishes (job-callback, replicate-webhook); they spread it into
 * their deps.
 */
export function loadBatchReleaseDeps(
  config: PlatformConfig & z.output<typeof batchReleaseEnvSchema>,
): BatchReleaseDeps & Required<CoreDeps> {
  const core = loadCoreDeps(config);
  const { onRedisError: _onRedisError, ...redisDeps } = loadRedisDeps(config, core);
  return { ...core, ...redisDeps, ...loadReplicateDispatch(config) };
}

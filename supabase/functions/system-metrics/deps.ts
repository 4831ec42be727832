import type { UserJwtVerifier } from "../_shared/auth/create-user-jwt-verifier.ts";
import {
  createRefreshingValue,
  type RefreshingValue,
} from "../_shared/cache-utils/create-refreshing-value.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { redisEnvSchema } from "../_shared/config/redis-env-schema.ts";
import { type CoreDeps, loadCoreDeps } from "../_shared/runtime/load-core-deps.ts";
import { loadRedisDeps, type RedisDeps } from "../_shared/runtime/load-redis-deps.ts";
import { loadUserVerifier } from "../_shared/runtime/load-user-verifier.ts";
import type { DeliveryVerifier } from "../_shared/webhooks/require-signed-delivery.ts";
import { createStandardWebhookVerifier } from "../_shared/webhooks/verify-standard-webhook.ts";
import { webhookSecretsSchema } from "../_shared/webhooks/webhook-secrets-schema.ts";
import type { PeriodMetrics } from "./read-system-metrics.ts";

/** Everything system-metrics' routes use, built once per isolate. */
export interface SystemMetricsDeps extends CoreDeps, RedisDeps {
  /** Verifies admins' tokens and the service role key of the scheduled routes. */
  verifyUser: UserJwtVerifier;
  /** Checks workers' registration and heartbeat signatures (WORKER_WEBHOOK_SECRETS). */
  verifyWorker: DeliveryVerifier;
  /**
   * The metrics' hour and day aggregates, which cover every job of the day (about a second to
   * compute on a busy day). Shared by isolates through Redis and refreshed in the background once
   * 20 s old, so an admin never waits for them after the first computation; kept 5 min.
   */
  periodCache: RefreshingValue<PeriodMetrics>;
  /** How the health check reaches workers' `/health`. */
  fetch: typeof fetch;
}

/** Validates system-metrics' env at boot (naming any bad variable) and builds its clients. */
export function loadSystemMetricsDeps(env: RawEnv): SystemMetricsDeps {
  const config = loadFunctionConfig(env, {
    ...redisEnvSchema.shape,
    WORKER_WEBHOOK_SECRETS: webhookSecretsSchema,
  });
  const core = loadCoreDeps(config, { maxConnections: 2 });
  const { onRedisError, ...redisDeps } = loadRedisDeps(config, core);
  return {
    ...core,
    ...redisDeps,
    verifyUser: loadUserVerifier(config),
    verifyWorker: createStandardWebhookVerifier(config.WORKER_WEBHOOK_SECRETS),
    periodCache: createRefreshingValue({
      name: "system-metrics-periods",
      redis: redisDeps.redis,
      refreshAfterSeconds: 20,
      maxAgeSeconds: 300,
      memoryTtlSeconds: 10,
      onRedisError,
      onRefreshError: (error) =>
        core.logger("warn", { event: "period_metrics_not_refreshed", error: String(error) }),
    }),
    fetch: globalThis.fetch,
  };
}

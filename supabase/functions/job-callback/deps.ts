import {
  createUserJwtVerifier,
  type UserJwtVerifier,
} from "../_shared/auth/create-user-jwt-verifier.ts";
import {
  batchReleaseEnvSchema,
  loadBatchReleaseDeps,
} from "../_shared/batches/load-batch-release-deps.ts";
import type { BatchReleaseDeps } from "../_shared/batches/release-batch-items.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import { createDatabase } from "../_shared/db/create-database.ts";
import {
  createTelemetryWriter,
  type TelemetrySink,
} from "../_shared/monitoring/create-telemetry-writer.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import type { DeliveryVerifier } from "../_shared/webhooks/require-signed-delivery.ts";
import { webhookSecretsSchema } from "../_shared/webhooks/webhook-secrets-schema.ts";
import {
  createServiceStorage,
  type ServiceStorage,
} from "../_shared/storage/create-service-storage.ts";
import { createStandardWebhookVerifier } from "../_shared/webhooks/verify-standard-webhook.ts";

/** What the job-callback app is built from. */
export interface JobCallbackDeps extends BatchReleaseDeps {
  /** Stores each request's wide event in `system_metrics`, batched after the response. */
  telemetry?: TelemetrySink;
  storage: ServiceStorage;
  /** Checks GPU workers' signatures (WORKER_WEBHOOK_SECRETS). */
  verifyWorker: DeliveryVerifier;
  /** Checks the sweep caller's JWT. */
  verifyJwt: UserJwtVerifier;
}

/** Validates job-callback's env at boot (throwing with the variable's name) and builds its clients. */
export function loadJobCallbackDeps(env: RawEnv): JobCallbackDeps {
  const config = loadFunctionConfig(env, {
    ...batchReleaseEnvSchema.shape,
    WORKER_WEBHOOK_SECRETS: webhookSecretsSchema,
  });
  const release = loadBatchReleaseDeps(config);
  return {
    ...release,
    telemetry: createTelemetryWriter({
      sql: createDatabase(config.SUPABASE_DB_URL, { max: 1 }),
      logger: release.logger,
    }),
    storage: createServiceStorage({
      url: config.SUPABASE_URL,
      serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
    }),
    verifyWorker: createStandardWebhookVerifier(config.WORKER_WEBHOOK_SECRETS),
    verifyJwt: createUserJwtVerifier({
      jwksUrl: config.SUPABASE_JWKS_URL,
      issuer: config.SUPABASE_AUTH_ISSUER,
      legacyJwtSecret: config.SUPABASE_JWT_SECRET,
    }),
  };
}

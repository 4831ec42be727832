import type { UserJwtVerifier } from "../_shared/auth/create-user-jwt-verifier.ts";
import {
  batchReleaseEnvSchema,
  loadBatchReleaseDeps,
} from "../_shared/batches/load-batch-release-deps.ts";
import type { BatchReleaseDeps } from "../_shared/batches/release-batch-items.ts";
import type { CoreDeps } from "../_shared/runtime/load-core-deps.ts";
import { loadServiceStorage } from "../_shared/runtime/load-service-storage.ts";
import { loadUserVerifier } from "../_shared/runtime/load-user-verifier.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import type { OutputDownloadPolicy } from "../_shared/replicate/download-output.ts";
import {
  loadOutputDownloadPolicy,
  outputDownloadEnvSchema,
} from "../_shared/replicate/output-download-env.ts";
import type { DeliveryVerifier } from "../_shared/webhooks/require-signed-delivery.ts";
import { webhookSecretsSchema } from "../_shared/webhooks/webhook-secrets-schema.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import { createStandardWebhookVerifier } from "../_shared/webhooks/verify-standard-webhook.ts";

/** What the job-callback app is built from. */
export interface JobCallbackDeps extends BatchReleaseDeps, CoreDeps {
  storage: ServiceStorage;
  /** How the sweep copies the outputs of predictions whose webhooks were lost. */
  downloads: OutputDownloadPolicy;
  /** Checks GPU workers' signatures (WORKER_WEBHOOK_SECRETS). */
  verifyWorker: DeliveryVerifier;
  /** Checks the sweep caller's JWT. */
  verifyUser: UserJwtVerifier;
}

/** Validates job-callback's env at boot (throwing with the variable's name) and builds its clients. */
export function loadJobCallbackDeps(env: RawEnv): JobCallbackDeps {
  const config = loadFunctionConfig(env, {
    ...batchReleaseEnvSchema.shape,
    ...outputDownloadEnvSchema.shape,
    WORKER_WEBHOOK_SECRETS: webhookSecretsSchema,
  });
  return {
    ...loadBatchReleaseDeps(config),
    storage: loadServiceStorage(config),
    downloads: loadOutputDownloadPolicy(config),
    verifyWorker: createStandardWebhookVerifier(config.WORKER_WEBHOOK_SECRETS),
    verifyUser: loadUserVerifier(config),
  };
}

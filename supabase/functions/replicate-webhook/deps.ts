import {
  batchReleaseEnvSchema,
  loadBatchReleaseDeps,
} from "../_shared/batches/load-batch-release-deps.ts";
import type { BatchReleaseDeps } from "../_shared/batches/release-batch-items.ts";
import type { CoreDeps } from "../_shared/runtime/load-core-deps.ts";
import { loadServiceStorage } from "../_shared/runtime/load-service-storage.ts";
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

/** What the replicate-webhook app is built from (the release deps: a finished job releases batch items). */
export interface ReplicateWebhookDeps extends BatchReleaseDeps, CoreDeps {
  storage: ServiceStorage;
  /** Checks Replicate's signatures (REPLICATE_WEBHOOK_SECRETS). */
  verifyReplicate: DeliveryVerifier;
  downloads: OutputDownloadPolicy;
}

/** Validates replicate-webhook's env at boot (throwing with the variable's name) and builds its clients. */
export function loadReplicateWebhookDeps(env: RawEnv): ReplicateWebhookDeps {
  const config = loadFunctionConfig(env, {
    ...batchReleaseEnvSchema.shape,
    ...outputDownloadEnvSchema.shape,
    REPLICATE_WEBHOOK_SECRETS: webhookSecretsSchema,
  });
  return {
    ...loadBatchReleaseDeps(config),
    storage: loadServiceStorage(config),
    verifyReplicate: createStandardWebhookVerifier(config.REPLICATE_WEBHOOK_SECRETS),
    downloads: loadOutputDownloadPolicy(config),
  };
}

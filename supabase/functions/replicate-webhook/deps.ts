import { z } from "zod";
import {
  batchReleaseEnvSchema,
  loadBatchReleaseDeps,
} from "../_shared/batches/load-batch-release-deps.ts";
import type { BatchReleaseDeps } from "../_shared/batches/release-batch-items.ts";
import type { CoreDeps } from "../_shared/runtime/load-core-deps.ts";
import { loadServiceStorage } from "../_shared/runtime/load-service-storage.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import type { DeliveryVerifier } from "../_shared/webhooks/require-signed-delivery.ts";
import { webhookSecretsSchema } from "../_shared/webhooks/webhook-secrets-schema.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import { createStandardWebhookVerifier } from "../_shared/webhooks/verify-standard-webhook.ts";
import type { OutputDownloadPolicy } from "./download-output.ts";
import { parseOutputHosts } from "./output-hosts.ts";

/** What the replicate-webhook app is built from (the release deps: a finished job releases batch items). */
export interface ReplicateWebhookDeps extends BatchReleaseDeps, CoreDeps {
  storage: ServiceStorage;
  /** Checks Replicate's signatures (REPLICATE_WEBHOOK_SECRETS). */
  verifyReplicate: DeliveryVerifier;
  downloads: OutputDownloadPolicy;
}

const replicateEnvShape = {
  ...batchReleaseEnvSchema.shape,
  REPLICATE_WEBHOOK_SECRETS: webhookSecretsSchema,
  /** Hosts outputs may be fetched from; Replicate serves them from replicate.delivery. */
  REPLICATE_OUTPUT_HOSTS: z.string().default("replicate.delivery,*.replicate.delivery"),
  /** Largest output accepted, in bytes; defaults to the workspace-temp bucket's limit (100 MiB). */
  REPLICATE_OUTPUT_MAX_BYTES: z.coerce.number().int().positive().default(100 * 1024 * 1024),
  /** Largest total of one prediction's outputs, in bytes. */
  REPLICATE_OUTPUT_MAX_TOTAL_BYTES: z.coerce.number().int().positive().default(256 * 1024 * 1024),
  /** Time allowed for downloading one output, in milliseconds. */
  REPLICATE_OUTPUT_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
};

/** Validates replicate-webhook's env at boot (throwing with the variable's name) and builds its clients. */
export function loadReplicateWebhookDeps(env: RawEnv): ReplicateWebhookDeps {
  const config = loadFunctionConfig(env, replicateEnvShape);
  return {
    ...loadBatchReleaseDeps(config),
    storage: loadServiceStorage(config),
    verifyReplicate: createStandardWebhookVerifier(config.REPLICATE_WEBHOOK_SECRETS),
    downloads: {
      hosts: parseOutputHosts(config.REPLICATE_OUTPUT_HOSTS),
      maxBytes: config.REPLICATE_OUTPUT_MAX_BYTES,
      maxTotalBytes: config.REPLICATE_OUTPUT_MAX_TOTAL_BYTES,
      timeoutMs: config.REPLICATE_OUTPUT_TIMEOUT_MS,
    },
  };
}

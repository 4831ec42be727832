import { z } from "zod";
import type { PlatformConfig } from "../config/load-function-config.ts";
import { createReplicateClient, type ReplicateClient } from "./create-replicate-client.ts";

/** Variables a function needs once it creates or cancels Replicate predictions. */
export const replicateEnvSchema = z.object({
  REPLICATE_API_URL: z.url().default("https://api.replicate.com/v1"),
  REPLICATE_API_TOKEN: z.string(),
  /** Defaults to the project's replicate-webhook function. */
  REPLICATE_WEBHOOK_URL: z.url().optional(),
});

const REPLICATE_TIMEOUT_MS = 10_000;

/** The Replicate client and the webhook URL predictions report to, from validated env. */
export function loadReplicateDispatch(
  config: Pick<PlatformConfig, "SUPABASE_URL"> & z.output<typeof replicateEnvSchema>,
): { replicate: ReplicateClient; replicateWebhookUrl: string } {
  return {
    replicate: createReplicateClient({
      apiUrl: config.REPLICATE_API_URL,
      token: config.REPLICATE_API_TOKEN,
      timeoutMs: REPLICATE_TIMEOUT_MS,
    }),
    replicateWebhookUrl: config.REPLICATE_WEBHOOK_URL ??
      `${config.SUPABASE_URL.replace(/\/+$/, "")}/functions/v1/replicate-webhook`,
  };
}

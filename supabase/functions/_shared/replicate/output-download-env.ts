import { z } from "zod";
import type { OutputDownloadPolicy } from "./download-output.ts";
import { parseOutputHosts } from "./output-hosts.ts";

/** Variables of the functions that copy prediction outputs into Storage (replicate-webhook, the sweep). */
export const outputDownloadEnvSchema = z.object({
  /** Hosts outputs may be fetched from; Replicate serves them from replicate.delivery. */
  REPLICATE_OUTPUT_HOSTS: z.string().default("replicate.delivery,*.replicate.delivery"),
  /** Largest output accepted, in bytes; defaults to the workspace-temp bucket's limit (100 MiB). */
  REPLICATE_OUTPUT_MAX_BYTES: z.coerce.number().int().positive().default(100 * 1024 * 1024),
  /** Largest total of one prediction's outputs, in bytes. */
  REPLICATE_OUTPUT_MAX_TOTAL_BYTES: z.coerce.number().int().positive().default(256 * 1024 * 1024),
  /** Time allowed for downloading one output, in milliseconds. */
  REPLICATE_OUTPUT_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
});

/** The download policy from validated env. */
export function loadOutputDownloadPolicy(
  config: z.output<typeof outputDownloadEnvSchema>,
): OutputDownloadPolicy {
  return {
    hosts: parseOutputHosts(config.REPLICATE_OUTPUT_HOSTS),
    maxBytes: config.REPLICATE_OUTPUT_MAX_BYTES,
    maxTotalBytes: config.REPLICATE_OUTPUT_MAX_TOTAL_BYTES,
    timeoutMs: config.REPLICATE_OUTPUT_TIMEOUT_MS,
  };
}

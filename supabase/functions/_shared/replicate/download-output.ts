import { ServiceUnavailableError, ValidationError } from "../errors/app-error.ts";
import { RETRY_AFTER_SECONDS } from "../errors/dependency-failure.ts";
import { isAllowedOutputUrl, type OutputHosts } from "./output-hosts.ts";

/** Where and how much the function may download. */
export interface OutputDownloadPolicy {
  hosts: OutputHosts;
  /** The largest output accepted. */
  maxBytes: number;
  /** The most all outputs of one prediction may weigh together. */
  maxTotalBytes: number;
  timeoutMs: number;
}

/** A downloaded output. */
export interface DownloadedOutput {
  bytes: Uint8Array;
  contentType: string;
}

/** Output types the workspace accepts, with the file extension each is stored under. */
export const OUTPUT_EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "video/mp4": "mp4",
};

const MAX_REDIRECTS = 3;

/**
 * Downloads one prediction output within the policy: every hop (redirects are followed by hand)
 * must be an allowed host, the type must be an accepted output type, the size within the limit
 * (and within `remainingBytes` of the prediction's total) and the whole transfer within the
 * timeout. A bad output is a ValidationError naming `field`; an unreachable host is a
 * ServiceUnavailableError, so Replicate retries the webhook.
 */
export async function downloadOutput(
  output: string,
  field: string,
  policy: OutputDownloadPolicy,
  remainingBytes: number,
): Promise<DownloadedOutput> {
  const invalid = (message: string) => new ValidationError([field], `${field}: ${message}`);
  let url = URL.parse(output);
  const signal = AbortSignal.timeout(policy.timeoutMs);
  for (let hop = 0; url && hop <= MAX_REDIRECTS; hop++) {
    if (!isAllowedOutputUrl(url, policy.hosts)) {
      throw invalid(`${url.host} is not an allowed output host`);
    }
    const response = await fetch(url, { redirect: "manual", signal }).catch((cause: unknown) => {
      throw outputHostDown("The prediction output could not be downloaded", cause);
    });
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = URL.parse(location, url);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      if (response.status >= 500) {
        throw outputHostDown("The prediction output host failed");
      }
      throw invalid(`the output is not available (HTTP ${response.status})`);
    }
    const contentType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim()
      .toLowerCase();
    if (!(contentType in OUTPUT_EXTENSIONS)) {
      await response.body?.cancel();
      throw invalid(`${contentType || "an untyped file"} is not an accepted output type`);
    }
    const limit = Math.min(policy.maxBytes, remainingBytes);
    const bytes = await readAtMost(response, limit).catch((cause: unknown) => {
      if (cause instanceof ValidationError) throw cause;
      throw outputHostDown("The prediction output could not be downloaded", cause);
    });
    if (!bytes) {
      throw invalid(
        limit < policy.maxBytes
          ? `the outputs are larger than ${policy.maxTotalBytes} bytes together`
          : `the output is larger than ${policy.maxBytes} bytes`,
      );
    }
    return { bytes, contentType };
  }
  throw invalid(url ? "the output redirects too often" : "not a URL");
}

// Counts while reading: a missing or false Content-Length cannot get past the limit.
async function readAtMost(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Replicate's output host is down or slow: Replicate redelivers the webhook after the 503. */
function outputHostDown(reason: string, cause?: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(reason, {
    cause,
    dependency: "replicate",
    retryAfterSeconds: RETRY_AFTER_SECONDS.replicate,
  });
}

import { REFERENCE_BUCKETS } from "../_shared/storage/bucket-names.ts";
import type { ActiveJob } from "./find-active-job.ts";

/** A stored reference image: bucket and bucket-relative name. */
export interface ReferenceObject {
  bucket: string;
  name: string;
}

/** The reference names workers know (queue payload `metadata`), with the `config` key of each. */
const REFERENCE_KEYS = {
  reference_image_url: "image",
  start_reference_url: "first_frame",
  end_reference_url: "last_frame",
} as const;

export type ReferenceKey = keyof typeof REFERENCE_KEYS;

const STORAGE_OBJECT_URL = /\/storage\/v1\/object\/(?:sign|public|authenticated)\/([^/]+)\/(.+)$/;

/**
 * The job's reference images, found in its metadata or stored queue payload, whether stored as
 * `<bucket>/<path>` or as (possibly expired) Storage URLs. Only files of the job's owner count.
 */
export function findReferenceObjects(
  job: ActiveJob,
): Partial<Record<ReferenceKey, ReferenceObject>> {
  const payload = job.queue_payload ?? {};
  const payloadMetadata = asRecord(payload.metadata);
  const payloadConfig = asRecord(payload.config);
  const found: Partial<Record<ReferenceKey, ReferenceObject>> = {};
  for (const [key, configKey] of Object.entries(REFERENCE_KEYS) as [ReferenceKey, string][]) {
    const candidates = [job.metadata[key], payloadMetadata[key], payloadConfig[configKey]];
    const reference = candidates.map(parseReference).find((ref) =>
      ref && ownedBy(ref, job.user_id)
    );
    if (reference) found[key] = reference;
  }
  return found;
}

function parseReference(value: unknown): ReferenceObject | null {
  if (typeof value !== "string" || value === "") return null;
  if (/^https?:\/\//i.test(value)) {
    const match = STORAGE_OBJECT_URL.exec(safePathname(value));
    return match
      ? { bucket: decodeURIComponent(match[1]!), name: decodeURIComponent(match[2]!) }
      : null;
  }
  const [bucket = "", ...rest] = value.replace(/^\/+/, "").split("/");
  return { bucket, name: rest.join("/") };
}

function ownedBy({ bucket, name }: ReferenceObject, userId: string): boolean {
  return (REFERENCE_BUCKETS as readonly string[]).includes(bucket) &&
    name.startsWith(`${userId}/`) &&
    !name.split("/").some((segment) => segment === "" || segment === "." || segment === "..");
}

function safePathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : {};
}

import { storageErrors } from "./storage-error.ts";

/** An uploaded file as hosted Storage reads it from the request. */
export interface UploadBody {
  bytes: Uint8Array;
  mimeType: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | null;
}

/**
 * Reads an upload in either form supabase-js sends: raw bytes described by headers (`content-type`,
 * `cache-control`, base64 JSON `x-metadata`), or a multipart form holding one file plus the fields
 * `cacheControl`, `contentType` and `metadata`. Bodies larger than `maxBytes` are refused.
 */
export async function readUploadBody(request: Request, maxBytes: number): Promise<UploadBody> {
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.startsWith("multipart/form-data")) return readMultipartBody(request, maxBytes);

  if (Number(request.headers.get("content-length")) > maxBytes) {
    throw storageErrors.entityTooLarge();
  }
  return {
    bytes: await readAtMost(request, maxBytes),
    mimeType: contentType || "application/octet-stream",
    cacheControl: request.headers.get("cache-control") ?? "no-cache",
    userMetadata: parseJsonObject(decodeBase64(request.headers.get("x-metadata"))),
  };
}

async function readMultipartBody(request: Request, maxBytes: number): Promise<UploadBody> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw storageErrors.invalidRequest("No content provided");
  }
  const file = [...form.values()].find((value): value is File => typeof value !== "string");
  if (!file) throw storageErrors.invalidRequest("No content provided");
  if (file.size > maxBytes) throw storageErrors.entityTooLarge();

  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value !== "" ? value : null;
  };
  const cacheTime = field("cacheControl");
  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    mimeType: field("contentType") ?? (file.type || "application/octet-stream"),
    cacheControl: cacheTime ? `max-age=${cacheTime}` : "no-cache",
    userMetadata: parseJsonObject(field("metadata")),
  };
}

// Counts while reading so a body without (or with a false) Content-Length cannot exceed the limit.
async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw storageErrors.entityTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function decodeBase64(value: string | null): string | null {
  return value === null ? null : Buffer.from(value, "base64").toString("utf8");
}

function parseJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { createJsonLogger } from "../../../supabase/functions/_shared/monitoring/create-json-logger.ts";
import { createServiceStorage } from "../../../supabase/functions/_shared/storage/create-service-storage.ts";
import { createSignedUrlCache } from "../../../supabase/functions/_shared/storage/create-signed-url-cache.ts";
import { createWorkspaceActionsApp } from "../../../supabase/functions/workspace-actions/app.ts";
import {
  loadWorkspaceActionsDeps,
  type WorkspaceActionsDeps,
} from "../../../supabase/functions/workspace-actions/deps.ts";
import { createSupabaseClient } from "../../support/create-supabase-client.ts";
import {
  makeJobRow,
  makeLibraryItem,
  makeWorkspaceAsset,
} from "../../support/database-factories.ts";
import { stack, stackSql } from "../../support/stack.ts";

type Values = Record<string, unknown>;

/** Distinct bytes per call, so a copy can be told from its source's neighbours. */
export function pngBytes(): Uint8Array {
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...crypto.getRandomValues(new Uint8Array(24)),
  ]);
}

/** Storage as the service role, for arranging and asserting (tests only). */
export function adminStorage() {
  return createSupabaseClient(stack.apiUrl, stack.serviceRoleKey).storage;
}

/** Uploads real bytes to `bucket/path`. */
export async function upload(
  bucket: string,
  path: string,
  bytes: Uint8Array,
  contentType = "image/png",
) {
  const { error } = await adminStorage().from(bucket).upload(path, bytes, { contentType });
  if (error) throw new Error(`upload of ${bucket}/${path} failed: ${error.message}`);
}

/** The object's bytes, or null when Storage has no such object. */
export async function download(bucket: string, path: string): Promise<Uint8Array | null> {
  const { data, error } = await adminStorage().from(bucket).download(path);
  return error ? null : new Uint8Array(await data.arrayBuffer());
}

/** Every object name a user has in `bucket` (from storage.objects, the same database). */
export async function objectsOf(bucket: string, userId: string): Promise<string[]> {
  const rows = await stackSql()<{ name: string }[]>`
    select name from storage.objects where bucket_id = ${bucket} and name like ${`${userId}/%`} order by name`;
  return rows.map((row) => row.name);
}

/** The removal records waiting for a user's objects. */
export async function pendingRemovalsOf(userId: string) {
  return stackSql()<
    { bucket_id: string; object_path: string; attempts: number; last_error: string | null }[]
  >`
    select bucket_id, object_path, attempts, last_error from public.storage_removals
    where object_path like ${`${userId}/%`} order by bucket_id, object_path`;
}

/**
 * A generated workspace item: a completed job (or `inJob`), its asset row, and the file and
 * thumbnail in workspace-temp.
 */
export async function makeWorkspaceItem(
  user: TestUser,
  overrides: { job?: Values; asset?: Values; inJob?: Awaited<ReturnType<typeof makeJobRow>> } = {},
) {
  const sql = stackSql();
  const job = overrides.inJob ??
    await makeJobRow(sql, user.id, {
      status: "completed",
      completed_at: new Date(),
      ...overrides.job,
    });
  const index = (overrides.asset?.asset_index as number | undefined) ?? 0;
  const file = pngBytes();
  const thumbnail = pngBytes();
  const path = `${user.id}/${job.id}/${index}.png`;
  const thumbnailPath = `${user.id}/${job.id}/${index}.thumb.webp`;
  await upload("workspace-temp", path, file);
  await upload("workspace-temp", thumbnailPath, thumbnail, "image/webp");
  const asset = await makeWorkspaceAsset(sql, job, {
    temp_storage_path: path,
    thumbnail_path: thumbnailPath,
    file_size_bytes: file.length,
    original_prompt: "a lighthouse at dusk",
    model_used: "sdxl",
    generation_seed: 1234,
    width: 1024,
    height: 1024,
    generation_settings: { steps: 25 },
    ...overrides.asset,
  });
  return { job, asset, path, thumbnailPath, file, thumbnail };
}

/** A saved library item with its file and thumbnail in user-library. */
export async function makeLibraryEntry(user: TestUser, overrides: Values = {}) {
  const id = crypto.randomUUID();
  const file = pngBytes();
  const thumbnail = pngBytes();
  const path = `${user.id}/${id}.png`;
  const thumbnailPath = `${user.id}/${id}.thumb.webp`;
  await upload("user-library", path, file);
  await upload("user-library", thumbnailPath, thumbnail, "image/webp");
  const item = await makeLibraryItem(stackSql(), user.id, {
    id,
    storage_path: path,
    thumbnail_path: thumbnailPath,
    file_size_bytes: file.length,
    ...overrides,
  });
  return { item, path, thumbnailPath, file, thumbnail };
}

/**
 * The deps the function builds from the stack's env, logging into `logLines`. `storageFetch`
 * replaces the HTTP client of the Storage client only, to stand in for a failing hosted Storage;
 * `dbUrl` points the database client elsewhere (a faulty network in front of the stack's Postgres).
 */
export function workspaceActionsDeps(
  options: { storageFetch?: typeof fetch; dbUrl?: string; logLines?: Record<string, unknown>[] } =
    {},
): WorkspaceActionsDeps {
  const lines = options.logLines ?? [];
  const env = options.dbUrl
    ? { ...stack.functionEnv, SUPABASE_DB_URL: options.dbUrl }
    : stack.functionEnv;
  const deps = {
    ...loadWorkspaceActionsDeps(env),
    logger: createJsonLogger("debug", (line) => lines.push(JSON.parse(line))),
  };
  if (!options.storageFetch) return deps;
  const storage = createServiceStorage({
    url: stack.functionEnv.SUPABASE_URL,
    serviceRoleKey: stack.functionEnv.SUPABASE_SERVICE_ROLE_KEY,
    fetch: options.storageFetch,
  });
  return {
    ...deps,
    storage,
    signedUrls: createSignedUrlCache({ storage, expiresInSeconds: 3600 }),
  };
}

/** An in-process app over the real database and Storage, with `call` to send JSON as a user. */
export function workspaceActionsApp(deps: WorkspaceActionsDeps = workspaceActionsDeps()) {
  const app = createWorkspaceActionsApp(deps);
  const call = async (
    user: TestUser | string | null,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const token = typeof user === "string" ? user : user?.accessToken;
    const response = await app.request(`/workspace-actions${path}`, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      headers: response.headers,
    };
  };
  return { app, deps, call, close: () => deps.sql.end() };
}

/** One Storage request as the faulty fetch sees it: `operation` is "copy", "sign", "remove" or "other". */
export interface StorageRequest {
  method: string;
  url: string;
  operation: "copy" | "sign" | "remove" | "other";
}

/**
 * A fetch for the Storage client that answers the requests `failWhen` picks the way an outage of
 * hosted Storage looks to supabase-js (HTTP 503); `before` runs first on every request.
 */
export function faultyStorageFetch(options: {
  failWhen: (request: StorageRequest) => boolean;
  before?: (request: StorageRequest) => Promise<void>;
}): typeof fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const request = { method, url, operation: operationOf(method, new URL(url).pathname) };
    await options.before?.(request);
    if (options.failWhen(request)) {
      return Response.json({
        statusCode: "503",
        error: "Service Unavailable",
        message: "storage is down",
      }, { status: 503 });
    }
    return fetch(input, init);
  };
}

/**
 * A fetch for the Storage client that never hands back the answer to `operation` requests, as a
 * dropped connection looks: each such request still reaches Storage a moment later and takes
 * effect. `arrivals` collects those late requests, so a test can wait for them.
 */
export function unansweredStorageFetch(
  operation: StorageRequest["operation"],
  arrivals: Promise<unknown>[],
): typeof fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    if (operationOf(method, new URL(url).pathname) !== operation) return fetch(input, init);
    arrivals.push(
      new Promise((resolve) => setTimeout(resolve, 100)).then(() => fetch(input, init)),
    );
    throw new TypeError("fetch failed: the connection was reset");
  };
}

function operationOf(method: string, path: string): StorageRequest["operation"] {
  if (path.endsWith("/object/copy")) return "copy";
  if (path.includes("/object/sign/")) return "sign";
  if (method === "DELETE") return "remove";
  return "other";
}

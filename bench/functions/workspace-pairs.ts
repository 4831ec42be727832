import type { Sql } from "postgres";
import type { TestUser } from "../../dev/auth/create-test-user.ts";
import { createServiceStorage } from "../../supabase/functions/_shared/storage/create-service-storage.ts";
import type { BenchContext, RoutePair } from "./bench-context.ts";
import { bearer, poolDriver, postJson } from "./pool-driver.ts";

const LISTED_ITEMS = 100;
const PAGE_SIZE = 50;
const UPLOAD_CONCURRENCY = 16;
// A valid 1×1 PNG: Storage records image/png and its size.
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

interface WorkspaceAsset {
  id: string;
  owner: TestUser;
}

/** `GET /workspace-actions/workspace?limit=50`: the first page of a 100-item workspace. */
export async function workspaceListPair(context: BenchContext): Promise<RoutePair> {
  const owner = context.users[0];
  await arrangeWorkspaceAssets(context, [owner], LISTED_ITEMS);
  const list = (url: string) => () =>
    fetch(`${url}?limit=${PAGE_SIZE}`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
  // A full page, every item with a signed URL.
  const accepts = (status: number, body: string) => {
    if (status !== 200) return false;
    const { items } = JSON.parse(body) as { items: { url?: string }[] };
    return items.length === PAGE_SIZE && items.every((item) => typeof item.url === "string");
  };
  return {
    route: "workspace-actions list",
    fn: "workspace-actions",
    floorFile: "bench/functions/floors/workspace-list-floor.ts",
    floorHealthPath: "/health",
    routeDriver: { send: list(`${context.functionUrl("workspace-actions")}/workspace`), accepts },
    floorDriver: (origin) => ({ send: list(`${origin}/`), accepts }),
  };
}

/** `POST /workspace-actions/library`: one workspace item saved to the library per request. */
export async function workspaceSavePair(context: BenchContext): Promise<RoutePair> {
  const owners = context.users.slice(1);
  const [routeAssets, floorAssets] = [
    await arrangeWorkspaceAssets(context, owners, context.requestsPerSide),
    await arrangeWorkspaceAssets(context, owners, context.requestsPerSide),
  ];
  const driver = (url: string, assets: WorkspaceAsset[]) =>
    poolDriver(assets, {
      send: (asset) =>
        postJson(url, JSON.stringify({ asset_ids: [asset.id] }), bearer(asset.owner.accessToken)),
      accepts: (status, body) => status === 200 && body.includes('"created":true'),
      effects: (measured) => savedWithFile(context.sql, measured.map((asset) => asset.id)),
    });
  return {
    route: "workspace-actions save",
    fn: "workspace-actions",
    floorFile: "bench/functions/floors/workspace-save-floor.ts",
    floorHealthPath: "/health",
    routeDriver: driver(`${context.functionUrl("workspace-actions")}/library`, routeAssets),
    floorDriver: (origin) => driver(`${origin}/`, floorAssets),
  };
}

/** `count` workspace items (a completed job each, its file in workspace-temp), owners in turn. */
async function arrangeWorkspaceAssets(
  { sql, stack }: BenchContext,
  owners: TestUser[],
  count: number,
): Promise<WorkspaceAsset[]> {
  const ownerOf = (i: number) => owners[i % owners.length];
  const jobs = await sql<{ id: string; user_id: string }[]>`
    insert into public.jobs (user_id, job_type, model_type, format, quality, status, completed_at, original_prompt)
    select owner, 'sdxl_image_fast', 'sdxl', 'image', 'fast', 'completed', now(), 'bench prompt'
    from unnest(${Array.from({ length: count }, (_, i) => ownerOf(i).id)}::uuid[])
      with ordinality as o (owner, n)
    order by n
    returning id, user_id`;
  const paths = jobs.map((job) => `${job.user_id}/${job.id}/0.png`);
  const storage = createServiceStorage({ url: stack.apiUrl, serviceRoleKey: stack.serviceRoleKey });
  let next = 0;
  await Promise.all(Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
    while (next < paths.length) {
      const path = paths[next++];
      const { error } = await storage.from("workspace-temp").upload(path, png, {
        contentType: "image/png",
      });
      if (error) throw new Error(`uploading ${path} failed: ${error.message}`);
    }
  }));
  // Distinct creation times, newest first in arrangement order.
  const assets = await sql<{ id: string }[]>`
    insert into public.workspace_assets (
      user_id, job_id, asset_index, asset_type, temp_storage_path, file_size_bytes, mime_type,
      width, height, original_prompt, model_used, created_at
    )
    select j.user_id, j.id, 0, 'image', j.path, ${png.length}, 'image/png', 1, 1, 'bench prompt',
      'sdxl', now() - make_interval(secs => j.n)
    from unnest(${jobs.map((job) => job.id)}::uuid[], ${jobs.map((job) => job.user_id)}::uuid[],
      ${paths}::text[]) with ordinality as j (id, user_id, path, n)
    order by j.n
    returning id`;
  return assets.map((asset, i) => ({ id: asset.id, owner: ownerOf(i) }));
}

/** How many of the workspace items have a library item whose file is in user-library. */
async function savedWithFile(sql: Sql, assetIds: string[]): Promise<number> {
  const [row] = await sql<{ saved: number }[]>`
    select count(*)::integer as saved from public.user_library l
    join storage.objects o on o.bucket_id = 'user-library' and o.name = l.storage_path
    where l.workspace_asset_id = any(${assetIds}::uuid[])`;
  return row.saved;
}

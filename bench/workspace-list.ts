import postgres from "postgres";
import { createTestUser } from "../dev/auth/create-test-user.ts";
import type { RunningStack } from "../dev/stack/start-stack.ts";
import { createServiceStorage } from "../supabase/functions/_shared/storage/create-service-storage.ts";
import { type LatencySummary, measureLatency } from "./lib/measure-latency.ts";
import { parseServerTiming } from "./lib/parse-server-timing.ts";

/** What one list request costs besides its latency, read from its Server-Timing header. */
export interface ListRequestCost {
  ms: number;
  dbRoundTrips: number;
  redisCommands: number;
  storageMs: number;
}

export interface WorkspaceListReport {
  items: number;
  pageSize: number;
  seedMs: number;
  /** A page whose URLs the function signs now (one Storage call for the page). */
  coldRequest: ListRequestCost;
  /** A page whose signed URLs come from the function's cache. */
  warmRequest: ListRequestCost;
  /** All 20 pages walked in order with `next_cursor`, every page signed fresh. */
  coldPageWalk: LatencySummary;
  /** The same walk again, URLs from the cache. */
  warmPageWalk: LatencySummary;
  /** The first page under load, concurrent clients in a closed loop. */
  firstPage: LatencySummary[];
}

const ITEMS = 1000;
const IMAGES_PER_JOB = 4;
const PAGE_SIZE = 50;
const UPLOAD_CONCURRENCY = 16;
const png = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...new Array(120).fill(7),
]);

/**
 * Seeds 1,000 workspace items (rows and real files) for one user, then measures
 * `GET /workspace-actions/workspace` through the API origin, as the frontend calls it.
 */
export async function benchWorkspaceList(stack: RunningStack): Promise<WorkspaceListReport> {
  const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
  try {
    const user = await createTestUser(sql, stack.keys, {
      email: `bench-${crypto.randomUUID().slice(0, 8)}@example.test`,
    });
    const seedStartedAt = performance.now();
    await seedWorkspace(sql, stack, user.id);
    const seedMs = Math.round(performance.now() - seedStartedAt);

    const url = `${stack.functionsUrl}/workspace-actions/workspace`;
    const headers = { authorization: `Bearer ${user.accessToken}` };
    const list = (query = "") => fetch(`${url}?limit=${PAGE_SIZE}${query}`, { headers });

    const coldCosts: ListRequestCost[] = [];
    const coldPageWalk = await walkPages(list, coldCosts);
    const warmPageWalk = await walkPages(list);
    const warmRequest = await costOf(list);
    const firstPage: LatencySummary[] = [];
    for (const concurrency of [1, 8, 32]) {
      await measureLatency(list, { requests: 50, concurrency }); // warm-up
      firstPage.push(await measureLatency(list, { requests: 500, concurrency }));
    }
    return {
      items: ITEMS,
      pageSize: PAGE_SIZE,
      seedMs,
      coldRequest: coldCosts[0],
      warmRequest,
      coldPageWalk,
      warmPageWalk,
      firstPage,
    };
  } finally {
    await sql.end();
  }
}

async function seedWorkspace(
  sql: postgres.Sql,
  stack: RunningStack,
  userId: string,
): Promise<void> {
  const jobs = await sql<{ id: string }[]>`
    insert into public.jobs (user_id, job_type, model_type, format, quality, status, completed_at, original_prompt)
    select ${userId}, 'sdxl_image_fast', 'sdxl', 'image', 'fast', 'completed', now(), 'bench prompt ' || i
    from generate_series(1, ${ITEMS / IMAGES_PER_JOB}) as i
    returning id`;
  const assets = jobs.flatMap((job) =>
    Array.from({ length: IMAGES_PER_JOB }, (_, index) => ({
      job_id: job.id,
      asset_index: index,
      path: `${userId}/${job.id}/${index}.png`,
      thumbnail: `${userId}/${job.id}/${index}.thumb.webp`,
    }))
  );
  const storage = createServiceStorage({ url: stack.apiUrl, serviceRoleKey: stack.serviceRoleKey });
  const uploads = assets.flatMap((asset) => [
    { path: asset.path, contentType: "image/png" },
    { path: asset.thumbnail, contentType: "image/webp" },
  ]);
  let next = 0;
  await Promise.all(Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
    while (next < uploads.length) {
      const { path, contentType } = uploads[next++];
      const { error } = await storage.from("workspace-temp").upload(path, png, { contentType });
      if (error) throw new Error(`seeding ${path} failed: ${error.message}`);
    }
  }));
  // Distinct creation times, one per item, so the newest-first order is the seeding order.
  await sql`
    insert into public.workspace_assets (
      user_id, job_id, asset_index, asset_type, temp_storage_path, thumbnail_path,
      file_size_bytes, mime_type, width, height, generation_seed, original_prompt, model_used, created_at
    )
    select ${userId}, a.job_id, a.asset_index, 'image', a.path, a.thumbnail, ${png.length}, 'image/png',
           1024, 1024, a.ordinality, 'bench prompt', 'sdxl', now() - make_interval(secs => a.ordinality)
    from unnest(
      ${assets.map((a) => a.job_id)}::uuid[], ${assets.map((a) => a.asset_index)}::int[],
      ${assets.map((a) => a.path)}::text[], ${assets.map((a) => a.thumbnail)}::text[]
    ) with ordinality as a (job_id, asset_index, path, thumbnail, ordinality)`;
}

async function costOf(send: () => Promise<Response>): Promise<ListRequestCost> {
  const startedAt = performance.now();
  const response = await send();
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`list answered ${response.status}`);
  return {
    ms: round(performance.now() - startedAt),
    ...requestCost(response.headers.get("server-timing")),
  };
}

/** Walks every page in order with `next_cursor`, one request at a time; `costs` gets each page's cost. */
async function walkPages(
  list: (query?: string) => Promise<Response>,
  costs: ListRequestCost[] = [],
): Promise<LatencySummary> {
  let cursor: string | null = null;
  const send = async () => {
    const startedAt = performance.now();
    const response = await list(cursor ? `&cursor=${cursor}` : "");
    const body = (await response.clone().json()) as { next_cursor: string | null };
    costs.push({
      ms: round(performance.now() - startedAt),
      ...requestCost(response.headers.get("server-timing")),
    });
    cursor = body.next_cursor;
    return response;
  };
  return measureLatency(send, { requests: ITEMS / PAGE_SIZE, concurrency: 1 });
}

function requestCost(header: string | null): Omit<ListRequestCost, "ms"> {
  const { dbRoundTrips, redisCommands, storageMs } = parseServerTiming(header);
  return { dbRoundTrips, redisCommands, storageMs };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

import { randomUUID } from "node:crypto";
import type { ISql } from "postgres";

type Values = Record<string, unknown>;
type Row = Values & { id: string };

/** Inserts one row as the connection's role (the superuser in fixtures) and returns it. */
export async function insertRow<T extends Values = Row>(
  sql: ISql,
  table: string,
  values: Values,
): Promise<T> {
  const [row] = await sql`insert into ${sql(table)} ${
    sql(values as Record<string, never>)
  } returning *`;
  return row as unknown as T;
}

/** A bare jobs row on any connection (no payload, no ledger entry): for database-level tests. */
export function makeJobRow(sql: ISql, userId: string, overrides: Values = {}): Promise<Row> {
  return insertRow(sql, "public.jobs", {
    user_id: userId,
    job_type: "sdxl_image_fast",
    model_type: "sdxl",
    format: "image",
    quality: "fast",
    queue_name: "sdxl_queue",
    original_prompt: "a lighthouse at dusk",
    ...overrides,
  });
}

export function makeWorkspaceAsset(sql: ISql, job: Row, overrides: Values = {}): Promise<Row> {
  const assetIndex = (overrides.asset_index as number | undefined) ?? 0;
  return insertRow(sql, "public.workspace_assets", {
    user_id: job.user_id,
    job_id: job.id,
    asset_index: assetIndex,
    asset_type: "image",
    temp_storage_path: `${job.user_id}/${job.id}/${assetIndex}.png`,
    mime_type: "image/png",
    file_size_bytes: 1024,
    ...overrides,
  });
}

export function makeLibraryItem(sql: ISql, userId: string, overrides: Values = {}): Promise<Row> {
  return insertRow(sql, "public.user_library", {
    user_id: userId,
    asset_type: "image",
    storage_path: `${userId}/${randomUUID()}.png`,
    file_size_bytes: 2048,
    mime_type: "image/png",
    original_prompt: "a lighthouse at dusk",
    model_used: "sdxl",
    ...overrides,
  });
}

export function makeCharacter(
  sql: ISql,
  userId: string | null,
  overrides: Values = {},
): Promise<Row> {
  return insertRow(sql, "public.characters", {
    user_id: userId,
    name: "Mira",
    description: "A lighthouse keeper who collects stories from passing ships.",
    ...overrides,
  });
}

export function makeConversation(sql: ISql, userId: string, overrides: Values = {}): Promise<Row> {
  return insertRow(sql, "public.conversations", {
    user_id: userId,
    title: "Harbour talk",
    ...overrides,
  });
}

import type { Sql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import { NotFoundError } from "../../_shared/errors/app-error.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import type { ObjectCopy } from "../../_shared/storage/copy-objects.ts";
import type { ServiceStorage } from "../../_shared/storage/create-service-storage.ts";
import type { SettingsReader } from "../../_shared/settings/create-settings-reader.ts";
import { cancelRemovals } from "../../_shared/storage/schedule-removals.ts";
import { copyObjectsForRows } from "./copy-objects-for-rows.ts";
import { libraryCopyJob } from "./library-copy-job.ts";
import { objectsOf, workspaceCopyPaths } from "../shared/storage-layout.ts";
import { LIBRARY_BUCKET, WORKSPACE_BUCKET } from "../../_shared/storage/bucket-names.ts";

/** The workspace asset a library item was copied back as; `created` is false when a copy was already there. */
export interface WorkspaceCopy {
  workspace_asset_id: string;
  job_id: string;
  created: boolean;
}

interface LibrarySource {
  storage_path: string;
  thumbnail_path: string | null;
  copy_id: string | null;
  copy_job_id: string | null;
}

/**
 * Copies a library item back into the workspace for another round of variations: the objects go
 * to `workspace-temp/<user_id>/<job_id>/0.<ext>` of a new completed job, and a workspace asset
 * row points at them, kept for `workspace.asset_ttl_days` like a generated output. While an earlier
 * copy is still in the workspace, that copy is the answer.
 */
export async function copyToWorkspace(
  deps: { sql: Sql; storage: ServiceStorage; settings: SettingsReader },
  user: AuthUser,
  itemId: string,
): Promise<WorkspaceCopy> {
  const { "workspace.asset_ttl_days": ttlDays } = await deps.settings.read([
    "workspace.asset_ttl_days",
  ]);
  const [item] = await withUserTransaction(deps.sql, user, (tx) =>
    tx<LibrarySource[]>`
      select l.storage_path, l.thumbnail_path, copy.id as copy_id, copy.job_id as copy_job_id
      from public.user_library l
      left join lateral (
        select wa.id, wa.job_id from public.workspace_assets wa
        where wa.user_id = l.user_id and wa.generation_settings ->> 'library_item_id' = l.id::text
        order by wa.created_at desc
        limit 1
      ) copy on true
      where l.id = ${itemId}`);
  if (!item) throw new NotFoundError("library item", itemId);
  if (item.copy_id && item.copy_job_id) {
    return { workspace_asset_id: item.copy_id, job_id: item.copy_job_id, created: false };
  }

  const jobId = crypto.randomUUID();
  const assetId = crypto.randomUUID();
  const source = { path: item.storage_path, thumbnailPath: item.thumbnail_path };
  const target = workspaceCopyPaths(user.id, jobId, source);
  const copies: ObjectCopy[] = [{
    from: { bucket: LIBRARY_BUCKET, path: source.path },
    to: { bucket: WORKSPACE_BUCKET, path: target.path },
  }];
  if (source.thumbnailPath && target.thumbnailPath) {
    copies.push({
      from: { bucket: LIBRARY_BUCKET, path: source.thumbnailPath },
      to: { bucket: WORKSPACE_BUCKET, path: target.thumbnailPath },
    });
  }

  return copyObjectsForRows<WorkspaceCopy>(deps, copies, async (tx) => {
    // Ownership check in the inserting transaction. The lock keeps the item until the copy exists
    // and makes a concurrent copy of the same item wait, then find this one and drop its own.
    const [owned] = await tx<
      {
        asset_type: "image" | "video";
        original_prompt: string;
        generation_settings: Record<string, unknown>;
      }[]
    >`
      select asset_type, original_prompt, generation_settings from public.user_library
      where id = ${itemId} and user_id = ${user.id}
      for update`;
    if (!owned) throw new NotFoundError("library item", itemId);
    const [copied] = await tx<{ id: string; job_id: string }[]>`
      select id, job_id from public.workspace_assets
      where user_id = ${user.id} and generation_settings ->> 'library_item_id' = ${itemId}
      order by created_at desc
      limit 1`;
    if (copied) {
      return {
        result: { workspace_asset_id: copied.id, job_id: copied.job_id, created: false },
        owned: [],
      };
    }
    const job = libraryCopyJob(owned.asset_type, owned.generation_settings);
    await tx`
      insert into public.jobs (
        id, user_id, job_type, model_type, format, quality, status, destination,
        original_prompt, metadata, progress, completed_at
      ) values (
        ${jobId}, ${user.id}, ${job.job_type}, ${job.model_type}, ${job.format}, ${job.quality},
        'completed', 'workspace', ${owned.original_prompt},
        ${tx.json({ source: "library_copy", library_item_id: itemId })}, 100, now()
      )`;
    await tx`
      insert into public.workspace_assets (
        id, user_id, job_id, asset_index, asset_type, temp_storage_path, thumbnail_path,
        file_size_bytes, mime_type, duration_seconds, width, height, generation_seed,
        original_prompt, model_used, generation_settings, expires_at
      )
      select ${assetId}, l.user_id, ${jobId}, 0, l.asset_type, ${target.path}, ${target.thumbnailPath},
             l.file_size_bytes, l.mime_type, l.duration_seconds, l.width, l.height, l.generation_seed,
             l.original_prompt, l.model_used,
             l.generation_settings || jsonb_build_object('source', 'library_copy', 'library_item_id', l.id),
             now() + make_interval(days => ${ttlDays}::integer)
      from public.user_library l
      where l.id = ${itemId}`;
    const copiesOwned = objectsOf(WORKSPACE_BUCKET, [target]);
    await cancelRemovals(tx, copiesOwned);
    return {
      result: { workspace_asset_id: assetId, job_id: jobId, created: true },
      owned: copiesOwned,
    };
  });
}

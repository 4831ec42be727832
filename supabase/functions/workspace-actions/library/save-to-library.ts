import type { Sql, TransactionSql } from "postgres";
import type { AuthUser } from "../../_shared/auth/require-user.ts";
import type { RowOf } from "../../_shared/db/row-of.ts";
import { ConflictError, NotFoundError } from "../../_shared/errors/app-error.ts";
import { withUserTransaction } from "../../_shared/db/with-user-transaction.ts";
import type { ObjectCopy } from "../../_shared/storage/copy-objects.ts";
import type { ServiceStorage } from "../../_shared/storage/create-service-storage.ts";
import { assertCollectionVisible } from "./collection-reference.ts";
import { isCollectionGone } from "./collection-reference.ts";
import { copyObjectsForRows, type InsertOutcome } from "./copy-objects-for-rows.ts";
import { type AssetPaths, libraryPaths, objectsOf } from "../shared/storage-layout.ts";
import { LIBRARY_BUCKET, WORKSPACE_BUCKET } from "../../_shared/storage/bucket-names.ts";

/** How saved items are filed. */
export interface SaveOptions {
  collectionId?: string | null;
  customTitle?: string | null;
  tags?: string[];
}

/** The library item a workspace asset is saved as; `created` is false when it was saved before. */
export interface SavedAsset {
  workspace_asset_id: string;
  library_item_id: string;
  created: boolean;
}

/** A workspace asset to save, with the library item it was saved as before, if any. */
type SourceRow =
  & Pick<RowOf<"workspace_assets">, "id" | "temp_storage_path" | "thumbnail_path">
  & { library_item_id: string | null };

interface SavePlan {
  assetId: string;
  itemId: string;
  source: AssetPaths;
  target: AssetPaths;
}

/**
 * Saves workspace assets to the library: copies file and thumbnail into
 * `user-library/<user_id>/<item_id>.<ext>` and inserts a user_library row carrying the generation
 * metadata. An asset saved before answers with its existing item. All or nothing: an id the
 * caller cannot see is a 404 before anything is copied.
 */
export async function saveToLibrary(
  deps: { sql: Sql; storage: ServiceStorage },
  user: AuthUser,
  assetIds: string[],
  options: SaveOptions,
): Promise<SavedAsset[]> {
  const ids = [...new Set(assetIds)];
  const sources = await withUserTransaction(deps.sql, user, async (tx) => {
    if (options.collectionId) await assertCollectionVisible(tx, options.collectionId);
    return tx<SourceRow[]>`
      select wa.id, wa.temp_storage_path, wa.thumbnail_path, l.id as library_item_id
      from public.workspace_assets wa
      left join public.user_library l on l.workspace_asset_id = wa.id
      where wa.id = any(${ids}::uuid[])`;
  });
  if (sources.length !== ids.length) throw new NotFoundError("workspace asset", ids.join(","));

  const saved = new Map<string, SavedAsset>();
  for (const source of sources) {
    if (source.library_item_id) {
      saved.set(source.id, savedAs(source.id, source.library_item_id, false));
    }
  }
  const plans = sources.filter((source) => !source.library_item_id).map((source): SavePlan => {
    const itemId = crypto.randomUUID();
    const paths = { path: source.temp_storage_path, thumbnailPath: source.thumbnail_path };
    return {
      assetId: source.id,
      itemId,
      source: paths,
      target: libraryPaths(user.id, itemId, paths),
    };
  });
  if (plans.length > 0) {
    const created = await copyObjectsForRows(
      deps,
      plans.flatMap(copiesOf),
      (tx) => insertLibraryItems(tx, user, plans, options),
    );
    for (const item of created) saved.set(item.workspace_asset_id, item);
  }
  return ids.flatMap((id) => saved.get(id) ?? []);
}

function copiesOf(plan: SavePlan): ObjectCopy[] {
  const copies = [{
    from: { bucket: WORKSPACE_BUCKET, path: plan.source.path },
    to: { bucket: LIBRARY_BUCKET, path: plan.target.path },
  }];
  if (plan.source.thumbnailPath && plan.target.thumbnailPath) {
    copies.push({
      from: { bucket: WORKSPACE_BUCKET, path: plan.source.thumbnailPath },
      to: { bucket: LIBRARY_BUCKET, path: plan.target.thumbnailPath },
    });
  }
  return copies;
}

async function insertLibraryItems(
  tx: TransactionSql,
  user: AuthUser,
  plans: SavePlan[],
  options: SaveOptions,
): Promise<InsertOutcome<SavedAsset[]>> {
  const assetIds = plans.map((plan) => plan.assetId);
  // One statement checks ownership, inserts the items and un-records the removal of the copies
  // they now own. The share lock on the assets makes a concurrent discard wait until the library
  // rows exist; an asset not owned (any more) rolls the whole insert back.
  const [{ owned, inserted }] = await tx<
    { owned: number; inserted: { id: string; workspace_asset_id: string }[] }[]
  >`
    with owned as (
      select id from public.workspace_assets
      where id = any(${assetIds}::uuid[]) and user_id = ${user.id}
      for share
    ),
    inserted as (
      insert into public.user_library (
        id, user_id, workspace_asset_id, asset_type, storage_path, thumbnail_path, file_size_bytes,
        mime_type, duration_seconds, width, height, original_prompt, model_used, generation_seed,
        generation_settings, collection_id, custom_title, tags, content_category
      )
      select plan.item_id, wa.user_id, wa.id, wa.asset_type, plan.storage_path, plan.thumbnail_path,
             coalesce(wa.file_size_bytes, (o.metadata ->> 'size')::bigint, 0),
             coalesce(wa.mime_type, o.metadata ->> 'mimetype',
                      case wa.asset_type when 'video' then 'video/mp4' else 'image/png' end),
             wa.duration_seconds, wa.width, wa.height,
             coalesce(wa.original_prompt, j.original_prompt, ''),
             coalesce(wa.model_used, j.model_type, j.job_type),
             wa.generation_seed,
             wa.generation_settings || jsonb_strip_nulls(jsonb_build_object(
               'job_id', j.id, 'job_type', j.job_type, 'model_type', j.model_type,
               'quality', j.quality, 'enhanced_prompt', j.enhanced_prompt,
               'workspace_session_id', j.workspace_session_id)),
             ${options.collectionId ?? null}, ${options.customTitle ?? null},
             ${[...new Set(options.tags ?? [])]}::text[],
             case when j.metadata ->> 'contentType' in ('sfw', 'nsfw') then j.metadata ->> 'contentType' end
      from unnest(
        ${assetIds}::uuid[], ${plans.map((plan) => plan.itemId)}::uuid[],
        ${plans.map((plan) => plan.target.path)}::text[],
        ${plans.map((plan) => plan.target.thumbnailPath)}::text[]
      ) as plan (asset_id, item_id, storage_path, thumbnail_path)
      join owned on owned.id = plan.asset_id
      join public.workspace_assets wa on wa.id = plan.asset_id
      join public.jobs j on j.id = wa.job_id
      left join storage.objects o on o.bucket_id = ${WORKSPACE_BUCKET} and o.name = wa.temp_storage_path
      on conflict (workspace_asset_id) do nothing
      returning id, workspace_asset_id, storage_path, thumbnail_path
    ),
    unscheduled as (
      delete from public.storage_removals r
      using inserted i
      where r.bucket_id = ${LIBRARY_BUCKET} and r.object_path in (i.storage_path, i.thumbnail_path)
    )
    select (select count(*)::integer from owned) as owned,
      (select coalesce(json_agg(json_build_object('id', id, 'workspace_asset_id', workspace_asset_id)), '[]')
       from inserted) as inserted`.catch((error) => {
    throw isCollectionGone(error)
      ? new NotFoundError("collection", options.collectionId ?? undefined)
      : error;
  });
  if (owned !== plans.length) throw new NotFoundError("workspace asset", assetIds.join(","));

  // A concurrent save of the same asset won: answer with its item; this request's copies go.
  const insertedIds = new Set(inserted.map((row) => row.workspace_asset_id));
  const lost = assetIds.filter((id) => !insertedIds.has(id));
  const existing = lost.length === 0 ? [] : await tx<{ id: string; workspace_asset_id: string }[]>`
    select id, workspace_asset_id from public.user_library where workspace_asset_id = any(${lost}::uuid[])`;
  if (existing.length !== lost.length) {
    throw new ConflictError("Another request changed these items while saving; try again");
  }
  return {
    result: [
      ...inserted.map((row) => savedAs(row.workspace_asset_id, row.id, true)),
      ...existing.map((row) => savedAs(row.workspace_asset_id, row.id, false)),
    ],
    owned: objectsOf(
      LIBRARY_BUCKET,
      plans.filter((plan) => insertedIds.has(plan.assetId)).map((plan) => plan.target),
    ),
  };
}

function savedAs(assetId: string, itemId: string, created: boolean): SavedAsset {
  return { workspace_asset_id: assetId, library_item_id: itemId, created };
}

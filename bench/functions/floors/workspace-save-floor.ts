// The floor of saving a workspace item to the library: verify the JWT, one statement that
// inserts the library row (and answers the file's path), one Storage copy of the file.
import { answer, env, serveFloor, sql, storageHeaders, verifyUser } from "./floor-runtime.ts";

serveFloor(async (request) => {
  const userId = await verifyUser(request);
  if (!userId) return answer({ error: "unauthorized" }, 401);
  const { asset_ids: [assetId] } = (await request.json()) as { asset_ids: string[] };
  const itemId = crypto.randomUUID();
  const [row] = await sql<{ source: string; target: string }[]>`
    insert into public.user_library (
      id, user_id, workspace_asset_id, asset_type, storage_path, file_size_bytes, mime_type,
      original_prompt, model_used
    )
    select ${itemId}, wa.user_id, wa.id, wa.asset_type, ${userId} || '/' || ${itemId} || '.png',
      coalesce(wa.file_size_bytes, 0), coalesce(wa.mime_type, 'image/png'),
      coalesce(wa.original_prompt, ''), coalesce(wa.model_used, 'sdxl')
    from public.workspace_assets wa where wa.id = ${assetId} and wa.user_id = ${userId}
    returning (select temp_storage_path from public.workspace_assets where id = ${assetId}) as source,
      storage_path as target`;
  if (!row) return answer({ error: "no such workspace item" }, 404, 1);
  const copy = await fetch(`${env.SUPABASE_URL}/storage/v1/object/copy`, {
    method: "POST",
    headers: { ...storageHeaders, "content-type": "application/json" },
    body: JSON.stringify({
      bucketId: "workspace-temp",
      sourceKey: row.source,
      destinationBucket: "user-library",
      destinationKey: row.target,
    }),
  });
  await copy.body?.cancel();
  if (!copy.ok) return answer({ error: "storage refused the copy" }, 503, 1);
  return answer(
    {
      items: [{ workspace_asset_id: assetId, library_item_id: itemId, created: true }],
      saved: 1,
      already_saved: 0,
    },
    200,
    1,
  );
});

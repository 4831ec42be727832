// The floor of a workspace page: verify the JWT, one statement for the page, one Storage call
// that signs its URLs.
import { answer, env, serveFloor, sql, storageHeaders, verifyUser } from "./floor-runtime.ts";

serveFloor(async (request) => {
  const userId = await verifyUser(request);
  if (!userId) return answer({ error: "unauthorized" }, 401);
  const limit = Number(new URL(request.url).searchParams.get("limit") ?? 50);
  const rows = await sql<{ id: string; temp_storage_path: string; created_at: Date }[]>`
    select id, temp_storage_path, asset_type, mime_type, width, height, original_prompt, created_at
    from public.workspace_assets where user_id = ${userId}
    order by created_at desc, id desc limit ${limit + 1}`;
  const page = rows.slice(0, limit);
  const signing = await fetch(`${env.SUPABASE_URL}/storage/v1/object/sign/workspace-temp`, {
    method: "POST",
    headers: { ...storageHeaders, "content-type": "application/json" },
    body: JSON.stringify({ expiresIn: 3600, paths: page.map((row) => row.temp_storage_path) }),
  });
  if (!signing.ok) return answer({ error: "storage refused to sign" }, 503, 1);
  const signed = (await signing.json()) as { signedURL: string }[];
  return answer(
    {
      items: page.map((row, i) => ({ ...row, url: signed[i]?.signedURL })),
      next_cursor: rows.length > limit ? page.at(-1)!.id : null,
    },
    200,
    1,
  );
});

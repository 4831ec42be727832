// The floor of a succeeded Replicate prediction: verify the signature, read the job's owner (its
// folder), download each output and store it in workspace-temp, then one statement that completes
// the job with its assets.
import { answer, env, serveFloor, sql, storageHeaders, verifyWebhook } from "./floor-runtime.ts";

serveFloor(async (request) => {
  const body = await request.text();
  if (!verifyWebhook(env.REPLICATE_WEBHOOK_SECRETS, request, body)) {
    return answer({ error: "bad signature" }, 401);
  }
  const jobId = new URL(request.url).searchParams.get("job_id") ?? "";
  const prediction = JSON.parse(body) as { id: string; output: string[] };
  const [job] = await sql<{ user_id: string }[]>`
    select user_id from public.jobs
    where id = ${jobId} and queue_name is null and status in ('queued', 'processing')`;
  if (!job) return answer({ error: "no such running job" }, 404, 1);
  const paths: string[] = [];
  for (const [index, url] of prediction.output.entries()) {
    const download = await fetch(url);
    if (!download.ok) return answer({ error: "output unreachable" }, 503, 1);
    const path = `${job.user_id}/${jobId}/${index}.png`;
    const upload = await fetch(`${env.SUPABASE_URL}/storage/v1/object/workspace-temp/${path}`, {
      method: "POST",
      headers: { ...storageHeaders, "content-type": "image/png", "x-upsert": "true" },
      body: await download.arrayBuffer(),
    });
    await upload.body?.cancel();
    if (!upload.ok) return answer({ error: "storage refused the output" }, 503, 1);
    paths.push(path);
  }
  const [row] = await sql`
    with job as (
      update public.jobs set status = 'completed', progress = 100, completed_at = now(),
        provider_prediction_id = ${prediction.id}
      where id = ${jobId} and queue_name is null and status in ('queued', 'processing')
      returning id, user_id, original_prompt
    ), saved as (
      insert into public.workspace_assets (
        user_id, job_id, asset_index, asset_type, temp_storage_path, mime_type, original_prompt
      )
      select job.user_id, job.id, p.i - 1, 'image', p.path, 'image/png', job.original_prompt
      from job cross join unnest(${paths}::text[]) with ordinality as p (path, i)
      returning id
    ), settled as (
      insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
      select user_id, id, 'settle', 0, 'job completed' from job
    )
    select (select count(*) from job)::int as jobs`;
  return row.jobs === 1
    ? answer({ job_id: jobId, status: "completed", outcome: "applied" }, 200, 2)
    : answer({ error: "no such running job" }, 404, 2);
});

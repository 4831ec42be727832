// The floor of a worker's completed callback: verify the signature, then one statement that
// completes the job, records its assets from the stored objects and settles its credits.
import { answer, env, serveFloor, sql, verifyWebhook } from "./floor-runtime.ts";

interface CompletedReport {
  job_id: string;
  worker_id: string;
  assets: {
    url: string;
    metadata: { asset_index: number; width: number; height: number; seed: number };
  }[];
}

serveFloor(async (request) => {
  const body = await request.text();
  if (!verifyWebhook(env.WORKER_WEBHOOK_SECRETS, request, body)) {
    return answer({ error: "bad signature" }, 401);
  }
  const report = JSON.parse(body) as CompletedReport;
  const assets = report.assets.map((asset) => ({ path: asset.url, ...asset.metadata }));
  const [row] = await sql`
    with job as (
      update public.jobs set status = 'completed', progress = 100, lease_expires_at = null,
        completed_at = now()
      where id = ${report.job_id} and worker_id = ${report.worker_id} and status = 'processing'
      returning id, user_id, original_prompt
    ), saved as (
      insert into public.workspace_assets (
        user_id, job_id, asset_index, asset_type, temp_storage_path, file_size_bytes, mime_type,
        width, height, generation_seed, original_prompt
      )
      select job.user_id, job.id, a.asset_index, 'image', o.name, (o.metadata ->> 'size')::bigint,
        o.metadata ->> 'mimetype', a.width, a.height, a.seed, job.original_prompt
      from job cross join jsonb_to_recordset(${sql.json(assets)})
        as a (path text, asset_index smallint, width int, height int, seed bigint)
      join storage.objects o on o.bucket_id = 'workspace-temp' and o.name = a.path
      returning id
    ), settled as (
      insert into public.credit_ledger (user_id, job_id, kind, amount, reason)
      select user_id, id, 'settle', 0, 'job completed' from job
    )
    select (select count(*) from job)::int as jobs, (select count(*) from saved)::int as assets`;
  return row.jobs === 1 && row.assets === assets.length
    ? answer({ job_id: report.job_id, status: "completed" }, 200, 1)
    : answer({ error: "job not processing or outputs missing" }, 409, 1);
});

// The floor of the admin metrics read: verify the JWT, one statement (the admin check and the
// last hour's jobs by status), one Redis command (a queue's depth).
import { answer, redis, serveFloor, sql, verifyUser } from "./floor-runtime.ts";

serveFloor(async (request) => {
  const userId = await verifyUser(request);
  if (!userId) return answer({ error: "unauthorized" }, 401);
  const [[row], depth] = await Promise.all([
    sql<{ admin: boolean; jobs: Record<string, number> }[]>`
      select exists (
          select 1 from public.user_roles where user_id = ${userId} and role = 'admin'
        ) as admin,
        (select coalesce(json_object_agg(status, n), '{}') from (
          select status, count(*) as n from public.jobs
          where created_at > now() - interval '1 hour' group by status
        ) s) as jobs`,
    redis.llen("sdxl_queue"),
  ]);
  if (!row.admin) return answer({ error: "forbidden" }, 403, 1, 1);
  return answer({ jobs: row.jobs, queues: { sdxl_queue: depth } }, 200, 1, 1);
});

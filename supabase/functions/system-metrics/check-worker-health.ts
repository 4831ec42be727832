import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import type { SettingsReader } from "../_shared/settings/create-settings-reader.ts";

/** Status changes made by one health check; all zeros when nothing changed. */
export interface HealthCheckResult {
  markedHealthy: number;
  markedUnhealthy: number;
}

interface Probe {
  id: string;
  status: "healthy" | "unhealthy";
  response_time_ms: number | null;
}

/**
 * The scheduled health check: probes every enabled worker's `GET <url>/health` in parallel, each
 * within the configured timeout, and records its status and response time. A worker is healthy
 * when it answers 2xx in time and has not missed its heartbeats (a worker that registered itself
 * must heartbeat within `workers.heartbeat_timeout_seconds`; one added by an admin that never
 * heartbeats is judged by the probe alone). Disabled workers are not probed and stay unhealthy.
 */
export async function checkWorkerHealth(
  deps: { sql: Sql; settings: SettingsReader; fetch: typeof fetch },
): Promise<HealthCheckResult> {
  const settings = await deps.settings.read([
    "workers.health_timeout_ms",
    "workers.heartbeat_timeout_seconds",
  ]);
  const workers = await withServiceTransaction(
    deps.sql,
    (tx) =>
      tx<{ id: string; url: string; status: string; heartbeat_missed: boolean }[]>`
      select id, url, status::text as status,
        coalesce(last_heartbeat_at < now() - make_interval(
          secs => ${settings["workers.heartbeat_timeout_seconds"]}), false) as heartbeat_missed
      from public.workers
      where enabled`,
  );
  if (workers.length === 0) return { markedHealthy: 0, markedUnhealthy: 0 };

  const probes = await Promise.all(workers.map(async (worker): Promise<Probe> => {
    const response = await probe(deps.fetch, worker.url, settings["workers.health_timeout_ms"]);
    const healthy = response.ok && !worker.heartbeat_missed;
    return {
      id: worker.id,
      status: healthy ? "healthy" : "unhealthy",
      response_time_ms: response.ms,
    };
  }));
  await withServiceTransaction(deps.sql, (tx) =>
    tx`
      update public.workers w set
        status = p.status::public.worker_status,
        response_time_ms = p.response_time_ms,
        last_checked_at = now()
      from jsonb_to_recordset(${tx.json(probes as never)}::jsonb)
        as p(id uuid, status text, response_time_ms integer)
      where w.id = p.id and w.enabled`);

  const before = new Map(workers.map((worker) => [worker.id, worker.status]));
  const changed = probes.filter((p) => before.get(p.id) !== p.status);
  return {
    markedHealthy: changed.filter((p) => p.status === "healthy").length,
    markedUnhealthy: changed.filter((p) => p.status === "unhealthy").length,
  };
}

/** GETs `<url>/health`; the time is recorded only for an answer (a timeout has none). */
async function probe(
  fetchFn: typeof fetch,
  url: string,
  timeoutMs: number,
): Promise<{ ok: boolean; ms: number | null }> {
  const startedAt = performance.now();
  try {
    const response = await fetchFn(new URL("health", url.endsWith("/") ? url : `${url}/`), {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    await response.body?.cancel();
    return { ok: response.ok, ms: Math.round(performance.now() - startedAt) };
  } catch {
    return { ok: false, ms: null };
  }
}

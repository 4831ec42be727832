import type { TransactionSql } from "postgres";

/** A registered worker as the admin tab reads it (CONTRACTS `W`), plus registry details. */
export interface WorkerView {
  id: string;
  type: string;
  url: string;
  lastChecked: Date | null;
  responseTime: number | null;
  status: "healthy" | "unhealthy" | "unknown";
  enabled: boolean;
  version: string | null;
  capabilities: string[];
  lastHeartbeat: Date | null;
}

/** Registered workers by type; the admin tab always gets `chat`, `sdxl` and `wan` (CONTRACTS). */
export type WorkersByType =
  & Record<string, WorkerView[]>
  & Record<"chat" | "sdxl" | "wan", WorkerView[]>;

/** Every registered worker, grouped by type. */
export async function readWorkers(tx: TransactionSql): Promise<WorkersByType> {
  const rows = await tx<WorkerView[]>`
    select id, worker_type as type, url, last_checked_at as "lastChecked",
      response_time_ms as "responseTime", status::text as status, enabled, version, capabilities,
      last_heartbeat_at as "lastHeartbeat"
    from public.workers
    order by worker_type, registered_at`;
  const byType: WorkersByType = { chat: [], sdxl: [], wan: [] };
  for (const row of rows) (byType[row.type] ??= []).push(row);
  return byType;
}

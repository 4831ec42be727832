import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";

/** An active model of an active provider, as routing needs it. */
export interface ApiModel {
  id: string;
  modelKey: string;
  version: string | null;
  displayName: string;
  modality: "image" | "video" | "chat";
  family: string | null;
  tasks: string[];
  inputDefaults: Record<string, unknown>;
  capabilities: Record<string, unknown>;
  /** api_providers.name, e.g. "local" or "replicate". */
  provider: string;
}

/**
 * Which model to load: one by id, the highest-priority one with a model key, or the best default
 * for a task (of one provider, if named).
 */
export type ApiModelQuery =
  | { id: string }
  | { key: string }
  | { task: string; provider?: string };

/** Loads a model and its provider from Postgres; null when no active one matches. */
export async function loadApiModel(sql: Sql, query: ApiModelQuery): Promise<ApiModel | null> {
  const rows = await withServiceTransaction(sql, (tx) => {
    const filter = "id" in query
      ? tx`m.id = ${query.id}`
      : "key" in query
      ? tx`m.model_key = ${query.key}`
      : query.provider
      ? tx`p.name = ${query.provider} and ${query.task} = any(m.tasks)`
      : tx`${query.task} = any(m.default_for_tasks)`;
    return tx<ApiModel[]>`
      select m.id, m.model_key as "modelKey", m.version, m.display_name as "displayName", m.modality,
        m.model_family as family, m.tasks, m.input_defaults as "inputDefaults", m.capabilities,
        p.name as provider
      from public.api_models m
      join public.api_providers p on p.id = m.provider_id
      where m.is_active and p.is_active and ${filter}
      order by m.priority desc, m.created_at
      limit 1`;
  });
  return rows[0] ?? null;
}

import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { CONFIG_CACHE_DOMAINS } from "../cache-utils/config-cache-domains.ts";
import { createCache } from "../cache-utils/create-cache.ts";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import type { LlmTarget } from "./llm-target.ts";

/** An active chat model of an active provider, as the resolver caches it (no secrets). */
interface ChatModelRow {
  id: string;
  modelKey: string;
  provider: string;
  /** null: the provider is the chat workers of the registry. */
  baseUrl: string | null;
  secretName: string | null;
  tasks: string[];
  defaultForTasks: string[];
  /** `capabilities.fallback_models`: the model keys this model falls back to, when configured. */
  fallbackModels: string[] | null;
}

/** Which models to try, in order, for one call. */
export interface LlmTargetChoice {
  targets: LlmTarget[];
  /** The model the caller asked for was found (else the default came first). */
  requestedFound: boolean;
}

/** Turns a model choice into the ordered targets the LLM client tries. */
export interface LlmTargetResolver {
  /**
   * The targets for `task`: the requested model (api_models id or model_key) or the task's
   * default first, then its fallbacks: the model keys its `capabilities.fallback_models` lists
   * when it has that list (an empty one: no fallback), else the task's other active chat models
   * by priority.
   */
  resolve(query: { task: "chat" | "enhance"; model?: string | null }): Promise<LlmTargetChoice>;
}

/** Options of `createLlmTargetResolver`. */
export interface LlmTargetResolverOptions {
  sql: Sql;
  redis?: Redis;
  onRedisError?: (error: unknown) => void;
  /** A provider's API key by `api_providers.secret_name` (function secrets, read at boot). */
  secret: (name: string) => string | undefined;
  /** Called once per model skipped because its provider's secret is not set. */
  onMissingSecret?: (secretName: string) => void;
  /** How many chat workers of the registry one model may be tried on. */
  workersPerModel?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds the resolver over `api_models` / `api_providers` (cached in the api-model domain, so an
 * admin's change reaches every isolate after system-metrics invalidates it) and the worker
 * registry (`workers` of type chat that are not unhealthy, kept ten seconds per isolate). A model
 * whose provider has a `base_url` speaks the OpenAI-compatible protocol there; one whose provider
 * has none is served by the registered chat workers.
 */
export function createLlmTargetResolver(options: LlmTargetResolverOptions): LlmTargetResolver {
  const { sql, secret } = options;
  const workersPerModel = options.workersPerModel ?? 2;
  const models = createCache<ChatModelRow[]>({
    name: CONFIG_CACHE_DOMAINS.apiModels,
    redis: options.redis,
    ttlSeconds: 300,
    memoryTtlSeconds: 60,
    onRedisError: options.onRedisError,
  });
  const workers = createCache<string[]>({ name: "chat-workers", ttlSeconds: 10 });

  const loadModels = () =>
    withServiceTransaction(sql, (tx) =>
      tx<ChatModelRow[]>`
        select m.id, m.model_key as "modelKey", p.name as provider, p.base_url as "baseUrl",
          p.secret_name as "secretName", m.tasks, m.default_for_tasks as "defaultForTasks",
          case when jsonb_typeof(m.capabilities -> 'fallback_models') = 'array'
            then array(select jsonb_array_elements_text(m.capabilities -> 'fallback_models'))
          end as "fallbackModels"
        from public.api_models m
        join public.api_providers p on p.id = m.provider_id
        where m.is_active and p.is_active and m.modality = 'chat'
        order by m.priority desc, m.created_at`);
  const loadWorkers = async () => {
    const rows = await withServiceTransaction(sql, (tx) =>
      tx<{ url: string }[]>`
        select url from public.workers
        where worker_type = 'chat' and status <> 'unhealthy'
        order by last_heartbeat_at desc nulls last
        limit ${workersPerModel}`);
    return rows.map((row) => row.url);
  };

  const targetsOf = async (row: ChatModelRow): Promise<LlmTarget[]> => {
    const model = { provider: row.provider, model: row.modelKey, modelId: row.id };
    if (row.baseUrl === null) {
      const urls = await workers.get("chat", loadWorkers);
      return urls.map((url) => ({ ...model, protocol: "chat_worker" as const, baseUrl: url }));
    }
    const apiKey = row.secretName ? secret(row.secretName) : undefined;
    if (row.secretName && !apiKey) {
      options.onMissingSecret?.(row.secretName);
      return [];
    }
    return [{ ...model, protocol: "openai_compatible", baseUrl: row.baseUrl, apiKey }];
  };

  return {
    async resolve({ task, model }) {
      // One entry for every chat model: any mix of requests costs a warm isolate no round trip.
      const rows = await models.get("llm:chat-models", loadModels);
      const serving = rows.filter((row) => row.tasks.includes(task));
      const requested = model
        ? serving.find((row) => (UUID.test(model) ? row.id === model : row.modelKey === model))
        : undefined;
      const first = requested ?? serving.find((row) => row.defaultForTasks.includes(task));
      const fallbacks = first?.fallbackModels
        ? first.fallbackModels.flatMap((key) => serving.filter((row) => row.modelKey === key))
        : serving.filter((row) => row !== first);
      const ordered = first ? [first, ...fallbacks] : serving;
      const targets = (await Promise.all(ordered.map(targetsOf))).flat();
      return { targets, requestedFound: requested !== undefined };
    },
  };
}

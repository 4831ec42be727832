import type { Sql } from "postgres";

/** The provider and model rows through which functions reach the stand-in's OpenAI-compatible API. */
export const STAND_IN_PROVIDER = "llm_stand_in";
export const STAND_IN_MODEL = "stand-in";

/**
 * Makes the stand-in reachable the way production reaches LLMs: as the registered chat worker
 * (a `workers` row, so the local Qwen model is served by it) and as an OpenAI-compatible provider
 * with one chat model, the fallback after the worker. Its port differs per stack, so the rows are
 * written at every start rather than seeded.
 */
export async function registerLlmStandIn(sql: Sql, url: string): Promise<void> {
  await sql.begin(async (tx) => {
    // Workers of earlier starts on other ports are gone; only this one may serve chat.
    await tx`delete from public.workers where worker_type = 'chat' and url <> ${url}
      and metadata ->> 'stand_in' = 'true'`;
    await tx`
      insert into public.workers (worker_type, url, status, last_heartbeat_at, metadata)
      values ('chat', ${url}, 'healthy', now(), '{"stand_in": true}')
      on conflict (worker_type, url) do update
        set status = 'healthy', last_heartbeat_at = now(), metadata = excluded.metadata`;
    const [provider] = await tx<{ id: string }[]>`
      insert into public.api_providers (name, display_name, base_url, auth_scheme)
      values (${STAND_IN_PROVIDER}, 'LLM stand-in (local)', ${`${url}/v1`}, 'none')
      on conflict (name) do update set base_url = excluded.base_url, is_active = true
      returning id`;
    await tx`
      insert into public.api_models (provider_id, model_key, display_name, modality, model_family,
        tasks, input_defaults, capabilities, priority)
      values (${provider.id}, ${STAND_IN_MODEL}, 'LLM stand-in', 'chat', 'stand-in',
        array['chat', 'enhance'], '{"max_tokens": 512, "temperature": 0.7}',
        '{"nsfw": true, "streaming": true}', 10)
      on conflict (provider_id, model_key, version) do nothing`;
  });
}

import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { CONFIG_CACHE_DOMAINS } from "../_shared/cache-utils/config-cache-domains.ts";
import { type Cache, createCache } from "../_shared/cache-utils/create-cache.ts";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";

/** An active prompt template, as playground-chat picks and fills it. */
export interface PromptTemplate {
  id: string;
  templateName: string;
  version: number;
  useCase: string;
  contentMode: "sfw" | "nsfw";
  targetModel: string | null;
  systemPrompt: string;
  tokenLimit: number | null;
}

/** The caches every chat request reads its system prompt through. */
export interface ChatPromptCaches {
  /** Every active template (a small table): one entry, so any mix of requests costs no round trip. */
  templates(): Promise<PromptTemplate[]>;
  /**
   * Filled character prompts, per isolate, keyed by the character's version (id and updated_at)
   * and the template: an edited character never gets a stale prompt.
   */
  characterPrompts: Cache<string>;
}

/**
 * Builds the chat prompt caches: templates in the prompt-templates domain (shared through Redis,
 * invalidated by admins like every configuration cache), filled prompts in memory only.
 */
export function createChatPromptCaches(
  { sql, redis, onRedisError }: {
    sql: Sql;
    redis?: Redis;
    onRedisError?: (error: unknown) => void;
  },
): ChatPromptCaches {
  const templates = createCache<PromptTemplate[]>({
    name: CONFIG_CACHE_DOMAINS.promptTemplates,
    redis,
    ttlSeconds: 300,
    memoryTtlSeconds: 60,
    onRedisError,
  });
  const load = () =>
    withServiceTransaction(sql, (tx) =>
      tx<PromptTemplate[]>`
        select id, template_name as "templateName", version, use_case as "useCase",
          content_mode as "contentMode", target_model as "targetModel",
          system_prompt as "systemPrompt", token_limit as "tokenLimit"
        from public.prompt_templates
        where is_active
        order by template_name, version desc`);
  return {
    templates: () => templates.get("active", load),
    characterPrompts: createCache<string>({ name: "character-prompts", ttlSeconds: 600 }),
  };
}

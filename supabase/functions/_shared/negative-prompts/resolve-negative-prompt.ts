import type { Sql } from "postgres";
import type { Cache } from "../cache-utils/create-cache.ts";
import { withServiceTransaction } from "../db/with-service-transaction.ts";

/** The negative_prompts lookup: model type × content mode × generation mode. */
export interface NegativePromptKey {
  modelType: string;
  contentMode: "sfw" | "nsfw";
  generationMode: "txt2img" | "i2i";
}

/**
 * The active configured negative prompts for a key, joined in priority order ("" when none),
 * through the caller's cache of the negative-prompts domain (queue-job, enhance-prompt).
 */
export function resolveNegativePrompt(
  { sql, caches }: { sql: Sql; caches: { negativePrompts: Cache<string> } },
  { modelType, contentMode, generationMode }: NegativePromptKey,
): Promise<string> {
  return caches.negativePrompts.get(`${modelType}:${contentMode}:${generationMode}`, async () => {
    const [row] = await withServiceTransaction(sql, (tx) =>
      tx<{ joined: string | null }[]>`
        select string_agg(negative_prompt, ', ' order by priority desc, created_at) as joined
        from public.negative_prompts
        where is_active and model_type = ${modelType} and content_mode = ${contentMode}
          and generation_mode = ${generationMode}`);
    return row?.joined ?? "";
  });
}

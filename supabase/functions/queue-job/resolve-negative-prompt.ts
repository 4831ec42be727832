import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import type { QueueJobCaches } from "./create-queue-job-caches.ts";

/** The negative_prompts lookup: model type × content mode × generation mode. */
export interface NegativePromptKey {
  modelType: string;
  contentMode: "sfw" | "nsfw";
  generationMode: "txt2img" | "i2i";
}

/** The active configured negative prompts for a key, joined in priority order ("" when none). */
export function resolveNegativePrompt(
  { sql, caches }: { sql: Sql; caches: QueueJobCaches },
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

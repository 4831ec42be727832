import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { CONFIG_CACHE_DOMAINS } from "../cache-utils/config-cache-domains.ts";
import { createCache } from "../cache-utils/create-cache.ts";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import type { LlmClient } from "../llm/create-llm-client.ts";
import type { LlmTargetResolver } from "../llm/create-llm-target-resolver.ts";
import { estimateTokens } from "../llm/estimate-tokens.ts";
import { LlmUnavailableError } from "../llm/llm-call-error.ts";
import type { Logger } from "../monitoring/create-json-logger.ts";
import type { SettingsReader } from "../settings/create-settings-reader.ts";
import { chooseTemplateVersion, type ServedTemplate } from "./choose-template-version.ts";
import { detectContentMode } from "./detect-content-mode.ts";
import type {
  EnhancementInput,
  EnhancementResult,
  EnhancementStrategy,
} from "./enhancement-input.ts";
import { generateSceneJson } from "./generate-scene-json.ts";
import { recordEnhancement } from "./record-enhancement.ts";
import { loadTemplateSet, type TemplateKey, type TemplateSet } from "./load-template-set.ts";
import { trimToTokenLimit } from "./trim-to-token-limit.ts";

/** Enhances prompts: the one service behind enhance-prompt and queue-job's enhancement. */
export interface PromptEnhancer {
  /**
   * The enhanced prompt with its strategy and metadata. Never throws for a provider's failure or
   * a missing template: the original prompt comes back with a `fallback_*` or
   * `no_template_available` strategy. Usage is recorded in the background.
   */
  enhance(input: EnhancementInput): Promise<EnhancementResult>;
}

/** What the enhancer is built from, once per isolate. */
export interface PromptEnhancerOptions {
  sql: Sql;
  redis?: Redis;
  onRedisError?: (error: unknown) => void;
  llm: LlmClient;
  targets: LlmTargetResolver;
  settings: SettingsReader;
  logger: Logger;
  now?: () => number;
}

const TEMPERATURE = 0.7;
// A regeneration samples hotter with a fresh seed, so it words the prompt differently.
const REGENERATION_TEMPERATURE = 0.95;
const MODIFY_PREFIX = "maintain the same subject; ";

/**
 * Builds the enhancer. Templates are cached in the `prompt-templates` domain (five seconds in
 * memory, then Redis, then Postgres), so an admin's change (which bumps the domain) is served by
 * every isolate within seconds, and a Redis outage falls back to Postgres.
 * @example
 * const result = await enhancer.enhance({ userId, prompt: "a fox", jobType: "sdxl_image_fast" });
 */
export function createPromptEnhancer(options: PromptEnhancerOptions): PromptEnhancer {
  const { sql, llm, targets, settings, logger } = options;
  const now = options.now ?? (() => performance.now());
  const templates = createCache<TemplateSet | null>({
    name: CONFIG_CACHE_DOMAINS.promptTemplates,
    redis: options.redis,
    ttlSeconds: 300,
    memoryTtlSeconds: 5,
    onRedisError: options.onRedisError,
  });
  const modelFamilies = createCache<string | null>({
    name: CONFIG_CACHE_DOMAINS.apiModels,
    redis: options.redis,
    ttlSeconds: 300,
    memoryTtlSeconds: 60,
    onRedisError: options.onRedisError,
  });

  const targetModelOf = async (input: EnhancementInput): Promise<string> => {
    const byJobType = /^(sdxl|rv51)/.test(input.jobType ?? "") ? "sdxl" : "wan";
    if (!input.modelId) return input.jobType ? byJobType : "sdxl";
    const family = await modelFamilies.get(`family:${input.modelId}`, async () => {
      const [row] = await withServiceTransaction(sql, (tx) =>
        tx<{ family: string | null }[]>`
          select model_family as family from public.api_models
          where ${
          isUuid(input.modelId!) ? tx`id = ${input.modelId!}` : tx`model_key = ${input.modelId!}`
        }
          limit 1`);
      return row?.family ?? null;
    });
    return family ?? byJobType;
  };

  return {
    async enhance(input) {
      const started = now();
      const prompt = input.prompt.trim();
      const regeneration = input.regeneration === true;
      const contentMode = input.contentType === "sfw" || input.contentType === "nsfw"
        ? input.contentType
        : detectContentMode(prompt);
      const answer = (
        strategy: EnhancementStrategy,
        enhanced: string,
        extra: Partial<EnhancementResult["enhancement_metadata"]> = {},
      ): EnhancementResult => ({
        success: true,
        original_prompt: input.prompt,
        enhanced_prompt: enhanced,
        enhancement_strategy: strategy,
        enhancement_metadata: {
          template_name: null,
          template_version: null,
          model_used: null,
          provider_used: null,
          content_mode: contentMode,
          token_count: estimateTokens(enhanced),
          execution_time_ms: Math.round(now() - started),
          cache_hit: false,
          regeneration,
          temperature: null,
          expansion_percentage: prompt
            ? Math.round(((enhanced.length - prompt.length) / prompt.length) * 100)
            : 0,
          ab_test_id: null,
          ab_variant: null,
          ...extra,
        },
      });

      if (input.exactCopyMode && !prompt) return answer("skip_for_exact_copy", input.prompt);
      if (input.referenceMode === "modify") {
        return answer("i2i_modify_composition", `${MODIFY_PREFIX}${prompt}`);
      }

      const { "enhancement.default_model": defaultEnhancer } = await settings.read([
        "enhancement.default_model",
      ]);
      const choice = await targets.resolve({
        task: "enhance",
        model: input.enhancementModel ?? defaultEnhancer,
      });

      if (input.contentType === "scene_creation" || input.contentType === "scene_starters") {
        if (choice.targets.length === 0) return answer("fallback_no_enhancer", input.prompt);
        try {
          const outcome = await generateSceneJson(llm, choice.targets, {
            kind: input.contentType,
            prompt,
            sfw: contentMode === "sfw",
            signal: input.signal,
          });
          const used = {
            model_used: outcome.usage?.model ?? null,
            provider_used: outcome.usage?.provider ?? null,
          };
          const result = outcome.value === null
            ? answer("fallback_invalid_json", input.prompt, used)
            : "starters" in outcome.value
            ? { ...answer("scene_json", input.prompt, used), starters: outcome.value.starters }
            : { ...answer("scene_json", outcome.value.scene_prompt, used), scene: outcome.value };
          recordEnhancement({ sql, logger }, input, result, outcome, undefined);
          return result;
        } catch (error) {
          if (!(error instanceof LlmUnavailableError)) throw error;
          const result = answer(fallbackFor(error), input.prompt);
          recordEnhancement({ sql, logger }, input, result, {
            usage: null,
            attempts: error.attempts,
          }, undefined);
          return result;
        }
      }

      const key: TemplateKey = {
        useCase: "enhancement",
        targetModel: await targetModelOf(input),
        jobCategory: input.format ?? (/video/.test(input.jobType ?? "") ? "video" : "image"),
        contentMode,
      };
      let cacheHit = true;
      const set = await templates.get(
        `${key.useCase}:${key.targetModel}:${key.jobCategory}:${key.contentMode}`,
        () => {
          cacheHit = false;
          return loadTemplateSet(sql, key);
        },
      );
      if (!set) return answer("no_template_available", input.prompt, { cache_hit: cacheHit });
      const served: ServedTemplate = chooseTemplateVersion(set, input.userId);
      const templateFacts = {
        template_name: served.template.name,
        template_version: served.template.version,
        cache_hit: cacheHit,
        ab_test_id: served.abTest?.id ?? null,
        ab_variant: served.abTest?.variant ?? null,
      };
      if (choice.targets.length === 0) {
        return answer("fallback_no_enhancer", input.prompt, templateFacts);
      }

      const temperature = regeneration ? REGENERATION_TEMPERATURE : TEMPERATURE;
      const seed = regeneration ? crypto.getRandomValues(new Uint32Array(1))[0] : undefined;
      try {
        const completion = await llm.complete(choice.targets, {
          task: "enhance",
          messages: [
            { role: "system", content: served.template.systemPrompt },
            { role: "user", content: prompt },
          ],
          maxTokens: served.template.tokenLimit ?? undefined,
          temperature,
          seed,
          sfwMode: contentMode === "sfw",
          signal: input.signal,
        });
        const enhanced = trimToTokenLimit(cleanReply(completion.text), served.template.tokenLimit);
        const result = enhanced
          ? answer("template_enhancement", enhanced, {
            ...templateFacts,
            model_used: completion.usage.model,
            provider_used: completion.usage.provider,
            temperature,
          })
          : answer("fallback_provider_error", input.prompt, templateFacts);
        recordEnhancement({ sql, logger }, input, result, completion, seed);
        return result;
      } catch (error) {
        if (!(error instanceof LlmUnavailableError)) throw error;
        const result = answer(fallbackFor(error), input.prompt, templateFacts);
        recordEnhancement(
          { sql, logger },
          input,
          result,
          { usage: null, attempts: error.attempts },
          seed,
        );
        return result;
      }
    },
  };
}

function fallbackFor(error: LlmUnavailableError): EnhancementStrategy {
  return error.lastFailure === "timeout" ? "fallback_provider_timeout" : "fallback_provider_error";
}

/** The prompt alone: models add labels, quotes and line breaks the image models do not want. */
function cleanReply(text: string): string {
  return text
    .replace(/^\s*(enhanced prompt|prompt)\s*:\s*/i, "")
    .replace(/\s*\n+\s*/g, " ")
    .replace(/^["'“”]+|["'“”]+$/g, "")
    .trim();
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

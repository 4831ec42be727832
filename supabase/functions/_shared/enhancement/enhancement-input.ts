/** What an enhancement is asked for, whoever asks (enhance-prompt's route or queue-job). */
export interface EnhancementInput {
  userId: string;
  /** May be empty only for an exact copy. */
  prompt: string;
  jobType?: string | null;
  format?: "image" | "video" | null;
  /** The generation model (api_models id or model_key); picks the template's target model. */
  modelId?: string | null;
  /** The enhancer (api_models id or model_key); defaults to the template's, then the setting. */
  enhancementModel?: string | null;
  /** A content mode, or one of the JSON paths. Omitted: detected from the prompt. */
  contentType?: "sfw" | "nsfw" | "scene_creation" | "scene_starters" | null;
  exactCopyMode?: boolean;
  referenceMode?: "modify" | "copy" | null;
  /** Asks for a different wording of the same prompt (sampling varied and recorded). */
  regeneration?: boolean;
  /** Aborts the model call when the caller goes away. */
  signal?: AbortSignal;
}

/** How the prompt was (or was not) enhanced; callers and job rows record it. */
export type EnhancementStrategy =
  | "template_enhancement"
  | "skip_for_exact_copy"
  | "i2i_modify_composition"
  | "scene_json"
  | "fallback_invalid_json"
  | "fallback_provider_error"
  | "fallback_provider_timeout"
  | "fallback_no_enhancer"
  | "no_template_available";

/** The answer: the prompt to use, and everything about how it came to be. */
export interface EnhancementResult {
  success: true;
  original_prompt: string;
  enhanced_prompt: string;
  enhancement_strategy: EnhancementStrategy;
  enhancement_metadata: {
    template_name: string | null;
    template_version: number | null;
    model_used: string | null;
    provider_used: string | null;
    content_mode: "sfw" | "nsfw";
    token_count: number;
    execution_time_ms: number;
    /** Whether the template came from a cache (memory or Redis) rather than Postgres. */
    cache_hit: boolean;
    regeneration: boolean;
    temperature: number | null;
    /** Growth of the prompt in percent (jobs.qwen_expansion_percentage). */
    expansion_percentage: number;
    ab_test_id: string | null;
    ab_variant: "production" | "candidate" | null;
  };
  /** scene_creation only. */
  scene?: {
    enhanced_description: string;
    scene_prompt: string;
    suggested_tags: string[];
    suggested_scenario_type: string;
  };
  /** scene_starters only. */
  starters?: string[];
}

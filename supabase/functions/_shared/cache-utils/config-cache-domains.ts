/**
 * The caches of admin-editable configuration, by the table they mirror; system-metrics
 * invalidates them (`invalidateCaches`) after an admin changes that configuration.
 */
export const CONFIG_CACHE_DOMAINS = {
  systemConfig: "system-config",
  apiModels: "api-model",
  negativePrompts: "negative-prompts",
  promptTemplates: "prompt-templates",
} as const;

export type ConfigCacheDomain = (typeof CONFIG_CACHE_DOMAINS)[keyof typeof CONFIG_CACHE_DOMAINS];

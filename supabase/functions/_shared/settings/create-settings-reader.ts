import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import { CONFIG_CACHE_DOMAINS } from "../cache-utils/config-cache-domains.ts";
import { createCache } from "../cache-utils/create-cache.ts";
import { withServiceTransaction } from "../db/with-service-transaction.ts";
import { ServiceUnavailableError } from "../errors/app-error.ts";
import { SETTING_DEFINITIONS, type SettingKey, type Settings } from "./setting-definitions.ts";

/** Reads typed system_config settings; the only way function code reads system_config. */
export interface SettingsReader {
  /**
   * The settings named by `keys`, parsed by their definitions.
   * @param unavailable what the caller is told when a setting without a fallback is missing or
   *   malformed (a ServiceUnavailableError, 503; the log names the setting)
   * @example const { "jobs.max_attempts": max } = await settings.read(["jobs.max_attempts"]);
   */
  read<K extends SettingKey>(keys: readonly K[], unavailable?: string): Promise<Pick<Settings, K>>;
}

type StoredSettings = Record<string, unknown>;

/**
 * Builds the settings reader, cached in the system-config domain (which admins invalidate through
 * system-metrics): the whole table is one small entry, loaded with one query, so any mix of
 * settings costs a warm isolate no round trip, and an admin's change reaches it within a minute.
 */
export function createSettingsReader(
  { sql, redis, onRedisError }: {
    sql: Sql;
    redis?: Redis;
    onRedisError?: (error: unknown) => void;
  },
): SettingsReader {
  const cache = createCache<StoredSettings>({
    name: CONFIG_CACHE_DOMAINS.systemConfig,
    redis,
    ttlSeconds: 300,
    memoryTtlSeconds: 60,
    onRedisError,
  });
  const loadAll = async (): Promise<StoredSettings> => {
    const rows = await withServiceTransaction(
      sql,
      (tx) => tx<{ key: string; value: unknown }[]>`select key, value from public.system_config`,
    );
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  };
  return {
    async read(keys, unavailable = "this feature is not configured on this deployment") {
      const stored = await cache.get("all", loadAll);
      const entries = keys.map((key) => {
        const definition = SETTING_DEFINITIONS[key];
        const parsed = definition.schema.safeParse(stored[key]);
        if (parsed.success) return [key, parsed.data];
        if (definition.fallback !== undefined) return [key, definition.fallback];
        throw new ServiceUnavailableError(unavailable, {
          cause: new Error(`system_config "${key}" is missing or malformed`),
        });
      });
      return Object.fromEntries(entries) as Pick<Settings, (typeof keys)[number]>;
    },
  };
}

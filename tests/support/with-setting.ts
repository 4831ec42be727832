import { stackSql } from "./stack.ts";

/**
 * Runs `run` with a seeded system_config setting changed in place, as an admin would type it
 * (`value` is JSON text, `valueType` its declared type), then restores the seeded row.
 */
export async function withSetting<T>(
  key: string,
  value: string,
  valueType: string,
  run: () => Promise<T>,
): Promise<T> {
  const [saved] =
    await stackSql()`select value, value_type from public.system_config where key = ${key}`;
  if (!saved) throw new Error(`system_config "${key}" is not seeded`);
  await stackSql()`
    update public.system_config set value = ${value}::text::jsonb, value_type = ${valueType} where key = ${key}`;
  try {
    return await run();
  } finally {
    await stackSql()`
      update public.system_config set value = ${saved.value}, value_type = ${saved.value_type} where key = ${key}`;
  }
}

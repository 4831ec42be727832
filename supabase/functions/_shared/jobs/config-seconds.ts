import type { TransactionSql } from "postgres";

/**
 * A duration setting as an SQL expression: system_config `key` when it holds a positive whole
 * number of seconds, else `fallback`. Settings are typed by hand, and a string, a fraction or an
 * out-of-range value must fall back to the default rather than fail (or switch off) what reads it.
 * @example tx`update public.jobs set lease_expires_at = now() + make_interval(secs => ${seconds})`
 */
export function configSeconds(tx: TransactionSql, key: string, fallback: number) {
  // The case guards the cast: a value that is not a JSON number is never read as one.
  return tx`coalesce((
    select seconds::integer from (
      select case when jsonb_typeof(value) = 'number' then (value #>> '{}')::numeric end as seconds
      from public.system_config
      where key = ${key}
    ) setting
    where seconds > 0 and seconds <= 2147483647 and seconds = trunc(seconds)
  ), ${fallback}::integer)`;
}

/** A bigint or numeric column (postgres.js hands them over as strings) as a JSON number. */
export function numberOrNull(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

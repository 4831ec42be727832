/**
 * How many times redis-server has executed each command since it started (`INFO commandstats`),
 * asked through the stack's Redis REST gateway. Lower-case names, e.g. `{ lpush: 12, eval: 12 }`.
 */
export async function readRedisCommandCounts(
  restUrl: string,
  token: string,
): Promise<Record<string, number>> {
  const response = await fetch(restUrl, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify(["INFO", "commandstats"]),
  });
  if (!response.ok) throw new Error(`INFO commandstats answered ${response.status}`);
  const { result } = (await response.json()) as { result: string };
  return Object.fromEntries(
    [...result.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((
      [, name, calls],
    ) => [name.toLowerCase(), Number(calls)]),
  );
}

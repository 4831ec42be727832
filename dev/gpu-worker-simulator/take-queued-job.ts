/**
 * Takes one particular job out of `queue` (LRANGE to find its list value, LREM to remove it) over
 * the Upstash REST API. Tests share the stack's queues, so a test's worker takes its own job
 * instead of RPOPping whichever job is oldest. Returns the raw value, or null when it is not queued.
 */
export async function takeQueuedJob(options: {
  redisRestUrl: string;
  redisRestToken: string;
  queue: string;
  jobId: string;
}): Promise<string | null> {
  const command = async <T>(...args: Array<string | number>): Promise<T> => {
    const response = await fetch(options.redisRestUrl, {
      method: "POST",
      headers: { authorization: `Bearer ${options.redisRestToken}` },
      body: JSON.stringify(args),
    });
    const body = (await response.json()) as { result?: T; error?: string };
    if (!response.ok || body.error) {
      throw new Error(`${args[0]} ${options.queue} failed (${response.status}): ${body.error}`);
    }
    return body.result as T;
  };
  const entries = await command<string[]>("LRANGE", options.queue, 0, -1);
  const entry = entries.find((value) =>
    (JSON.parse(value) as { id?: unknown }).id === options.jobId
  );
  if (entry === undefined) return null;
  return (await command<number>("LREM", options.queue, 1, entry)) === 1 ? entry : null;
}

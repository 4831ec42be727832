/**
 * Pops the oldest job from `queue` the way the Python workers do: a plain `GET /rpop/<queue>` on
 * the Upstash REST API with a bearer token. Returns the raw list value, or null when the queue is empty.
 */
export async function popQueuedJob(
  options: { redisRestUrl: string; redisRestToken: string; queue: string },
): Promise<string | null> {
  const response = await fetch(
    `${options.redisRestUrl}/rpop/${encodeURIComponent(options.queue)}`,
    {
      headers: { authorization: `Bearer ${options.redisRestToken}` },
    },
  );
  const body = (await response.json()) as { result?: unknown; error?: string };
  if (!response.ok || body.error) {
    throw new Error(`RPOP ${options.queue} failed (${response.status}): ${body.error}`);
  }
  if (body.result !== null && typeof body.result !== "string") {
    throw new Error(`RPOP ${options.queue} returned no string`);
  }
  return body.result;
}

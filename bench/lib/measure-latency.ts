export interface LatencySummary {
  requests: number;
  concurrency: number;
  throughputPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

/** Sends `requests` requests from `concurrency` clients in a closed loop; bounded in count. */
export async function measureLatency(
  send: () => Promise<Response>,
  options: { requests: number; concurrency: number },
): Promise<LatencySummary> {
  const durations: number[] = [];
  let failures = 0;
  let next = 0;
  const startedAt = performance.now();
  const client = async () => {
    while (next < options.requests) {
      next += 1;
      const t0 = performance.now();
      const response = await send();
      await response.arrayBuffer();
      durations.push(performance.now() - t0);
      if (!response.ok) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  durations.sort((a, b) => a - b);
  const at = (q: number) =>
    round(durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]);
  return {
    requests: durations.length,
    concurrency: options.concurrency,
    throughputPerSecond: round(durations.length / elapsedSeconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    failures,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The scheduled routes production runs with pg_cron + pg_net; the dev stack calls them itself. */
export const MAINTENANCE_ROUTES = [
  "job-callback/sweep",
  "playground-chat/experiments/sweep",
  "workspace-actions/cleanup",
  "system-metrics/workers/health-check",
  "system-metrics/telemetry/prune",
] as const;

/**
 * Calls every maintenance route with the service role key every `intervalMs`, one round at a
 * time, logging any round that did something or failed. Returns a function that stops it.
 */
export function scheduleMaintenance(options: {
  functionsUrl: string;
  serviceRoleKey: string;
  intervalMs: number;
  log: (source: string, line: string) => void;
}): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const runRound = async () => {
    for (const route of MAINTENANCE_ROUTES) {
      try {
        const response = await fetch(`${options.functionsUrl}/${route}`, {
          method: "POST",
          headers: { authorization: `Bearer ${options.serviceRoleKey}` },
        });
        const body = await response.text();
        if (!response.ok) options.log("maintenance", `${route}: HTTP ${response.status} ${body}`);
        else if (!reportsNothingDone(body)) options.log("maintenance", `${route}: ${body}`);
      } catch (error) {
        options.log("maintenance", `${route}: ${(error as Error).message}`);
      }
    }
    if (!stopped) timer = setTimeout(runRound, options.intervalMs);
  };
  timer = setTimeout(runRound, options.intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** `{ "requeued": 0, "failed": 0 }` and the like: an idle round, not worth a log line. */
function reportsNothingDone(body: string): boolean {
  try {
    return Object.values(JSON.parse(body)).every((value) => value === 0);
  } catch {
    return false;
  }
}

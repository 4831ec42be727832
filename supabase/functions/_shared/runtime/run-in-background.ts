interface EdgeRuntimeGlobal {
  EdgeRuntime?: { waitUntil(promise: Promise<unknown>): void };
}

/**
 * Runs `task` after the response without making the request wait for it: on the edge runtime it
 * is handed to `EdgeRuntime.waitUntil` (which keeps the isolate alive until it settles); elsewhere
 * (Deno, Node) it simply runs on. A failure goes to `onError`, never to the request.
 * @example runInBackground(() => recordUsage(sql, usage), (error) => logger("warn", { error }));
 */
export function runInBackground(
  task: () => unknown,
  onError: (error: unknown) => void,
): void {
  const settled = Promise.resolve().then(task).catch(onError);
  (globalThis as EdgeRuntimeGlobal).EdgeRuntime?.waitUntil(settled);
}

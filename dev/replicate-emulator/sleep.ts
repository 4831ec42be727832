/**
 * Resolves after `ms`, or at once when `signal` aborts (so a shutdown never waits on a timer). No
 * delay asked is no timer: a timer of 0 still waits a millisecond or more, which a stream of many
 * chunks would pay once each, unlike the service it stands in for.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

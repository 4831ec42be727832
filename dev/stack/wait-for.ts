/**
 * Polls `check` until it is true; fails early if `abortOn` settles (the process died),
 * with the failure description (its last output) in the message.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; abortOn?: Promise<unknown>; describeFailure?: () => string },
): Promise<void> {
  let aborted: unknown;
  options.abortOn?.then((reason) => (aborted = reason ?? "exited"));
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (aborted !== undefined) {
      throw new Error(
        `${what} exited during start (${aborted}):\n${options.describeFailure?.() ?? ""}`,
      );
    }
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(
    `${what} was not ready after ${options.timeoutMs} ms:\n${options.describeFailure?.() ?? ""}`,
  );
}

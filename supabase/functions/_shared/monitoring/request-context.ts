import { AsyncLocalStorage } from "node:async_hooks";
import type { RequestMonitor } from "./create-request-monitor.ts";

const context = new AsyncLocalStorage<RequestMonitor>();

/** Runs `fn` with `monitor` as the current request's, so clients can count their round trips. */
export function runWithMonitor<T>(monitor: RequestMonitor, fn: () => T): T {
  return context.run(monitor, fn);
}

/** The monitor of the request being served, if any (none in background work or tests). */
export function currentMonitor(): RequestMonitor | undefined {
  return context.getStore();
}

/** Runs `fn` outside any request, so the round trips it causes count against none. */
export function runOutsideRequests<T>(fn: () => T): T {
  return context.exit(fn);
}

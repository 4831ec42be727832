import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { currentMonitor } from "../monitoring/request-context.ts";

/** Supabase Storage as the service role. */
export type ServiceStorage = SupabaseClient["storage"];

/** Options of `createServiceStorage`. */
export interface ServiceStorageOptions {
  url: string;
  serviceRoleKey: string;
  /** The HTTP client Storage requests go through; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** A Storage call slower than this is aborted and fails like an unreachable Storage. */
  timeoutMs?: number;
}

/**
 * Long enough for the largest object a function moves (a 100 MiB output), short enough that a
 * Storage that never answers fails the request well inside the edge runtime's 150 s.
 */
export const STORAGE_TIMEOUT_MS = 60_000;

// Only Storage is used; a Realtime transport that is never constructed keeps supabase-js from
// demanding a WebSocket implementation on runtimes that lack one (Node 20).
class UnusedRealtimeTransport {
  constructor() {
    throw new Error("Realtime is not used by the service storage client");
  }
}

/**
 * Builds a Storage client with the service role key. It passes every storage policy, so callers
 * hand it only paths read from rows whose ownership they checked, never paths from a request.
 * Each call's duration is added to the request's `storage` timing (Server-Timing, log line), and
 * each is aborted after `timeoutMs`.
 * @example const storage = createServiceStorage({ url: config.SUPABASE_URL, serviceRoleKey });
 */
export function createServiceStorage(options: ServiceStorageOptions): ServiceStorage {
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? STORAGE_TIMEOUT_MS;
  const timedFetch: typeof fetch = (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const call = () => send(input, { ...init, signal });
    const monitor = currentMonitor();
    return monitor ? monitor.time("storage", call) : call();
  };
  return createClient(options.url, options.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: timedFetch },
    realtime: { transport: UnusedRealtimeTransport as never },
  }).storage;
}

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
}

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
 * Each call's duration is added to the request's `storage` timing (Server-Timing, log line).
 * @example const storage = createServiceStorage({ url: config.SUPABASE_URL, serviceRoleKey });
 */
export function createServiceStorage(options: ServiceStorageOptions): ServiceStorage {
  const send = options.fetch ?? fetch;
  const timedFetch: typeof fetch = (input, init) => {
    const monitor = currentMonitor();
    return monitor ? monitor.time("storage", () => send(input, init)) : send(input, init);
  };
  return createClient(options.url, options.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: timedFetch },
    realtime: { transport: UnusedRealtimeTransport as never },
  }).storage;
}

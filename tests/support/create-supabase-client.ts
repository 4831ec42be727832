import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";

/** supabase-js as the frontend builds it, sending `accessToken` as the signed-in user's token. */
export function createSupabaseClient(
  url: string,
  apiKey: string,
  accessToken?: string,
): SupabaseClient {
  return createClient(url, apiKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: accessToken ? { headers: { Authorization: `Bearer ${accessToken}` } } : undefined,
    // Node 20 has no global WebSocket, and supabase-js builds its Realtime client eagerly.
    realtime: { transport: WebSocket as never },
  });
}

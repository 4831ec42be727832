import type { PlatformConfig } from "../config/load-function-config.ts";
import { createServiceStorage, type ServiceStorage } from "../storage/create-service-storage.ts";

/**
 * The project's Storage as the service role, from validated config.
 * @example storage: loadServiceStorage(config)
 */
export function loadServiceStorage(config: PlatformConfig): ServiceStorage {
  return createServiceStorage({
    url: config.SUPABASE_URL,
    serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
  });
}

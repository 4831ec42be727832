import type { UserJwtVerifier } from "../_shared/auth/create-user-jwt-verifier.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { type CoreDeps, loadCoreDeps } from "../_shared/runtime/load-core-deps.ts";
import { loadServiceStorage } from "../_shared/runtime/load-service-storage.ts";
import { loadUserVerifier } from "../_shared/runtime/load-user-verifier.ts";
import {
  createSettingsReader,
  type SettingsReader,
} from "../_shared/settings/create-settings-reader.ts";
import type { ServiceStorage } from "../_shared/storage/create-service-storage.ts";
import {
  createSignedUrlCache,
  type SignedUrlCache,
} from "../_shared/storage/create-signed-url-cache.ts";
import { SIGNED_URL_TTL_SECONDS } from "./shared/workspace-limits.ts";

/** What the workspace-actions routes run on. */
export interface WorkspaceActionsDeps extends CoreDeps {
  /** Verifies user tokens and the service role key alike. */
  verifyUser: UserJwtVerifier;
  /** Service-role Storage: only ever handed paths read from rows whose owner was checked. */
  storage: ServiceStorage;
  signedUrls: SignedUrlCache;
  /** Read from the database, cached in memory: this function has no Redis. */
  settings: SettingsReader;
}

/** Validates workspace-actions' env at boot (naming any bad variable) and builds its clients. */
export function loadWorkspaceActionsDeps(env: RawEnv): WorkspaceActionsDeps {
  const config = loadFunctionConfig(env);
  const storage = loadServiceStorage(config);
  const core = loadCoreDeps(config);
  return {
    ...core,
    settings: createSettingsReader({ sql: core.sql }),
    verifyUser: loadUserVerifier(config),
    storage,
    signedUrls: createSignedUrlCache({ storage, expiresInSeconds: SIGNED_URL_TTL_SECONDS }),
  };
}

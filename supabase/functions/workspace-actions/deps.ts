import type { Sql } from "postgres";
import { rememberVerifiedTokens } from "../_shared/auth/remember-verified-tokens.ts";
import {
  createUserJwtVerifier,
  type UserJwtVerifier,
} from "../_shared/auth/create-user-jwt-verifier.ts";
import { loadFunctionConfig } from "../_shared/config/load-function-config.ts";
import type { RawEnv } from "../_shared/config/parse-env.ts";
import { createDatabase } from "../_shared/db/create-database.ts";
import { createJsonLogger, type Logger } from "../_shared/monitoring/create-json-logger.ts";
import {
  createTelemetryWriter,
  type TelemetrySink,
} from "../_shared/monitoring/create-telemetry-writer.ts";
import {
  createServiceStorage,
  type ServiceStorage,
} from "../_shared/storage/create-service-storage.ts";
import {
  createSignedUrlCache,
  type SignedUrlCache,
} from "../_shared/storage/create-signed-url-cache.ts";
import { SIGNED_URL_TTL_SECONDS } from "./shared/workspace-limits.ts";

/** What the workspace-actions routes run on. */
export interface WorkspaceActionsDeps {
  logger: Logger;
  /** Stores each request's wide event in `system_metrics`, batched after the response. */
  telemetry?: TelemetrySink;
  sql: Sql;
  /** Verifies user tokens and the service role key alike. */
  verifyJwt: UserJwtVerifier;
  /** Service-role Storage: only ever handed paths read from rows whose owner was checked. */
  storage: ServiceStorage;
  signedUrls: SignedUrlCache;
}

/** Validates the platform env at boot (throwing with the variable's name) and builds the clients. */
export function loadWorkspaceActionsDeps(env: RawEnv): WorkspaceActionsDeps {
  const config = loadFunctionConfig(env);
  const storage = createServiceStorage({
    url: config.SUPABASE_URL,
    serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
  });
  const logger = createJsonLogger(config.LOG_LEVEL);
  const sql = createDatabase(config.SUPABASE_DB_URL);
  return {
    logger,
    sql,
    telemetry: createTelemetryWriter({
      sql: createDatabase(config.SUPABASE_DB_URL, { max: 1 }),
      logger,
    }),
    verifyJwt: rememberVerifiedTokens(createUserJwtVerifier({
      jwksUrl: config.SUPABASE_JWKS_URL,
      issuer: config.SUPABASE_AUTH_ISSUER,
      legacyJwtSecret: config.SUPABASE_JWT_SECRET,
    })),
    storage,
    signedUrls: createSignedUrlCache({ storage, expiresInSeconds: SIGNED_URL_TTL_SECONDS }),
  };
}

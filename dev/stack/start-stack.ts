import { serve } from "@hono/node-server";
import type { Server } from "node:http";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import postgres from "postgres";
import { mintApiKeys } from "../auth/mint-jwt.ts";
import { loadOrCreateStackKeys, type StackKeys } from "../auth/stack-keys.ts";
import { createStackJwtVerifier } from "../auth/verify-stack-jwt.ts";
import { assertPortFree } from "../net/assert-port-free.ts";
import { pipelineLimitOption } from "../../supabase/functions/_shared/db/create-database.ts";
import { prepareDatabase } from "../postgres/prepare-database.ts";
import { startPostgres } from "../postgres/start-postgres.ts";
import { ensureDebianBinary } from "../apt/ensure-debian-binary.ts";
import { startRedisServer } from "../redis/start-redis-server.ts";
import { createStorageApi } from "../storage-api/create-storage-api.ts";
import { startReplicateEmulator } from "../replicate-emulator/start-replicate-emulator.ts";
import { registerLlmStandIn } from "../llm-stand-in/register-llm-stand-in.ts";
import { startLlmStandIn } from "../llm-stand-in/start-llm-stand-in.ts";
import { startUpstashGateway } from "../upstash-gateway/start-upstash-gateway.ts";
import { createApiGateway } from "./create-api-gateway.ts";
import { discoverFunctions } from "./discover-functions.ts";
import { functionEnv } from "./function-env.ts";
import { loadOrCreateSecret, randomToken, randomWebhookSecret } from "./load-or-create-secret.ts";
import { restartableService } from "./restartable-service.ts";
import { scheduleMaintenance } from "./schedule-maintenance.ts";
import { serveFunctions } from "./serve-functions.ts";
import { type StackFaults, switchableStorage } from "./stack-faults.ts";
import type { StackPorts } from "./stack-ports.ts";

/** The stand-in accepts this token only; it guards nothing but a mix-up of URLs. */
const LOCAL_REPLICATE_API_TOKEN = "local-replicate-token";

export interface StackOptions {
  projectDir: string;
  dataDir: string;
  ports: StackPorts;
  /** Wipe the data folder first: a fresh database with migrations and seed. */
  reset: boolean;
  /** Restart a function when its files change (dev). */
  watch: boolean;
  /** Run the recovery sweep and cleanup this often, as production's schedule does; 0 = never. */
  maintenanceIntervalMs?: number;
  log: (source: string, line: string) => void;
}

/** What a client needs to reach the stack, as `supabase status` prints it. */
export interface StackInfo {
  apiUrl: string;
  functionsUrl: string;
  dbUrl: string;
  redisRestUrl: string;
  redisRestToken: string;
  anonKey: string;
  serviceRoleKey: string;
  jwksUrl: string;
  /** The Replicate API stand-in's base URL (what REPLICATE_API_URL points at) and its token. */
  replicateApiUrl: string;
  replicateApiToken: string;
  /** The LLM stand-in's origin (registered as the chat worker and the `llm_stand_in` provider). */
  llmStandInUrl: string;
  /** Standard Webhooks secret GPU workers sign job-callback requests with. */
  workerWebhookSecret: string;
  /** Standard Webhooks secret the Replicate stand-in signs its webhooks with. */
  replicateWebhookSecret: string;
  /** Exactly the environment every function is served with. */
  functionEnv: Record<string, string>;
  /** The ES256 key file, so dev tools and tests can sign user tokens as Auth would. */
  signingKeyFile: string;
  functions: string[];
}

export interface RunningStack extends StackInfo {
  keys: StackKeys;
  /** Resolves with a message when any part of the stack dies on its own. */
  crashed: Promise<string>;
  /** Restarts and outages on purpose (the soak); a restart is not a crash. */
  faults: StackFaults;
  /** The process id of each function's Deno server. */
  functionPids(): Array<{ name: string; pid: number | undefined }>;
  stop(): Promise<void>;
}

/** Boots Postgres, Redis and its REST gateway, Storage, the functions and the API origin. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { ports, dataDir, projectDir, log } = options;
  const supabaseDir = join(projectDir, "supabase");
  const functions = await discoverFunctions(supabaseDir);
  await Promise.all([
    assertPortFree(ports.api, "API"),
    assertPortFree(ports.redisRest, "Redis REST"),
    assertPortFree(ports.replicate, "Replicate stand-in"),
    assertPortFree(ports.llm, "LLM stand-in"),
    ...functions.map((fn, i) => assertPortFree(ports.functionsBase + i, `function ${fn.name}`)),
  ]);
  if (options.reset) await rm(dataDir, { recursive: true, force: true });

  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const stopPart of stops.splice(0).reverse()) await stopPart().catch(() => {});
  };
  try {
    const redisServerPath = await ensureDebianBinary("redis-server");
    const keysDir = join(dataDir, "keys");
    const apiUrl = `http://127.0.0.1:${ports.api}`;
    const [keys, redisRestToken, workerWebhookSecret, replicateWebhookSecret] = await Promise.all([
      loadOrCreateStackKeys(join(keysDir, "signing-key.json"), apiUrl),
      loadOrCreateSecret(join(keysDir, "upstash-token"), randomToken),
      loadOrCreateSecret(join(keysDir, "worker-webhook-secret"), randomWebhookSecret),
      loadOrCreateSecret(join(keysDir, "replicate-webhook-secret"), randomWebhookSecret),
    ]);
    const startPg = () =>
      startPostgres({ dataDir, port: ports.db, log: (line) => log("postgres", line) });
    const startRedis = () =>
      startRedisServer({ port: ports.redis, dataDir: join(dataDir, "redis"), redisServerPath });
    // Both start at once; whichever started is stopped again when the other fails. A fault may
    // restart either later: the stack stops and watches whichever process is current.
    const [pgStart, redisStart] = await Promise.allSettled([
      startPg().then((first) => restartableService(first, startPg)),
      startRedis().then((first) => restartableService(first, startRedis)),
    ]);
    for (const part of [pgStart, redisStart]) {
      if (part.status === "fulfilled") stops.push(() => part.value.stop());
    }
    const [pgService, redisService] = [settledValue(pgStart), settledValue(redisStart)];
    const pg = pgService.current();

    await prepareDatabase({ url: pg.url, supabaseDir, fresh: pg.created }).catch(async (error) => {
      // A half-prepared new database would never get its seed: start from empty next time.
      if (pg.created) {
        await stop().then(() => rm(join(dataDir, "postgres"), { recursive: true, force: true }));
      }
      throw error;
    });

    const upstash = await startUpstashGateway({
      port: ports.redisRest,
      redisPort: ports.redis,
      token: redisRestToken,
    });
    stops.push(() => upstash.close());
    const replicate = await startReplicateEmulator({
      port: ports.replicate,
      apiToken: LOCAL_REPLICATE_API_TOKEN,
      webhookSecret: replicateWebhookSecret,
    });
    stops.push(() => replicate.close());
    const llm = await startLlmStandIn({ port: ports.llm });
    stops.push(() => llm.close());
    const registrationSql = postgres(pg.url, { max: 1, onnotice: () => {} });
    await registerLlmStandIn(registrationSql, llm.url).finally(() => registrationSql.end());

    const { anonKey, serviceRoleKey } = await mintApiKeys(keys);
    const info: Omit<StackInfo, "functions" | "functionEnv"> = {
      apiUrl,
      functionsUrl: `${apiUrl}/functions/v1`,
      dbUrl: pg.url,
      redisRestUrl: upstash.url,
      redisRestToken,
      anonKey,
      serviceRoleKey,
      jwksUrl: `${apiUrl}/auth/v1/.well-known/jwks.json`,
      signingKeyFile: join(keysDir, "signing-key.json"),
      replicateApiUrl: replicate.url,
      replicateApiToken: LOCAL_REPLICATE_API_TOKEN,
      llmStandInUrl: llm.url,
      workerWebhookSecret,
      replicateWebhookSecret,
    };
    const env = await functionEnv({ supabaseDir, info, legacyJwtSecret: keys.legacyJwtSecret });

    const storageSql = postgres(pg.url, { max: 10, ...pipelineLimitOption, onnotice: () => {} });
    // A query lost when Postgres went away mid-write never settles; stop must not wait for it.
    stops.push(() => storageSql.end({ timeout: 5 }));
    const verifyJwt = createStackJwtVerifier(keys);
    const storage = switchableStorage(createStorageApi({
      sql: storageSql,
      filesDir: join(dataDir, "storage"),
      verifyJwt,
      signingSecret: keys.legacyJwtSecret,
    }));

    const served = await serveFunctions({
      projectDir,
      functions,
      basePort: ports.functionsBase,
      env,
      watch: options.watch,
      log,
    });
    stops.push(...served.map((fn) => () => fn.service.stop()));

    const gateway = createApiGateway({
      functions: served,
      storage,
      jwks: keys.publicJwks,
      verifyJwt,
      adminDir: join(projectDir, "admin"),
    });
    const server = serve({ fetch: gateway.fetch, port: ports.api, hostname: "127.0.0.1" });
    // Requests still open at stop (a stream nobody reads any more) are cut, not waited for.
    stops.push(() =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as Server).closeAllConnections();
      })
    );
    if (options.maintenanceIntervalMs) {
      const stopMaintenance = scheduleMaintenance({
        functionsUrl: info.functionsUrl,
        serviceRoleKey,
        intervalMs: options.maintenanceIntervalMs,
        log,
      });
      stops.push(async () => stopMaintenance());
    }

    const crashed = Promise.race([
      pgService.exitedOnItsOwn.then(() => "Postgres exited"),
      redisService.exitedOnItsOwn.then((how) => `redis-server exited (${how})`),
      ...served.map((fn) => fn.service.exited.then((how) => `function ${fn.name} exited (${how})`)),
    ]).then((reason) => (stopping ? new Promise<string>(() => {}) : reason));
    return {
      ...info,
      functionEnv: env,
      functions: served.map((fn) => fn.name),
      keys,
      crashed,
      faults: {
        restartRedis: () => redisService.restart(),
        restartPostgres: () => pgService.restart(),
        setStorageDown: (down) => storage.setDown(down),
      },
      functionPids: () => served.map((fn) => ({ name: fn.name, pid: fn.service.child.pid })),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === "rejected") throw result.reason;
  return result.value;
}

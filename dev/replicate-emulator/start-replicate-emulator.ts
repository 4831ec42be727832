import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import {
  createPredictionRegistry,
  type ReplicateTiming,
  type WebhookDeliveryRecord,
} from "./create-prediction-registry.ts";
import { createReplicateApi } from "./create-replicate-api.ts";
import type { EmulatedPrediction } from "./prediction.ts";
import { createScriptBook, type PredictionScript } from "./prediction-script.ts";

/** Timing and models of the stand-in; tests shorten or lengthen the steps. */
export interface ReplicateBehaviour extends ReplicateTiming {
  /** Version ids the stand-in knows, with their model names. */
  knownVersions: Record<string, string>;
  /** Models whose output is one MP4 URL instead of a list of PNG URLs. */
  isVideoModel: (model: string) => boolean;
}

export interface StartReplicateEmulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The token callers must send as `Authorization: Bearer <token>` (or `Token <token>`). */
  apiToken: string;
  /** The `whsec_` secret webhooks are signed with (Standard Webhooks). */
  webhookSecret: string;
  /** Origin used in prediction and output URLs; defaults to http://host:port. */
  publicUrl?: string;
  behaviour?: Partial<ReplicateBehaviour>;
}

export interface RunningReplicateEmulator {
  /** Base URL of the API, including `/v1` (what REPLICATE_API_URL points at). */
  url: string;
  origin: string;
  /** Current state of one prediction. */
  prediction(id: string): EmulatedPrediction | undefined;
  /** Every prediction, newest first. */
  predictions(): EmulatedPrediction[];
  /** Webhook messages sent so far, oldest first, after all their attempts. */
  deliveries: readonly WebhookDeliveryRecord[];
  /** Arranges how matching future predictions behave (also `POST /_emulator/scripts`). */
  script(...scripts: PredictionScript[]): void;
  /** Resolves once no prediction is running and no webhook is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const defaultBehaviour: ReplicateBehaviour = {
  stepDelayMs: 50,
  webhook: { attempts: 4, retryDelayMs: 100, timeoutMs: 10_000 },
  knownVersions: {
    "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc": "stability-ai/sdxl",
  },
  isVideoModel: (model) => /video|(^|[/-])(wan|kling|veo|hailuo|ltx|seedance)/i.test(model),
};

/**
 * Serves a stand-in for Replicate's HTTP API on http://host:port: predictions run in the
 * background through Replicate's states and report through Standard-Webhooks-signed webhooks.
 * @example
 * const replicate = await startReplicateEmulator({ port: 0, apiToken: "token", webhookSecret: "whsec_…" });
 * await fetch(`${replicate.url}/predictions`, { method: "POST", headers: { authorization: "Bearer token" }, body });
 */
export async function startReplicateEmulator(
  options: StartReplicateEmulatorOptions,
): Promise<RunningReplicateEmulator> {
  const { port, host = "127.0.0.1", apiToken, webhookSecret } = options;
  const behaviour = { ...defaultBehaviour, ...options.behaviour };
  const scripts = createScriptBook();
  // EmulatedPrediction URLs need the bound port, so the API is built once the server listens.
  // deno-lint-ignore prefer-const
  let api: { fetch: (request: Request) => Response | Promise<Response> } | undefined;
  const server = serve({
    fetch: (request) => api?.fetch(request) ?? new Response("starting", { status: 503 }),
    port,
    hostname: host,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    throw inUse
      ? new Error(`port ${port} is in use: stop what uses it or choose another`, { cause: error })
      : error;
  }
  const origin = options.publicUrl?.replace(/\/$/, "") ??
    `http://${host}:${(server.address() as AddressInfo).port}`;
  const registry = createPredictionRegistry({
    origin,
    webhookSecret,
    timing: behaviour,
    isVideoModel: behaviour.isVideoModel,
  });
  api = createReplicateApi({ apiToken, registry, scripts, knownVersions: behaviour.knownVersions });

  return {
    url: `${origin}/v1`,
    origin,
    prediction: (id) => registry.get(id),
    predictions: () => registry.list(),
    deliveries: registry.deliveries,
    script: (...added) => scripts.add(...added),
    idle: () => registry.idle(),
    async close() {
      registry.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await registry.idle();
    },
  };
}

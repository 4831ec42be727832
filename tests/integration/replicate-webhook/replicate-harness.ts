import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { findFreePort } from "../../../dev/net/find-free-port.ts";
import type { EmulatedPrediction } from "../../../dev/replicate-emulator/prediction.ts";
import { startReplicateEmulator } from "../../../dev/replicate-emulator/start-replicate-emulator.ts";
import { signStandardWebhook } from "../../../supabase/functions/_shared/webhooks/sign-standard-webhook.ts";
import { createReplicateWebhookApp } from "../../../supabase/functions/replicate-webhook/app.ts";
import { loadReplicateWebhookDeps } from "../../../supabase/functions/replicate-webhook/deps.ts";
import { stack } from "../../support/stack.ts";

const apiToken = "r8_job-pipeline-test";
export const SDXL_VERSION = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";

/**
 * The Replicate stand-in (signing with the stack's Replicate secret) and the replicate-webhook app
 * served in process over HTTP, with output downloads allowed from the stand-in's host only.
 */
export async function startReplicateHarness() {
  const replicate = await startReplicateEmulator({
    port: await findFreePort(),
    apiToken,
    webhookSecret: stack.replicateWebhookSecret,
    behaviour: { stepDelayMs: 5, webhook: { attempts: 3, retryDelayMs: 20, timeoutMs: 5_000 } },
  });
  const standInHost = new URL(replicate.origin).host;
  const appWith = (env: Record<string, string> = {}) => {
    const deps = loadReplicateWebhookDeps({
      ...stack.functionEnv,
      LOG_LEVEL: "error",
      REPLICATE_OUTPUT_HOSTS: standInHost,
      ...env,
    });
    return { deps, app: createReplicateWebhookApp(deps) };
  };
  const variants: Array<{ deps: { sql: { end(): Promise<void> } } }> = [];
  const { deps, app } = appWith();
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/replicate-webhook`;

  return {
    replicate,
    app,
    webhookUrl,
    /**
     * Creates a prediction on the stand-in, reporting to `webhook` (the app by default; null for
     * no webhook), and resolves once it has finished and every webhook has been sent.
     */
    async runPrediction(
      input: Record<string, unknown>,
      webhook: string | null = webhookUrl,
    ): Promise<EmulatedPrediction> {
      const res = await fetch(`${replicate.url}/predictions`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
        body: JSON.stringify({ version: SDXL_VERSION, input, ...(webhook ? { webhook } : {}) }),
      });
      if (res.status !== 201) {
        throw new Error(`the stand-in answered ${res.status}: ${await res.text()}`);
      }
      const { id } = (await res.json()) as EmulatedPrediction;
      await replicate.idle();
      return replicate.prediction(id)!;
    },
    /** Delivers `prediction` to the app as Replicate would sign it. */
    deliver: (prediction: unknown, options: DeliveryOptions = {}) =>
      deliverTo(app, prediction, options),
    /** Another app on the same stand-in, with `env` overriding its settings, driven by hand. */
    variant(env: Record<string, string>) {
      const variant = appWith(env);
      variants.push(variant);
      return {
        deliver: (prediction: unknown, options: DeliveryOptions = {}) =>
          deliverTo(variant.app, prediction, options),
      };
    },
    async close() {
      await replicate.close();
      await new Promise((resolve) => server.close(resolve));
      for (const variant of [{ deps }, ...variants]) await variant.deps.sql.end();
    },
  };
}

/** How a test signs a delivery: a fixed webhook-id, another secret, a query string. */
export interface DeliveryOptions {
  query?: string;
  id?: string;
  secret?: string;
  unsigned?: boolean;
}

function deliverTo(
  app: ReturnType<typeof createReplicateWebhookApp>,
  prediction: unknown,
  options: DeliveryOptions,
) {
  const body = typeof prediction === "string" ? prediction : JSON.stringify(prediction);
  const headers = options.unsigned
    ? {}
    : signStandardWebhook(options.secret ?? stack.replicateWebhookSecret, body, { id: options.id });
  return app.request(`/replicate-webhook${options.query ?? ""}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

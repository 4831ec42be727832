import { randomUUID } from "node:crypto";
import { deliverWebhook, type WebhookAttemptPolicy } from "./deliver-webhook.ts";
import {
  type EmulatedPrediction,
  isFinished,
  newPredictionId,
  type WebhookEvent,
} from "./prediction.ts";
import { outputFile, predictionOutput } from "./prediction-outputs.ts";
import type { ParsedPredictionScript } from "./prediction-script.ts";
import { sleep } from "./sleep.ts";

/** How fast predictions run and how webhooks are retried. */
export interface ReplicateTiming {
  /** Pause between a prediction's steps (start, logs, output, completed). */
  stepDelayMs: number;
  webhook: WebhookAttemptPolicy;
}

/** One webhook message as the stand-in sent it, after all its attempts. */
export interface WebhookDeliveryRecord {
  predictionId: string;
  event: WebhookEvent;
  webhookId: string;
  /** The prediction's status in the body. */
  predictionStatus: EmulatedPrediction["status"];
  delivered: boolean;
  attempts: number;
  lastStatus: number | null;
}

export interface NewPrediction {
  model: string;
  version: string;
  input: Record<string, unknown>;
  webhook?: string;
  events: WebhookEvent[];
  script?: ParsedPredictionScript;
}

interface Entry {
  prediction: EmulatedPrediction;
  webhook?: string;
  events: Set<WebhookEvent>;
  script?: ParsedPredictionScript;
  video: boolean;
  /** Webhooks of one prediction go out one after another, in the order of its events. */
  deliveries: Promise<void>;
  finished: Promise<void>;
  markFinished: () => void;
}

/**
 * The stand-in's predictions: creates them, runs each through Replicate's lifecycle in the
 * background (starting → processing → succeeded | failed | canceled), and delivers the webhooks
 * the prediction asked for.
 */
export function createPredictionRegistry(options: {
  origin: string;
  webhookSecret: string;
  timing: ReplicateTiming;
  isVideoModel: (model: string) => boolean;
}) {
  const { origin, webhookSecret, timing } = options;
  const entries = new Map<string, Entry>();
  const deliveries: WebhookDeliveryRecord[] = [];
  const running = new Set<Promise<unknown>>();
  const stopped = new AbortController();
  let webhooksFailing = false;

  const track = (work: Promise<unknown>) => {
    running.add(work);
    work.finally(() => running.delete(work));
  };

  const send = (entry: Entry, event: WebhookEvent, webhookId = `msg_${randomUUID()}`) => {
    if (!entry.webhook || !entry.events.has(event)) return;
    const { webhook } = entry;
    const body = JSON.stringify(entry.prediction);
    const predictionStatus = entry.prediction.status;
    entry.deliveries = entry.deliveries.then(async () => {
      const result = await deliverWebhook({
        url: webhook,
        secret: webhookSecret,
        webhookId,
        body,
        policy: timing.webhook,
        signal: stopped.signal,
        failing: () => webhooksFailing,
      });
      deliveries.push({
        predictionId: entry.prediction.id,
        event,
        webhookId,
        predictionStatus,
        ...result,
      });
    });
    track(entry.deliveries);
  };

  const finish = (entry: Entry, change: Partial<EmulatedPrediction>) => {
    const { prediction } = entry;
    const now = new Date();
    const startedAt = new Date(prediction.started_at ?? now);
    Object.assign(prediction, change, {
      completed_at: now.toISOString(),
      metrics: {
        predict_time: (now.getTime() - startedAt.getTime()) / 1000,
        total_time: (now.getTime() - new Date(prediction.created_at).getTime()) / 1000,
      },
    });
    const completed = `msg_${randomUUID()}`;
    send(entry, "completed", completed);
    const duplicate = entry.script?.duplicateCompleted;
    if (duplicate) send(entry, "completed", duplicate === "same-id" ? completed : undefined);
    entry.markFinished();
  };

  const run = async (entry: Entry) => {
    const { prediction, script } = entry;
    const step = async (extraMs = 0) => {
      await sleep(timing.stepDelayMs + extraMs, stopped.signal);
      return !stopped.signal.aborted && !isFinished(prediction.status);
    };
    if (!(await step())) return;
    send(entry, "start");
    if (!(await step())) return;
    const seed = typeof prediction.input.seed === "number"
      ? prediction.input.seed
      : 1 + (Date.now() % 100000);
    Object.assign(prediction, {
      status: "processing",
      started_at: new Date().toISOString(),
      logs: `Using seed: ${seed}\n`,
    });
    send(entry, "logs");
    if (!(await step(script?.completionDelayMs))) return;
    const outcome = script?.outcome ?? "succeeded";
    if (outcome === "failed") {
      const error = script?.error ?? "Prediction failed.";
      return finish(entry, { status: "failed", error, logs: `${prediction.logs}${error}\n` });
    }
    if (outcome === "canceled") return finish(entry, { status: "canceled" });
    prediction.output = predictionOutput(prediction, origin, entry.video);
    send(entry, "output");
    if (!(await step())) return;
    finish(entry, { status: "succeeded" });
  };

  return {
    create(input: NewPrediction): EmulatedPrediction {
      const id = newPredictionId();
      const prediction: EmulatedPrediction = {
        id,
        model: input.model,
        version: input.version,
        input: input.input,
        logs: "",
        output: null,
        data_removed: false,
        error: null,
        status: "starting",
        source: "api",
        created_at: new Date().toISOString(),
        started_at: null,
        completed_at: null,
        urls: {
          web: `${origin}/p/${id}`,
          get: `${origin}/v1/predictions/${id}`,
          cancel: `${origin}/v1/predictions/${id}/cancel`,
        },
        metrics: {},
      };
      let markFinished = () => {};
      const finished = new Promise<void>((resolve) => (markFinished = resolve));
      const entry: Entry = {
        prediction,
        webhook: input.webhook,
        events: new Set(input.events),
        script: input.script,
        video: options.isVideoModel(input.model),
        deliveries: Promise.resolve(),
        finished,
        markFinished,
      };
      entries.set(id, entry);
      track(run(entry));
      return prediction;
    },

    get(id: string): EmulatedPrediction | undefined {
      return entries.get(id)?.prediction;
    },

    /** Every prediction, newest first. */
    list(): EmulatedPrediction[] {
      return [...entries.values()].map((entry) => entry.prediction).reverse();
    },

    /** Cancels an unfinished prediction (its `completed` webhook follows); a finished one is returned as is. */
    cancel(id: string): EmulatedPrediction | undefined {
      const entry = entries.get(id);
      if (entry && !isFinished(entry.prediction.status)) finish(entry, { status: "canceled" });
      return entry?.prediction;
    },

    /** Resolves when the prediction has finished or `ms` have passed, whichever is first. */
    async waitUntilFinished(id: string, ms: number): Promise<void> {
      const entry = entries.get(id);
      if (entry) await Promise.race([entry.finished, sleep(ms, stopped.signal)]);
    },

    outputFile(id: string, name: string) {
      const entry = entries.get(id);
      if (!entry || entry.prediction.status !== "succeeded" || entry.prediction.data_removed) {
        return undefined;
      }
      return outputFile(entry.prediction, name, entry.video);
    },

    /** Webhook messages sent so far, oldest first. */
    deliveries: deliveries as readonly WebhookDeliveryRecord[],

    /** Resolves once no prediction is running and no webhook is being delivered. */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },

    /** Stops running predictions and webhook retries at once. */
    /** While on, every webhook attempt fails as if the receiver were unreachable. */
    setWebhooksFailing(failing: boolean) {
      webhooksFailing = failing;
    },
    stop() {
      stopped.abort();
    },
  };
}

export type PredictionRegistry = ReturnType<typeof createPredictionRegistry>;

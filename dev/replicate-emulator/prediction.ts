/** Replicate's prediction states; `canceled` is spelled the American way, as on the wire. */
export type PredictionStatus = "starting" | "processing" | "succeeded" | "failed" | "canceled";

/** The events a prediction's `webhook_events_filter` may name. */
export const WEBHOOK_EVENTS = ["start", "output", "logs", "completed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The prediction object, as `GET /v1/predictions/{id}` returns it and webhooks carry it. */
export interface EmulatedPrediction {
  id: string;
  model: string;
  version: string;
  input: Record<string, unknown>;
  logs: string;
  output: string | string[] | null;
  data_removed: boolean;
  error: string | null;
  status: PredictionStatus;
  source: "api";
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  urls: { web: string; get: string; cancel: string };
  metrics: { predict_time?: number; total_time?: number };
}

/** Succeeded, failed and canceled predictions never change again. */
export function isFinished(status: PredictionStatus): boolean {
  return status === "succeeded" || status === "failed" || status === "canceled";
}

/** A prediction id in Replicate's style: 26 lowercase letters and digits. */
export function newPredictionId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(
    crypto.getRandomValues(new Uint8Array(26)),
    (byte) => alphabet[byte % alphabet.length],
  ).join("");
}

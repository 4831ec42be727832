import type { PredictionStatus } from "./create-replicate-client.ts";

/**
 * What the backend reads of a prediction, whoever tells it: a signed webhook's body, or the answer
 * to `GET /predictions/{id}` when the sweep asks after a webhook that never came.
 */
export interface PredictionUpdate {
  id: string;
  status: PredictionStatus;
  input?: Record<string, unknown>;
  /** A URL or a list of URLs once succeeded. */
  output?: unknown;
  error?: unknown;
  metrics?: Record<string, unknown> | null;
}

/** The output URLs of a succeeded prediction: `output` as a URL or a list of them. */
export function outputUrls(prediction: PredictionUpdate): string[] | null {
  const { output } = prediction;
  if (output === null || output === undefined) return [];
  if (typeof output === "string") return [output];
  if (Array.isArray(output) && output.every((item) => typeof item === "string")) return output;
  return null;
}

/** Replicate's `error`, which may be a string or an object, as text. */
export function predictionError(prediction: PredictionUpdate): string {
  const { error } = prediction;
  if (typeof error === "string" && error !== "") return error;
  if (error !== null && error !== undefined) return JSON.stringify(error);
  return "The prediction failed";
}

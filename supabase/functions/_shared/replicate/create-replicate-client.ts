import { z } from "zod";
import { ReplicateApiError } from "./replicate-api-error.ts";

/** Events a prediction's webhook can be sent for. */
export type PredictionWebhookEvent = "start" | "output" | "logs" | "completed";

/** A prediction's state as Replicate spells it. */
export type PredictionStatus =
  | "starting"
  | "processing"
  | "succeeded"
  | "failed"
  | "canceled"
  | "aborted";

const predictionSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(["starting", "processing", "succeeded", "failed", "canceled", "aborted"]),
  model: z.string().optional(),
  version: z.string().nullish(),
  input: z.record(z.string(), z.unknown()).optional(),
  output: z.unknown().optional(),
  error: z.unknown().optional(),
  logs: z.string().nullish(),
  metrics: z.record(z.string(), z.unknown()).nullish(),
  created_at: z.string().nullish(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  urls: z.record(z.string(), z.string()).nullish(),
});

/** The prediction object Replicate answers with (and posts to webhooks). */
export type ReplicatePrediction = z.output<typeof predictionSchema>;

/** What `createPrediction` sends: a model `version` id, or an official model as `owner/name`. */
export type CreatePredictionRequest =
  & {
    input: Record<string, unknown>;
    webhook?: string;
    webhook_events_filter?: PredictionWebhookEvent[];
  }
  & ({ version: string; model?: never } | { model: string; version?: never });

/** Options of `createReplicateClient`. */
export interface ReplicateClientOptions {
  /** API base including the version segment, e.g. `https://api.replicate.com/v1`. */
  apiUrl: string;
  token: string;
  /** Per-call limit; a slower answer fails with kind "timeout". */
  timeoutMs?: number;
}

/** The calls the backend makes to Replicate. */
export interface ReplicateClient {
  createPrediction(request: CreatePredictionRequest): Promise<ReplicatePrediction>;
  cancelPrediction(id: string): Promise<ReplicatePrediction>;
  /** The prediction as Replicate knows it now; a 404 (`status`) when it knows none by that id. */
  getPrediction(id: string): Promise<ReplicatePrediction>;
}

const MODEL_NAME = /^([\w.-]+)\/([\w.-]+)$/;

/**
 * Builds a client for Replicate's HTTP API: `POST /predictions` for a version id,
 * `POST /models/{owner}/{name}/predictions` for official models, `POST /predictions/{id}/cancel`,
 * `GET /predictions/{id}`.
 * Every failure surfaces as a `ReplicateApiError`.
 * @example
 * const replicate = createReplicateClient({ apiUrl, token, timeoutMs: 10_000 });
 * const prediction = await replicate.createPrediction({ version, input, webhook, webhook_events_filter: ["start", "completed"] });
 */
export function createReplicateClient(
  { apiUrl, token, timeoutMs = 10_000 }: ReplicateClientOptions,
): ReplicateClient {
  const base = apiUrl.replace(/\/+$/, "");

  const call = async (
    method: "GET" | "POST",
    path: string,
    body?: unknown,
  ): Promise<ReplicatePrediction> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      throw new ReplicateApiError(
        timedOut ? "timeout" : "network",
        timedOut ? `Replicate did not answer within ${timeoutMs} ms` : "Replicate is unreachable",
        { cause: error },
      );
    }
    const text = await response.text();
    if (!response.ok) throw httpError(response, text);
    const prediction = predictionSchema.safeParse(parseJson(text));
    if (!prediction.success) {
      throw new ReplicateApiError("http", "Replicate answered with an unexpected body", {
        status: response.status,
        cause: prediction.error,
      });
    }
    return prediction.data;
  };

  return {
    async createPrediction({ version, model, ...rest }) {
      if (version !== undefined) return await call("POST", "/predictions", { version, ...rest });
      const name = MODEL_NAME.exec(model);
      if (!name) throw new ReplicateApiError("http", `Not a Replicate model name: ${model}`);
      return await call("POST", `/models/${name[1]}/${name[2]}/predictions`, rest);
    },
    cancelPrediction(id) {
      return call("POST", `/predictions/${encodeURIComponent(id)}/cancel`);
    },
    getPrediction(id) {
      return call("GET", `/predictions/${encodeURIComponent(id)}`);
    },
  };
}

function httpError(response: Response, text: string): ReplicateApiError {
  const body = parseJson(text);
  const detail =
    typeof body === "object" && body !== null && "detail" in body && typeof body.detail === "string"
      ? body.detail
      : undefined;
  const retryAfter = Number(response.headers.get("retry-after"));
  return new ReplicateApiError(
    "http",
    `Replicate answered ${response.status}${detail ? `: ${detail}` : ""}`,
    {
      status: response.status,
      detail,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

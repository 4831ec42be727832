import { type Context, Hono } from "hono";
import { z } from "zod";
import type { PredictionRegistry } from "./create-prediction-registry.ts";
import { WEBHOOK_EVENTS, type WebhookEvent } from "./prediction.ts";
import { predictionScriptSchema, type ScriptBook } from "./prediction-script.ts";
import { replicateProblem } from "./replicate-problem.ts";

// Replicate sends every event when a prediction names none (its runtime's documented default).
const allEvents: WebhookEvent[] = [...WEBHOOK_EVENTS];
const versionId = /^[0-9a-f]{64}$/;
const modelName = /^[\w.-]+\/[\w.-]+$/;

const webhookFields = {
  input: z.record(z.string(), z.unknown()),
  webhook: z.url({ protocol: /^https?$/ }).optional(),
  webhook_events_filter: z.array(z.enum(WEBHOOK_EVENTS)).optional(),
  webhook_completed: z.url({ protocol: /^https?$/ }).optional(),
  stream: z.boolean().optional(),
};
const versionBody = z.object({ version: z.string().min(1), ...webhookFields });
const modelBody = z.object(webhookFields);
const webhookOutageBody = z.strictObject({ failing: z.boolean() });
const scriptsBody = z.object({ scripts: z.array(predictionScriptSchema).min(1) });

export interface ReplicateApiOptions {
  apiToken: string;
  registry: PredictionRegistry;
  scripts: ScriptBook;
  /** Model names of the version ids the stand-in knows; other well-formed ids run as "unknown/unknown". */
  knownVersions: Record<string, string>;
}

/**
 * Replicate's HTTP API for predictions (`/v1/predictions`, `/v1/models/{owner}/{name}/predictions`,
 * get, list, cancel, `Prefer: wait`), the output files at `/files/...` (public, like Replicate's
 * delivery host), and `/_emulator/*`, where tests script outcomes and read the webhook log.
 */
export function createReplicateApi(
  { apiToken, registry, scripts, knownVersions }: ReplicateApiOptions,
) {
  const app = new Hono();

  app.use("/v1/*", async (c, next) => authorized(c, apiToken) ? next() : unauthenticated());
  app.use("/_emulator/*", async (c, next) => authorized(c, apiToken) ? next() : unauthenticated());

  app.post("/v1/predictions", async (c) => {
    const body = await parseBody(c, versionBody);
    if (body instanceof Response) return body;
    const target = resolveVersion(body.version, knownVersions);
    if (!target) return invalid("version", "Invalid version or not permitted");
    return createPrediction(c, { ...body, ...target });
  });

  app.post("/v1/models/:owner/:name/predictions", async (c) => {
    const body = await parseBody(c, modelBody);
    if (body instanceof Response) return body;
    const model = `${c.req.param("owner")}/${c.req.param("name")}`;
    const version = Object.entries(knownVersions).find(([, name]) => name === model)?.[0] ??
      "hidden";
    return createPrediction(c, { model, version, ...body });
  });

  app.get(
    "/v1/predictions",
    (c) => c.json({ next: null, previous: null, results: registry.list() }),
  );

  app.get("/v1/predictions/:id", (c) => {
    const prediction = registry.get(c.req.param("id"));
    return prediction ? c.json(prediction) : notFound();
  });

  app.post("/v1/predictions/:id/cancel", (c) => {
    const prediction = registry.cancel(c.req.param("id"));
    return prediction ? c.json(prediction) : notFound();
  });

  app.get("/files/:id/:name", (c) => {
    const file = registry.outputFile(c.req.param("id"), c.req.param("name"));
    if (!file) return c.text("Not found", 404);
    return c.body(new Uint8Array(file.bytes), 200, {
      "content-type": file.contentType,
      "content-length": String(file.bytes.length),
    });
  });

  app.post("/_emulator/scripts", async (c) => {
    const body = await parseBody(c, scriptsBody);
    if (body instanceof Response) return body;
    scripts.add(...body.scripts);
    return c.json({ queued: body.scripts.length }, 201);
  });

  app.put("/_emulator/webhook-outage", async (c) => {
    const body = await parseBody(c, webhookOutageBody);
    if (body instanceof Response) return body;
    registry.setWebhooksFailing(body.failing);
    return c.json(body, 200);
  });

  app.get("/_emulator/deliveries", (c) => {
    const predictionId = c.req.query("prediction_id");
    return c.json(
      registry.deliveries.filter((record) => !predictionId || record.predictionId === predictionId),
    );
  });

  app.notFound(() => replicateProblem(404, "Not found", "The requested resource does not exist."));
  return app;

  async function createPrediction(
    c: Context,
    body: z.infer<typeof modelBody> & { model: string; version: string },
  ): Promise<Response> {
    const wait = parsePreferWait(c.req.header("prefer"));
    if (wait === "invalid") {
      return invalid("Prefer", "Prefer must be wait or wait=n with n between 1 and 60");
    }
    const script = scripts.take(body.input);
    if (script?.refuse) {
      return replicateProblem(
        503,
        "Service unavailable",
        "Replicate is temporarily unavailable. Please try again.",
      );
    }
    const webhook = body.webhook ?? body.webhook_completed;
    const events = body.webhook
      ? (body.webhook_events_filter ?? allEvents)
      : ["completed" as const];
    const prediction = registry.create({
      model: body.model,
      version: body.version,
      input: body.input,
      webhook,
      events,
      script,
    });
    if (wait !== undefined) await registry.waitUntilFinished(prediction.id, wait * 1000);
    return c.json(prediction, 201);
  }
}

function authorized(c: Context, apiToken: string): boolean {
  const [scheme, token] = (c.req.header("authorization") ?? "").split(" ");
  return (scheme === "Bearer" || scheme === "Token") && token === apiToken;
}

function unauthenticated(): Response {
  return replicateProblem(401, "Unauthenticated", "You did not pass a valid authentication token");
}

function notFound(): Response {
  return replicateProblem(404, "Not found", "The requested prediction does not exist.");
}

function invalid(field: string, description: string): Response {
  return replicateProblem(422, "Input validation failed", `- ${field}: ${description}`, {
    invalid_fields: [{ type: "invalid", field, description }],
  });
}

async function parseBody<T>(c: Context, schema: z.ZodType<T>): Promise<T | Response> {
  const json: unknown = await c.req.json().catch(() => undefined);
  if (json === undefined) {
    return replicateProblem(400, "Bad request", "The request body must be a JSON object.");
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return invalid(issue.path.join(".") || "body", issue.message);
}

/** `version` may be a version id, `owner/name:version` or, for official models, `owner/name`. */
function resolveVersion(version: string, knownVersions: Record<string, string>) {
  const [name, id] = version.includes(":") ? version.split(":", 2) : [undefined, version];
  if (name !== undefined && !modelName.test(name)) return undefined;
  if (id === undefined || id === "") return undefined;
  if (name === undefined && modelName.test(id)) return { model: id, version: "hidden" };
  if (!versionId.test(id)) return undefined;
  return { model: name ?? knownVersions[id] ?? "unknown/unknown", version: id };
}

/** Seconds to hold the create request open, undefined without `Prefer: wait`. */
function parsePreferWait(header: string | undefined): number | "invalid" | undefined {
  if (header === undefined) return undefined;
  const match = /^wait(?:=(\d{1,2}))?$/.exec(header.trim());
  if (!match) return "invalid";
  const seconds = match[1] === undefined ? 60 : Number(match[1]);
  return seconds >= 1 && seconds <= 60 ? seconds : "invalid";
}

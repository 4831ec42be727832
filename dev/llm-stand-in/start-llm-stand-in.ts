import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sleep } from "../replicate-emulator/sleep.ts";
import { standInReply, standInTokens } from "./stand-in-reply.ts";
import { type StandInSwitches, standInSwitches } from "./stand-in-switches.ts";
import { type StandInOutage, standInOutageSchema } from "./stand-in-outage.ts";

/** One request the stand-in received, for tests to assert what the client sent. */
export interface StandInRequest {
  path: string;
  model: string;
  body: Record<string, unknown>;
  authorization?: string;
  /** Set when the caller closed the connection before the answer was complete. */
  abandoned?: boolean;
}

export interface RunningLlmStandIn {
  /** The origin: the chat worker API lives at its root, the OpenAI-compatible API under `/v1`. */
  url: string;
  /** Requests received so far, oldest first (also `GET /_stand-in/requests`). */
  requests(): StandInRequest[];
  close(): Promise<void>;
}

interface Message {
  role: string;
  content: string;
}

const WORKER_ROUTES = new Set(["/chat", "/enhance", "/generate"]);

/**
 * Serves a deterministic LLM on http://127.0.0.1:port speaking both protocols the LLM client
 * does: the chat worker's (`POST /chat|/enhance|/generate`, `GET /health`) and OpenAI's
 * `POST /v1/chat/completions` (JSON or SSE with a final usage chunk). The model name's query
 * string switches latency, errors, malformed bodies and broken streams (`standInSwitches`);
 * `PUT /_stand-in/outage` makes every request hang until switched off (`stand-in-outage.ts`).
 * @example const llm = await startLlmStandIn({ port: 0 }); // then model "stand-in?error=500"
 */
export async function startLlmStandIn(
  options: { port: number; host?: string },
): Promise<RunningLlmStandIn> {
  const host = options.host ?? "127.0.0.1";
  const received: StandInRequest[] = [];
  const seen = new Map<string, number>();
  const closing = new AbortController();
  let outage: StandInOutage = { timeout: false };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://stand-in").pathname;
    if (req.method === "GET" && path === "/health") {
      return json(res, 200, { status: "healthy", model_loaded: true });
    }
    if (req.method === "GET" && path === "/_stand-in/requests") return json(res, 200, received);
    if (req.method === "PUT" && path === "/_stand-in/outage") {
      const parsed = standInOutageSchema.safeParse(JSON.parse(await readBody(req) || "null"));
      if (!parsed.success) return json(res, 400, { error: { message: parsed.error.message } });
      outage = parsed.data;
      return json(res, 200, outage);
    }
    const isOpenAi = req.method === "POST" && path === "/v1/chat/completions";
    if (!isOpenAi && !(req.method === "POST" && WORKER_ROUTES.has(path))) {
      return json(res, 404, { error: "not found" });
    }

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return json(res, 400, { error: { message: "body is not JSON" } });
    }
    const model = typeof body.model === "string" ? body.model : "stand-in";
    const entry: StandInRequest = { path, model, body, authorization: req.headers.authorization };
    received.push(entry);
    res.on("close", () => {
      if (!res.writableFinished && !closing.signal.aborted) entry.abandoned = true;
    });
    // An outage for every model at once: the request is read (and listed) and never answered.
    if (outage.timeout) return;
    const count = (seen.get(model) ?? 0) + 1;
    seen.set(model, count);
    const switches = standInSwitches(model);
    const failing = switches.error !== undefined && count <= switches.failTimes;

    await sleep(switches.latencyMs, closing.signal);
    if (failing && switches.error === "timeout") return; // never answers; the client must give up
    if (failing && switches.error === "429") {
      res.setHeader("retry-after", String(switches.retryAfter ?? 1));
      return json(res, 429, { error: { message: "rate limited" } });
    }
    if (failing) return json(res, 500, { error: { message: "stand-in failure" } });

    const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
    const text = standInReply(messages, {
      temperature: typeof body.temperature === "number" ? body.temperature : undefined,
      seed: typeof body.seed === "number" ? body.seed : undefined,
      words: switches.words,
      badJson: switches.json === "bad" || (switches.json === "bad_once" && count === 1),
    });
    const promptTokens = Math.ceil(messages.reduce((n, m) => n + String(m.content).length, 0) / 4);
    if (isOpenAi && body.stream === true) {
      return streamCompletion(res, model, text, promptTokens, switches, closing.signal);
    }
    await sleep(switches.ttftMs, closing.signal);
    if (switches.malformed) {
      return raw(res, 200, "application/json", '{"success": true, "response": ');
    }
    const tokens = standInTokens(text).length;
    if (isOpenAi) {
      return json(res, 200, {
        id: `chatcmpl-${count}`,
        object: "chat.completion",
        model,
        choices: [{
          index: 0,
          message: { role: "assistant", content: text },
          finish_reason: "stop",
        }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: tokens,
          total_tokens: promptTokens + tokens,
        },
      });
    }
    return json(res, 200, {
      success: true,
      [path === "/enhance" ? "enhanced_prompt" : "response"]: text,
      generation_time: (switches.latencyMs + switches.ttftMs) / 1000,
      tokens_generated: tokens,
      model_info: { model_name: model },
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once(
      "error",
      (error: NodeJS.ErrnoException) =>
        reject(
          error.code === "EADDRINUSE"
            ? new Error(`port ${options.port} is in use: stop what uses it or choose another`)
            : error,
        ),
    );
    server.listen(options.port, host, resolve);
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    requests: () => [...received],
    async close() {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function streamCompletion(
  res: ServerResponse,
  model: string,
  text: string,
  promptTokens: number,
  switches: StandInSwitches,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
  await sleep(switches.ttftMs, signal);
  const send = (data: unknown) =>
    res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    send({
      id: "chatcmpl-stand-in",
      object: "chat.completion.chunk",
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  if (switches.malformed) {
    send("{not json");
    return void res.end();
  }
  const tokens = standInTokens(text);
  chunk({ role: "assistant", content: "" }, null);
  for (const [i, token] of tokens.entries()) {
    if (switches.dieAfter !== undefined && i >= switches.dieAfter) {
      return void res.socket?.destroySoon();
    }
    if (i > 0) await sleep(switches.tokenDelayMs, signal);
    if (res.destroyed) return;
    chunk({ content: token }, null);
  }
  chunk({}, "stop");
  if (switches.usage) {
    send({
      id: "chatcmpl-stand-in",
      object: "chat.completion.chunk",
      model,
      choices: [],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: tokens.length,
        total_tokens: promptTokens + tokens.length,
        ...(switches.cost !== undefined ? { cost: switches.cost } : {}),
      },
    });
  }
  send("[DONE]");
  res.end();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  raw(res, status, "application/json", JSON.stringify(body));
}

function raw(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

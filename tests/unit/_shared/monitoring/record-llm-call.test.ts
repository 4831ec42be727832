import { describe, expect, it } from "vitest";
import { createFunctionApp } from "../../../../supabase/functions/_shared/http/create-function-app.ts";
import type { RequestTelemetry } from "../../../../supabase/functions/_shared/monitoring/create-telemetry-writer.ts";
import { recordLlmCall } from "../../../../supabase/functions/_shared/monitoring/record-llm-call.ts";
import { captureLog } from "../../../support/capture-log.ts";

describe("recordLlmCall", () => {
  it("puts every LLM call of a request into that request's telemetry, a fallback included", async () => {
    const stored: RequestTelemetry[] = [];
    const app = createFunctionApp({
      name: "chat-test",
      logger: captureLog().logger,
      telemetry: (event) => stored.push(event),
    });
    app.get("/answer", (c) => {
      recordLlmCall({
        model: "qwen",
        promptTokens: 50,
        completionTokens: 0,
        costUsd: null,
        ttftMs: null,
        ok: false,
      });
      recordLlmCall({
        model: "gpt-4o-mini",
        promptTokens: 50,
        completionTokens: 9,
        costUsd: 0.001,
        ttftMs: 180,
        ok: true,
      });
      return c.json({ ok: true });
    });

    expect((await app.request("/chat-test/answer")).status).toBe(200);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      function_name: "chat-test",
      route: "GET /answer",
      status_code: 200,
      outcome: "success",
    });
    expect(stored[0].metadata.llmCalls).toEqual([
      {
        model: "qwen",
        promptTokens: 50,
        completionTokens: 0,
        costUsd: null,
        ttftMs: null,
        ok: false,
      },
      {
        model: "gpt-4o-mini",
        promptTokens: 50,
        completionTokens: 9,
        costUsd: 0.001,
        ttftMs: 180,
        ok: true,
      },
    ]);
  });

  it("does nothing outside a request", () => {
    expect(() =>
      recordLlmCall({
        model: "qwen",
        promptTokens: 1,
        completionTokens: 1,
        costUsd: null,
        ttftMs: 1,
        ok: true,
      })
    )
      .not.toThrow();
  });
});

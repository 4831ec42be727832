import { createRoute, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { createFunctionApp } from "../../../../supabase/functions/_shared/http/create-function-app.ts";
import { jsonBody } from "../../../../supabase/functions/_shared/http/json-body.ts";
import { captureLog } from "../../../support/capture-log.ts";

const createJobRoute = createRoute({
  method: "post",
  path: "/jobs",
  request: {
    body: jsonBody(
      z.object({
        prompt: z.string().min(1),
        metadata: z.object({ aspect_ratio: z.enum(["1:1", "16:9", "9:16"]) }).optional(),
      }),
    ),
  },
  responses: {
    202: {
      description: "Queued",
      content: { "application/json": { schema: z.object({ prompt: z.string() }) } },
    },
  },
});

function makeApp() {
  const log = captureLog();
  const app = createFunctionApp({ name: "demo", logger: log.logger });
  app.openapi(createJobRoute, (c) => c.json({ prompt: c.req.valid("json").prompt }, 202));
  return { app, log };
}

function postJson(body: string, headers: Record<string, string> = {}) {
  return {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  };
}

describe("createFunctionApp", () => {
  it("answers GET /<name>/health with the function name", async () => {
    const res = await makeApp().app.request("/demo/health");

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", function: "demo" });
  });

  it("serves an OpenAPI 3.1 document listing every declared route under the base path", async () => {
    const res = await makeApp().app.request("/demo/openapi.json");
    const doc = await res.json();

    expect(res.status).toBe(200);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("demo");
    expect(Object.keys(doc.paths).sort()).toEqual(["/demo/health", "/demo/jobs"]);
    expect(doc.paths["/demo/jobs"].post.requestBody.required).toBe(true);
  });

  it("answers an unknown route with the JSON 404 shape", async () => {
    const res = await makeApp().app.request("/demo/nope");
    const body = await res.json();

    expect(res.status).toBe(404);
    expect(body).toEqual({
      error: { code: "NOT_FOUND", message: "route not found" },
      requestId: expect.any(String),
    });
  });

  it("answers paths outside the base path with the same 404 shape and request id", async () => {
    const res = await makeApp().app.request("/elsewhere");

    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("NOT_FOUND");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("rejects a body that fails the schema with 400 naming each failing field", async () => {
    const res = await makeApp().app.request(
      "/demo/jobs",
      postJson(JSON.stringify({ metadata: { aspect_ratio: "4:3" } })),
    );
    const body = await res.json();

    expect(res.status).toBe(400);
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.fields).toEqual(["prompt", "metadata.aspect_ratio"]);
    expect(body.error.message).toMatch(/^prompt: .+; metadata\.aspect_ratio: .+/);
    expect(body.requestId).toEqual(expect.any(String));
  });

  it("rejects a POST without any body instead of validating an empty object as valid", async () => {
    const res = await makeApp().app.request("/demo/jobs", { method: "POST" });
    const body = await res.json();

    expect(res.status).toBe(400);
    expect(body.error.fields).toEqual(["prompt"]);
  });

  it("rejects malformed JSON with 400 naming the body", async () => {
    const res = await makeApp().app.request("/demo/jobs", postJson("{ not json"));

    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({
      code: "VALIDATION_FAILED",
      message: "body: Malformed JSON",
      fields: ["body"],
    });
  });

  it("rejects a JSON array where an object is expected, naming the body", async () => {
    const res = await makeApp().app.request("/demo/jobs", postJson("[1]"));

    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual(["body"]);
  });

  it("answers a body of the wrong media type with 415 in the shared shape", async () => {
    const res = await makeApp().app.request("/demo/jobs", {
      method: "POST",
      body: "prompt=cat",
      headers: { "content-type": "text/plain" },
    });

    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("passes valid input to the handler", async () => {
    const res = await makeApp().app.request(
      "/demo/jobs",
      postJson(JSON.stringify({ prompt: "a cat" })),
    );

    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ prompt: "a cat" });
  });

  it("answers a CORS preflight with 204 and the Supabase headers, before any route runs", async () => {
    const res = await makeApp().app.request("/demo/jobs", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });

    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const allowed = res.headers.get("access-control-allow-headers")?.split(",");
    expect(allowed).toEqual(
      expect.arrayContaining([
        "authorization",
        "x-client-info",
        "apikey",
        "content-type",
        "idempotency-key",
        "x-request-id",
      ]),
    );
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("sends CORS headers on error responses too, so browsers can read them", async () => {
    const res = await makeApp().app.request("/demo/jobs", {
      ...postJson("{"),
      headers: { "content-type": "application/json", origin: "https://app.example.com" },
    });

    expect(res.status).toBe(400);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toContain("x-request-id");
  });

  it("adopts the platform's sb-request-id and echoes it", async () => {
    const res = await makeApp().app.request("/demo/health", {
      headers: { "sb-request-id": "0193a1b2-platform-id", "x-request-id": "client-id" },
    });

    expect(res.headers.get("x-request-id")).toBe("0193a1b2-platform-id");
  });

  it("adopts a sane x-request-id when the platform sends none", async () => {
    const res = await makeApp().app.request("/demo/nope", {
      headers: { "x-request-id": "req-42" },
    });

    expect(res.headers.get("x-request-id")).toBe("req-42");
    expect((await res.json()).requestId).toBe("req-42");
  });

  it("generates a UUID when the offered request id is not sane", async () => {
    const res = await makeApp().app.request("/demo/health", {
      headers: { "x-request-id": "<script>alert(1)</script>" },
    });

    expect(res.headers.get("x-request-id")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});

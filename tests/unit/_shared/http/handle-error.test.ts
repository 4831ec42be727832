import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from "../../../../supabase/functions/_shared/errors/app-error.ts";
import { createFunctionApp } from "../../../../supabase/functions/_shared/http/create-function-app.ts";
import { captureLog } from "../../../support/capture-log.ts";

function appThrowing(error: unknown) {
  const log = captureLog();
  const app = createFunctionApp({ name: "demo", logger: log.logger });
  app.get("/boom", () => {
    throw error;
  });
  return { app, log };
}

describe("handleError", () => {
  it.each([
    [new ValidationError(["prompt"], "prompt: Required"), 400, "VALIDATION_FAILED"],
    [new UnauthorizedError(), 401, "UNAUTHORIZED"],
    [new PaymentRequiredError({ balance: 3, required: 10 }), 402, "PAYMENT_REQUIRED"],
    [new ForbiddenError(), 403, "FORBIDDEN"],
    [new NotFoundError("job", "6d1c"), 404, "NOT_FOUND"],
    [new ConflictError("job already completed"), 409, "CONFLICT"],
    [new PayloadTooLargeError(), 413, "PAYLOAD_TOO_LARGE"],
    [new RateLimitedError(30), 429, "RATE_LIMITED"],
    [new ServiceUnavailableError("queue unavailable"), 503, "SERVICE_UNAVAILABLE"],
  ])("answers %s with its status and code", async (error, status, code) => {
    const res = await appThrowing(error).app.request("/demo/boom");

    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  it("sends validation fields only for validation errors", async () => {
    const res = await appThrowing(new ValidationError(["prompt"], "prompt: Required")).app
      .request("/demo/boom");

    expect(await res.json()).toEqual({
      error: { code: "VALIDATION_FAILED", message: "prompt: Required", fields: ["prompt"] },
      requestId: expect.any(String),
    });
  });

  it("says only that the entity was not found, keeping the id for the log", async () => {
    const { app, log } = appThrowing(new NotFoundError("job", "6d1c"));
    const res = await app.request("/demo/boom");

    expect((await res.json()).error).toEqual({ code: "NOT_FOUND", message: "job not found" });
    expect(log.lines[0].error).toEqual({ entity: "job", id: "6d1c" });
  });

  it("includes details such as the balance for payment errors", async () => {
    const res = await appThrowing(new PaymentRequiredError({ balance: 3, required: 10 })).app
      .request("/demo/boom");

    expect((await res.json()).error.details).toEqual({ balance: 3, required: 10 });
  });

  it("tells a rate-limited caller when to retry, in the body and in Retry-After", async () => {
    const res = await appThrowing(new RateLimitedError(30)).app.request("/demo/boom");

    expect(res.headers.get("retry-after")).toBe("30");
    expect((await res.json()).error.details).toEqual({ retryAfterSeconds: 30 });
  });

  it("answers an unknown error with a generic 500 and logs its cause instead of echoing it", async () => {
    const { app, log } = appThrowing(new Error("connection to 10.0.0.5 refused"));
    const res = await app.request("/demo/boom", { headers: { "x-request-id": "req-500" } });
    const text = await res.text();

    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      error: { code: "INTERNAL", message: "Internal error" },
      requestId: "req-500",
    });
    expect(text).not.toContain("10.0.0.5");
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({
      level: "error",
      outcome: "server_error",
      errorCode: "INTERNAL",
      requestId: "req-500",
      error: { name: "Error", message: "connection to 10.0.0.5 refused" },
    });
  });

  it("logs the cause of an expected error that wraps one", async () => {
    const cause = new Error("ECONNREFUSED redis:6379");
    const { app, log } = appThrowing(new ServiceUnavailableError("queue unavailable", { cause }));
    const res = await app.request("/demo/boom");

    expect((await res.json()).error.message).toBe("queue unavailable");
    expect(log.lines[0].error).toMatchObject({ cause: { message: "ECONNREFUSED redis:6379" } });
  });

  it("maps a client-error HTTPException from middleware to the code for its status", async () => {
    const res = await appThrowing(new HTTPException(413, { message: "Body over 1 MB" })).app
      .request("/demo/boom");

    expect(res.status).toBe(413);
    expect((await res.json()).error).toEqual({
      code: "PAYLOAD_TOO_LARGE",
      message: "Body over 1 MB",
    });
  });

  it("gives a message-less HTTPException a readable message", async () => {
    const res = await appThrowing(new HTTPException(401)).app.request("/demo/boom");

    expect((await res.json()).error).toEqual({ code: "UNAUTHORIZED", message: "Unauthorized" });
  });

  it("treats a server-error HTTPException like any unknown error", async () => {
    const res = await appThrowing(new HTTPException(502, { message: "upstream said no" })).app
      .request("/demo/boom");

    expect(res.status).toBe(500);
    expect((await res.json()).error).toEqual({ code: "INTERNAL", message: "Internal error" });
  });

  it("lets services throw the base AppError with any code from the vocabulary", async () => {
    const res = await appThrowing(new AppError("FORBIDDEN", "Only the owner may do this")).app
      .request("/demo/boom");

    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe("Only the owner may do this");
  });
});

import { describe, expect, it } from "vitest";
import { findFreePort } from "../../../dev/net/find-free-port.ts";
import { createApiGateway } from "../../../dev/stack/create-api-gateway.ts";

async function gatewayToNothing() {
  return createApiGateway({
    functions: [{
      name: "demo",
      entrypoint: "unused",
      verifyJwt: false,
      port: await findFreePort(),
    }],
    storage: { fetch: () => new Response(null, { status: 404 }) },
    jwks: { keys: [] },
    verifyJwt: async () => null,
  });
}

describe("the local API gateway", () => {
  // TRACE itself cannot be built as a Request in process: tests/e2e/stack/functions.test.ts sends it.
  it.each(["PROPFIND", "LOCK"])(
    "answers %s with 405 JSON naming the methods it forwards",
    async (method) => {
      const response = await (await gatewayToNothing()).request("/functions/v1/demo/health", {
        method,
      });

      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      expect(await response.json()).toEqual({
        code: "METHOD_NOT_ALLOWED",
        message: `${method} is not supported`,
      });
    },
  );

  it("answers 502 JSON when the function does not answer", async () => {
    const response = await (await gatewayToNothing()).request("/functions/v1/demo/health");

    expect(response.status).toBe(502);
    expect((await response.json()).code).toBe("BAD_GATEWAY");
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { createUser, stackSql } from "../../support/stack.ts";
import { enhanceAs, startEnhancePrompt } from "./enhance-prompt-harness.ts";

const enhancePrompt = startEnhancePrompt();
afterAll(() => enhancePrompt.close());

const exactCopy = { prompt: "", job_type: "sdxl_image_fast", metadata: { exact_copy_mode: true } };

describe("admission", () => {
  it("refuses a request without a user token with 401", async () => {
    const response = await enhancePrompt.app.request("/enhance-prompt", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(exactCopy),
    });
    expect(response.status).toBe(401);
  });

  it("refuses a missing or empty prompt with 400 naming the field", async () => {
    const user = await createUser();
    for (
      const body of [{ job_type: "sdxl_image_fast" }, { prompt: "  ", job_type: "sdxl_image_fast" }]
    ) {
      const response = await enhanceAs(enhancePrompt.app, user, body);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({
        code: "VALIDATION_FAILED",
        fields: ["prompt"],
      });
    }
  });

  it("refuses an unknown content type with 400 naming the field", async () => {
    const response = await enhanceAs(enhancePrompt.app, await createUser(), {
      prompt: "a fox",
      contentType: "spicy",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["contentType"]);
  });

  it("limits each user to rate_limits.enhance_prompt.per_minute, with Retry-After", async () => {
    const [{ value }] = await stackSql()`
      select value from public.system_config where key = 'rate_limits.enhance_prompt.per_minute'`;
    const user = await createUser("eager");
    const other = await createUser("patient");
    for (let i = 0; i < Number(value); i++) {
      expect((await enhanceAs(enhancePrompt.app, user, exactCopy)).status).toBe(200);
    }
    const refused = await enhanceAs(enhancePrompt.app, user, exactCopy);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await enhanceAs(enhancePrompt.app, other, exactCopy)).status).toBe(200);
  });
});

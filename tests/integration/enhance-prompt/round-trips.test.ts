import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "../../support/stack.ts";
import { enhanceAs, startEnhancePrompt } from "./enhance-prompt-harness.ts";

// A fresh isolate of its own, so the first request here is the cold one.
const enhancePrompt = startEnhancePrompt();
afterAll(() => enhancePrompt.close());

const lastLine = () => enhancePrompt.log.lines.at(-1);

describe("round trips per enhancement", () => {
  it("reads configuration only while cold, then costs no database round trip and one Redis call", async () => {
    const user = await createUser("round-trips");
    const body = {
      prompt: "a paper boat",
      job_type: "sdxl_image_fast",
      contentType: "sfw",
      enhancement_model: "stand-in",
    };
    expect((await enhanceAs(enhancePrompt.app, user, body)).status).toBe(200);

    const warm = await enhanceAs(enhancePrompt.app, user, body);
    expect(warm.status).toBe(200);
    // Only the rate-limit check; the usage row is written after the response.
    expect(lastLine()).toMatchObject({ status: 200, db: 0, redis: 1, cacheMisses: 0 });
    expect(lastLine()?.cacheHits).toBeGreaterThan(0);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { createUser, stackSql } from "../../support/stack.ts";
import { call, startEnhancePrompt } from "./enhance-prompt-harness.ts";

const enhancePrompt = startEnhancePrompt();
afterAll(() => enhancePrompt.close());

describe("GET /enhance-prompt/negative-prompt", () => {
  it("joins the active negative prompts of the key by priority", async () => {
    const modelType = `neg_${crypto.randomUUID().slice(0, 8)}`;
    await stackSql()`
      insert into public.negative_prompts (model_type, content_mode, generation_mode, priority, negative_prompt, is_active)
      values (${modelType}, 'nsfw', 'i2i', 1, 'low detail', true),
             (${modelType}, 'nsfw', 'i2i', 5, 'blurry', true),
             (${modelType}, 'nsfw', 'i2i', 9, 'retired', false),
             (${modelType}, 'sfw', 'i2i', 9, 'other mode', true)`;
    const response = await call(
      enhancePrompt.app,
      await createUser(),
      "GET",
      `/enhance-prompt/negative-prompt?model_type=${modelType}&content_mode=nsfw&generation_mode=i2i`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      model_type: modelType,
      content_mode: "nsfw",
      generation_mode: "i2i",
      negative_prompt: "blurry, low detail",
    });
  });

  it("refuses an unknown generation mode with 400 naming the field", async () => {
    const response = await call(
      enhancePrompt.app,
      await createUser(),
      "GET",
      "/enhance-prompt/negative-prompt?model_type=sdxl&generation_mode=inpaint",
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields).toEqual(["generation_mode"]);
  });
});

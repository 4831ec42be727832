import { afterAll, describe, expect, it } from "vitest";
import { invalidateCaches } from "../../../supabase/functions/_shared/cache-utils/create-cache.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import {
  closeFreshIsolates,
  enhanceAs,
  enhancementUsage,
  enhanceOnFreshIsolate,
  standInModel,
  startEnhancePrompt,
} from "./enhance-prompt-harness.ts";

const enhancePrompt = startEnhancePrompt();
afterAll(() => Promise.all([enhancePrompt.close(), closeFreshIsolates()]));

async function enhance(
  body: Record<string, unknown>,
  user?: Awaited<ReturnType<typeof createUser>>,
) {
  const response = await enhanceAs(enhancePrompt.app, user ?? (await createUser("enhancer")), body);
  expect(response.status).toBe(200);
  return response.json();
}

/** The same, on an isolate started after the test's models were added. */
async function enhanceFresh(
  body: Record<string, unknown>,
  user?: Awaited<ReturnType<typeof createUser>>,
) {
  const { status, body: answer } = await enhanceOnFreshIsolate(
    user ?? (await createUser("enhancer")),
    body,
  );
  expect(status).toBe(200);
  return answer;
}

describe("template path", () => {
  it.each([
    ["sdxl_image_fast", undefined, "sfw", "sdxl_image_sfw_enhancement"],
    ["sdxl_image_high", undefined, "nsfw", "sdxl_image_nsfw_enhancement"],
    ["image_fast", undefined, "sfw", "wan_image_sfw_enhancement"],
    ["image_high", undefined, "nsfw", "wan_image_nsfw_enhancement"],
    ["wan_video_fast", undefined, "sfw", "wan_video_sfw_enhancement"],
    ["video_high", undefined, "nsfw", "wan_video_nsfw_enhancement"],
    ["rv51_fast", undefined, "sfw", "sdxl_image_sfw_enhancement"],
    [undefined, "sdxl", "nsfw", "sdxl_image_nsfw_enhancement"],
  ])("job type %s / model %s in %s mode uses %s", async (jobType, modelId, mode, template) => {
    const body = await enhance({
      prompt: "a lighthouse at dusk",
      job_type: jobType,
      model_id: modelId,
      contentType: mode,
    });
    expect(body.enhancement_strategy).toBe("template_enhancement");
    expect(body.enhancement_metadata).toMatchObject({
      template_name: template,
      template_version: 1,
      content_mode: mode,
    });
    expect(body.enhanced_prompt).toContain("a lighthouse at dusk");
    expect(body.enhanced_prompt).not.toBe(body.original_prompt);
  });

  it("picks the target model of the generation model named by model_id", async () => {
    const [wan] =
      await stackSql()`select id from public.api_models where model_key = 'wan2.1-t2v-1.3b'`;
    const body = await enhance({
      prompt: "a fox",
      model_id: wan.id,
      format: "video",
      contentType: "sfw",
    });
    expect(body.enhancement_metadata.template_name).toBe("wan_video_sfw_enhancement");
  });

  it("detects an nsfw prompt by whole words, and never gives an sfw request an nsfw template", async () => {
    const explicit = await enhance({
      prompt: "nude figure study in a classroom",
      job_type: "sdxl_image_fast",
    });
    expect(explicit.enhancement_metadata).toMatchObject({
      content_mode: "nsfw",
      template_name: "sdxl_image_nsfw_enhancement",
    });
    const town = await enhance({
      prompt: "rainy street in Scunthorpe",
      job_type: "sdxl_image_fast",
    });
    expect(town.enhancement_metadata).toMatchObject({
      content_mode: "sfw",
      template_name: "sdxl_image_sfw_enhancement",
    });
    const asked = await enhance({
      prompt: "nude figure study",
      job_type: "sdxl_image_fast",
      contentType: "sfw",
    });
    expect(asked.enhancement_metadata).toMatchObject({
      content_mode: "sfw",
      template_name: "sdxl_image_sfw_enhancement",
    });
  });

  it("answers the original prompt with no_template_available when no template matches", async () => {
    const body = await enhance({
      prompt: "a fox",
      model_id: "sdxl",
      format: "video",
      contentType: "sfw",
    });
    expect(body).toMatchObject({
      enhanced_prompt: "a fox",
      enhancement_strategy: "no_template_available",
    });
  });

  it("cuts the enhancement to the template's token limit at a word boundary", async () => {
    const chatty = await standInModel("words=400");
    const body = await enhanceFresh({
      prompt: "a fox",
      job_type: "sdxl_image_fast",
      contentType: "sfw",
      enhancement_model: chatty,
    });
    expect(body.enhancement_metadata.token_count).toBeLessThanOrEqual(120);
    expect(body.enhanced_prompt.length).toBeGreaterThan(300);
    expect(body.enhanced_prompt).toMatch(/[a-z]$/);
  });

  it("words a regeneration differently and records its sampling", async () => {
    const user = await createUser("regenerate");
    const request = {
      prompt: "a fox in snow",
      job_type: "sdxl_image_fast",
      contentType: "sfw",
      enhancement_model: "stand-in",
    };
    const first = await enhance(request, user);
    const again = await enhance({ ...request, regeneration: true }, user);
    expect(again.enhanced_prompt).not.toBe(first.enhanced_prompt);
    expect(again.enhancement_metadata).toMatchObject({ regeneration: true, temperature: 0.95 });
    // Both usage rows may be written by one statement, with one created_at: told apart by content.
    const rows = await enhancementUsage(user.id, 2);
    const regenerated = rows.filter((row) => row.metadata.regeneration === true);
    expect(regenerated).toHaveLength(1);
    expect(regenerated[0]!.metadata).toMatchObject({ temperature: 0.95 });
    expect(typeof regenerated[0]!.metadata.seed).toBe("number");
  });

  it("accepts the legacy field names", async () => {
    const body = await enhance({
      original_prompt: "a red barn",
      jobType: "sdxl_image_fast",
      contentType: "sfw",
      chatModel: "stand-in",
    });
    expect(body).toMatchObject({
      original_prompt: "a red barn",
      enhancement_strategy: "template_enhancement",
    });
    expect(body.enhancement_metadata.model_used).toBe("stand-in");
  });

  it("reports whether the template came from cache: a miss after a refresh, then hits", async () => {
    await invalidateCaches(enhancePrompt.deps.redis, ["prompt-templates"]);
    const fresh = startEnhancePrompt();
    try {
      const request = { prompt: "a kite", job_type: "image_fast", contentType: "sfw" };
      const first = await (await enhanceAs(fresh.app, await createUser(), request)).json();
      const second = await (await enhanceAs(fresh.app, await createUser(), request)).json();
      expect(first.enhancement_metadata.cache_hit).toBe(false);
      expect(second.enhancement_metadata.cache_hit).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

describe("paths without the LLM", () => {
  it("leaves an exact copy without a prompt unchanged", async () => {
    const body = await enhance({
      prompt: "",
      job_type: "sdxl_image_fast",
      metadata: { exact_copy_mode: true },
    });
    expect(body).toMatchObject({
      enhanced_prompt: "",
      enhancement_strategy: "skip_for_exact_copy",
    });
  });

  it("composes an i2i modify prompt deterministically", async () => {
    const body = await enhance({
      prompt: "make it night",
      job_type: "sdxl_image_fast",
      metadata: { reference_mode: "modify" },
    });
    expect(body).toMatchObject({
      enhanced_prompt: "maintain the same subject; make it night",
      enhancement_strategy: "i2i_modify_composition",
    });
  });
});

describe("fallbacks answer 200 with the original prompt", () => {
  it("says fallback_provider_error when the enhancer fails", async () => {
    const broken = await standInModel("error=500");
    const body = await enhanceFresh({
      prompt: "a fox",
      job_type: "sdxl_image_fast",
      contentType: "sfw",
      enhancement_model: broken,
    });
    expect(body).toMatchObject({
      enhanced_prompt: "a fox",
      enhancement_strategy: "fallback_provider_error",
    });
    expect(body.enhancement_metadata.template_name).toBe("sdxl_image_sfw_enhancement");
  });

  it("says fallback_provider_timeout when the enhancer never answers", async () => {
    const silent = await standInModel("error=timeout");
    const started = Date.now();
    const { body } = await enhanceOnFreshIsolate(await createUser(), {
      prompt: "a fox",
      job_type: "sdxl_image_fast",
      contentType: "sfw",
      enhancement_model: silent,
    }, { ENHANCEMENT_TIMEOUT_MS: "600" });
    expect(body).toMatchObject({
      enhanced_prompt: "a fox",
      enhancement_strategy: "fallback_provider_timeout",
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("uses the configured fallback model when the requested one fails", async () => {
    const broken = await standInModel("error=500", ["stand-in"]);
    const body = await enhanceFresh({
      prompt: "a fox",
      job_type: "sdxl_image_fast",
      contentType: "sfw",
      enhancement_model: broken,
    });
    expect(body.enhancement_strategy).toBe("template_enhancement");
    expect(body.enhancement_metadata).toMatchObject({
      model_used: "stand-in",
      provider_used: "llm_stand_in",
    });
  });
});

describe("scene JSON paths", () => {
  it("returns the validated scene for scene_creation", async () => {
    const body = await enhance({
      prompt: "a duel on a frozen lake",
      contentType: "scene_creation",
      enhancement_model: "stand-in",
    });
    expect(body.enhancement_strategy).toBe("scene_json");
    expect(body.scene).toMatchObject({ suggested_scenario_type: "adventure" });
    expect(body.scene.suggested_tags).toHaveLength(3);
    expect(body.enhanced_prompt).toBe(body.scene.scene_prompt);
  });

  it("returns starters for scene_starters", async () => {
    const body = await enhance({
      prompt: "a haunted lighthouse",
      contentType: "scene_starters",
      enhancement_model: "stand-in",
    });
    expect(body.starters).toHaveLength(3);
  });

  it("asks once more after invalid JSON", async () => {
    const onceBad = await standInModel("json=bad_once");
    const body = await enhanceFresh({
      prompt: "a duel",
      contentType: "scene_creation",
      enhancement_model: onceBad,
    });
    expect(body.enhancement_strategy).toBe("scene_json");
  });

  it("falls back clearly when the JSON stays invalid", async () => {
    const bad = await standInModel("json=bad");
    const body = await enhanceFresh({
      prompt: "a duel",
      contentType: "scene_creation",
      enhancement_model: bad,
    });
    expect(body).toMatchObject({
      enhanced_prompt: "a duel",
      enhancement_strategy: "fallback_invalid_json",
    });
    expect(body.scene).toBeUndefined();
  });
});

describe("usage", () => {
  it("records tokens, latency, model and template of every enhancement in the background", async () => {
    const user = await createUser("usage");
    const body = await enhance({
      prompt: "a fox",
      job_type: "sdxl_image_fast",
      contentType: "sfw",
      enhancement_model: "stand-in",
    }, user);
    const [row] = await enhancementUsage(user.id);
    expect(row.format).toBe("text");
    expect(row.metadata).toMatchObject({
      ok: true,
      provider: "llm_stand_in",
      model: "stand-in",
      tokens_estimated: false,
      template_name: "sdxl_image_sfw_enhancement",
      template_version: 1,
      enhancement_strategy: "template_enhancement",
    });
    expect(row.metadata.output_tokens).toBeGreaterThan(0);
    expect(row.metadata.time_to_first_token_ms).not.toBeNull();
    expect(body.enhancement_metadata.model_used).toBe("stand-in");
    const [perf] = await stackSql()`
      select total_generations, successful_generations from public.model_performance_logs
      where model_type = 'stand-in' and date = current_date`;
    expect(perf.successful_generations).toBeGreaterThan(0);
  });

  it("records the failed attempts of a fallback too", async () => {
    const user = await createUser("usage-failed");
    const broken = await standInModel("error=500");
    await enhanceFresh({
      prompt: "a fox",
      job_type: "sdxl_image_fast",
      contentType: "sfw",
      enhancement_model: broken,
    }, user);
    const [row] = await enhancementUsage(user.id);
    expect(row.metadata).toMatchObject({
      ok: false,
      attempts: 2,
      enhancement_strategy: "fallback_provider_error",
    });
    const [perf] = await stackSql()`
      select failed_generations from public.model_performance_logs where model_type = ${broken}`;
    expect(perf.failed_generations).toBe(2);
  });
});

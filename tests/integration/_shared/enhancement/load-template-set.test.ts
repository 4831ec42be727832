import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { loadTemplateSet } from "../../../../supabase/functions/_shared/enhancement/load-template-set.ts";
import { stack } from "../../../support/stack.ts";

const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
afterAll(() => sql.end());

describe("loadTemplateSet", () => {
  it("loads chat templates, which name no target model or category, by use case and content mode", async () => {
    const set = await loadTemplateSet(sql, {
      useCase: "chat_general",
      targetModel: null,
      jobCategory: null,
      contentMode: "nsfw",
    });
    expect(set?.production).toMatchObject({
      name: "chat_general_nsfw",
      version: 1,
      tokenLimit: 1024,
    });
  });

  it("never answers another content mode's template", async () => {
    const set = await loadTemplateSet(sql, {
      useCase: "enhancement",
      targetModel: "sdxl",
      jobCategory: "image",
      contentMode: "nsfw",
    });
    expect(set?.production.name).toBe("sdxl_image_nsfw_enhancement");
    expect(
      await loadTemplateSet(sql, {
        useCase: "enhancement",
        targetModel: "sdxl",
        jobCategory: "video",
        contentMode: "sfw",
      }),
    ).toBeNull();
  });
});

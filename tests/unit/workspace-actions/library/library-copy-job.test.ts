import { describe, expect, it } from "vitest";
import { libraryCopyJob } from "../../../../supabase/functions/workspace-actions/library/library-copy-job.ts";

describe("libraryCopyJob", () => {
  it("reuses the job type and model saved with the item", () => {
    expect(libraryCopyJob("image", { job_type: "rv51_fast", model_type: "rv51" }))
      .toEqual({ job_type: "rv51_fast", model_type: "rv51", format: "image", quality: "fast" });
  });

  it("falls back to the default type of the asset type when nothing usable was saved", () => {
    expect(libraryCopyJob("image", {})).toEqual({
      job_type: "sdxl_image_high",
      model_type: "sdxl",
      format: "image",
      quality: "high",
    });
    expect(libraryCopyJob("video", { job_type: "nonsense" }))
      .toEqual({ job_type: "wan_video_high", model_type: "wan", format: "video", quality: "high" });
  });

  it("ignores a saved job type of the other format", () => {
    expect(libraryCopyJob("video", { job_type: "sdxl_image_fast" }).job_type).toBe(
      "wan_video_high",
    );
  });

  it("drops a saved model type the jobs table does not know", () => {
    expect(libraryCopyJob("image", { job_type: "image_fast", model_type: "dall-e" }).model_type)
      .toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import {
  legacyCallbackBody,
  pythonJson,
} from "../../../dev/gpu-worker-simulator/legacy-callback-body.ts";
import type { QueuePayload } from "../../../dev/gpu-worker-simulator/queue-payload.ts";

const job: QueuePayload = {
  id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  type: "video_fast",
  prompt: "café at dawn",
  user_id: "6f1f6a3e-8d5e-4a43-9a55-1f3f2b7d9c10",
  config: { seed: null },
};
const asset = {
  type: "video" as const,
  url: `${job.user_id}/${job.id}/0.mp4`,
  thumbnail_url: `${job.user_id}/${job.id}/0.thumb.webp`,
  metadata: {
    width: 480,
    height: 832,
    seed: 7,
    asset_index: 0,
    file_size_bytes: 8,
    mime_type: "video/mp4",
    duration_seconds: 5,
  },
};

describe("legacyCallbackBody", () => {
  it("writes json.dumps' separators and escapes, as the Python workers send them", () => {
    expect(pythonJson({ prompt: "café", n: [1, 2], none: null })).toBe(
      '{"prompt": "caf\\u00e9", "n": [1, 2], "none": null}',
    );
  });

  it("writes the WAN worker's completed body: generation_seed 0, null thumbnail and error_message", () => {
    expect(
      legacyCallbackBody("wan", job, {
        status: "completed",
        assets: [asset],
        generationTime: 93.5,
      }),
    ).toBe(
      `{"job_id": "${job.id}", "status": "completed", "assets": [{"type": "video", "url": "${asset.url}", ` +
        `"thumbnail_url": null, "metadata": {"width": 480, "height": 832, "generation_seed": 0, "duration_seconds": 5, ` +
        `"file_size_bytes": 8, "format": "mp4"}}], "error_message": null, "metadata": {"generation_time": 93.5, ` +
        `"generation_seed": 0, "job_type": "video_fast", "enhancement_strategy": null}}`,
    );
  });

  it("writes the camelCase failure with errorMessage and results null", () => {
    expect(legacyCallbackBody("camel", job, { status: "failed", message: "CUDA out of memory" }))
      .toBe(
        `{"jobId": "${job.id}", "status": "failed", "results": null, "errorMessage": "CUDA out of memory"}`,
      );
  });
});

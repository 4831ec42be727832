import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../supabase/functions/_shared/errors/app-error.ts";
import { parseReferencePath } from "../../../supabase/functions/queue-job/parse-reference-path.ts";

const owner = "6f1f6a3e-8d5e-4a43-9a55-1f3f2b7d9c10";
const stranger = "0b4a3c2d-1e5f-4a6b-8c7d-9e0f1a2b3c4d";

describe("parseReferencePath", () => {
  it.each([
    ["reference_images", `reference_images/${owner}/cat.png`, `${owner}/cat.png`],
    ["user-library", `user-library/${owner}/album/cat.webp`, `${owner}/album/cat.webp`],
    ["workspace-temp", `workspace-temp/${owner}/job-1/0.png`, `${owner}/job-1/0.png`],
  ])("accepts the caller's own file in %s as a bucket-relative path", (bucket, value, path) => {
    expect(parseReferencePath(value, owner, "reference_image_url")).toEqual({
      bucket,
      path,
      field: "reference_image_url",
    });
  });

  it.each([
    ["another user's file", `reference_images/${stranger}/cat.png`],
    ["an https URL", "https://example.com/cat.png"],
    [
      "a signed Storage URL",
      `http://127.0.0.1:54321/storage/v1/object/sign/reference_images/${owner}/cat.png?token=x`,
    ],
    ["a data URL", "data:image/png;base64,AAAA"],
    ["an absolute path", `/reference_images/${owner}/cat.png`],
    ["a bucket the worker must not read", `avatars/${owner}/me.png`],
    ["a folder without a file", `reference_images/${owner}`],
    ["a path climbing out of the folder", `reference_images/${owner}/../${stranger}/cat.png`],
    ["an empty segment", `reference_images/${owner}//cat.png`],
  ])("rejects %s, naming the field", (_case, value) => {
    const attempt = () => parseReferencePath(value, owner, "metadata.start_reference_url");
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).fields).toEqual(["metadata.start_reference_url"]);
    }
  });
});

import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../../supabase/functions/_shared/errors/app-error.ts";
import { legacyActionSchema } from "../../../../supabase/functions/workspace-actions/legacy/legacy-action-schema.ts";
import { normalizeLegacyAction } from "../../../../supabase/functions/workspace-actions/legacy/normalize-legacy-action.ts";

const id = "6f1c2d9e-4b7a-4c11-9e3f-0a1b2c3d4e5f";
const other = "7a2d3e0f-5c8b-4d22-8f40-1b2c3d4e5f60";
const normalize = (body: Record<string, unknown>) =>
  normalizeLegacyAction(legacyActionSchema.parse(body));

/** The filing options a normalized action carries; an action without any fails the test. */
function saveOptionsOf(body: Record<string, unknown>) {
  const action = normalize(body);
  if (!("save" in action)) throw new Error(`${action.action} carries no save options`);
  return action.save;
}

describe("normalizeLegacyAction", () => {
  it("reads the asset id in every spelling the frontend has used", () => {
    for (
      const body of [{ assetId: id }, { asset_id: id }, { assetIds: [id] }, { asset_ids: [id] }]
    ) {
      expect(normalize({ action: "discard_asset", ...body })).toEqual({
        action: "discard_asset",
        assetIds: [id],
      });
    }
  });

  it("prefers the list over the single id when both are sent", () => {
    expect(normalize({ action: "save_to_library", assetId: id, asset_ids: [id, other] }))
      .toMatchObject({ assetIds: [id, other] });
  });

  it("reads filing options flat, snake_case or nested under options", () => {
    const expected = { collectionId: other, customTitle: "Portrait", tags: ["a"] };
    expect(
      saveOptionsOf({
        action: "save_to_library",
        assetId: id,
        collectionId: other,
        customTitle: "Portrait",
        tags: ["a"],
      }),
    )
      .toEqual(expected);
    expect(
      saveOptionsOf({
        action: "save_to_library",
        assetId: id,
        collection_id: other,
        custom_title: "Portrait",
        tags: ["a"],
      }),
    )
      .toEqual(expected);
    expect(
      saveOptionsOf({
        action: "save_to_library",
        assetId: id,
        options: { collectionId: other, customTitle: "Portrait", tags: ["a"] },
      }),
    )
      .toEqual(expected);
  });

  it("saves before clearing a job or the workspace unless told not to", () => {
    expect(normalize({ action: "clear_job", jobId: id })).toMatchObject({
      jobId: id,
      saveFirst: true,
    });
    expect(normalize({ action: "clear_job", job_id: id, save_first: false })).toMatchObject({
      jobId: id,
      saveFirst: false,
    });
    expect(normalize({ action: "clear_workspace", saveFirst: false })).toMatchObject({
      saveFirst: false,
    });
  });

  it("reads the library item of copy_to_workspace as libraryAssetId or library_asset_id", () => {
    expect(normalize({ action: "copy_to_workspace", libraryAssetId: id })).toEqual({
      action: "copy_to_workspace",
      libraryItemId: id,
    });
    expect(normalize({ action: "copy_to_workspace", library_asset_id: id })).toEqual({
      action: "copy_to_workspace",
      libraryItemId: id,
    });
  });

  it("names the missing id in the error, as the frontend spells it", () => {
    const fieldsOf = (body: Record<string, unknown>) => {
      try {
        normalize(body);
      } catch (error) {
        return (error as ValidationError).fields;
      }
    };
    expect(fieldsOf({ action: "save_to_library" })).toEqual(["assetId"]);
    expect(fieldsOf({ action: "clear_job" })).toEqual(["jobId"]);
    expect(fieldsOf({ action: "copy_to_workspace" })).toEqual(["libraryAssetId"]);
  });
});

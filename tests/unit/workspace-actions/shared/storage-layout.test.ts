import { describe, expect, it } from "vitest";
import {
  libraryPaths,
  objectsOf,
  workspaceCopyPaths,
} from "../../../../supabase/functions/workspace-actions/shared/storage-layout.ts";

const user = "6f1c2d9e-4b7a-4c11-9e3f-0a1b2c3d4e5f";
const item = "7a2d3e0f-5c8b-4d22-8f40-1b2c3d4e5f60";

describe("storage layout", () => {
  it("keeps a saved item's files in the owner's library folder, named by the item", () => {
    expect(
      libraryPaths(user, item, {
        path: `${user}/job/0.PNG`,
        thumbnailPath: `${user}/job/0.thumb.webp`,
      }),
    )
      .toEqual({ path: `${user}/${item}.png`, thumbnailPath: `${user}/${item}.thumb.webp` });
  });

  it("puts a copied-back item where a job's first output goes", () => {
    expect(workspaceCopyPaths(user, item, { path: `${user}/x.mp4`, thumbnailPath: null }))
      .toEqual({ path: `${user}/${item}/0.mp4`, thumbnailPath: null });
  });

  it("never carries anything but a short alphanumeric extension into a new path", () => {
    expect(
      libraryPaths(user, item, {
        path: `${user}/a/../../b.p/ng`,
        thumbnailPath: `${user}/t.thumb`,
      }),
    )
      .toEqual({ path: `${user}/${item}.png`, thumbnailPath: `${user}/${item}.thumb.thumb` });
    expect(libraryPaths(user, item, { path: `${user}/noextension`, thumbnailPath: null }).path)
      .toBe(`${user}/${item}.png`);
  });

  it("lists files and thumbnails of rows as objects of a bucket", () => {
    expect(
      objectsOf("b", [{ path: "a.png", thumbnailPath: "a.thumb.webp" }, {
        path: "c.png",
        thumbnailPath: null,
      }]),
    )
      .toEqual([{ bucket: "b", path: "a.png" }, { bucket: "b", path: "a.thumb.webp" }, {
        bucket: "b",
        path: "c.png",
      }]);
  });
});

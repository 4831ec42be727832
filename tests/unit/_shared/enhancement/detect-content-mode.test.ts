import { describe, expect, it } from "vitest";
import { detectContentMode } from "../../../../supabase/functions/_shared/enhancement/detect-content-mode.ts";

describe("detectContentMode", () => {
  it.each([
    ["nude model posing in a classroom", "nsfw"],
    ["a classroom full of students", "sfw"],
    ["rainy afternoon in Scunthorpe", "sfw"],
    ["an assembly of classic cars", "sfw"],
    ["Essex countryside at dawn", "sfw"],
    ["NAKED tree branches in winter light", "nsfw"],
    ["two nudes in charcoal", "nsfw"],
    ["lingerie-clad dancer", "nsfw"],
    ["sextant on a ship's deck", "sfw"],
    ["a cocktail party", "sfw"],
  ])("%s → %s", (prompt, mode) => {
    expect(detectContentMode(prompt)).toBe(mode);
  });
});

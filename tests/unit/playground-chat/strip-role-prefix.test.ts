import { describe, expect, it } from "vitest";
import { createRolePrefixStripper } from "../../../supabase/functions/playground-chat/strip-role-prefix.ts";

/** Feeds `tokens` through a stripper as a stream would, returning what is shown. */
function shown(tokens: string[], characterName: string | null = "Mira") {
  const stripper = createRolePrefixStripper(characterName);
  return tokens.map((token) => stripper.push(token)).join("") + stripper.flush();
}

describe("role prefix stripping", () => {
  it("removes an Assistant: prefix split across tokens", () => {
    expect(shown(["Assis", "tant", ": ", "Hello", " there"])).toBe("Hello there");
  });

  it("removes the character's name and repeated prefixes", () => {
    expect(shown(["Mira: ", "Mira: ", "*waves* Hi"])).toBe("*waves* Hi");
    expect(shown(["{{char}}: Hi"])).toBe("Hi");
  });

  it("leaves a reply that only starts with the character's name untouched", () => {
    expect(shown(["Mira", " smiles", ": a colon later"])).toBe("Mira smiles: a colon later");
  });

  it("shows text at once when it cannot become a prefix", () => {
    const stripper = createRolePrefixStripper("Mira");
    expect(stripper.push("Hello")).toBe("Hello");
  });

  it("keeps a prefix in the middle of a reply", () => {
    expect(shown(["Well. ", "Assistant: no"])).toBe("Well. Assistant: no");
  });

  it("handles a reply shorter than any prefix", () => {
    expect(shown(["Ass"])).toBe("Ass");
    expect(shown([""], null)).toBe("");
  });
});

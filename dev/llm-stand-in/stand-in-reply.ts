import { createHash } from "node:crypto";

interface Message {
  role: string;
  content: string;
}

const DETAIL_PHRASES = [
  "cinematic lighting",
  "soft golden hour glow",
  "sharp focus",
  "rich textures",
  "shallow depth of field",
  "muted colour palette",
  "dramatic shadows",
  "wide angle shot",
  "intricate details",
  "volumetric light",
  "35mm film grain",
  "overcast sky",
  "warm tones",
  "crisp reflections",
  "natural skin texture",
  "high dynamic range",
  "misty atmosphere",
  "symmetrical composition",
  "vivid colours",
  "studio backdrop",
];

/**
 * The stand-in's deterministic answer: the same messages and sampling give the same text, and a
 * different temperature or seed gives different wording. A system prompt asking for the scene or
 * starters JSON shapes gets them (`bad` gives JSON that does not parse).
 */
export function standInReply(
  messages: Message[],
  sampling: { temperature?: number; seed?: number; words: number; badJson: boolean },
): string {
  const system = messages.filter((m) => m.role === "system").map((m) => m.content).join("\n");
  const user = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
  const digest = createHash("sha256")
    .update(JSON.stringify([messages, sampling.temperature ?? null, sampling.seed ?? null]))
    .digest();
  if (sampling.badJson && /"scene_prompt"|"starters"/.test(system)) {
    return `{"scene_prompt": "${user}`;
  }
  if (system.includes('"scene_prompt"')) {
    return JSON.stringify({
      enhanced_description: `A scene where ${user}`,
      scene_prompt: `${user}, ${phrases(digest, 4).join(", ")}`,
      suggested_tags: phrases(digest, 3),
      suggested_scenario_type: "adventure",
    });
  }
  if (system.includes('"starters"')) {
    return JSON.stringify({ starters: [1, 2, 3].map((n) => `Opening ${n}: ${user}`) });
  }
  const words = phrases(digest, sampling.words).join(", ").split(" ").slice(0, sampling.words);
  return `${user}, ${words.join(" ")}`;
}

function phrases(digest: Buffer, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => DETAIL_PHRASES[digest[i % digest.length] % DETAIL_PHRASES.length],
  );
}

/** Splits a reply into stream tokens (words with their following space). */
export function standInTokens(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [];
}

import type { ChatCharacter } from "./load-chat-context.ts";

/**
 * Fills a template's `{{placeholders}}` from the character, the scene and the user: the names
 * the seed templates use and the ones the old function filled (`{{character_personality}}`,
 * `_background`, `_speaking_style`, `_goals`, `_quirks`, `_relationships`,
 * `_visual_description`...). A placeholder with no value becomes empty, never a literal brace.
 */
export function fillCharacterPlaceholders(
  template: string,
  values: { character: ChatCharacter | null; userName: string; sceneContext: string | null },
): string {
  const { character } = values;
  const rules = character?.sceneBehaviorRules ?? {};
  const appearance = character
    ? [describeTraits(character.physicalTraits), character.appearanceTags.join(", ")]
      .filter(Boolean).join("; ")
    : "";
  const personality = character
    ? [character.traits, describeTraits(character.personalityTraits)].filter(Boolean).join("; ")
    : "";
  const filled: Record<string, string> = {
    character_name: character?.name ?? "",
    char: character?.name ?? "",
    character_description: character?.description ?? "",
    character_persona: character?.persona ?? personality,
    character_personality: personality,
    character_background: character?.backstory ?? character?.bio ?? "",
    character_speaking_style: character?.voiceTone ?? "",
    character_goals: textOf(rules.goals),
    character_quirks: textOf(rules.quirks),
    character_relationships: textOf(rules.relationships),
    character_visual_description: appearance,
    character_appearance: appearance,
    voice_tone: character?.voiceTone ?? "natural",
    mood: character?.mood ?? "neutral",
    voice_examples: character?.voiceExamples.map((line) => `"${line}"`).join(" ") ?? "",
    forbidden_phrases: character?.forbiddenPhrases.join("; ") || "none",
    scene_context: values.sceneContext ?? "an open setting the conversation defines",
    user_name: values.userName,
    user: values.userName,
  };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => filled[name] ?? "");
}

function describeTraits(traits: Record<string, unknown>): string {
  return Object.entries(traits).map(([key, value]) => `${key.replace(/_/g, " ")}: ${textOf(value)}`)
    .join(", ");
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(textOf).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

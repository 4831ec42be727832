import { z } from "zod";
import type { LlmClient } from "../llm/create-llm-client.ts";
import type { LlmAttempt, LlmTarget, LlmUsage } from "../llm/llm-target.ts";

const sceneSchema = z.object({
  enhanced_description: z.string().min(1),
  scene_prompt: z.string().min(1),
  suggested_tags: z.array(z.string()),
  suggested_scenario_type: z.string().min(1),
});
const startersSchema = z.object({ starters: z.array(z.string().min(1)).min(1) });

// The JSON shapes are a contract of this code with its callers, so their instructions live here.
const INSTRUCTIONS = {
  scene_creation: `You design a scene for an interactive story from the user's idea. Answer with ` +
    `one JSON object and nothing else: {"enhanced_description": string (two or three vivid ` +
    `sentences), "scene_prompt": string (an image prompt for the scene, under 75 tokens), ` +
    `"suggested_tags": string[] (three to six), "suggested_scenario_type": string (one word)}.`,
  scene_starters: `You write openings for an interactive story from the user's idea. Answer with ` +
    `one JSON object and nothing else: {"starters": string[] (three short opening lines)}.`,
} as const;

const SCHEMAS = { scene_creation: sceneSchema, scene_starters: startersSchema } as const;

/** What the JSON paths produce: the validated value, or why there is none. */
export type SceneJsonOutcome<K extends keyof typeof SCHEMAS> = {
  value: z.output<(typeof SCHEMAS)[K]> | null;
  usage: LlmUsage | null;
  attempts: LlmAttempt[];
};

/**
 * Asks for the scene or starters JSON and validates it with zod; an answer that does not parse
 * or validate is asked for once more, then `value` is null (the caller answers with a fallback).
 * A provider failure propagates as `LlmUnavailableError`.
 */
export async function generateSceneJson<K extends keyof typeof SCHEMAS>(
  llm: LlmClient,
  targets: LlmTarget[],
  input: { kind: K; prompt: string; sfw: boolean; signal?: AbortSignal },
): Promise<SceneJsonOutcome<K>> {
  const attempts: LlmAttempt[] = [];
  let usage: LlmUsage | null = null;
  for (let asked = 0; asked < 2; asked++) {
    const completion = await llm.complete(targets, {
      task: "generate",
      messages: [
        { role: "system", content: INSTRUCTIONS[input.kind] },
        { role: "user", content: input.prompt },
      ],
      sfwMode: input.sfw,
      temperature: asked === 0 ? 0.7 : 0.3,
      signal: input.signal,
    });
    attempts.push(...completion.attempts);
    usage = completion.usage;
    const parsed = SCHEMAS[input.kind].safeParse(parseJsonObject(completion.text));
    if (parsed.success) {
      return { value: parsed.data as z.output<(typeof SCHEMAS)[K]>, usage, attempts };
    }
  }
  return { value: null, usage, attempts };
}

/** The first `{...}` of a reply (models like to wrap JSON in prose or code fences). */
function parseJsonObject(text: string): unknown {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

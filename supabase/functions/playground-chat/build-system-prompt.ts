import type { Cache } from "../_shared/cache-utils/create-cache.ts";
import { NotFoundError } from "../_shared/errors/app-error.ts";
import {
  type ChatContext as ChatContextName,
  type ReplyOptions,
  RESPONSE_LENGTHS,
} from "./chat-request-schema.ts";
import type { PromptTemplate } from "./create-chat-prompt-caches.ts";
import { fillCharacterPlaceholders } from "./fill-character-placeholders.ts";
import type { ChatContext } from "./load-chat-context.ts";

/** The system prompt of one reply and what it was made from (kept with the stored message). */
export interface SystemPrompt {
  text: string;
  context: ChatContextName;
  template: { id: string; name: string; version: number } | null;
  maxTokens: number;
}

// Put in front of any prompt a user below the adult tier supplies: an override cannot lift it.
const SFW_RULES = "Content rules (general audience; these come first and nothing below " +
  "overrides them): no sexual content, nudity, or graphic violence or gore. If asked for them, " +
  "decline briefly and offer a tasteful alternative.";

// The old function's triggers, kept for the existing frontend, which sends no `context`.
const SDXL_TRIGGER = /\b(sdxl|(convert|turn)\b.{0,30}\b(image )?prompt)\b/i;
const SCENE_TRIGGER = /\b(narrate|describe (the|this) scene|scene narration)\b/i;

const TEMPLATE_OF: Record<ChatContextName, (t: PromptTemplate) => boolean> = {
  general: (t) => t.useCase === "chat_general",
  character_roleplay: (t) => t.useCase === "character_roleplay",
  scene_narration: (t) => t.useCase === "scene_narration",
  sdxl_conversion: (t) => t.useCase === "enhancement" && t.targetModel === "sdxl",
};

const STYLE_GUIDANCE = {
  concise: "Keep replies brief and to the point.",
  descriptive: "Write vivid, descriptive replies with concrete sensory detail.",
  dialogue: "Favour dialogue over narration.",
} as const;
const LENGTH_GUIDANCE = {
  short: "Reply in one short paragraph at most.",
  medium: "Reply in one to three paragraphs.",
  long: "Reply in up to five paragraphs when the moment calls for it.",
} as const;
const DEFAULT_MAX_TOKENS = 600;

/**
 * Picks and fills the system prompt: `system_prompt_override`, else `prompt_template_id`, else the
 * active template of the context (from the request, the old keyword triggers, or the character)
 * for the content tier. A template above the tier is replaced by the tier's own for the same use;
 * for a user below the adult tier the general-audience rules stay in front of an override.
 */
export async function buildSystemPrompt(
  input: {
    context: ChatContext;
    tier: "sfw" | "nsfw";
    options: ReplyOptions;
    message: string;
    templates: PromptTemplate[];
    filledPrompts: Cache<string>;
  },
): Promise<SystemPrompt> {
  const { context, tier, options, templates } = input;
  const contextName = options.context ?? guessContext(input.message, context);
  const forTier = (matches: (t: PromptTemplate) => boolean) =>
    templates.find((t) => matches(t) && t.contentMode === tier) ??
      templates.find((t) => matches(t) && t.contentMode === "sfw");

  let template: PromptTemplate | undefined;
  if (options.system_prompt_override === undefined && options.prompt_template_id) {
    const named = templates.find((t) => t.id === options.prompt_template_id);
    if (!named) throw new NotFoundError("prompt template", options.prompt_template_id);
    template = named.contentMode === "nsfw" && tier === "sfw"
      ? forTier((t) => t.useCase === named.useCase && t.targetModel === named.targetModel)
      : named;
  } else if (options.system_prompt_override === undefined) {
    template = forTier(TEMPLATE_OF[contextName]);
  }

  const userName = context.userName ?? "User";
  const sceneContext = context.character?.scenePrompt ?? null;
  const fill = (text: string) =>
    fillCharacterPlaceholders(text, { character: context.character, userName, sceneContext });
  let text: string;
  if (options.system_prompt_override !== undefined) {
    const override = fill(options.system_prompt_override);
    text = tier === "sfw" ? `${SFW_RULES}\n\n${override}` : override;
  } else if (template && context.character) {
    const { character } = context;
    const key = [template.id, character.id, character.updatedAt, userName, sceneContext].join("|");
    text = await input.filledPrompts.get(key, () => {
      const notes = contextName === "character_roleplay" && character.systemPrompt
        ? `\n\nCharacter notes: ${fill(character.systemPrompt)}`
        : "";
      return Promise.resolve(fill(template.systemPrompt) + notes);
    });
  } else {
    text = template ? fill(template.systemPrompt) : (tier === "sfw" ? SFW_RULES : "");
  }

  const settings = options.roleplay_settings;
  const guidance = [
    settings?.response_style && STYLE_GUIDANCE[settings.response_style],
    settings?.response_length && LENGTH_GUIDANCE[settings.response_length],
  ].filter(Boolean);
  if (guidance.length > 0) text += `\n\nResponse style: ${guidance.join(" ")}`;
  return {
    text,
    context: contextName,
    template: template
      ? { id: template.id, name: template.templateName, version: template.version }
      : null,
    maxTokens: settings?.response_length
      ? RESPONSE_LENGTHS[settings.response_length]
      : template?.tokenLimit ?? DEFAULT_MAX_TOKENS,
  };
}

function guessContext(message: string, context: ChatContext): ChatContextName {
  if (SDXL_TRIGGER.test(message)) return "sdxl_conversion";
  if (SCENE_TRIGGER.test(message)) return "scene_narration";
  if (context.character) return "character_roleplay";
  return "general";
}

import { z } from "@hono/zod-openapi";
import { textSchema } from "../_shared/http/text-schema.ts";

/** How long replies should be; each length also caps the reply's tokens. */
export const RESPONSE_LENGTHS = { short: 200, medium: 450, long: 900 } as const;

/** What the model is asked to do: chosen by `context`, else by the old keyword triggers. */
export const CHAT_CONTEXTS = [
  "general",
  "character_roleplay",
  "sdxl_conversion",
  "scene_narration",
] as const;
export type ChatContext = (typeof CHAT_CONTEXTS)[number];

/** Options every way of asking for a reply shares (send, regenerate, continue, edit). */
export const replyOptionsShape = {
  content_tier: z.enum(["sfw", "nsfw"]).optional(),
  model_provider: z.string().trim().min(1).max(100).optional(),
  model_variant: z.string().trim().min(1).max(200).optional(),
  system_prompt_override: textSchema.max(8_000).optional(),
  prompt_template_id: z.uuid().optional(),
  context: z.enum(CHAT_CONTEXTS).optional(),
  roleplay_settings: z.strictObject({
    response_style: z.enum(["concise", "descriptive", "dialogue"]).optional(),
    response_length: z.enum(["short", "medium", "long"]).optional(),
  }).optional(),
  temperature: z.number().min(0).max(2).optional(),
  stream: z.boolean().optional(),
};

/** The message a user sends (CONTRACTS.md "playground-chat"). */
export const userMessageSchema = textSchema.trim().min(1).max(20_000);

/** POST /playground-chat: the existing frontend's body, plus streaming and reply options. */
export const chatRequestSchema = z.strictObject({
  conversation_id: z.uuid(),
  message: userMessageSchema,
  character_id: z.uuid().nullish(),
  project_id: z.uuid().nullish(),
  ...replyOptionsShape,
}).openapi("ChatRequest");

export type ChatRequest = z.output<typeof chatRequestSchema>;

/** The options of a reply, whichever route asked for it. */
export type ReplyOptions = Omit<ChatRequest, "conversation_id" | "message">;

/** The JSON answer (CONTRACTS.md fields first, then the stored ids and usage). */
export const chatResponseSchema = z.object({
  success: z.literal(true),
  response: z.string(),
  conversation_id: z.uuid(),
  generation_time: z.number().openapi({ description: "Seconds from the model call to its end" }),
  content_tier: z.enum(["sfw", "nsfw"]),
  model_used: z.string(),
  user_message_id: z.uuid().nullable(),
  assistant_message_id: z.uuid(),
  partial: z.boolean(),
  usage: z.object({
    input_tokens: z.int(),
    output_tokens: z.int(),
    tokens_estimated: z.boolean(),
    time_to_first_token_ms: z.number().nullable(),
  }),
}).openapi("ChatResponse");

export type ChatResponse = z.output<typeof chatResponseSchema>;

import { z } from "@hono/zod-openapi";
import { storableJson, textSchema } from "../_shared/http/text-schema.ts";

const text = (max: number) => textSchema.max(max).default("");
const texts = (maxItems: number, max: number) =>
  z.array(textSchema.max(max)).max(maxItems).default([]);

/** The `data` of a Character Card V2 (and V3, which adds the optional fields after it). */
const cardDataSchema = z.object({
  name: textSchema.trim().min(1).max(100),
  description: text(20_000),
  personality: text(20_000),
  scenario: text(20_000),
  first_mes: text(20_000),
  mes_example: text(40_000),
  creator_notes: text(20_000),
  system_prompt: text(20_000),
  post_history_instructions: text(20_000),
  alternate_greetings: texts(100, 20_000),
  tags: texts(100, 100),
  creator: text(200),
  character_version: text(100),
  extensions: storableJson(z.record(z.string(), z.unknown())).default({}),
  character_book: storableJson(z.record(z.string(), z.unknown())).optional(),
  nickname: textSchema.max(100).optional(),
  group_only_greetings: z.array(textSchema.max(20_000)).max(100).optional(),
  source: z.array(textSchema.max(2_000)).max(20).optional(),
  creation_date: z.number().int().nonnegative().optional(),
  modification_date: z.number().int().nonnegative().optional(),
  creator_notes_multilingual: storableJson(z.record(z.string(), z.string())).optional(),
});

/** A Character Card V2 (`chara_card_v2`) or V3 (`chara_card_v3`) as imported. */
export const characterCardSchema = z.discriminatedUnion("spec", [
  z.object({
    spec: z.literal("chara_card_v2"),
    spec_version: z.string().max(10).default("2.0"),
    data: cardDataSchema,
  }),
  z.object({
    spec: z.literal("chara_card_v3"),
    spec_version: z.string().max(10).default("3.0"),
    data: cardDataSchema,
  }),
]).openapi("CharacterCard");

export type CharacterCard = z.output<typeof characterCardSchema>;
export type CharacterCardData = CharacterCard["data"];

/** The card fields kept in `characters.card_data` (those without a column of their own). */
export const CARD_DATA_FIELDS = [
  "creator_notes",
  "post_history_instructions",
  "tags",
  "creator",
  "character_version",
  "extensions",
  "character_book",
  "nickname",
  "group_only_greetings",
  "source",
  "creation_date",
  "modification_date",
  "creator_notes_multilingual",
] as const;

import type { AuthUser } from "../_shared/auth/require-user.ts";
import type { RowOf } from "../_shared/db/row-of.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { NotFoundError } from "../_shared/errors/app-error.ts";
import { AVATAR_BUCKET } from "../_shared/storage/bucket-names.ts";
import { storageFailure } from "../_shared/storage/storage-failure.ts";
import { StorageRequestError } from "../_shared/storage/storage-request-error.ts";
import { CARD_DATA_FIELDS, type CharacterCardData } from "./character-card-schema.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { PngFormatError, writePngTextChunks } from "./png-text-chunks.ts";

/** What a card is made from: the character's columns, and its first scene's prompt. */
type CharacterRow =
  & Pick<
    RowOf<"characters", { card_data: Record<string, unknown> }>,
    | "user_id"
    | "name"
    | "description"
    | "persona"
    | "system_prompt"
    | "first_message"
    | "alternate_greetings"
    | "voice_examples"
    | "image_url"
    | "card_data"
  >
  & { scenario: string | null };

/** An exported card, ready to send as a file. */
export interface ExportedCard {
  filename: string;
  contentType: "application/json" | "image/png";
  body: string | Uint8Array;
}

// A 1×1 transparent PNG: the picture of a character that has no avatar.
const BLANK_PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  ),
  (char) => char.charCodeAt(0),
);

/**
 * Exports a character the caller can see (their own, or a public one) as a Character Card: V3
 * JSON (or V2 with `spec`), or a PNG of its avatar carrying the card in both a `chara` (V2) and a
 * `ccv3` (V3) tEXt chunk, as the V3 specification recommends for compatibility.
 */
export async function exportCharacterCard(
  deps: Pick<PlaygroundChatDeps, "sql" | "storage">,
  user: AuthUser,
  input: { characterId: string; format: "json" | "png"; spec: "v2" | "v3" },
): Promise<ExportedCard> {
  const [row] = await withUserTransaction(deps.sql, user, (tx) =>
    tx<CharacterRow[]>`
      select ch.user_id, ch.name, ch.description, ch.persona, ch.system_prompt, ch.first_message,
        ch.alternate_greetings, ch.voice_examples, ch.image_url, ch.card_data,
        (select s.scene_prompt from public.character_scenes s where s.character_id = ch.id
         order by s.priority desc, s.created_at limit 1) as scenario
      from public.characters ch
      where ch.id = ${input.characterId}`);
  if (!row) throw new NotFoundError("character", input.characterId);

  const data = cardData(row);
  const card = (spec: "v2" | "v3") =>
    spec === "v2"
      ? { spec: "chara_card_v2", spec_version: "2.0", data }
      : { spec: "chara_card_v3", spec_version: "3.0", data };
  const basename = row.name.replace(/[^\w.-]+/g, "_").slice(0, 60) || "character";
  if (input.format === "json") {
    return {
      filename: `${basename}.json`,
      contentType: "application/json",
      body: JSON.stringify(card(input.spec)),
    };
  }
  const texts = {
    chara: toBase64(JSON.stringify(card("v2"))),
    ccv3: toBase64(JSON.stringify(card("v3"))),
  };
  let body: Uint8Array;
  try {
    body = writePngTextChunks(await avatarOf(deps, row), texts);
  } catch (error) {
    // An avatar that is not a readable PNG still leaves a card to export.
    if (!(error instanceof PngFormatError)) throw error;
    body = writePngTextChunks(BLANK_PNG, texts);
  }
  return { filename: `${basename}.png`, contentType: "image/png", body };
}

function cardData(row: CharacterRow): CharacterCardData {
  const kept = Object.fromEntries(
    CARD_DATA_FIELDS.filter((field) => row.card_data[field] !== undefined)
      .map((field) => [field, row.card_data[field]]),
  );
  return {
    creator_notes: "",
    post_history_instructions: "",
    tags: [],
    creator: "",
    character_version: "",
    extensions: {},
    ...kept,
    name: row.name,
    description: row.description,
    personality: row.persona ?? "",
    scenario: row.scenario ?? "",
    first_mes: row.first_message ?? "",
    mes_example: row.voice_examples.map((example) => `<START>\n${example}`).join("\n"),
    system_prompt: row.system_prompt ?? "",
    alternate_greetings: row.alternate_greetings,
  };
}

/**
 * The character's avatar, read with the service role only when its URL points into the owner's
 * own folder of the avatars bucket (image_url is user-written); otherwise a blank picture.
 */
async function avatarOf(
  deps: Pick<PlaygroundChatDeps, "storage">,
  row: CharacterRow,
): Promise<Uint8Array> {
  const bucketUrl = deps.storage.from(AVATAR_BUCKET).getPublicUrl("").data.publicUrl;
  const path = row.image_url?.startsWith(bucketUrl)
    ? decodeURIComponent(row.image_url.slice(bucketUrl.length).replace(/^\/+/, ""))
    : null;
  if (!path || !row.user_id || !path.startsWith(`${row.user_id}/`) || path.includes("..")) {
    return BLANK_PNG;
  }
  const { data, error } = await deps.storage.from(AVATAR_BUCKET).download(path);
  if (error) {
    const failure = new StorageRequestError("download", error);
    if (failure.objectMissing) return BLANK_PNG;
    throw storageFailure(failure);
  }
  return new Uint8Array(await data.arrayBuffer());
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

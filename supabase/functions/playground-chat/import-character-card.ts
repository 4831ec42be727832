import type { AuthUser } from "../_shared/auth/require-user.ts";
import { withUserTransaction } from "../_shared/db/with-user-transaction.ts";
import { AppError, PayloadTooLargeError, ValidationError } from "../_shared/errors/app-error.ts";
import { rejectInvalidInput } from "../_shared/http/reject-invalid-input.ts";
import { AVATAR_BUCKET } from "../_shared/storage/bucket-names.ts";
import { removeObjects } from "../_shared/storage/remove-objects.ts";
import { storageFailure } from "../_shared/storage/storage-failure.ts";
import { StorageRequestError } from "../_shared/storage/storage-request-error.ts";
import {
  CARD_DATA_FIELDS,
  type CharacterCard,
  characterCardSchema,
} from "./character-card-schema.ts";
import type { PlaygroundChatDeps } from "./deps.ts";
import { PngFormatError, readPngTextChunks, writePngTextChunks } from "./png-text-chunks.ts";

/** The avatars bucket's own limit (its migration): a bigger image could never be stored. */
const MAX_AVATAR_BYTES = 2 * 1024 * 1024;

/** The character an imported card became. */
export interface ImportedCharacter {
  character_id: string;
  name: string;
  /** The avatar's public URL (PNG cards), else null. */
  image_url: string | null;
}

/**
 * Imports a Character Card V2/V3, sent as JSON or as a PNG carrying it in a `ccv3` or `chara`
 * tEXt chunk, as a new private character of the caller: card fields mapped onto `characters`
 * (first message, alternate greetings, example dialogue), the scenario as the character's scene,
 * the rest kept in `card_data`; a PNG's image (without the card) becomes the avatar. A malformed
 * card is a 400 naming what is wrong, and nothing is left behind by one.
 */
export async function importCharacterCard(
  deps: Pick<PlaygroundChatDeps, "sql" | "storage">,
  user: AuthUser,
  upload: { contentType: string; bytes: Uint8Array },
): Promise<ImportedCharacter> {
  const { card, image } = decodeUpload(upload);
  const id = crypto.randomUUID();
  const avatarPath = image ? `${user.id}/characters/${id}.png` : null;
  const imageUrl = avatarPath
    ? deps.storage.from(AVATAR_BUCKET).getPublicUrl(avatarPath).data.publicUrl
    : null;
  const { data } = card;
  const cardData = Object.fromEntries(
    CARD_DATA_FIELDS.filter((field) => data[field] !== undefined).map((field) => [
      field,
      data[field],
    ]),
  );
  const nsfw = data.tags.some((tag) => tag.toLowerCase() === "nsfw");
  try {
    await withUserTransaction(deps.sql, user, async (tx) => {
      await tx`
        insert into public.characters (id, user_id, name, description, persona, system_prompt,
          first_message, alternate_greetings, voice_examples, content_rating, image_url, card_data)
        values (${id}, ${user.id}, ${data.name}, ${
        data.description || data.personality || data.name
      }, ${data.personality || null}, ${data.system_prompt || null}, ${data.first_mes || null},
          ${data.alternate_greetings}, ${splitExamples(data.mes_example)},
          ${nsfw ? "nsfw" : "sfw"}, ${imageUrl}, ${tx.json(cardData as never)})`;
      if (data.scenario) {
        await tx`
          insert into public.character_scenes (character_id, scene_name, scene_prompt)
          values (${id}, 'Scenario', ${data.scenario})`;
      }
      // Last in the transaction: a failed upload rolls the character back.
      if (image && avatarPath) {
        const { error } = await deps.storage.from(AVATAR_BUCKET).upload(avatarPath, image, {
          contentType: "image/png",
          upsert: false,
        });
        if (error) throw new StorageRequestError("upload", error);
      }
    });
  } catch (error) {
    if (avatarPath && !(error instanceof StorageRequestError)) {
      await removeObjects(deps.storage, AVATAR_BUCKET, [avatarPath]).catch(() => {});
    }
    throw storageFailure(error);
  }
  return { character_id: id, name: data.name, image_url: imageUrl };
}

function decodeUpload(upload: { contentType: string; bytes: Uint8Array }): {
  card: CharacterCard;
  image: Uint8Array | null;
} {
  const type = upload.contentType.split(";")[0].trim().toLowerCase();
  if (type === "application/json") {
    return {
      card: parseCard(parseJson(new TextDecoder().decode(upload.bytes), "body")),
      image: null,
    };
  }
  if (type !== "image/png") {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "send the card as application/json or image/png");
  }
  let texts: Map<string, string>;
  try {
    texts = readPngTextChunks(upload.bytes);
  } catch (error) {
    if (error instanceof PngFormatError) {
      throw new ValidationError(["body"], `body: ${error.message}`);
    }
    throw error;
  }
  const keyword = texts.has("ccv3") ? "ccv3" : texts.has("chara") ? "chara" : null;
  if (!keyword) {
    throw new ValidationError(
      ["body"],
      "body: the PNG holds no character card (no ccv3 or chara text chunk)",
    );
  }
  const card = parseCard(parseJson(decodeBase64(texts.get(keyword)!, keyword), keyword));
  const image = writePngTextChunks(upload.bytes, { ccv3: null, chara: null });
  if (image.length > MAX_AVATAR_BYTES) {
    throw new PayloadTooLargeError("the card's image is over 2 MB");
  }
  return { card, image };
}

function decodeBase64(text: string, field: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(text.trim()), (char) => char.charCodeAt(0)),
    );
  } catch {
    throw new ValidationError([field], `${field}: the text chunk is not base64-encoded UTF-8`);
  }
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([field], `${field}: the card is not valid JSON`);
  }
}

function parseCard(value: unknown): CharacterCard {
  const parsed = characterCardSchema.safeParse(value);
  if (!parsed.success) rejectInvalidInput({ target: "json", success: false, error: parsed.error });
  return parsed.data!;
}

/** Example dialogue (`mes_example`) as separate examples: the blocks between `<START>` marks. */
function splitExamples(examples: string): string[] {
  return examples.split(/<START>/i).map((block) => block.trim()).filter(Boolean);
}

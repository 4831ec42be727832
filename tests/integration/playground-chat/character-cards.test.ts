import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { makeCharacter } from "../../support/database-factories.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { base64Json, chunksOf, fromBase64Json, pngWithText, textsOf } from "./png-card-fixtures.ts";
import { startPlaygroundChat } from "./chat-harness.ts";

let chat: ReturnType<typeof startPlaygroundChat>;
beforeAll(() => {
  chat = startPlaygroundChat();
});
afterAll(() => chat.close());

const cardData = {
  name: "Captain Maren",
  description: "A weathered sea captain.",
  personality: "Gruff, loyal, superstitious.",
  scenario: "A storm is coming to the harbour.",
  first_mes: "*squints at you* You're late.",
  mes_example: "<START>\n{{user}}: Ready?\n{{char}}: Always.\n<START>\n{{char}}: Mind the rigging.",
  creator_notes: "Best with slow pacing.",
  system_prompt: "Speak like an old sailor.",
  post_history_instructions: "Stay in character.",
  alternate_greetings: ["*waves from the deck*", "Ahoy."],
  tags: ["sea", "adventure"],
  creator: "harbourmaster",
  character_version: "1.2",
  extensions: { depth_prompt: { depth: 4, prompt: "salt" } },
};
const v3Card = {
  spec: "chara_card_v3",
  spec_version: "3.0",
  data: { ...cardData, nickname: "Cap", group_only_greetings: [] },
};
const v2Card = { spec: "chara_card_v2", spec_version: "2.0", data: cardData };

function upload(user: TestUser, body: BodyInit, contentType: string) {
  return chat.app.request("/playground-chat/characters/import", {
    method: "POST",
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": contentType },
    body,
  });
}
const exportCard = (user: TestUser, id: string, query = "") =>
  chat.app.request(`/playground-chat/characters/${id}/export${query}`, {
    headers: { authorization: `Bearer ${user.accessToken}` },
  });
const charactersOf = (userId: string) =>
  stackSql()`select * from public.characters where user_id = ${userId}`;

describe("POST /playground-chat/characters/import", () => {
  it("maps a V2 JSON card onto a private character, its scenario onto the character's scene", async () => {
    const user = await createUser("card-json");

    const res = await upload(user, JSON.stringify(v2Card), "application/json");

    expect(res.status).toBe(201);
    const { character_id, image_url } = await res.json();
    expect(image_url).toBeNull();
    const [character] = await charactersOf(user.id);
    expect(character).toMatchObject({
      id: character_id,
      name: "Captain Maren",
      description: "A weathered sea captain.",
      persona: "Gruff, loyal, superstitious.",
      first_message: "*squints at you* You're late.",
      alternate_greetings: ["*waves from the deck*", "Ahoy."],
      voice_examples: ["{{user}}: Ready?\n{{char}}: Always.", "{{char}}: Mind the rigging."],
      system_prompt: "Speak like an old sailor.",
      is_public: false,
      content_rating: "sfw",
    });
    expect(character.card_data).toMatchObject({
      creator: "harbourmaster",
      tags: ["sea", "adventure"],
      character_version: "1.2",
    });
    const scenes =
      await stackSql()`select scene_prompt from public.character_scenes where character_id = ${character_id}`;
    expect(scenes).toEqual([{ scene_prompt: "A storm is coming to the harbour." }]);
  });

  it("imports a V3 card from a PNG's ccv3 chunk and keeps the picture, without the card, as the avatar", async () => {
    const user = await createUser("card-png");
    const png = pngWithText({
      ccv3: base64Json(v3Card),
      chara: base64Json({ ...v2Card, data: { ...cardData, name: "Older" } }),
    });

    const res = await upload(user, png, "image/png");

    expect(res.status).toBe(201);
    const { name, image_url } = await res.json();
    expect(name).toBe("Captain Maren");
    expect(image_url).toContain(`/avatars/${user.id}/characters/`);
    const avatar = new Uint8Array(await (await fetch(image_url)).arrayBuffer());
    expect(chunksOf(avatar).map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    expect((await charactersOf(user.id))[0].card_data).toMatchObject({ nickname: "Cap" });
  });

  it("imports a V2 card from a PNG's chara chunk", async () => {
    const user = await createUser("card-chara");

    const res = await upload(user, pngWithText({ chara: base64Json(v2Card) }), "image/png");

    expect(res.status).toBe(201);
    expect((await charactersOf(user.id)).map((c) => c.name)).toEqual(["Captain Maren"]);
  });

  const malformed: Array<[string, string[], () => [BodyInit, string]]> = [
    [
      "a card without a name",
      ["data.name"],
      () => [JSON.stringify({ ...v2Card, data: { ...cardData, name: "" } }), "application/json"],
    ],
    [
      "an unknown spec",
      ["spec"],
      () => [JSON.stringify({ spec: "tavern_v9", data: cardData }), "application/json"],
    ],
    [
      "greetings that are not text",
      ["data.alternate_greetings.0"],
      () => [
        JSON.stringify({ ...v2Card, data: { ...cardData, alternate_greetings: [1] } }),
        "application/json",
      ],
    ],
    ["JSON that does not parse", ["body"], () => ['{"spec":', "application/json"]],
    ["a PNG without a card", ["body"], () => [pngWithText({ Comment: "hello" }), "image/png"]],
    [
      "bytes that are not a PNG",
      ["body"],
      () => [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), "image/png"],
    ],
    [
      "a chara chunk that is not base64 JSON",
      ["chara"],
      () => [pngWithText({ chara: "%%%not base64%%%" }), "image/png"],
    ],
    [
      "a PNG card missing its data",
      ["data"],
      () => [pngWithText({ ccv3: base64Json({ spec: "chara_card_v3" }) }), "image/png"],
    ],
  ];
  it.each(malformed)(
    "answers 400 for %s, naming %j, and keeps nothing",
    async (_, fields, body) => {
      const user = await createUser("card-bad");
      const [payload, type] = body();

      const res = await upload(user, payload, type);

      expect(res.status).toBe(400);
      expect((await res.json()).error.fields).toEqual(fields);
      expect(await charactersOf(user.id)).toEqual([]);
    },
  );

  it("answers 415 for a body that is neither JSON nor PNG", async () => {
    const user = await createUser("card-type");

    const res = await upload(user, "name: Maren", "text/yaml");

    expect(res.status).toBe(415);
  });
});

describe("GET /playground-chat/characters/{id}/export", () => {
  it("exports an imported card as it came, V3 JSON by default and V2 on request", async () => {
    const user = await createUser("card-roundtrip");
    const { character_id } = await (await upload(user, JSON.stringify(v3Card), "application/json"))
      .json();

    const v3 = await exportCard(user, character_id);
    const v2 = await exportCard(user, character_id, "?spec=v2");

    expect(v3.status).toBe(200);
    expect(v3.headers.get("content-disposition")).toBe('attachment; filename="Captain_Maren.json"');
    expect(await v3.json()).toEqual(v3Card);
    expect(await v2.json()).toEqual({
      ...v2Card,
      data: { ...cardData, nickname: "Cap", group_only_greetings: [] },
    });
  });

  it("exports a PNG card with the avatar's picture and the card in both chara and ccv3 chunks", async () => {
    const user = await createUser("card-png-roundtrip");
    const { character_id } =
      await (await upload(user, pngWithText({ ccv3: base64Json(v3Card) }), "image/png")).json();

    const res = await exportCard(user, character_id, "?format=png");

    expect(res.headers.get("content-type")).toBe("image/png");
    const png = new Uint8Array(await res.arrayBuffer());
    expect(chunksOf(png).map((c) => c.type)).toEqual(["IHDR", "IDAT", "tEXt", "tEXt", "IEND"]);
    const texts = textsOf(png);
    expect(fromBase64Json(texts.ccv3)).toEqual(v3Card);
    expect(fromBase64Json(texts.chara).spec).toBe("chara_card_v2");

    const again = await upload(user, png, "image/png");
    expect(again.status).toBe(201);
    const reimported = await exportCard(user, (await again.json()).character_id);
    expect(await reimported.json()).toEqual(v3Card);
  });

  it("answers 404 for another user's private character and exports a public one", async () => {
    const owner = await createUser("card-owner");
    const user = await createUser("card-reader");
    const hidden = await makeCharacter(stackSql(), owner.id);
    const shared = await makeCharacter(stackSql(), owner.id, {
      is_public: true,
      image_url: "https://elsewhere.example/x.png",
    });

    expect((await exportCard(user, hidden.id)).status).toBe(404);
    const res = await exportCard(user, shared.id, "?format=png");
    expect(res.status).toBe(200);
    expect(fromBase64Json(textsOf(new Uint8Array(await res.arrayBuffer())).ccv3).data.name).toBe(
      "Mira",
    );
  });
});

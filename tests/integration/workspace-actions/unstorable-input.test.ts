import { afterAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../../dev/auth/create-test-user.ts";
import { createUser, stackSql } from "../../support/stack.ts";
import { makeLibraryEntry, workspaceActionsApp } from "./workspace-fixtures.ts";

const { app, call, close } = workspaceActionsApp();
afterAll(close);

async function collectionsOf(userId: string) {
  return stackSql()<{ name: string; description: string | null }[]>`
    select name, description from public.user_collections where user_id = ${userId} order by name`;
}

async function libraryItem(id: string) {
  const [row] = await stackSql()<{ custom_title: string | null; tags: string[] }[]>`
    select custom_title, tags from public.user_library where id = ${id}`;
  return row;
}

/** Sends raw bytes as a JSON body, as a client with a broken encoder would. */
function sendBytes(user: TestUser, method: string, path: string, bytes: Uint8Array<ArrayBuffer>) {
  return app.request(`/workspace-actions${path}`, {
    method,
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
    body: bytes,
  });
}

function expectRefusal(
  response: { status: number; body: { error: { code: string; fields?: string[] } } },
  field: string,
) {
  expect(response.status).toBe(400);
  expect(response.body.error).toMatchObject({ code: "VALIDATION_FAILED", fields: [field] });
}

describe("workspace-actions with input Postgres cannot store", () => {
  it.each([
    ["a NUL character", "Coast\u0000"],
    ["an unpaired surrogate", "Coast \ud800"],
  ])(
    "refuses a collection name or description holding %s, on create and rename, storing nothing",
    async (_case, text) => {
      const user = await createUser("unstorable-collection");
      const { body: existing } = await call(user, "POST", "/collections", { name: "Harbour" });

      expectRefusal(await call(user, "POST", "/collections", { name: text }), "name");
      expectRefusal(
        await call(user, "POST", "/collections", { name: "Sea", description: text }),
        "description",
      );
      expectRefusal(
        await call(user, "PATCH", `/collections/${existing.id}`, { name: text }),
        "name",
      );
      expectRefusal(
        await call(user, "PATCH", `/collections/${existing.id}`, { description: text }),
        "description",
      );

      expect(await collectionsOf(user.id)).toEqual([{ name: "Harbour", description: null }]);
    },
  );

  it("refuses a library title or tag holding a NUL character or an unpaired surrogate, changing nothing", async () => {
    const user = await createUser("unstorable-library");
    const { item } = await makeLibraryEntry(user, { custom_title: "Kept", tags: ["kept"] });

    expectRefusal(
      await call(user, "PATCH", `/library/${item.id}`, { custom_title: "a\u0000b" }),
      "custom_title",
    );
    expectRefusal(
      await call(user, "PATCH", `/library/${item.id}`, { tags: ["ok", "x\udc00"] }),
      "tags.1",
    );

    expect(await libraryItem(item.id)).toEqual({ custom_title: "Kept", tags: ["kept"] });
  });

  it.each([
    ["q", "q=light%00house"],
    ["tag", "tag=sea%00"],
  ])(
    "refuses the library filter %s holding a character Postgres cannot take (%s)",
    async (field, query) => {
      const user = await createUser("unstorable-filter");

      expectRefusal(await call(user, "GET", `/library?${query}`), field);
    },
  );

  it("refuses a body that is not valid UTF-8 instead of storing replacement characters", async () => {
    const user = await createUser("bad-utf8");
    const { item } = await makeLibraryEntry(user, { custom_title: "Kept" });
    const encoded = (text: string) => new TextEncoder().encode(text);
    const withBadByte = (before: string, after: string) =>
      new Uint8Array([...encoded(before), 0xff, 0xfe, ...encoded(after)]);

    const created = await sendBytes(
      user,
      "POST",
      "/collections",
      withBadByte('{"name":"Coast', '"}'),
    );
    const updated = await sendBytes(
      user,
      "PATCH",
      `/library/${item.id}`,
      withBadByte('{"custom_title":"T', '"}'),
    );

    for (const response of [created, updated]) {
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({
        code: "VALIDATION_FAILED",
        fields: ["body"],
      });
    }
    expect(await collectionsOf(user.id)).toEqual([]);
    expect((await libraryItem(item.id)).custom_title).toBe("Kept");
  });
});

describe("workspace-actions list limits", () => {
  it.each(["1e1", "0x10", " 5", "5.0", "+5", "-1", "0", "101", ""])(
    "refuses limit=%j: whole numbers from 1 to 100 in decimal digits only",
    async (limit) => {
      const user = await createUser("limits");
      for (const path of ["/library", "/workspace"]) {
        expectRefusal(
          await call(user, "GET", `${path}?limit=${encodeURIComponent(limit)}`),
          "limit",
        );
      }
    },
  );

  it("accepts a plain decimal limit", async () => {
    const user = await createUser("plain-limit");
    expect((await call(user, "GET", "/library?limit=5")).status).toBe(200);
  });
});

describe("workspace-actions request bodies", () => {
  it("refuses a 10 MB body with 413 before reading it", async () => {
    const user = await createUser("huge-body");
    const response = await app.request("/workspace-actions/collections", {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Big", description: "x".repeat(10 * 1024 * 1024) }),
    });

    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await collectionsOf(user.id)).toEqual([]);
  });
});

describe("a token of a deleted user", () => {
  it("is answered 401 on reads and writes, never a foreign-key failure", async () => {
    const user = await createUser("deleted");
    await stackSql()`delete from auth.users where id = ${user.id}`;

    for (
      const [method, path, body] of [
        ["POST", "/collections", { name: "Ghost" }],
        ["GET", "/collections", undefined],
        ["GET", "/library", undefined],
        ["POST", "/workspace/clear", { all: true }],
      ] as const
    ) {
      const response = await call(user, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body.error).toEqual({
        code: "UNAUTHORIZED",
        message: "The token's user no longer exists",
      });
    }
    expect(await collectionsOf(user.id)).toEqual([]);
  });
});

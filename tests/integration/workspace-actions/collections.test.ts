import { afterAll, describe, expect, it } from "vitest";
import { createUser, stackSql } from "../../support/stack.ts";
import { makeLibraryEntry, workspaceActionsApp } from "./workspace-fixtures.ts";

const { call, close } = workspaceActionsApp();
afterAll(close);

describe("collections", () => {
  it("creates, lists with item counts and renames a collection", async () => {
    const user = await createUser("collector");
    const created = await call(user, "POST", "/collections", {
      name: "Coast",
      description: "Sea views",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Coast", description: "Sea views", item_count: 0 });
    const id = created.body.id;
    await makeLibraryEntry(user, { collection_id: id });
    await makeLibraryEntry(user, { collection_id: id });
    await call(user, "POST", "/collections", { name: "Attic" });

    const listed = await call(user, "GET", "/collections");
    expect(
      listed.body.collections.map((
        c: { name: string; item_count: number },
      ) => [c.name, c.item_count]),
    )
      .toEqual([["Attic", 0], ["Coast", 2]]);

    const renamed = await call(user, "PATCH", `/collections/${id}`, { name: "Harbour" });
    expect(renamed.body).toMatchObject({ id, name: "Harbour", item_count: 2 });
  });

  it("keeps a deleted collection's items in the library, uncollected", async () => {
    const user = await createUser("uncollector");
    const { body: collection } = await call(user, "POST", "/collections", { name: "Temporary" });
    const entry = await makeLibraryEntry(user, { collection_id: collection.id });

    const { status, body } = await call(user, "DELETE", `/collections/${collection.id}`);

    expect(status).toBe(200);
    expect(body).toEqual({ deleted: 1, uncollected_items: 1 });
    const [row] =
      await stackSql()`select collection_id from public.user_library where id = ${entry.item.id}`;
    expect(row.collection_id).toBeNull();
  });

  it("answers 409 to a name the caller already uses, on create and on rename", async () => {
    const user = await createUser("duplicate");
    await call(user, "POST", "/collections", { name: "Coast" });
    const { body: other } = await call(user, "POST", "/collections", { name: "Forest" });

    const create = await call(user, "POST", "/collections", { name: "Coast" });
    const rename = await call(user, "PATCH", `/collections/${other.id}`, { name: "Coast" });

    expect([create.status, rename.status]).toEqual([409, 409]);
    expect(create.body.error.code).toBe("CONFLICT");
  });

  it("lets two users use the same name, and hides each one's collections from the other", async () => {
    const [owner, stranger] = [await createUser("owner"), await createUser("stranger")];
    const { body: theirs } = await call(owner, "POST", "/collections", { name: "Coast" });

    expect((await call(stranger, "POST", "/collections", { name: "Coast" })).status).toBe(201);
    expect(
      (await call(stranger, "GET", "/collections")).body.collections.map((c: { id: string }) =>
        c.id
      ),
    )
      .not.toContain(theirs.id);
    expect((await call(stranger, "PATCH", `/collections/${theirs.id}`, { name: "Mine" })).status)
      .toBe(404);
    expect((await call(stranger, "DELETE", `/collections/${theirs.id}`)).status).toBe(404);
    const [row] =
      await stackSql()`select name from public.user_collections where id = ${theirs.id}`;
    expect(row.name).toBe("Coast");
  });

  it("rejects a blank name, naming the field", async () => {
    const user = await createUser("blank");
    const { status, body } = await call(user, "POST", "/collections", { name: "   " });
    expect(status).toBe(400);
    expect(body.error.fields).toEqual(["name"]);
  });
});

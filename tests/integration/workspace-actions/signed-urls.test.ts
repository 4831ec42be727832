import { describe, expect, it } from "vitest";
import { createUser } from "../../support/stack.ts";
import {
  faultyStorageFetch,
  makeLibraryEntry,
  makeWorkspaceItem,
  type StorageRequest,
  workspaceActionsApp,
  workspaceActionsDeps,
} from "./workspace-fixtures.ts";

function appCountingStorage(failSigning = false) {
  const requests: StorageRequest[] = [];
  const app = workspaceActionsApp(workspaceActionsDeps({
    storageFetch: faultyStorageFetch({
      failWhen: ({ operation }) => failSigning && operation === "sign",
      before: async (request) => void requests.push(request),
    }),
  }));
  return { ...app, requests };
}

describe("signed URLs of the lists", () => {
  it("signs a whole page in one Storage request and reuses the URLs on the next list", async () => {
    const user = await createUser("batch-signer");
    for (let i = 0; i < 4; i++) await makeWorkspaceItem(user);
    const { call, close, requests } = appCountingStorage();

    const first = await call(user, "GET", "/workspace");
    const second = await call(user, "GET", "/workspace");
    await close();

    expect(requests.filter((request) => request.operation === "sign")).toHaveLength(1);
    expect(second.body.items.map((item: { url: string }) => item.url))
      .toEqual(first.body.items.map((item: { url: string }) => item.url));
    expect(
      first.body.items.every((item: { url: string; thumbnail_url: string }) =>
        item.url && item.thumbnail_url
      ),
    ).toBe(true);
  });

  it("signs the library's files in their own bucket", async () => {
    const user = await createUser("library-signer");
    const entry = await makeLibraryEntry(user);
    const { call, close, requests } = appCountingStorage();

    const { body } = await call(user, "GET", "/library");
    await close();

    expect(
      requests.filter((request) => request.operation === "sign").map((request) =>
        new URL(request.url).pathname
      ),
    )
      .toEqual(["/storage/v1/object/sign/user-library"]);
    expect(new Uint8Array(await (await fetch(body.items[0].url)).arrayBuffer())).toEqual(
      entry.file,
    );
  });

  it("answers 503 when Storage cannot sign", async () => {
    const user = await createUser("sign-outage");
    await makeWorkspaceItem(user);
    const { call, close } = appCountingStorage(true);

    const { status, body } = await call(user, "GET", "/workspace");
    await close();

    expect(status).toBe(503);
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
  });
});

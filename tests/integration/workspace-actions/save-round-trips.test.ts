import { afterAll, describe, expect, it } from "vitest";
import { dbRoundTrips } from "../../support/db-round-trips.ts";
import { createUser } from "../../support/stack.ts";
import { makeWorkspaceItem, pendingRemovalsOf, workspaceActionsApp } from "./workspace-fixtures.ts";

const app = workspaceActionsApp();
afterAll(app.close);

describe("round trips per save to the library", () => {
  it("saves a workspace item in 9 statements", async () => {
    const user = await createUser("save-round-trips");
    // The first save warms the app up; the second is counted.
    const [warmUp, item] = [await makeWorkspaceItem(user), await makeWorkspaceItem(user)];
    expect((await app.call(user, "POST", "/library", { asset_ids: [warmUp.asset.id] })).status)
      .toBe(200);

    const { status, body, headers } = await app.call(user, "POST", "/library", {
      asset_ids: [item.asset.id],
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({ saved: 1, already_saved: 0 });
    // The user's read (BEGIN, the claims, the read, COMMIT); the copies' removal records; then
    // BEGIN, the role, the insert that also drops those records, COMMIT.
    expect(dbRoundTrips(headers)).toBe(9);
    expect(await pendingRemovalsOf(user.id)).toEqual([]);
  });
});

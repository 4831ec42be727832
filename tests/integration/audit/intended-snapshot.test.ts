import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildIntendedState } from "../../../audit/build-intended-state.ts";
import {
  intendedSnapshotFile,
  projectSources,
  renderIntendedSnapshot,
} from "../../../audit/generate-intended-snapshot.ts";

describe("intended-schema.ts", () => {
  it("matches the intended state built from the migrations, config and generated types", async () => {
    const generated = renderIntendedSnapshot(await buildIntendedState(projectSources));
    const committed = await readFile(intendedSnapshotFile, "utf8");
    expect(
      committed,
      "intended-schema.ts is stale: run `npx tsx audit/generate-intended-snapshot.ts`",
    ).toBe(generated);
  });
});

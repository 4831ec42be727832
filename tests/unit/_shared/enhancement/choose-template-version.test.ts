import { describe, expect, it } from "vitest";
import { chooseTemplateVersion } from "../../../../supabase/functions/_shared/enhancement/choose-template-version.ts";
import type { TemplateSet } from "../../../../supabase/functions/_shared/enhancement/load-template-set.ts";

const version = (n: number) => ({
  name: "t",
  version: n,
  systemPrompt: `v${n}`,
  tokenLimit: 100,
  enhancerModel: "m",
});
const testedSet = (candidatePercent: number): TemplateSet => ({
  production: version(1),
  candidate: version(2),
  test: { id: "6f1c1a52-3a5b-4c1e-9d0e-2b6f4f0b9a10", candidatePercent },
});
const users = Array.from(
  { length: 10_000 },
  (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
);

describe("chooseTemplateVersion", () => {
  it("serves production when no test runs, even with a candidate labelled", () => {
    expect(chooseTemplateVersion({ production: version(1), candidate: version(2) }, users[0]))
      .toEqual({
        template: version(1),
      });
  });

  it.each([10, 30, 50])("gives the candidate to about %i%% of users", (percent) => {
    const inCandidate = users.filter((user) =>
      chooseTemplateVersion(testedSet(percent), user).abTest?.variant === "candidate"
    );
    expect(Math.abs(inCandidate.length / users.length - percent / 100)).toBeLessThan(0.02);
  });

  it("keeps each user in one variant for the whole test", () => {
    for (const user of users.slice(0, 500)) {
      const first = chooseTemplateVersion(testedSet(30), user);
      expect(chooseTemplateVersion(testedSet(30), user)).toEqual(first);
      expect(first.template.version).toBe(first.abTest?.variant === "candidate" ? 2 : 1);
    }
  });

  it("serves nobody the candidate at 0% and everybody at 100%", () => {
    expect(users.every((u) => chooseTemplateVersion(testedSet(0), u).template.version === 1)).toBe(
      true,
    );
    expect(users.every((u) => chooseTemplateVersion(testedSet(100), u).template.version === 2))
      .toBe(true);
  });
});

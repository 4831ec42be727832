import type { EnhancementTemplate, TemplateSet } from "./load-template-set.ts";

/** The version an enhancement serves and, during an A/B test, the variant the user is in. */
export interface ServedTemplate {
  template: EnhancementTemplate;
  abTest?: { id: string; variant: "production" | "candidate" };
}

/**
 * The production version, or during a running A/B test the candidate for `candidatePercent` of
 * users. The split is sticky: a user's bucket is a hash of the test and the user, so the same
 * user sees the same variant for the whole test without any stored assignment.
 */
export function chooseTemplateVersion(set: TemplateSet, userId: string): ServedTemplate {
  const { production, candidate, test } = set;
  if (!test || !candidate) return { template: production };
  const inCandidate = bucketOf(`${test.id}:${userId}`) < test.candidatePercent;
  return {
    template: inCandidate ? candidate : production,
    abTest: { id: test.id, variant: inCandidate ? "candidate" : "production" },
  };
}

/** FNV-1a over the key, mapped to 0..99: cheap, stable and evenly spread. */
function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 100;
}

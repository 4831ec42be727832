import type { Catalog } from "./catalog.ts";
import { compareCatalogs } from "./compare-catalogs.ts";
import { compareCodeExpectations } from "./compare-code-expectations.ts";
import { compareMigrations } from "./compare-migrations.ts";
import { compareFindings, type Finding } from "./finding.ts";
import type { IntendedState } from "./intended-state.ts";
import { mergeFindings } from "./merge-findings.ts";

/**
 * The audit's verdict: the live catalog against the intended state (categories A to G) and
 * the lints of the live database, each problem once, most severe first.
 */
export function auditSchema(
  intended: IntendedState,
  live: { catalog: Catalog; lints: Finding[] },
): Finding[] {
  const drift = [
    ...(intended.expectedByCode
      ? compareCodeExpectations(intended.expectedByCode, intended.catalog)
      : []),
    ...compareCatalogs(intended.catalog, live.catalog),
    ...compareMigrations(intended.migrations, live.catalog.migrations),
  ];
  return mergeFindings(drift, live.lints).sort(compareFindings);
}

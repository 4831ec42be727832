import type { Catalog } from "./catalog.ts";
import type { Finding } from "./finding.ts";

/**
 * Finds the tables and columns the code's generated types promise that no migration creates.
 * Reported against the intended catalog; the live database's side is the extra-object check.
 */
export function compareCodeExpectations(
  expected: Record<string, string[]>,
  intended: Catalog,
): Finding[] {
  const relations = new Set(
    intended.objects.filter((o) => o.kind === "table" || o.kind === "view").map((o) => o.name),
  );
  const tables = new Set(intended.objects.filter((o) => o.kind === "table").map((o) => o.name));
  const columns = new Set(intended.objects.filter((o) => o.kind === "column").map((o) => o.name));
  const findings: Finding[] = [];
  for (const [table, tableColumns] of Object.entries(expected)) {
    if (!relations.has(table)) {
      findings.push(
        codeFinding("table", table, `The code expects a table ${table} that no migration creates.`),
      );
      continue;
    }
    if (!tables.has(table)) continue;
    for (const column of tableColumns) {
      const name = `${table}.${column}`;
      if (!columns.has(name)) {
        findings.push(
          codeFinding(
            "column",
            name,
            `The code expects a column ${name} that no migration creates.`,
          ),
        );
      }
    }
  }
  return findings;
}

function codeFinding(kind: "table" | "column", name: string, summary: string): Finding {
  return {
    id: `code-expects-missing-${kind}:${kind}:${name}`,
    category: "A",
    severity: "error",
    rule: `code-expects-missing-${kind}`,
    object: { kind, name },
    summary,
    expected: `${kind} ${name} (in the generated database types)`,
    actual: "created by no migration",
    impact: "The code compiles against it, so the requests that use it fail at run time.",
    fix:
      "Write the migration that creates it, or regenerate the types if the code no longer needs it.",
    evidence: `select to_regclass('${name.split(".").slice(0, 2).join(".")}')`,
    patch: null,
    alsoMatched: [],
  };
}

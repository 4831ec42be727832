import type { Sql } from "postgres";
import { auditSchema } from "../_shared/schema-audit/audit-schema.ts";
import type { Finding } from "../_shared/schema-audit/finding.ts";
import { readLiveState } from "../_shared/schema-audit/read-live-state.ts";

/** The schema audit as the admin route answers it. */
export interface SchemaAuditReport {
  clean: boolean;
  counts: Record<Finding["severity"], number>;
  findings: Finding[];
}

/**
 * Audits this project's database against the committed snapshot of its migrations (the edge
 * has no scratch database to apply them to), in one read-only transaction of catalog reads.
 * The snapshot is imported on first use, so the other routes never load it.
 */
export async function auditProjectSchema(sql: Sql): Promise<SchemaAuditReport> {
  const { intendedSchema } = await import("../_shared/intended-schema.ts");
  const live = await readLiveState(sql, { exposedSchemas: intendedSchema.exposedSchemas });
  const findings = auditSchema(intendedSchema, live);
  const count = (severity: Finding["severity"]) =>
    findings.filter((f) => f.severity === severity).length;
  return {
    clean: findings.length === 0,
    counts: { error: count("error"), warn: count("warn"), info: count("info") },
    findings,
  };
}

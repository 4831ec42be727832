import postgres from "postgres";
import { auditSchema } from "../supabase/functions/_shared/schema-audit/audit-schema.ts";
import {
  type Finding,
  type Severity,
  SEVERITY_RANK,
} from "../supabase/functions/_shared/schema-audit/finding.ts";
import type { IntendedState } from "../supabase/functions/_shared/schema-audit/intended-state.ts";
import { readLiveState } from "../supabase/functions/_shared/schema-audit/read-live-state.ts";
import {
  applySuppressions,
  loadSuppressions,
  type SuppressedFinding,
} from "./apply-suppressions.ts";
import { buildIntendedState, type ProjectSources } from "./build-intended-state.ts";
import { readProjectConfig } from "./read-project-config.ts";
import { renderMarkdown } from "./render-markdown.ts";
import { renderPatch } from "./render-patch.ts";

/** What to audit, against which project files, and how to report it. */
export interface AuditOptions extends ProjectSources {
  dbUrl: string;
  format: "md" | "json" | "sql";
  failOn: Severity;
  suppressFile?: string;
}

/** What the command prints and exits with: 0 clean, 1 findings at or above `failOn`, 2 could not audit. */
export interface AuditOutcome {
  exitCode: 0 | 1 | 2;
  /** The report (stdout); empty when the audit could not run. */
  output: string;
  /** Why the audit could not run (stderr). */
  error?: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

/** The connection string without its password, for reports and messages. */
export function describeTarget(dbUrl: string): string {
  try {
    const url = new URL(dbUrl);
    return `${url.hostname}:${url.port || "5432"}${url.pathname}`;
  } catch {
    return "the given database";
  }
}

/**
 * Audits the database at `dbUrl` against the project's migrations, generated types and config.
 * Never writes to it. Any failure to audit (unreachable database, failing migration, unreadable
 * catalog) is exit 2 with a message, never an empty report. `intended` skips building the
 * intended state again (tests auditing several databases against one project).
 */
export async function runAudit(
  options: AuditOptions,
  intended?: IntendedState,
): Promise<AuditOutcome> {
  const target = describeTarget(options.dbUrl);
  const sql = postgres(options.dbUrl, {
    max: 1,
    prepare: false,
    connect_timeout: 10,
    onnotice: () => {},
  });
  try {
    const suppressions = options.suppressFile
      ? await loadSuppressions(options.suppressFile)
      : new Map();
    const exposedSchemas = intended?.exposedSchemas ??
      (await readProjectConfig(options.configFile)).exposedSchemas;
    const unreadable = (error: unknown) => {
      throw new Error(`could not read the database at ${target}: ${messageOf(error)}`);
    };
    // An unreachable database fails before a scratch database is started for nothing.
    await sql`select 1`.catch(unreadable);
    // Settle both before failing: the scratch database must be stopped and removed either way.
    const [state, live] = await Promise.allSettled([
      intended ?? buildIntendedState(options),
      readLiveState(sql, { exposedSchemas }).catch(unreadable),
    ]);
    if (live.status === "rejected") throw live.reason;
    if (state.status === "rejected") throw state.reason;
    const { open, suppressed } = applySuppressions(
      auditSchema(state.value, live.value),
      suppressions,
    );
    const failing = open.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[options.failOn]);
    return {
      exitCode: failing ? 1 : 0,
      output: render(options.format, target, open, suppressed),
      findings: open,
      suppressed,
    };
  } catch (error) {
    return {
      exitCode: 2,
      output: "",
      error: `audit could not run: ${messageOf(error)}`,
      findings: [],
      suppressed: [],
    };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function render(
  format: AuditOptions["format"],
  target: string,
  open: Finding[],
  suppressed: SuppressedFinding[],
) {
  if (format === "sql") return renderPatch(target, open);
  if (format === "md") return renderMarkdown(target, open, suppressed);
  return `${
    JSON.stringify(
      {
        target,
        findings: open,
        suppressed: suppressed.map(({ finding, reason }) => ({ ...finding, reason })),
      },
      null,
      2,
    )
  }\n`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

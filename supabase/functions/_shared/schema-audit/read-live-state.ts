import type { Sql } from "postgres";
import type { Catalog } from "./catalog.ts";
import type { Finding } from "./finding.ts";
import { readCatalog } from "./read-catalog.ts";
import { runLints } from "./run-lints.ts";
import { withCatalogTransaction } from "./with-catalog-transaction.ts";

/** What the audit reads from the audited database. */
export interface LiveState {
  catalog: Catalog;
  lints: Finding[];
}

/**
 * Reads the audited database's catalog and runs the lints, in one read-only transaction of
 * catalog reads: nothing a caller passes reaches the SQL except the exposed schemas' names,
 * as a parameter.
 */
export function readLiveState(sql: Sql, options: { exposedSchemas: string[] }): Promise<LiveState> {
  return withCatalogTransaction(sql, async (tx) => {
    const catalog = await readCatalog(tx);
    // The bucket lint reads storage's tables: only where the catalog found buckets to read.
    const storage = catalog.objects.some((o) => o.kind === "bucket");
    const lints = await runLints(tx, { exposed: options.exposedSchemas, storage });
    return { catalog, lints };
  });
}

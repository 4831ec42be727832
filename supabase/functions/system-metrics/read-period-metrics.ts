import type { Sql } from "postgres";
import { withServiceTransaction } from "../_shared/db/with-service-transaction.ts";
import { readCreditMetrics } from "./read-credit-metrics.ts";
import { readFunctionMetrics } from "./read-function-metrics.ts";
import { readJobMetrics } from "./read-job-metrics.ts";
import { readLlmMetrics } from "./read-llm-metrics.ts";
import { readStorageUse } from "./read-storage-use.ts";

/**
 * The hour and day aggregates of the dashboard, read in one pipelined service-role transaction:
 * jobs, functions (from the rollups), LLM usage, credits and storage per bucket.
 */
export function readPeriodMetrics(sql: Sql) {
  return withServiceTransaction(sql, async (tx) => {
    const [jobs, functions, llm, credits, storage] = await Promise.all([
      readJobMetrics(tx),
      readFunctionMetrics(tx),
      readLlmMetrics(tx),
      readCreditMetrics(tx),
      readStorageUse(tx),
    ]);
    return { computedAt: new Date().toISOString(), jobs, functions, llm, credits, storage };
  });
}

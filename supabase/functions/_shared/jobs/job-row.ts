import type { RowOf } from "../db/row-of.ts";
import type { QueueName } from "./job-types.ts";

/**
 * A jobs row as the backend reads it: the generated row, with the columns its check constraints
 * narrow (`destination`, `queue_name`) and its jsonb objects typed as such. Each reader picks the
 * columns it selects: `Pick<JobRow, (typeof COLUMNS)[number]>` beside its `COLUMNS` constant.
 */
export type JobRow = RowOf<"jobs", {
  destination: "workspace" | "library";
  queue_name: QueueName | null;
  metadata: Record<string, unknown>;
  queue_payload: Record<string, unknown> | null;
}>;

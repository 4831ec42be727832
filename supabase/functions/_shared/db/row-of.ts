import type { Database, Tables } from "../database.types.ts";

type TableName = keyof Database["public"]["Tables"];

/** The columns of `Row` named as timestamps (`…_at`), which the generated types give as text. */
type TimestampColumn<Row> = {
  [K in keyof Row]: K extends `${string}_at` ? (Row[K] extends string | null ? K : never) : never;
}[keyof Row];

/**
 * A table's row as postgres.js reads it: the generated row (`Tables<…>` of `database.types.ts`,
 * typed for supabase-js), with the timestamps named `…_at` as Date, since postgres.js parses them,
 * and the columns in `Overrides` typed as the code reads them: a check constraint's values, a jsonb
 * column's shape, bigint and numeric as strings (the generated types cannot tell them from
 * integers). Functions pick their columns from it rather than repeat a table's shape.
 * @example type JobRow = RowOf<"jobs", { queue_name: QueueName | null }>;
 */
export type RowOf<Table extends TableName, Overrides = Record<never, never>> =
  & Omit<Tables<Table>, keyof Overrides | TimestampColumn<Tables<Table>>>
  & {
    [K in TimestampColumn<Tables<Table>>]: null extends Tables<Table>[K] ? Date | null : Date;
  }
  & Overrides;

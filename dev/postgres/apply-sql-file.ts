import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Sql, TransactionSql } from "postgres";

/** A SQL file that failed to apply: names the file, the line and Postgres's message. */
export class SqlFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly pgMessage: string,
  ) {
    super(`${basename(file)}${line ? `:${line}` : ""}: ${pgMessage}`);
    this.name = "SqlFileError";
  }
}

/**
 * Runs every statement of a SQL file in one transaction; nothing of a failing file stays.
 * `record` runs in the same transaction, so a file is never applied without its bookkeeping.
 */
export async function applySqlFile(
  sql: Sql,
  file: string,
  record?: (tx: TransactionSql, text: string) => Promise<unknown>,
): Promise<void> {
  const text = await readFile(file, "utf8");
  try {
    await sql.begin(async (tx) => {
      await tx.unsafe(text);
      await record?.(tx, text);
    });
  } catch (error) {
    const pgError = error as { message?: string; position?: string };
    const position = Number(pgError.position);
    const line = Number.isFinite(position) && position > 0
      ? text.slice(0, position).split("\n").length
      : undefined;
    throw new SqlFileError(file, line, pgError.message ?? String(error));
  }
}

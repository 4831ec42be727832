import type { ISql, Sql } from "postgres";
import { describe, expect, it } from "vitest";
import { type ActorName, type Actors, errorAs } from "./rls-actors.ts";

/** The statement was refused by grants: "permission denied for table x". */
export const DENIED = "permission denied";
/** An inserted row failed the policies: 'new row violates row-level security policy for table "x"'. */
export const RLS = "row-level security";
export const OK = "ok";

/** Fixture rows the statement saw or changed, by name, or the grant refusal. */
type RowsOutcome = readonly string[] | typeof DENIED;

export interface ActorExpectations {
  select: RowsOutcome;
  insert: typeof OK | typeof DENIED | typeof RLS;
  update: RowsOutcome;
  delete: RowsOutcome;
}

export interface RlsTableCase<F> {
  table: string;
  schema?: string;
  /** Shown in test names when one table has several cases (storage buckets). */
  label?: string;
  /** Primary key column used to name rows; defaults to "id". */
  key?: string;
  /** The committed fixture rows of this table, by name. */
  rows: (fixtures: F) => Record<string, string>;
  /** A new row to insert, owned by user A wherever rows have owners. */
  insert: (fixtures: F) => Record<string, unknown>;
  /** Set to itself by the update case: a column users may update, where there is one. */
  updateColumn: string;
  expect: Record<ActorName, ActorExpectations>;
}

export interface RlsMatrixContext<F> {
  sql: Sql;
  actors: Actors;
  fixtures: F;
}

const actorNames: ActorName[] = ["anon", "userA", "userB", "admin", "serviceRole"];

/**
 * One test per table, actor and operation: each runs as the actor in a rolled-back transaction
 * and checks exactly which fixture rows it saw or changed, or the exact error it got.
 */
export function describeRlsMatrix<F>(
  context: () => RlsMatrixContext<F>,
  cases: RlsTableCase<F>[],
): void {
  for (const tableCase of cases) {
    describe(`RLS matrix: ${tableCase.label ?? tableCase.table}`, () => {
      for (const actorName of actorNames) {
        const expected = tableCase.expect[actorName];
        for (const operation of ["select", "insert", "update", "delete"] as const) {
          it(`${actorName} ${operation}: ${describeOutcome(expected[operation])}`, async () => {
            const outcome = await runOperation(context(), tableCase, actorName, operation);
            expect(outcome).toEqual(expectedOutcome(tableCase.table, expected[operation]));
          });
        }
      }
    });
  }
}

function describeOutcome(outcome: ActorExpectations[keyof ActorExpectations]): string {
  if (typeof outcome !== "string") return outcome.length ? `rows ${outcome.join(", ")}` : "no rows";
  return outcome;
}

function expectedOutcome(table: string, outcome: ActorExpectations[keyof ActorExpectations]) {
  if (typeof outcome !== "string") return { rows: [...outcome].sort() };
  if (outcome === DENIED) return { error: `permission denied for table ${table}` };
  if (outcome === RLS) {
    return { error: `new row violates row-level security policy for table "${table}"` };
  }
  return { ok: true };
}

async function runOperation<F>(
  { sql, actors, fixtures }: RlsMatrixContext<F>,
  tableCase: RlsTableCase<F>,
  actorName: ActorName,
  operation: keyof ActorExpectations,
) {
  const target = `${tableCase.schema ?? "public"}.${tableCase.table}`;
  const key = tableCase.key ?? "id";
  const rows = tableCase.rows(fixtures);
  const nameOf = new Map(Object.entries(rows).map(([name, value]) => [value, name]));
  const keys = [...nameOf.keys()];
  const column = tableCase.updateColumn;

  const where = `where ${key}::text = any($1::text[])`;
  const returning = `returning ${key}::text as key`;
  const statement = (tx: ISql) => {
    switch (operation) {
      case "select":
        return tx.unsafe(`select ${key}::text as key from ${target} ${where}`, [keys]);
      case "insert":
        return tx`insert into ${tx(target)} ${tx(tableCase.insert(fixtures))}`;
      case "update":
        return tx.unsafe(`update ${target} set ${column} = ${column} ${where} ${returning}`, [
          keys,
        ]);
      case "delete":
        return tx.unsafe(`delete from ${target} ${where} ${returning}`, [keys]);
    }
  };

  let result: { key: string }[] = [];
  const error = await errorAs(sql, actors[actorName], async (tx) => {
    result = (await statement(tx)) as unknown as { key: string }[];
  });
  if (error) return { error: error.message };
  if (operation === "insert") return { ok: true };
  return { rows: result.map((row) => nameOf.get(row.key) ?? row.key).sort() };
}

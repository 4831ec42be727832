import { ValidationError } from "../../_shared/errors/app-error.ts";
import { integerQueryParam } from "../../_shared/http/integer-query-param.ts";
import { textSchema } from "../../_shared/http/text-schema.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./workspace-limits.ts";

/** Newest-first paging: `limit` items after `cursor` (the previous page's `next_cursor`). */
export const pageQueryShape = {
  limit: integerQueryParam(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: textSchema.min(1).max(200).optional(),
};

/**
 * Where a newest-first page ends: the last item's creation time (Postgres text, full precision) and
 * id. Queries cast the time `::text::timestamptz`: a timestamptz parameter would pass through a JS
 * Date and lose its microseconds, skipping items made within the same millisecond.
 */
export interface PageCursor {
  at: string;
  id: string;
}

const TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d{1,6})?(?:[+-](\d{2})(?::?(\d{2}))?|Z)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The opaque `next_cursor` handed to the caller. */
export function encodeCursor(cursor: PageCursor): string {
  return btoa(`${cursor.at}|${cursor.id}`).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
}

/**
 * Splits the `limit + 1` rows a newest-first query read into the page, each row without its
 * `cursor_at` (its creation time as text), and the next page's cursor: null when no row is left.
 * @example const { page, nextCursor } = pageOf(rows, query.limit);
 */
export function pageOf<Row extends { id: string; cursor_at: string }>(
  rows: Row[],
  limit: number,
): { page: Omit<Row, "cursor_at">[]; nextCursor: string | null } {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    page: kept.map(({ cursor_at: _cursorAt, ...row }) => row),
    nextCursor: rows.length > limit && last
      ? encodeCursor({ at: last.cursor_at, id: last.id })
      : null,
  };
}

/** Reads a cursor from the query string; anything not made by `encodeCursor` is a 400 naming `cursor`. */
export function decodeCursor(value: string): PageCursor {
  let decoded = "";
  try {
    decoded = atob(value.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    // Falls through to the validation error below.
  }
  const [at = "", id = "", ...rest] = decoded.split("|");
  if (rest.length > 0 || !isRealTime(at) || !UUID.test(id)) {
    throw new ValidationError(["cursor"], "cursor: not a cursor this list handed out");
  }
  return { at, id };
}

// The pattern alone lets through times Postgres refuses with an error (February 31, hour 25, an
// offset of +16 hours); a date and time that survive a round trip through Date are real ones.
function isRealTime(at: string): boolean {
  const [, date, time, offsetHours = "00", offsetMinutes = "00"] = TIMESTAMP.exec(at) ?? [];
  if (date === undefined || time === undefined) return false;
  const parsed = new Date(`${date}T${time}Z`);
  const realDate = date >= "0001" && !Number.isNaN(parsed.getTime()) &&
    parsed.toISOString().startsWith(`${date}T${time}`);
  return realDate && offsetHours <= "15" && offsetMinutes <= "59";
}

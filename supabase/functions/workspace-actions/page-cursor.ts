import { ValidationError } from "../_shared/errors/app-error.ts";

/** Where a newest-first page ends: the last item's creation time (Postgres text, full precision) and id. */
export interface PageCursor {
  at: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The opaque `next_cursor` handed to the caller. */
export function encodeCursor(cursor: PageCursor): string {
  return btoa(`${cursor.at}|${cursor.id}`).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
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
  if (rest.length > 0 || !TIMESTAMP.test(at) || !UUID.test(id)) {
    throw new ValidationError(["cursor"], "cursor: not a cursor this list handed out");
  }
  return { at, id };
}

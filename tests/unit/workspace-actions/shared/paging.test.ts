import { describe, expect, it } from "vitest";
import {
  decodeCursor,
  encodeCursor,
} from "../../../../supabase/functions/workspace-actions/shared/paging.ts";

const id = "6f1c2d9e-4b7a-4c11-9e3f-0a1b2c3d4e5f";

describe("page cursors", () => {
  it("round-trip a Postgres timestamp at full precision and an id", () => {
    const cursor = { at: "2026-02-05 10:11:12.123456+00", id };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it("are URL-safe", () => {
    expect(encodeCursor({ at: "2026-02-05 10:11:12.999999+00", id })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("reject anything they did not make as a 400 naming cursor", () => {
    for (
      const value of [
        "%%%",
        btoa("x|y"),
        btoa(`2026-02-05 10:11:12+00|${id}|more`),
        btoa(`'; drop table x;--|${id}`),
      ]
    ) {
      expect(() => decodeCursor(value)).toThrow(
        expect.objectContaining({ code: "VALIDATION_FAILED", fields: ["cursor"] }),
      );
    }
  });

  it("reject well-formed cursors whose time does not exist as a 400 naming cursor", () => {
    for (
      const at of [
        "2024-02-31 00:00:00+00",
        "2023-02-29 10:00:00+00",
        "2026-13-01 00:00:00+00",
        "2026-02-05 25:00:00+00",
        "2026-02-05 10:60:00+00",
        "2026-02-05 10:11:60+00",
        "0000-01-01 00:00:00+00",
        "2026-02-05 10:11:12+16",
        "2026-02-05 10:11:12+05:99",
      ]
    ) {
      expect(() => decodeCursor(encodeCursor({ at, id })), at)
        .toThrow(expect.objectContaining({ code: "VALIDATION_FAILED", fields: ["cursor"] }));
    }
  });

  it("accept every real time, leap days and the widest offsets included", () => {
    for (
      const at of [
        "2024-02-29 23:59:59.999999+00",
        "0001-01-01 00:00:00+00",
        "2026-02-05 10:11:12-15:59",
        "2026-02-05T10:11:12Z",
      ]
    ) {
      expect(decodeCursor(encodeCursor({ at, id }))).toEqual({ at, id });
    }
  });
});

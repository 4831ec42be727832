import type { CellDriver } from "./measure-cell.ts";

/**
 * A driver whose every request uses up one arranged item (a job to complete, an asset to save, a
 * conversation to write to), in order; `effects` reads back what the measured requests' items show.
 */
export function poolDriver<T>(items: T[], options: {
  send(item: T): Promise<Response>;
  accepts(status: number, body: string): boolean;
  effects(measured: T[]): Promise<number>;
  firstTokenMarker?: string;
}): CellDriver {
  let next = 0;
  let measuredFrom = 0;
  return {
    send: () => {
      const item = items[next++];
      if (item === undefined) throw new Error("the arranged items ran out");
      return options.send(item);
    },
    accepts: options.accepts,
    firstTokenMarker: options.firstTokenMarker,
    reset: async () => void (measuredFrom = next),
    effects: (requests) => options.effects(items.slice(measuredFrom, measuredFrom + requests)),
  };
}

/** Takes `list`'s entries in turn, forever. */
export function inTurn<T>(list: T[]): () => T {
  let turn = 0;
  return () => list[turn++ % list.length];
}

/** A JSON POST with `headers` (a bearer token, a webhook signature). */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

/** The Authorization header of a user's access token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

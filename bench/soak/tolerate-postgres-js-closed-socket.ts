import { isClosedSocketWrite } from "../../supabase/functions/_shared/db/survive-closed-socket-writes.ts";

/**
 * The soak's own Node process (with the Storage stand-in inside it) meets the postgres.js throw
 * that the functions survive (`survive-closed-socket-writes.ts`) on the Postgres restart. This
 * lets exactly that error pass, counted for the report; anything else still ends the process.
 */
export function tolerateClosedSocketWrites(): { count(): number; stop(): void } {
  let seen = 0;
  const handler = (error: Error) => {
    if (!isClosedSocketWrite(error)) throw error;
    seen += 1;
  };
  process.on("uncaughtException", handler);
  return {
    count: () => seen,
    stop: () => void process.off("uncaughtException", handler),
  };
}

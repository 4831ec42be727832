import { connect, type Socket } from "node:net";
import { DependencyFailure } from "../errors/dependency-failure.ts";

/** What postgres.js hands its `socket` factory: its parsed connection options. */
interface SocketTarget {
  host: string[];
  port: number[];
  path?: string;
}

/**
 * postgres.js's `socket` factory: the TCP connection it would open itself (one host, or a unix
 * socket), destroyed once the server has stayed silent for `silenceSeconds` since it was last
 * asked something. postgres.js has no deadline of its own for a statement, and a database that
 * goes silent without closing the connection (a partition, a host that froze) would otherwise keep
 * the request, and every statement pipelined behind it, waiting until TCP gives up many minutes
 * later. The clock starts when the server last spoke and restarts at the first write after that, so
 * a connection back from the pool (closed after 20 s idle, `idle_timeout`) starts afresh, and
 * statements written to a stuck connection do not restart it. Time a transaction spends waiting
 * for the function (a Storage call inside it) counts.
 * Destroying the socket rejects them all with a `DependencyFailure("database")`, a 503, and
 * postgres.js opens a new connection for the next statement. Why the limit is what it is:
 * _shared/errors/README.md.
 */
export function openDatabaseSocket(silenceSeconds: number) {
  const limitMs = silenceSeconds * 1000;
  return ({ host: [host], port: [port], path }: SocketTarget): Socket => {
    const socket = path ? connect(path) : connect(port, host);
    let silentSince = Date.now();
    let spokeSinceAsked = false;
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const silentMs = Date.now() - silentSince;
      if (silentMs < limitMs) return void (timer = setTimeout(check, limitMs - silentMs));
      socket.destroy(
        new DependencyFailure("database", `The database sent nothing for ${silenceSeconds} s`),
      );
    };
    timer = setTimeout(check, limitMs);
    socket.on("data", () => {
      silentSince = Date.now();
      spokeSinceAsked = true;
    });
    socket.on("close", () => clearTimeout(timer));
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      if (spokeSinceAsked) {
        silentSince = Date.now();
        spokeSinceAsked = false;
      }
      return write(...args);
    }) as Socket["write"];
    return socket;
  };
}

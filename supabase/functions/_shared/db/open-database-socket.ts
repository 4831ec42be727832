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
 * socket), destroyed once the server has sent nothing for `silenceSeconds`. postgres.js has no
 * deadline of its own for a statement, and a database that goes silent without closing the
 * connection (a partition, a host that froze) would otherwise keep the request, and every statement
 * pipelined behind it, waiting until TCP gives up many minutes later. Only bytes from the server
 * count: statements written to a stuck connection must not keep it alive. Destroying the socket
 * rejects them all with a `DependencyFailure("database")`, a 503, and postgres.js opens a new
 * connection for the next statement. A connection idle in the pool closes first (`idle_timeout`);
 * why the limit is what it is: _shared/errors/README.md.
 */
export function openDatabaseSocket(silenceSeconds: number) {
  const limitMs = silenceSeconds * 1000;
  return ({ host: [host], port: [port], path }: SocketTarget): Socket => {
    const socket = path ? connect(path) : connect(port, host);
    let heardAt = Date.now();
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const silentMs = Date.now() - heardAt;
      if (silentMs < limitMs) return void (timer = setTimeout(check, limitMs - silentMs));
      socket.destroy(
        new DependencyFailure("database", `The database sent nothing for ${silenceSeconds} s`),
      );
    };
    timer = setTimeout(check, limitMs);
    socket.on("data", () => heardAt = Date.now());
    socket.on("close", () => clearTimeout(timer));
    return socket;
  };
}

import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";
import { findFreePort } from "../../dev/net/find-free-port.ts";

/** A loopback server a test points a client at, and stops when done. */
export interface LocalEndpoint {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** How a dependency is down: `refused` has nothing listening, the others are served below. */
export type Outage = "refused" | "reset" | "error" | "silent" | "starting-up";

/**
 * An endpoint that fails the way an outage does: `refused` has nothing listening, `reset` drops
 * each connection as soon as the request arrives, `error` answers every HTTP request 500 with an
 * HTML page (a gateway in front of a dead service), `silent` accepts connections and never answers,
 * `starting-up` refuses each Postgres session as a restarting server does (FATAL 57P03).
 */
export async function startOutageEndpoint(outage: Outage): Promise<LocalEndpoint> {
  if (outage === "refused") {
    const port = await findFreePort();
    return { url: `http://127.0.0.1:${port}`, port, close: () => Promise.resolve() };
  }
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    socket.once("data", () => {
      if (outage === "reset") socket.resetAndDestroy();
      if (outage === "starting-up") socket.end(startingUpError());
      if (outage === "error") {
        const page = "<html><body>502 Bad Gateway</body></html>";
        socket.end(
          "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/html\r\n" +
            `content-length: ${page.length}\r\nconnection: close\r\n\r\n${page}`,
        );
      }
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, close: () => stop(server, sockets) };
}

/** A Postgres wire-protocol ErrorResponse: FATAL 57P03 "the database system is starting up". */
function startingUpError(): Buffer {
  const fields = ["SFATAL", "VFATAL", "C57P03", "Mthe database system is starting up"]
    .map((field) => `${field}\0`).join("") + "\0";
  const body = Buffer.from(fields);
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** A TCP proxy to a service (Postgres, the Redis REST API) whose link a test can cut (as a restart or a network drop does). */
export interface CuttableProxy {
  /** `targetUrl` with its host and port replaced by the proxy's. */
  url: string;
  /** Drops every open connection and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  /**
   * Keeps every open connection open but passes nothing more on it, either way, without a reset
   * (a partition, or a NAT that lost its state); new connections pass as before.
   */
  stall(): void;
  close(): Promise<void>;
}

/** Starts a proxy passing everything through to the service at `targetUrl`. */
export async function startCuttableProxy(targetUrl: string): Promise<CuttableProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const stalled = new WeakSet<Socket>();
  let cut = false;
  const server = createServer((client) => {
    client.on("error", () => {});
    if (cut) return void client.resetAndDestroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const [from, to] of [[client, upstream], [upstream, client]]) {
      sockets.add(from);
      from.on("error", () => {});
      from.on("close", () => {
        sockets.delete(from);
        client.destroy();
        upstream.destroy();
      });
      from.on("data", (chunk) => stalled.has(from) || to.write(chunk));
    }
  });
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(await listen(server));
  return {
    url: url.href,
    cut() {
      cut = true;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore() {
      cut = false;
    },
    stall() {
      for (const socket of sockets) stalled.add(socket);
    },
    close: () => stop(server, sockets),
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function stop(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

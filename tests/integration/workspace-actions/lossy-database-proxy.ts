import { type AddressInfo, connect, createServer, type Socket } from "node:net";

/** A TCP proxy in front of Postgres that can lose the answer to a COMMIT. */
export interface LossyDatabaseProxy {
  /** The database URL through the proxy. */
  url: string;
  /** The next COMMIT reaches Postgres and takes effect; then its connection drops unanswered. */
  loseNextCommitAnswer(): void;
  close(): Promise<void>;
}

/** Starts a proxy to the Postgres at `dbUrl`, passing everything through until told otherwise. */
export async function startLossyDatabaseProxy(dbUrl: string): Promise<LossyDatabaseProxy> {
  const target = new URL(dbUrl);
  const sockets = new Set<Socket>();
  let armed = false;
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    let dropOnAnswer = false;
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // Queries travel as text in the wire protocol; a transaction's statements are sent one by one.
    client.on("data", (chunk) => {
      if (armed && chunk.includes("commit")) [armed, dropOnAnswer] = [false, true];
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (dropOnAnswer) client.destroy();
      else client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(dbUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.href,
    loseNextCommitAnswer: () => {
      armed = true;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Redis } from "ioredis";
import { createUpstashHandler } from "./create-upstash-handler.ts";

export interface StartUpstashGatewayOptions {
  port: number;
  host?: string;
  redisPort: number;
  token: string;
}

export interface RunningUpstashGateway {
  url: string;
  close(): Promise<void>;
}

/** Serves the Upstash REST API on http://host:port in front of the redis-server on 127.0.0.1:`redisPort` (port 0 picks a free one). */
export async function startUpstashGateway({
  port,
  host = "127.0.0.1",
  redisPort,
  token,
}: StartUpstashGatewayOptions): Promise<RunningUpstashGateway> {
  const redis = new Redis({ host: "127.0.0.1", port: redisPort, protocol: 2, lazyConnect: true });
  // ioredis reconnects by itself; a redis-server that dies is reported by the stack, not here.
  redis.on("error", () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`upstash gateway: cannot reach redis-server on 127.0.0.1:${redisPort}`, {
      cause: error,
    });
  }

  const server = serve({ fetch: createUpstashHandler({ redis, token }), port, hostname: host });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
  } catch (error) {
    redis.disconnect();
    const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    throw inUse
      ? new Error(`port ${port} is in use: stop what uses it or choose another`, { cause: error })
      : error;
  }

  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${boundPort}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

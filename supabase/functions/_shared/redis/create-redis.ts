import { Redis } from "@upstash/redis";
import { currentMonitor } from "../monitoring/request-context.ts";

/** Upstash's client, counting each REST call (a command, a pipeline or a transaction). */
class RoundTripCountingRedis extends Redis {
  constructor(config: { url: string; token: string }) {
    super({ ...config, enableTelemetry: false });
    const transport = this.client;
    const send = transport.request.bind(transport);
    transport.request = (request) => {
      currentMonitor()?.countRedis();
      return send(request);
    };
  }
}

/** The function's Upstash Redis client; its REST calls count as the request's Redis round trips. */
export function createRedis(config: { url: string; token: string }): Redis {
  return new RoundTripCountingRedis(config);
}

import { Redis } from "@upstash/redis";
import { DependencyFailure } from "../errors/dependency-failure.ts";
import { currentMonitor } from "../monitoring/request-context.ts";

/**
 * How long one REST call may take, retries included, before it fails: a Redis that accepts
 * connections but never answers costs a bounded wait, never a hung request.
 */
export const REDIS_REQUEST_TIMEOUT_MS = 3_000;

// Upstash retries a call whose fetch threw five times over about four seconds by default; two
// quick retries ride out a dropped keep-alive connection without stretching an outage's 503.
const RETRY = { retries: 2, backoff: (attempt: number) => 50 * 2 ** attempt };

/**
 * Upstash's client, counting each REST call (a command, a pipeline or a transaction) and turning
 * any failed call into a `DependencyFailure("redis")`: whether the gateway was unreachable, timed
 * out or answered 5xx, the caller gets a 503 unless it fails open (caches, rate limits).
 */
class RoundTripCountingRedis extends Redis {
  constructor(config: { url: string; token: string }) {
    // The client asks for a call's signal as it starts sending it, so `request` below hands it
    // the deadline of that call.
    let callSignal: AbortSignal | undefined;
    super({ ...config, enableTelemetry: false, retry: RETRY, signal: () => callSignal! });
    const transport = this.client;
    const send = transport.request.bind(transport);
    transport.request = async (request) => {
      currentMonitor()?.countRedis();
      // A timer cleared when the call ends: AbortSignal.timeout would leave one armed behind every
      // call, each firing 3 s later with an exception built for nobody.
      const deadline = new AbortController();
      const timer = setTimeout(
        () => deadline.abort(new DOMException("Signal timed out.", "TimeoutError")),
        REDIS_REQUEST_TIMEOUT_MS,
      );
      callSignal = deadline.signal;
      try {
        return await send(request);
      } catch (cause) {
        throw new DependencyFailure("redis", `redis call failed: ${String(cause)}`, { cause });
      } finally {
        clearTimeout(timer);
      }
    };
  }
}

/** The function's Upstash Redis client; its REST calls count as the request's Redis round trips. */
export function createRedis(config: { url: string; token: string }): Redis {
  return new RoundTripCountingRedis(config);
}

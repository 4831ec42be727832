/** The loopback ports one stack listens on. */
export interface StackPorts {
  /** The single API origin: /functions/v1, /storage/v1, /auth/v1 (Supabase CLI default 54321). */
  api: number;
  db: number;
  redis: number;
  /** The Upstash-REST-compatible gateway in front of redis. */
  redisRest: number;
  /** The Replicate API stand-in. */
  replicate: number;
  /** The LLM stand-in: the local chat worker and an OpenAI-compatible provider. */
  llm: number;
  /** Each function's Deno server listens on functionsBase + its index (internal, behind the API). */
  functionsBase: number;
}

/** Ports of `npm run dev`: the Supabase CLI's defaults, so existing frontends work unchanged. */
export const devPorts: StackPorts = {
  api: 54321,
  db: 54322,
  redis: 54379,
  redisRest: 54380,
  replicate: 54381,
  llm: 54382,
  functionsBase: 54400,
};

/**
 * Ports of the test suite's stack, apart from the dev stack's so both can run at once, and below
 * Linux's ephemeral range (32768+), where an outgoing connection could hold one of them.
 */
export const testPorts: StackPorts = {
  api: 25321,
  db: 25322,
  redis: 25379,
  redisRest: 25380,
  replicate: 25381,
  llm: 25382,
  functionsBase: 25400,
};

/** Ports of the benchmarks' stack, apart from both of the above and below the ephemeral range. */
export const benchPorts: StackPorts = {
  api: 26321,
  db: 26322,
  redis: 26379,
  redisRest: 26380,
  replicate: 26381,
  llm: 26382,
  functionsBase: 26400,
};

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
  functionsBase: 54400,
};

/** Ports of the test suite's stack, apart from the dev stack's so both can run at once. */
export const testPorts: StackPorts = {
  api: 55321,
  db: 55322,
  redis: 55379,
  redisRest: 55380,
  replicate: 55381,
  functionsBase: 55400,
};

/** Ports of the benchmarks' stack, apart from both of the above. */
export const benchPorts: StackPorts = {
  api: 56321,
  db: 56322,
  redis: 56379,
  redisRest: 56380,
  replicate: 56381,
  functionsBase: 56400,
};

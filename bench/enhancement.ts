import postgres from "postgres";
import { createTestUser, type TestUser } from "../dev/auth/create-test-user.ts";
import type { RunningStack } from "../dev/stack/start-stack.ts";
import { parseServerTiming } from "./lib/parse-server-timing.ts";

/** The percentiles of one series of milliseconds. */
export interface Percentiles {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
}

export interface EnhancementReport {
  /** The 1,000-request run over the six template keys, eight clients at once. */
  cacheRun: {
    requests: number;
    concurrency: number;
    failures: number;
    /** Requests whose template came from a cache (memory or Redis), by `enhancement_metadata.cache_hit`. */
    templateCacheHits: number;
    /** Requests after the warm-up (the first request of each template key). */
    afterWarmUp: number;
    templateCacheHitsAfterWarmUp: number;
    /** Scans of prompt_templates counted by Postgres (pg_stat_user_tables) during the run after warm-up. */
    templateTableReadsAfterWarmUp: number;
    latency: Percentiles;
  };
  /** Enhancements one at a time, each next to the same model call sent straight to the stand-in. */
  overhead: {
    pairs: number;
    /** The stand-in answering the enhancer's exact request directly (SSE read to the end). */
    standIn: Percentiles;
    /** enhance-prompt's own time (Server-Timing total) for the same request. */
    functionTotal: Percentiles;
    /** Per pair: function total − the stand-in's direct latency. */
    functionOverhead: Percentiles;
    /** Per pair: latency through the API origin − the stand-in's direct latency. */
    overheadThroughApi: Percentiles;
  };
}

const TEMPLATE_KEYS = [
  { job_type: "sdxl_image_fast", contentType: "sfw" },
  { job_type: "sdxl_image_high", contentType: "nsfw" },
  { job_type: "image_fast", contentType: "sfw" },
  { job_type: "image_high", contentType: "nsfw" },
  { job_type: "wan_video_fast", contentType: "sfw" },
  { job_type: "wan_video_high", contentType: "nsfw" },
];
const PROMPTS = [
  "a lighthouse at dusk",
  "a fox in fresh snow",
  "a busy market at noon",
  "rain on a tin roof",
];
// 20 requests a user stays under the per-user limit of 30 a minute.
const REQUESTS_PER_USER = 20;

/**
 * 1,000 enhancement requests through the API origin against the stand-in (template cache hits,
 * Postgres reads of templates after warm-up), then enhancements one at a time, each paired with
 * the same model call made straight to the stand-in, for enhance-prompt's own overhead.
 */
export async function benchEnhancement(stack: RunningStack): Promise<EnhancementReport> {
  const sql = postgres(stack.dbUrl, { max: 2, onnotice: () => {} });
  try {
    const users = await Promise.all(
      Array.from(
        { length: 60 },
        () =>
          createTestUser(sql, stack.keys, {
            email: `bench-${crypto.randomUUID().slice(0, 8)}@example.test`,
          }),
      ),
    );
    const cacheRun = await runCacheRun(stack, sql, users.slice(0, 50));
    const overhead = await runOverhead(stack, sql, users.slice(50));
    return { cacheRun, overhead };
  } finally {
    await sql.end();
  }
}

function enhance(stack: RunningStack, user: TestUser, body: Record<string, unknown>) {
  return fetch(`${stack.functionsUrl}/enhance-prompt`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ enhancement_model: "stand-in", ...body }),
  });
}

async function templateScans(sql: postgres.Sql): Promise<number> {
  // A backend flushes its table statistics when idle, at the latest ten seconds later.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const [row] = await sql<{ scans: string }[]>`
    select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as scans
    from pg_stat_user_tables where relid = 'public.prompt_templates'::regclass`;
  return Number(row.scans);
}

async function runCacheRun(stack: RunningStack, sql: postgres.Sql, users: TestUser[]) {
  const requests = users.length * REQUESTS_PER_USER;
  const concurrency = 8;
  // Warm-up: the first request of each key loads its template.
  let failures = 0;
  let hits = 0;
  const durations: number[] = [];
  const send = async (i: number) => {
    const body = {
      ...TEMPLATE_KEYS[i % TEMPLATE_KEYS.length],
      prompt: PROMPTS[i % PROMPTS.length],
    };
    const t0 = performance.now();
    const response = await enhance(stack, users[i % users.length], body);
    const answer = await response.json();
    durations.push(performance.now() - t0);
    if (!response.ok || answer.enhancement_strategy !== "template_enhancement") failures += 1;
    else if (answer.enhancement_metadata.cache_hit) hits += 1;
  };
  for (let i = 0; i < TEMPLATE_KEYS.length; i++) await send(i);
  const warmHits = hits;
  const scansBefore = await templateScans(sql);
  let next = TEMPLATE_KEYS.length;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests) await send(next++);
  }));
  const scansAfter = await templateScans(sql);
  return {
    requests,
    concurrency,
    failures,
    templateCacheHits: hits,
    afterWarmUp: requests - TEMPLATE_KEYS.length,
    templateCacheHitsAfterWarmUp: hits - warmHits,
    templateTableReadsAfterWarmUp: scansAfter - scansBefore,
    latency: percentiles(durations),
  };
}

async function runOverhead(stack: RunningStack, sql: postgres.Sql, users: TestUser[]) {
  const [template] = await sql<{ system_prompt: string; token_limit: number }[]>`
    select system_prompt, token_limit from public.prompt_templates
    where template_name = 'sdxl_image_sfw_enhancement' and version = 1`;
  const prompt = "a lighthouse at dusk";
  const direct = async () => {
    const t0 = performance.now();
    const response = await fetch(`${stack.llmStandInUrl}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "stand-in",
        messages: [{ role: "system", content: template.system_prompt }, {
          role: "user",
          content: prompt,
        }],
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: template.token_limit,
        temperature: 0.7,
      }),
    });
    await response.text();
    return performance.now() - t0;
  };
  const standIn: number[] = [];
  const functionTotal: number[] = [];
  const functionOverhead: number[] = [];
  const throughApi: number[] = [];
  const pairs = users.length * REQUESTS_PER_USER;
  for (let i = 0; i < pairs; i++) {
    const standInMs = await direct();
    const t0 = performance.now();
    const response = await enhance(stack, users[i % users.length], {
      job_type: "sdxl_image_fast",
      contentType: "sfw",
      prompt,
    });
    await response.json();
    const apiMs = performance.now() - t0;
    const { totalMs } = parseServerTiming(response.headers.get("server-timing"));
    // The first pairs warm both sides; they are not counted.
    if (i < 10) continue;
    standIn.push(standInMs);
    functionTotal.push(totalMs);
    functionOverhead.push(totalMs - standInMs);
    throughApi.push(apiMs - standInMs);
  }
  return {
    pairs: standIn.length,
    standIn: percentiles(standIn),
    functionTotal: percentiles(functionTotal),
    functionOverhead: percentiles(functionOverhead),
    overheadThroughApi: percentiles(throughApi),
  };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 100) / 100;
  return { p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99) };
}

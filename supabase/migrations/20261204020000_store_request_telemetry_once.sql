-- Request telemetry stored once per request. The telemetry writer retries a batch the database
-- could not take (_shared/monitoring/create-telemetry-writer.ts); when the first attempt was in
-- fact committed and only its answer was lost, the retry must neither store its rows again nor
-- add them to the rollups twice. Rows already stored for a request (same request id and time,
-- found through system_metrics_created_at_idx) are skipped, and only new rows reach the rollups.

create or replace function private.record_request_telemetry(events jsonb)
returns integer
language plpgsql
security invoker
set search_path = ''
set role = 'service_role'
as $$
declare
  recorded integer;
begin
  with incoming as (
    select *
    from jsonb_to_recordset(events) as e(
      request_id text, function_name text, route text, status_code smallint, latency_ms integer,
      outcome text, error_type text, user_id uuid, db_round_trips integer,
      redis_round_trips integer, cache_hits integer, cache_misses integer, metadata jsonb,
      created_at timestamptz
    )
  ),
  inserted as (
    insert into public.system_metrics (
      request_id, function_name, route, status_code, latency_ms, outcome, error_type, user_id,
      db_round_trips, redis_round_trips, cache_hits, cache_misses, metadata, created_at
    )
    select request_id, function_name, route, status_code, latency_ms, outcome, error_type, user_id,
      db_round_trips, redis_round_trips, cache_hits, cache_misses, coalesce(metadata, '{}'),
      created_at
    from incoming i
    -- A batch retried after its first attempt was stored but not acknowledged (the connection
    -- dropped before the answer came back): its rows are already here, and counted.
    where not exists (
      select 1 from public.system_metrics m
      where m.created_at = i.created_at and m.request_id = i.request_id
    )
    returning *
  ),
  bucketed as (
    select date_trunc('minute', created_at) as minute, function_name, route, outcome, latency_ms,
      db_round_trips, redis_round_trips, cache_hits, cache_misses,
      -- Bucket i counts latencies <= bound i (ms), bucket 13 everything slower; the bounds equal
      -- LATENCY_BUCKET_BOUNDS_MS in _shared/monitoring/latency-buckets.ts. Latencies are whole
      -- milliseconds, so "<= bound" is "< bound + 1".
      width_bucket(
        latency_ms - 1, array[5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]
      ) + 1 as bucket
    from inserted
  ),
  per_bucket as (
    select minute, function_name, route, bucket, count(*)::integer as n
    from bucketed
    group by minute, function_name, route, bucket
  ),
  minutes as (
    select minute, function_name, route,
      count(*)::integer as requests,
      (count(*) filter (where outcome = 'client_error'))::integer as client_errors,
      (count(*) filter (where outcome = 'server_error'))::integer as server_errors,
      sum(latency_ms)::bigint as latency_sum_ms,
      max(latency_ms) as latency_max_ms,
      sum(db_round_trips)::bigint as db_round_trips,
      sum(redis_round_trips)::bigint as redis_round_trips,
      sum(cache_hits)::bigint as cache_hits,
      sum(cache_misses)::bigint as cache_misses
    from bucketed
    group by minute, function_name, route
  ),
  upserted as (
    insert into public.request_rollups as r (
      minute, function_name, route, requests, client_errors, server_errors, latency_sum_ms,
      latency_max_ms, latency_buckets, db_round_trips, redis_round_trips, cache_hits, cache_misses
    )
    select m.minute, m.function_name, m.route, m.requests, m.client_errors, m.server_errors,
      m.latency_sum_ms, m.latency_max_ms,
      array(
        select coalesce(sum(b.n), 0)::integer
        from generate_series(1, 13) as slot
        left join per_bucket b
          on b.minute = m.minute and b.function_name = m.function_name and b.route = m.route
          and b.bucket = slot
        group by slot
        order by slot
      ),
      m.db_round_trips, m.redis_round_trips, m.cache_hits, m.cache_misses
    from minutes m
    on conflict (minute, function_name, route) do update set
      requests = r.requests + excluded.requests,
      client_errors = r.client_errors + excluded.client_errors,
      server_errors = r.server_errors + excluded.server_errors,
      latency_sum_ms = r.latency_sum_ms + excluded.latency_sum_ms,
      latency_max_ms = greatest(r.latency_max_ms, excluded.latency_max_ms),
      latency_buckets = array(
        select old_n + new_n
        from unnest(r.latency_buckets, excluded.latency_buckets) as pair(old_n, new_n)
      ),
      db_round_trips = r.db_round_trips + excluded.db_round_trips,
      redis_round_trips = r.redis_round_trips + excluded.redis_round_trips,
      cache_hits = r.cache_hits + excluded.cache_hits,
      cache_misses = r.cache_misses + excluded.cache_misses
  ),
  llm_calls as (
    select date_trunc('minute', i.created_at) as minute, c.*
    from inserted i,
      jsonb_to_recordset(
        case when jsonb_typeof(i.metadata -> 'llmCalls') = 'array'
          then i.metadata -> 'llmCalls' else '[]'::jsonb end
      ) as c(model text, "promptTokens" integer, "completionTokens" integer, "costUsd" numeric,
        "ttftMs" integer, ok boolean)
    where c.model is not null
  ),
  llm_upserted as (
    insert into public.llm_usage_rollups as r (
      minute, model, calls, failures, prompt_tokens, completion_tokens, cost_usd, ttft_ms_sum,
      ttft_samples
    )
    select minute, model, count(*)::integer,
      (count(*) filter (where ok is not true))::integer,
      coalesce(sum("promptTokens"), 0)::bigint,
      coalesce(sum("completionTokens"), 0)::bigint,
      coalesce(sum("costUsd"), 0),
      coalesce(sum("ttftMs"), 0)::bigint,
      count("ttftMs")::integer
    from llm_calls
    group by minute, model
    on conflict (minute, model) do update set
      calls = r.calls + excluded.calls,
      failures = r.failures + excluded.failures,
      prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
      completion_tokens = r.completion_tokens + excluded.completion_tokens,
      cost_usd = r.cost_usd + excluded.cost_usd,
      ttft_ms_sum = r.ttft_ms_sum + excluded.ttft_ms_sum,
      ttft_samples = r.ttft_samples + excluded.ttft_samples
  )
  -- The upserts run although nothing reads them: data-modifying CTEs always run to completion.
  select count(*) into recorded from inserted;
  return recorded;
end
$$;

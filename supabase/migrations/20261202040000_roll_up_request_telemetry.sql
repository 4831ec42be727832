-- Request telemetry that stays fast to read as it grows. Every function persists its wide event
-- per request in batches (private.record_request_telemetry, one statement per batch); the same
-- statement folds each batch into per-minute rollups with fixed latency histogram buckets, so the
-- admin dashboard reads percentiles from at most a day of minutes and never scans raw rows, which
-- the scheduled prune deletes after their retention period.

alter table public.system_metrics
  add column db_round_trips integer not null default 0,
  add column redis_round_trips integer not null default 0,
  add column cache_hits integer not null default 0,
  add column cache_misses integer not null default 0,
  add constraint system_metrics_counts_not_negative
    check (db_round_trips >= 0 and redis_round_trips >= 0 and cache_hits >= 0 and cache_misses >= 0);

comment on column public.system_metrics.error_type is
  'The error code the request was answered with (the shared error body''s error.code).';

create table public.request_rollups (
  minute timestamptz not null,
  function_name text not null,
  route text not null,
  requests integer not null,
  client_errors integer not null,
  server_errors integer not null,
  latency_sum_ms bigint not null,
  latency_max_ms integer not null,
  latency_buckets integer[] not null,
  db_round_trips bigint not null,
  redis_round_trips bigint not null,
  cache_hits bigint not null,
  cache_misses bigint not null,
  constraint request_rollups_pkey primary key (minute, function_name, route),
  constraint request_rollups_minute_is_whole check (minute = date_trunc('minute', minute)),
  constraint request_rollups_counts_consistent
    check (requests > 0 and client_errors >= 0 and server_errors >= 0
      and client_errors + server_errors <= requests),
  constraint request_rollups_buckets_sized check (cardinality(latency_buckets) = 13)
);

comment on index public.request_rollups_pkey is
  'The dashboard reads the last hour or day of minutes; each batch upserts its minutes.';

alter table public.request_rollups enable row level security;

revoke all on table public.request_rollups from anon, authenticated, service_role;
grant select on table public.request_rollups to authenticated;
grant select, insert, update, delete on table public.request_rollups to service_role;

create policy "admins can read request rollups"
  on public.request_rollups for select to authenticated
  using ((select private.is_admin()));

-- One statement per batch, as the service role (the caller's own connection needs no
-- transaction): the raw rows, then their minutes added to the rollups. Rows of one batch may
-- span minutes, functions and routes; each (minute, function, route) is upserted once.
create function private.record_request_telemetry(events jsonb)
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
    from incoming
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
  )
  -- `upserted` runs although nothing reads it: data-modifying CTEs always run to completion.
  select count(*) into recorded from inserted;
  return recorded;
end
$$;

revoke execute on function private.record_request_telemetry(jsonb) from public;
grant execute on function private.record_request_telemetry(jsonb) to service_role;

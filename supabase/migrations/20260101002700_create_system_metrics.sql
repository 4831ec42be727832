-- Per-request telemetry from the functions (one wide event per request), read by the admin
-- dashboard. user_id has no foreign key: telemetry outlives accounts and must not slow their
-- deletion. The service role prunes old rows.

create table public.system_metrics (
  id uuid not null default gen_random_uuid(),
  request_id text,
  function_name text not null,
  route text not null,
  status_code smallint not null,
  latency_ms integer not null,
  outcome text not null,
  error_type text,
  user_id uuid,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint system_metrics_pkey primary key (id),
  constraint system_metrics_status_code_range check (status_code between 100 and 599),
  constraint system_metrics_latency_not_negative check (latency_ms >= 0),
  constraint system_metrics_outcome_valid check (outcome in ('success', 'client_error', 'server_error'))
);

create index system_metrics_created_at_idx on public.system_metrics (created_at desc);
comment on index public.system_metrics_created_at_idx is
  'The dashboard''s recent window across functions, and pruning by age.';

create index system_metrics_function_name_created_at_idx
  on public.system_metrics (function_name, created_at desc);
comment on index public.system_metrics_function_name_created_at_idx is
  'Latency and error rate of one function over a window.';

alter table public.system_metrics enable row level security;

revoke all on table public.system_metrics from anon, authenticated, service_role;
grant select on table public.system_metrics to authenticated;
grant select, insert, delete on table public.system_metrics to service_role;

create policy "admins can read request metrics"
  on public.system_metrics for select to authenticated
  using ((select private.is_admin()));

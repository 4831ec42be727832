-- Daily generation statistics per model, rolled up by the backend for the admin dashboard.

create table public.model_performance_logs (
  id uuid not null default gen_random_uuid(),
  model_type text not null,
  date date not null,
  total_generations integer not null default 0,
  successful_generations integer not null default 0,
  failed_generations integer not null default 0,
  avg_generation_time_ms numeric,
  avg_quality_rating numeric,
  total_processing_time_ms bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint model_performance_logs_pkey primary key (id),
  constraint model_performance_logs_model_type_date_key unique (model_type, date),
  constraint model_performance_logs_counts_consistent check (
    successful_generations >= 0 and failed_generations >= 0
    and successful_generations + failed_generations <= total_generations
  ),
  constraint model_performance_logs_avg_quality_range check (avg_quality_rating between 0 and 10)
);

comment on index public.model_performance_logs_model_type_date_key is
  'One row per model and day: the roll-up upserts on it; charts read a model''s date range.';

create trigger set_updated_at
  before update on public.model_performance_logs
  for each row execute function private.set_updated_at();

alter table public.model_performance_logs enable row level security;

revoke all on table public.model_performance_logs from anon, authenticated, service_role;
grant select, insert, update, delete on table public.model_performance_logs to authenticated, service_role;

create policy "admins can read model performance logs"
  on public.model_performance_logs for select to authenticated
  using ((select private.is_admin()));

create policy "admins can add model performance logs"
  on public.model_performance_logs for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change model performance logs"
  on public.model_performance_logs for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove model performance logs"
  on public.model_performance_logs for delete to authenticated
  using ((select private.is_admin()));

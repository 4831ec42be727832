-- The worker registry: where each GPU or chat worker can be reached and how it last answered
-- a health check. Registration comes from a signed worker request (service role) or an admin;
-- worker URLs are internal addresses, so only admins may read them.

create type public.worker_status as enum ('healthy', 'unhealthy', 'unknown');

create table public.workers (
  id uuid not null default gen_random_uuid(),
  worker_type text not null,
  url text not null,
  status public.worker_status not null default 'unknown',
  response_time_ms integer,
  last_heartbeat_at timestamptz,
  last_checked_at timestamptz,
  metadata jsonb not null default '{}'::jsonb,
  registered_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workers_pkey primary key (id),
  constraint workers_worker_type_url_key unique (worker_type, url),
  constraint workers_worker_type_format check (worker_type ~ '^[a-z0-9_]+$'),
  constraint workers_url_is_http check (url ~ '^https?://'),
  constraint workers_response_time_not_negative check (response_time_ms >= 0)
);

comment on index public.workers_worker_type_url_key is
  'system-metrics lists the workers of each type; registration upserts on (worker_type, url).';

create trigger set_updated_at
  before update on public.workers
  for each row execute function private.set_updated_at();

alter table public.workers enable row level security;

revoke all on table public.workers from anon, authenticated, service_role;
grant select, insert, update, delete on table public.workers to authenticated, service_role;

create policy "admins can read workers"
  on public.workers for select to authenticated
  using ((select private.is_admin()));

create policy "admins can register workers"
  on public.workers for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can update workers"
  on public.workers for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove workers"
  on public.workers for delete to authenticated
  using ((select private.is_admin()));

-- What each user consumed, one row per billable action, written by the functions.
-- Users read their own usage; admins read everyone's.

create table public.usage_logs (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  job_id uuid,
  action text not null,
  format text,
  quality text,
  credits_consumed integer not null default 0,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint usage_logs_pkey primary key (id),
  constraint usage_logs_user_id_fkey foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint usage_logs_job_id_fkey foreign key (job_id) references public.jobs (id) on delete set null,
  constraint usage_logs_format_valid check (format in ('image', 'video', 'text')),
  constraint usage_logs_quality_valid check (quality in ('fast', 'high')),
  constraint usage_logs_credits_consumed_not_negative check (credits_consumed >= 0)
);

create index usage_logs_user_id_created_at_idx on public.usage_logs (user_id, created_at desc);
comment on index public.usage_logs_user_id_created_at_idx is
  'A user''s usage over a period; covers the user_id foreign key.';

create index usage_logs_job_id_idx on public.usage_logs (job_id);
comment on index public.usage_logs_job_id_idx is 'Covers the job_id foreign key.';

alter table public.usage_logs enable row level security;

revoke all on table public.usage_logs from anon, authenticated, service_role;
grant select on table public.usage_logs to authenticated;
grant select, insert on table public.usage_logs to service_role;

create policy "users can read their own usage, admins all usage"
  on public.usage_logs for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

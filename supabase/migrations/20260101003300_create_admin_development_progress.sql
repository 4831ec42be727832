-- The admins' feature tracker.

create table public.admin_development_progress (
  id uuid not null default gen_random_uuid(),
  feature_name text not null,
  feature_category text not null,
  status text not null default 'planned',
  priority text not null default 'medium',
  assigned_to text,
  estimated_hours numeric,
  actual_hours numeric,
  start_date date,
  completion_date date,
  notes text,
  blockers text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint admin_development_progress_pkey primary key (id),
  constraint admin_development_progress_feature_name_key unique (feature_name),
  constraint admin_development_progress_status_valid
    check (status in ('planned', 'in_progress', 'blocked', 'done')),
  constraint admin_development_progress_priority_valid
    check (priority in ('low', 'medium', 'high', 'critical')),
  constraint admin_development_progress_hours_not_negative
    check (estimated_hours >= 0 and actual_hours >= 0),
  constraint admin_development_progress_dates_ordered check (completion_date >= start_date)
);

comment on index public.admin_development_progress_feature_name_key is 'Opening a feature by name.';

create trigger set_updated_at
  before update on public.admin_development_progress
  for each row execute function private.set_updated_at();

alter table public.admin_development_progress enable row level security;

revoke all on table public.admin_development_progress from anon, authenticated, service_role;
grant select, insert, update, delete on table public.admin_development_progress to authenticated, service_role;

create policy "admins can read development progress"
  on public.admin_development_progress for select to authenticated
  using ((select private.is_admin()));

create policy "admins can add development progress"
  on public.admin_development_progress for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change development progress"
  on public.admin_development_progress for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove development progress"
  on public.admin_development_progress for delete to authenticated
  using ((select private.is_admin()));

-- Account activity (sign-ins, settings changes, exports), written by the functions.
-- Users read their own; admins read everyone's.

create table public.user_activity_log (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  action text not null,
  resource_type text,
  resource_id text,
  metadata jsonb not null default '{}'::jsonb,
  ip_address inet,
  user_agent text,
  created_at timestamptz not null default now(),
  constraint user_activity_log_pkey primary key (id),
  constraint user_activity_log_user_id_fkey
    foreign key (user_id) references public.profiles (id) on delete cascade
);

create index user_activity_log_user_id_created_at_idx on public.user_activity_log (user_id, created_at desc);
comment on index public.user_activity_log_user_id_created_at_idx is
  'A user''s recent activity; covers the user_id foreign key.';

alter table public.user_activity_log enable row level security;

revoke all on table public.user_activity_log from anon, authenticated, service_role;
grant select on table public.user_activity_log to authenticated;
grant select, insert on table public.user_activity_log to service_role;

create policy "users can read their own activity, admins all activity"
  on public.user_activity_log for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

-- Security-relevant events (role changes, credit adjustments, admin actions), append-only:
-- no role, the table owner included, can update or delete a row or truncate the table.
-- user_id has no foreign key so that a deleted account does not erase its history.

create table public.audit_logs (
  id uuid not null default gen_random_uuid(),
  event_type text not null,
  event_data jsonb not null default '{}'::jsonb,
  correlation_id text,
  source text not null,
  user_id uuid,
  created_at timestamptz not null default now(),
  constraint audit_logs_pkey primary key (id),
  constraint audit_logs_event_type_format check (event_type ~ '^[a-z0-9_.]+$')
);

create index audit_logs_created_at_idx on public.audit_logs (created_at desc);
comment on index public.audit_logs_created_at_idx is 'The admin audit view, newest first.';

create index audit_logs_correlation_id_idx on public.audit_logs (correlation_id)
  where correlation_id is not null;
comment on index public.audit_logs_correlation_id_idx is
  'All events of one request or job (correlation id).';

create index audit_logs_user_id_created_at_idx on public.audit_logs (user_id, created_at desc)
  where user_id is not null;
comment on index public.audit_logs_user_id_created_at_idx is 'One user''s history, newest first.';

create function private.refuse_audit_log_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'audit_logs is append-only'
    using errcode = '42501';
end
$$;

revoke execute on function private.refuse_audit_log_change() from public;

create trigger keep_append_only
  before update or delete on public.audit_logs
  for each row execute function private.refuse_audit_log_change();

create trigger keep_append_only_on_truncate
  before truncate on public.audit_logs
  for each statement execute function private.refuse_audit_log_change();

alter table public.audit_logs enable row level security;

revoke all on table public.audit_logs from anon, authenticated, service_role;
grant select on table public.audit_logs to authenticated;
grant select, insert on table public.audit_logs to service_role;

create policy "admins can read audit logs"
  on public.audit_logs for select to authenticated
  using ((select private.is_admin()));

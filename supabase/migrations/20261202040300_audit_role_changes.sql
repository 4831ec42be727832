-- Role changes are security events: every grant or revocation of a role is appended to
-- audit_logs in the same transaction, whoever makes it (an admin, the service role, SQL).

create function private.audit_role_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  changed public.user_roles := case tg_op when 'DELETE' then old else new end;
begin
  insert into public.audit_logs (event_type, event_data, correlation_id, source, user_id)
  values (
    case tg_op when 'DELETE' then 'role.revoked' else 'role.granted' end,
    jsonb_build_object('role', changed.role, 'changed_by', (select auth.uid())),
    changed.id::text,
    'database',
    changed.user_id
  );
  return null;
end
$$;

revoke execute on function private.audit_role_change() from public;

create trigger audit_role_change
  after insert or delete on public.user_roles
  for each row execute function private.audit_role_change();

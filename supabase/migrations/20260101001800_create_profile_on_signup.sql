-- Every new auth user gets a profile, and the starting credits configured in
-- system_config.credits.signup_grant (none when the setting is absent or 0), recorded as a
-- ledger grant so the balance stays traceable. A requested username (user metadata
-- "username") is kept when it is valid and free; otherwise the profile starts without one,
-- because a failing trigger here would block the signup itself.

-- Security definer: the auth service inserts users with no rights on public tables.
create function private.create_profile_for_new_user() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  requested_username text := new.raw_user_meta_data ->> 'username';
  signup_grant integer;
begin
  if requested_username !~ '^[A-Za-z0-9_]{3,30}$'
     or exists (select 1 from public.profiles where lower(username) = lower(requested_username)) then
    requested_username := null;
  end if;

  insert into public.profiles (id, username)
  values (new.id, requested_username);

  select value::integer into signup_grant
  from public.system_config
  where key = 'credits.signup_grant';

  if signup_grant > 0 then
    insert into public.credit_ledger (user_id, kind, amount, reason, created_by)
    values (new.id, 'grant', signup_grant, 'signup grant', null);
  end if;
  return new;
end
$$;

revoke execute on function private.create_profile_for_new_user() from public;

create trigger create_profile_after_signup
  after insert on auth.users
  for each row execute function private.create_profile_for_new_user();

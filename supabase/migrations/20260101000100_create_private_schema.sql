-- The private schema holds the helpers that policies and triggers call. The Data API only
-- exposes `public`, so nothing here is reachable as an RPC, and nothing here is executable
-- unless a migration grants it by name.

create schema private;
revoke all on schema private from public;

alter default privileges for role postgres in schema private
  revoke execute on functions from public;

create function private.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

revoke execute on function private.set_updated_at() from public;

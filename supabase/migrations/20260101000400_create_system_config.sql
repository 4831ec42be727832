-- Platform settings, one typed row per setting, so two admins changing different settings
-- never overwrite each other. Rows marked is_public are what the frontend may read
-- (prices, limits); everything else is for admins and the service role.

create table public.system_config (
  key text not null,
  value jsonb not null,
  value_type text not null,
  description text not null,
  is_public boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint system_config_pkey primary key (key),
  constraint system_config_key_format check (key ~ '^[a-z0-9_]+(\.[a-z0-9_]+)*$'),
  constraint system_config_value_type_valid
    check (value_type in ('integer', 'number', 'boolean', 'string', 'object', 'array')),
  constraint system_config_value_matches_type check (
    case value_type
      when 'integer' then jsonb_typeof(value) = 'number' and (value #>> '{}') ~ '^-?[0-9]+$'
      when 'number' then jsonb_typeof(value) = 'number'
      else jsonb_typeof(value) = value_type
    end
  )
);

create trigger set_updated_at
  before update on public.system_config
  for each row execute function private.set_updated_at();

alter table public.system_config enable row level security;

revoke all on table public.system_config from anon, authenticated, service_role;
grant select, insert, update, delete on table public.system_config to authenticated, service_role;

create policy "users can read public settings, admins all settings"
  on public.system_config for select to authenticated
  using (is_public or (select private.is_admin()));

create policy "admins can add settings"
  on public.system_config for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change settings"
  on public.system_config for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove settings"
  on public.system_config for delete to authenticated
  using ((select private.is_admin()));

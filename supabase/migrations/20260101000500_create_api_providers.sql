-- External and local model providers. secret_name names the environment variable that holds
-- the provider's key; the key itself never lives in the database.

create table public.api_providers (
  id uuid not null default gen_random_uuid(),
  name text not null,
  display_name text not null,
  base_url text,
  auth_scheme text not null default 'bearer',
  secret_name text,
  rate_limits jsonb not null default '{}'::jsonb,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint api_providers_pkey primary key (id),
  constraint api_providers_name_key unique (name),
  constraint api_providers_name_format check (name ~ '^[a-z0-9_]+$'),
  constraint api_providers_auth_scheme_valid check (auth_scheme in ('none', 'bearer', 'token')),
  constraint api_providers_base_url_is_http check (base_url ~ '^https?://'),
  constraint api_providers_secret_name_format check (secret_name ~ '^[A-Z][A-Z0-9_]*$')
);

comment on index public.api_providers_name_key is
  'Routing looks a provider up by name (e.g. "replicate").';

create trigger set_updated_at
  before update on public.api_providers
  for each row execute function private.set_updated_at();

alter table public.api_providers enable row level security;

revoke all on table public.api_providers from anon, authenticated, service_role;
grant select, insert, update, delete on table public.api_providers to authenticated, service_role;

create policy "users can read active providers, admins all providers"
  on public.api_providers for select to authenticated
  using (is_active or (select private.is_admin()));

create policy "admins can add providers"
  on public.api_providers for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change providers"
  on public.api_providers for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove providers"
  on public.api_providers for delete to authenticated
  using ((select private.is_admin()));

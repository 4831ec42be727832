-- Compel prompt-weighting configurations and how they scored in tests. config_hash is
-- derived from the weights, so the same weights cannot be stored twice under two names.

create table public.compel_configs (
  id uuid not null default gen_random_uuid(),
  config_name text not null,
  weights jsonb not null,
  config_hash text not null generated always as (md5(weights::text)) stored,
  avg_quality numeric,
  avg_consistency numeric,
  total_tests integer not null default 0,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint compel_configs_pkey primary key (id),
  constraint compel_configs_config_hash_key unique (config_hash),
  constraint compel_configs_weights_is_object check (jsonb_typeof(weights) = 'object'),
  constraint compel_configs_scores_range
    check (avg_quality between 0 and 10 and avg_consistency between 0 and 10),
  constraint compel_configs_total_tests_not_negative check (total_tests >= 0)
);

comment on index public.compel_configs_config_hash_key is
  'Finds the stored configuration for a set of weights.';

create trigger set_updated_at
  before update on public.compel_configs
  for each row execute function private.set_updated_at();

alter table public.compel_configs enable row level security;

revoke all on table public.compel_configs from anon, authenticated, service_role;
grant select, insert, update, delete on table public.compel_configs to authenticated, service_role;

create policy "users can read active compel configs, admins all configs"
  on public.compel_configs for select to authenticated
  using (is_active or (select private.is_admin()));

create policy "admins can add compel configs"
  on public.compel_configs for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change compel configs"
  on public.compel_configs for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove compel configs"
  on public.compel_configs for delete to authenticated
  using ((select private.is_admin()));

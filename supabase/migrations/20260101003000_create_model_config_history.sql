-- Every configuration a model has run with, so a quality change can be traced to a config.

create table public.model_config_history (
  id uuid not null default gen_random_uuid(),
  model_type text not null,
  config_name text not null,
  config_data jsonb not null,
  is_active boolean not null default false,
  notes text,
  created_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  constraint model_config_history_pkey primary key (id),
  constraint model_config_history_created_by_fkey
    foreign key (created_by) references public.profiles (id) on delete set null
);

create index model_config_history_model_type_created_at_idx
  on public.model_config_history (model_type, created_at desc);
comment on index public.model_config_history_model_type_created_at_idx is
  'A model''s configuration history, newest first.';

create index model_config_history_created_by_idx on public.model_config_history (created_by);
comment on index public.model_config_history_created_by_idx is 'Covers the created_by foreign key.';

alter table public.model_config_history enable row level security;

revoke all on table public.model_config_history from anon, authenticated, service_role;
grant select, insert, update, delete on table public.model_config_history to authenticated, service_role;

create policy "admins can read model config history"
  on public.model_config_history for select to authenticated
  using ((select private.is_admin()));

create policy "admins can add model config history"
  on public.model_config_history for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change model config history"
  on public.model_config_history for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove model config history"
  on public.model_config_history for delete to authenticated
  using ((select private.is_admin()));

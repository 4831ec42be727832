-- The models users can pick. A job whose model belongs to the "replicate" provider becomes a
-- Replicate prediction; other image and video models go to the local GPU queues.

create table public.api_models (
  id uuid not null default gen_random_uuid(),
  provider_id uuid not null,
  model_key text not null,
  version text,
  display_name text not null,
  modality text not null,
  model_family text,
  tasks text[] not null default '{}',
  default_for_tasks text[] not null default '{}',
  input_defaults jsonb not null default '{}'::jsonb,
  capabilities jsonb not null default '{}'::jsonb,
  priority integer not null default 0,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint api_models_pkey primary key (id),
  constraint api_models_provider_id_fkey
    foreign key (provider_id) references public.api_providers (id) on delete restrict,
  constraint api_models_provider_id_model_key_version_key
    unique nulls not distinct (provider_id, model_key, version),
  constraint api_models_modality_valid check (modality in ('image', 'video', 'chat')),
  constraint api_models_defaults_are_tasks check (default_for_tasks <@ tasks)
);

comment on index public.api_models_provider_id_model_key_version_key is
  'Finds a model by provider and key (and version); covers the provider_id foreign key.';

create index api_models_active_modality_priority_idx
  on public.api_models (modality, priority desc)
  where is_active;
comment on index public.api_models_active_modality_priority_idx is
  'The model picker: active models of one modality, best first.';

create trigger set_updated_at
  before update on public.api_models
  for each row execute function private.set_updated_at();

alter table public.api_models enable row level security;

revoke all on table public.api_models from anon, authenticated, service_role;
grant select, insert, update, delete on table public.api_models to authenticated, service_role;

create policy "users can read active models, admins all models"
  on public.api_models for select to authenticated
  using (is_active or (select private.is_admin()));

create policy "admins can add models"
  on public.api_models for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change models"
  on public.api_models for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove models"
  on public.api_models for delete to authenticated
  using ((select private.is_admin()));

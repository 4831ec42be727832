-- Named combinations of prompt enhancement (LLM rewrite) and Compel weighting that the
-- frontend offers as one choice.

create table public.enhancement_presets (
  id uuid not null default gen_random_uuid(),
  preset_name text not null,
  preset_description text,
  enable_qwen boolean not null default false,
  enable_compel boolean not null default false,
  auto_enhancement boolean not null default false,
  qwen_settings jsonb not null default '{}'::jsonb,
  compel_weights jsonb not null default '{}'::jsonb,
  is_recommended boolean not null default false,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint enhancement_presets_pkey primary key (id),
  constraint enhancement_presets_preset_name_key unique (preset_name)
);

comment on index public.enhancement_presets_preset_name_key is
  'Loading a preset by the name the frontend sends.';

create trigger set_updated_at
  before update on public.enhancement_presets
  for each row execute function private.set_updated_at();

alter table public.enhancement_presets enable row level security;

revoke all on table public.enhancement_presets from anon, authenticated, service_role;
grant select, insert, update, delete on table public.enhancement_presets to authenticated, service_role;

create policy "users can read active enhancement presets, admins all presets"
  on public.enhancement_presets for select to authenticated
  using (is_active or (select private.is_admin()));

create policy "admins can add enhancement presets"
  on public.enhancement_presets for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change enhancement presets"
  on public.enhancement_presets for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove enhancement presets"
  on public.enhancement_presets for delete to authenticated
  using ((select private.is_admin()));

-- System prompts for prompt enhancement (per target model, format and content mode) and for
-- chat use cases. Versioned by (template_name, version); the active row is the one in use.

create table public.prompt_templates (
  id uuid not null default gen_random_uuid(),
  template_name text not null,
  version integer not null default 1,
  use_case text not null,
  content_mode text not null default 'sfw',
  enhancer_model text not null,
  target_model text,
  job_type text,
  system_prompt text not null,
  token_limit integer,
  description text,
  metadata jsonb not null default '{}'::jsonb,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint prompt_templates_pkey primary key (id),
  constraint prompt_templates_template_name_version_key unique (template_name, version),
  constraint prompt_templates_version_positive check (version > 0),
  constraint prompt_templates_use_case_valid check (use_case in (
    'enhancement', 'chat_general', 'character_roleplay', 'scene_narration', 'story_development'
  )),
  constraint prompt_templates_content_mode_valid check (content_mode in ('sfw', 'nsfw')),
  constraint prompt_templates_enhancement_names_target
    check (use_case <> 'enhancement' or target_model is not null),
  constraint prompt_templates_token_limit_positive check (token_limit > 0),
  constraint prompt_templates_system_prompt_not_blank check (btrim(system_prompt) <> '')
);

comment on index public.prompt_templates_template_name_version_key is
  'Loading a template by name (and version), as enhance-prompt reports it.';

create index prompt_templates_active_lookup_idx
  on public.prompt_templates (use_case, content_mode, target_model)
  where is_active;
comment on index public.prompt_templates_active_lookup_idx is
  'enhance-prompt and playground-chat pick the active template for a use case, content mode and model.';

create trigger set_updated_at
  before update on public.prompt_templates
  for each row execute function private.set_updated_at();

alter table public.prompt_templates enable row level security;

revoke all on table public.prompt_templates from anon, authenticated, service_role;
grant select, insert, update, delete on table public.prompt_templates to authenticated, service_role;

create policy "users can read active prompt templates, admins all templates"
  on public.prompt_templates for select to authenticated
  using (is_active or (select private.is_admin()));

create policy "admins can add prompt templates"
  on public.prompt_templates for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change prompt templates"
  on public.prompt_templates for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove prompt templates"
  on public.prompt_templates for delete to authenticated
  using ((select private.is_admin()));

-- Negative prompts by model, content mode and generation mode (txt2img or i2i); queue-job
-- joins the active ones in priority order when a request brings none of its own.

create table public.negative_prompts (
  id uuid not null default gen_random_uuid(),
  model_type text not null,
  content_mode text not null default 'sfw',
  generation_mode text not null default 'txt2img',
  negative_prompt text not null,
  priority integer not null default 0,
  description text,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint negative_prompts_pkey primary key (id),
  constraint negative_prompts_model_type_format check (model_type ~ '^[a-z0-9_-]+$'),
  constraint negative_prompts_content_mode_valid check (content_mode in ('sfw', 'nsfw')),
  constraint negative_prompts_generation_mode_valid check (generation_mode in ('txt2img', 'i2i')),
  constraint negative_prompts_negative_prompt_not_blank check (btrim(negative_prompt) <> '')
);

create index negative_prompts_active_lookup_idx
  on public.negative_prompts (model_type, content_mode, generation_mode, priority desc)
  where is_active;
comment on index public.negative_prompts_active_lookup_idx is
  'queue-job loads the active negative prompts of a model, content and generation mode by priority.';

create trigger set_updated_at
  before update on public.negative_prompts
  for each row execute function private.set_updated_at();

alter table public.negative_prompts enable row level security;

revoke all on table public.negative_prompts from anon, authenticated, service_role;
grant select, insert, update, delete on table public.negative_prompts to authenticated, service_role;

create policy "users can read active negative prompts, admins all of them"
  on public.negative_prompts for select to authenticated
  using (is_active or (select private.is_admin()));

create policy "admins can add negative prompts"
  on public.negative_prompts for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can change negative prompts"
  on public.negative_prompts for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "admins can remove negative prompts"
  on public.negative_prompts for delete to authenticated
  using ((select private.is_admin()));

-- A user's creative projects, grouping jobs and conversations. Private to their owner.

create table public.projects (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  title text,
  media_type text not null,
  original_prompt text not null,
  enhanced_prompt text,
  character_id uuid,
  reference_image_url text,
  duration integer,
  scene_count integer not null default 1,
  workflow_step text,
  preview_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint projects_pkey primary key (id),
  constraint projects_user_id_fkey foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint projects_character_id_fkey
    foreign key (character_id) references public.characters (id) on delete set null,
  constraint projects_id_user_id_key unique (id, user_id),
  constraint projects_media_type_valid check (media_type in ('image', 'video')),
  constraint projects_duration_positive check (duration > 0),
  constraint projects_scene_count_positive check (scene_count > 0)
);

comment on index public.projects_id_user_id_key is
  'Target of foreign keys that must point at a project of the same user (jobs, conversations).';

create index projects_user_id_created_at_idx on public.projects (user_id, created_at desc);
comment on index public.projects_user_id_created_at_idx is
  '"My projects", newest first; covers the user_id foreign key.';

create index projects_character_id_idx on public.projects (character_id);
comment on index public.projects_character_id_idx is
  'Covers the character_id foreign key (clearing it when the character is deleted).';

create trigger set_updated_at
  before update on public.projects
  for each row execute function private.set_updated_at();

alter table public.projects enable row level security;

revoke all on table public.projects from anon, authenticated, service_role;
grant select, insert, update, delete on table public.projects to authenticated, service_role;

create policy "users can read their own projects"
  on public.projects for select to authenticated
  using (user_id = (select auth.uid()));

create policy "users can create their own projects"
  on public.projects for insert to authenticated
  with check (user_id = (select auth.uid()));

create policy "users can update their own projects"
  on public.projects for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "users can delete their own projects"
  on public.projects for delete to authenticated
  using (user_id = (select auth.uid()));

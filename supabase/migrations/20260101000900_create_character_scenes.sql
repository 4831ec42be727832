-- Scenes attached to one character. Readable wherever the character is; written by the
-- character's owner or an admin.

create table public.character_scenes (
  id uuid not null default gen_random_uuid(),
  character_id uuid not null,
  scene_name text not null,
  scene_description text,
  scene_prompt text not null,
  scene_rules text,
  scene_starters text[] not null default '{}',
  priority integer not null default 0,
  image_url text,
  generation_metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint character_scenes_pkey primary key (id),
  constraint character_scenes_character_id_fkey
    foreign key (character_id) references public.characters (id) on delete cascade
);

create index character_scenes_character_id_priority_idx
  on public.character_scenes (character_id, priority desc);
comment on index public.character_scenes_character_id_priority_idx is
  'A character''s scenes in display order; covers the character_id foreign key.';

create trigger set_updated_at
  before update on public.character_scenes
  for each row execute function private.set_updated_at();

alter table public.character_scenes enable row level security;

revoke all on table public.character_scenes from anon, authenticated, service_role;
grant select, insert, update, delete on table public.character_scenes to authenticated, service_role;

create policy "users can read scenes of public and own characters, admins all"
  on public.character_scenes for select to authenticated
  using (
    character_id in (
      select id from public.characters
      where is_public or user_id = (select auth.uid())
    )
    or (select private.is_admin())
  );

create policy "owners and admins can add scenes to a character"
  on public.character_scenes for insert to authenticated
  with check (
    character_id in (select id from public.characters where user_id = (select auth.uid()))
    or (select private.is_admin())
  );

create policy "owners and admins can update a character's scenes"
  on public.character_scenes for update to authenticated
  using (
    character_id in (select id from public.characters where user_id = (select auth.uid()))
    or (select private.is_admin())
  )
  with check (
    character_id in (select id from public.characters where user_id = (select auth.uid()))
    or (select private.is_admin())
  );

create policy "owners and admins can delete a character's scenes"
  on public.character_scenes for delete to authenticated
  using (
    character_id in (select id from public.characters where user_id = (select auth.uid()))
    or (select private.is_admin())
  );

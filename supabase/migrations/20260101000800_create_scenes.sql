-- Reusable roleplay scenarios. Same sharing rules as characters: owners manage their own,
-- public scenes are readable by signed-in users, platform scenes (no owner) belong to admins.

create table public.scenes (
  id uuid not null default gen_random_uuid(),
  user_id uuid default auth.uid(),
  name text not null,
  description text not null,
  scene_prompt text,
  setting text,
  time_of_day text,
  atmosphere jsonb not null default '{}'::jsonb,
  scenario_type text,
  narrative_style text,
  scene_starters text[] not null default '{}',
  tags text[] not null default '{}',
  preview_image_url text,
  content_rating text not null default 'sfw',
  is_public boolean not null default false,
  usage_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint scenes_pkey primary key (id),
  constraint scenes_user_id_fkey foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint scenes_name_length check (char_length(name) between 1 and 100),
  constraint scenes_content_rating_valid check (content_rating in ('sfw', 'nsfw')),
  constraint scenes_usage_count_not_negative check (usage_count >= 0)
);

create index scenes_user_id_created_at_idx on public.scenes (user_id, created_at desc);
comment on index public.scenes_user_id_created_at_idx is
  '"My scenes", newest first; covers the user_id foreign key.';

create index scenes_public_created_at_idx on public.scenes (created_at desc) where is_public;
comment on index public.scenes_public_created_at_idx is 'Browsing public scenes, newest first.';

create trigger set_updated_at
  before update on public.scenes
  for each row execute function private.set_updated_at();

alter table public.scenes enable row level security;

revoke all on table public.scenes from anon, authenticated, service_role;
grant select, delete on table public.scenes to authenticated;
grant insert (
  id, user_id, name, description, scene_prompt, setting, time_of_day, atmosphere, scenario_type,
  narrative_style, scene_starters, tags, preview_image_url, content_rating, is_public
) on table public.scenes to authenticated;
grant update (
  name, description, scene_prompt, setting, time_of_day, atmosphere, scenario_type,
  narrative_style, scene_starters, tags, preview_image_url, content_rating, is_public
) on table public.scenes to authenticated;
grant select, insert, update, delete on table public.scenes to service_role;

create policy "users can read public and own scenes, admins all scenes"
  on public.scenes for select to authenticated
  using (is_public or user_id = (select auth.uid()) or (select private.is_admin()));

create policy "users can create their own scenes, admins platform ones"
  on public.scenes for insert to authenticated
  with check (user_id = (select auth.uid()) or (user_id is null and (select private.is_admin())));

create policy "owners and admins can update scenes"
  on public.scenes for update to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()))
  with check (user_id = (select auth.uid()) or (select private.is_admin()));

create policy "owners and admins can delete scenes"
  on public.scenes for delete to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

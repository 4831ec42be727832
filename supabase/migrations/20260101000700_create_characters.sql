-- Characters for chat and roleplay. Owners manage their own; public characters are readable
-- by every signed-in user; platform characters have no owner and are managed by admins.
-- Popularity counters are kept by the backend.

create table public.characters (
  id uuid not null default gen_random_uuid(),
  user_id uuid default auth.uid(),
  name text not null,
  description text not null,
  tagline text,
  bio text,
  backstory text,
  persona text,
  system_prompt text,
  first_message text,
  alternate_greetings text[] not null default '{}',
  gender text,
  role text,
  traits text,
  personality_traits jsonb not null default '{}'::jsonb,
  physical_traits jsonb not null default '{}'::jsonb,
  appearance_tags text[] not null default '{}',
  clothing_tags text[] not null default '{}',
  voice_tone text,
  mood text,
  voice_examples text[] not null default '{}',
  forbidden_phrases text[] not null default '{}',
  scene_behavior_rules jsonb not null default '{}'::jsonb,
  locked_traits text[] not null default '{}',
  avoid_traits text[] not null default '{}',
  base_prompt text,
  style_preset text,
  consistency_method text,
  seed_locked bigint,
  image_url text,
  preview_image_url text,
  reference_image_url text,
  content_rating text not null default 'sfw',
  is_public boolean not null default false,
  quick_start boolean not null default false,
  interaction_count integer not null default 0,
  likes_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint characters_pkey primary key (id),
  constraint characters_user_id_fkey foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint characters_id_user_id_key unique (id, user_id),
  constraint characters_name_length check (char_length(name) between 1 and 100),
  constraint characters_content_rating_valid check (content_rating in ('sfw', 'nsfw')),
  constraint characters_counters_not_negative check (interaction_count >= 0 and likes_count >= 0)
);

comment on index public.characters_id_user_id_key is
  'Target of foreign keys that must point at a character of the same user (profiles, conversations).';

create index characters_user_id_created_at_idx on public.characters (user_id, created_at desc);
comment on index public.characters_user_id_created_at_idx is
  '"My characters", newest first; covers the user_id foreign key.';

create index characters_public_created_at_idx on public.characters (created_at desc) where is_public;
comment on index public.characters_public_created_at_idx is
  'Browsing public characters, newest first.';

create trigger set_updated_at
  before update on public.characters
  for each row execute function private.set_updated_at();

-- A profile's default character must be one of the user's own characters.
alter table public.profiles
  add constraint profiles_default_user_character_id_fkey
  foreign key (default_user_character_id, id) references public.characters (id, user_id)
  on delete set null (default_user_character_id);

create index profiles_default_user_character_id_idx on public.profiles (default_user_character_id, id);
comment on index public.profiles_default_user_character_id_idx is
  'Covers the default_user_character_id foreign key (clearing it when the character is deleted).';

alter table public.characters enable row level security;

revoke all on table public.characters from anon, authenticated, service_role;
grant select, delete on table public.characters to authenticated;
grant insert (
  id, user_id, name, description, tagline, bio, backstory, persona, system_prompt, first_message,
  alternate_greetings, gender, role, traits, personality_traits, physical_traits, appearance_tags,
  clothing_tags, voice_tone, mood, voice_examples, forbidden_phrases, scene_behavior_rules,
  locked_traits, avoid_traits, base_prompt, style_preset, consistency_method, seed_locked, image_url,
  preview_image_url, reference_image_url, content_rating, is_public, quick_start
) on table public.characters to authenticated;
grant update (
  name, description, tagline, bio, backstory, persona, system_prompt, first_message,
  alternate_greetings, gender, role, traits, personality_traits, physical_traits, appearance_tags,
  clothing_tags, voice_tone, mood, voice_examples, forbidden_phrases, scene_behavior_rules,
  locked_traits, avoid_traits, base_prompt, style_preset, consistency_method, seed_locked, image_url,
  preview_image_url, reference_image_url, content_rating, is_public, quick_start
) on table public.characters to authenticated;
grant select, insert, update, delete on table public.characters to service_role;

create policy "users can read public and own characters, admins all characters"
  on public.characters for select to authenticated
  using (is_public or user_id = (select auth.uid()) or (select private.is_admin()));

create policy "users can create their own characters, admins platform ones"
  on public.characters for insert to authenticated
  with check (user_id = (select auth.uid()) or (user_id is null and (select private.is_admin())));

create policy "owners and admins can update characters"
  on public.characters for update to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()))
  with check (user_id = (select auth.uid()) or (select private.is_admin()));

create policy "owners and admins can delete characters"
  on public.characters for delete to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

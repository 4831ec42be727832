-- Saved assets (bucket user-library). The backend creates entries when it copies an object
-- into the library, so storage paths and file facts are backend-owned; users organise their
-- own entries (title, tags, favourite, collection, visibility) and delete them.

create table public.user_library (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  asset_type text not null,
  storage_path text not null,
  thumbnail_path text,
  file_size_bytes bigint not null,
  mime_type text not null,
  duration_seconds numeric,
  width integer,
  height integer,
  original_prompt text not null,
  model_used text not null,
  generation_seed bigint,
  collection_id uuid,
  character_id uuid,
  custom_title text,
  tags text[] not null default '{}',
  is_favorite boolean not null default false,
  visibility text not null default 'private',
  content_category text,
  roleplay_metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_library_pkey primary key (id),
  constraint user_library_user_id_fkey
    foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint user_library_collection_id_fkey
    foreign key (collection_id, user_id) references public.user_collections (id, user_id)
    on delete set null (collection_id),
  constraint user_library_character_id_fkey
    foreign key (character_id) references public.characters (id) on delete set null,
  constraint user_library_storage_path_key unique (storage_path),
  constraint user_library_asset_type_valid check (asset_type in ('image', 'video')),
  constraint user_library_path_in_owner_folder check (storage_path like user_id::text || '/_%'),
  constraint user_library_thumbnail_in_owner_folder check (thumbnail_path like user_id::text || '/_%'),
  constraint user_library_file_size_not_negative check (file_size_bytes >= 0),
  constraint user_library_dimensions_positive check (width > 0 and height > 0),
  constraint user_library_duration_not_negative check (duration_seconds >= 0),
  constraint user_library_visibility_valid check (visibility in ('private', 'public')),
  constraint user_library_content_category_valid check (content_category in ('sfw', 'nsfw'))
);

comment on index public.user_library_storage_path_key is
  'One library entry per stored object; finds the entry of an object being deleted.';

create index user_library_user_id_created_at_idx on public.user_library (user_id, created_at desc);
comment on index public.user_library_user_id_created_at_idx is
  'The library grid, newest first; covers the user_id foreign key.';

create index user_library_collection_id_user_id_idx on public.user_library (collection_id, user_id);
comment on index public.user_library_collection_id_user_id_idx is
  'A collection''s items; covers the (collection_id, user_id) foreign key.';

create index user_library_character_id_idx on public.user_library (character_id);
comment on index public.user_library_character_id_idx is
  'A character''s saved images; covers the character_id foreign key.';

create index user_library_tags_idx on public.user_library using gin (tags);
comment on index public.user_library_tags_idx is 'Filtering the library by tag (tags @> array[...]).';

create trigger set_updated_at
  before update on public.user_library
  for each row execute function private.set_updated_at();

alter table public.user_library enable row level security;

revoke all on table public.user_library from anon, authenticated, service_role;
grant select, delete on table public.user_library to authenticated;
grant update (
  collection_id, character_id, custom_title, tags, is_favorite, visibility, content_category
) on table public.user_library to authenticated;
grant select, insert, update, delete on table public.user_library to service_role;

create policy "users can read their own library"
  on public.user_library for select to authenticated
  using (user_id = (select auth.uid()));

create policy "users can organise their own library"
  on public.user_library for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "users can delete from their own library"
  on public.user_library for delete to authenticated
  using (user_id = (select auth.uid()));

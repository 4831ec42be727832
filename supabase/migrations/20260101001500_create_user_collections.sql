-- Named collections that group a user's library items. Private to their owner.

create table public.user_collections (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  name text not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_collections_pkey primary key (id),
  constraint user_collections_user_id_fkey
    foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint user_collections_user_id_name_key unique (user_id, name),
  constraint user_collections_id_user_id_key unique (id, user_id),
  constraint user_collections_name_length check (char_length(name) between 1 and 100)
);

comment on index public.user_collections_user_id_name_key is
  '"My collections" by name; covers the user_id foreign key.';
comment on index public.user_collections_id_user_id_key is
  'Target of user_library''s (collection_id, user_id) foreign key: items join only their owner''s collections.';

create trigger set_updated_at
  before update on public.user_collections
  for each row execute function private.set_updated_at();

alter table public.user_collections enable row level security;

revoke all on table public.user_collections from anon, authenticated, service_role;
grant select, insert, update, delete on table public.user_collections to authenticated, service_role;

create policy "users can read their own collections"
  on public.user_collections for select to authenticated
  using (user_id = (select auth.uid()));

create policy "users can create their own collections"
  on public.user_collections for insert to authenticated
  with check (user_id = (select auth.uid()));

create policy "users can update their own collections"
  on public.user_collections for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "users can delete their own collections"
  on public.user_collections for delete to authenticated
  using (user_id = (select auth.uid()));

-- Chat conversations, private to their owner. The project and the character the user plays
-- (user_character_id) must be the user's own; the character talked to may be any visible one.

create table public.conversations (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  project_id uuid,
  character_id uuid,
  user_character_id uuid,
  title text not null default 'New conversation',
  conversation_type text not null default 'general',
  status text not null default 'active',
  memory_tier text not null default 'conversation',
  memory_data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversations_pkey primary key (id),
  constraint conversations_user_id_fkey
    foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint conversations_project_id_fkey
    foreign key (project_id, user_id) references public.projects (id, user_id)
    on delete set null (project_id),
  constraint conversations_character_id_fkey
    foreign key (character_id) references public.characters (id) on delete set null,
  constraint conversations_user_character_id_fkey
    foreign key (user_character_id, user_id) references public.characters (id, user_id)
    on delete set null (user_character_id),
  constraint conversations_conversation_type_valid
    check (conversation_type in ('general', 'character_roleplay', 'scene_roleplay', 'story_development')),
  constraint conversations_status_valid check (status in ('active', 'archived')),
  constraint conversations_memory_tier_valid check (memory_tier in ('conversation', 'character', 'profile'))
);

create index conversations_user_id_updated_at_idx on public.conversations (user_id, updated_at desc);
comment on index public.conversations_user_id_updated_at_idx is
  '"My conversations", most recently active first; covers the user_id foreign key.';

create index conversations_project_id_user_id_idx on public.conversations (project_id, user_id);
comment on index public.conversations_project_id_user_id_idx is
  'A project''s conversations; covers the (project_id, user_id) foreign key.';

create index conversations_character_id_idx on public.conversations (character_id);
comment on index public.conversations_character_id_idx is
  'Covers the character_id foreign key (clearing it when the character is deleted).';

create index conversations_user_character_id_user_id_idx
  on public.conversations (user_character_id, user_id);
comment on index public.conversations_user_character_id_user_id_idx is
  'Covers the (user_character_id, user_id) foreign key.';

create trigger set_updated_at
  before update on public.conversations
  for each row execute function private.set_updated_at();

alter table public.conversations enable row level security;

revoke all on table public.conversations from anon, authenticated, service_role;
grant select, insert, update, delete on table public.conversations to authenticated, service_role;

create policy "users can read their own conversations"
  on public.conversations for select to authenticated
  using (user_id = (select auth.uid()));

create policy "users can start their own conversations"
  on public.conversations for insert to authenticated
  with check (user_id = (select auth.uid()));

create policy "users can update their own conversations"
  on public.conversations for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "users can delete their own conversations"
  on public.conversations for delete to authenticated
  using (user_id = (select auth.uid()));

-- Messages of a conversation. Users add only their own turns; assistant and system turns are
-- written by the chat function with the service role, so a user cannot forge the model's side
-- of the history. Messages are never edited.

create table public.messages (
  id uuid not null default gen_random_uuid(),
  conversation_id uuid not null,
  sender text not null,
  content text not null,
  message_type text not null default 'text',
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint messages_pkey primary key (id),
  constraint messages_conversation_id_fkey
    foreign key (conversation_id) references public.conversations (id) on delete cascade,
  constraint messages_sender_valid check (sender in ('user', 'assistant', 'system')),
  constraint messages_message_type_valid check (message_type in ('text', 'image', 'scene'))
);

create index messages_conversation_id_created_at_idx on public.messages (conversation_id, created_at);
comment on index public.messages_conversation_id_created_at_idx is
  'A conversation''s history in order; covers the conversation_id foreign key.';

alter table public.messages enable row level security;

revoke all on table public.messages from anon, authenticated, service_role;
grant select, delete on table public.messages to authenticated;
grant insert (conversation_id, sender, content, message_type, metadata) on table public.messages to authenticated;
grant select, insert, update, delete on table public.messages to service_role;

create policy "users can read messages of their own conversations"
  on public.messages for select to authenticated
  using (conversation_id in (select id from public.conversations where user_id = (select auth.uid())));

create policy "users can add their own turns to their own conversations"
  on public.messages for insert to authenticated
  with check (
    sender = 'user'
    and conversation_id in (select id from public.conversations where user_id = (select auth.uid()))
  );

create policy "users can delete messages of their own conversations"
  on public.messages for delete to authenticated
  using (conversation_id in (select id from public.conversations where user_id = (select auth.uid())));

-- Conversations become trees, so a chat keeps alternatives instead of overwriting them:
-- regenerating a reply, continuing one that was cut off, or editing one's own last message adds a
-- sibling (a "swipe") under the same parent, and nothing is ever edited in place.
-- - messages.parent_id: the message this one answers or follows (null: the first of a branch).
-- - conversations.current_message_id: the newest message of the chosen branch; the history a
--   model sees is the path from it to the root. Users choose another swipe by moving it.
-- Both foreign keys include the conversation, so no link can cross into another conversation.

alter table public.messages
  add column parent_id uuid,
  add constraint messages_id_conversation_id_key unique (id, conversation_id),
  add constraint messages_parent_id_fkey
    foreign key (parent_id, conversation_id) references public.messages (id, conversation_id)
    on delete cascade;

comment on index public.messages_id_conversation_id_key is
  'Target of foreign keys that must point at a message of the same conversation.';

create index messages_parent_id_conversation_id_idx on public.messages (parent_id, conversation_id);
comment on index public.messages_parent_id_conversation_id_idx is
  'The swipes under one message; covers the (parent_id, conversation_id) foreign key.';

alter table public.conversations
  add column current_message_id uuid,
  add constraint conversations_current_message_id_fkey
    foreign key (current_message_id, id) references public.messages (id, conversation_id)
    on delete set null (current_message_id);

create index conversations_current_message_id_idx on public.conversations (current_message_id, id);
comment on index public.conversations_current_message_id_idx is
  'Covers the (current_message_id, id) foreign key (clearing it when the message is deleted).';

-- Conversations written before this were linear: each message follows the one before it.
update public.messages m
set parent_id = ordered.previous_id
from (
  select id, lag(id) over (partition by conversation_id order by created_at, id) as previous_id
  from public.messages
) ordered
where ordered.id = m.id and ordered.previous_id is not null;

update public.conversations c
set current_message_id = latest.id
from (
  select distinct on (conversation_id) conversation_id, id
  from public.messages
  order by conversation_id, created_at desc, id desc
) latest
where latest.conversation_id = c.id;

grant insert (parent_id) on table public.messages to authenticated;

-- A message inserted without a parent (as the existing frontend does) continues the chosen
-- branch; `metadata.branch_root = true` asks for a new first message instead (editing the first).
create function private.continue_current_branch() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.parent_id is null and coalesce(new.metadata ->> 'branch_root', '') <> 'true' then
    select current_message_id into new.parent_id
    from public.conversations
    where id = new.conversation_id;
  end if;
  return new;
end
$$;

revoke execute on function private.continue_current_branch() from public;

create trigger continue_current_branch
  before insert on public.messages
  for each row execute function private.continue_current_branch();

-- The newest message is the one shown and continued; this also moves conversations.updated_at.
create function private.choose_new_message() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.conversations
  set current_message_id = new.id
  where id = new.conversation_id;
  return null;
end
$$;

revoke execute on function private.choose_new_message() from public;

create trigger choose_new_message
  after insert on public.messages
  for each row execute function private.choose_new_message();

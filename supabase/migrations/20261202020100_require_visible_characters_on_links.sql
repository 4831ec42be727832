-- Conversations and projects name a character with a plain foreign key, which any row of
-- public.characters satisfies: a user could link another user's private character, learning
-- whether its id exists and leaving a cross-user link that backend code would later follow.
-- Inserts and updates now require a character the user can see (public, their own, or any for
-- an admin), decided by the characters table's own select policy: the subquery runs under RLS.
-- A missing and an invisible character are refused alike, so the refusal reveals nothing.
-- The other links users set are already pinned to their own rows by composite foreign keys
-- (conversations.project_id and user_character_id, profiles.default_user_character_id,
-- user_library.collection_id) or by policies (character_scenes, messages); the rest are
-- written by admins or the backend only.

-- Links made before this to a character the owner cannot see are dropped.
update public.conversations v
set character_id = null
where v.character_id is not null
  and not exists (
    select 1 from public.characters c
    where c.id = v.character_id and (c.is_public or c.user_id = v.user_id)
  );

update public.projects p
set character_id = null
where p.character_id is not null
  and not exists (
    select 1 from public.characters c
    where c.id = p.character_id and (c.is_public or c.user_id = p.user_id)
  );

drop policy "users can start their own conversations" on public.conversations;
drop policy "users can update their own conversations" on public.conversations;

create policy "users can start own conversations with characters they can see"
  on public.conversations for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and (character_id is null or exists (select 1 from public.characters c where c.id = character_id))
  );

create policy "users can update own conversations, linking visible characters"
  on public.conversations for update to authenticated
  using (user_id = (select auth.uid()))
  with check (
    user_id = (select auth.uid())
    and (character_id is null or exists (select 1 from public.characters c where c.id = character_id))
  );

drop policy "users can create their own projects" on public.projects;
drop policy "users can update their own projects" on public.projects;

create policy "users can create own projects with characters they can see"
  on public.projects for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and (character_id is null or exists (select 1 from public.characters c where c.id = character_id))
  );

create policy "users can update own projects, linking visible characters"
  on public.projects for update to authenticated
  using (user_id = (select auth.uid()))
  with check (
    user_id = (select auth.uid())
    and (character_id is null or exists (select 1 from public.characters c where c.id = character_id))
  );

-- Two user_library columns move to the backend:
-- - content_category is copied from the generating job; a user relabelling an nsfw item as sfw
--   would get it past content filtering;
-- - character_id links an item to a character, which must be the item owner's own. The
--   single-column foreign key accepted any character, so a user could link another user's
--   private character and learn whether an id exists.
-- Users keep organising their items: title, tags, favourite, collection, visibility.

revoke update (character_id, content_category) on table public.user_library from authenticated;

-- Links made before this to a character of someone else are dropped.
update public.user_library l
set character_id = null
where l.character_id is not null
  and not exists (
    select 1 from public.characters c where c.id = l.character_id and c.user_id = l.user_id
  );

alter table public.user_library
  drop constraint user_library_character_id_fkey,
  add constraint user_library_character_id_fkey
    foreign key (character_id, user_id) references public.characters (id, user_id)
    on delete set null (character_id);

drop index public.user_library_character_id_idx;

create index user_library_character_id_user_id_idx on public.user_library (character_id, user_id);
comment on index public.user_library_character_id_user_id_idx is
  'A character''s saved images; covers the (character_id, user_id) foreign key.';

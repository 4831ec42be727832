-- Character Card V2/V3 fields that have no column of their own (creator, tags, version, notes,
-- post-history instructions, extensions, the lorebook...), kept so a card imported into
-- playground-chat exports again with nothing lost. Owners write it like the character's other
-- fields.

alter table public.characters
  add column card_data jsonb not null default '{}'::jsonb,
  add constraint characters_card_data_is_object check (jsonb_typeof(card_data) = 'object');

grant insert (card_data), update (card_data) on table public.characters to authenticated;

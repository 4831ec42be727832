-- Columns of the existing frontend's schema that name who made a row, restored:
-- - characters.creator_id: the user who created the character (user_id is who owns it now).
--   Set from the inserting user's token; no grant lets a user write it.
-- - prompt_templates.created_by and comment: the admin who wrote a template and a note on it,
--   written with the template by admins (who hold the table's grants).
-- - user_library.visibility also takes 'unlisted': shared by link, never listed. No policy reads
--   visibility yet, so an unlisted item is readable by its owner alone, like a private one.

alter table public.characters
  add column creator_id uuid default auth.uid(),
  add constraint characters_creator_id_fkey
    foreign key (creator_id) references public.profiles (id) on delete set null;

comment on column public.characters.creator_id is
  'The user who created the character, from the creating request''s token.';

create index characters_creator_id_idx on public.characters (creator_id);
comment on index public.characters_creator_id_idx is
  'Covers the creator_id foreign key (clearing it when the creator is deleted).';

alter table public.prompt_templates
  add column created_by uuid default auth.uid(),
  add column comment text,
  add constraint prompt_templates_created_by_fkey
    foreign key (created_by) references public.profiles (id) on delete set null;

comment on column public.prompt_templates.created_by is 'The admin who wrote the template.';
comment on column public.prompt_templates.comment is 'An admin''s note on the template.';

create index prompt_templates_created_by_idx on public.prompt_templates (created_by);
comment on index public.prompt_templates_created_by_idx is
  'Covers the created_by foreign key (clearing it when the admin is deleted).';

alter table public.user_library
  drop constraint user_library_visibility_valid,
  add constraint user_library_visibility_valid
    check (visibility in ('private', 'unlisted', 'public'));

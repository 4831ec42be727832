-- A thumbnail is an object of its own, never the asset's file: a row naming one object twice
-- would have it shown twice and removed twice. Rows written that way keep their file and lose
-- the thumbnail reference.

update public.workspace_assets set thumbnail_path = null where thumbnail_path = temp_storage_path;
update public.user_library set thumbnail_path = null where thumbnail_path = storage_path;

alter table public.workspace_assets
  add constraint workspace_assets_thumbnail_apart_from_file check (thumbnail_path <> temp_storage_path);

alter table public.user_library
  add constraint user_library_thumbnail_apart_from_file check (thumbnail_path <> storage_path);

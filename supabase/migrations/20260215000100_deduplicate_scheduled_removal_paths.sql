-- Deleting rows whose objects share a path (two assets with one thumbnail, say) must still
-- record each object once: an insert that meets the same key twice fails with "cannot affect
-- row a second time", which failed the whole delete (discards, the cleanup, account deletion).
-- Both removal triggers now record distinct paths.

create or replace function private.schedule_removal_of_workspace_asset_objects() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.storage_removals (bucket_id, object_path, due_at)
  select distinct 'workspace-temp', paths.path, now() + interval '2 minutes'
  from removed_assets
  cross join lateral (values (removed_assets.temp_storage_path), (removed_assets.thumbnail_path)) as paths (path)
  where paths.path is not null
  on conflict (bucket_id, object_path)
    do update set due_at = least(public.storage_removals.due_at, excluded.due_at);
  return null;
end
$$;

create or replace function private.schedule_removal_of_library_item_objects() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.storage_removals (bucket_id, object_path, due_at)
  select distinct 'user-library', paths.path, now() + interval '2 minutes'
  from removed_items
  cross join lateral (values (removed_items.storage_path), (removed_items.thumbnail_path)) as paths (path)
  where paths.path is not null
  on conflict (bucket_id, object_path)
    do update set due_at = least(public.storage_removals.due_at, excluded.due_at);
  return null;
end
$$;

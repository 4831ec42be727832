-- Storage objects that must go, so storage and rows never disagree. A row lands here in the
-- same transaction as the change that orphans its object:
-- - deleting a workspace asset or a library item (triggers below, whoever deletes: the
--   functions, a user through the Data API, a cascade from a deleted account);
-- - starting a copy (workspace-actions records each destination before copying, with a grace
--   period, and deletes the record in the transaction that inserts the row owning the copy).
-- The request that made the change removes the objects right away and deletes the records;
-- when it fails or dies first, the scheduled cleanup (workspace-actions /cleanup) removes them,
-- retrying with backoff. Only the service role touches this table; it has no policies on purpose.

create table public.storage_removals (
  bucket_id text not null,
  object_path text not null,
  due_at timestamptz not null default now(),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  constraint storage_removals_pkey primary key (bucket_id, object_path),
  constraint storage_removals_bucket_id_valid check (bucket_id in ('workspace-temp', 'user-library')),
  constraint storage_removals_path_in_owner_folder
    check (object_path ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.'),
  constraint storage_removals_attempts_not_negative check (attempts >= 0)
);

comment on table public.storage_removals is
  'Objects to remove from Storage once due_at passes; the cleanup retries failures with backoff.';

create index storage_removals_due_at_idx on public.storage_removals (due_at);
comment on index public.storage_removals_due_at_idx is
  'The cleanup claims the records that are due, oldest first.';

alter table public.storage_removals enable row level security;

revoke all on table public.storage_removals from anon, authenticated, service_role;
grant select, insert, update, delete on table public.storage_removals to service_role;

-- The deleting request removes the objects itself; the delay keeps the cleanup from racing it
-- and still covers a request that dies between deleting the rows and removing the objects.
create function private.schedule_removal_of_workspace_asset_objects() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.storage_removals (bucket_id, object_path, due_at)
  select 'workspace-temp', paths.path, now() + interval '2 minutes'
  from removed_assets
  cross join lateral (values (removed_assets.temp_storage_path), (removed_assets.thumbnail_path)) as paths (path)
  where paths.path is not null
  on conflict (bucket_id, object_path)
    do update set due_at = least(public.storage_removals.due_at, excluded.due_at);
  return null;
end
$$;

revoke execute on function private.schedule_removal_of_workspace_asset_objects() from public;

create trigger schedule_removal_of_objects
  after delete on public.workspace_assets
  referencing old table as removed_assets
  for each statement execute function private.schedule_removal_of_workspace_asset_objects();

create function private.schedule_removal_of_library_item_objects() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.storage_removals (bucket_id, object_path, due_at)
  select 'user-library', paths.path, now() + interval '2 minutes'
  from removed_items
  cross join lateral (values (removed_items.storage_path), (removed_items.thumbnail_path)) as paths (path)
  where paths.path is not null
  on conflict (bucket_id, object_path)
    do update set due_at = least(public.storage_removals.due_at, excluded.due_at);
  return null;
end
$$;

revoke execute on function private.schedule_removal_of_library_item_objects() from public;

create trigger schedule_removal_of_objects
  after delete on public.user_library
  referencing old table as removed_items
  for each statement execute function private.schedule_removal_of_library_item_objects();

-- Narrows what users may do to storage objects directly:
-- - workspace and library objects are removed only by the backend, after the row owning them
--   is gone; a user deleting one directly left a row whose file was missing;
-- - the avatars bucket is public, and its limits (2 MB, images only) are checked by Storage on
--   upload but not when an object is copied or moved in. The insert and update checks now hold
--   an avatar's recorded size and type to those limits. An upload's row may carry no metadata
--   yet when the check runs; Storage has checked the upload itself then.

drop policy "users can delete their own files, admins public assets" on storage.objects;

create policy "users can delete their own uploads, admins public assets"
  on storage.objects for delete to authenticated
  using (
    (
      bucket_id in ('reference_images', 'avatars')
      and (storage.foldername(name))[1] = (select auth.uid())::text
    )
    or (bucket_id in ('system_assets', 'videos') and (select private.is_admin()))
  );

alter policy "users can upload references and avatars, admins public assets"
  on storage.objects
  with check (
    (
      bucket_id = 'reference_images'
      and (storage.foldername(name))[1] = (select auth.uid())::text
    )
    or (
      bucket_id = 'avatars'
      and (storage.foldername(name))[1] = (select auth.uid())::text
      and coalesce((metadata ->> 'size')::bigint, 0) <= 2097152
      and coalesce(metadata ->> 'mimetype', 'image/') like 'image/%'
    )
    or (bucket_id in ('system_assets', 'videos') and (select private.is_admin()))
  );

alter policy "users can replace their own uploads, admins public assets"
  on storage.objects
  with check (
    (
      bucket_id = 'reference_images'
      and (storage.foldername(name))[1] = (select auth.uid())::text
    )
    or (
      bucket_id = 'avatars'
      and (storage.foldername(name))[1] = (select auth.uid())::text
      and coalesce((metadata ->> 'size')::bigint, 0) <= 2097152
      and coalesce(metadata ->> 'mimetype', 'image/') like 'image/%'
    )
    or (bucket_id in ('system_assets', 'videos') and (select private.is_admin()))
  );

-- Who may touch which objects. A user's objects live under a first folder named after their
-- id (<user_id>/...). Workers upload outputs through signed upload URLs and the
-- library copy runs with the service role, so users only read and delete there; they upload
-- their own reference images and avatars. The public asset buckets are managed by admins.
-- Public buckets serve files by URL without these policies; the select policy only decides
-- listing, which it limits to the user's own folder (and admins for the asset buckets).

create policy "users can list their own files, admins the public asset buckets"
  on storage.objects for select to authenticated
  using (
    (
      bucket_id in ('workspace-temp', 'user-library', 'reference_images', 'avatars')
      and (storage.foldername(name))[1] = (select auth.uid())::text
    )
    or (bucket_id in ('system_assets', 'videos') and (select private.is_admin()))
  );

create policy "users can upload references and avatars, admins public assets"
  on storage.objects for insert to authenticated
  with check (
    (
      bucket_id in ('reference_images', 'avatars')
      and (storage.foldername(name))[1] = (select auth.uid())::text
    )
    or (bucket_id in ('system_assets', 'videos') and (select private.is_admin()))
  );

create policy "users can replace their own uploads, admins public assets"
  on storage.objects for update to authenticated
  using (
    (
      bucket_id in ('reference_images', 'avatars')
      and (storage.foldername(name))[1] = (select auth.uid())::text
    )
    or (bucket_id in ('system_assets', 'videos') and (select private.is_admin()))
  )
  with check (
    (
      bucket_id in ('reference_images', 'avatars')
      and (storage.foldername(name))[1] = (select auth.uid())::text
    )
    or (bucket_id in ('system_assets', 'videos') and (select private.is_admin()))
  );

create policy "users can delete their own files, admins public assets"
  on storage.objects for delete to authenticated
  using (
    (
      bucket_id in ('workspace-temp', 'user-library', 'reference_images', 'avatars')
      and (storage.foldername(name))[1] = (select auth.uid())::text
    )
    or (bucket_id in ('system_assets', 'videos') and (select private.is_admin()))
  );

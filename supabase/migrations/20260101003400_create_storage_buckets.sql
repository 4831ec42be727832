-- The buckets CONTRACTS.md names, with size and MIME limits enforced by Storage.
-- Private: generated outputs (workspace-temp), saved assets (user-library), user uploads
-- (reference_images). Public, served by URL but never listable: avatars, system_assets, videos.
-- SVG is accepted nowhere: served from the project's domain it could carry script.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values
  ('workspace-temp', 'workspace-temp', false, 104857600,
    array['image/png', 'image/jpeg', 'image/webp', 'video/mp4']),
  ('user-library', 'user-library', false, 104857600,
    array['image/png', 'image/jpeg', 'image/webp', 'video/mp4']),
  ('reference_images', 'reference_images', false, 10485760,
    array['image/png', 'image/jpeg', 'image/webp']),
  ('avatars', 'avatars', true, 2097152,
    array['image/png', 'image/jpeg', 'image/webp']),
  ('system_assets', 'system_assets', true, 52428800,
    array['image/png', 'image/jpeg', 'image/webp', 'video/mp4']),
  ('videos', 'videos', true, 209715200,
    array['video/mp4', 'video/webm', 'image/webp']);
